// Pond (Li et al., ASPLOS'23): each VM's memory is split by a prediction of how much of it the
// VM will never touch: that part comes from the pool (granted on demand in extents), the rest
// from the host's DRAM. The guest sees the pool part as a zero-core NUMA node (zNUMA), so it
// fills local memory first and touches the pool only when the prediction was too high. With the
// pool exhausted a VM starts all-local (as Pond's scheduler falls back). The
// prediction is seeded and imperfect (src/pool/vm-stream.ts: true share + noise - margin, the
// noise and margin from POOL_CAL, both assumed; Pond's own model is a gradient-boosted tree
// over VM metadata tuned for few over-predictions).
import { reclaimFree, type PoolManagerDef } from './types';

export const pond: PoolManagerDef = {
  name: 'pond',
  description: 'Pond: the predicted untouched part of each VM on the pool (zNUMA), the rest on local DRAM; extents granted on demand, reclaimed when freed',
  create: () => ({
    znuma: true,
    fit(vm, h, ledger, plan) {
      const free = ledger.dram[h] - ledger.dramUsed[h];
      let pool = Math.floor(vm.predictedUntouched * vm.extents);
      // The pool exhausted: Pond starts the VM with all of its memory local, if that fits.
      if (pool > ledger.poolRoom(h, true)) pool = 0;
      const local = vm.extents - pool;
      if (local > free) return false;
      plan.local = local;
      ledger.drawPool(h, pool, true, plan.pool);
      return true;
    },
    epoch: reclaimFree,
  }),
};
