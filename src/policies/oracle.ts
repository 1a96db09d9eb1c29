// The bound of hot-first placement: a policy that knows the coming epoch's accesses
// (view.nextExpected: the workload's true per-page access rates, free of sampling noise, so it
// does not chase noise) and makes each fast device hold its hosts' pages with the most of
// them, through the same migration queue and cost model as every other policy. It is not
// realisable; it shows how much of the gap to all-DRAM a hotness policy could close at best
// with this much fast memory. It is not the best placement: under bandwidth contention packing
// the hottest pages into DRAM is the problem, and it treats local and remote DRAM alike (one
// tier); `optimal` (optimal.ts) is the reference for those.
import { NO_NODE, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { Candidates, GroupHistogram, Tiers, converge, logBucket, rateParam, ratePagesPerEpoch, newPlan } from './tiering';

/** Log buckets of expected accesses: four per power of two, from 1/16 up. */
const NB = 1024;
const SCALE = 16;
/** Pages expected to be accessed less than once in the coming epoch are not worth a move. */
const MIN_BUCKET = logBucket(1, SCALE, NB);
const NONE: number = NO_NODE;

export const oracle: PolicyDef = {
  name: 'oracle',
  description: 'Bound of hot-first placement: knows the next epoch\'s access rates and keeps the most-accessed pages on the fast tier (not realisable); not the best placement under bandwidth contention or across sockets (see optimal)',
  params: [
    rateParam(65536, 'Pages migrated per epoch at most, each way; generous by default (Linux numa_balancing_promote_rate_limit_MBps default)'),
  ],
  stats: [
    { key: 'hotPages', label: 'Pages it keeps fast', unit: 'pages', scope: 'now', help: 'Pages expected to be accessed at least once in the coming epoch that fit the fast tier, most-accessed first: where the oracle puts them' },
  ],
  create: ({ params, view: v0 }) => {
    const P = v0.pages;
    const tiers = new Tiers(v0);
    const G = tiers.groups;
    const bucket = new Uint16Array(P);
    const cand = new Candidates(P, NB, G);
    const hist = new GroupHistogram(v0, tiers, NB);
    const limit = ratePagesPerEpoch(params.rateMBps, v0);
    const plan = newPlan(bucket, G);
    let hotPages = 0;

    return {
      limits: { promote: limit, demote: limit },
      place: (_page, host, view) => view.nodeOrder(host)[0] ?? -1,
      onEpoch: (view: PolicyView, sink: MigrationSink) => {
        const next = view.nextExpected();
        hist.begin();
        const dev = view.pageNode, host = view.pageInitiator, cls = hist.cls, cnt = hist.cnt, D = hist.D;
        for (let p = 0; p < P; p++) {
          const b = logBucket(next[p], SCALE, NB);
          bucket[p] = b;
          const d = dev[p];
          if (d === NONE) continue;
          const k = cls[host[p] * D + d];
          if (k >= 0) cnt[((k >> 1) * NB + b) * 2 + (k & 1)]++;
        }
        hist.end(view, plan.headroom);
        hotPages = 0;
        for (let g = 0; g < G; g++) {
          // Pages expected to be accessed at least once, as many as fit, most-accessed first
          // (of the bucket that does not fit whole, as many as fit).
          const { threshold, pages } = hist.fit(g, MIN_BUCKET, true);
          plan.hot[g] = threshold;
          plan.cold[g] = threshold;
          hotPages += pages;
        }
        converge(view, sink, tiers, hist, cand, plan);
      },
      stats: () => ({ hotPages }),
    };
  },
};
