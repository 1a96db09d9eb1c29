// What every policy owes, checked for each one in the registry on the same skewed workload:
// pages are conserved through its migrations, runs are deterministic, and declared rate
// limits hold in every epoch.
import { describe, expect, it } from 'vitest';
import { POLICIES } from './registry';
import { pagesPerEpoch, runScenario, skewedScenario } from './test-support';

/** Small limits, in each policy's own parameters, so that they bind. */
const RATE_LIMITED: Record<string, Record<string, number>> = {
  memtis: { rateMBps: 2, periodMs: 100 },
  colloid: { rateMBps: 8 },
  learned: { rateMBps: 2 },
  oracle: { rateMBps: 4 },
};

describe.each(POLICIES.map((p) => p.name))('policy %s', (name) => {
  it('conserves pages and is deterministic', () => {
    const a = runScenario(skewedScenario(name), 25);
    const b = runScenario(skewedScenario(name), 25);
    expect(a.memoryCheck).toBeNull();
    expect(a.placedBefore).toBe(a.engine.pages - a.engine.oomPages);
    expect(a.placedAfter).toBe(a.placedBefore);
    expect(b.totals).toEqual(a.totals);
    expect(b.promotions).toEqual(a.promotions);
  }, 60_000);

  const params = RATE_LIMITED[name];
  if (params) it('never migrates more than its rate limit in an epoch', () => {
    const s = skewedScenario(name, params);
    const limit = pagesPerEpoch(params.rateMBps, s, params.periodMs ?? s.epochMs);
    const r = runScenario(s, 15);
    expect(r.totals.promotions).toBeGreaterThan(0);
    expect(r.maxPromotions).toBeLessThanOrEqual(limit);
    expect(r.maxDemotions).toBeLessThanOrEqual(limit);
  }, 60_000);
});
