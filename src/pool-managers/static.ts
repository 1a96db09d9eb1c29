// Static partition: each device's extents split evenly over its heads once, at the start, and
// never moved (what a pool without a fabric manager amounts to). A VM uses its host's DRAM
// first, then its host's fixed share of the pool.
import { localFirst, type PoolManagerDef } from './types';

export const staticPartition: PoolManagerDef = {
  name: 'static',
  description: 'Each host a fixed, equal share of every pooled device it has a head on; nothing moves during the run',
  create: () => ({
    znuma: false,
    start(ledger) {
      for (let d = 0; d < ledger.D; d++) {
        const heads = ledger.heads[d], n = heads.length, each = Math.floor(ledger.devExtents[d] / n);
        // The remainder goes to the first heads, one extent each.
        heads.forEach((h, k) => ledger.grant(d, h, each + (k < ledger.devExtents[d] - each * n ? 1 : 0)));
      }
    },
    fit: (vm, h, ledger, plan) => localFirst(vm, h, ledger, plan, false),
  }),
};
