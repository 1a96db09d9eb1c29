// Access generators. Each workload is an address space of n pages; which offsets are hot is
// a seeded permutation (so allocation, which faults pages in address order, cannot know).
// Sampling writes sampled-access counts per page; the hot loops keep the RNG in locals and
// touch two typed arrays per sample.
import { dpow } from './dmath';
import { Rng } from './rng';
import type { WorkloadSpec } from './scenario/schema';

/** At most this many hot-set shifts fall inside one epoch (each costs a pass over the working set). */
export const MAX_SHIFTS_PER_EPOCH = 16;

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32; // exact: a power of two

export class WorkloadSampler {
  readonly spec: WorkloadSpec;
  /** First global page of this address space, and its size in pages. */
  readonly base: number;
  readonly n: number;
  private readonly rng: Rng;
  /** rank -> offset: rank 0 is the hottest offset. */
  private readonly perm: Int32Array;
  /**
   * Alias table over a power-of-two number of slots (ranks past n have weight 0), 4 words per
   * slot (one 16-byte read): threshold, primary offset, alias offset, unused. A sample's top
   * `slotBits` bits pick the slot and its remaining low bits are the coin, compared with the
   * threshold in units of 2^-(32 - slotBits).
   */
  private table: Uint32Array | null = null;
  private slotBits = 0;
  private aliasSlot: Int32Array | null = null;
  private cursor = 0;
  /** Access probability of each rank (zipf / hot set; null = uniform or scan), for the oracle's expectations. */
  rankProb: Float64Array | null = null;

  constructor(spec: WorkloadSpec, base: number, n: number, seed: number, stream: number) {
    this.spec = spec;
    this.base = base;
    this.n = n;
    this.rng = new Rng(seed, stream);
    this.perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    if (spec.pattern === 'zipf' || spec.pattern === 'hotset') {
      this.rng.shuffle(this.perm);
      this.build(this.weights());
    }
  }

  /** Rank probabilities and the alias table from rank weights (not normalised). */
  private build(weights: Float64Array): void {
    const n = this.n;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.rankProb = new Float64Array(n);
    for (let i = 0; i < n; i++) this.rankProb[i] = weights[i] / total;
    let bits = 1;
    while (1 << bits < n) bits++;
    this.slotBits = bits;
    const slots = 1 << bits;
    const padded = new Float64Array(slots);
    padded.set(weights);
    const { threshold, alias } = buildAlias(padded);
    this.aliasSlot = alias;
    this.table = new Uint32Array(slots * 4);
    const unit = 2 ** (32 - bits) / TWO32; // threshold units: the coin has 32 - bits bits
    for (let i = 0; i < slots; i++) this.table[i * 4] = Math.floor(threshold[i] * unit);
    this.relabel();
  }

  /**
   * The last-level cache holds this workload's `k` hottest ranks (the rank at the boundary in
   * part): from now on samples and expectations are of the accesses that miss it, what
   * memory sees. A scan touches each line once a pass, so no LLC holds it: unaffected. Set
   * once by src/llc.ts before the first sample; k = 0 changes nothing.
   */
  cachePages(k: number): void {
    const n = this.n;
    if (this.spec.pattern === 'scan' || !(k > 0) || n === 0) return;
    const w = this.rankProb ? Float64Array.from(this.rankProb) : new Float64Array(n).fill(1 / n);
    const whole = Math.floor(Math.min(k, n - 1));
    w.fill(0, 0, whole);
    w[whole] *= 1 - Math.min(1, Math.min(k, n - 1) - whole);
    this.build(w);
  }

  /**
   * Adds the expected number of samples each page gets when `count` are drawn with the current
   * hot permutation (scan: the window just drawn, from `drawn`). Only the oracle uses this.
   */
  expected(count: number, out: Float64Array, drawn: Uint32Array, drawnBase: number): void {
    const { n, base } = this;
    if (this.spec.pattern === 'scan') {
      for (let i = 0; i < n; i++) out[base + i] += drawn[base - drawnBase + i];
    } else if (this.rankProb) {
      const perm = this.perm, prob = this.rankProb;
      for (let r = 0; r < n; r++) out[base + perm[r]] += count * prob[r];
    } else {
      const each = count / n;
      for (let i = 0; i < n; i++) out[base + i] += each;
    }
  }

  /** Relative access weight of each rank (not normalised). */
  private weights(): Float64Array {
    const { n, spec } = this;
    const w = new Float64Array(n);
    if (spec.pattern === 'zipf') {
      for (let r = 0; r < n; r++) w[r] = 1 / dpow(r + 1, spec.skew);
    } else {
      const k = Math.max(1, Math.min(n, Math.round(spec.hotFraction * n)));
      const hot = k === n ? 1 / n : spec.hotShare / k;
      const cold = k === n ? 0 : (1 - spec.hotShare) / (n - k);
      for (let r = 0; r < n; r++) w[r] = r < k ? hot : cold;
    }
    return w;
  }

  /** Writes the current permutation's offsets into the alias table. */
  private relabel(): void {
    const t = this.table!, a = this.aliasSlot!, perm = this.perm;
    for (let i = 0; i < a.length; i++) {
      // Padding slots (rank >= n) never keep their own outcome; give them their alias's anyway.
      t[i * 4 + 1] = i < this.n ? perm[i] : perm[a[i]];
      t[i * 4 + 2] = perm[a[i]];
    }
  }

