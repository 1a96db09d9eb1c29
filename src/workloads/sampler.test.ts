import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { buildAlias } from './alias';
import { WorkloadSampler } from './sampler';
import { MAX_SHIFTS_PER_EPOCH, ShiftClock, shiftInstants } from './shift-clock';
import { workloadSchema } from '../scenario/schema';
import { parseScenario, formatErrors } from '../scenario/validate';
import { valid } from '../scenario/fixtures';
import { decodeSnapshot } from '../engine/snapshot';

const spec = (o: object) => workloadSchema.parse({ id: 'w', hosts: ['h'], workingSetMB: 1, pattern: 'zipf', ...o });

describe('workloads', () => {
  it('the alias table reproduces its weights', () => {
    const w = Float64Array.from([1, 2, 3, 4, 10]);
    const { threshold, alias } = buildAlias(w);
    const mass = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      mass[i] += threshold[i] / 2 ** 32 / w.length;
      mass[alias[i]] += (1 - threshold[i] / 2 ** 32) / w.length;
    }
    w.forEach((x, i) => expect(mass[i]).toBeCloseTo(x / 20, 12));
  });

  it('zipf samples follow 1/rank^s on the hot permutation', () => {
    const n = 1000, samples = 400_000;
    const s = new WorkloadSampler(spec({ skew: 1 }), 0, n, 9, 1);
    const out = new Uint32Array(n);
    s.sample(samples, out, 0);
    const hot = s.hottestOffsets(3);
    let h = 0;
    for (let r = 1; r <= n; r++) h += 1 / r;
    for (let r = 0; r < 3; r++) expect(out[hot[r]] / samples).toBeCloseTo(1 / (r + 1) / h, 2);
    expect(out.reduce((a, b) => a + b, 0)).toBe(samples);
  });

  it('hot pages are a seeded permutation, not the first addresses', () => {
    const s = new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: 0.1, hotShare: 0.9 }), 0, 1000, 3, 1);
    const hot = Array.from(s.hottestOffsets(100));
    expect(hot.filter((o) => o < 100).length).toBeLessThan(40);
    const out = new Uint32Array(1000);
    s.sample(100_000, out, 0);
    const hotHits = hot.reduce((a, o) => a + out[o], 0);
    expect(hotHits / 100_000).toBeCloseTo(0.9, 1);
  });

  it('hot memory comes in contiguous regions of hotRegionMB at seeded places', () => {
    const n = 100_000, k = 15_000, R = 1024; // 4 MiB regions of 4 KiB pages
    const regionsOf = (hot: Int32Array, size: number) => new Set(Array.from(hot, (o) => Math.floor(o / size)));
    const coherent = new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: k / n, hotRegionMB: 4 }), 0, n, 3, 1, { pageBytes: 4096 });
    const hot = coherent.hottestOffsets(k);
    // The hottest 15,000 pages fill 15 regions (one partly), plus at most the short last region.
    expect(regionsOf(hot, R).size).toBeLessThanOrEqual(Math.ceil(k / R) + 1);
    // ... at seeded places, not the first addresses (which first touch puts in DRAM).
    expect(Array.from(hot).filter((o) => o < k).length).toBeLessThan(k / 2);
    const other = new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: k / n, hotRegionMB: 4 }), 0, n, 4, 1, { pageBytes: 4096 });
    expect(regionsOf(other.hottestOffsets(k), R)).not.toEqual(regionsOf(hot, R));
    // Below one page per region: single pages scattered over nearly every region.
    const scattered = new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: k / n, hotRegionMB: 0 }), 0, n, 3, 1);
    expect(regionsOf(scattered.hottestOffsets(k), R).size).toBeGreaterThan(90);
    // Regions are counted in pages of the engine's size: 2 MiB pages, two per 4 MiB region.
    const huge = new WorkloadSampler(spec({ pattern: 'zipf', hotRegionMB: 4 }), 0, 640, 3, 1, { pageBytes: 2 * 1048576 });
    const top = Array.from(huge.hottestOffsets(2)).sort((a, b) => a - b);
    expect(top[1] - top[0]).toBe(1);
    expect(top[0] % 2).toBe(0);
  });

  it('the heatmap of a hot set shows hot bands', () => {
    const heat = (hotRegionMB: number) => {
      const s = valid({
        version: 1, seed: 2, samplesPerHost: 65536,
        hosts: [{ id: 'h0' }],
        devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 2048 }],
        workloads: [{ id: 'w', hosts: ['h0'], pattern: 'hotset', workingSetMB: 1280, hotFraction: 0.15, hotShare: 0.9, hotRegionMB }],
        policy: { name: 'first-touch' },
      });
      const e = new Engine(s);
      const rows = [e.step(), e.step()];
      return Array.from(decodeSnapshot(e.snapshot(rows)).heat);
    };
    // 128 rows of 10 MiB: with 4 MiB regions most rows hold no hot region and a few hold two.
    const bands = heat(4);
    const mean = bands.reduce((a, b) => a + b, 0) / bands.length;
    expect(bands.filter((h) => h < 0.3 * mean).length).toBeGreaterThan(40);
    expect(Math.max(...bands)).toBeGreaterThan(3 * mean);
    // Single pages scattered: every row looks the same (the noise the issue saw).
    const noise = heat(0);
    expect(Math.min(...noise)).toBeGreaterThan(0.8 * mean);
    expect(Math.max(...noise)).toBeLessThan(1.2 * mean);
  });

  it('a shift moves the hot set; the same seed shifts the same way', () => {
    const mk = () => new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: 0.1, shiftEveryMs: 1000 }), 0, 1000, 3, 1);
    const a = mk(), b = mk();
    const before = new Set(a.hottestOffsets(100));
    a.shift(); b.shift();
    const after = Array.from(a.hottestOffsets(100));
    expect(after.filter((o) => before.has(o)).length).toBeLessThan(40);
    expect(Array.from(b.hottestOffsets(100))).toEqual(after);
  });

  it('a scan walks the working set in address order and wraps', () => {
    const s = new WorkloadSampler(spec({ pattern: 'scan' }), 10, 100, 1, 1);
    const out = new Uint32Array(120);
    s.sample(150, out, 0);
    expect(out[9]).toBe(0);
    expect(out[10]).toBe(2);
    expect(out[59]).toBe(2);
    expect(out[60]).toBe(1);
    expect(out[110]).toBe(0);
  });

  it('shifts at every multiple of shiftEveryMs, inside the epoch that contains it, once', () => {
    const instants = (every: number, k: number, epochMs = 100) => {
      const out = new Float64Array(MAX_SHIFTS_PER_EPOCH);
      const n = shiftInstants(every, k, epochMs, out);
      return Array.from(out.subarray(0, n));
    };
    expect(instants(1000, 9)).toEqual([]);
    expect(instants(1000, 10)).toEqual([0]); // at the start of epoch 10, as before
    expect(instants(25, 0)).toEqual([0.25, 0.5, 0.75]); // never at time 0
    expect(instants(25, 1)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(instants(150, 0)).toEqual([]);
    expect(instants(150, 1)).toEqual([0.5]); // mid-epoch, no longer at the next epoch's start
    expect(instants(0, 5)).toEqual([]);
    // Awkward decimals: every multiple lands in exactly one epoch.
    for (const [every, epochMs] of [[0.3, 1.1], [7.7, 10], [33.3, 100]]) {
      let total = 0;
      for (let k = 0; k < 200; k++) total += instants(every, k, epochMs).length;
      expect(total, `${every} / ${epochMs}`).toBe(Math.ceil((200 * epochMs) / every) - 1);
    }
  });

  /**
   * Pages of a 1000-page hot set workload (5 % hot, 95 % of accesses) that get at least 20
   * samples in epoch k; and that the epoch's true per-page probabilities (its shape, averaged
   * over the hot sets in force) put as hot.
   */
  function hotInOneEpoch(shiftEveryMs: number, k: number): { sampled: number; shape: number; total: number } {
    const s = new WorkloadSampler(spec({ pattern: 'hotset', hotFraction: 0.05, hotShare: 0.95, shiftEveryMs }), 0, 1000, 5, 1);
    const clock = new ShiftClock([s]);
    let out = new Uint32Array(1000);
    let shape = new Float32Array(1000);
    for (let e = 0; e <= k; e++) {
      out = new Uint32Array(1000);
      const prev = shape;
      shape = new Float32Array(1000);
      clock.drawEpoch(e, 100, [{ sampler: s, samples: 16384, out, outBase: 0 }], shape, e > 0 ? prev : null);
    }
    return { sampled: out.filter((c) => c >= 20).length, shape: shape.filter((x) => x >= 20 / 16384).length, total: shape.reduce((a, b) => a + b, 0) };
  }
  const hotPagesInOneEpoch = (shiftEveryMs: number, k: number) => hotInOneEpoch(shiftEveryMs, k).sampled;

  it('the true per-page rates of an epoch follow the hot sets in force, weighted by time', () => {
    for (const every of [0, 100, 25, 50]) {
      const r = hotInOneEpoch(every, 3);
      expect(r.total).toBeCloseTo(1, 5);
      expect(Math.abs(r.shape - r.sampled), `every ${every}`).toBeLessThanOrEqual(every === 0 || every === 100 ? 0 : 8);
    }
    expect(hotInOneEpoch(25, 3).shape).toBeGreaterThanOrEqual(170);
  });

  it('a hot set shifting every epochMs/4 spreads one epoch\'s accesses over ~4 hot sets', () => {
    expect(hotPagesInOneEpoch(0, 3)).toBe(50);
    expect(hotPagesInOneEpoch(100, 3)).toBe(50);
    const four = hotPagesInOneEpoch(25, 3);
    expect(four).toBeGreaterThanOrEqual(170); // four sets of 50, each pair sharing ~2.5 pages
    expect(four).toBeLessThanOrEqual(200);
    expect(hotPagesInOneEpoch(50, 3)).toBeGreaterThan(2 * 50 * 0.9);
  });

  it('shifts within the epoch in the engine too, deterministically', () => {
    const scenario = (shiftEveryMs: number) => valid({
      version: 1, seed: 4, epochMs: 100, samplesPerHost: 16384,
      hosts: [{ id: 'h0', llcMB: 0 }], // every reference reaches memory: the hot set is sampled whole
      devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 8 }],
      workloads: [{ id: 'w', hosts: ['h0'], pattern: 'hotset', workingSetMB: 4000 / 1024, hotFraction: 0.05, hotShare: 0.95, shiftEveryMs }],
      policy: { name: 'first-touch' },
    });
    const hot = (shiftEveryMs: number) => {
      const e = new Engine(scenario(shiftEveryMs));
      for (let i = 0; i < 3; i++) e.step();
      let n = 0;
      for (let p = 0; p < e.pages; p++) if (e.pageState(p).accesses >= 20) n++;
      return n;
    };
    expect(hot(1000)).toBe(50);
    expect(hot(25)).toBeGreaterThan(180);
    expect(hot(25)).toBe(hot(25));
  });

  it('refuses more than MAX_SHIFTS_PER_EPOCH shifts in an epoch, naming both fields', () => {
    const r = parseScenario({
      version: 1, epochMs: 100,
      hosts: [{ id: 'h0' }],
      devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 64 }],
      workloads: [{ id: 'w', hosts: ['h0'], pattern: 'hotset', workingSetMB: 8, shiftEveryMs: 1 }],
      policy: { name: 'first-touch' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatErrors(r.errors)).toMatch(/workloads\[0\]\.shiftEveryMs: .*epochMs 100.*6\.25/);
  });
});
