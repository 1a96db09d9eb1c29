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
// Huge pages with skew inside (2 MiB pages, PolicyView.parts): PEBS samples carry addresses, so
// Memtis counts each part of a huge page (its 4 KiB sub-pages in Memtis; parts of 2 MiB / 16
// here, src/workloads/sampler.ts). Every migration period it compares the fast tier's hit ratio now with
// the one it would have if pages were split (Memtis's eHR against rHR, from a histogram of part
// densities); when the gain exceeds splitGainPct it splits the hot huge pages that are hot
// because of a few parts (fewest hot parts first, Memtis's skewness order): on the fast tier
// the rest goes down and the hot parts stay, on a slow tier only the hot parts come up. Split
// parts that turn cold go back to the rest of their page (Memtis demotes them as base pages).
// Left out: the watermarks' absolute clamps (50 MB .. 1 GB), which would swamp the small fast
// tiers of the presets, and re-collapsing split pages (khugepaged's job).
import { popcount } from '../physics/split-pages';
import { poisson } from './observe';
import { NO_NODE, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { BucketSort, Candidates, GroupHistogram, Tiers, converge, epochsPer, rateParam, ratePagesPerEpoch, newPlan } from './tiering';

const NONE: number = NO_NODE;
const BINS = 16;

/** Pages split now (PolicyView.parts). */
function countSplit(view: PolicyView): number {
  const m = view.parts?.mask;
  let n = 0;
  if (m) for (let p = 0; p < m.length; p++) if (m[p] !== 0) n++;
  return n;
}

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
    { key: 'splitEnabled', label: 'Split huge pages', default: 1, min: 0, max: 1, integer: true, unit: 'on/off', help: '1: split hot huge pages whose accesses go to a few of their parts (htmm_thres_split); 2 MiB pages with hot regions smaller than a page only' },
    { key: 'splitGainPct', label: 'Split when the hit ratio would gain', default: 2, min: 0, max: 100, unit: '%', help: 'Split when the fast tier would catch this much more of the accesses with split pages than now (Memtis\'s eHR - rHR; the value is assumed)' },
  ],
  stats: [
    { key: 'hotThreshold', label: 'Hot threshold', unit: 'bin', scope: 'now', help: 'Pages whose access count is in this log2 histogram bin or above are hot (bin b: counts 2^b - 1 to 2^(b+1) - 2), for the first fast node' },
    { key: 'warmThreshold', label: 'Warm threshold', unit: 'bin', scope: 'now', help: 'Fast-tier pages below this bin may be demoted to make room, for the first fast node' },
    { key: 'hotPages', label: 'Hot pages', unit: 'pages', scope: 'now', help: 'Pages at or above the hot threshold, all fast nodes together' },
    { key: 'coolings', label: 'Coolings', unit: 'times', scope: 'run', help: 'Times every page\'s count was halved (once per cooling period of samples)' },
    { key: 'queuedPromotions', label: 'Promotions queued', unit: 'pages', scope: 'epoch', help: 'Hot slow-tier pages queued for the fast tier after the epoch just simulated (0 between migration periods)' },
    { key: 'queuedDemotions', label: 'Demotions queued', unit: 'pages', scope: 'epoch', help: 'Cold fast-tier pages queued for a slower tier after the epoch just simulated (0 between migration periods)' },
    { key: 'splitPages', label: 'Split huge pages', unit: 'pages', scope: 'now', help: 'Huge pages split so that their hot parts and the rest sit on different tiers (2 MiB pages with skew inside)' },
    { key: 'splits', label: 'Splits', unit: 'pages', scope: 'run', help: 'Huge pages split since the run started' },
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

    // Huge pages with skew inside: each part's count, cooled with its page's.
    const parts = v0.parts;
    const S = parts ? parts.stride : 1;
    const partCounts = new Float64Array(parts ? P * S : 0);
    const skewKey = new Uint16Array(parts ? P : 0);
    const splitList = new Int32Array(parts ? P : 0);
    const splitSort = parts ? new BucketSort(P, S) : null;
    /** [bin]: parts by their count's bin, and their counts (Memtis's estimated base-page histogram). */
    const partBins = new Float64Array(BINS * 2);
    let splits = 0;

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
      const share = parts ? parts.share : null, pmask = parts ? parts.mask : null;
      if (parts) partBins.fill(0);
      for (let p = 0; p < P; p++) {
        let c: number, rest = 0;
        if (share === null) {
          const a = poisson(rate[p] * scale, rng);
          c = counts[p] * factor;
          if (a !== 0) { c += a; samples += a; }
        } else {
          // One PEBS count per part; the page's count is their sum.
          c = 0;
          const m = pmask![p];
          for (let j = 0, at = p * S; j < S; j++, at++) {
            const a = poisson(rate[p] * share[at] * scale, rng);
            const x = partCounts[at] * factor + a;
            partCounts[at] = x;
            samples += a;
            c += x;
            if (((m >>> j) & 1) === 0) rest += x;
            const pb = memtisIdx(x);
            partBins[pb * 2]++;
            partBins[pb * 2 + 1] += x;
          }
          // A split page's rest is scored as a page as dense as it.
          if (m !== 0) rest = (rest * S) / (S - popcount(m));
        }
        counts[p] = c;
        const b = memtisIdx(share !== null && pmask![p] !== 0 ? rest : c);
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
      let splitMoves = 0;
      if (parts && params.splitEnabled >= 1 && sink.split && sink.merge) splitMoves = splitSkewed(view, sink);
      if (!pending) { lastPromoted = splitMoves; lastDemoted = 0; return; }
      const r = converge(view, sink, tiers, hist, cand, plan);
      lastPromoted = r.promoted + splitMoves;
      lastDemoted = r.demoted;
    };

    /**
     * Memtis's page size determination. Parts are binned by their own counts, as Memtis bins
     * the sub-pages of huge pages as if they were base pages; the part threshold is the lowest
     * bin whose parts and all hotter ones fit the fast devices (capacity minus the promotion
     * watermark, in parts): Memtis's base-page threshold. Split parts below it go back to their page; then, if the fast tier would catch
     * splitGainPct more of the accesses with the densest parts in it (eHR) than it does now
     * (rHR), the pages with parts on both sides of the threshold are split, fewest hot parts
     * first (Memtis's skewness order). Returns the splits and merges queued.
     */
    const splitSkewed = (view: PolicyView, sink: MigrationSink): number => {
      const pv = view.parts!, mask = pv.mask, hotNode = pv.hotNode;
      const dev = view.pageNode, host = view.pageInitiator;
      let room = 0;
      for (let g = 0; g < G; g++) {
        const cap = view.nodeCapacity[tiers.fastDevices[g]];
        room += (cap - Math.floor((cap * params.promoteWatermarkPct) / 100)) * S;
      }
      // Part threshold and eHR: the densest parts filling the room, bin by bin.
      let threshold = BINS, left = room, ehr = 0;
      while (threshold > params.minHot && partBins[(threshold - 1) * 2] <= left) {
        threshold--;
        left -= partBins[threshold * 2];
        ehr += partBins[threshold * 2 + 1];
      }
      if (threshold > 0 && left > 0 && partBins[(threshold - 1) * 2] > 0) ehr += (partBins[(threshold - 1) * 2 + 1] * left) / partBins[(threshold - 1) * 2];
      let moves = 0, total = 0, caught = 0;
      for (let p = 0; p < P; p++) {
        const d = dev[p];
        if (d === NONE) continue;
        const c = counts[p];
        total += c;
        const m = mask[p];
        let hotPart = 0;
        if (m !== 0) for (let j = 0; j < S; j++) if ((m >>> j) & 1) hotPart += partCounts[p * S + j];
        const h = host[p];
        if (view.isFast(h, d)) caught += c - hotPart;
        if (m === 0) continue;
        const fast = view.isFast(h, hotNode[p]);
        if (fast) caught += hotPart;
        if (fast && memtisIdx(hotPart / popcount(m)) < threshold - 1 && sink.merge!(p)) moves++;
      }
      if (!(total > 0) || (ehr - caught) / total < params.splitGainPct / 100) return moves;
      // Candidates: whole pages with parts on both sides of the threshold, keyed by their hot parts.
      let n = 0;
      for (let p = 0; p < P; p++) {
        if (dev[p] === NONE || mask[p] !== 0 || tiers.hostGroup[host[p]] < 0) continue;
        let k = 0;
        for (let j = 0; j < S; j++) if (memtisIdx(partCounts[p * S + j]) >= threshold) k++;
        if (k === 0 || k === S) continue;
        skewKey[p] = k;
        splitList[n++] = p;
      }
      splitSort!.sort(splitList, n, skewKey, S, false);
      // Pages on the fast tier first (their rest goes down and makes room), then slow ones (only their hot parts come up).
      for (const onFast of [true, false]) {
        for (let i = 0; i < n; i++) {
          const p = splitList[i], d = dev[p], h = host[p];
          if (view.isFast(h, d) !== onFast) continue;
          let m = 0;
          for (let j = 0; j < S; j++) if (memtisIdx(partCounts[p * S + j]) >= threshold) m |= 1 << j;
          const down = onFast ? tiers.demoteTarget(view, h) : d;
          if (down >= 0 && sink.split!(p, m >>> 0, onFast ? d : tiers.fast[h], down)) { moves++; splits++; }
        }
      }
      return moves;
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
        splitPages: countSplit(v0),
        splits,
      }),
    };
  },
};
