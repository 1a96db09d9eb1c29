// Linux reclaim pieces shared by linux-no-tiering, linux-tiering and tpp: per-node watermarks
// (vm.watermark_scale_factor), an LRU clock (last epoch each page's accessed bit was found
// set), the demotion
// target order (node_demotion: next tier first, nearest first), kswapd's cold-page demotion
// and allocation that respects the low watermark. Typed arrays allocated once; the per-epoch
// work is O(pages) and only when kswapd runs.
import { CAL } from '../platform/calibration';
import { expNeg, seen } from './observe';
import { NO_NODE, Reason, type MigrationSink, type ParamSpec, type PolicyView, type StatSpec } from './types';

export const MIB = 1048576;

/**
 * Per-device watermarks in pages. The kernel's gap between watermarks is
 * max(min/4, managed * watermark_scale_factor / 10000); min (from min_free_kbytes) is taken
 * as one gap here. low = min + gap, high = low + gap, promo (memory tiering) = high + gap.
 */
export interface Watermarks {
  gap: Int32Array;
  min: Int32Array;
  low: Int32Array;
  high: Int32Array;
  promo: Int32Array;
}

/** Watermarks from each node's capacity; `into` refills a policy's own after a topology change. */
export function watermarks(view: PolicyView, scaleFactor: number, into?: Watermarks): Watermarks {
  const D = view.nodes;
  const w: Watermarks = into ?? { gap: new Int32Array(D), min: new Int32Array(D), low: new Int32Array(D), high: new Int32Array(D), promo: new Int32Array(D) };
  for (let d = 0; d < D; d++) {
    const gap = Math.max(1, Math.floor((view.nodeCapacity[d] * scaleFactor) / 10000));
    w.gap[d] = gap;
    w.min[d] = gap;
    w.low[d] = 2 * gap;
    w.high[d] = 3 * gap;
    w.promo[d] = 4 * gap;
  }
  return w;
}

export const watermarkParam: ParamSpec = {
  key: 'watermark_scale_factor', label: 'Watermark scale factor', default: 10, min: 1, max: 3000, integer: true,
  unit: '/10000', help: 'Gap between the min, low and high watermarks in 1/10000 of node memory, 10 = 0.1 % (vm.watermark_scale_factor)',
};

export const demotionParam: ParamSpec = {
  key: 'demotion_enabled', label: 'Demotion enabled', default: 1, min: 0, max: 1, integer: true, unit: 'on/off',
  help: '1: kswapd demotes cold pages to the next tier; 0: no demotion, reclaim would swap, which is not modelled (/sys/kernel/mm/numa/demotion_enabled)',
};

export const kswapdStat: StatSpec = {
  key: 'kswapdDemotions', label: 'Demotions by kswapd', unit: 'pages', scope: 'run',
  help: 'Least recently used pages kswapd queued for a slower tier to bring a node\'s free memory back above its watermark',
};

/** Pages per epoch for a rate in MiB/s (fractional; Infinity stays Infinity). */
export function pagesPerEpoch(mibPerSec: number, view: PolicyView): number {
  if (!(mibPerSec > 0)) return 0;
  return (mibPerSec * MIB * view.epochMs) / 1000 / view.pageBytes;
}

/**
 * Epoch in which each page's accessed bit was last found set (-1: never): the LRU order kswapd
 * reclaims by. The bit is read once per epoch: set with probability 1 - exp(-rate x epoch).
 */
export class LruClock {
  readonly lastAccess: Int32Array;

  constructor(pages: number) {
    this.lastAccess = new Int32Array(pages).fill(-1);
  }

  /** Reads every page's accessed bit for the epoch just simulated. O(pages). */
  touch(view: PolicyView): void {
    const rate = view.accessRate, last = this.lastAccess, e = view.epoch, rng = view.rng;
    const sec = view.epochMs / 1000;
    for (let p = 0; p < rate.length; p++) if (seen(rate[p] * sec, rng)) last[p] = e;
  }
}

export const AGE_BUCKETS = 64;
const NEVER = AGE_BUCKETS - 1;

