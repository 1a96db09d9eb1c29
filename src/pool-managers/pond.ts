// Pond (Li et al., ASPLOS'23): each VM's memory is split by a prediction of how much of it the
// VM will never touch: that part comes from the pool (granted on demand in extents), the rest
// from the host's DRAM. The guest sees the pool part as a zero-core NUMA node (zNUMA), so it
// fills local memory first and touches the pool only when the prediction was too high. With the
// pool exhausted a VM starts all-local (as Pond's scheduler falls back). The
// prediction is seeded and imperfect (src/pool/vm-stream.ts: true share + noise - margin, the
// noise and margin from POOL_CAL, both assumed; Pond's own model is a gradient-boosted tree
// over VM metadata tuned for few over-predictions).
//
// When no host has the DRAM for a VM's predicted-touched part (a large VM that leaves little
// untouched), the zero-core node grows to what the host's DRAM cannot hold instead of the VM
// being rejected: the pod has the memory, and a VM that touches its pool node is slower, not
// refused. Without it pond rejected VMs that a static split placed (pond-pool, seeds 1-5: 15-21
// against 13-22, and more as the pool fills), so a pool-less pod at its rejections needed less
// DRAM than the pool itself (README, "Where the pool presets land").
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
    // No host holds the predicted-touched part: the host's free DRAM, the rest on the pool.
    fallback(vm, h, ledger, plan) {
      const least = vm.extents - (ledger.dram[h] - ledger.dramUsed[h]), room = ledger.poolRoom(h, true);
      if (least > room) return false;
      const pool = Math.min(room, Math.max(least, Math.floor(vm.predictedUntouched * vm.extents)));
      plan.local = vm.extents - pool;
      ledger.drawPool(h, pool, true, plan.pool);
      return true;
    },
    epoch: reclaimFree,
  }),
};
