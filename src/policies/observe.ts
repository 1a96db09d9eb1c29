// What a policy observes of a page is drawn from the page's real access rate
// (PolicyView.accessRate, accesses per second in the epoch just simulated) with the policy's
// own seeded RNG, never from whether the engine's sampler happened to draw the page: an accessed
// bit set over a window w with probability 1 - exp(-rate w), a hint fault after the scanner
// unmaps a page at an exponential time of rate `rate`, PEBS samples as Poisson(rate x time /
// sampling period). So behaviour does not depend on samplesPerHost beyond sampling noise, a page
// with thousands of accesses per second is seen every epoch, and an idle host is seen idle.
//
// exp(-x) comes from a table built with dmath (bit-identical across V8s) and linear
// interpolation (relative error < 4e-5, far below any Bernoulli noise), cheap enough for a pass
// over every page.
import { dexp, dlog } from '../dmath';
import type { Rng } from '../rng';

/** Beyond this many expected events the chance of none (e^-32 ~ 1e-14) is taken as 0. */
const X_MAX = 32;
const STEPS = 64;
const EXP_NEG = Float64Array.from({ length: X_MAX * STEPS + 2 }, (_, i) => dexp(-i / STEPS));

/** e^-x for x >= 0 (table, linear interpolation); 0 from X_MAX on. */
export function expNeg(x: number): number {
  if (!(x > 0)) return 1;
  if (x >= X_MAX) return 0;
  const t = x * STEPS;
  const i = Math.floor(t);
  return EXP_NEG[i] + (EXP_NEG[i + 1] - EXP_NEG[i]) * (t - i);
}

/**
 * Whether a Poisson process with `x` expected events in a window had at least one (an
 * accessed bit found set): probability 1 - e^-x. Certain outcomes draw nothing.
 */
export function seen(x: number, rng: Rng): boolean {
  if (!(x > 0)) return false;
  if (x >= X_MAX) return true;
  return rng.nextFloat() >= expNeg(x);
}

/** An Exp(1) variate: the integrated rate until the next event of a Poisson process. */
export function expDraw(rng: Rng): number {
  return -dlog((rng.nextU32() + 1) / 4294967296);
}

/** Below this many expected events Poisson counts are drawn exactly, above it N(mu, mu). */
const POISSON_EXACT = 16;

/**
 * A Poisson(mu) count from one uniform: by inversion (summing the probabilities of 0, 1, 2, ...
 * events) below POISSON_EXACT expected events, by the normal approximation above, where a
 * count's relative noise is small and log2 histograms cannot tell the difference.
 */
export function poisson(mu: number, rng: Rng): number {
  if (!(mu > 0)) return 0;
  const u = rng.nextFloat();
  if (mu < POISSON_EXACT) {
    let p = expNeg(mu), cdf = p, k = 0;
    while (u >= cdf && k < 100) { k++; p *= mu / k; cdf += p; }
    return k;
  }
  const k = Math.round(mu + Math.sqrt(mu) * normalQuantile(u));
  return k > 0 ? k : 0;
}

/**
 * Quantiles of the standard normal distribution on a grid of NQ steps, interpolated (the tails
 * end at the grid's last step, |z| < 3.8). Built with Acklam's rational approximation from
 * dmath's log and exact square roots, so every V8 gets the same table.
 */
const NQ = 4096;
const NORMAL_Q = Float64Array.from({ length: NQ + 1 }, (_, i) => acklam(Math.min(NQ - 0.5, Math.max(0.5, i)) / NQ));

function normalQuantile(u: number): number {
  const t = u * NQ;
  const i = Math.floor(t);
  return i >= NQ ? NORMAL_Q[NQ] : NORMAL_Q[i] + (NORMAL_Q[i + 1] - NORMAL_Q[i]) * (t - i);
}

function acklam(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * dlog(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * dlog(1 - p)));
  const q = p - 0.5, r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