/**
 * LRU age bucket of a page (higher = older): epochs since its last access, exact below 32,
 * then one bucket per power of two; never accessed is the oldest. Integer operations only.
 */
export function ageBucket(epoch: number, last: number): number {
  if (last < 0) return NEVER;
  const age = epoch - last;
  if (age < 32) return age < 0 ? 0 : age;
  return 27 + (31 - Math.clz32(age));
}

/**
 * Where reclaim demotes a page: for each (host, tier) the reachable devices of slower tiers,
 * next tier first and nearest first within a tier (the kernel's node_demotion preferred
 * nodes, then the rest of the lower tiers).
 */
export class DemotionTargets {
  private lists: Int32Array[] = [];
  private tiers = 0;

  constructor(view: PolicyView) {
    this.rebuild(view);
  }

  /** From the topology as it is now (establish_demotion_targets, run again on memory hot-plug). */
  rebuild(view: PolicyView): void {
    this.tiers = view.tierCount;
    this.lists = [];
    for (let h = 0; h < view.initiators; h++) {
      const order = Array.from(view.nodeOrder(h)); // nearest first
      for (let t = 0; t < this.tiers; t++) {
        const lower = order.filter((d) => view.nodeTier[d] > t);
        lower.sort((a, b) => view.nodeTier[a] - view.nodeTier[b] || order.indexOf(a) - order.indexOf(b));
        this.lists.push(Int32Array.from(lower));
      }
    }
  }

  /** True when some host could demote out of tier t. */
  hasLower(view: PolicyView, d: number): boolean {
    const t = view.nodeTier[d];
    // No tier at all: every device has failed or gone offline (a timeline's faults).
    if (t >= this.tiers) return false;
    for (let h = 0; h < view.initiators; h++) if (this.lists[h * this.tiers + t].length > 0) return true;
    return false;
  }

  /**
   * First demotion target of a host's page in tier t with free frames above its min watermark,
   * or -1: alloc_demote_folio's allocation from node_demotion's target over the lower tiers,
   * whose zonelist walk the kernel's work counts (PolicyView.kernel).
   */
  pick(view: PolicyView, host: number, tier: number, minWm: Int32Array): number {
    if (tier >= this.tiers) return -1;
    const l = this.lists[host * this.tiers + tier];
    for (let i = 0; i < l.length; i++) {
      if (view.nodeFree[l[i]] > minWm[l[i]]) { view.kernel?.allocation(host, i + 1); return l[i]; }
    }
    view.kernel?.allocation(host, l.length);
    return -1;
  }
}

/**
 * How long (ms) a page of node d sits on the inactive LRU list between kswapd clearing its
 * referenced bit (shrink_active_list deactivates it) and checking it again at the list's tail
 * (shrink_inactive_list): the inactive list, half the node's pages (inactive_ratio is 1 below
 * 1 GB, and the presets' nodes are small), checked at CAL.lruCheckNs each while kswapd runs.
 * A page used within that window is referenced at the check and activated instead of reclaimed.
 */
export function inactiveWindowMs(view: PolicyView, d: number): number {
  return (view.nodeCapacity[d] / 2) * CAL.lruCheckNs.value / 1e6;
}

/**
 * kswapd's reclaim of one node by demotion: the least recently used pages of node d go to
 * their demotion targets, oldest age bucket first, address order (from a rotating cursor)
 * within the last bucket taken. A page whose accessed bit was found set in the epoch just
 * simulated (age 0) is demoted only when those run out, and only if kswapd's own check finds it
 * unreferenced: the kernel clears a page's referenced bit when it deactivates it and tests it
 * again one inactive-list pass later (inactiveWindowMs), activating a page used in between
 * (folio_check_references), so a page accessed at rate r survives with probability
 * 1 - exp(-r x window). That is the LRU ageing that lets the cold tail of a working set whose
 * every page is touched each epoch (zipf) leave DRAM, coldest most often, while a node whose
 * pages are all busy still cannot be reclaimed. Before, age-0 pages were never demoted, and on
 * single-host-cxl (zipf, working set 2.5x DRAM) tpp and linux-tiering froze at first-touch's
 * placement (49 migrations in 100 epochs).
 *
 * One kswapd call serves every node from one index: two passes over the pages bin them by
 * node (address order within a node) with each node's age histogram, then a node's reclaim
 * walks only its own pages. So a call costs O(pages + nodes), not two passes over every page
 * per node that needs room (41-61 % of a 64-host epoch before). The index is built on the
 * first node that needs it and dropped by `begin()` (pages and LRU ages move between calls).
 */
