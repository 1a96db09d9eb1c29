// When hot sets move: each workload's shift instants (every shiftEveryMs of simulated time),
// and the clock that draws an epoch of every stream cut at those instants.
import type { WorkloadSpec } from '../scenario/schema';
import type { WorkloadSampler } from './sampler';

/** At most this many hot-set shifts fall inside one epoch (each costs a pass over the working set). */
export const MAX_SHIFTS_PER_EPOCH = 16;

/**
 * The instants at which a hot set moving every `every` ms moves inside epoch k (of epochMs),
 * as fractions of the epoch in [0, 1), written to `out` from `at`; returns how many. Epoch k
 * owns every multiple j x every (j >= 1) with k x epochMs <= j x every < (k + 1) x epochMs,
 * the same products in every epoch, so no instant is lost or counted twice.
 */
export function shiftInstants(every: number, k: number, epochMs: number, out: Float64Array, at = 0): number {
  if (!(every > 0)) return 0;
  const t0 = k * epochMs, t1 = (k + 1) * epochMs;
  let n = 0;
  for (let j = Math.max(1, Math.floor(t0 / every) - 1); j * every < t1 && n < MAX_SHIFTS_PER_EPOCH; j++) {
    const b = j * every;
    if (b >= t0) out[at + n++] = (b - t0) / epochMs;
  }
  return n;
}

/** One stream's share of an epoch: `samples` draws from `sampler` into `out` (indexed page - outBase). */
export interface EpochDraw {
  sampler: WorkloadSampler;
  samples: number;
  out: Uint32Array;
  outBase: number;
}

/**
 * Draws epoch k of every stream, moving hot sets at their instants inside the epoch: the
 * epoch is cut at every shift instant, each stream draws its share of samples up to the
 * cut (in proportion to time), then the workloads due there shift. Streams of one address
 * space see the same hot set at the same time. No allocation per sample.
 */
export class ShiftClock {
  private readonly at: Float64Array;
  private readonly who: Int32Array;
  private readonly order: Int32Array;
  private drawn = new Int32Array(0);
  /** Per workload: the epoch fraction up to which its shape is added, and its shifts this epoch. */
  private readonly lastCut: Float64Array;
  private readonly shifts: Int32Array;

  constructor(private readonly samplers: WorkloadSampler[]) {
    this.lastCut = new Float64Array(samplers.length);
    this.shifts = new Int32Array(samplers.length);
    const cap = samplers.length * MAX_SHIFTS_PER_EPOCH;
    this.at = new Float64Array(cap);
    this.who = new Int32Array(cap);
    this.order = new Int32Array(cap);
  }

  /**
   * Draws epoch k; returns the number of hot-set shifts that fell inside it. `shape` (global
   * page index) receives each page's access probability within its address space averaged
   * over the epoch (WorkloadSampler.addShape, weighted by the time each hot set was in force);
   * a workload that did not shift copies it from `prevShape` (the epoch before), if given.
   */
  drawEpoch(k: number, epochMs: number, draws: EpochDraw[], shape: Float32Array, prevShape: Float32Array | null): number {
    const { at, who, order, samplers, lastCut, shifts } = this;
    let n = 0;
    for (let i = 0; i < samplers.length; i++) {
      const m = shiftInstants(samplers[i].spec.shiftEveryMs, k, epochMs, at, n);
      for (let j = 0; j < m; j++) who[n + j] = i;
      n += m;
      shifts[i] = m;
      lastCut[i] = 0;
      const s = samplers[i];
      if (m === 0 && prevShape) shape.set(prevShape.subarray(s.base, s.base + s.n), s.base);
      else shape.fill(0, s.base, s.base + s.n);
    }
    // Instants in time order; at one instant, workloads in scenario order (a stable sort).
    for (let i = 0; i < n; i++) order[i] = i;
    order.subarray(0, n).sort((a, b) => at[a] - at[b] || a - b);
    if (this.drawn.length < draws.length) this.drawn = new Int32Array(draws.length);
    const drawn = this.drawn;
    drawn.fill(0);
    for (let e = 0; e <= n; e++) {
      const f = e < n ? at[order[e]] : 1;
      for (let i = 0; i < draws.length; i++) {
        const d = draws[i];
        const upto = e < n ? Math.round(d.samples * f) : d.samples;
        if (upto > drawn[i]) { d.sampler.sample(upto - drawn[i], d.out, d.outBase); drawn[i] = upto; }
      }
      if (e < n) {
        const i = who[order[e]];
        samplers[i].addShape(f - lastCut[i], shape);
        lastCut[i] = f;
        samplers[i].shift();
      }
    }
    for (let i = 0; i < samplers.length; i++) if (shifts[i] > 0 || !prevShape) samplers[i].addShape(1 - lastCut[i], shape);
    return n;
  }
}

/** Shifts per epoch are bounded (each re-draws the hot set): the error names both fields. */
export function shiftTimingIssues(epochMs: number, workloads: WorkloadSpec[]): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const min = epochMs / MAX_SHIFTS_PER_EPOCH;
  workloads.forEach((w, i) => {
    if (w.shiftEveryMs > 0 && w.shiftEveryMs < min) {
      out.push({ path: ['workloads', i, 'shiftEveryMs'], message: `at most ${MAX_SHIFTS_PER_EPOCH} shifts per epoch: with epochMs ${epochMs}, use 0 (never) or at least ${min} ms` });
    }
  });
  return out;
}
