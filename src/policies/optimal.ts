// The reference for "how far from the best": the placement that minimises the access-weighted
// loaded latency over every device (tiers, and local against remote sockets), with perfect
// knowledge of the coming epoch's accesses (view.nextExpected) and of the memory system (the
// engine's own solver, view.solveShares). Not realisable; it is the point Colloid approaches
// by balancing loaded latencies, and it bounds hot-first placement (the oracle) under
// bandwidth contention and on several sockets.
//
// Each epoch, per host, pages are grouped by their expected accesses (log buckets; pages of a
// bucket are alike) and the placement is an amount of each bucket on each device. Starting
// from where pages are, a few Frank-Wolfe steps: solve the shares the placement gives, take
// each device's marginal latency (its loaded latency plus the delay one more access adds to
// everyone else there), fill the devices cheapest first, hottest buckets first, within their
// capacity (the vertex), and move towards it as far as lowers the solved mean latency (a
// golden-section search on the segment). The result is rounded to pages and reached through
// the same migration queue, rate limits and costs as every other policy, hottest first.
import { NO_NODE, Reason, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { BucketSort, logBucket, rateParam, ratePagesPerEpoch } from './tiering';

const NONE: number = NO_NODE;
/** Log buckets of expected real accesses per page in the coming epoch: four per power of two, from 1/16 up to 2^27. */
const NB = 128;
const SCALE = 16;
/** Frank-Wolfe steps per epoch and solves per line search. */
const STEPS = 4;
const SEARCH = 7;
const GOLDEN = 0.6180339887498949;

export const optimal: PolicyDef = {
  name: 'optimal',
  description: 'Reference: minimises the access-weighted loaded latency over every device with perfect knowledge of the next epoch\'s accesses and of the memory system (the point Colloid approximates; not realisable)',
  params: [
    rateParam(65536, 'Pages migrated per epoch at most, each way; generous by default (Linux numa_balancing_promote_rate_limit_MBps default)'),
  ],
  stats: [
    { key: 'plannedAmatNs', label: 'Mean latency it plans for', unit: 'ns', scope: 'epoch', help: 'Access-weighted loaded latency the solver gives for the placement it aims at next epoch' },
    { key: 'currentAmatNs', label: 'Mean latency where pages are', unit: 'ns', scope: 'epoch', help: 'The same for the placement as it is, with next epoch\'s accesses: the gap is what its moves should gain' },
    { key: 'toMove', label: 'Pages away from the plan', unit: 'pages', scope: 'epoch', help: 'Pages whose device differs from the planned one (the rate limit may spread their moves over epochs)' },
  ],
  create: ({ params, view: v0 }) => {
    // Pages are planned per initiator (a host, or a shared region's sharers, whose pages may
    // only go where all of them reach); the solver's shares are per host (the initiator's).
    const P = v0.pages, H = v0.hosts, I = v0.initiators, D = v0.nodes, ih = v0.initiatorHost;
    const HB = I * NB;
    const bucket = new Uint16Array(P);
    const n = new Float64Array(HB); // pages per (initiator, bucket)
    const mass = new Float64Array(HB); // expected samples per (initiator, bucket)
    const cur = new Float64Array(HB * D); // pages per (initiator, bucket, device) now
    const x = new Float64Array(HB * D); // the plan (fractional)
    const y = new Float64Array(HB * D); // the vertex
    const z = new Float64Array(HB * D); // a point on the segment
    const share = new Float64Array(H * D);
    const hostMass = new Float64Array(H);
    const room = new Float64Array(D);
    const order = Array.from({ length: I }, () => new Int32Array(0));
    const marg = new Float64Array(H * D);
    const keep = new Int32Array(HB * D); // pages that stay, per (host, bucket, device)
    const want = new Int32Array(HB * D); // pages to bring in
    const list = new Int32Array(P);
    const pending = new Int32Array(P);
    const sorter = new BucketSort(P, NB);
    const limit = ratePagesPerEpoch(params.rateMBps, v0);
    const st = { plannedAmatNs: 0, currentAmatNs: 0, toMove: 0 };

    /** The solved mean latency of a placement (and its marginal latencies into marg). */
    const cost = (view: PolicyView, plan: Float64Array, withMarginal: boolean): number => {
      share.fill(0);
      for (let q = 0; q < I; q++) {
        const h = ih[q];
        if (!(hostMass[h] > 0)) continue;
        for (let b = 0; b < NB; b++) {
          const i = q * NB + b;
          if (n[i] === 0 || mass[i] === 0) continue;
          const per = mass[i] / n[i] / hostMass[h];
          for (let d = 0; d < D; d++) share[h * D + d] += plan[i * D + d] * per;
        }
      }
      const r = view.solveShares(share);
      if (withMarginal) marg.set(r.marginalNs);
      return r.amatNs;
    };

    /** The vertex: hottest buckets first, each initiator's devices cheapest (its host's marginal) first, within capacity. */
    const vertex = (view: PolicyView) => {
      y.fill(0);
      for (let d = 0; d < D; d++) room[d] = view.nodeCapacity[d];
      for (let q = 0; q < I; q++) {
        const o = order[q], m = ih[q] * D;
        for (let i = 1; i < o.length; i++) {
          const d = o[i];
          let j = i - 1;
          while (j >= 0 && marg[m + o[j]] > marg[m + d]) { o[j + 1] = o[j]; j--; }
          o[j + 1] = d;
        }
      }
      for (let b = NB - 1; b >= 0; b--) {
        for (let q = 0; q < I; q++) {
          const i = q * NB + b;
          let left = n[i];
          const o = order[q];
          for (let k = 0; k < o.length && left > 0; k++) {
            const d = o[k];
            const t = Math.min(left, room[d]);
            if (t <= 0) continue;
            y[i * D + d] += t;
            room[d] -= t;
            left -= t;
          }
          // No room anywhere it reaches: it stays where it is.
          if (left > 0) for (let d = 0; d < D; d++) y[i * D + d] += (cur[i * D + d] / n[i]) * left;
        }
      }
    };

    const along = (g: number) => {
      for (let k = 0; k < z.length; k++) z[k] = x[k] + g * (y[k] - x[k]);
    };

    const plan = (view: PolicyView) => {
      x.set(cur);
      let best = cost(view, x, true);
      st.currentAmatNs = best;
      for (let step = 0; step < STEPS; step++) {
        vertex(view);
        // Golden-section search of the segment x -> y for the lowest solved mean latency.
        let lo = 0, hi = 1, g = 0, gBest = best;
        let a = hi - GOLDEN * (hi - lo), c = lo + GOLDEN * (hi - lo);
        along(a); let fa = cost(view, z, false);
        along(c); let fc = cost(view, z, false);
        for (let it = 2; it < SEARCH; it++) {
          if (fa <= fc) { hi = c; c = a; fc = fa; a = hi - GOLDEN * (hi - lo); along(a); fa = cost(view, z, false); }
          else { lo = a; a = c; fa = fc; c = lo + GOLDEN * (hi - lo); along(c); fc = cost(view, z, false); }
        }
        along(1);
        const f1 = cost(view, z, false);
        for (const [gg, f] of [[a, fa], [c, fc], [1, f1]] as const) if (f < gBest) { gBest = f; g = gg; }
        if (g === 0) break;
        along(g);
        x.set(z);
        best = cost(view, x, true);
      }
      st.plannedAmatNs = best;
    };

    /** Whole pages per (host, bucket, device) from the plan: floors, then the largest remainders. */
    const round = () => {
      for (let i = 0; i < HB; i++) {
        if (n[i] === 0) continue;
        let left = n[i];
        for (let d = 0; d < D; d++) { const w = Math.floor(x[i * D + d] + 1e-9); want[i * D + d] = w; left -= w; }
        while (left > 0) {
          let bestD = -1, bestR = -1;
          for (let d = 0; d < D; d++) {
            const r = x[i * D + d] - want[i * D + d];
            if (r > bestR) { bestR = r; bestD = d; }
          }
          want[i * D + bestD]++;
          left--;
        }
      }
    };

    const reasonFor = (view: PolicyView, from: number, to: number) =>
      view.nodeTier[to] < view.nodeTier[from] ? Reason.promote : view.nodeTier[to] > view.nodeTier[from] ? Reason.demote : Reason.balance;

    const onEpoch = (view: PolicyView, sink: MigrationSink) => {
      const next = view.nextExpected();
      const dev = view.pageNode, host = view.pageInitiator;
      n.fill(0); mass.fill(0); cur.fill(0); hostMass.fill(0);
      let placed = 0;
      for (let p = 0; p < P; p++) {
        const d = dev[p];
        if (d === NONE) continue;
        const b = logBucket(next[p], SCALE, NB);
        bucket[p] = b;
        const i = host[p] * NB + b;
        n[i]++; mass[i] += next[p]; cur[i * D + d]++;
        hostMass[ih[host[p]]] += next[p];
        list[placed++] = p;
      }
      plan(view);
      round();
      // Pages that stay: as many of each (host, bucket) on each device as the plan keeps there.
      for (let k = 0; k < keep.length; k++) {
        const stay = Math.min(cur[k], want[k]);
        keep[k] = stay;
        want[k] -= stay;
      }
      // The others move, hottest first; a move into a full device waits for the moves out of it.
      sorter.sort(list, placed, bucket, NB, true);
      let np = 0;
      for (let j = 0; j < placed; j++) {
        const p = list[j];
        const k = (host[p] * NB + bucket[p]) * D + dev[p];
        if (keep[k] > 0) keep[k]--; else pending[np++] = p;
      }
      st.toMove = np;
      for (let pass = 0; pass < 4 && np > 0; pass++) {
        let left = 0;
        for (let j = 0; j < np; j++) {
          const p = pending[j];
          const base = (host[p] * NB + bucket[p]) * D;
          const o = order[host[p]];
          let moved = false, target = false;
          for (let q = 0; q < o.length && !moved; q++) {
            const d = o[q];
            if (want[base + d] <= 0) continue;
            target = true;
            if (sink.migrate(p, d, reasonFor(view, dev[p], d))) { want[base + d]--; moved = true; }
          }
          if (!moved && target) pending[left++] = p;
        }
        if (left === np) break;
        np = left;
      }
    };

    return {
      limits: { promote: limit, demote: limit },
      place: (_page, h, view) => {
        if (order[h].length === 0) order[h] = Int32Array.from(view.nodeOrder(h));
        return view.nodeOrder(h)[0] ?? -1;
      },
      onEpoch: (view, sink) => {
        for (let q = 0; q < I; q++) if (order[q].length === 0) order[q] = Int32Array.from(view.nodeOrder(q));
        onEpoch(view, sink);
      },
      stats: () => ({ ...st }),
    };
  },
};