export class ColdDemoter {
  /** Per node, AGE_BUCKETS counts of its pages by LRU age bucket. */
  private hist = new Int32Array(0);
  /** Pages grouped by node, address order within a node; node n's are [start[n], start[n + 1]). */
  private byNode = new Int32Array(0);
  private start = new Int32Array(0);
  private ready = false;
  private cursor = 0;
  /** Pages demoted by the last call. */
  demoted = 0;

  /** A new kswapd call: the index of the last one is stale. */
  begin(): void {
    this.ready = false;
  }

  /** Bins every placed page by node, with each node's age histogram. Two passes over the pages. */
  private index(view: PolicyView, lru: LruClock): void {
    const P = view.pages, N = view.nodes, dev = view.pageNode, last = lru.lastAccess, e = view.epoch;
    if (this.byNode.length !== P) this.byNode = new Int32Array(P);
    if (this.start.length !== N + 1) { this.start = new Int32Array(N + 1); this.hist = new Int32Array(N * AGE_BUCKETS); }
    const hist = this.hist, start = this.start, byNode = this.byNode;
    hist.fill(0);
    start.fill(0);
    for (let p = 0; p < P; p++) {
      const d = dev[p];
      if (d === NO_NODE) continue;
      start[d + 1]++;
      hist[d * AGE_BUCKETS + ageBucket(e, last[p])]++;
    }
    for (let d = 0; d < N; d++) start[d + 1] += start[d];
    const at = Int32Array.from(start.subarray(0, N)); // next free slot per node
    for (let p = 0; p < P; p++) {
      const d = dev[p];
      if (d !== NO_NODE) byNode[at[d]++] = p;
    }
    this.ready = true;
  }

  /** Queues up to `count` demotions off node d; returns how many were queued. */
  demote(view: PolicyView, sink: MigrationSink, d: number, count: number, lru: LruClock, targets: DemotionTargets, wm: Watermarks): number {
    this.demoted = 0;
    count = Math.min(count, sink.remaining(Reason.demote));
    if (!(count > 0)) return 0;
    if (!this.ready) this.index(view, lru);
    const P = view.pages, host = view.pageInitiator, last = lru.lastAccess, e = view.epoch;
    const hist = this.hist, h0 = d * AGE_BUCKETS;
    // Oldest buckets first: all of buckets > cut, and `fromCut` pages of bucket `cut`.
    let cut = AGE_BUCKETS - 1, above = 0;
    while (cut > 1 && above + hist[h0 + cut] < count) above += hist[h0 + cut--];
    const fromCut = Math.min(count - above, hist[h0 + cut]);
    const tier = view.nodeTier[d];
    // Node d's pages in address order from the cursor (wrapping), as a scan of all pages would meet them.
    const pages = this.byNode, lo = this.start[d], hi = this.start[d + 1], n = hi - lo;
    const from = this.cursor < P ? this.cursor : 0;
    let i = lo, j = hi; // first of node d's pages at or after `from`
    while (i < j) { const m = (i + j) >>> 1; if (pages[m] < from) i = m + 1; else j = m; }
    if (i === hi) i = lo; // none at or after it: wrap round to the first
    let taken = 0, takenCut = 0, lastTaken = -1;
    for (let k = 0; k < n && taken < count; k++, i = i + 1 === hi ? lo : i + 1) {
      const p = pages[i];
      const b = ageBucket(e, last[p]);
      if (b < cut || (b === cut && takenCut >= fromCut)) continue;
      const to = targets.pick(view, host[p], tier, wm.min);
      if (to < 0 || !sink.migrate(p, to, Reason.demote)) continue;
      taken++;
      lastTaken = p;
      if (b === cut) takenCut++;
    }
    // Still short: pages used in the epoch just simulated, each if kswapd's check finds it unreferenced.
    if (taken < count && cut <= 1 && hist[h0] > 0) {
      const rate = view.accessRate, rng = view.rng, win = inactiveWindowMs(view, d) / 1000;
      for (let k = 0; k < n && taken < count; k++, i = i + 1 === hi ? lo : i + 1) {
        const p = pages[i];
        if (ageBucket(e, last[p]) !== 0) continue;
        const x = rate[p] * win;
        if (x > 0 && rng.nextFloat() < 1 - expNeg(x)) continue; // referenced: activated
        const to = targets.pick(view, host[p], tier, wm.min);
        if (to < 0 || !sink.migrate(p, to, Reason.demote)) continue;
        taken++;
        lastTaken = p;
      }
    }
    // The scan stops just past the page that met the count; a scan that went all the way round ends where it began.
    this.cursor = taken >= count ? (lastTaken + 1 === P ? 0 : lastTaken + 1) : from;
    this.demoted = taken;
    // Node d's kswapd woke; next_demotion_node per batch demoted.
    const owner = lastTaken >= 0 ? host[lastTaken] : -1;
    view.kernel?.kswapd(d, owner);
    if (owner >= 0) view.kernel?.demotions(owner, taken);
    return taken;
  }
}

