// The observation draws every policy uses (observe.ts): right distributions, no draw where the
// outcome is certain, the same numbers everywhere.
import { describe, expect, it } from 'vitest';
import { dexp } from '../dmath';
import { Rng } from '../rng';
import { expDraw, expNeg, poisson, seen } from './observe';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) { const x = draw(); s += x; s2 += x * x; }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('observations drawn from real access rates', () => {
  it('e^-x from the table is within 1e-4 of dmath', () => {
    for (let x = 0; x < 32; x += 0.0371) expect(Math.abs(expNeg(x) - dexp(-x))).toBeLessThanOrEqual(1e-4 * dexp(-x) + 1e-15);
    expect(expNeg(0)).toBe(1);
    expect(expNeg(40)).toBe(0);
  });

  it('an accessed bit is set with probability 1 - e^-(rate x window); certain outcomes draw nothing', () => {
    const rng = new Rng(1, 9);
    for (const x of [0.05, 0.7, 3]) {
      let hits = 0;
      const n = 200_000;
      for (let i = 0; i < n; i++) if (seen(x, rng)) hits++;
      expect(hits / n).toBeCloseTo(1 - Math.exp(-x), 2);
    }
    const a = new Rng(2, 9), b = new Rng(2, 9);
    expect(seen(0, a)).toBe(false);
    expect(seen(1000, a)).toBe(true);
    expect(a.nextU32()).toBe(b.nextU32()); // neither consumed a draw
  });

  it('Poisson counts have mean and variance mu, below and above the exact range', () => {
    const rng = new Rng(3, 9);
    for (const mu of [0.02, 0.8, 6, 15.5, 40, 2000]) {
      const m = moments(() => poisson(mu, rng), 100_000);
      expect(m.mean / mu, `mean at ${mu}`).toBeCloseTo(1, 1);
      expect(m.variance / mu, `variance at ${mu}`).toBeGreaterThan(0.93);
      expect(m.variance / mu, `variance at ${mu}`).toBeLessThan(1.07);
    }
    expect(poisson(0, rng)).toBe(0);
  });

  it('the time to the next access is exponential: Exp(1) in units of the rate', () => {
    const rng = new Rng(4, 9);
    const m = moments(() => expDraw(rng), 200_000);
    expect(m.mean).toBeCloseTo(1, 2);
    expect(m.variance).toBeCloseTo(1, 1);
  });
});
