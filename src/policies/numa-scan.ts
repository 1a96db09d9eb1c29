// The NUMA balancing PTE scanner (task_numa_work) in memory-tiering mode, shared by
// linux-tiering and tpp. Each address space is swept in address order, one window of
// numa_balancing_scan_size_mb at a time; the first window after numa_balancing_scan_delay_ms,
// then one window per scan period. The period is per window, as in the kernel: a full sweep
// takes period x windows, bounded by [scan_period_min, scan_period_max] per sweep and by
// 2560 MB/s of scanning (MAX_SCAN_WINDOW). Only slow-tier pages are made inaccessible (top-tier
// pages are skipped in tiering mode, and so are pages still armed from an earlier pass, whose
// scan time stays the old one); an armed page takes one NUMA hint fault at its next access.
// Time is in epochs: windows that fall due during an epoch arm their pages at its end, and a
// page's scan-to-fault time is measured from there to its first access in a later epoch. That
// first access comes from the page's real access rate (PolicyView.accessRate): at arming the
// page draws an Exp(1) amount of "expected accesses to go", each epoch spends rate x epoch of
// it, and the fault falls where it runs out (exact for rates that change from epoch to epoch).
// A page with thousands of accesses per second faults within milliseconds; an idle one never.
// Pages not armed have their accessed bit read once per epoch for the LRU (reclaim.ts).
//
// After each full sweep the period is adjusted from the hint faults seen since the last
// adjustment, with the kernel's slot arithmetic (update_task_scan_period: 10 slots, threshold 7):
// no faults doubles it; otherwise, with r = tenths of the faults that found nothing to migrate,
// r >= 7 lengthens it by max(1, r - 7) tenths and r < 7 shortens it by (7 - r) tenths.
// The kernel's own measure is local vs remote and private vs shared faults, and in tiering mode
// task_numa_fault does not even count faults that leave a page on the slow tier; the share of
// faults that found a page to migrate stands in for it here, so that the period backs off when
// scans find little and shortens when they find much.
//
// Address spaces: the engine lays them out back to back; runs of pages with the same host are
// treated as one address space (two address spaces of one host that sit side by side are
// scanned as one, at their combined size).
import { CAL } from '../platform/calibration';
import { expDraw, seen } from './observe';
import { ColdDemoter, DemotionTargets, LruClock, MIB, demotableDevices, promotionTargets, watermarks } from './reclaim';
import { NO_NODE, type ParamSpec, type PolicyView, type StatSpec } from './types';

/** Slices of an epoch by which hint faults are put in the order they came (collect). */
const TIME_BINS = 4096;
/** The kernel caps scanning at this many MB per second (MAX_SCAN_WINDOW). */
const MAX_SCAN_WINDOW_MB = 2560;

export const scanParams: ParamSpec[] = [
  { key: 'scan_delay_ms', label: 'Scan delay', default: 1000, min: 0, max: 600_000, integer: true, unit: 'ms', help: 'Time before the first scan of an address space (kernel.numa_balancing_scan_delay_ms)' },
  { key: 'scan_period_min_ms', label: 'Shortest scan period', default: 1000, min: 1, max: 600_000, integer: true, unit: 'ms', help: 'Shortest time for a full sweep of an address space (kernel.numa_balancing_scan_period_min_ms)' },
  { key: 'scan_period_max_ms', label: 'Longest scan period', default: 60000, min: 1, max: 3_600_000, integer: true, unit: 'ms', help: 'Longest time for a full sweep; scanning backs off toward it when little is found (kernel.numa_balancing_scan_period_max_ms)' },
  { key: 'scan_size_mb', label: 'Scan window size', default: 256, min: 1, max: 65536, integer: true, unit: 'MB', help: 'Address space made inaccessible per scan window (kernel.numa_balancing_scan_size_mb)' },
];

