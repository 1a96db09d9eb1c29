// TPP, Transparent Page Placement (Maruf et al., ASPLOS'23).
//
// Decoupled allocation and reclaim: allocation still fills a node down to its low watermark,
// but each top-tier node's kswapd demotes proactively, waking whenever free frames drop below a
// demotion watermark (headroom_pct of the node, above the allocation watermarks) and demoting
// least recently used pages to the next tier until that headroom is free again (plus, woken by
// promotions refused for lack of room, the room they need, which they then take). New
// allocations and promotions therefore find free DRAM.
//
// Promotion: the same NUMA hint-fault scanner as linux-tiering (numa-scan.ts), filtered by
// TPP's active-LRU check instead of a fault-latency threshold: a faulting slow-tier page is
// promoted only if it is on the active LRU list, i.e. it was touched before this fault within
// one scan period (the previous scan interval) as well: two touches. A first touch only
// activates it, so its next hint fault promotes it. A promotion needs the node's free frames to
// stay at or above the high watermark (migrate_balanced_pgdat); both promotion and demotion are
// rate-limited per top-tier node by parameters.
//
// Left out: TPP's page-type-aware allocation (file cache to CXL first); every page here is
// anonymous memory of a workload.
import { hintFaultTiering, scanParams, scanStats } from './numa-scan';
import { kswapdStat, onSlowTier, pagesPerEpoch, placeAboveLow, runKswapd, watermarkParam, watermarks } from './reclaim';
import { Reason, type PolicyDef, type PolicyView } from './types';

export const tpp: PolicyDef = {
  name: 'tpp',
  description: 'TPP (ASPLOS\'23): proactive demotion keeps DRAM headroom; hint-fault promotion of pages on the active LRU list; rate-limited both ways',
  params: [
    ...scanParams,
    { key: 'headroom_pct', label: 'Demotion watermark (headroom)', default: 2, min: 0, max: 50, unit: '% of node', help: 'Free DRAM kswapd keeps by demoting cold pages proactively (TPP\'s demote_scale_factor)' },
    { key: 'promote_rate_limit_MBps', label: 'Promotion rate limit', default: 65536, min: 0, max: 1_000_000, unit: 'MB/s', help: 'Promotions per second per top-tier node (the upstream numa_balancing_promote_rate_limit_MBps default)' },
    { key: 'demote_rate_limit_MBps', label: 'Demotion rate limit', default: 65536, min: 0, max: 1_000_000, unit: 'MB/s', help: 'Demotions per second per top-tier node (assumed; kswapd itself is not throttled)' },
    watermarkParam,
  ],
  stats: [
    scanStats.sweep,
    scanStats.faults,
    scanStats.queued,
    scanStats.noRoom,
    { key: 'faultsInactive', label: 'Hint faults on inactive pages', unit: 'faults', scope: 'run', help: 'Faulting slow-tier pages not on the active LRU list: the fault only activates them, the next one may promote' },
    kswapdStat,
  ],
  create: ({ params, view }) => {
    const D = view.nodes;
    const tables = hintFaultTiering(view, params);
    const { wm, lru, scanner, targets, demoter, canDemote, promoTarget, faultList, refused } = tables;
    const demand = new Int32Array(D);
    // Top-tier nodes wake and balance at the demotion watermark; the others as plain kswapd.
    const wake = new Int32Array(D), target = new Int32Array(D);
    let topNodes = 0;
    /** Wake and balance levels from each node's capacity (again after a topology change). */
    const sizeNodes = (v: PolicyView): void => {
      topNodes = 0;
      for (let d = 0; d < D; d++) {
        if (v.fastNode[d]) {
          topNodes++;
          const headroom = Math.max(wm.high[d], Math.floor((v.nodeCapacity[d] * params.headroom_pct) / 100));
          wake[d] = headroom;
          target[d] = headroom;
        } else {
          wake[d] = wm.low[d];
          target[d] = wm.high[d];
        }
      }
    };
    sizeNodes(view);
    const perEpoch = pagesPerEpoch(params.promote_rate_limit_MBps, view);
    const demotePerEpoch = pagesPerEpoch(params.demote_rate_limit_MBps, view);
    const tokens = new Float64Array(D);
    let promoted = 0, failed = 0, inactive = 0, demoted = 0, faults = 0;
    const perNodes = (x: number) => (x === 0 ? 0 : Math.ceil(x) * Math.max(1, topNodes));

    return {
      // Per top-tier node: read again after a restructure (the top tier may have changed).
      get limits() { return { promote: perNodes(perEpoch), demote: perNodes(demotePerEpoch) }; },
      place: (_page, host, v) => placeAboveLow(v, host, wm),
      onTopologyChange: (v) => { watermarks(v, params.watermark_scale_factor, wm); sizeNodes(v); },
      onRestructure: (v) => { tables.rebuild(v); sizeNodes(v); },
      onEpoch: (v, sink) => {
        const e = v.epoch;
        const n = scanner.collect(v, lru.lastAccess, faultList);
        faults += n;
        demoted += runKswapd(v, sink, lru, targets, demoter, wm, canDemote, wake, target, demand);
        for (let d = 0; d < D; d++) tokens[d] = Math.min(tokens[d] + perEpoch, Math.max(perEpoch, 1));

        let nRefused = 0;
        // Faults in the order they came (NumaScanner.collect): the first take the room there is.
        for (let i = 0; i < n; i++) {
          const p = faultList[i];
          const prev = lru.lastAccess[p];
          lru.lastAccess[p] = e;
          scanner.fault(v, p, i);
          const t = promoTarget[v.pageInitiator[p]];
          if (t < 0 || !onSlowTier(v, p)) { scanner.note(p, false); continue; }
          // Active LRU: an earlier touch within one scan period before this fault.
          const window = Math.max(1, Math.ceil(scanner.sweepMs(p) / v.epochMs));
          const active = prev >= 0 && e - prev <= window;
          scanner.note(p, active);
          if (!active) { inactive++; continue; }
          if (tokens[t] < 1) continue;
          if (v.nodeFree[t] - 1 >= wm.high[t]) {
            if (sink.migrate(p, t, Reason.promote)) { promoted++; tokens[t]--; }
          } else {
            demand[t]++;
            refused[nRefused++] = p;
          }
        }
        // kswapd, woken by the refused promotions, makes room for them while the faults go on.
        if (nRefused > 0) demoted += runKswapd(v, sink, lru, targets, demoter, wm, canDemote, wake, target, demand);
        demand.fill(0);
        for (let k = 0; k < nRefused; k++) {
          const p = refused[k], t = promoTarget[v.pageInitiator[p]];
          if (tokens[t] >= 1 && v.nodeFree[t] - 1 >= wm.high[t] && sink.migrate(p, t, Reason.promote)) { promoted++; tokens[t]--; }
          else failed++;
        }
        scanner.scan(v);
      },
      stats: () => ({
        scanSweepMs: scanner.maxSweepMs(),
        hintFaults: faults,
        promotionsQueued: promoted,
        promotionsFailedNoRoom: failed,
        faultsInactive: inactive,
        kswapdDemotions: demoted,
      }),
    };
  },
};
