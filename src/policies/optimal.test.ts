// The optimal reference: no policy places pages with a lower access-weighted loaded latency,
// not hot-first placement with perfect knowledge (oracle), not Colloid, not the bandwidth split.
import { describe, expect, it } from 'vitest';
import { readPresetJson } from '../../scripts/cli/presets';
import { runScenario, withPolicy } from './test-support';

const EPOCHS = 30;
/** Its moves take an epoch to land and cost copies: a small tolerance on the run's AMAT. */
const TOLERANCE = 1.01;

describe('optimal', () => {
  it.each(['bandwidth-contention', 'tpp-1to4', 'two-socket'])('has the lowest AMAT on %s', (preset) => {
    const json = { ...(readPresetJson(preset) as object), epochs: EPOCHS };
    const best = runScenario(withPolicy(json, 'optimal'), EPOCHS).totals;
    for (const other of ['oracle', 'colloid', 'weighted-interleave', 'tpp']) {
      const r = runScenario(withPolicy(json, other), EPOCHS).totals;
      expect(best.amatNs, `${preset}: optimal vs ${other}`).toBeLessThanOrEqual(r.amatNs * TOLERANCE);
    }
  }, 300_000);

  it('under bandwidth contention keeps hot pages off saturated DRAM that hot-first placement packs in', () => {
    const json = { ...(readPresetJson('bandwidth-contention') as object), epochs: EPOCHS };
    const best = runScenario(withPolicy(json, 'optimal'), EPOCHS);
    const hot = runScenario(withPolicy(json, 'oracle'), EPOCHS);
    expect(hot.totals.fastTierAccessShare).toBe(1);
    expect(best.totals.fastTierAccessShare).toBeLessThan(0.9);
    expect(best.totals.amatNs).toBeLessThan(hot.totals.amatNs * 0.85);
    expect(best.stats.plannedAmatNs).toBeGreaterThan(0);
  }, 300_000);
});
