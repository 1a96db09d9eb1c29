import { describe, expect, it } from 'vitest';
import { dpow } from '../dmath';
import { Engine } from '../engine/engine';
import type { PolicyDef } from '../policies/types';
import { valid } from '../scenario/fixtures';
import type { Scenario, WorkloadSpec } from '../scenario/schema';
import { MAX_PARTS, WorkloadSampler, partsPerPage } from '../workloads/sampler';
import { zipfMass } from '../workloads/zipf';

const MIB = 1048576, HUGE = 2 * MIB, SUB = HUGE / 4096;

function spec(o: Partial<WorkloadSpec>): WorkloadSpec {
  return valid({
    version: 1, hosts: [{ id: 'h0' }], devices: [{ id: 'd', kind: 'dram', host: 'h0', capacityMB: 4096 }],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'zipf', workingSetMB: 64, ...o }], policy: { name: 'first-touch' },
  }).workloads[0];
}

/** A 2 MiB sampler of n pages with its parts' shares, and each page's probability. */
function huge(o: Partial<WorkloadSpec>, n: number) {
  const stride = MAX_PARTS, share = new Float32Array(n * stride);
  const s = new WorkloadSampler(spec(o), 0, n, 3, 1, { pageBytes: HUGE, parts: { stride, share } });
  const prob = new Float32Array(n);
  s.addShape(1, prob);
  return { s, share, prob, stride };
}

describe('skew inside huge pages: a 2 MiB page is the sum of its 4 KiB sub-pages', () => {
  it('has parts only when hot regions are smaller than a page', () => {
    expect(partsPerPage(spec({ hotRegionMB: 4 }), HUGE)).toBe(1);
    expect(partsPerPage(spec({ hotRegionMB: 2 }), HUGE)).toBe(1);
    expect(partsPerPage(spec({ hotRegionMB: 1 }), HUGE)).toBe(2);
    expect(partsPerPage(spec({ hotRegionMB: 0.125 }), HUGE)).toBe(16);
    expect(partsPerPage(spec({ hotRegionMB: 0 }), HUGE)).toBe(MAX_PARTS);
    expect(partsPerPage(spec({ hotRegionMB: 0 }), 4096)).toBe(1); // 4 KiB pages: no parts
    expect(partsPerPage(spec({ pattern: 'uniform', hotRegionMB: 0 }), HUGE)).toBe(1); // nothing to skew
  });

  it('gives each page the sum of its parts, and the parts the 4 KiB distribution in runs', () => {
    for (const o of [{ pattern: 'zipf' as const, skew: 0.99 }, { pattern: 'zipf' as const, skew: 1.3, idleFraction: 0.3 }, { pattern: 'hotset' as const, hotFraction: 0.1, hotShare: 0.9 }]) {
      const n = 64;
      const { share, prob, stride } = huge({ ...o, hotRegionMB: 0.125, workingSetMB: n * 2 }, n);
      // A page's shares add up to 1: its rate is the sum of its parts' rates.
      for (let p = 0; p < n; p++) {
        let t = 0;
        for (let j = 0; j < stride; j++) t += share[p * stride + j];
        expect(t, `${o.pattern} page ${p}`).toBeCloseTo(1, 5);
      }
      // The parts' probabilities are the workload's 4 KiB ranks summed in runs of SUB / stride, at seeded places.
      const got = Array.from({ length: n * stride }, (_, i) => prob[Math.floor(i / stride)] * share[i]).sort((a, b) => b - a);
      const run = SUB / stride, n4 = n * SUB, active = n4 - Math.round((o.idleFraction ?? 0) * n4);
      const w4 = (r: number) => {
        if (r >= active) return 0;
        if (o.pattern === 'zipf') return 1 / dpow(r + 1, o.skew);
        const k = Math.round(o.hotFraction! * n4);
        return r < k ? o.hotShare! / k : (1 - o.hotShare!) / (active - k);
      };
      let total = 0;
      const want: number[] = [];
      for (let q = 0; q < n * stride; q++) { let m = 0; for (let r = q * run; r < (q + 1) * run; r++) m += w4(r); want.push(m); total += m; }
      want.sort((a, b) => b - a);
      for (let i = 0; i < want.length; i++) expect(got[i], `${o.pattern} part ${i}`).toBeCloseTo(want[i] / total, 6);
    }
  });

  it('sums zipf ranks past the exact range by an integral within 1e-6', () => {
    for (const s of [0.6, 0.99, 1, 1.4]) {
      for (const [a, b] of [[5000, 5032], [100_000, 100_512], [4000, 4200]]) {
        let exact = 0;
        for (let r = a; r < b; r++) exact += 1 / dpow(r + 1, s);
        expect(Math.abs(zipfMass(a, b, s) / exact - 1), `s ${s} [${a}, ${b})`).toBeLessThan(1e-6);
      }
    }
  });

  it('samples each page as often as the sum of its parts says', () => {
    const n = 32;
    const { s, prob } = huge({ pattern: 'hotset', hotFraction: 0.1, hotShare: 0.9, hotRegionMB: 0.125, workingSetMB: n * 2 }, n);
    const counts = new Uint32Array(n), N = 1 << 20;
    s.sample(N, counts, 0);
    for (let p = 0; p < n; p++) expect(Math.abs(counts[p] / N - prob[p]), `page ${p}`).toBeLessThan(5 * Math.sqrt(prob[p] / N) + 1e-4);
  });
});

