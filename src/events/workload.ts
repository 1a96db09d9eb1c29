// The application changes: a workload's working set, access pattern (and that pattern's knobs),
// intensity or read ratio, from a time on. Its address space is sized at the largest working set
// its timeline gives it and faulted in as the run starts (a program that maps its memory at
// start-up): a change of working set changes which pages it touches, not what is allocated.
import { z } from 'zod';
import { PATTERN_KNOBS, PATTERN_NAMES } from '../workloads/registry';
import { defineEvent } from './types';
import { id } from './fields';

const knobs = Object.fromEntries(PATTERN_KNOBS.map((k) => {
  let f = z.number().finite();
  if (k.integer) f = f.int();
  f = k.minExclusive ? f.gt(k.min) : f.min(k.min);
  return [k.key, f.max(k.max).optional()];
})) as Record<string, z.ZodOptional<z.ZodNumber>>;

export const WORKLOAD_FIELDS = ['workingSetMB', 'pattern', 'intensity', 'readRatio', ...PATTERN_KNOBS.map((k) => k.key)] as const;

export default defineEvent({
  kind: 'workload',
  label: 'Workload change',
  help: 'A workload changes its working set, access pattern (and its knobs), intensity or read ratio from this time on',
  params: z.object({
    workload: id,
    workingSetMB: z.number().finite().positive().max(1 << 24).optional(),
    pattern: z.enum(PATTERN_NAMES).optional(),
    intensity: z.number().finite().gt(0).max(1000).optional(),
    readRatio: z.number().finite().min(0).max(1).optional(),
    ...knobs,
  }),
  targetKey: 'workload',
  check: (ev, s) => {
    const out = [];
    if (!s.workloads.some((w) => w.id === ev.workload)) out.push({ key: 'workload', message: `no workload "${ev.workload}"` });
    if (!WORKLOAD_FIELDS.some((k) => (ev as Record<string, unknown>)[k] !== undefined)) out.push({ key: 'workload', message: `a workload change gives at least one of ${WORKLOAD_FIELDS.slice(0, 4).join(', ')} or a pattern knob` });
    return out;
  },
  apply: (ctx, ev) => {
    const patch: Record<string, number | string> = {};
    for (const k of WORKLOAD_FIELDS) { const v = (ev as Record<string, unknown>)[k]; if (typeof v === 'number' || typeof v === 'string') patch[k] = v; }
    return ctx.changeWorkload(ctx.workload(ev.workload), patch);
  },
  linux: () => ['# the application itself changes: no operator command; watch it with numastat -p <pid> and perf stat -e mem_load_retired.*'],
});
