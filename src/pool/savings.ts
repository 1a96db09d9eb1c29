// The DRAM a pool saves (Pond's measure): against the same hosts and the same seeded VM stream
// without a pool, at the same rejection count. Not a second simulation: a scheduler-only replay
// (the pool model without latencies or figures) of the epochs run (at most the first
// LIMITS.savingsEpochs), with no pooled device and
// every host given X extents of DRAM; X is the smallest (a scan, see below) whose rejections do not
// exceed the pooled run's. With the pool, the DRAM needed is the hosts' DRAM plus, per device,
// the most extents it ever had granted at once (a device that size would have run the very
// same: no grant was ever refused below that). Saved = 1 - with / without, in %.
import { onDemand } from '../pool-managers/on-demand';
import { PoolModel, type PoolConfig } from './model';

/** The stream replayed over `epochs` epochs with every host given `dram` extents; pool: as configured or none. */
function replay(cfg: PoolConfig, epochs: number, dram: number, pool: boolean): PoolModel {
  const shape = { ...cfg.shape, hostDram: cfg.shape.hostDram.map(() => dram), devices: pool ? cfg.shape.devices : [] };
  const m = new PoolModel({ ...cfg, shape, manager: pool ? cfg.manager : onDemand, lean: true });
  for (let e = 0; e < epochs; e++) m.step(e);
  return m;
}

const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };

/**
 * The least DRAM (extents, all hosts + the pool's peak grants) with which the stream is served
 * with at most `rejected` rejections, every host given the same x: a scan of x (rejections are
 * not monotone in x: more memory per host changes how VMs pack onto cores), coarse steps then
 * single extents around the best. -1 if no x up to `cap` does.
 */
function leastDram(cfg: PoolConfig, epochs: number, rejected: number, pool: boolean, cap: number, firstOnly: boolean): number {
  const H = cfg.shape.hostDram.length, step = Math.max(1, Math.ceil(cap / 48));
  const need = (x: number) => { const m = replay(cfg, epochs, x, pool); return m.rejected <= rejected ? H * x + sum(m.peakGranted) : Infinity; };
  let best = Infinity, bestX = -1;
  for (let x = 0; x <= cap; x += step) {
    const t = need(x);
    if (t < best) { best = t; bestX = x; }
    if (firstOnly && bestX >= 0) break;
  }
  if (bestX < 0) return -1;
  for (let x = Math.max(0, bestX - step + 1); x < Math.min(cap, bestX + step); x++) { const t = need(x); if (t < best) best = t; }
  return best;
}

export interface Savings {
  /** DRAM extents needed with the pool (hosts + peak grants) and without it, at the run's rejections. */
  withPool: number;
  withoutPool: number;
  dramSavedPercent: number;
}

export function dramSaved(cfg: PoolConfig, run: PoolModel): Savings {
  // The first LIMITS.savingsEpochs epochs: the replay's cost grows with the epochs it covers.
  const { epochs, rejected, peakGranted } = run.replayed, H = cfg.shape.hostDram.length;
  const provisioned = sum(cfg.shape.hostDram) + sum(peakGranted);
  if (epochs === 0 || H === 0 || run.started === 0 || cfg.shape.devices.length === 0) return { withPool: provisioned, withoutPool: provisioned, dramSavedPercent: 0 };
  const local = Math.max(...cfg.shape.hostDram);
  // With the pool: the hosts' DRAM as low as it can go (never above what they have) with the pool
  // as provisioned; the run itself is one candidate, so this is at most what the run held.
  const found = leastDram(cfg, epochs, rejected, true, local, false);
  const withPool = found >= 0 ? Math.min(found, provisioned) : provisioned;
  // Without: the first x that serves the stream as well (no pool: more DRAM only adds).
  const cap = 2 * Math.ceil(provisioned / H) + 1;
  const without = leastDram(cfg, epochs, rejected, false, cap, true);
  const withoutPool = without >= 0 ? without : H * cap;
  return { withPool, withoutPool, dramSavedPercent: 100 * (1 - withPool / withoutPool) };
}
