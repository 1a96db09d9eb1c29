import { describe, expect, it } from 'vitest';
import contention from '../../public/presets/bandwidth-contention.json';
import { parseScenario } from '../scenario/validate';
import { pagesPerEpoch, runScenario, skewedScenario, withPolicy } from './test-support';

const EPOCHS = 20;

describe('colloid', () => {
  it('the bandwidth-contention preset is valid and defaults to colloid', () => {
    const r = parseScenario(contention);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.policy.name).toBe('colloid');
  });

  // Under DRAM bandwidth contention, balancing loaded latency beats packing hot pages into DRAM.
  const colloid = runScenario(withPolicy(contention, 'colloid'), EPOCHS);

  it('achieves a lower AMAT than memtis on bandwidth-contention', () => {
    const memtis = runScenario(withPolicy(contention, 'memtis'), EPOCHS);
    expect(colloid.totals.amatNs).toBeLessThan(memtis.totals.amatNs);
    // It gets there by moving accesses off DRAM, not onto it.
    expect(colloid.totals.fastTierAccessShare).toBeLessThan(memtis.totals.fastTierAccessShare);
  });

  it('achieves a lower AMAT than tpp on bandwidth-contention', () => {
    const tpp = runScenario(withPolicy(contention, 'tpp'), EPOCHS);
    expect(colloid.totals.amatNs).toBeLessThan(tpp.totals.amatNs);
  });

  it('stops moving once the loaded latencies are within its tolerance', () => {
    const last = colloid.statsByEpoch[EPOCHS - 1];
    expect(Math.abs(last.defaultLatencyNs - last.alternateLatencyNs)).toBeLessThanOrEqual(0.05 * last.defaultLatencyNs);
    expect(colloid.promotions.slice(-5).every((n) => n === 0)).toBe(true);
    expect(colloid.demotions.slice(-5).every((n) => n === 0)).toBe(true);
  });

  it('behaves as hotness tiering without contention: more accesses on DRAM than first-touch', () => {
    const first = runScenario(skewedScenario('first-touch'), 30);
    const r = runScenario(skewedScenario('colloid'), 30);
    expect(r.totals.fastTierAccessShare).toBeGreaterThan(first.totals.fastTierAccessShare + 0.2);
  });

  it('never migrates more than its rate limit in an epoch', () => {
    for (const s of [withPolicy(contention, 'colloid', { rateMBps: 8 }), skewedScenario('colloid', { rateMBps: 8 })]) {
      const limit = pagesPerEpoch(8, s);
      const r = runScenario(s, 10);
      expect(r.totals.migrations).toBeGreaterThan(0);
      expect(r.maxPromotions).toBeLessThanOrEqual(limit);
      expect(r.maxDemotions).toBeLessThanOrEqual(limit);
    }
  });

});
