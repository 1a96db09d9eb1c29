// An uncorrectable error on one page (the simulator's EINJ): each host of its owner that
// consumes it takes a machine check; memory_failure() isolates the frame for good; every
// process that maps the page (a shared region: every sharer) or the VM that owns it is
// signalled; its data is lost. A cold page is found by the patrol scrubber instead: no machine
// check, the same isolation and signals.
import { z } from 'zod';
import { cxlNames, defineEvent, deviceFacts, type EventIssue } from './types';
import { id } from './fields';

export default defineEvent({
  kind: 'poison',
  label: 'Poison a page',
  help: 'An uncorrectable memory error on one page of a workload (or on a device): machine checks in the hosts that read it, the page isolated, its processes or VM signalled',
  params: z.object({
    workload: id.optional(),
    device: id.optional(),
    page: z.number().int().min(0).max(1 << 24).optional().describe('the page within the workload\'s address space; default: a seeded page of it in memory'),
  }),
  targetKey: 'workload',
  target: (ev) => ev.workload ?? ev.device ?? '',
  // A device's id names the device; anything else a workload (the refusal then says "no workload").
  fromTarget: (target, extra, s) => (s.devices.some((d) => d.id === target) ? { device: target, ...extra } : { workload: target, ...extra }),
  check: (ev, s) => {
    const out: EventIssue[] = [];
    if ((ev.workload === undefined) === (ev.device === undefined)) out.push({ key: 'workload', message: 'a poison names a workload or a device (one of them)' });
    if (ev.workload !== undefined && !s.workloads.some((w) => w.id === ev.workload)) out.push({ key: 'workload', message: `no workload "${ev.workload}"` });
    if (ev.device !== undefined && !deviceFacts(s, ev.device)) out.push({ key: 'device', message: `no memory device "${ev.device}"` });
    if (ev.page !== undefined && ev.workload === undefined) out.push({ key: 'page', message: 'a page is numbered within a workload: name the workload' });
    return out;
  },
  apply: (ctx, ev) => ctx.poison({ workload: ev.workload !== undefined ? ctx.workload(ev.workload) : undefined, device: ev.device !== undefined ? ctx.device(ev.device) : undefined, page: ev.page }),
  linux: (ev, s) => {
    const dev = ev.device !== undefined ? deviceFacts(s, ev.device) : undefined;
    const lines = [
      'cd /sys/kernel/debug/apei/einj',
      'echo 0x10 > error_type            # Memory Uncorrectable non-fatal',
      'echo <physical address> > param1',
      'echo 0xfffffffffffff000 > param2  # address mask: the page',
      'echo 1 > error_inject',
    ];
    if (dev && dev.kind === 'cxl') lines.push(`# or at the device: echo <device physical address> > /sys/kernel/debug/cxl/${cxlNames(s, dev.id).mem}/inject_poison`);
    lines.push(
      '# when a CPU reads it:',
      'mce: [Hardware Error]: Machine check events logged',
      'mce: Uncorrected hardware memory error in user-access at <physical address>',
      'Memory failure: 0x<pfn>: Sending SIGBUS to <task>:<pid> due to hardware memory corruption',
      'Memory failure: 0x<pfn>: recovery action for dirty LRU page: Recovered',
    );
    return lines;
  },
});
