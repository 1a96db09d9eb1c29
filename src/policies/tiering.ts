// Shared machinery of the research tiering policies (memtis, colloid, damos, learned, oracle):
// each host's fast device and slower devices, per-fast-device histograms of a hotness score,
// counting sorts of candidate pages, and moving pages so that the fast tier holds the hottest
// buckets within rate limits. O(pages) per epoch in typed arrays allocated once.
import { NO_NODE, Reason, type MigrationSink, type ParamSpec, type PolicyView } from './types';
// Imported bindings copied to module constants: hot loops read these without a getter.
const NONE: number = NO_NODE;
const PROMOTE = Reason.promote, DEMOTE = Reason.demote;
const MIB = 1048576;

/** Pages per epoch for a rate in MiB/s (at least 1 when the rate is positive). */
export function ratePagesPerEpoch(mibPerSec: number, view: PolicyView, periodEpochs = 1): number {
  if (!(mibPerSec > 0)) return 0;
  if (!Number.isFinite(mibPerSec)) return Infinity;
  return Math.max(1, Math.floor((mibPerSec * MIB * periodEpochs * view.epochMs) / 1000 / view.pageBytes));
}

/** Epochs per period of `ms` (at least 1). */
export function epochsPer(ms: number, view: PolicyView): number {
  return Math.max(1, Math.round(ms / view.epochMs));
}

/**
 * A fine logarithmic bucket of a non-negative score: 0 for x < 1/scale, then four
 * sub-buckets per power of two of x * scale, capped at nb - 1. Integer operations only.
 */
export function logBucket(x: number, scale: number, nb: number): number {
  const v = x * scale;
  if (!(v >= 1)) return 0;
  const i = v >= 2147483647 ? 2147483647 : Math.floor(v);
  const e = 31 - Math.clz32(i);
  const sub = e >= 2 ? (i >>> (e - 2)) & 3 : (i << (2 - e)) & 3;
  const b = 1 + e * 4 + sub;
  return b < nb ? b : nb - 1;
}

/** Where each initiator's pages belong: its fast node and its slower nodes (per initiator, as "fast" is). */
export class Tiers {
  /** Per host: device hot pages are promoted to (its nearest device in its fast tier, PolicyView.isFast), -1 if none. */
  readonly fast: Int32Array;
  /** Per host: reachable devices in slower tiers, nearest first. */
  readonly slow: Int32Array[];
  /** Distinct fast devices; a page's group is the index of its host's fast device here. */
  readonly fastDevices: Int32Array;
  /** Device -> group index, -1 for devices that are no host's fast device. */
  readonly deviceGroup: Int32Array;
  /** Per host: its group index (-1 if it has no fast device). */
  readonly hostGroup: Int32Array;

  constructor(view: PolicyView) {
    const H = view.initiators, D = view.nodes;
    this.fast = new Int32Array(H).fill(-1);
    this.slow = [];
    this.deviceGroup = new Int32Array(D).fill(-1);
    this.hostGroup = new Int32Array(H).fill(-1);
    const groups: number[] = [];
    for (let h = 0; h < H; h++) {
      const order = view.nodeOrder(h);
      let f = -1;
      for (const d of order) if (view.isFast(h, d)) { f = d; break; }
      this.fast[h] = f;
      this.slow.push(Int32Array.from(Array.from(order).filter((d) => !view.isFast(h, d))));
      if (f >= 0) {
        if (this.deviceGroup[f] < 0) { this.deviceGroup[f] = groups.length; groups.push(f); }
        this.hostGroup[h] = this.deviceGroup[f];
      }
    }
    this.fastDevices = Int32Array.from(groups);
  }

  get groups(): number {
    return this.fastDevices.length;
  }

  /** Nearest slower device of host h with a free frame (reservations included), or -1. */
  demoteTarget(view: PolicyView, h: number): number {
    const s = this.slow[h];
    for (let i = 0; i < s.length; i++) if (view.nodeFree[s[i]] > 0) return s[i];
    return -1;
  }
}

/** Counting sort of page lists by a small integer bucket (stable: page order within a bucket). */
export class BucketSort {
  private tmp: Int32Array;
  private count: Int32Array;

  constructor(pages: number, nb: number) {
    this.tmp = new Int32Array(pages);
    this.count = new Int32Array(nb + 1);
  }

