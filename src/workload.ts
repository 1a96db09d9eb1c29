// Access generators. Each workload is an address space of n pages; which offsets are hot is
// a seeded permutation (so allocation, which faults pages in address order, cannot know). Hot
// memory is spatially coherent, as in real programs: the ranks fill contiguous regions of
// hotRegionMB, hottest region first, placed at seeded offsets (the heatmap shows hot bands).
// Sampling writes sampled-access counts per page; the hot loops keep the RNG in locals and
// touch two typed arrays per sample.
import { dlog, dpow } from './dmath';
import { Rng } from './rng';
import type { WorkloadSpec } from './scenario/schema';

/** At most this many hot-set shifts fall inside one epoch (each costs a pass over the working set). */
export const MAX_SHIFTS_PER_EPOCH = 16;

/** The hot set is the smallest set of hottest pages that receives this share of the accesses. */
export const HOT_SET_SHARE = 0.8;
/**
 * Per-page hot-set marks, two bits per epoch slot (slot = epoch & 3): bit 2 x slot = the page
 * is wholly in the hot set, bit 2 x slot + 1 = it is in the boundary class of equally hot
 * pages, of which only a share is needed (WorkloadSampler.hotTieShare).
 */
export const HOT_SLOTS = 4;

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32; // exact: a power of two

/**
 * Skew inside huge pages. A workload's accesses are over 4 KiB sub-pages; with 2 MiB pages a
 * page's rate is the sum of its sub-pages'. Hot regions smaller than a page (hotRegionMB < 2)
 * put hot and cold memory inside one huge page: the page is split into `parts` (a power of two,
 * at most MAX_PARTS) of consecutive sub-pages, each part a run of the workload's 4 KiB ranks,
 * placed at seeded places, so a huge page can be hot because of a few of its parts. Regions
 * smaller than a part count as part-sized (the model's resolution: 2 MiB / 16 = 128 KiB).
 * Regions of a page or more: one part, the page is as uniform as its region.
 */
export const MAX_PARTS = 16;
/** 4 KiB sub-pages a part's mass is summed over exactly; beyond, by the integral (zipf). */
const EXACT_RANKS = 4096;

/** Parts per page of a workload (1: no skew inside pages; see MAX_PARTS). */
export function partsPerPage(spec: WorkloadSpec, pageBytes: number): number {
  if (pageBytes <= 4096 || spec.pattern === 'scan' || (spec.pattern === 'uniform' && spec.idleFraction === 0)) return 1;
  const region = spec.hotRegionMB * 1048576;
  let g = 1;
  while (g < MAX_PARTS && region * g < pageBytes) g *= 2;
  return g;
}

/** How a sampler is built beyond its workload: the engine's page size, and where its parts go. */
export interface SamplerOptions {
  /** Bytes per page (hot regions are hotRegionMB of them); default 4 KiB. */
  pageBytes?: number;
  /**
   * Huge pages with skew inside: parts per page of the run (`stride`, a power of two) and the
   * run's array of each part's share of its page's accesses ([page * stride + j], global page);
   * this sampler uses min(its own parts, stride) and fills its pages' entries.
   */
  parts?: { stride: number; share: Float32Array };
  /** RNG stream of the hot set's moves (default: the sampler's stream + LAYOUT_STREAM). */
  layoutStream?: number;
}

/** Offset of a sampler's layout stream from its sampling stream when none is given. */
const LAYOUT_STREAM = 1 << 20;

export class WorkloadSampler {
  readonly spec: WorkloadSpec;
  /** First global page of this address space, and its size in pages. */
  readonly base: number;
  readonly n: number;
  private readonly rng: Rng;
  /**
   * Where the hot set goes when it moves (shift): a stream of its own, so the places do not
   * depend on how many samples were drawn before (samplesPerHost). The first layout is drawn
   * from `rng` before any sample.
   */
  private layoutRng: Rng;
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
  /** Access probability of each rank (zipf / hot set; null = uniform or scan), for the oracle's expectations and the LLC. */
  rankProb: Float64Array | null = null;
  /** Per rank: 1 = wholly in the hot set, 2 = in its boundary class, 0 = outside (zipf / hot set). */
  private hotClass: Uint8Array | null;
  /** Share of the boundary class the hot set needs (constant; scan: per epoch slot). */
  private readonly tieShare = new Float64Array(HOT_SLOTS);
  private tieConst: number;
  /** Parts per page (skew inside huge pages; 1 = none), where their shares go, and the LLC's cut (cachePages). */
  readonly parts: number;
  private readonly partsOut: { stride: number; share: Float32Array } | null;
  private cached = 0;

