// Linux NUMA balancing in memory-tiering mode (kernel.numa_balancing = 2), with kswapd demotion.
//
// Promotion: the PTE scanner (numa-scan.ts) makes slow-tier pages inaccessible; a page's next
// access takes a hint fault (CAL.hintFaultNs charged to its host). The page is a promotion
// candidate when the time from its scan to that fault is under the hot threshold
// (should_numa_migrate_memory). The threshold starts at numa_balancing_hot_threshold_ms and is
// adjusted as numa_promotion_adjust_threshold does: once per scan_period_max window, candidates
// above 110 % of the rate limit's worth lower it by 1/8 of the default (down to 1/8), below 90 %
// raise it (up to twice the default). Candidates beyond the promotion rate limit are refused;
// the kernel counts them per 1 s window, here the budget is spread evenly over epochs
// (rate x epochMs). When the top-tier node has plenty of free memory
// (pgdat_free_space_enough: promo watermark + max(1 GB, node / 16)) every faulting page is
// promoted and the threshold resets. A candidate moves to its host's nearest top-tier node if
// that node keeps free frames at or above its high watermark after the move
// (migrate_balanced_pgdat); otherwise the promotion fails and wakes that node's kswapd.
//
// Demotion (reclaim.ts): kswapd wakes when free frames fall below the low watermark or a
// promotion failed for room, and demotes least recently used pages to the next tier until free
// reaches the promotion watermark (high + gap; pgdat_balanced in tiering mode). Woken by refused
// promotions it also makes room for them, as kswapd reclaiming while the faults go on would (a
// page's hint fault comes within milliseconds of its scan, so a window's faults arrive
// together), and they are promoted into it. Allocation fills the nearest node down to its low
// watermark.
import { CAL } from '../platform/calibration';
import { hintFaultTiering, scanConfig, scanParams, scanStats } from './numa-scan';
import { MIB, demotionParam, kswapdStat, onSlowTier, pagesPerEpoch, placeAboveLow, runKswapd, watermarkParam, watermarks } from './reclaim';
import { Reason, type PolicyDef, type PolicyView } from './types';

const ADJUST_STEPS = 16; // NUMA_MIGRATION_ADJUST_STEPS