  /** Sorts list[0..n) in place by bucket[page] (or map[bucket[page]]): hottest (largest) first, or coldest first. */
  sort(list: Int32Array, n: number, bucket: Uint16Array, nb: number, hottestFirst: boolean, map?: Uint16Array): void {
    if (n <= 1) return;
    if (this.count.length < nb + 1) this.count = new Int32Array(nb + 1);
    if (this.tmp.length < n) this.tmp = new Int32Array(n);
    const count = this.count, tmp = this.tmp;
    count.fill(0, 0, nb + 1);
    if (map) for (let i = 0; i < n; i++) count[map[bucket[list[i]]]]++;
    else for (let i = 0; i < n; i++) count[bucket[list[i]]]++;
    let at = 0;
    if (hottestFirst) for (let b = nb - 1; b >= 0; b--) { const c = count[b]; count[b] = at; at += c; }
    else for (let b = 0; b < nb; b++) { const c = count[b]; count[b] = at; at += c; }
    if (map) for (let i = 0; i < n; i++) { const p = list[i]; tmp[count[map[bucket[p]]]++] = p; }
    else for (let i = 0; i < n; i++) { const p = list[i]; tmp[count[bucket[p]]++] = p; }
    list.set(tmp.subarray(0, n));
  }
}

/**
 * Per group (fast device) counts of a bucket-scored page set, and the page budget each fast
 * device has for its group's pages.
 */
export class GroupHistogram {
  readonly nb: number;
  /** [g * nb + b]: pages of group g in bucket b (valid after end()). */
  readonly all: Int32Array;
  /** [g * nb + b]: those of them already in a fast tier (valid after end()). */
  readonly fast: Int32Array;
  /** Per group: frames its pages may use in the fast tier (valid after end()). */
  readonly budget: Int32Array;
  private readonly tiers: Tiers;
  /**
   * Counting inside a policy's own pass over the pages (a method call per page would cost more
   * than the count): after begin(), for each placed page p in bucket b on device d,
   *   c = cls[host[p] * D + d];  if (c >= 0) cnt[((c >> 1) * nb + b) * 2 + (c & 1)]++;
   * then end(). cls is (group of the host) * 2 + (d is in the host's fast tier), -1 for hosts
   * without a fast device; one counter array keeps the pass fast.
   */
  readonly cls: Int32Array;
  readonly cnt: Int32Array;
  readonly D: number;

  constructor(view: PolicyView, tiers: Tiers, nb: number) {
    const G = tiers.groups, H = view.initiators, D = view.nodes;
    this.nb = nb;
    this.tiers = tiers;
    this.D = D;
    this.all = new Int32Array(G * nb);
    this.fast = new Int32Array(G * nb);
    this.budget = new Int32Array(G);
    this.cnt = new Int32Array(G * nb * 2);
    this.cls = new Int32Array(H * D).fill(-1);
    for (let h = 0; h < H; h++) {
      const g = tiers.hostGroup[h];
      if (g < 0) continue;
      for (let d = 0; d < D; d++) this.cls[h * D + d] = g * 2 + view.fastFor[h * D + d];
    }
  }

  /** Starts a count (see cls). */
  begin(): void {
    this.cnt.fill(0);
  }

  /**
   * Finishes a count, before any migration is queued this epoch. A group's budget is the fast
   * device's free frames minus `headroom[g]` plus the group's pages already in a fast tier
   * (= capacity - headroom - other groups' pages on it + the group's pages on other fast devices).
   * With `map`, the count was by key k and bucket = map[k] (a permutation of 0..nb-1).
   */
  end(view: PolicyView, headroom: Int32Array, map?: Uint16Array): void {
    const nb = this.nb, cnt = this.cnt, all = this.all, fast = this.fast;
    const fastDev = this.tiers.fastDevices;
    for (let g = 0; g < fastDev.length; g++) {
      let inFast = 0;
      for (let k = 0; k < nb; k++) {
        const i = g * nb + k;
        const o = g * nb + (map ? map[k] : k);
        const f = cnt[2 * i + 1];
        all[o] = cnt[2 * i] + f;
        fast[o] = f;
        inFast += f;
      }
      this.budget[g] = Math.max(0, view.nodeFree[fastDev[g]] - headroom[g] + inFast);
    }
  }