  /**
   * The instants at which this workload's hot set moves inside epoch k (of epochMs), as
   * fractions of the epoch in [0, 1), written to `out`; returns how many. Epoch k owns every
   * multiple j x shiftEveryMs (j >= 1) with k x epochMs <= j x shiftEveryMs < (k + 1) x epochMs,
   * the same products in every epoch, so no instant is lost or counted twice.
   */
  shiftInstants(k: number, epochMs: number, out: Float64Array, at = 0): number {
    const every = this.spec.shiftEveryMs;
    if (!(every > 0)) return 0;
    const t0 = k * epochMs, t1 = (k + 1) * epochMs;
    let n = 0;
    for (let j = Math.max(1, Math.floor(t0 / every) - 1); j * every < t1 && n < MAX_SHIFTS_PER_EPOCH; j++) {
      const b = j * every;
      if (b >= t0) out[at + n++] = (b - t0) / epochMs;
    }
    return n;
  }

  /** The hot set moves: a fresh seeded permutation (scan: the cursor jumps). */
  shift(): void {
    if (this.table) {
      this.rng.shuffle(this.perm);
      this.relabel();
    } else if (this.spec.pattern === 'scan') {
      this.cursor = this.rng.nextInt(this.n);
    } else {
      this.rng.shuffle(this.perm);
    }
  }

  /** Rank of an offset's hotness is private; this says whether an offset is among the hottest `k`. */
  hottestOffsets(k: number): Int32Array {
    return this.perm.slice(0, Math.min(k, this.n));
  }

  /**
   * Adds `count` sampled accesses into `out`, indexed by page - outBase.
   * One 32-bit draw per sample: its high part picks a slot, its low part the alias coin.
   */
  sample(count: number, out: Uint32Array, outBase: number): void {
    const n = this.n;
    const shift = this.base - outBase;
    const rng = this.rng;
    let a = rng.a, b = rng.b, c = rng.c, d = rng.d;
    const pattern = this.spec.pattern;
    if (pattern === 'scan') {
      let cur = this.cursor;
      for (let k = 0; k < count; k++) {
        out[shift + cur]++;
        if (++cur === n) cur = 0;
      }
      this.cursor = cur;
      return;
    }
    // Two specialised loops (no per-sample branch on the pattern), integer operations only.
    const t = this.table;
    if (t !== null) {
      const sh = 32 - this.slotBits;
      const mask = sh === 32 ? -1 : (1 << sh) - 1;
      for (let k = 0; k < count; k++) {
        // xoshiro128** inlined (see rng.ts)
        const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9);
        const tt = b << 9;
        c ^= a; d ^= b; b ^= c; a ^= d; c ^= tt;
        d = (d << 11) | (d >>> 21);
        const j = (r >>> sh) << 2;
        out[shift + ((r & mask) < t[j] ? t[j + 1] : t[j + 2])]++;
      }
    } else {
      const perm = this.perm;
      for (let k = 0; k < count; k++) {
        const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
        const tt = b << 9;
        c ^= a; d ^= b; b ^= c; a ^= d; c ^= tt;
        d = (d << 11) | (d >>> 21);
        out[shift + perm[Math.floor(r * n * INV_TWO32)]]++;
      }
    }
    rng.a = a; rng.b = b; rng.c = c; rng.d = d;
  }
}

/** Vose's alias method: thresholds in units of 2^32 and alias slots, from weights. */
export function buildAlias(w: Float64Array): { threshold: Float64Array; alias: Int32Array } {
  const n = w.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = (w[i] * n) / total;
  const alias = new Int32Array(n);
  const threshold = new Float64Array(n);
  const small = new Int32Array(n), large = new Int32Array(n);
  let ns = 0, nl = 0;
  for (let i = 0; i < n; i++) { alias[i] = i; if (q[i] < 1) small[ns++] = i; else large[nl++] = i; }
  while (ns > 0 && nl > 0) {
    const s = small[--ns], l = large[nl - 1];
    threshold[s] = q[s] * TWO32;
    alias[s] = l;
    q[l] = q[l] + q[s] - 1;
    if (q[l] < 1) { nl--; small[ns++] = l; }
  }
  while (nl > 0) threshold[large[--nl]] = TWO32;
  while (ns > 0) threshold[small[--ns]] = TWO32; // rounding leftovers
  return { threshold, alias };
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

  constructor(private readonly samplers: WorkloadSampler[]) {
    const cap = samplers.length * MAX_SHIFTS_PER_EPOCH;
    this.at = new Float64Array(cap);
    this.who = new Int32Array(cap);
    this.order = new Int32Array(cap);
  }

  drawEpoch(k: number, epochMs: number, draws: EpochDraw[]): void {
    const { at, who, order, samplers } = this;
    let n = 0;
    for (let i = 0; i < samplers.length; i++) {
      const m = samplers[i].shiftInstants(k, epochMs, at, n);
      for (let j = 0; j < m; j++) who[n + j] = i;
      n += m;
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
      if (e < n) samplers[who[order[e]]].shift();
    }
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
