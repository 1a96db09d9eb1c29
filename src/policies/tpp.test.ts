import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { loadPreset } from '../../scripts/cli/presets';
import { withPolicy } from '../scenario/fixtures';

const preset = (name: string, policy: string, params: Record<string, number> = {}) => withPolicy(loadPreset(name), policy, params);
import type { Scenario } from '../scenario/schema';


interface Run { engine: Engine; placedAtStart: number; promotions: number[]; demotions: number[]; free: number[] }


function run(s: Scenario, epochs = s.epochs): Run {
  const engine = new Engine(s);
  const r: Run = { engine, placedAtStart: engine.mem.placed(), promotions: [], demotions: [], free: [] };
  for (let i = 0; i < epochs; i++) {
    const e = engine.step();
    r.promotions.push(e.promotions);
    r.demotions.push(e.demotions);
    r.free.push(engine.mem.free[0]); // device 0: the host's DRAM
  }
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('tpp', () => {
  // Full preset runs (200 epochs) of the three policies TPP's paper compares, shared below.
  const runs = new Map<string, Run>();
  const full = (policy: string) => {
    let r = runs.get(policy);
    if (!r) runs.set(policy, (r = run(preset('tpp-1to4', policy))));
    return r;
  };

  it('orders oracle >= tpp >= linux-tiering > linux-no-tiering on tpp-1to4 (fast-tier share; AMAT reversed)', () => {
    const oracle = full('oracle').engine.runTotals();
    const tpp = full('tpp').engine.runTotals();
    const lt = full('linux-tiering').engine.runTotals();
    const nt = full('linux-no-tiering').engine.runTotals();
    expect(oracle.fastTierAccessShare).toBeGreaterThanOrEqual(tpp.fastTierAccessShare);
    expect(oracle.amatNs).toBeLessThanOrEqual(tpp.amatNs);
    expect(tpp.fastTierAccessShare).toBeGreaterThanOrEqual(lt.fastTierAccessShare);
    expect(lt.fastTierAccessShare).toBeGreaterThan(nt.fastTierAccessShare + 0.3);
    expect(tpp.amatNs).toBeLessThanOrEqual(lt.amatNs);
    expect(lt.amatNs).toBeLessThan(nt.amatNs);
  }, 240_000); // four 200-epoch preset runs (shared by the tests below)

  it('conserves pages through migrations', () => {
    for (const policy of ['tpp', 'linux-tiering', 'linux-no-tiering']) {
      const { engine, placedAtStart } = full(policy);
      expect(placedAtStart).toBe(engine.pages);
      expect(engine.mem.check()).toBeNull();
      expect(engine.mem.placed()).toBe(placedAtStart);
    }
    expect(full('tpp').engine.runTotals().migrations).toBeGreaterThan(10_000);
  }, 60_000);

  it('keeps DRAM headroom free where linux-tiering runs at the watermark', () => {
    const cap = full('tpp').engine.mem.capacity[0];
    const headroom = Math.floor((cap * 2) / 100); // headroom_pct 2
    const high = 3 * Math.floor((cap * 10) / 10000);
    const tppFree = full('tpp').free.slice(50);
    const ltFree = full('linux-tiering').free.slice(50);
    expect(Math.min(...tppFree)).toBeGreaterThanOrEqual(high);
    expect(median(tppFree)).toBeGreaterThan(headroom / 2);
    expect(median(tppFree)).toBeLessThanOrEqual(headroom + high);
    expect(median(ltFree)).toBeLessThan(headroom / 4);
  }, 60_000);

  it('holds its promotion and demotion rate limits', () => {
    const mbps = 8; // 8 MB/s of 4 KiB pages at 100 ms epochs = 204.8 pages per epoch
    const s = preset('tpp-1to4', 'tpp', { promote_rate_limit_MBps: mbps, demote_rate_limit_MBps: mbps });
    const perEpoch = (mbps * 1048576 * s.epochMs) / 1000 / 4096;
    const { promotions, demotions } = run(s, 60);
    expect(Math.max(...promotions)).toBeLessThanOrEqual(Math.ceil(perEpoch));
    expect(Math.max(...demotions)).toBeLessThanOrEqual(Math.ceil(perEpoch));
    expect(Math.max(...promotions)).toBeGreaterThan(0.8 * perEpoch); // the limits bind
    expect(Math.max(...demotions)).toBeGreaterThan(0.8 * perEpoch);
    expect(promotions.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(perEpoch * promotions.length);
  }, 60_000);
});