  /** begin, count every page by bucket[p], end: one tight pass. */
  build(view: PolicyView, bucket: Uint16Array, headroom: Int32Array): void {
    this.begin();
    const dev = view.pageNode, host = view.pageInitiator, cls = this.cls, cnt = this.cnt, D = this.D, nb = this.nb;
    for (let p = 0, P = view.pages; p < P; p++) {
      const d = dev[p];
      if (d === NONE) continue;
      const c = cls[host[p] * D + d];
      if (c >= 0) cnt[((c >> 1) * nb + bucket[p]) * 2 + (c & 1)]++;
    }
    this.end(view, headroom);
  }

  /**
   * Smallest bucket T >= minT with the group's pages in buckets >= T fitting its budget
   * (nb - 1 if even the top bucket overflows). Also returns how many pages that is.
   * With `partial`, the bucket that overflows the budget (if >= minT) is the threshold, and
   * the budget is filled from it: its pages are alike, so as many of them as fit belong in
   * the fast tier (a hot set larger than it); without, a threshold bucket is whole or out.
   */
  fit(g: number, minT: number, partial = false): { threshold: number; pages: number } {
    const nb = this.nb, base = g * nb, budget = this.budget[g];
    let total = 0;
    let t = nb;
    while (t > minT && total + this.all[base + t - 1] <= budget) { total += this.all[base + t - 1]; t--; }
    if (partial && t > minT && this.all[base + t - 1] > 0) return { threshold: t - 1, pages: budget };
    if (t === nb) return { threshold: nb - 1, pages: this.all[base + nb - 1] };
    return { threshold: t, pages: total };
  }

  /** Pages of group g in buckets >= t that are not yet in a fast tier. */
  slowAtLeast(g: number, t: number): number {
    const base = g * this.nb;
    let n = 0;
    for (let b = Math.max(0, t); b < this.nb; b++) n += this.all[base + b] - this.fast[base + b];
    return n;
  }
}

export interface ConvergePlan {
  /** Per page score bucket: higher = hotter (with `map`: map[bucket[p]] is the bucket). */
  bucket: Uint16Array;
  map?: Uint16Array;
  /** Per group: pages in buckets >= hot[g] are promoted. */
  hot: Int32Array;
  /** Per group: fast-tier pages in buckets < cold[g] may be demoted (cold[g] <= hot[g]). */
  cold: Int32Array;
  /** Per group: free frames to leave on the fast device after promotions. */
  headroom: Int32Array;
  /** Per group: scratch, pages to promote (computed by converge). */
  want: Int32Array;
  /** Per group: scratch, pages to demote (computed by converge). */
  need: Int32Array;
}

/** A plan over `groups` fast devices with zeroed per-group thresholds and scratch. */
export function newPlan(bucket: Uint16Array, groups: number, map?: Uint16Array): ConvergePlan {
  const g = () => new Int32Array(groups);
  return { bucket, map, hot: g(), cold: g(), headroom: g(), want: g(), need: g() };
}

/** Scratch lists for converge, sized to the page count. */
export class Candidates {
  readonly promote: Int32Array;
  readonly demote: Int32Array;
  readonly sorter: BucketSort;
  /** Per group: collect fast pages below lowCut and slow pages at or above highCut. */
  readonly lowCut: Int32Array;
  readonly highCut: Int32Array;

  constructor(pages: number, nb: number, groups: number) {
    this.promote = new Int32Array(pages);
    this.demote = new Int32Array(pages);
    this.sorter = new BucketSort(pages, nb);
    this.lowCut = new Int32Array(groups);
    this.highCut = new Int32Array(groups);
  }
}

/**
 * Moves pages toward "fast tier = the hot buckets": first demotes the coldest fast-tier pages
 * to make room for the hot slow-tier pages plus the headroom, then promotes the hottest.
 * Demotions are queued before promotions, so the frames they free are there when the
 * promotions run. One pass over the pages collects the candidates, which are then sorted by
 * bucket; nothing is scanned when nothing is to move. Returns the number of pages queued.
 */
