import { describe, expect, it } from 'vitest';
import { BUCKETS, Decimated } from './decimated';

/** A row of two columns per epoch: a wave and a ramp. */
const value = (e: number, f: number) => (f === 0 ? Math.sin(e / 7) * 100 + (e % 13) : e * 0.5);

function feed(d: Decimated, n: number): void {
  const row = new Float64Array(3);
  for (let e = 0; e < n; e++) {
    row[0] = e; row[1] = value(e, 0); row[2] = value(e, 1);
    d.add(row, 0);
  }
}

describe('Decimated', () => {
  it('one bucket per epoch while the run fits, each epoch its own min and max', () => {
    const d = new Decimated([1, 2]);
    feed(d, 100);
    expect(d.width).toBe(1);
    expect(d.count).toBe(100);
    for (let b = 0; b < 100; b++) {
      expect(d.min[b * 2]).toBe(value(b, 0));
      expect(d.max[b * 2 + 1]).toBe(value(b, 1));
    }
  });

  it('a long run: never more than BUCKETS buckets, each the exact min and max of its epochs', () => {
    const d = new Decimated([1, 2]);
    const min = d.min, max = d.max;
    const n = 200_003;
    feed(d, n);
    expect(d.min).toBe(min); // the same arrays: memory does not grow with the run
    expect(d.max).toBe(max);
    expect(d.count).toBeLessThanOrEqual(BUCKETS);
    expect(d.count).toBeGreaterThan(BUCKETS / 2);
    expect(d.width).toBe(512); // 200,003 epochs over 512 buckets: the first power of two that fits
    expect(d.epochs).toBe(n);
    for (const b of [0, 1, 77, d.count - 1]) {
      const from = d.firstEpoch(b), to = Math.min(n, from + d.width);
      for (let f = 0; f < 2; f++) {
        let lo = Infinity, hi = -Infinity;
        for (let e = from; e < to; e++) { lo = Math.min(lo, value(e, f)); hi = Math.max(hi, value(e, f)); }
        expect(d.min[b * 2 + f]).toBe(lo);
        expect(d.max[b * 2 + f]).toBe(hi);
      }
    }
  });

  it('clear starts a new run', () => {
    const d = new Decimated([1]);
    feed(d, 5000);
    d.clear();
    expect([d.count, d.width, d.epochs]).toEqual([0, 1, 0]);
    feed(d, 3);
    expect(d.count).toBe(3);
  });
});