/** Figures of the scanner and of hint-fault promotion, shared by linux-tiering and tpp. */
export const scanStats: Record<'sweep' | 'faults' | 'queued' | 'noRoom', StatSpec> = {
  sweep: { key: 'scanSweepMs', label: 'Scan period', unit: 'ms', scope: 'now', help: 'Time the NUMA scanner now takes to sweep an address space once (the longest of all); it adapts between the shortest and longest scan period' },
  faults: { key: 'hintFaults', label: 'NUMA hint faults', unit: 'faults', scope: 'run', help: 'Accesses that found a slow-tier page the scanner had made inaccessible; each costs its thread a fault' },
  queued: { key: 'promotionsQueued', label: 'Promotions queued', unit: 'pages', scope: 'run', help: 'Hot slow-tier pages queued to move to their host\'s nearest fast-tier node' },
  noRoom: { key: 'promotionsFailedNoRoom', label: 'Promotions refused for lack of room', unit: 'pages', scope: 'run', help: 'Hot pages not promoted because the fast node would fall below its high watermark (migrate_balanced_pgdat); each wakes kswapd' },
};

export interface ScanConfig {
  delayMs: number;
  periodMinMs: number;
  periodMaxMs: number;
  sizeMB: number;
}

export function scanConfig(params: Record<string, number>): ScanConfig {
  return {
    delayMs: params.scan_delay_ms,
    periodMinMs: params.scan_period_min_ms,
    periodMaxMs: Math.max(params.scan_period_min_ms, params.scan_period_max_ms),
    sizeMB: params.scan_size_mb,
  };
}

export class NumaScanner {
  /** Epoch at whose end each page was made inaccessible (-1: not armed). */
  readonly armEpoch: Int32Array;
  /** Per armed page: expected accesses still to go before its first one (an Exp(1) draw at arming). */
  private readonly toGo: Float32Array;
  /** Per fault listed by collect(), by list position: ms into the epoch of the faulting access. */
  private readonly faultInEpochMs: Float32Array;
  private readonly timeCount = new Int32Array(TIME_BINS + 1);
  private sortList: Int32Array | null = null;
  private sortAt: Float32Array | null = null;
  /** Hint faults in the epoch just handled (collect()). */
  faults = 0;
  /** Pages armed by the last scan() call. */
  armed = 0;

  private readonly segStart: Int32Array;
  private readonly segEnd: Int32Array;
  private readonly cursor: Int32Array;
  private readonly windows: Int32Array;
  private readonly windowMs: Float64Array;
  private readonly minWindowMs: Float64Array;
  private readonly maxWindowMs: Float64Array;
  private readonly nextScanMs: Float64Array;
  private readonly segFaults: Float64Array;
  private readonly segHot: Float64Array;
  /** Per address space: its scan wrapped (reset_ptenuma_scan: a new numa_scan_seq) since its last hint fault. */
  private readonly newSeq: Uint8Array;
  private readonly windowPages: number;

  constructor(view: PolicyView, cfg: ScanConfig) {
    const P = view.pages;
    this.armEpoch = new Int32Array(P).fill(-1);
    this.toGo = new Float32Array(P);
    this.faultInEpochMs = new Float32Array(P);
    const starts: number[] = [];
    for (let p = 0; p < P; p++) if (p === 0 || view.pageInitiator[p] !== view.pageInitiator[p - 1]) starts.push(p);
    const S = starts.length;
    this.segStart = Int32Array.from(starts);
    this.segEnd = Int32Array.from(starts, (_, i) => (i + 1 < S ? starts[i + 1] : P));
    this.cursor = Int32Array.from(starts);
    this.windowPages = Math.max(1, Math.floor((cfg.sizeMB * MIB) / view.pageBytes));
    // task_scan_min / task_scan_max: per-window periods.
    const perSec = cfg.sizeMB < MAX_SCAN_WINDOW_MB ? Math.floor(MAX_SCAN_WINDOW_MB / cfg.sizeMB) : 1;
    const floorMs = Math.floor(1000 / perSec);
    this.windows = new Int32Array(S);
    this.windowMs = new Float64Array(S);
    this.minWindowMs = new Float64Array(S);
    this.maxWindowMs = new Float64Array(S);
    this.nextScanMs = new Float64Array(S).fill(cfg.delayMs);
    this.segFaults = new Float64Array(S);
    this.segHot = new Float64Array(S);
    this.newSeq = new Uint8Array(S);
    for (let s = 0; s < S; s++) {
      const w = Math.max(1, Math.ceil((this.segEnd[s] - this.segStart[s]) / this.windowPages));
      this.windows[s] = w;
      this.minWindowMs[s] = Math.max(1, floorMs, Math.floor(cfg.periodMinMs / w));
      this.maxWindowMs[s] = Math.max(this.minWindowMs[s], Math.floor(cfg.periodMaxMs / w));
      this.windowMs[s] = this.minWindowMs[s]; // task_scan_start
    }
  }

