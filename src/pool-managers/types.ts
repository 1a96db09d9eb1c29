// A pool manager (the fabric manager's role): decides how much of each pooled device each host
// holds (grants and reclaims, through PoolLedger, which refuses what would break the books) and
// how a VM's memory splits between its host's DRAM and the pool. One manager per file, listed
// in registry.ts; contract.test.ts checks every one.
import type { PoolLedger } from '../pool/ledger';
import type { VmArrival } from '../pool/vm-stream';

/** Where a VM's memory comes from: `local` DRAM extents and pool[d] extents of device d. */
export interface PoolPlan {
  local: number;
  pool: Int32Array;
}

export interface PoolManager {
  /**
   * The VM sees pool memory as a zero-core NUMA node (Pond's zNUMA): the guest fills its local
   * node first, so only touched memory beyond its local part is on the pool. false: the
   * hypervisor backs the VM's memory from both, and its touched pages are spread over them.
   */
  readonly znuma: boolean;
  /** Grants made before the first VM arrives. */
  start?(ledger: PoolLedger): void;
  /**
   * Fits the VM on host h (whose free cores the scheduler checked): fills plan and grants what it
   * needs, or returns false having changed nothing.
   */
  fit(vm: VmArrival, h: number, ledger: PoolLedger, plan: PoolPlan): boolean;
  /**
   * Tried on every host, in the scheduler's order, only when fit placed the VM on none: a costlier
   * placement instead of a rejection (Pond: a zero-core node larger than the prediction). Same
   * contract as fit.
   */
  fallback?(vm: VmArrival, h: number, ledger: PoolLedger, plan: PoolPlan): boolean;
  /** Once per epoch after departures: reclaim (only extents no VM uses). */
  epoch?(ledger: PoolLedger): void;
}

export interface PoolManagerDef {
  name: string;
  description: string;
  create(): PoolManager;
}

/** Local DRAM first, the rest from the pool (granting if mayGrant): the plan, or false. */
export function localFirst(vm: VmArrival, h: number, ledger: PoolLedger, plan: PoolPlan, mayGrant: boolean): boolean {
  const local = Math.min(vm.extents, ledger.dram[h] - ledger.dramUsed[h]);
  const rest = vm.extents - local;
  if (rest > ledger.poolRoom(h, mayGrant)) return false;
  plan.local = local;
  ledger.drawPool(h, rest, mayGrant, plan.pool);
  return true;
}

/** Takes back every granted extent no VM uses (on-demand, pond). */
export function reclaimFree(ledger: PoolLedger): void {
  for (let d = 0; d < ledger.D; d++) for (const h of ledger.heads[d]) ledger.reclaim(d, h, ledger.grantFree(d, h));
}
