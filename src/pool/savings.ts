// The DRAM a pool saves (Pond's measure: the same VMs at the same rejection rate on sockets with
// less DRAM): the very VMs the run placed, on the very sockets it placed them, with and without
// the pool. Without: each socket needs the most memory its VMs ever held at once, DRAM and pool
// together (PoolModel.peakMemory). With: each socket the most DRAM its VMs ever held
// (peakLocal), plus per device the most extents it ever had granted at once (a device that size
// would have run the very same: no grant was ever refused below that). Saved = 1 - with /
// without, in %. The same placements mean the same rejections and the VM slowdown the run
// measured; each socket sized to its own peak is the least a pool-less pod needs for them.
//
// It replaces a search for the least uniform DRAM per socket at an equal count of rejections:
// rejections are not monotone in DRAM (more memory changes how VMs pack onto cores) and the
// count is small (tens of VMs), so that search swung by tens of % with the seed (pond-pool:
// -6.6 to +7.8 %; pool-static-vs-on-demand, a static split: -14 to +50 %), and scanning the pooled
// pod's DRAM down credited pods whose VMs held more of their memory on the pool than the run's.
/** What the saving is counted from: the pool's shape and a run's peaks (PoolModel's; no import, so the model may count it each epoch). */
interface PoolShapeOf { shape: { devices: readonly unknown[] } }
interface Peaks { peakLocal: ArrayLike<number>; peakGranted: ArrayLike<number>; peakMemory: ArrayLike<number> }

const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };

export interface Savings {
  /** DRAM extents the run's VMs need with the pool (sockets' peaks of local memory + peak grants) and without it (sockets' peaks of all memory). */
  withPool: number;
  withoutPool: number;
  dramSavedPercent: number;
}

export function dramSaved(cfg: PoolShapeOf, run: Peaks): Savings {
  const withPool = sum(run.peakLocal) + sum(run.peakGranted), withoutPool = sum(run.peakMemory);
  if (withoutPool === 0 || cfg.shape.devices.length === 0) return { withPool, withoutPool, dramSavedPercent: 0 };
  return { withPool, withoutPool, dramSavedPercent: 100 * (1 - withPool / withoutPool) };
}
