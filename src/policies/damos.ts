// DAMON-based tiering (DAMOS migrate_hot / migrate_cold), after the kernel's DAMON core and
// its memory-tiering sample (samples/damon/mtier.c):
//   - monitoring: adaptive regions over each address space (10..1000 regions). Every sampling
//     interval (5 ms) DAMON checks one random page per region for an access since the last
//     check; a region's nr_accesses counts the hits over an aggregation interval (100 ms).
//     Engine mapping: a page with real access rate r (PolicyView.accessRate) is seen accessed
//     with probability 1 - exp(-r x 5 ms) (policies/observe.ts);
//   - each aggregation: ages are updated (reset when nr_accesses moved by more than the merge
//     threshold), adjacent regions with similar nr_accesses merge (threshold max/10, size limit
//     total / min_nr_regions), schemes are applied, counters reset, and regions split at random
//     points (into 2, or 3 when the count did not change) while under max_nr_regions / 2;
//   - schemes: migrate_cold takes fast-tier pages of regions with nr_accesses 0 and age >= min
//     age to the slow tier; migrate_hot takes slow-tier pages of regions with nr_accesses >= the
//     hot threshold to the fast tier. Both use mtier's page-level "young" filter (hot: only
//     pages whose accessed bit is set, i.e. accessed since the last aggregation, with
//     probability 1 - exp(-r x aggregation interval); cold: only pages whose bit is clear), a
//     quota of 200 MiB per
//     1 s reset interval each, prioritised by the kernel's hotness score (nr_accesses and age
//     weighted 100/100: hottest regions first for migrate_hot, coldest/oldest first for
//     migrate_cold), and mtier's quota goals: fast-tier used <= 99.7 % for promotion, free >=
//     0.5 % for demotion (modelled in their steady state: demote enough to keep the free goal
//     plus room for the hot pages found, promote while under the used goal).
// Underneath, the kernel's own memory management as for every Linux policy here: allocation
// fills a node down to its low watermark (reclaim.ts placeAboveLow), and a migrate_hot
// promotion that finds the fast node without room wakes its kswapd (the target page's
// allocation does), which demotes least recently used pages (reclaim.ts: LRU ages, and kswapd's
// own referenced check for pages used in the last epoch) to make that room. So when DAMON sees
// every region accessed (a zipf working set touched everywhere within 5 ms: no region has
// nr_accesses 0, migrate_cold has nothing) the kernel's LRU still ages the cold tail out and
// the hot pages DAMON finds come in; before, damos made no migration at all there
// (single-host-cxl).
// Left out: the kernel's feedback tuning of the effective quota (the goals are applied directly)
// and the auto-tuning of the intervals. The quota is charged per page migrated: the kernel's
// physical-address scheme only sees source-node pages, whereas these regions span both tiers.
import { seen } from './observe';
import { ColdDemoter, DemotionTargets, LruClock, demotableDevices, kswapdStat, placeAboveLow, runKswapd, watermarks } from './reclaim';
import { NO_NODE, Reason, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { Tiers, epochsPer, ratePagesPerEpoch } from './tiering';
// Imported bindings copied to module constants: hot loops read these without a getter.
const NONE: number = NO_NODE;
const PROMOTE = Reason.promote, DEMOTE = Reason.demote;
const MAX_SUBSCORE = 100;
const MAX_AGE_IN_LOG = 32;
const MAX_SCORE = 99;
const WEIGHT_NR = 100;
const WEIGHT_AGE = 100;
/** vm.watermark_scale_factor at its default: the watermarks of the kswapd under DAMON. */
const WATERMARK_SCALE = 10;

/** The kernel's damon_hot_score (cold score = MAX_SCORE - hot). */
function hotScore(nr: number, age: number, maxNr: number, aggrMs: number): number {
  const freq = Math.trunc((nr * MAX_SUBSCORE) / Math.max(1, maxNr));
  let ageSec = Math.floor((age * aggrMs) / 1000);
  let ageLog = 0;
  while (ageLog < MAX_AGE_IN_LOG && ageSec > 0) { ageLog++; ageSec = Math.floor(ageSec / 2); }
  if (freq === 0) ageLog = -ageLog;
  ageLog += MAX_AGE_IN_LOG;
  const ageSub = Math.trunc(Math.trunc((ageLog * MAX_SUBSCORE) / MAX_AGE_IN_LOG) / 2);
  const hot = Math.trunc((WEIGHT_NR * freq + WEIGHT_AGE * ageSub) / (WEIGHT_NR + WEIGHT_AGE));
  return Math.trunc((hot * MAX_SCORE) / MAX_SUBSCORE);
}

/**
 * DAMON's cadence in engine epochs: epochs per aggregation and sampling checks per region per
 * epoch (an epoch longer than the aggregation interval is one aggregation).
 */
function cadence(params: Record<string, number>, epochMs: number): { aggrEpochs: number; samplesPerEpoch: number } {
  if (epochMs >= params.aggrMs) return { aggrEpochs: 1, samplesPerEpoch: Math.max(1, Math.round(params.aggrMs / params.sampleMs)) };
  return { aggrEpochs: Math.max(1, Math.round(params.aggrMs / epochMs)), samplesPerEpoch: Math.max(1, Math.round(epochMs / params.sampleMs)) };
}

export const damos: PolicyDef = {
  name: 'damos',
  description: 'DAMON-based tiering: adaptive-region access monitoring, DAMOS migrate_hot / migrate_cold with a quota',
  params: [
    { key: 'sampleMs', label: 'Sampling interval', default: 5, min: 0.1, max: 10_000, unit: 'ms', help: 'Every this often DAMON checks one random page per region for an access (sample_us)' },
    { key: 'aggrMs', label: 'Aggregation interval', default: 100, min: 1, max: 60_000, unit: 'ms', help: 'Checks are summed over this long per region, then regions merge and split and the schemes run (aggr_us)' },
    { key: 'minRegions', label: 'Minimum regions', default: 10, min: 1, max: 10_000, integer: true, unit: 'regions', help: 'DAMON keeps at least this many monitoring regions (min_nr_regions)' },
    { key: 'maxRegions', label: 'Maximum regions', default: 1000, min: 3, max: 100_000, integer: true, unit: 'regions', help: 'DAMON splits regions only while there are fewer than half this many (max_nr_regions)' },
    { key: 'hotMinAccesses', label: 'Hot region: minimum accesses seen', default: 1, min: 1, max: 1000, integer: true, unit: 'checks', help: 'Regions with at least this many accessed checks per aggregation are hot for migrate_hot (nr_accesses; mtier: 1)' },
    { key: 'coldMinAgeMs', label: 'Cold region: minimum idle age', default: 0, min: 0, max: 3_600_000, unit: 'ms', help: 'Regions with no accessed check at least this long are cold for migrate_cold (mtier: 0)' },
    { key: 'quotaMBps', label: 'Quota', default: 200, min: 1, max: 1_000_000, unit: 'MiB/s', help: 'Per scheme, charged per reset interval (mtier: 200 MiB per 1 s)' },
    { key: 'quotaResetMs', label: 'Quota reset interval', default: 1000, min: 1, max: 60_000, unit: 'ms', help: 'The quota is charged over windows of this length (reset_interval_ms)' },
    { key: 'usedGoalBp', label: 'Promotion goal: fast tier used', default: 9970, min: 0, max: 10_000, integer: true, unit: 'bp', help: 'migrate_hot stops when the fast tier is this full (mtier node0_mem_used_bp)' },
    { key: 'freeGoalBp', label: 'Demotion goal: fast tier free', default: 50, min: 0, max: 10_000, integer: true, unit: 'bp', help: 'migrate_cold keeps this much of the fast tier free (mtier node0_mem_free_bp)' },
  ],
  stats: [
    { key: 'regions', label: 'Monitoring regions', unit: 'regions', scope: 'now', help: 'Regions DAMON monitors after the last aggregation\'s merge and split' },
    { key: 'hotRegions', label: 'Hot regions', unit: 'regions', scope: 'now', help: 'Regions that met the hot threshold at the last aggregation (migrate_hot candidates)' },
    { key: 'coldRegions', label: 'Cold regions', unit: 'regions', scope: 'now', help: 'Regions idle long enough at the last aggregation (migrate_cold candidates)' },
    { key: 'maxNrAccesses', label: 'Most accessed checks in a region', unit: 'checks', scope: 'now', help: 'The highest count of accessed checks of any region at the last aggregation (nr_accesses)' },
    { key: 'quotaUsedHot', label: 'Promotion quota used', unit: 'pages', scope: 'now', help: 'Pages migrate_hot has moved in the current quota reset interval' },
    { key: 'quotaUsedCold', label: 'Demotion quota used', unit: 'pages', scope: 'now', help: 'Pages migrate_cold has moved in the current quota reset interval' },
    kswapdStat,
  ],
  // Every region is checked samplesPerEpoch times per epoch; regions stay below maxRegions.
  workPerEpoch: (params, epochMs) => ({
    units: params.maxRegions * cadence(params, epochMs).samplesPerEpoch,
    knobs: 'policy.params.maxRegions (maximum regions) x checks per region per epoch: raise policy.params.sampleMs (sampling interval), or lower policy.params.aggrMs (aggregation interval) or epochMs',
  }),
  create: ({ params, view: v0 }) => {
    const P = v0.pages;
    // The node tables (tiers, demotion targets, watermarks) are rebuilt on a change of the
    // topology's structure (onRestructure); the regions and their counts carry on.
    let tiers = new Tiers(v0);
    let G = tiers.groups;
    const minRegions = Math.max(1, Math.floor(params.minRegions));
    const maxRegions = Math.max(minRegions, Math.floor(params.maxRegions));
    const { aggrEpochs, samplesPerEpoch } = cadence(params, v0.epochMs);
    const maxNr = samplesPerEpoch * aggrEpochs;
    const aggrMs = aggrEpochs * v0.epochMs; // simulated time between aggregations
    const resetEpochs = epochsPer(params.quotaResetMs, v0);
    const quotaPages = ratePagesPerEpoch(params.quotaMBps, v0, resetEpochs);

    // Regions, in address order, double-buffered for merge and split.
    const cap = 3 * maxRegions + 64;
    let rs = new Int32Array(cap), re = new Int32Array(cap), rt = new Int32Array(cap);
    let nr = new Int32Array(cap), last = new Int32Array(cap), age = new Int32Array(cap);
    let xs = new Int32Array(cap), xe = new Int32Array(cap), xt = new Int32Array(cap);
    let xnr = new Int32Array(cap), xlast = new Int32Array(cap), xage = new Int32Array(cap);
    let n = 0;
    let lastN = 0;
    const swap = () => {
      [rs, xs] = [xs, rs]; [re, xe] = [xe, re]; [rt, xt] = [xt, rt];
      [nr, xnr] = [xnr, nr]; [last, xlast] = [xlast, last]; [age, xage] = [xage, age];
    };

    // Targets: runs of pages of one host (one address space or several back to back).
    {
      let t = 0;
      for (let a = 0; a < P;) {
        let b = a + 1;
        while (b < P && v0.pageInitiator[b] === v0.pageInitiator[a]) b++;
        const size = b - a;
        const k = Math.max(1, Math.min(size, Math.round((minRegions * size) / Math.max(1, P))));
        for (let i = 0; i < k; i++) {
          rs[n] = a + Math.floor((i * size) / k);
          re[n] = a + Math.floor(((i + 1) * size) / k);
          rt[n] = t;
          n++;
        }
        t++;
        a = b;
      }
    }
    const szLimit = Math.max(1, Math.floor(P / minRegions));
    const order = new Int32Array(cap);
    const hotOrder = new Int32Array(cap);
    const score = new Int32Array(cap);
    let hotWant = new Int32Array(G);
    let roomNeed = new Int32Array(G);
    let hotUsed = 0, coldUsed = 0;
    const st = { regions: n, hotRegions: 0, coldRegions: 0, maxNrAccesses: 0, quotaUsedHot: 0, quotaUsedCold: 0, kswapdDemotions: 0 };
    // The kernel underneath: watermarks (vm.watermark_scale_factor default), the LRU, kswapd.
    const D = v0.nodes;
    const wm = watermarks(v0, WATERMARK_SCALE);
    const lru = new LruClock(P);
    const demoteTo = new DemotionTargets(v0);
    const demoter = new ColdDemoter();
    let canDemote = demotableDevices(v0, demoteTo);
    const demand = new Int32Array(D);

    const mergeOnce = (thres: number) => {
      let m = 0;
      for (let i = 0; i < n; i++) {
        if (m > 0) {
          const j = m - 1;
          const sj = xe[j] - xs[j], si = re[i] - rs[i];
          if (xt[j] === rt[i] && xe[j] === rs[i] && Math.abs(xnr[j] - nr[i]) <= thres && sj + si <= szLimit) {
            xnr[j] = Math.floor((xnr[j] * sj + nr[i] * si) / (sj + si));
            xage[j] = Math.floor((xage[j] * sj + age[i] * si) / (sj + si));
            xe[j] = re[i];
            continue;
          }
        }
        xs[m] = rs[i]; xe[m] = re[i]; xt[m] = rt[i]; xnr[m] = nr[i]; xlast[m] = last[i]; xage[m] = age[i];
        m++;
      }
      swap();
      n = m;
    };

    const split = (view: PolicyView) => {
      if (n > Math.floor(maxRegions / 2)) { lastN = n; return; }
      const subs = lastN === n && n < Math.floor(maxRegions / 3) ? 3 : 2;
      lastN = n;
      let m = 0;
      for (let i = 0; i < n; i++) {
        // Pieces of region i, cut from its start as the kernel does, written back in address order.
        // Each cut splits the first piece again, so later cuts lie before earlier ones.
        let start = rs[i];
        const end = re[i];
        let size = end - start;
        let c1 = -1, c2 = -1;
        for (let k = 0; k < subs - 1 && size > 2; k++) {
          const sub = Math.floor(((1 + view.rng.nextInt(9)) * size) / 10);
          if (sub === 0 || sub >= size) continue;
          if (c1 < 0) c1 = start + sub; else c2 = start + sub;
          size = sub;
        }
        if (c2 >= 0) { xs[m] = start; xe[m] = c2; xt[m] = rt[i]; xnr[m] = nr[i]; xlast[m] = last[i]; xage[m] = age[i]; m++; start = c2; }
        if (c1 >= 0) { xs[m] = start; xe[m] = c1; xt[m] = rt[i]; xnr[m] = nr[i]; xlast[m] = last[i]; xage[m] = age[i]; m++; start = c1; }
        xs[m] = start; xe[m] = end; xt[m] = rt[i]; xnr[m] = nr[i]; xlast[m] = last[i]; xage[m] = age[i]; m++;
      }
      swap();
      n = m;
    };

    const sortBy = (count: number) => {
      // Highest score first, address order among equals.
      order.subarray(0, count).sort((a, b) => score[b] - score[a] || a - b);
    };

    // The young filter reads a page's accessed bit once per aggregation (the first time a
    // scheme looks at it), so both schemes and the count of hot pages see the same answer.
    const youngAt = new Int32Array(P).fill(-1);
    const youngBit = new Uint8Array(P);
    const young = (view: PolicyView, p: number): boolean => {
      if (youngAt[p] !== view.epoch) {
        youngAt[p] = view.epoch;
        youngBit[p] = seen((view.accessRate[p] * aggrMs) / 1000, view.rng) ? 1 : 0;
      }
      return youngBit[p] === 1;
    };

    const applySchemes = (view: PolicyView, sink: MigrationSink) => {
      const dev = view.pageNode, host = view.pageInitiator, fastFor = view.fastFor, D = view.nodes;
      const free = view.nodeFree;
      const minAgeAggr = Math.ceil(params.coldMinAgeMs / aggrMs);
      // migrate_hot candidates, hottest regions first; count the pages they would bring in.
      let nh = 0;
      for (let i = 0; i < n; i++) if (nr[i] >= params.hotMinAccesses) { order[nh] = i; score[i] = hotScore(nr[i], age[i], maxNr, aggrMs); nh++; }
      st.hotRegions = nh;
      sortBy(nh);
      hotOrder.set(order.subarray(0, nh));
      hotWant.fill(0);
      let hotLeft = Math.min(quotaPages - hotUsed, sink.remaining(PROMOTE));
      let counted = 0;
      for (let k = 0; k < nh && counted < hotLeft; k++) {
        const r = hotOrder[k];
        for (let p = rs[r]; p < re[r] && counted < hotLeft; p++) {
          const d = dev[p];
          if (d === NONE || !young(view, p)) continue;
          const h = host[p];
          if (fastFor[h * D + d] === 1 || tiers.hostGroup[h] < 0) continue;
          hotWant[tiers.hostGroup[h]]++;
          counted++;
        }
      }

      // migrate_cold: make room (free goal + the hot pages found), coldest / oldest regions first.
      let need = 0;
      for (let g = 0; g < G; g++) {
        const d = tiers.fastDevices[g];
        const goal = Math.floor((view.nodeCapacity[d] * params.freeGoalBp) / 10000);
        roomNeed[g] = Math.max(0, goal - free[d] + hotWant[g]);
        need += roomNeed[g];
      }
      let nc = 0;
      for (let i = 0; i < n; i++) if (nr[i] === 0 && age[i] >= minAgeAggr) { order[nc] = i; score[i] = MAX_SCORE - hotScore(nr[i], age[i], maxNr, aggrMs); nc++; }
      st.coldRegions = nc;
      if (need > 0 && nc > 0) {
        sortBy(nc);
        let coldLeft = Math.min(quotaPages - coldUsed, sink.remaining(DEMOTE));
        for (let k = 0; k < nc && need > 0 && coldLeft > 0; k++) {
          const r = order[k];
          for (let p = rs[r]; p < re[r] && need > 0 && coldLeft > 0; p++) {
            const d = dev[p];
            if (d === NONE || young(view, p)) continue;
            const g = tiers.deviceGroup[d];
            if (g < 0 || roomNeed[g] <= 0) continue;
            const to = tiers.demoteTarget(view, host[p]);
            if (to < 0) continue;
            if (sink.migrate(p, to, DEMOTE)) { roomNeed[g]--; need--; coldLeft--; coldUsed++; }
          }
        }
      }

      // Hot pages still without room: their allocations wake kswapd, which makes it (LRU order).
      let short = false;
      for (let g = 0; g < G; g++) {
        const d = tiers.fastDevices[g];
        const reserve = view.nodeCapacity[d] - Math.floor((view.nodeCapacity[d] * params.usedGoalBp) / 10000);
        const room = Math.max(0, free[d] - Math.max(reserve, wm.high[d]));
        if (hotWant[g] > room) { demand[d] = hotWant[g] - room + Math.max(0, reserve - wm.high[d]); short = true; }
      }
      if (short) st.kswapdDemotions += runKswapd(view, sink, lru, demoteTo, demoter, wm, canDemote, wm.low, wm.high, demand);
      demand.fill(0);

      // migrate_hot: bring young slow-tier pages in while the fast tier is under its used goal.
      hotLeft = Math.min(quotaPages - hotUsed, sink.remaining(PROMOTE));
      for (let k = 0; k < nh && hotLeft > 0; k++) {
        const r = hotOrder[k];
        for (let p = rs[r]; p < re[r] && hotLeft > 0; p++) {
          const d = dev[p];
          if (d === NONE || !young(view, p)) continue;
          const h = host[p];
          const g = tiers.hostGroup[h];
          if (g < 0 || fastFor[h * D + d] === 1) continue;
          const f = tiers.fastDevices[g];
          const reserve = view.nodeCapacity[f] - Math.floor((view.nodeCapacity[f] * params.usedGoalBp) / 10000);
          if (free[f] <= reserve) continue;
          if (sink.migrate(p, f, PROMOTE)) { hotLeft--; hotUsed++; }
        }
      }
      st.quotaUsedHot = hotUsed;
      st.quotaUsedCold = coldUsed;
    };

    const onEpoch = (view: PolicyView, sink: MigrationSink) => {
      if (view.epoch % resetEpochs === 0) { hotUsed = 0; coldUsed = 0; }
      lru.touch(view);
      // Sampling: one random page per region per sampling interval, its accessed bit set by
      // an access in the interval before.
      const rate = view.accessRate, rng = view.rng;
      const window = params.sampleMs / 1000;
      for (let i = 0; i < n; i++) {
        const a = rs[i], size = re[i] - a;
        let hits = 0;
        for (let s = 0; s < samplesPerEpoch; s++) if (seen(rate[a + rng.nextInt(size)] * window, rng)) hits++;
        nr[i] += hits;
      }
      if ((view.epoch + 1) % aggrEpochs !== 0) return;

      // Aggregation: ages, merge, schemes, reset, split.
      let maxObserved = 0;
      for (let i = 0; i < n; i++) if (nr[i] > maxObserved) maxObserved = nr[i];
      st.maxNrAccesses = maxObserved;
      let thres = Math.floor(maxObserved / 10);
      for (let i = 0; i < n; i++) age[i] = Math.abs(nr[i] - last[i]) > thres ? 0 : age[i] + 1;
      for (;;) {
        mergeOnce(thres);
        if (n <= maxRegions || Math.floor(thres / 2) >= maxObserved) break;
        thres = Math.max(1, thres * 2);
      }
      applySchemes(view, sink);
      for (let i = 0; i < n; i++) { last[i] = nr[i]; nr[i] = 0; }
      split(view);
      st.regions = n;
    };

    return {
      limits: { promote: quotaPages, demote: quotaPages },
      place: (_page, h, view) => placeAboveLow(view, h, wm),
      onTopologyChange: (v) => { watermarks(v, WATERMARK_SCALE, wm); },
      // Memory hot-plug (a failed or offlined device) rebuilds what the kernel derives from the
      // nodes; DAMON's monitoring targets are address ranges, so its regions keep their counts.
      onRestructure: (v) => {
        watermarks(v, WATERMARK_SCALE, wm);
        demoteTo.rebuild(v);
        canDemote = demotableDevices(v, demoteTo);
        tiers = new Tiers(v);
        G = tiers.groups;
        if (hotWant.length < G) { hotWant = new Int32Array(G); roomNeed = new Int32Array(G); }
      },
      onEpoch,
      stats: () => ({ ...st }),
    };
  },
};