  /** Address space (segment) of page p. */
  segmentOf(p: number): number {
    let lo = 0, hi = this.segStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segStart[mid] <= p) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Current time for a full sweep of page p's address space (ms). */
  sweepMs(p: number): number {
    const s = this.segmentOf(p);
    return this.windowMs[s] * this.windows[s];
  }

  /** The longest current full-sweep time over the address spaces (ms). */
  maxSweepMs(): number {
    let m = 0;
    for (let s = 0; s < this.windows.length; s++) m = Math.max(m, this.windowMs[s] * this.windows[s]);
    return m;
  }

  /**
   * One pass over the pages: armed pages whose first access came in the epoch just simulated
   * take their hint fault and are listed in `out`, in the order their faults came (their LRU
   * time is left for the caller, who may want the previous one); every other page whose
   * accessed bit is found set gets its LRU time. Returns the number of faults.
   */
  collect(view: PolicyView, lastAccess: Int32Array, out: Int32Array): number {
    const rate = view.accessRate, arm = this.armEpoch, toGo = this.toGo, at = this.faultInEpochMs;
    const e = view.epoch, rng = view.rng, ms = view.epochMs, sec = ms / 1000;
    let n = 0;
    for (let p = 0; p < rate.length; p++) {
      const x = rate[p] * sec;
      if (arm[p] >= 0) {
        if (!(x > 0)) continue;
        const g = toGo[p];
        if (x >= g) { at[n] = (g / x) * ms; out[n++] = p; } else toGo[p] = g - x;
      } else if (seen(x, rng)) {
        lastAccess[p] = e;
      }
    }
    this.inTimeOrder(out, n, ms);
    this.faults = n;
    return n;
  }

  /**
   * Sorts the faults listed (pages in `out`, times in faultInEpochMs) by when they came: the
   * kernel handles each as it comes, so the pages that fault first (the hottest: a page's fault
   * comes ~1 / rate after its scan) take the room there is before the later ones find none.
   * A counting sort on TIME_BINS slices of the epoch, stable (page order within a slice).
   */
  private inTimeOrder(out: Int32Array, n: number, ms: number): void {
    if (n <= 1) return;
    const at = this.faultInEpochMs, count = this.timeCount;
    const list = (this.sortList ??= new Int32Array(out.length)), times = (this.sortAt ??= new Float32Array(out.length));
    count.fill(0);
    const scale = TIME_BINS / ms;
    const bin = (t: number) => { const b = Math.floor(t * scale); return b < 0 ? 0 : b >= TIME_BINS ? TIME_BINS - 1 : b; };
    for (let i = 0; i < n; i++) count[bin(at[i]) + 1]++;
    for (let b = 0; b < TIME_BINS; b++) count[b + 1] += count[b];
    for (let i = 0; i < n; i++) { const k = count[bin(at[i])]++; list[k] = out[i]; times[k] = at[i]; }
    out.set(list.subarray(0, n));
    at.set(times.subarray(0, n));
  }