  /** Pages ever accessed: the rest of the working set is idle (idleFraction; scan: all). */
  private readonly active: number;
  /** Pages per hot region (zipf / hot set). */
  private readonly regionPages: number;
  private readonly regionOrder: Int32Array;

  constructor(spec: WorkloadSpec, base: number, n: number, seed: number, stream: number, opts: SamplerOptions = {}) {
    this.spec = spec;
    this.base = base;
    this.n = n;
    this.rng = new Rng(seed, stream);
    this.layoutRng = this.rng;
    this.perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    const pageBytes = opts.pageBytes ?? 4096;
    this.regionPages = Math.max(1, Math.min(n, Math.floor((spec.hotRegionMB * 1048576) / pageBytes)));
    this.regionOrder = new Int32Array(n > 0 ? Math.ceil(n / this.regionPages) : 0);
    this.active = n > 0 ? Math.max(1, n - Math.round(spec.idleFraction * n)) : 0;
    this.partsOut = opts.parts ?? null;
    this.parts = this.partsOut && n > 0 ? Math.min(partsPerPage(spec, pageBytes), this.partsOut.stride) : 1;
    this.hotClass = null;
    this.tieConst = 0;
    if (this.parts > 1) {
      this.composeParts(pageBytes);
    } else if (spec.pattern === 'zipf' || spec.pattern === 'hotset' || (spec.pattern === 'uniform' && this.active < n)) {
      this.placeHotRegions();
      const weights = this.weights();
      // The hot set is of the model's true rates, before any LLC takes its share (cachePages).
      const { cls, tie } = hotClasses(weights);
      this.hotClass = cls;
      this.tieConst = tie;
      this.build(weights);
    } else {
      // uniform: every page is equally hot, the hot set is the smallest share of them that gets 80 %
      this.tieConst = n > 0 ? Math.ceil(HOT_SET_SHARE * n - 1e-9) / n : 0;
    }
    this.layoutRng = new Rng(seed, opts.layoutStream ?? stream + LAYOUT_STREAM);
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
    this.cached = k;
    const w = this.rankProb ? Float64Array.from(this.rankProb) : new Float64Array(n).fill(1 / n);
    const whole = Math.floor(Math.min(k, n - 1));
    w.fill(0, 0, whole);
    w[whole] *= 1 - Math.min(1, Math.min(k, n - 1) - whole);
    this.build(w);
  }

  /**
   * Marks the pages of the hot set in force now in `bits` (indexed by global page) for epoch
   * slot `slot` (see HOT_SLOTS): the smallest set of hottest pages that receives HOT_SET_SHARE
   * of this address space's accesses by the model's true rates. A scan's true rates are the
   * window it just covered: the pages of `drawn` (indexed by global page), all equally hot.
   */
  markHotSet(bits: Uint8Array, slot: number, drawn: Uint32Array): void {
    const { base, n } = this;
    const full = 1 << (2 * slot), tie = 2 << (2 * slot), keep = ~(full | tie) & 0xff;
    for (let p = base; p < base + n; p++) bits[p] &= keep;
    const cls = this.hotClass;
    if (cls) {
      const perm = this.perm;
      for (let r = 0; r < n; r++) {
        const c = cls[r];
        if (c !== 0) bits[base + perm[r]] |= c === 1 ? full : tie;
      }
      this.tieShare[slot] = this.tieConst;
    } else if (this.spec.pattern === 'scan') {
      let touched = 0;
      for (let p = base; p < base + n; p++) if (drawn[p] !== 0) { bits[p] |= tie; touched++; }
      this.tieShare[slot] = touched > 0 ? Math.ceil(HOT_SET_SHARE * touched - 1e-9) / touched : 0;
    } else {
      for (let p = base; p < base + n; p++) bits[p] |= tie;
      this.tieShare[slot] = this.tieConst;
    }
  }