/**
 * The page allocator's fast path: the nearest node whose free frames stay above its low
 * watermark (zone_reclaim_mode 0: a node below it is skipped, not reclaimed); -1 lets the
 * engine fall back when every node is below.
 */
export function placeAboveLow(view: PolicyView, host: number, wm: Watermarks): number {
  const order = view.nodeOrder(host);
  for (let i = 0; i < order.length; i++) {
    const d = order[i];
    if (view.nodeFree[d] > wm.low[d]) { view.kernel?.allocation(host, i + 1); return d; }
  }
  view.kernel?.allocation(host, order.length);
  return -1;
}

/** Per initiator: its nearest node in its fast tier, the target of promotions; -1 if none. */
export function promotionTargets(view: PolicyView): Int32Array {
  const out = new Int32Array(view.initiators).fill(-1);
  for (let h = 0; h < view.initiators; h++) {
    const order = view.nodeOrder(h);
    for (let i = 0; i < order.length; i++) if (view.isFast(h, order[i])) { out[h] = order[i]; break; }
  }
  return out;
}

/** True when page p is placed on a device outside its host's fast tier. */
export function onSlowTier(view: PolicyView, p: number): boolean {
  const d = view.pageNode[p];
  return d !== NO_NODE && !view.isFast(view.pageInitiator[p], d);
}

/**
 * kswapd for every node with somewhere to demote to: a node is woken when its free frames
 * fall below `wake[d]` or a failed promotion asked for room (`demand[d]`), and then demotes
 * until free reaches `target[d] + demand[d]`. demand is consumed. Returns pages queued.
 */
export function runKswapd(
  view: PolicyView, sink: MigrationSink, lru: LruClock, targets: DemotionTargets, demoter: ColdDemoter,
  wm: Watermarks, canDemote: Uint8Array, wake: Int32Array, target: Int32Array, demand: Int32Array,
): number {
  let total = 0;
  demoter.begin();
  for (let d = 0; d < view.nodes; d++) {
    const ask = demand[d];
    demand[d] = 0;
    if (!canDemote[d]) continue;
    const free = view.nodeFree[d];
    if (free >= wake[d] && ask === 0) continue;
    const need = target[d] + ask - free;
    if (need > 0) total += demoter.demote(view, sink, d, need, lru, targets, wm);
  }
  return total;
}

/** Devices kswapd can demote from (some host has a slower tier below them). */
export function demotableDevices(view: PolicyView, targets: DemotionTargets): Uint8Array {
  const out = new Uint8Array(view.nodes);
  for (let d = 0; d < view.nodes; d++) out[d] = targets.hasLower(view, d) ? 1 : 0;
  return out;
}
