// An online learned placement policy: a logistic regression, trained while the simulation
// runs, predicts for every page whether it will be seen accessed in the coming epoch; the fast tier
// is filled with the pages of highest predicted probability (promote predicted-hot slow pages,
// demote predicted-cold fast pages), rate-limited. No downloaded weights: the model starts at
// zero and learns from the run's own accesses.
//
// What it sees of a page is what a PEBS-based tiering system sees (policies/observe.ts): per
// epoch, Poisson(real access rate x epoch / samplePeriod) samples; "seen accessed" = at least
// one. A page with thousands of accesses per second is seen every epoch; a coldish one now and
// then; the count tells them apart where the bits cannot.
// Features of a page, all from before the epoch they predict:
//   - its last 8 history bits (seen 1..8 epochs ago), one weight each;
//   - a log2 bucket of its decayed sample count (one-hot, 16 buckets);
//   - recency when none of the 8 bits is set (last access 9-12, 13-16, 17-24, 25-32 epochs ago
//     or never: one-hot).
// The feature vector is a function of a small key (<= 4176 values), so one epoch's training set
// (every page: features from before the epoch, label "accessed in it") reduces to per-key counts,
// and a full-batch gradient step costs O(keys) after one O(pages) counting pass. Each epoch takes
// `steps` gradient steps with a per-feature normalised step size (the mean gradient over the pages
// where the feature is active), warm-started from the previous epoch's weights.
//
// Honesty: before training on an epoch, the predictions made for it one epoch earlier are scored
// against what happened (threshold 0.5). stats() reports accuracy, precision and recall of the
// last scored epoch (and run totals, the untrained first epoch included) beside two trivial
// predictors on the same epoch: "same as last epoch" (persistence) and "always cold". The model
// never reads view.nextExpected.
// Placement ranks pages by predicted probability, so it uses the model even when no page
// reaches 0.5 (then the 0.5-threshold figures equal "always cold").
import type { InitiatorIdArray, NodeIdArray } from '../ids';
import { dpow, dsigmoid } from '../dmath';
import type { Rng } from '../rng';
import { poisson } from './observe';
import { NO_NODE, type MigrationSink, type PolicyDef, type PolicyView } from './types';
import { Candidates, GroupHistogram, Tiers, converge, headroomFrames, rateParam, ratePagesPerEpoch, newPlan } from './tiering';

const NONE: number = NO_NODE;
const HIST_BITS = 8;
const CNT_BUCKETS = 16;
const REC_BUCKETS = 6; // 0: accessed within the last 8 epochs; 1..4: 9-12, 13-16, 17-24, 25-32; 5: never
const KEYS = (1 << HIST_BITS) * CNT_BUCKETS + REC_BUCKETS * CNT_BUCKETS;
// Weight layout: bias, history bits, count buckets, recency buckets.
const W_BIAS = 0;
const W_HIST = 1;
const W_CNT = W_HIST + HIST_BITS;
const W_REC = W_CNT + CNT_BUCKETS;
const WEIGHTS = W_REC + REC_BUCKETS;

/** Decayed-count bucket: 0 for < 0.25 samples, then log2 steps. */
function countBucket(c: number): number {
  const x = Math.floor(c * 4);
  if (x < 1) return 0;
  const b = 32 - Math.clz32(x >= 2147483647 ? 2147483647 : x);
  return b < CNT_BUCKETS ? b : CNT_BUCKETS - 1;
}

/** Recency bucket from the history bits older than the 8 used as features (hist >>> 8 != 0 ...). */
function recencyBucket(older: number): number {
  // older: history bits 8..31 (accessed 9..32 epochs ago in prediction frame), as bits 0..23.
  if (older === 0) return 5;
  const first = 31 - Math.clz32(older & -older); // 0-based index of the most recent access
  if (first < 4) return 1;
  if (first < 8) return 2;
  if (first < 16) return 3;
  return 4;
}

/** Key of a page from history bits (bit 0 = most recent epoch of the feature window) and count. */
function keyOf(hist: number, count: number): number {
  const h8 = hist & 0xff;
  const cb = countBucket(count);
  if (h8 !== 0) return h8 * CNT_BUCKETS + cb;
  return (1 << HIST_BITS) * CNT_BUCKETS + recencyBucket(hist >>> HIST_BITS) * CNT_BUCKETS + cb;
}

