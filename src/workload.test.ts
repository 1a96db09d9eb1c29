import { describe, expect, it } from 'vitest';
import { WorkloadSampler, buildAlias } from './workload';
import { workloadSchema } from './scenario/schema';

const spec = (o: object) => workloadSchema.parse({ id: 'w', hosts: ['h'], workingSetMB: 1, pattern: 'zipf', ...o });

describe('workloads', () => {
  it('the alias table reproduces its weights', () => {
    const w = Float64Array.from([1, 2, 3, 4, 10]);
    const { threshold, alias } = buildAlias(w);
    const mass = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      mass[i] += threshold[i] / 2 ** 32 / w.length;
      mass[alias[i]] += (1 - threshold[i] / 2 ** 32) / w.length;
    }
    w.forEach((x, i) => expect(mass[i]).toBeCloseTo(x / 20, 12));
  });

  it('zipf samples follow 1/rank^s on the hot permutation', () => {
    const n = 1000, samples = 400_000;
    const s = new WorkloadSampler(spec({ skew: 1 }), 0, n, 9, 1);
    const out = new Uint32Array(n);
    s.sample(samples, out, 0);
    const hot = s.hottestOffsets(3);
    let h = 0;
    for (let r = 1; r <= n; r++) h += 1 / r;
    for (let r = 0; r < 3; r++) expect(out[hot[r]] / samples).toBeCloseTo(1 / (r + 1) / h, 2);
    expect(out.reduce((a, b) => a + b, 0)).toBe(samples);
  });

  it('hot pages are a seeded permutation, not the first addresses', () => {
    const s = new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: 0.1, hotShare: 0.9 }), 0, 1000, 3, 1);
    const hot = Array.from(s.hottestOffsets(100));
    expect(hot.filter((o) => o < 100).length).toBeLessThan(40);
    const out = new Uint32Array(1000);
    s.sample(100_000, out, 0);
    const hotHits = hot.reduce((a, o) => a + out[o], 0);
    expect(hotHits / 100_000).toBeCloseTo(0.9, 1);
  });

  it('a shift moves the hot set; the same seed shifts the same way', () => {
    const mk = () => new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: 0.1, shiftEveryMs: 1000 }), 0, 1000, 3, 1);
    const a = mk(), b = mk();
    const before = new Set(a.hottestOffsets(100));
    expect(a.shiftDue(1000, 100)).toBe(true);
    expect(a.shiftDue(900, 100)).toBe(false);
    a.shift(); b.shift();
    const after = Array.from(a.hottestOffsets(100));
    expect(after.filter((o) => before.has(o)).length).toBeLessThan(40);
    expect(Array.from(b.hottestOffsets(100))).toEqual(after);
  });

  it('a scan walks the working set in address order and wraps', () => {
    const s = new WorkloadSampler(spec({ pattern: 'scan' }), 10, 100, 1, 1);
    const out = new Uint32Array(120);
    s.sample(150, out, 0);
    expect(out[9]).toBe(0);
    expect(out[10]).toBe(2);
    expect(out[59]).toBe(2);
    expect(out[60]).toBe(1);
    expect(out[110]).toBe(0);
  });
});
