// Where the research presets land against the papers they reproduce, as their descriptions
// and the README quote (`npm run papers` prints the full table over seeds 1-5): the magnitudes
// are checked in a band around the paper's figure, the orderings exactly. Seed 1, full runs.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine } from './engine';
import { valid } from '../scenario/fixtures';

function slowdown(preset: string, policy: string): number {
  const raw = JSON.parse(readFileSync(new URL(`../../public/presets/${preset}.json`, import.meta.url), 'utf8'));
  const s = valid({ ...raw, seed: 1, policy: { name: policy, params: {}, nodes: [] } });
  const e = new Engine(s);
  for (let i = 0; i < s.epochs; i++) e.step();
  return e.runTotals().slowdownPercent;
}

describe('the papers\' figures', () => {
  it('TPP 1:4: default Linux ~18 % behind all-local, TPP within a few %', () => {
    const linux = slowdown('tpp-1to4', 'linux-no-tiering');
    const tpp = slowdown('tpp-1to4', 'tpp');
    expect(linux).toBeGreaterThan(14);
    expect(linux).toBeLessThan(22);
    expect(tpp).toBeGreaterThan(0);
    expect(tpp).toBeLessThan(6);
  }, 180_000);

  it('bandwidth contention: hot-first runs at all-local speed, colloid faster, optimal fastest', () => {
    const hotFirst = slowdown('bandwidth-contention', 'oracle');
    const colloid = slowdown('bandwidth-contention', 'colloid');
    const optimal = slowdown('bandwidth-contention', 'optimal');
    expect(Math.abs(hotFirst)).toBeLessThan(1);
    expect(colloid).toBeLessThan(hotFirst - 10);
    expect(optimal).toBeLessThan(colloid);
  }, 180_000);

  it('bandwidth-bound work: weighted interleave beats all-local, plain interleave loses', () => {
    expect(slowdown('bandwidth-expansion', 'weighted-interleave')).toBeLessThan(-10);
    expect(slowdown('bandwidth-expansion', 'interleave')).toBeGreaterThan(10);
  }, 180_000);
});
