// Memtis (SOSP'23): PEBS-sampled per-page access counts binned into a log2 histogram; a
// dynamic hot threshold chosen so the pages above it fit the fast tier (minus the promotion
// watermark); periodic cooling halves every count; kmigraterd promotes hot slow-tier pages
// and demotes cold fast-tier pages every 500 ms, rate-limited.
//
// Mapping onto the engine: a page with real access rate r (PolicyView.accessRate) gets
// Poisson(r x epoch / samplePeriod) PEBS samples per epoch (policies/observe.ts), so counts,
// cooling period and histogram bins are in Memtis's own units and do not depend on how many
// accesses the engine samples. Defaults are Memtis's published sysfs values
// (cosmoss-jigu/memtis: htmm_sample_period 199, htmm_cooling_period 2,000,000 samples,
// htmm_promotion/demotion_period_in_ms 500, MAX_MIGRATION_RATE_IN_MBPS 2048, watermarks 2 % / 3 %).
// Left out: huge-page splitting (the engine has one page size per run) and the watermarks'
// absolute clamps (50 MB .. 1 GB), which would swamp the small fast tiers of the presets.
import { poisson } from './observe';
import { NO_NODE, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { Candidates, GroupHistogram, Tiers, converge, epochsPer, rateParam, ratePagesPerEpoch, newPlan } from './tiering';

const NONE: number = NO_NODE;
const BINS = 16;

/** Memtis get_idx: floor(log2(count + 1)), capped at 15. */
function memtisIdx(count: number): number {
  const x = count + 1;
  if (x >= 32768) return BINS - 1;
  return 31 - Math.clz32(Math.floor(x));
}

export const memtis: PolicyDef = {
  name: 'memtis',
  description: 'Memtis (SOSP\'23): sampled access histogram, dynamic hot threshold sized to the fast tier, cooling, rate-limited migration',
  params: [
    { key: 'samplePeriod', label: 'PEBS sample period', default: 199, min: 1, max: 1_000_000, integer: true, unit: 'accesses', help: 'One PEBS sample per this many LLC-miss loads (htmm_sample_period)' },
    { key: 'coolingSamples', label: 'Cooling period', default: 2_000_000, min: 1000, max: 1e10, unit: 'samples', help: 'Every page\'s count is halved after this many samples (htmm_cooling_period)' },
    { key: 'periodMs', label: 'Migration period', default: 500, min: 1, max: 60_000, unit: 'ms', help: 'kmigraterd promotion/demotion period (htmm_promotion_period_in_ms)' },
    rateParam(2048, 'Pages migrated per period at most, each way (Memtis MAX_MIGRATION_RATE_IN_MBPS)'),
    { key: 'promoteWatermarkPct', label: 'Fast-tier headroom', default: 3, min: 0, max: 50, unit: '%', help: 'Free fast-tier memory kept after promotions (promotion watermark); the hot set is sized to capacity minus this' },
    { key: 'demoteWatermarkPct', label: 'Demotion watermark', default: 2, min: 0, max: 50, unit: '%', help: 'Cold pages are demoted when free fast-tier memory falls below this' },
    { key: 'minHot', label: 'Minimum hot bin', default: 1, min: 1, max: 15, integer: true, help: 'Lowest histogram bin that may count as hot (htmm_thres_hot)' },
  ],
  stats: [
    { key: 'hotThreshold', label: 'Hot threshold', unit: 'bin', scope: 'now', help: 'Pages whose access count is in this log2 histogram bin or above are hot (bin b: counts 2^b - 1 to 2^(b+1) - 2), for the first fast node' },
    { key: 'warmThreshold', label: 'Warm threshold', unit: 'bin', scope: 'now', help: 'Fast-tier pages below this bin may be demoted to make room, for the first fast node' },
    { key: 'hotPages', label: 'Hot pages', unit: 'pages', scope: 'now', help: 'Pages at or above the hot threshold, all fast nodes together' },
    { key: 'coolings', label: 'Coolings', unit: 'times', scope: 'run', help: 'Times every page\'s count was halved (once per cooling period of samples)' },
    { key: 'queuedPromotions', label: 'Promotions queued', unit: 'pages', scope: 'epoch', help: 'Hot slow-tier pages queued for the fast tier after the epoch just simulated (0 between migration periods)' },
    { key: 'queuedDemotions', label: 'Demotions queued', unit: 'pages', scope: 'epoch', help: 'Cold fast-tier pages queued for a slower tier after the epoch just simulated (0 between migration periods)' },
  ],
  create: ({ params, view: v0 }) => {
    const P = v0.pages;
    const tiers = new Tiers(v0);
    const G = tiers.groups;
    const counts = new Float64Array(P);
    const bucket = new Uint16Array(P);
    const cand = new Candidates(P, BINS, G);
    const hist = new GroupHistogram(v0, tiers, BINS);
    const period = epochsPer(params.periodMs, v0);
    const limit = ratePagesPerEpoch(params.rateMBps, v0, period);
    const active = new Int32Array(G).fill(params.minHot);
    const plan = newPlan(bucket, G);
    let coolAcc = 0;
    let coolings = 0;
    let hotPages = 0;
    let lastPromoted = 0, lastDemoted = 0;

    let pendingHalvings = 0; // decided at the end of one epoch, applied in the next pass (lazy cooling)

    const onEpoch = (view: PolicyView, sink: MigrationSink) => {
      const rate = view.accessRate, rng = view.rng;
      const scale = view.epochMs / 1000 / params.samplePeriod;
      const halvings = pendingHalvings;
      let factor = 1;
      for (let k = 0; k < halvings; k++) factor *= 0.5;
      coolings += halvings;
      // One pass: cool, draw this epoch's PEBS samples, bin, and build the histogram.
      hist.begin();
      const dev = view.pageNode, host = view.pageInitiator, cls = hist.cls, cnt = hist.cnt, D = hist.D;
      let samples = 0;
      for (let p = 0; p < P; p++) {
        const a = poisson(rate[p] * scale, rng);
        let c = counts[p] * factor;
        if (a !== 0) { c += a; samples += a; }
        counts[p] = c;
        const b = memtisIdx(c);
        bucket[p] = b;
        const d = dev[p];
        if (d === NONE) continue;
        const k = cls[host[p] * D + d];
        if (k >= 0) cnt[((k >> 1) * BINS + b) * 2 + (k & 1)]++;
      }
      // Cooling: every coolingSamples Memtis samples all counts halve (applied lazily, next pass).
      coolAcc += samples;
      pendingHalvings = 0;
      while (coolAcc >= params.coolingSamples && pendingHalvings < 64) { coolAcc -= params.coolingSamples; pendingHalvings++; }
      if (coolAcc >= params.coolingSamples) coolAcc = 0;

      // Threshold adaptation: hot bins are those whose pages fit capacity minus the watermark.
      for (let g = 0; g < G; g++) plan.headroom[g] = Math.floor((view.nodeCapacity[tiers.fastDevices[g]] * params.promoteWatermarkPct) / 100);
      hist.end(view, plan.headroom);
      hotPages = 0;
      for (let g = 0; g < G; g++) {
        const { threshold, pages } = hist.fit(g, params.minHot);
        if (halvings > 0) {
          // After cooling the old threshold is one bin too high.
          for (let k = 0; k < halvings; k++) if (threshold < active[g] && active[g] > 1) active[g]--;
          if (active[g] < params.minHot) active[g] = params.minHot;
        } else if (threshold > active[g]) {
          active[g] = threshold;
        }
        const needWarm = pages < (hist.budget[g] * 75) / 100;
        // Pages not sampled since the last cooling (bin 0) are always demotable: with the hot
        // threshold at its minimum of 1, Memtis's warm bin would otherwise be bin 0 itself and
        // nothing could leave a full fast tier (a corner of low PEBS rates).
        plan.cold[g] = Math.max(1, needWarm ? active[g] - 1 : active[g]);
        let n = 0;
        for (let b = active[g]; b < BINS; b++) n += hist.all[g * BINS + b];
        hotPages += n;
      }

      if (view.epoch % period !== 0) { lastPromoted = 0; lastDemoted = 0; return; }
      // A fast device takes part when it has hot pages to bring in or its free memory fell below
      // the demotion watermark; either way demotion makes room up to the promotion watermark.
      let pending = false;
      for (let g = 0; g < G; g++) {
        const d = tiers.fastDevices[g];
        const low = view.nodeFree[d] < Math.floor((view.nodeCapacity[d] * params.demoteWatermarkPct) / 100);
        const take = hist.slowAtLeast(g, active[g]) > 0 || low;
        plan.hot[g] = take ? active[g] : BINS; // BINS: nothing to promote
        if (!take) plan.cold[g] = 0; // nothing to demote
        pending ||= take;
      }
      if (!pending) { lastPromoted = 0; lastDemoted = 0; return; }
      const r = converge(view, sink, tiers, hist, cand, plan);
      lastPromoted = r.promoted;
      lastDemoted = r.demoted;
    };

    return {
      limits: { promote: limit, demote: limit },
      place: (_page, host, view) => view.nodeOrder(host)[0] ?? -1,
      onEpoch,
      stats: () => ({
        hotThreshold: G > 0 ? active[0] : 0,
        warmThreshold: G > 0 ? plan.cold[0] : 0,
        hotPages,
        coolings,
        queuedPromotions: lastPromoted,
        queuedDemotions: lastDemoted,
      }),
    };
  },
};
