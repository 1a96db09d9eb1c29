// A VM starts on a host of the pool (or where the pool's scheduler puts it), its memory split
// between the host's DRAM and the pool by the pool manager; refused when nothing fits it.
import { z } from 'zod';
import { BOUNDS } from '../scenario/bounds';
import { defineEvent, type EventIssue } from './types';
import { id } from './fields';

export default defineEvent({
  kind: 'vm-start',
  label: 'Start a VM',
  help: 'A VM with the cores and memory given starts on a host of the pool (the scheduler\'s pick when "any")',
  params: z.object({
    host: z.union([id, z.literal('any')]).default('any'),
    cores: z.number().int().min(BOUNDS.vmCores.min).max(BOUNDS.vmCores.max).default(BOUNDS.vmCores.default),
    memoryGiB: z.number().finite().min(BOUNDS.vmMemoryGiB.min).max(BOUNDS.vmMemoryGiB.max).default(BOUNDS.vmMemoryGiB.default),
    lifetimeMs: z.number().finite().min(BOUNDS.vmLifetimeMs.min).max(BOUNDS.vmLifetimeMs.max).default(BOUNDS.vmLifetimeMs.default),
  }),
  targetKey: 'host',
  check: (ev, s) => {
    const out: EventIssue[] = [];
    if (!s.pool) out.push({ key: 'host', message: 'the scenario has no pool (no "pool" section): VMs run on a pool' });
    if (ev.host !== 'any' && !s.hosts.some((h) => h.id === ev.host)) out.push({ key: 'host', message: `no host "${ev.host}"` });
    return out;
  },
  apply: (ctx, ev) => ctx.startVm({ host: ev.host === 'any' ? -1 : ctx.host(ev.host), cores: ev.cores, memoryGiB: ev.memoryGiB, lifetimeMs: ev.lifetimeMs }),
  linux: (ev) => [`virsh start vm   # on ${ev.host === 'any' ? 'the host the scheduler picks' : ev.host}: QEMU with its memory on the host's DRAM node and the pool's zero-core node (zNUMA)`],
});