/** Fills the feature indices of a key into `out`, returns how many. */
function featuresOf(key: number, out: Int32Array): number {
  let n = 0;
  out[n++] = W_BIAS;
  const split = (1 << HIST_BITS) * CNT_BUCKETS;
  if (key < split) {
    const h8 = Math.floor(key / CNT_BUCKETS);
    for (let i = 0; i < HIST_BITS; i++) if ((h8 >>> i) & 1) out[n++] = W_HIST + i;
    out[n++] = W_CNT + (key % CNT_BUCKETS);
    out[n++] = W_REC;
  } else {
    const r = Math.floor((key - split) / CNT_BUCKETS);
    out[n++] = W_CNT + ((key - split) % CNT_BUCKETS);
    out[n++] = W_REC + r;
  }
  return n;
}

/**
 * One pass: draws each page's PEBS samples of the epoch just simulated (Poisson, `scale`
 * samples per access per second) and shifts them into its history bits, scores the predictions
 * made for that epoch (by key) and the persistence baseline (seen the epoch before) against
 * them, counts pages and positives per key (keyCount[2k + y]), then decays each page's count,
 * adds the epoch's samples, computes its key for the coming epoch and counts it in the placement
 * histogram (by key: see GroupHistogram.cls).
 * out: tp, fp, tn, fn of the model, then of the baseline (only when `score`).
 */
function pass(P: number, score: boolean, decay: number, rate: Float32Array, scale: number, rng: Rng, hist: Uint32Array, counts: Float64Array, key: Uint16Array, predicted: Uint8Array, keyCount: Int32Array, out: Float64Array,
  dev: NodeIdArray, host: InitiatorIdArray, cls: Int32Array, cnt: Int32Array, D: number): void {
  let tp = 0, pp = 0, yy = 0, btp = 0, bp = 0;
  for (let p = 0; p < P; p++) {
    const a = poisson(rate[p] * scale, rng);
    const h = (hist[p] << 1) | (a !== 0 ? 1 : 0);
    hist[p] = h;
    if (score) {
      const y = a !== 0 ? 1 : 0;
      const k = key[p];
      keyCount[2 * k + y]++;
      const pred = predicted[k];
      const base = (h >>> 1) & 1;
      tp += pred & y; pp += pred; yy += y;
      btp += base & y; bp += base;
    }
    const c = counts[p] * decay + a;
    counts[p] = c;
    const k = keyOf(h, c);
    key[p] = k;
    const d = dev[p];
    if (d === NONE) continue;
    const g = cls[host[p] * D + d];
    if (g >= 0) cnt[((g >> 1) * KEYS + k) * 2 + (g & 1)]++;
  }
  // tp, fp = predicted - tp, fn = positives - tp, tn = the rest.
  out[0] = tp; out[1] = pp - tp; out[3] = yy - tp; out[2] = P - pp - (yy - tp);
  out[4] = btp; out[5] = bp - btp; out[7] = yy - btp; out[6] = P - bp - (yy - btp);
}

