import { describe, expect, it } from 'vitest';
import { findPolicy } from './registry';
import { readPresetJson } from '../../scripts/cli/presets';
import { runScenario, skewedScenario, withPolicy } from './test-support';

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

describe('oracle, hot set larger than DRAM', () => {
  // tpp-1to4 with 128 MB of DRAM for a 192 MB hot set: every hot page is in the same bucket of
  // expected accesses, and none of those buckets fits whole. Before, the oracle then kept no
  // bucket fast and moved nothing (19.1 % slowdown against tpp's 11.5 %, seeds 1-3).
  const small = (policy: string) => {
    const s = readPresetJson('tpp-1to4') as { devices: { capacityMB: number }[] };
    return withPolicy({ ...s, epochs: 40, devices: s.devices.map((d, i) => (i === 0 ? { ...d, capacityMB: 128 } : d)) }, policy);
  };

  it('fills DRAM with hot pages as far as it goes, and beats tpp', () => {
    const o = runScenario(small('oracle'), 40);
    const t = runScenario(small('tpp'), 40);
    expect(o.totals.migrations).toBeGreaterThan(10_000);
    // 128 of the 192 MB hot set fit: at most 2/3 of it can be fast; the oracle gets there within a few epochs.
    expect(o.shares.at(-1)!).toBeGreaterThan(t.shares.at(-1)! - 0.01);
    expect(o.totals.hotSetFastShare).toBeGreaterThan(0.6);
    expect(o.totals.slowdownPercent).toBeLessThan(t.totals.slowdownPercent);
  }, 60_000);
});
