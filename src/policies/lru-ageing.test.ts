// LRU ageing under a working set whose every page is touched each epoch: single-host-cxl's zipf
// (s = 0.99) over 2.5x DRAM. Before, a page used in the last epoch was never demoted, so DRAM
// (full from first touch) had no room: tpp and linux-tiering made 49 migrations in 100 epochs
// and landed where first-touch does (58 % slowdown), and damos made none. kswapd's referenced
// check (reclaim.ts, inactiveWindowMs) lets the cold tail age out, and hint faults come in the
// order they happen, so the hottest slow-tier pages take the room first.
import { describe, expect, it } from 'vitest';
import { readPresetJson } from '../../scripts/cli/presets';
import { runScenario, withPolicy } from './test-support';

const EPOCHS = 60;
const run = (policy: string) => runScenario(withPolicy({ ...(readPresetJson('single-host-cxl') as object), epochs: EPOCHS }, policy), EPOCHS);

describe('LRU ageing on a zipf working set larger than DRAM (single-host-cxl)', () => {
  const first = run('first-touch').totals;

  it.each(['tpp', 'linux-tiering'])('%s ages the cold tail out of DRAM and promotes into the room: far ahead of first-touch', (policy) => {
    const r = run(policy);
    // Slowdown over the run, its first second (before the first NUMA scan) included.
    expect(r.totals.slowdownPercent).toBeLessThan(first.slowdownPercent - 15);
    expect(r.shares.at(-1)!).toBeGreaterThan(first.fastTierAccessShare + 0.2);
    expect(r.stats.kswapdDemotions).toBeGreaterThan(10_000);
  }, 120_000);

  it('damos migrates: the kernel\'s reclaim under it makes room for the hot pages DAMON finds', () => {
    const r = run('damos');
    expect(r.totals.promotions).toBeGreaterThan(10_000);
    expect(r.totals.slowdownPercent).toBeLessThan(first.slowdownPercent - 5);
  }, 120_000);
});