  /**
   * Takes the hint fault of page p, listed at position i by collect(): charges it to the
   * page's host, disarms the page and returns the time (ms) from its scan to the fault.
   */
  fault(view: PolicyView, p: number, i: number): number {
    view.chargeStallNs(view.initiatorHost[view.pageInitiator[p]], CAL.hintFaultNs.value);
    if (view.kernel) {
      // task_numa_fault, and task_numa_placement once per scan sequence (it keeps neither for a slow-tier node in tiering mode).
      const s = this.segmentOf(p);
      view.kernel.numaFault(view.pageInitiator[p], view.pageNode[p], this.newSeq[s] === 1);
      if (view.fastNode[view.pageNode[p]] === 1) this.newSeq[s] = 0;
    }
    const armedAtMs = (this.armEpoch[p] + 1) * view.epochMs;
    this.armEpoch[p] = -1;
    return view.epoch * view.epochMs + this.faultInEpochMs[i] - armedAtMs;
  }

  /** Feedback for the period: a hint fault on p that did (hot) or did not find a page to migrate. */
  note(p: number, hot: boolean): void {
    const s = this.segmentOf(p);
    this.segFaults[s]++;
    if (hot) this.segHot[s]++;
  }

  /** Runs the scan windows due by the end of the epoch just simulated. */
  scan(view: PolicyView): void {
    const endMs = (view.epoch + 1) * view.epochMs;
    const dev = view.pageNode, host = view.pageInitiator, fastFor = view.fastFor, D = view.nodes, arm = this.armEpoch, e = view.epoch;
    const toGo = this.toGo, rng = view.rng;
    this.armed = 0;
    for (let s = 0; s < this.segStart.length; s++) {
      while (this.nextScanMs[s] <= endMs) {
        const a = this.cursor[s];
        const b = Math.min(this.segEnd[s], a + this.windowPages);
        let armed = 0;
        for (let p = a; p < b; p++) {
          const d = dev[p];
          if (d !== NO_NODE && fastFor[host[p] * D + d] === 0 && arm[p] < 0) { arm[p] = e; toGo[p] = expDraw(rng); armed++; }
        }
        this.armed += armed;
        if (b >= this.segEnd[s]) {
          this.cursor[s] = this.segStart[s];
          this.newSeq[s] = 1;
          this.adjust(s);
        } else {
          this.cursor[s] = b;
        }
        this.nextScanMs[s] += this.windowMs[s];
      }
    }
  }

  /** update_task_scan_period, once per full sweep. */
  private adjust(s: number): void {
    const faults = this.segFaults[s], hot = this.segHot[s];
    this.segFaults[s] = 0;
    this.segHot[s] = 0;
    let w = this.windowMs[s];
    if (faults === 0) {
      w = w * 2;
    } else {
      const slot = Math.ceil(w / 10);
      const r = Math.floor((10 * (faults - hot)) / faults);
      w += r >= 7 ? Math.max(1, r - 7) * slot : -(7 - r) * slot;
    }
    this.windowMs[s] = Math.min(this.maxWindowMs[s], Math.max(this.minWindowMs[s], w));
  }
}

/**
 * What the hint-fault tiering policies (linux-tiering, tpp) both build: watermarks, the LRU
 * clock, the scanner, demotion targets and the promotion target of each host.
 */
export function hintFaultTiering(view: PolicyView, params: Record<string, number>) {
  const wm = watermarks(view, params.watermark_scale_factor);
  const targets = new DemotionTargets(view);
  const canDemote = demotableDevices(view, targets);
  const promoTarget = promotionTargets(view);
  return {
    /**
     * The topology's structure changed (a node gone, back or new; reach or tiers changed): the
     * node tables are derived again, as the kernel's hot-plug notifiers do (watermarks, the
     * demotion targets, the top tier), while the per-page state (the NUMA scanner's, the LRU
     * ages) carries on: memory hot-plug does not restart NUMA balancing.
     */
    rebuild(v: PolicyView): void {
      watermarks(v, params.watermark_scale_factor, wm);
      targets.rebuild(v);
      canDemote.set(demotableDevices(v, targets));
      promoTarget.set(promotionTargets(v));
    },
    wm,
    lru: new LruClock(view.pages),
    scanner: new NumaScanner(view, scanConfig(params)),
    targets,
    demoter: new ColdDemoter(),
    canDemote,
    promoTarget,
    faultList: new Int32Array(view.pages),
    /** Promotions refused for room this epoch, retried once kswapd has made some. */
    refused: new Int32Array(view.pages),
  };
}
