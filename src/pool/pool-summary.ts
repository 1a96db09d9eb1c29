// summary.pool's shape and its zeros, apart from the pool model (engine-pool.ts): a report's
// columns and the app's sweep CSV name them without bundling the model on the page.
import type { PoolTotals } from './model';

export interface PoolSummary extends PoolTotals {
  dramSavedPercent: number;
}

/** summary.pool of a scenario without a pool: zeros, never a missing object. */
export const NO_POOL: PoolSummary = {
  strandedGiB: 0, strandedPercent: 0, untouchedGiB: 0, poolCapacityGiB: 0, poolUsedGiB: 0, coresRentedPercent: 0,
  extentsGranted: 0, extentsReclaimed: 0, vmsStarted: 0, vmsRejected: 0, slowdownPercent: 0, dramSavedPercent: 0,
};
