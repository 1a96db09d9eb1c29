import { describe, expect, it } from 'vitest';
import { findPolicy } from './registry';
import { pagesPerEpoch, runScenario, skewedScenario } from './test-support';

describe('oracle', () => {
  const EPOCHS = 30;
  const oracle = runScenario(skewedScenario('oracle'), EPOCHS);

  it('keeps a larger share of accesses on DRAM than first-touch on a skewed 1:4 workload', () => {
    const first = runScenario(skewedScenario('first-touch'), EPOCHS);
    expect(oracle.totals.fastTierAccessShare).toBeGreaterThan(first.totals.fastTierAccessShare + 0.2);
  });

  it('is an upper bound on the fast-tier share of every hotness policy', () => {
    const others = ['memtis', 'damos', 'learned', 'colloid', 'tpp', 'linux-tiering'].filter((p) => findPolicy(p));
    expect(others).toEqual(expect.arrayContaining(['memtis', 'damos', 'learned', 'colloid']));
    for (const p of others) {
      const r = runScenario(skewedScenario(p), EPOCHS);
      expect(oracle.totals.fastTierAccessShare, p).toBeGreaterThanOrEqual(r.totals.fastTierAccessShare);
    }
  });

  it('never migrates more than its rate limit in an epoch', () => {
    const s = skewedScenario('oracle', { rateMBps: 4 });
    const limit = pagesPerEpoch(4, s);
    const r = runScenario(s, 15);
    expect(r.totals.promotions).toBeGreaterThan(0);
    expect(r.maxPromotions).toBeLessThanOrEqual(limit);
    expect(r.maxDemotions).toBeLessThanOrEqual(limit);
  });

  it('conserves pages', () => {
    expect(oracle.memoryCheck).toBeNull();
    expect(oracle.placedAfter).toBe(oracle.placedBefore);
    expect(oracle.placedBefore).toBe(oracle.engine.pages);
  });
});
