// VM placement: which host a VM lands on. A host needs the VM's cores free and the pool manager
// must fit its memory (host DRAM and pool). One scheduler today; the shape (a function of the
// ledger and the manager) takes others, e.g. one that also balances pool use.
import type { PoolManager, PoolPlan } from '../pool-managers/types';
import type { PoolLedger } from './ledger';
import type { VmArrival } from './vm-stream';

export type Scheduler = (vm: VmArrival, ledger: PoolLedger, manager: PoolManager, plan: PoolPlan) => number;

/**
 * Best fit on cores: the host with the fewest free cores that still fit the VM (ties: the
 * lowest index) whose memory the manager can fit, as cloud allocators pack VMs to keep whole
 * hosts free for large ones; if the manager fits it on none, the same order again with the
 * manager's fallback placement, if it has one. Returns the host, or -1 (the VM is rejected).
 */
export const bestFit: Scheduler = (vm, ledger, manager, plan) => {
  const h = firstFit(vm, ledger, (k) => manager.fit(vm, k, ledger, plan));
  return h >= 0 || !manager.fallback ? h : firstFit(vm, ledger, (k) => manager.fallback!(vm, k, ledger, plan));
};

/** The first host, in (free cores, index) order among those with the VM's cores free, on which fit succeeds; -1 if none. */
function firstFit(vm: VmArrival, ledger: PoolLedger, fit: (h: number) => boolean): number {
  const { H } = ledger;
  let tried = 0;
  // Visit hosts in order of free cores (ascending) without allocating: repeated minimum scans,
  // H <= LIMITS.hosts.
  let floor = -1, floorHost = -1;
  while (tried < H) {
    let best = -1, bestFree = Infinity;
    for (let h = 0; h < H; h++) {
      const free = ledger.hostCores[h] - ledger.coresUsed[h];
      if (free < vm.cores) continue;
      // Next in (free, host) order after (floor, floorHost).
      if (free < floor || (free === floor && h <= floorHost)) continue;
      if (free < bestFree) { best = h; bestFree = free; }
    }
    if (best < 0) return -1;
    if (fit(best)) return best;
    floor = bestFree;
    floorHost = best;
    tried++;
  }
  return -1;
};