export const learned: PolicyDef = {
  name: 'learned',
  description: 'Online logistic regression over each page\'s access history predicts next-epoch hotness; the fast tier holds the top predictions',
  params: [
    { key: 'learningRate', label: 'Learning rate', default: 0.5, min: 0.001, max: 10, help: 'Step size of each gradient step (per-feature normalised)' },
    { key: 'steps', label: 'Gradient steps per epoch', default: 2, min: 1, max: 20, integer: true, unit: 'steps', help: 'Training passes over each epoch\'s examples' },
    { key: 'l2', label: 'L2 penalty', default: 0.0001, min: 0, max: 1, help: 'Weight decay per step' },
    { key: 'samplePeriod', label: 'PEBS sample period', default: 199, min: 1, max: 1_000_000, integer: true, unit: 'accesses', help: 'One PEBS sample per this many memory accesses: what the model sees of each page (assumed: Memtis\'s htmm_sample_period)' },
    { key: 'halfLifeMs', label: 'Count half-life', default: 1000, min: 1, max: 600_000, unit: 'ms', help: 'Half-life of the decayed sample count feature (assumed)' },
    rateParam(2048, 'Pages migrated per epoch at most, each way (assumed: the Memtis default)'),
    { key: 'hysteresis', label: 'Demotion hysteresis', default: 0, min: 0, max: 10, help: 'Log-odds below the promotion threshold at which a fast-tier page becomes demotable (0: plain top-k; 0.35 cut migrations ~3x for ~1 % AMAT on a zipf test)' },
    { key: 'headroomPct', label: 'Fast-tier headroom', default: 2, min: 0, max: 50, unit: '%', help: 'Free fast-tier memory kept after promotions (assumed)' },
  ],
  stats: [
    { key: 'accuracy', label: 'Accuracy', unit: 'share', scope: 'epoch', help: 'Share of pages whose accessed / not accessed the model predicted right, over the epoch just simulated' },
    { key: 'precision', label: 'Precision', unit: 'share', scope: 'epoch', help: 'Of the pages predicted accessed, the share that were, over the epoch just simulated' },
    { key: 'recall', label: 'Recall', unit: 'share', scope: 'epoch', help: 'Of the pages accessed, the share predicted, over the epoch just simulated' },
    { key: 'persistenceAccuracy', label: 'Accuracy of repeating the last epoch', unit: 'share', scope: 'epoch', help: 'A trivial predictor for comparison: accessed again if accessed before, over the epoch just simulated' },
    { key: 'alwaysColdAccuracy', label: 'Accuracy of predicting nothing accessed', unit: 'share', scope: 'epoch', help: 'A trivial predictor for comparison: every page cold, over the epoch just simulated' },
    { key: 'runAccuracy', label: 'Accuracy', unit: 'share', scope: 'run', help: 'Share of pages whose accessed / not accessed the model predicted right, over every scored epoch of the run, the untrained first one included' },
    { key: 'runPrecision', label: 'Precision', unit: 'share', scope: 'run', help: 'Of the pages predicted accessed, the share that were, over every scored epoch of the run, the untrained first one included' },
    { key: 'runRecall', label: 'Recall', unit: 'share', scope: 'run', help: 'Of the pages accessed, the share predicted, over every scored epoch of the run, the untrained first one included' },
    { key: 'runPersistenceAccuracy', label: 'Accuracy of repeating the last epoch', unit: 'share', scope: 'run', help: 'A trivial predictor for comparison: accessed again if accessed before, over every scored epoch of the run, the untrained first one included' },
    { key: 'runAlwaysColdAccuracy', label: 'Accuracy of predicting nothing accessed', unit: 'share', scope: 'run', help: 'A trivial predictor for comparison: every page cold, over every scored epoch of the run, the untrained first one included' },
    { key: 'evaluatedEpochs', label: 'Epochs scored', unit: 'epochs', scope: 'run', help: 'Epochs whose predictions were scored against what happened' },
  ],
  create: ({ params, view: v0 }) => {
    const P = v0.pages;
    const tiers = new Tiers(v0);
    const G = tiers.groups;
    const decay = dpow(0.5, v0.epochMs / params.halfLifeMs);
    const counts = new Float64Array(P);
    const seenBits = new Uint32Array(P); // bit i: seen i epochs before the coming one
    const key = new Uint16Array(P); // features for the epoch to come (set after each epoch)
    const w = new Float64Array(WEIGHTS);
    const z = new Float64Array(KEYS);
    const rank = new Uint16Array(KEYS);
    const keyOrder = Array.from({ length: KEYS }, (_, i) => i);
    const keyCount = new Int32Array(2 * KEYS); // [2k + label]: pages with key k last epoch
    const featN = new Float64Array(WEIGHTS);
    const grad = new Float64Array(WEIGHTS);
    const feats = new Int32Array(WEIGHTS);
    const predicted = new Uint8Array(KEYS); // the prediction (p >= 0.5) each key got last epoch
    const cand = new Candidates(P, KEYS, G);
    const hist = new GroupHistogram(v0, tiers, KEYS);
    const limit = ratePagesPerEpoch(params.rateMBps, v0);
    const plan = newPlan(key, G, rank);
    // Confusion counts (tp, fp, tn, fn of the model, then of the persistence baseline): the
    // last scored epoch, and the run so far.
    const last = new Float64Array(8);
    const run = new Float64Array(8);
    let evaluated = 0;
    let ready = false; // keys hold features from before an epoch

    const recomputeZ = () => {
      for (let k = 0; k < KEYS; k++) {
        const n = featuresOf(k, feats);
        let s = 0;
        for (let i = 0; i < n; i++) s += w[feats[i]];
        z[k] = s;
      }
    };
    recomputeZ();

    const onEpoch = (view: PolicyView, sink: MigrationSink) => {
      // 1. One pass: score last epoch's predictions (and the persistence baseline) on what
      //    happened, count (features, label) per key, and compute the coming epoch's features.
      if (ready) keyCount.fill(0);
      hist.begin();
      pass(P, ready, decay, view.accessRate, view.epochMs / 1000 / params.samplePeriod, view.rng, seenBits, counts, key, predicted, keyCount, last, view.pageNode, view.pageInitiator, hist.cls, hist.cnt, hist.D);
      if (ready) {
        for (let i = 0; i < 8; i++) run[i] += last[i];
        evaluated++;
        // 2. Train: gradient steps on this epoch's (features, label) counts.
        featN.fill(0);
        for (let k = 0; k < KEYS; k++) {
          const nk = keyCount[2 * k] + keyCount[2 * k + 1];
          if (nk === 0) continue;
          const n = featuresOf(k, feats);
          for (let i = 0; i < n; i++) featN[feats[i]] += nk;
        }
        for (let s = 0; s < params.steps; s++) {
          grad.fill(0);
          for (let k = 0; k < KEYS; k++) {
            const pos = keyCount[2 * k + 1];
            const nk = keyCount[2 * k] + pos;
            if (nk === 0) continue;
            const g = nk * dsigmoid(z[k]) - pos;
            const n = featuresOf(k, feats);
            for (let i = 0; i < n; i++) grad[feats[i]] += g;
          }
          for (let j = 0; j < WEIGHTS; j++) {
            const g = featN[j] > 0 ? grad[j] / featN[j] : 0;
            w[j] -= params.learningRate * (g + params.l2 * w[j]);
          }
          recomputeZ();
        }
      }
      ready = true;

      // 3. Predictions for the coming epoch; keys ranked by predicted probability are the
      //    placement buckets.
      for (let k = 0; k < KEYS; k++) predicted[k] = z[k] >= 0 ? 1 : 0;
      keyOrder.sort((a, b) => z[a] - z[b] || a - b);
      for (let i = 0; i < KEYS; i++) rank[keyOrder[i]] = i;

      // 4. Placement: fill each fast device from the top of the ranking.
      headroomFrames(view, tiers, params.headroomPct, plan.headroom);
      hist.end(view, plan.headroom, rank);
      for (let g = 0; g < G; g++) {
        const { threshold } = hist.fit(g, 0);
        plan.hot[g] = threshold;
        // Warm band: a fast-tier page is demoted only when its predicted odds are below the
        // threshold's by more than the hysteresis factor.
        const zCold = z[keyOrder[threshold]] - params.hysteresis;
        let c = threshold;
        while (c > 0 && z[keyOrder[c - 1]] > zCold) c--;
        plan.cold[g] = c;
      }
      converge(view, sink, tiers, hist, cand, plan);
    };

    const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
    const figures = (c: Float64Array) => {
      const total = c[0] + c[1] + c[2] + c[3];
      return {
        accuracy: ratio(c[0] + c[2], total),
        precision: ratio(c[0], c[0] + c[1]),
        recall: ratio(c[0], c[0] + c[3]),
        persistence: ratio(c[4] + c[6], total),
        alwaysCold: ratio(c[2] + c[1], total),
      };
    };
    return {
      limits: { promote: limit, demote: limit },
      place: (_page, host, view) => view.nodeOrder(host)[0] ?? -1,
      onEpoch,
      stats: () => {
        const l = figures(last), r = figures(run);
        return {
          // The predictions made for the epoch just simulated, scored against it.
          accuracy: l.accuracy,
          precision: l.precision,
          recall: l.recall,
          // Trivial predictors on the same epoch: "same as last epoch" and "always cold".
          persistenceAccuracy: l.persistence,
          alwaysColdAccuracy: l.alwaysCold,
          // The same over every scored epoch of the run (the first, untrained, included).
          runAccuracy: r.accuracy,
          runPrecision: r.precision,
          runRecall: r.recall,
          runPersistenceAccuracy: r.persistence,
          runAlwaysColdAccuracy: r.alwaysCold,
          evaluatedEpochs: evaluated,
        };
      },
    };
  },
};