export function converge(view: PolicyView, sink: MigrationSink, tiers: Tiers, hist: GroupHistogram, cand: Candidates, plan: ConvergePlan): { promoted: number; demoted: number } {
  const nb = hist.nb;
  const G = tiers.groups;
  const { bucket, map, hot, cold, headroom, want, need } = plan;
  const free = view.nodeFree;
  let promoteLeft = sink.remaining(PROMOTE);
  let totalNeed = 0, totalWant = 0;
  for (let g = 0; g < G; g++) {
    const d = tiers.fastDevices[g];
    want[g] = Math.min(hist.slowAtLeast(g, hot[g]), promoteLeft);
    need[g] = Math.max(0, want[g] + headroom[g] - free[d]);
    totalNeed += need[g];
    totalWant += want[g];
  }
  let demoted = 0, promoted = 0;
  if (totalNeed === 0 && totalWant === 0) return { promoted, demoted };
  const lowCut = cand.lowCut, highCut = cand.highCut;
  // Narrow the buckets to collect: the coldest buckets that hold `need` fast pages, the
  // hottest that hold `want` slow ones (one bucket of slack for pages the histogram places
  // on other fast devices).
  for (let g = 0; g < G; g++) {
    const base = g * nb;
    if (need[g] > 0) {
      let n = 0, b = 0;
      while (b < cold[g] && n < need[g]) n += hist.fast[base + b++];
      lowCut[g] = Math.min(cold[g], b + 1);
    } else lowCut[g] = 0;
    if (want[g] > 0) {
      let n = 0, b = nb;
      while (b > hot[g] && n < want[g]) { b--; n += hist.all[base + b] - hist.fast[base + b]; }
      highCut[g] = Math.max(hot[g], b - 1);
    } else highCut[g] = nb;
  }

  // Candidates: hot pages below their best tier, cold pages on fast devices that need room.
  const dev = view.pageNode, host = view.pageInitiator, fastFor = view.fastFor, D = view.nodes;
  const devGroup = tiers.deviceGroup, hostGroup = tiers.hostGroup;
  const up = cand.promote, down = cand.demote;
  let nu = 0, nd = 0;
  for (let p = 0, P = view.pages; p < P; p++) {
    const d = dev[p];
    if (d === NONE) continue;
    const b = map ? map[bucket[p]] : bucket[p];
    const dg = devGroup[d];
    if (dg >= 0 && b < lowCut[dg]) down[nd++] = p;
    const h = host[p];
    const g = hostGroup[h];
    if (g >= 0 && b >= highCut[g] && fastFor[h * D + d] === 0) up[nu++] = p;
  }

  // Demotions: coldest first, only from fast devices that need room.
  if (nd > 0) {
    cand.sorter.sort(down, nd, bucket, nb, false, map);
    let demoteLeft = sink.remaining(DEMOTE);
    for (let i = 0; i < nd && totalNeed > 0 && demoteLeft > 0; i++) {
      const p = down[i];
      const g = devGroup[dev[p]];
      if (need[g] <= 0) continue;
      const to = tiers.demoteTarget(view, host[p]);
      if (to < 0) continue;
      if (sink.migrate(p, to, DEMOTE)) { need[g]--; totalNeed--; demoted++; demoteLeft--; }
    }
  }

  // Promotions: hottest first, while the fast device keeps its headroom.
  if (nu > 0) {
    cand.sorter.sort(up, nu, bucket, nb, true, map);
    for (let i = 0; i < nu && promoteLeft > 0; i++) {
      const p = up[i];
      const g = hostGroup[host[p]];
      if (want[g] <= 0) continue;
      const f = tiers.fastDevices[g];
      if (free[f] - headroom[g] <= 0) continue;
      if (sink.migrate(p, f, PROMOTE)) { want[g]--; promoted++; promoteLeft--; }
    }
  }
  return { promoted, demoted };
}

/** The rate-limit knob every tiering policy here has, in MiB/s. */
export function rateParam(defaultMiBps: number, help: string): ParamSpec {
  return { key: 'rateMBps', label: 'Migration rate limit', default: defaultMiBps, min: 1, max: 1_000_000, unit: 'MiB/s', help };
}

/** Per-group frames to keep free: `pct` % of each fast device. */
export function headroomFrames(view: PolicyView, tiers: Tiers, pct: number, out: Int32Array): void {
  for (let g = 0; g < tiers.groups; g++) out[g] = Math.floor((view.nodeCapacity[tiers.fastDevices[g]] * pct) / 100);
}
