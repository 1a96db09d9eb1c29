// Zipf: rank r (from 0) is accessed in proportion to 1 / (r + 1)^s, a few pages get most accesses.
import { dlog, dpow } from '../dmath';
import { definePattern } from './types';

/** 4 KiB sub-pages a part's mass is summed over exactly; beyond, by the integral. */
const EXACT_RANKS = 4096;

export const zipf = definePattern({
  name: 'zipf',
  help: 'a few pages get most accesses (skewed)',
  knobs: [
    { key: 'skew', label: 'Skew', default: 0.99, min: 0, max: 4, unit: '', help: 'The zipf exponent s: rank r gets accesses in proportion to 1 / r^s (0: uniform; 0.99: the classic key-value skew)' },
  ],
  draw: 'ranks',
  flat: false,
  cacheable: true,
  rankRates(k, _n, active, out) {
    for (let r = 0; r < active; r++) out[r] = 1 / dpow(r + 1, k.skew);
  },
  runRate(k, a, b) {
    return zipfMass(a, b, k.skew);
  },
});

/**
 * Sum of (r + 1)^-s over 4 KiB ranks a <= r < b: exactly below EXACT_RANKS, beyond by the
 * midpoint integral of x^-s from a + 1/2 to b + 1/2 (relative error below 1e-7 there).
 * dmath only: the same bits in every engine.
 */
export function zipfMass(a: number, b: number, s: number): number {
  let w = 0, r = a;
  for (; r < b && r < EXACT_RANKS; r++) w += 1 / dpow(r + 1, s);
  if (r >= b) return w;
  const lo = r + 0.5, hi = b + 0.5;
  if (Math.abs(1 - s) < 1e-9) return w + dlog(hi / lo);
  return w + (dpow(hi, 1 - s) - dpow(lo, 1 - s)) / (1 - s);
}