/** One host, DRAM for a quarter of a 2 MiB-page working set with small hot regions, one CXL expander. */
function skewed(policy = 'first-touch'): Scenario {
  return valid({
    version: 1, seed: 5, samplesPerHost: 16384, pageSize: '2m',
    hosts: [{ id: 'h0', llcMB: 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 64, bandwidthGBps: 215, latencyNs: 81 },
      { id: 'cxl0', kind: 'cxl', capacityMB: 512, bandwidthGBps: 36, latencyNs: 250 },
    ],
    links: [{ a: 'h0', b: 'cxl0', bandwidthGBps: 63 }],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'hotset', workingSetMB: 256, hotFraction: 0.15, hotShare: 0.9, idleFraction: 0.5, hotRegionMB: 0.125 }],
    policy: { name: policy },
  });
}

describe('a split huge page', () => {
  /** A test policy: at epoch 0 splits page `page`'s parts in `mask` onto DRAM; at epoch `mergeAt` merges it. */
  function splitter(page: number, mask: number, mergeAt: number): PolicyDef {
    return {
      name: 'splitter', description: 'test', params: [], stats: [],
      create: () => ({
        place: () => 1, // everything on CXL
        onEpoch: (v, sink) => {
          if (v.epoch === 0) expect(sink.split!(page, mask, 0, 1)).toBe(true);
          if (v.epoch === mergeAt) expect(sink.merge!(page)).toBe(true);
        },
      }),
    };
  }

  it('serves its split-off parts\' share of its accesses from their node, on frames reserved there, until merged', () => {
    const base = new Engine(skewed());
    const stride = (base as unknown as { view: { parts: { stride: number } } }).view.parts.stride;
    expect(stride).toBe(16);
    const e = new Engine(skewed(), { policy: splitter(7, 0b1011, 3) });
    const view = (e as unknown as { view: { parts: { share: Float32Array; mask: Uint32Array } } }).view;
    const free0 = e.mem.free[0];
    e.step();
    const r1 = e.step(); // the split was carried out at the start of this epoch
    expect(view.parts.mask[7]).toBe(0b1011);
    expect(e.mem.free[0]).toBe(free0 - 1); // three parts of sixteen: one frame reserved
    expect(e.mem.check()).toBeNull();
    expect(e.mem.placed()).toBe(e.pages);
    // DRAM now serves exactly those parts' share of page 7's sampled accesses.
    const share = [0, 1, 3].reduce((a, j) => a + view.parts.share[7 * stride + j], 0);
    const s = e.pageState(7);
    const total = e.runTotals();
    expect(r1.fastTierAccessShare).toBeGreaterThan(0);
    expect(r1.fastTierAccessShare * 16384).toBeCloseTo(s.accesses * share, 3);
    expect(total.migrations).toBe(1);
    e.step();
    e.step(); // merged at the start of epoch 4
    e.step();
    expect(view.parts.mask[7]).toBe(0);
    expect(e.mem.free[0]).toBe(free0);
    expect(e.mem.check()).toBeNull();
  });

  it('lets Memtis keep more of the hot accesses in DRAM than TPP, by splitting', () => {
    const run = (policy: string, params: Record<string, number> = {}) => {
      const s = skewed(policy);
      const e = new Engine(valid({ ...s, policy: { name: policy, params, nodes: [] } }));
      for (let i = 0; i < 30; i++) e.step();
      expect(e.mem.check()).toBeNull();
      return { share: e.runTotals().fastTierAccessShare, stats: e.policyStats() };
    };
    const memtis = run('memtis'), unsplit = run('memtis', { splitEnabled: 0 }), tpp = run('tpp'), first = run('first-touch');
    expect(memtis.stats.splits).toBeGreaterThan(0);
    expect(unsplit.stats.splits).toBe(0);
    expect(memtis.share).toBeGreaterThan(tpp.share + 0.3);
    expect(memtis.share).toBeGreaterThan(unsplit.share + 0.2);
    // Every huge page is touched in every scan here (the sum of its sub-pages' accesses), so
    // accessed bits and hint faults cannot tell them apart, and kswapd's own check finds almost
    // every one referenced too: TPP demotes next to nothing and stays at first-touch's
    // placement, less the DRAM it keeps free (headroom and watermarks: one or two of 32 frames here).
    expect(tpp.stats.kswapdDemotions).toBeLessThanOrEqual(3);
    expect(tpp.share).toBeGreaterThan(first.share - 0.05);
  }, 60_000);

  it('rejoins its page when the node holding its split-off parts shrinks or goes, and memory stays consistent', () => {
    for (const change of ['shrink', 'remove'] as const) {
      const e = new Engine(skewed('memtis'));
      for (let i = 0; i < 12; i++) e.step();
      const parts = (e as unknown as { view: { parts: { mask: Uint32Array } } }).view.parts;
      expect(parts.mask.some((m) => m !== 0)).toBe(true);
      if (change === 'shrink') e.changeTopology({ kind: 'capacity', node: 0, frames: 8 });
      else e.changeTopology({ kind: 'remove-device', device: 0, pages: 'evacuate' });
      e.step();
      expect(e.mem.check(), change).toBeNull();
      expect(e.mem.placed() + e.runTotals().pagesUnplaced, change).toBe(e.pages);
      for (let i = 0; i < 8; i++) e.step();
      expect(e.mem.check(), change).toBeNull();
      expect(e.mem.reserved(0) * 16, change).toBeLessThanOrEqual(e.mem.capacity[0] * 16);
    }
  }, 60_000);

  it('shows policies the parts of the epoch just simulated, also when the hot set moves', () => {
    const seen: Float32Array[] = [];
    const recorder: PolicyDef = {
      name: 'recorder', description: 'test', params: [], stats: [],
      create: () => ({ place: () => -1, onEpoch: (v) => { seen.push(Float32Array.from(v.parts!.share)); } }),
    };
    const s = skewed();
    const e = new Engine(valid({ ...s, workloads: [{ ...s.workloads[0], shiftEveryMs: 300 }] }), { policy: recorder });
    for (let i = 0; i < 5; i++) e.step();
    // The hot set moves at the start of epoch 3: the engine has drawn it before epoch 2 is shown.
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(seen[3]).not.toEqual(seen[2]);
    expect(seen[4]).toEqual(seen[3]);
  });
});
