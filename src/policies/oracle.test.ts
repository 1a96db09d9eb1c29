import { describe, expect, it } from 'vitest';
import { findPolicy } from './registry';
import { runScenario, skewedScenario } from './test-support';

describe('oracle', () => {
  const EPOCHS = 30;
  const oracle = runScenario(skewedScenario('oracle'), EPOCHS);

  it('keeps a larger share of accesses on DRAM than first-touch on a skewed 1:4 workload', () => {
    const first = runScenario(skewedScenario('first-touch'), EPOCHS);
    expect(oracle.totals.fastTierAccessShare).toBeGreaterThan(first.totals.fastTierAccessShare + 0.2);
  });

  it('is an upper bound on the fast-tier share of every hotness policy', () => {
    const others = ['memtis', 'damos', 'learned', 'colloid', 'tpp', 'linux-tiering'];
    for (const p of others) {
      expect(findPolicy(p), p).toBeDefined();
      const r = runScenario(skewedScenario(p), EPOCHS);
      expect(oracle.totals.fastTierAccessShare, p).toBeGreaterThanOrEqual(r.totals.fastTierAccessShare);
    }
  }, 60_000);

});
