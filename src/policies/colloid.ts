// Colloid (SOSP'24): place hot pages so that the *loaded* access latencies of the default
// (fast) tier and the alternate tier are equal, instead of packing the hottest pages into the
// fast tier. Each epoch, per host:
//   p   = share of the host's accesses served by its default tier (the epoch just simulated);
//   L_D = loaded latency of the default tier, L_A = access-weighted loaded latency of the
//         alternate tier, as Colloid's CHA counters measure them: they count every access, so
//         here the engine's solver gives the loaded latencies of the epoch's real access split
//         (view.solveShares at the shares of the real rates; migration copies left out), not
//         the engine's sampled traffic, whose sampling noise a noisy epoch would act on (it
//         reopened the search: 125k / 52k / 51k migrations at 4,096 / 16,384 / 65,536 samples
//         on bandwidth-contention before);
//   if |L_D - L_A| <= delta * L_D nothing moves; otherwise a binary search over p
//   (p_lo / p_hi as in Colloid's colloid-mon: L_D > L_A sets p_hi = p, else p_lo = p; an
//   interval narrower than epsilon reopens on the side the latencies point to) gives the
//   target p* = (p_lo + p_hi) / 2 and the desired shift dp = |p* - p|;
//   then pages carrying about step * dp of the host's access probability move: the hottest
//   default-tier pages with probability <= what is left go to the alternate tier when
//   L_D > L_A (Reason.balance), the hottest alternate-tier pages come to the default tier
//   otherwise (Reason.promote; the coldest default-tier pages are demoted to make room).
// Per-page access probability is a decayed per-page count of PEBS samples (Poisson draws from
// the page's real access rate, as in Colloid's HeMem and Memtis integrations) over the host's
// total; p and the per-device access counts come from the real rates (Colloid reads them from
// CHA hardware counters, which count every access).
// Pages moved out go to the alternate device with the least access share per GB/s.
// A promotion into a full default tier swaps with its coldest page only when the incoming
// page is at least twice as hot (assumed hysteresis, as hotness tiering keeps a warm band);
// without it sampling noise alone keeps the fast tier churning.
// Defaults: delta 5 %, epsilon 1 % (COLLOID_DELTA_PERCENT / COLLOID_EPSILON_PERCENT in
// host-architecture/colloid); the rate limit is Linux's promote rate limit default (Colloid's
// TPP integration inherits it); the count half-life is an assumption.
// Left out: Colloid measures latency from CHA occupancy/insert counters smoothed over 10 ms
// samples and migrates every 500 ms quantum; here both happen once per epoch.
// Note: equal loaded latencies are where no single access would gain by switching tier (a
// user equilibrium); with a saturated tier in the engine's closed loop the lowest AMAT can lie
// elsewhere (bandwidth-contention: weighted-interleave's bandwidth split does better).
import type { InitiatorIdArray, NodeIdArray } from '../ids';
import { dpow } from '../dmath';
import { poisson } from './observe';
import type { Rng } from '../rng';
import { NO_NODE, Reason, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { BucketSort, Tiers, logBucket, rateParam, ratePagesPerEpoch } from './tiering';
// Imported bindings copied to module constants: hot loops read these without a getter.
const NONE: number = NO_NODE;
const PROMOTE = Reason.promote, DEMOTE = Reason.demote, BALANCE = Reason.balance;
const bucketOf = logBucket;
const NB = 128;
/** Heat below this (1/16 of a sample) is not worth moving. */
const MIN_HEAT = 1 / 16;
/** Buckets per power of two in logBucket: a swap needs the incoming page this much hotter. */
const SWAP_GAP = 4;

/**
 * Decays per-page heat and adds this epoch's PEBS samples (Poisson, `scale` samples per access
 * per second), sums heat per host and real accesses per second per host and device.
 */
function decayPass(P: number, D: number, decay: number, rate: Float32Array, scale: number, rng: Rng, heat: Float64Array, host: InitiatorIdArray, dev: NodeIdArray, hostHeat: Float64Array, hda: Float64Array): void {
  for (let p = 0; p < P; p++) {
    const r = rate[p];
    const e = heat[p] * decay + poisson(r * scale, rng);
    heat[p] = e;
    const h = host[p];
    hostHeat[h] += e;
    const d = dev[p];
    if (d !== NONE) hda[h * D + d] += r;
  }
}

export const colloid: PolicyDef = {
  name: 'colloid',
  description: 'Colloid (SOSP\'24): moves hot pages between tiers until their loaded latencies are equal',
  params: [
    { key: 'deltaPct', label: 'Latency tolerance', default: 5, min: 0, max: 100, unit: '%', help: 'No migration while the tiers\' loaded latencies differ by at most this share of the default tier\'s (COLLOID_DELTA_PERCENT)' },
    { key: 'epsilonPct', label: 'Search resolution', default: 1, min: 0.01, max: 50, unit: '%', help: 'A search interval narrower than this reopens (COLLOID_EPSILON_PERCENT)' },
    { key: 'step', label: 'Step size', default: 1, min: 0.01, max: 1, help: 'Share of the desired access-probability shift moved per epoch' },
    { key: 'halfLifeMs', label: 'Hotness half-life', default: 500, min: 1, max: 600_000, unit: 'ms', help: 'Half-life of the per-page access counts that give access probabilities (assumed)' },
    { key: 'samplePeriod', label: 'PEBS sample period', default: 199, min: 1, max: 1_000_000, integer: true, unit: 'accesses', help: 'One PEBS sample per this many memory accesses gives the per-page counts (assumed: Memtis\'s htmm_sample_period; Colloid takes hotness from the tiering system it extends)' },
    rateParam(65536, 'Pages migrated per epoch at most, each way (Linux numa_balancing_promote_rate_limit_MBps default)'),
  ],
  stats: [
    { key: 'defaultLatencyNs', label: 'Fast-tier loaded latency', unit: 'ns', scope: 'epoch', help: 'Mean loaded latency of the first active host\'s accesses to its fast tier (Colloid\'s default tier)' },
    { key: 'alternateLatencyNs', label: 'Slower-tier loaded latency', unit: 'ns', scope: 'epoch', help: 'The same for its slower tiers (Colloid\'s alternate tier); their idle latency when nothing went there' },
    { key: 'defaultShare', label: 'Fast-tier share of accesses', unit: 'share', scope: 'epoch', help: 'Share of the first active host\'s accesses that its fast tier served' },
    { key: 'targetShare', label: 'Target fast-tier share', unit: 'share', scope: 'epoch', help: 'The share Colloid\'s search aims for (the middle of its interval); equal to the current share while the latencies are within the tolerance' },
    { key: 'deltaP', label: 'Planned shift of the fast-tier share', unit: 'share', scope: 'epoch', help: 'How far the target is from the current share (Colloid\'s delta p)' },
    { key: 'balanced', label: 'Pages moved out to balance', unit: 'pages', scope: 'epoch', help: 'Hot pages queued from the fast tier to a slower one because the fast tier\'s loaded latency was higher' },
    { key: 'promoted', label: 'Promotions queued', unit: 'pages', scope: 'epoch', help: 'Hot pages queued into the fast tier because it was faster under load' },
    { key: 'demoted', label: 'Demotions queued', unit: 'pages', scope: 'epoch', help: 'Cold fast-tier pages queued out to make room for those promotions' },
  ],
  create: ({ params, view: v0, deviceBandwidthGBps }) => {
    // Per initiator (a host, or a shared region's sharers), as "fast" is; latencies are its host's.
    const P = v0.pages, H = v0.initiators, D = v0.nodes;
    const tiers = new Tiers(v0);
    const decay = dpow(0.5, v0.epochMs / params.halfLifeMs);
    const heat = new Float64Array(P);
    const bucket = new Uint16Array(P);
    const sorter = new BucketSort(P, NB);
    const planned = new Int32Array(P);
    const cands = new Int32Array(P);
    const victims = new Int32Array(P);
    const victimDev = new Uint8Array(D);
    const side = new Uint8Array(H * D);
    const fastOf = tiers.fast;
    const hostHeat = new Float64Array(H);
    const hostRate = new Float64Array(H);
    const hda = new Float64Array(H * D); // real accesses per second per host and device, this epoch
    const split = new Float64Array(H * D); // the same as shares of each host's accesses
    const pLo = new Float64Array(H);
    const pHi = new Float64Array(H).fill(1);
    const mode = new Int8Array(H); // +1 default tier overloaded (move out), -1 move in, 0 hold
    const left = new Float64Array(H); // access probability mass still to move (heat units)
    const moved = new Float64Array(D); // probability moved to each alternate device this epoch
    const roomNeed = new Int32Array(D);
    // Demotion candidates per fast device, coldest first, as linked lists through vNext.
    const vHead = new Int32Array(D), vTail = new Int32Array(D), vNext = new Int32Array(P);
    const limit = ratePagesPerEpoch(params.rateMBps, v0);
    const delta = params.deltaPct / 100, eps = params.epsilonPct / 100;
    const st = { defaultLatencyNs: 0, alternateLatencyNs: 0, defaultShare: 0, targetShare: 0, deltaP: 0, balanced: 0, promoted: 0, demoted: 0 };

    /** The host's alternate device that would take moved probability at the lowest load per bandwidth. */
    const altTarget = (view: PolicyView, h: number, total: number): number => {
      const s = tiers.slow[h];
      let best = -1, bestLoad = Infinity;
      for (let i = 0; i < s.length; i++) {
        const d = s[i];
        if (view.nodeFree[d] <= 0) continue;
        const load = (hda[h * D + d] / total + moved[d]) / Math.max(1e-9, deviceBandwidthGBps[d]);
        if (load < bestLoad) { bestLoad = load; best = d; }
      }
      return best;
    };

    const onEpoch = (view: PolicyView, sink: MigrationSink) => {
      const dev = view.pageNode, host = view.pageInitiator, fastFor = view.fastFor;
      hostHeat.fill(0); hda.fill(0);
      decayPass(P, D, decay, view.accessRate, view.epochMs / 1000 / params.samplePeriod, view.rng, heat, host, dev, hostHeat, hda);
      for (let h = 0; h < H; h++) {
        let t = 0;
        for (let d = 0; d < D; d++) t += hda[h * D + d];
        for (let d = 0; d < D; d++) split[h * D + d] = t > 0 ? hda[h * D + d] / t : 0;
      }
      const lat = view.solveShares(split).latencyNs;

      // Measure and search, per host.
      let any = false;
      st.balanced = 0; st.promoted = 0; st.demoted = 0;
      let reported = false;
      for (let h = 0; h < H; h++) {
        mode[h] = 0; left[h] = 0; hostRate[h] = 0;
        if (tiers.fast[h] < 0 || tiers.slow[h].length === 0) continue;
        let total = 0, nD = 0, lD = 0, nA = 0, lA = 0;
        const row = view.initiatorHost[h] * D;
        for (let d = 0; d < D; d++) {
          const n = hda[h * D + d];
          if (n === 0) continue;
          total += n;
          if (fastFor[h * D + d] === 1) { nD += n; lD += n * lat[row + d]; } else { nA += n; lA += n * lat[row + d]; }
        }
        hostRate[h] = total;
        if (total === 0) continue;
        const LD = nD > 0 ? lD / nD : lat[row + tiers.fast[h]];
        let LA = nA > 0 ? lA / nA : Infinity;
        if (nA === 0) for (const d of tiers.slow[h]) LA = Math.min(LA, lat[row + d]);
        const p = nD / total;
        const gt = LD > LA;
        let dp = 0, target = p;
        if (Math.abs(LD - LA) > delta * LD) {
          if (!gt) { pLo[h] = p; if (pHi[h] <= pLo[h]) pHi[h] = 1; } else { pHi[h] = p; if (pLo[h] >= pHi[h]) pLo[h] = 0; }
          if (pHi[h] - pLo[h] < eps) { if (!gt) pHi[h] = 1; else pLo[h] = 0; }
          target = (pLo[h] + pHi[h]) / 2;
          dp = Math.abs(target - p);
        }
        if (!reported) {
          reported = true;
          st.defaultLatencyNs = LD; st.alternateLatencyNs = Number.isFinite(LA) ? LA : 0;
          st.defaultShare = p; st.targetShare = target; st.deltaP = dp;
        }
        if (dp > 0 && hostHeat[h] > 0) {
          mode[h] = gt ? 1 : -1;
          left[h] = dp * params.step * hostHeat[h];
          any = true;
        }
      }
      if (!any) return;

      // Candidates in one pass: pages that may move (hot enough to carry mass) on the side each
      // host moves from, and the pages on fast devices that may have to make room.
      victimDev.fill(0);
      for (let h = 0; h < H; h++) if (mode[h] === -1) victimDev[tiers.fast[h]] = 1;
      // side[h * D + d]: 1 when host h's pages on device d may move (out of the fast tier when
      // the host moves out, into it when it moves in), else 0.
      for (let h = 0; h < H; h++) {
        for (let d = 0; d < D; d++) {
          const onFast = fastFor[h * D + d] === 1;
          side[h * D + d] = mode[h] !== 0 && onFast === (mode[h] === 1) ? 1 : 0;
        }
      }
      let nc = 0, nv = 0;
      for (let p = 0; p < P; p++) {
        const d = dev[p];
        if (d === NONE) continue;
        const v = victimDev[d] === 1, c = side[host[p] * D + d] === 1 && heat[p] >= MIN_HEAT;
        if (v || c) bucket[p] = bucketOf(heat[p], 16, NB); // buckets only where they are compared
        if (v) victims[nv++] = p;
        if (c) cands[nc++] = p;
      }
      sorter.sort(cands, nc, bucket, NB, true);
      moved.fill(0); roomNeed.fill(0);
      let nPlanned = 0;
      let promoteLeft = sink.remaining(PROMOTE);
      let active = 0;
      for (let h = 0; h < H; h++) if (mode[h] !== 0) active++;
      // Hottest first: move default-tier pages out, or plan alternate-tier pages in.
      for (let i = 0; i < nc && active > 0; i++) {
        const p = cands[i];
        const e = heat[p];
        const h = host[p];
        const m = mode[h];
        if (m === 0 || e > left[h]) continue;
        if (m === 1) {
          const to = altTarget(view, h, hostRate[h]);
          if (to < 0) continue;
          if (sink.migrate(p, to, BALANCE)) { left[h] -= e; moved[to] += e / hostHeat[h]; st.balanced++; }
        } else {
          if (promoteLeft <= 0) { mode[h] = 0; active--; continue; }
          planned[nPlanned++] = p;
          left[h] -= e;
          roomNeed[fastOf[h]]++;
          promoteLeft--;
        }
        if (left[h] < MIN_HEAT) { mode[h] = 0; active--; }
      }
      if (nPlanned === 0) return;

      // Room for the promotions: the coldest default-tier pages, as TPP's reclaim would pick them.
      let need = 0;
      vHead.fill(-1); vTail.fill(-1);
      for (let d = 0; d < D; d++) { roomNeed[d] = Math.max(0, roomNeed[d] - view.nodeFree[d]); need += roomNeed[d]; }
      if (need > 0) sorter.sort(victims, nv, bucket, NB, false);
      for (let i = 0; i < nv && need > 0; i++) {
        const p = victims[i];
        const d = dev[p];
        if (roomNeed[d] <= 0) continue;
        vNext[p] = -1;
        if (vTail[d] < 0) vHead[d] = p; else vNext[vTail[d]] = p;
        vTail[d] = p;
        roomNeed[d]--; need--;
      }
      // A promotion that needs a frame swaps with the coldest default-tier page only if it is at
      // least twice as hot (a whole log2 step), so sampling noise does not churn the fast tier.
      for (let i = 0; i < nPlanned; i++) {
        const p = planned[i];
        const f = fastOf[host[p]];
        if (view.nodeFree[f] <= 0) {
          const v = vHead[f];
          if (v < 0 || bucket[p] < bucket[v] + SWAP_GAP) continue;
          vHead[f] = vNext[v];
          const to = tiers.demoteTarget(view, host[v]);
          if (to < 0 || !sink.migrate(v, to, DEMOTE)) continue;
          st.demoted++;
        }
        if (sink.migrate(p, f, PROMOTE)) st.promoted++;
      }
    };

    return {
      limits: { promote: limit, demote: limit },
      place: (_page, h, view) => view.nodeOrder(h)[0] ?? -1,
      onEpoch,
      stats: () => ({ ...st }),
    };
  },
};
