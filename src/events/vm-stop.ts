// A VM stops: its cores, DRAM and pool extents are free (grants stay with the host until the
// pool manager reclaims them).
import { z } from 'zod';
import { defineEvent } from './types';

export default defineEvent({
  kind: 'vm-stop',
  label: 'Stop a VM',
  help: 'A running VM stops (by its id, the report\'s vms[].id); its memory and cores are free',
  params: z.object({ vm: z.number().int().min(0).max(2 ** 31 - 1) }),
  targetKey: 'vm',
  fromTarget: (target, extra) => ({ vm: /^\d+$/.test(target) ? Number(target) : target, ...extra }),
  check: (_ev, s) => (s.pool ? [] : [{ key: 'vm', message: 'the scenario has no pool (no "pool" section): VMs run on a pool' }]),
  apply: (ctx, ev) => ctx.stopVm(ev.vm),
  linux: (ev) => [`virsh destroy vm${ev.vm}`],
});