export const linuxTiering: PolicyDef = {
  name: 'linux-tiering',
  description: 'Linux NUMA balancing, memory-tiering mode: hint-fault latency promotes hot CXL pages (rate-limited, adaptive threshold); kswapd demotes cold DRAM pages',
  params: [
    ...scanParams,
    { key: 'hot_threshold_ms', label: 'Hot threshold', default: 1000, min: 1, max: 600_000, integer: true, unit: 'ms', help: 'A slow-tier page is hot when its hint fault comes this soon after its scan; the starting value (kernel.numa_balancing_hot_threshold_ms)' },
    { key: 'promote_rate_limit_MBps', label: 'Promotion rate limit', default: 65536, min: 0, max: 1_000_000, unit: 'MB/s', help: 'Promotion candidates per second per top-tier node; the hot threshold adapts to it (kernel.numa_balancing_promote_rate_limit_MBps)' },
    watermarkParam,
    demotionParam,
  ],
  stats: [
    { key: 'hotThresholdMs', label: 'Hot threshold', unit: 'ms', scope: 'now', help: 'The adapted threshold of the first host\'s fast node: a hint fault this soon after its scan makes a page a promotion candidate' },
    scanStats.sweep,
    scanStats.faults,
    { key: 'promoteCandidates', label: 'Promotion candidates', unit: 'pages', scope: 'run', help: 'Hint faults on slow-tier pages that came within the hot threshold, before the rate limit' },
    scanStats.queued,
    scanStats.noRoom,
    kswapdStat,
    { key: 'hintFaultCpuMs', label: 'CPU time in hint faults', unit: 'ms', scope: 'run', help: 'CPU time all hosts spent taking NUMA hint faults, summed over cores' },
  ],
  create: ({ params, view }) => {
    const D = view.nodes;
    const tables = hintFaultTiering(view, params);
    const { wm, lru, scanner, targets, demoter, canDemote, promoTarget, faultList, refused } = tables;
    const demotionOn = params.demotion_enabled >= 1;
    // kswapd balances top-tier nodes to the promotion watermark, others to high.
    const kswapdTarget = new Int32Array(D);
    /** kswapd balances a top-tier node to its promotion watermark, the others to high (from the watermarks now). */
    const sizeKswapd = (v: PolicyView): void => { for (let d = 0; d < D; d++) kswapdTarget[d] = v.fastNode[d] ? wm.promo[d] : wm.high[d]; };
    sizeKswapd(view);
    const demand = new Int32Array(D);

    const defTh = params.hot_threshold_ms;
    const unitTh = (defTh * 2) / ADJUST_STEPS;
    const thPeriodMs = scanConfig(params).periodMaxMs;
    const ratePerSec = (params.promote_rate_limit_MBps * MIB) / view.pageBytes;
    const perEpoch = pagesPerEpoch(params.promote_rate_limit_MBps, view);
    const enough = Math.floor((1024 * MIB) / view.pageBytes);
    const threshold = new Float64Array(D); // 0 = the default
    const thStartMs = new Float64Array(D);
    const thCand = new Float64Array(D);
    const candidates = new Float64Array(D);
    const tokens = new Float64Array(D);
    /** Top-tier nodes (the promotion limit is per top-tier node), from the topology now. */
    const countTop = (v: PolicyView): number => { let n = 0; for (let d = 0; d < D; d++) if (v.fastNode[d]) n++; return n; };
    let topNodes = countTop(view);
    let promoted = 0, failed = 0, demoted = 0, faults = 0;

    const adjustThreshold = (t: number, nowMs: number): void => {
      if (!(nowMs - thStartMs[t] > thPeriodMs)) return;
      thStartMs[t] = nowMs;
      const ref = (ratePerSec * thPeriodMs) / 1000;
      const diff = candidates[t] - thCand[t];
      let th = threshold[t] || defTh;
      if (diff > (ref * 11) / 10) th = Math.max(th - unitTh, unitTh);
      else if (diff < (ref * 9) / 10) th = Math.min(th + unitTh, defTh * 2);
      thCand[t] = candidates[t];
      threshold[t] = th;
    };

    return {
      // Per top-tier node: read again after a restructure (the top tier may have changed).
      get limits() { return { promote: perEpoch === 0 ? 0 : Math.ceil(perEpoch) * Math.max(1, topNodes), demote: Infinity }; },
      place: (_page, host, v) => placeAboveLow(v, host, wm),
      onTopologyChange: (v) => { watermarks(v, params.watermark_scale_factor, wm); sizeKswapd(v); },
      onRestructure: (v) => {
        tables.rebuild(v);
        sizeKswapd(v);
        topNodes = countTop(v);
      },
      onEpoch: (v, sink) => {
        const e = v.epoch;
        const n = scanner.collect(v, lru.lastAccess, faultList);
        faults += n;
        if (demotionOn) demoted += runKswapd(v, sink, lru, targets, demoter, wm, canDemote, wm.low, kswapdTarget, demand);
        for (let d = 0; d < D; d++) tokens[d] = Math.min(tokens[d] + perEpoch, Math.max(perEpoch, 1));

        const nowMs = e * v.epochMs;
        let nRefused = 0;
        // Faults in the order they came (NumaScanner.collect): the first take the room there is.
        for (let i = 0; i < n; i++) {
          const p = faultList[i];
          lru.lastAccess[p] = e;
          const latency = scanner.fault(v, p, i);
          const t = promoTarget[v.pageInitiator[p]];
          if (t < 0 || !onSlowTier(v, p)) { scanner.note(p, false); continue; }
          let hot = true, limited = false;
          if (v.nodeFree[t] >= wm.promo[t] + Math.max(enough, v.nodeCapacity[t] >> 4)) {
            threshold[t] = 0; // workload changed: plenty of room, promote everything
          } else {
            adjustThreshold(t, nowMs);
            hot = latency < (threshold[t] || defTh);
            if (hot) {
              candidates[t]++;
              if (tokens[t] >= 1) tokens[t]--; else limited = true;
            }
          }
          scanner.note(p, hot);
          if (!hot || limited) continue;
          if (v.nodeFree[t] - 1 >= wm.high[t]) {
            if (sink.migrate(p, t, Reason.promote)) promoted++;
          } else {
            demand[t]++; // wakeup_kswapd for the node the promotion could not fit in
            refused[nRefused++] = p;
          }
        }
        // kswapd, woken by the refused promotions, reclaims while the faults go on; the room it
        // makes goes to them (a page's hint faults all come within milliseconds of its scan).
        if (nRefused > 0 && demotionOn) demoted += runKswapd(v, sink, lru, targets, demoter, wm, canDemote, wm.low, kswapdTarget, demand);
        demand.fill(0);
        for (let k = 0; k < nRefused; k++) {
          const p = refused[k], t = promoTarget[v.pageInitiator[p]];
          if (v.nodeFree[t] - 1 >= wm.high[t] && sink.migrate(p, t, Reason.promote)) promoted++;
          else failed++;
        }
        scanner.scan(v);
      },
      stats: () => {
        const t = promoTarget[0];
        return {
          hotThresholdMs: t >= 0 ? threshold[t] || defTh : defTh,
          scanSweepMs: scanner.maxSweepMs(),
          hintFaults: faults,
          promoteCandidates: candidates.reduce((a, b) => a + b, 0),
          promotionsQueued: promoted,
          promotionsFailedNoRoom: failed,
          kswapdDemotions: demoted,
          hintFaultCpuMs: (faults * CAL.hintFaultNs.value) / 1e6,
        };
      },
    };
  },
};
