// The seeded stream of VM arrivals: how many arrive in each epoch (Poisson), and each one's
// cores, memory, lifetime, untouched share and Pond's prediction of it. Drawn from its own RNG
// stream (Stream.vms) in epoch order and independent of where VMs land, so a replay with other
// capacities (npm run papers: the same VMs without a pool) sees the very same VMs. Distributions
// and sources: POOL_CAL.
import { dexp, dlog } from '../dmath';
import { Rng, Stream } from '../rng';
import type { VmStreamSpec } from '../scenario/pool-schema';

export interface VmArrival {
  /** Arrival order over the whole run, from 0. */
  id: number;
  cores: number;
  /** Memory in extents. */
  extents: number;
  /** Epochs it runs (at least 1). */
  lifetime: number;
  /** True share of its memory it never touches. */
  untouched: number;
  /** Pond's prediction of that share (seeded, imperfect). */
  predictedUntouched: number;
}

/** At most this many arrivals in one epoch (a Poisson tail cut, far beyond mean 64). */
const MAX_PER_EPOCH = 256;

export interface PredictionSpec { errorSd: number; margin: number }

export class VmStream {
  private readonly rng: Rng;
  private readonly coreCdf: Float64Array;
  private readonly memCdf: Float64Array;
  private next = 0;

  constructor(
    private readonly spec: VmStreamSpec,
    seed: number,
    private readonly extentGiB: number,
    private readonly prediction: PredictionSpec,
  ) {
    this.rng = new Rng(seed, Stream.vms);
    this.coreCdf = cdf(spec.cores.weights);
    this.memCdf = cdf(spec.gibPerCore.weights);
  }

  /** The arrivals of the next epoch (call once per epoch, in order), into out. */
  arrivals(out: VmArrival[]): VmArrival[] {
    out.length = 0;
    const { spec, rng } = this;
    // Poisson by inversion: multiply uniforms until below e^-lambda (lambda <= 64 by the schema).
    const limit = dexp(-spec.arrivalsPerEpoch);
    let n = 0;
    for (let p = rng.nextFloat(); p > limit && n < MAX_PER_EPOCH; p *= rng.nextFloat()) n++;
    for (let k = 0; k < n; k++) {
      const cores = spec.cores.values[pick(this.coreCdf, rng.nextFloat())];
      const gib = cores * spec.gibPerCore.values[pick(this.memCdf, rng.nextFloat())];
      const extents = Math.max(1, Math.round(gib / this.extentGiB));
      // Exponential lifetime by inversion (1 - u in (0, 1]).
      const lifetime = Math.max(1, Math.round(-spec.meanLifetimeEpochs * dlog(1 - rng.nextFloat())));
      const untouched = spec.untouchedMin + (spec.untouchedMax - spec.untouchedMin) * rng.nextFloat();
      // Pond's model errs: the true share plus ~N(0, sd) (Irwin-Hall: 12 uniforms - 6), minus a
      // conservative margin so that few VMs get more pool memory than they leave untouched.
      let z = -6;
      for (let i = 0; i < 12; i++) z += rng.nextFloat();
      const predicted = Math.min(1, Math.max(0, untouched + this.prediction.errorSd * z - this.prediction.margin));
      out.push({ id: this.next++, cores, extents, lifetime, untouched, predictedUntouched: predicted });
    }
    return out;
  }
}

function cdf(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let sum = 0;
  for (const w of weights) sum += w;
  let acc = 0;
  weights.forEach((w, i) => { acc += w / sum; c[i] = acc; });
  c[c.length - 1] = 1;
  return c;
}

function pick(c: Float64Array, u: number): number {
  let i = 0;
  while (i < c.length - 1 && u >= c[i]) i++;
  return i;
}
