// On-demand pooling: a host gets pool extents when a VM's memory exceeds its free local DRAM,
// and gives back every extent no VM uses at the next epoch (the pool is one shared reserve).
import { localFirst, reclaimFree, type PoolManagerDef } from './types';

export const onDemand: PoolManagerDef = {
  name: 'on-demand',
  description: 'Grant pool extents when a host\'s VM demand exceeds its local DRAM; reclaim them when freed',
  create: () => ({
    znuma: false,
    fit: (vm, h, ledger, plan) => localFirst(vm, h, ledger, plan, true),
    epoch: reclaimFree,
  }),
};
