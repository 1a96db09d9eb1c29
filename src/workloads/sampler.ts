// A workload's seeded access sampler. Each workload is an address space of n pages; which
// offsets are hot is a seeded permutation (so allocation, which faults pages in address order,
// cannot know). Hot memory is spatially coherent, as in real programs: the ranks fill contiguous
// regions of hotRegionMB, hottest region first, placed at seeded offsets (the heatmap shows hot
// bands). The pattern (registry.ts) gives each rank's true rate; this file draws from them.
// Sampling writes sampled-access counts per page; the hot loops keep the RNG in locals and
// touch two typed arrays per sample, one loop per way of drawing (no call per sample).
import { Rng } from '../rng';
import type { WorkloadSpec } from '../scenario/schema';
import { aliasTable, labelSlots, type AliasTable } from './alias';
import { flatTieShare, hotClasses, HOT_SLOTS } from './hot-set';
import { patternOf, type PatternDef } from './registry';

const INV_TWO32 = 1 / 4294967296; // exact: a power of two

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

/** Parts per page of a workload (1: no skew inside pages; see MAX_PARTS). */
export function partsPerPage(spec: WorkloadSpec, pageBytes: number): number {
  const pattern = patternOf(spec.pattern);
  if (pageBytes <= 4096 || pattern.draw === 'cursor' || (pattern.flat && spec.idleFraction === 0)) return 1;
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
  readonly pattern: PatternDef;
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
  /** The alias table over ranks (null: every page alike, or a cursor). */
  private alias: AliasTable | null = null;
  private cursor = 0;
  /** Access probability of each rank (null = every page alike, or a cursor), for the oracle's expectations and the LLC. */
  rankProb: Float64Array | null = null;
  /** Per rank: 1 = wholly in the hot set, 2 = in its boundary class, 0 = outside (ranked patterns). */
  private hotClass: Uint8Array | null;
  /** Share of the boundary class the hot set needs (constant; a cursor: per epoch slot). */
  private readonly tieShare = new Float64Array(HOT_SLOTS);
  private tieConst: number;
  /** Parts per page (skew inside huge pages; 1 = none), where their shares go, and the LLC's cut (cachePages). */
  readonly parts: number;
  private readonly partsOut: { stride: number; share: Float32Array } | null;
  private cached = 0;

  /** Pages ever accessed: the rest of the working set is idle (idleFraction; a scan walks all). */
  private readonly active: number;
  /** Pages per hot region (ranked patterns). */
  private readonly regionPages: number;
  private readonly regionOrder: Int32Array;

  constructor(spec: WorkloadSpec, base: number, n: number, seed: number, stream: number, opts: SamplerOptions = {}) {
    this.spec = spec;
    this.pattern = patternOf(spec.pattern);
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
    } else if (this.pattern.draw === 'ranks' && (!this.pattern.flat || this.active < n)) {
      this.placeHotRegions();
      const weights = new Float64Array(n);
      this.pattern.rankRates(spec, n, this.active, weights); // ranks from `active` on stay idle (0)
      // The hot set is of the model's true rates, before any LLC takes its share (cachePages).
      const { cls, tie } = hotClasses(weights);
      this.hotClass = cls;
      this.tieConst = tie;
      this.build(weights);
    } else {
      // every page equally hot: the hot set is the smallest share of them that gets 80 %
      this.tieConst = flatTieShare(n);
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
    this.alias = aliasTable(weights, n);
    labelSlots(this.alias, this.perm, n);
  }

  /**
   * The last-level cache holds this workload's `k` hottest ranks (the rank at the boundary in
   * part): from now on samples and expectations are of the accesses that miss it, what
   * memory sees. A pattern no LLC holds (a scan) is unaffected. Set once by
   * src/physics/llc.ts before the first sample; k = 0 changes nothing.
   */
  cachePages(k: number): void {
    const n = this.n;
    if (!this.pattern.cacheable || !(k > 0) || n === 0) return;
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
   * of this address space's accesses by the model's true rates. A cursor's true rates are the
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
    } else if (this.pattern.draw === 'cursor') {
      let touched = 0;
      for (let p = base; p < base + n; p++) if (drawn[p] !== 0) { bits[p] |= tie; touched++; }
      this.tieShare[slot] = flatTieShare(touched);
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
   * access count. A cursor's rates are the window it covers, known only once drawn: nothing here.
   */
  addShape(weight: number, out: Float32Array): void {
    const { n, base } = this;
    if (this.rankProb) {
      const perm = this.perm, prob = this.rankProb;
      for (let r = 0; r < n; r++) out[base + perm[r]] += weight * prob[r];
    } else if (this.pattern.draw !== 'cursor') {
      const each = weight / n;
      for (let i = 0; i < n; i++) out[base + i] += each;
    }
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
    const { n, spec, pattern } = this, rng = this.layoutRng;
    const g = this.parts, m = n * g;
    const sub = Math.max(1, Math.floor(pageBytes / 4096)); // 4 KiB sub-pages per page
    const run = sub / g; // sub-pages per part
    const active = Math.max(1, n * sub - Math.round(spec.idleFraction * n * sub)); // the idle ranks are the coldest 4 KiB ones
    const slot = new Int32Array(m);
    for (let i = 0; i < m; i++) slot[i] = i;
    rng.shuffle(slot);
    const mass = new Float64Array(m); // by place: page * g + j
    for (let q = 0; q < m; q++) {
      const a = q * run, b = Math.min(active, a + run);
      mass[slot[q]] = b > a ? pattern.runRate(spec, a, b, n * sub, active) : 0;
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

  /** The hot set moves: hot regions at fresh seeded places (a cursor jumps). */
  shift(): void {
    if (this.parts > 1) {
      this.composeParts(this.partBytes);
      if (this.cached > 0) this.cachePages(this.cached);
    } else if (this.alias) {
      this.placeHotRegions();
      labelSlots(this.alias, this.perm, this.n);
    } else if (this.pattern.draw === 'cursor') {
      this.cursor = this.layoutRng.nextInt(this.n);
    } else {
      this.layoutRng.shuffle(this.perm);
    }
  }

  /** The offsets of the hottest `k` ranks, hottest first. */
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
    if (this.pattern.draw === 'cursor') {
      let cur = this.cursor;
      for (let k = 0; k < count; k++) {
        out[shift + cur]++;
        if (++cur === n) cur = 0;
      }
      this.cursor = cur;
      return;
    }
    // Two specialised loops (no per-sample branch on the pattern), integer operations only.
    const alias = this.alias;
    if (alias !== null) {
      const t = alias.table;
      const sh = 32 - alias.slotBits;
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
