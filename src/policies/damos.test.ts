import { describe, expect, it } from 'vitest';
import { idleScenario, pagesPerEpoch, runScenario } from './test-support';

// DAMON sees a region accessed when a random page of it was touched in the last 5 ms: it tells
// busy memory from idle memory, not hot from warm, so the workload here has idle memory.
describe('damos', () => {
  const first = runScenario(idleScenario('first-touch'), 30);
  const damos = runScenario(idleScenario('damos'), 30);

  it('keeps a larger share of accesses on DRAM than first-touch on a 1:4 workload with idle memory', () => {
    expect(damos.totals.fastTierAccessShare).toBeGreaterThan(first.totals.fastTierAccessShare + 0.2);
    expect(damos.totals.amatNs).toBeLessThan(first.totals.amatNs);
  });

  it('keeps the number of regions within [min, max] and nr_accesses within the samples per aggregation', () => {
    expect(damos.statsByEpoch.length).toBeGreaterThan(10);
    for (const st of damos.statsByEpoch) {
      expect(st.regions).toBeGreaterThanOrEqual(10);
      expect(st.regions).toBeLessThanOrEqual(1000);
      expect(st.maxNrAccesses).toBeLessThanOrEqual(20); // 100 ms aggregation / 5 ms sampling
    }
    const small = runScenario(idleScenario('damos', { minRegions: 3, maxRegions: 40 }), 20);
    expect(small.statsByEpoch).toHaveLength(20);
    for (const st of small.statsByEpoch) expect(st.regions).toBeLessThanOrEqual(40);
  });

  it('charges both schemes to the quota: per epoch and per reset interval', () => {
    const params = { quotaMBps: 4, quotaResetMs: 500 };
    const s = idleScenario('damos', params);
    const quota = pagesPerEpoch(params.quotaMBps, s, params.quotaResetMs);
    const r = runScenario(s, 30);
    expect(r.totals.promotions).toBeGreaterThan(0);
    expect(r.maxPromotions).toBeLessThanOrEqual(quota);
    expect(r.maxDemotions).toBeLessThanOrEqual(quota);
    // Decisions of epochs [5k, 5k + 5) run in epochs [5k + 1, 5k + 6). kswapd's demotions, the
    // kernel's room for promotions the fast node had none for, are not DAMOS's (no quota).
    const kswapd = (e: number) => (e < 0 ? 0 : r.statsByEpoch[Math.min(e, r.statsByEpoch.length - 1)].kswapdDemotions);
    for (let k = 0; k * 5 + 1 < r.promotions.length; k++) {
      const window = (xs: number[]) => xs.slice(k * 5 + 1, k * 5 + 6).reduce((a, b) => a + b, 0);
      expect(window(r.promotions)).toBeLessThanOrEqual(quota);
      expect(window(r.demotions) - (kswapd(k * 5 + 4) - kswapd(k * 5 - 1))).toBeLessThanOrEqual(quota);
    }
  });

});