  /** Share of the boundary class marked in `slot` that belongs to the hot set. */
  hotTieShare(slot: number): number {
    return this.tieShare[slot];
  }

  /**
   * Adds `weight` x each page's access probability under the hot set in force now into `out`
   * (indexed by global page): the model's true per-page rates, up to the address space's
   * access count. A scan's rates are the window it covers, known only once drawn: nothing here.
   */
  addShape(weight: number, out: Float32Array): void {
    const { n, base } = this;
    if (this.rankProb) {
      const perm = this.perm, prob = this.rankProb;
      for (let r = 0; r < n; r++) out[base + perm[r]] += weight * prob[r];
    } else if (this.spec.pattern !== 'scan') {
      const each = weight / n;
      for (let i = 0; i < n; i++) out[base + i] += each;
    }
  }

  /**
   * Relative access weight of each rank (not normalised); ranks from `active` on are idle
   * (weight 0): the coldest regions, at seeded places like the hot ones.
   */
  private weights(): Float64Array {
    const { spec } = this;
    const n = this.active;
    const w = new Float64Array(this.n);
    if (spec.pattern === 'zipf') {
      for (let r = 0; r < n; r++) w[r] = 1 / dpow(r + 1, spec.skew);
    } else if (spec.pattern === 'uniform') {
      w.fill(1, 0, n);
    } else {
      const k = Math.max(1, Math.min(n, Math.round(spec.hotFraction * this.n)));
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

  private partBytes = 0;

  /**
   * Huge pages with skew inside (parts > 1): the workload's 4 KiB ranks in runs of one part
   * each, the runs at seeded places (a fresh permutation of all parts), each page's rate the
   * sum of its parts'. Ranks are pages by rate, hottest first; each part's share of its page
   * goes to the run's share array. O(parts + pages log pages), at the start and at each shift.
   */
  private composeParts(pageBytes: number): void {
    this.partBytes = pageBytes;
    const { n, spec } = this, rng = this.layoutRng;
    const g = this.parts, m = n * g;
    const sub = Math.max(1, Math.floor(pageBytes / 4096)); // 4 KiB sub-pages per page
    const run = sub / g; // sub-pages per part
    const active = Math.max(1, n * sub - Math.round(spec.idleFraction * n * sub)); // the idle ranks are the coldest 4 KiB ones
    const slot = new Int32Array(m);
    for (let i = 0; i < m; i++) slot[i] = i;
    rng.shuffle(slot);
    const mass = new Float64Array(m); // by place: page * g + j
    const k4 = Math.max(1, Math.min(active, Math.round(spec.hotFraction * n * sub)));
    const hot = spec.pattern === 'hotset' ? (k4 === active ? 1 / active : spec.hotShare / k4) : 1;
    const cold = spec.pattern === 'hotset' ? (k4 === active ? 0 : (1 - spec.hotShare) / (active - k4)) : 1;
    for (let q = 0; q < m; q++) {
      const a = q * run, b = Math.min(active, a + run);
      let w = 0;
      if (b > a) {
        if (spec.pattern === 'zipf') w = zipfMass(a, b, spec.skew);
        else if (spec.pattern === 'hotset') w = Math.max(0, Math.min(b, k4) - a) * hot + Math.max(0, b - Math.max(a, k4)) * cold;
        else w = b - a;
      }
      mass[slot[q]] = w;
    }
    const total = new Float64Array(n);
    for (let o = 0; o < n; o++) { let t = 0; for (let j = 0; j < g; j++) t += mass[o * g + j]; total[o] = t; }
    const perm = this.perm;
    for (let i = 0; i < n; i++) perm[i] = i;
    perm.sort((x, y) => total[y] - total[x] || x - y);
    const weights = new Float64Array(n);
    for (let r = 0; r < n; r++) weights[r] = total[perm[r]];
    const { cls, tie } = hotClasses(weights);
    this.hotClass = cls;
    this.tieConst = tie;
    this.build(weights);
    // Shares in the run's stride: each of this sampler's parts over stride / g entries.
    const { stride, share } = this.partsOut!;
    const rep = stride / g;
    for (let o = 0; o < n; o++) {
      const t = total[o], at = (this.base + o) * stride;
      for (let j = 0; j < g; j++) {
        const x = t > 0 ? mass[o * g + j] / t / rep : 1 / stride;
        for (let k = 0; k < rep; k++) share[at + j * rep + k] = x;
      }
    }
  }

  /**
   * A fresh seeded rank -> offset permutation: the regions in a seeded order, each region's
   * pages taking consecutive ranks in a seeded order of their own. One region per page is a
   * plain shuffle; one region for the whole space too.
   */
  private placeHotRegions(): void {
    const { n, perm, regionOrder } = this, rng = this.layoutRng;
    const R = this.regionPages, m = regionOrder.length;
    for (let i = 0; i < m; i++) regionOrder[i] = i;
    rng.shuffle(regionOrder);
    let k = 0;
    for (let i = 0; i < m; i++) {
      const a = regionOrder[i] * R, b = Math.min(n, a + R), from = k;
      for (let o = a; o < b; o++) perm[k++] = o;
      for (let j = k - 1; j > from; j--) {
        const x = from + rng.nextInt(j - from + 1);
        const t = perm[j]; perm[j] = perm[x]; perm[x] = t;
      }
    }
  }

  /** The hot set moves: hot regions at fresh seeded places (scan: the cursor jumps). */
  shift(): void {
    if (this.parts > 1) {
      this.composeParts(this.partBytes);
      if (this.cached > 0) this.cachePages(this.cached);
    } else if (this.table) {
      this.placeHotRegions();
      this.relabel();
    } else if (this.spec.pattern === 'scan') {
      this.cursor = this.layoutRng.nextInt(this.n);
    } else {
      this.layoutRng.shuffle(this.perm);
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

/**
 * Sum of (r + 1)^-s over 4 KiB ranks a <= r < b: exactly below EXACT_RANKS, beyond by the
 * midpoint integral of x^-s from a + 1/2 to b + 1/2 (relative error below 1e-7 there).
 * dmath only: the same bits in every engine.
 */
export function zipfMass(a: number, b: number, s: number): number {
  let w = 0, r = a;
  for (; r < b && r < EXACT_RANKS; r++) w += 1 / dpow(r + 1, s);
  if (r >= b) return w;
  const lo = r + 0.5, hi = b + 0.5;
  if (Math.abs(1 - s) < 1e-9) return w + dlog(hi / lo);
  return w + (dpow(hi, 1 - s) - dpow(lo, 1 - s)) / (1 - s);
}

/**
 * Hot-set class of each rank from its weight: ranks are visited hottest first (by weight; ties
 * form one class), whole classes join the hot set while their accesses stay below
 * HOT_SET_SHARE, and the class that reaches it is the boundary (2), of which `tie` is needed.
 */
export function hotClasses(w: Float64Array): { cls: Uint8Array; tie: number } {
  const n = w.length;
  let total = 0, sorted = true;
  for (let i = 0; i < n; i++) { total += w[i]; if (i > 0 && w[i] > w[i - 1]) sorted = false; }
  // zipf and most hot sets are already hottest first; a hot set whose "hot" pages are colder
  // than its cold ones is not.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (!sorted) order.sort((a, b) => w[b] - w[a] || a - b);
  const cls = new Uint8Array(n);
  const goal = HOT_SET_SHARE * total;
  let cum = 0, i = 0, tie = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && w[order[j]] === w[order[i]]) j++;
    const mass = w[order[i]] * (j - i);
    if (cum + mass < goal) {
      for (let k = i; k < j; k++) cls[order[k]] = 1;
      cum += mass;
      i = j;
      continue;
    }
    const need = Math.max(1, Math.ceil((goal - cum) / w[order[i]] - 1e-9));
    for (let k = i; k < j; k++) cls[order[k]] = 2;
    tie = Math.min(1, need / (j - i));
    break;
  }
  return { cls, tie };
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
      const m = samplers[i].shiftInstants(k, epochMs, at, n);
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
