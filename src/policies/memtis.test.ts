import { describe, expect, it } from 'vitest';
import { pagesPerEpoch, runScenario, skewedScenario } from './test-support';

describe('memtis', () => {
  const first = runScenario(skewedScenario('first-touch'), 30);
  const memtis = runScenario(skewedScenario('memtis'), 30);

  it('keeps a larger share of accesses on DRAM than first-touch on a skewed 1:4 workload', () => {
    expect(memtis.totals.fastTierAccessShare).toBeGreaterThan(first.totals.fastTierAccessShare + 0.2);
    expect(memtis.totals.amatNs).toBeLessThan(first.totals.amatNs);
  });

  it('reports a hot threshold within the 16 histogram bins', () => {
    expect(memtis.stats.hotThreshold).toBeGreaterThanOrEqual(1);
    expect(memtis.stats.hotThreshold).toBeLessThanOrEqual(15);
    expect(memtis.stats.coolings).toBeGreaterThan(0);
  });

  it('migrates only every migration period, at most a period\'s worth', () => {
    const params = { rateMBps: 2, periodMs: 500 };
    const s = skewedScenario('memtis', params);
    const r = runScenario(s, 20);
    const limit = pagesPerEpoch(params.rateMBps, s, params.periodMs);
    expect(r.maxPromotions).toBeLessThanOrEqual(limit);
    // Decisions at epochs 0, 5, 10, ... are carried out one epoch later.
    r.promotions.forEach((n, e) => { if (e % 5 !== 1) expect(n).toBe(0); });
  });

});
