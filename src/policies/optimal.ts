// The reference for "how far from the best": the placement that retires the most instructions
// (the lowest slowdown against all-local, what users compare), over every node (tiers, and
// local against remote sockets), with perfect knowledge of the coming epoch's accesses
// (view.nextExpected) and of the memory system and the compute side (the engine's own
// closed-loop solver and compute model, view.solveShares). Not realisable; it bounds hot-first
// placement (the oracle), Colloid's balance of loaded latencies, the bandwidth split of
// weighted interleave and, on huge pages with skew inside, Memtis's splitting.
//
// Hosts weigh by what a ns of their latency costs them: instructions per memory access over
// (think time + AMAT), so a compute-heavy host's accesses count for less than a memory-bound
// one's (minimising the access-weighted latency would weigh them alike).
//
// Each epoch, per host, units (pages, or parts of huge pages where pages can split:
// PolicyView.parts) are grouped by their expected accesses (log buckets; units of a bucket are
// alike) and the placement is an amount of each bucket on each node. Starting from where units
// are, a few Frank-Wolfe steps: solve the shares the placement gives, take each node's marginal
// cost (instructions/s lost per access/s there: the host's own latency plus the delay it adds
// to every host on the same resources, LoadResult.marginalIps), fill the nodes cheapest first,
// the buckets with the most to gain first (expected accesses x the host's gap between its
// cheapest and next node), within capacity (the vertex), and move towards it as far as raises
// the solved instructions/s (a golden-section search on the segment). The result is rounded
// to units and reached through the same migration queue, rate limits and costs as every other
// policy, hottest first. A huge page whose parts the plan puts on two nodes is split (its
// parts on the cheaper node, the rest on the other), as Memtis does; one whose parts the plan
// puts together again is merged first.
import { NO_NODE, Reason, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { BucketSort, logBucket, rateParam, ratePagesPerEpoch } from './tiering';

const NONE: number = NO_NODE;

/**
 * How far (points of slowdown against all-local, over a run) optimal may trail another policy
 * and still count as the best (optimal.test.ts, `npm run papers -- --optimal`). It plans one
 * epoch ahead without pricing its moves (they cost CPU time and copies a policy that stays put
 * does not pay), its moves land an epoch late, and its plan is a few Frank-Wolfe steps over
 * buckets of expected accesses 19 % wide: a small shortfall where another policy's placement
 * is already as good as the best.
 */
export const OPTIMAL_TOLERANCE_POINTS = 0.25;
/** Log buckets of expected real accesses per unit in the coming epoch: four per power of two, from 1/16 up to 2^27. */
const NB = 128;
const SCALE = 16;
/** Frank-Wolfe steps per epoch and solves per line search. */
const STEPS = 4;
const SEARCH = 7;
const GOLDEN = 0.6180339887498949;
/**
 * Units expected to be accessed less than once in the coming epoch gain less than a move costs:
 * they stay where they are unless the plan needs their room.
 */
const MIN_BUCKET = logBucket(1, SCALE, NB);

export const optimal: PolicyDef = {
  name: 'optimal',
  description: 'Reference: the placement that retires the most instructions (lowest slowdown), with perfect knowledge of the next epoch\'s accesses and of the memory system; splits huge pages where that helps (not realisable)',
  params: [
    rateParam(65536, 'Pages migrated per epoch at most, each way; generous by default (Linux numa_balancing_promote_rate_limit_MBps default)'),
  ],
  stats: [
    { key: 'plannedIps', label: 'Instructions per second it plans for', unit: 'instructions/s', scope: 'epoch', help: 'Instructions retired per second, all hosts, that the solver gives for the placement it aims at next epoch (no migration costs)' },
    { key: 'currentIps', label: 'Instructions per second where pages are', unit: 'instructions/s', scope: 'epoch', help: 'The same for the placement as it is, with next epoch\'s accesses: the gap is what its moves should gain' },
    { key: 'plannedAmatNs', label: 'Mean latency it plans for', unit: 'ns', scope: 'epoch', help: 'Access-weighted loaded latency of the placement it aims at' },
    { key: 'toMove', label: 'Pages away from the plan', unit: 'pages', scope: 'epoch', help: 'Pages (or huge pages to split or merge) whose node differs from the planned one (the rate limit may spread their moves over epochs)' },
    { key: 'splitPages', label: 'Split huge pages', unit: 'pages', scope: 'now', help: 'Huge pages split so that their hot parts and the rest sit on different nodes (2 MiB pages with skew inside)' },
  ],
  create: ({ params, view: v0 }) => {
    // Units are planned per initiator (a host, or a shared region's sharers, whose pages may
    // only go where all of them reach); the solver's shares and marginals are per host.
    const P = v0.pages, H = v0.hosts, I = v0.initiators, D = v0.nodes, ih = v0.initiatorHost;
    const parts = v0.parts;
    /** Units per page: parts of a huge page with skew inside, else 1 (a unit is a page). */
    const S = parts ? parts.stride : 1;
    const U = P * S;
    const HB = I * NB;
    const unitBucket = new Uint16Array(U);
    const pageBucket = S > 1 ? new Uint16Array(P) : unitBucket;
    const unitTarget = new Int16Array(U);
    const n = new Float64Array(HB); // units per (initiator, bucket)
    const mass = new Float64Array(HB); // expected accesses per (initiator, bucket)
    const cur = new Float64Array(HB * D); // units per (initiator, bucket, node) now
    const x = new Float64Array(HB * D); // the plan (fractional)
    const y = new Float64Array(HB * D); // the vertex
    const z = new Float64Array(HB * D); // a point on the segment
    const share = new Float64Array(H * D);
    const hostMass = new Float64Array(H);
    const room = new Float64Array(D);
    const order = Array.from({ length: I }, () => new Int32Array(0));
    const marg = new Float64Array(H * D);
    const gain = new Float64Array(I); // per initiator: its host's gap between its cheapest and next node
    const items = new Int32Array(HB); // (initiator, bucket) indices, most to gain first
    const itemKey = new Float64Array(HB);
    const keep = new Int32Array(HB * D); // units that stay, per (host, bucket, node)
    const want = new Int32Array(HB * D); // units to bring in
    const units = new Int32Array(U);
    const list = new Int32Array(P);
    const pending = new Int32Array(P);
    const sorter = new BucketSort(U, NB);
    const perNode = new Int32Array(D); // scratch: a page's parts per target node
    const limit = ratePagesPerEpoch(params.rateMBps, v0);
    const st = { plannedIps: 0, currentIps: 0, plannedAmatNs: 0, toMove: 0 };
    let nItems = 0;

    /** Node unit (page p, part j) is on: a split-off part on the page's hot node, else the page's. */
    const unitNode = (view: PolicyView, p: number, j: number): number => {
      if (S > 1) { const m = view.parts!.mask[p]; if ((m >>> j) & 1) return view.parts!.hotNode[p]; }
      return view.pageNode[p];
    };

    /** Solved instructions/s of a plan (negated, to minimise), with its marginal costs into marg. */
    let lastAmat = 0;
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
      if (withMarginal) marg.set(r.marginalIps);
      lastAmat = r.amatNs;
      return -r.instructionsPerSecond;
    };

    /**
     * The vertex: each initiator's nodes cheapest (its host's marginal cost) first; (initiator,
     * bucket) items with the most to gain first (expected accesses per unit x the gap between
     * its two cheapest nodes), each filling its cheapest nodes within capacity.
     */
    const vertex = (view: PolicyView) => {
      y.fill(0);
      for (let d = 0; d < D; d++) room[d] = view.nodeCapacity[d] * S;
      for (let q = 0; q < I; q++) {
        const o = order[q], m = ih[q] * D;
        for (let i = 1; i < o.length; i++) {
          const d = o[i];
          let j = i - 1;
          while (j >= 0 && marg[m + o[j]] > marg[m + d]) { o[j + 1] = o[j]; j--; }
          o[j + 1] = d;
        }
        gain[q] = o.length > 1 ? marg[m + o[1]] - marg[m + o[0]] : 1;
      }
      nItems = 0;
      for (let i = 0; i < HB; i++) {
        if (n[i] === 0 || i % NB < MIN_BUCKET) continue;
        itemKey[i] = (mass[i] / n[i]) * gain[(i / NB) | 0];
        items[nItems++] = i;
      }
      // Ties (a host's buckets have the same gap) keep the hotter bucket first.
      items.subarray(0, nItems).sort((a, b) => itemKey[b] - itemKey[a] || b - a);
      // Then the units not worth a move: where they are as far as there is room, the rest
      // anywhere (cheapest first).
      const worth = nItems;
      for (let i = 0; i < HB; i++) if (n[i] > 0 && i % NB < MIN_BUCKET) items[nItems++] = i;
      for (let k = 0; k < nItems; k++) {
        const i = items[k], q0 = (i / NB) | 0;
        let left = n[i];
        if (k >= worth) {
          for (let d = 0; d < D && left > 0; d++) {
            const t = Math.min(cur[i * D + d], room[d]);
            if (t <= 0) continue;
            y[i * D + d] += t;
            room[d] -= t;
            left -= t;
          }
        }
        const o = order[q0];
        for (let q = 0; q < o.length && left > 0; q++) {
          const d = o[q];
          const t = Math.min(left, room[d]);
          if (t <= 0) continue;
          y[i * D + d] += t;
          room[d] -= t;
          left -= t;
        }
        // No room anywhere it reaches: it stays where it is.
        if (left > 0) for (let d = 0; d < D; d++) y[i * D + d] += (cur[i * D + d] / n[i]) * left;
      }
    };

    const along = (g: number) => {
      for (let k = 0; k < z.length; k++) z[k] = x[k] + g * (y[k] - x[k]);
    };

    const plan = (view: PolicyView) => {
      x.set(cur);
      let best = cost(view, x, true);
      st.currentIps = -best;
      let bestAmat = lastAmat;
      for (let step = 0; step < STEPS; step++) {
        vertex(view);
        // Golden-section search of the segment x -> y for the most solved instructions/s.
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
        bestAmat = lastAmat;
      }
      st.plannedIps = -best;
      st.plannedAmatNs = bestAmat;
    };

    /** Whole units per (host, bucket, node) from the plan: floors, then the largest remainders. */
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

    /**
     * Page p's moves towards its units' targets: one move, split or merge (a page moves once
     * an epoch). True when done or nothing to do; false when it could not be queued now.
     */
    const realise = (view: PolicyView, sink: MigrationSink, p: number): boolean => {
      const dev = view.pageNode;
      const from = dev[p];
      if (S === 1) {
        const t = unitTarget[p];
        return t === from || sink.migrate(p, t, reasonFor(view, from, t));
      }
      const pv = view.parts!, mask = pv.mask[p];
      const base = p * S;
      const first = unitTarget[base];
      let same = true;
      for (let j = 1; j < S; j++) if (unitTarget[base + j] !== first) { same = false; break; }
      if (same) {
        if (mask !== 0) return sink.merge!(p); // whole again first; it moves next epoch if it must
        return first === from || sink.migrate(p, first, reasonFor(view, from, first));
      }
      // Parts on two nodes or more: the cheapest target takes its parts, the rest goes where most of the others go.
      const o = order[view.pageInitiator[p]];
      perNode.fill(0);
      for (let j = 0; j < S; j++) perNode[unitTarget[base + j]]++;
      let hot = -1;
      for (let q = 0; q < o.length && hot < 0; q++) if (perNode[o[q]] > 0) hot = o[q];
      let rest = -1;
      for (let q = 0; q < o.length; q++) if (o[q] !== hot && perNode[o[q]] > 0 && (rest < 0 || perNode[o[q]] > perNode[rest])) rest = o[q];
      if (hot < 0 || rest < 0) return true;
      let m = 0;
      for (let j = 0; j < S; j++) if (unitTarget[base + j] === hot) m |= 1 << j;
      m >>>= 0;
      if (mask !== 0) return (mask === m && pv.hotNode[p] === hot && from === rest) || sink.merge!(p);
      return sink.split!(p, m, hot, rest);
    };

    const onEpoch = (view: PolicyView, sink: MigrationSink) => {
      const next = view.nextExpected();
      const dev = view.pageNode, host = view.pageInitiator;
      const partShare = parts ? parts.share : null;
      n.fill(0); mass.fill(0); cur.fill(0); hostMass.fill(0);
      let placed = 0, nu = 0;
      for (let p = 0; p < P; p++) {
        if (dev[p] === NONE) continue;
        const h = host[p];
        if (S > 1) pageBucket[p] = logBucket(next[p], SCALE, NB);
        for (let j = 0; j < S; j++) {
          const u = p * S + j;
          const e = partShare ? next[p] * partShare[u] : next[p];
          const b = logBucket(e, SCALE, NB);
          unitBucket[u] = b;
          const i = h * NB + b;
          n[i]++; mass[i] += e; cur[i * D + unitNode(view, p, j)]++;
          units[nu++] = u;
        }
        hostMass[ih[h]] += next[p];
        list[placed++] = p;
      }
      plan(view);
      round();
      // Units that stay: as many of each (host, bucket) on each node as the plan keeps there.
      for (let k = 0; k < keep.length; k++) {
        const stay = Math.min(cur[k], want[k]);
        keep[k] = stay;
        want[k] -= stay;
      }
      // Hottest first: a unit stays if its node keeps some of its kind, else it goes to the
      // cheapest node that wants its kind.
      sorter.sort(units, nu, unitBucket, NB, true);
      for (let k = 0; k < nu; k++) {
        const u = units[k], p = (u / S) | 0, h = host[p];
        const d = unitNode(view, p, u - p * S);
        const base = (h * NB + unitBucket[u]) * D;
        let t = d;
        if (keep[base + d] > 0) keep[base + d]--;
        else {
          const o = order[h];
          for (let q = 0; q < o.length; q++) if (want[base + o[q]] > 0) { t = o[q]; want[base + t]--; break; }
        }
        unitTarget[u] = t;
      }
      // The pages whose units move, hottest first; a move into a full node waits for the moves out of it.
      sorter.sort(list, placed, pageBucket, NB, true);
      let np = 0;
      for (let j = 0; j < placed; j++) {
        const p = list[j];
        let moves = false;
        if (S === 1) moves = unitTarget[p] !== dev[p];
        else {
          for (let k = 0; k < S && !moves; k++) moves = unitTarget[p * S + k] !== unitNode(view, p, k);
        }
        if (moves) pending[np++] = p;
      }
      st.toMove = np;
      for (let pass = 0; pass < 4 && np > 0; pass++) {
        let left = 0;
        for (let j = 0; j < np; j++) {
          const p = pending[j];
          if (!realise(view, sink, p)) pending[left++] = p;
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
      stats: () => {
        let splitPages = 0;
        if (parts) for (let p = 0; p < P; p++) if (parts.mask[p] !== 0) splitPages++;
        return { ...st, splitPages };
      },
    };
  },
};
