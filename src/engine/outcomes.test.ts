// What every figure means when memory runs out or when "fast" is not the same for every host:
// unplaced pages (issue 6 item 1) and the one definition of the fast tier (item 7).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine } from './engine';
import { valid } from '../scenario/fixtures';
import type { Scenario } from '../scenario/schema';
import { decodeSnapshot, HOST, HOST_WIDTH } from './snapshot';
import { runEngine as run } from '../policies/test-support';

const preset = (name: string): Scenario => valid(JSON.parse(readFileSync(new URL(`../../public/presets/${name}.json`, import.meta.url), 'utf8')));
const withPolicy = (s: Scenario, name: string, nodes: string[] = []): Scenario => valid({ ...s, policy: { name, params: {}, nodes } });


/** Sampled accesses of the epoch just simulated to pages with no device, over all of them. */
function unplacedSampleShare(e: Engine): number {
  let none = 0, all = 0;
  for (let p = 0; p < e.pages; p++) {
    const st = e.pageState(p);
    all += st.accesses;
    if (st.device === null) none += st.accesses;
  }
  return none / all;
}

describe('unplaced pages', () => {
  // The case: 1,280 MB of working set bound to 512 MB of DRAM.
  const bound = withPolicy(preset('single-host-cxl'), 'bind', ['h0.dram']);
  const dramPages = (512 * 1048576) / 4096;

  it('are counted in every epoch and the run, and their accesses are served by no tier', () => {
    const e = new Engine(bound);
    const unplaced = e.pages - dramPages;
    expect(unplaced).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) {
      const s = e.step();
      expect(s.pagesUnplaced).toBe(unplaced);
      expect(s.pagesLost).toBe(0); // lost = destroyed by a fault, not this
      // One host: its only placed memory is its DRAM, so fast + unplaced covers every access.
      expect(s.unplacedAccessShare).toBeCloseTo(unplacedSampleShare(e), 12);
      expect(s.fastTierAccessShare + s.unplacedAccessShare).toBeCloseTo(1, 12);
      expect(s.localAccessShare).toBe(s.fastTierAccessShare);
      expect(s.fastTierAccessShare).toBeLessThan(0.5);
      // AMAT is over served accesses only: DRAM's, nowhere near CXL's.
      const dram = e.meta.devices.find((d) => d.kind === 'dram')!.latencyNs;
      const cxl = e.meta.devices.find((d) => d.kind === 'cxl')!.latencyNs;
      expect(s.amatNs).toBeGreaterThan(dram);
      expect(s.amatNs).toBeLessThan((dram + cxl) / 2);
    }
    const t = e.runTotals();
    expect(t.pagesUnplaced).toBe(unplaced);
    expect(t.unplacedAccessShare).toBeGreaterThan(0.5);
    expect(t.fastTierAccessShare + t.unplacedAccessShare).toBeCloseTo(1, 9);
  });

  it('stall the threads that touch them: the host keeps only its served share of misses in flight', () => {
    const { e, rows } = run(bound, 3);
    const s = rows[2];
    const h = bound.hosts[0];
    // Little's law: served accesses/s = misses in flight / (compute between misses + latency),
    // here cores x mlp x served share.
    const inFlight = (s.throughputGBps * 1e9 / 64) * ((e.compute.thinkNs[0] + s.amatNs) * 1e-9);
    expect(inFlight / (h.cores * h.mlp)).toBeCloseTo(1 - s.unplacedAccessShare, 2);
  });

  it('show in the snapshot: per host, per page group and per history row', () => {
    const { e, rows } = run(bound, 3);
    const v = decodeSnapshot(e.snapshot(rows));
    expect(v.host[HOST.unplacedAccessShare]).toBeCloseTo(rows[2].unplacedAccessShare, 12);
    expect(v.host[HOST.fastTierAccessShare] + v.host[HOST.unplacedAccessShare]).toBeCloseTo(1, 12);
    let groupPages = 0;
    for (let g = 0; g < v.groups; g++) {
      const [a, b] = e.groupRange(g);
      let none = 0;
      for (let p = a; p < b; p++) if (e.pageState(p).device === null) none++;
      expect(v.groupUnplaced[g]).toBeCloseTo(none / (b - a), 12);
      expect(v.groupFast[g] + v.groupUnplaced[g]).toBeCloseTo(1, 12);
      groupPages += v.groupUnplaced[g] * (b - a);
    }
    expect(Math.round(groupPages)).toBe(e.pages - dramPages);
    expect(Array.from(v.unplacedRows.subarray(2 * v.groups))).toEqual(Array.from(v.groupUnplaced));
  });

  it('a host none of whose pages have memory: everything it asks for is unplaced', () => {
    // s0's only allowed node is s1's DRAM, which s0 cannot reach (no UPI link).
    const s = valid({
      version: 1, samplesPerHost: 4096,
      hosts: [{ id: 's0' }, { id: 's1' }],
      devices: [
        { id: 's0.dram', kind: 'dram', host: 's0', capacityMB: 64, bandwidthGBps: 215, latencyNs: 81 },
        { id: 's1.dram', kind: 'dram', host: 's1', capacityMB: 64, bandwidthGBps: 215, latencyNs: 81 },
      ],
      workloads: [
        { id: 'a', hosts: ['s0'], pattern: 'uniform', workingSetMB: 16 },
        { id: 'b', hosts: ['s1'], pattern: 'uniform', workingSetMB: 16 },
      ],
      policy: { name: 'bind', nodes: ['s1.dram'] },
    });
    const { e, rows } = run(s, 2);
    const r = rows[1];
    expect(r.pagesUnplaced).toBe((16 * 1048576) / 4096);
    expect(r.unplacedAccessShare).toBeGreaterThan(0.3);
    expect(r.unplacedAccessShare).toBeLessThan(0.7);
    expect(r.fastTierAccessShare + r.unplacedAccessShare).toBeCloseTo(1, 12);
    const v = decodeSnapshot(e.snapshot(rows));
    expect(v.host[HOST.unplacedAccessShare]).toBe(1);
    expect(v.host[HOST.throughputGBps]).toBe(0);
    expect(v.host[HOST_WIDTH + HOST.unplacedAccessShare]).toBe(0);
    expect(v.host[HOST_WIDTH + HOST.localAccessShare]).toBe(1);
  });

  it('first-touch places every page: no unplaced pages, shares as before', () => {
    const { e, rows } = run(preset('single-host-cxl'), 3);
    for (const r of rows) {
      expect(r.pagesUnplaced).toBe(0);
      expect(r.unplacedAccessShare).toBe(0);
    }
    expect(e.runTotals().pagesUnplaced).toBe(0);
  });
});

describe('the fast tier, defined once per host', () => {
  it('remote DRAM is fast (same memory tier) but not local', () => {
    const { e, rows } = run(preset('two-socket'), 3);
    const r = rows[2];
    expect(r.localAccessShare).toBeGreaterThan(0.2);
    expect(r.fastTierAccessShare).toBeGreaterThan(r.localAccessShare + 0.1);
    expect(e.meta.hosts.map((h) => [h.fastTier, h.localDevices])).toEqual([[0, ['s0.dram']], [0, ['s1.dram']]]);
    const v = decodeSnapshot(e.snapshot(rows));
    for (let h = 0; h < 2; h++) {
      expect(v.host[h * HOST_WIDTH + HOST.localAccessShare]).toBeLessThan(v.host[h * HOST_WIDTH + HOST.fastTierAccessShare]);
    }
  });

  // h1 has no DRAM and cannot reach h0's: its best memory is a CXL expander in tier 1.
  const cxlOnlyHost = (policy: string) => valid({
    version: 1, seed: 3, samplesPerHost: 8192,
    hosts: [{ id: 'h0' }, { id: 'h1' }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 64, bandwidthGBps: 215, latencyNs: 81 },
      { id: 'near', kind: 'cxl', capacityMB: 16, bandwidthGBps: 36, latencyNs: 170, adistance: 1000 },
      { id: 'far', kind: 'cxl', capacityMB: 128, bandwidthGBps: 17.8, latencyNs: 400, adistance: 2880 },
    ],
    links: [{ a: 'h1', b: 'near', bandwidthGBps: 63 }, { a: 'h1', b: 'far', bandwidthGBps: 63 }],
    // 60 % idle: what accessed-bit and hint-fault policies can tell from the rest.
    workloads: [{ id: 'w', hosts: ['h1'], pattern: 'zipf', workingSetMB: 64, skew: 0.99, idleFraction: 0.6 }],
    policy: { name: policy },
  });

  it("a host's fast tier is its best reachable tier, even when that is CXL", () => {
    const { e, rows } = run(cxlOnlyHost('first-touch'), 2);
    expect(e.meta.devices.map((d) => d.tier)).toEqual([0, 1, 2]);
    expect(e.meta.hosts.map((h) => h.fastTier)).toEqual([0, 1]);
    expect(e.meta.hosts[1].localDevices).toEqual([]);
    // first-touch fills 'near' (a quarter of the working set): its accesses are fast for h1.
    let near = 0, all = 0;
    for (let p = 0; p < e.pages; p++) {
      const st = e.pageState(p);
      all += st.accesses;
      if (st.device === 'near') near += st.accesses;
    }
    expect(near).toBeGreaterThan(0);
    expect(rows[1].fastTierAccessShare).toBeCloseTo(near / all, 12);
    expect(rows[1].localAccessShare).toBe(0);
  });

  it.each(['tpp', 'linux-tiering', 'memtis', 'oracle'])('%s promotes into that host\'s fast tier', (policy) => {
    const { e, rows } = run(cxlOnlyHost(policy), 40);
    expect(e.runTotals().promotions).toBeGreaterThan(100);
    const first = run(cxlOnlyHost('first-touch'), 40).rows;
    expect(rows[39].fastTierAccessShare).toBeGreaterThan(first[39].fastTierAccessShare + 0.05);
  });
});

describe('placement columns when "fast" differs by host', () => {
  // 'near' is h1's fast tier (h1 has no DRAM) but a slower tier for h0, which reaches it too.
  const s = valid({
    version: 1, seed: 5, samplesPerHost: 4096,
    hosts: [{ id: 'h0' }, { id: 'h1' }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 8, bandwidthGBps: 215, latencyNs: 81 },
      { id: 'near', kind: 'cxl', capacityMB: 64, bandwidthGBps: 36, latencyNs: 170 },
    ],
    links: [{ a: 'h0', b: 'near', bandwidthGBps: 63 }, { a: 'h1', b: 'near', bandwidthGBps: 63 }],
    workloads: [
      { id: 'a', hosts: ['h0'], pattern: 'uniform', workingSetMB: 16 },
      { id: 'b', hosts: ['h1'], pattern: 'uniform', workingSetMB: 16 },
    ],
    policy: { name: 'first-touch' },
  });

  it("counts each page as fast by its own host's fast tier", () => {
    const e = new Engine(s);
    expect(e.topo.fastUniform).toBe(false);
    const rows = [e.step(), e.step()];
    const v = decodeSnapshot(e.snapshot(rows));
    const half = (16 * 1048576) / 4096; // pages of 'a' (h0), then of 'b' (h1)
    let mixed = 0;
    for (let g = 0; g < v.groups; g++) {
      const [a, b] = e.groupRange(g);
      let fast = 0;
      for (let p = a; p < b; p++) {
        const d = e.pageState(p).device;
        if (p < half ? d === 'h0.dram' : d === 'near') fast++;
      }
      if (fast > 0 && fast < b - a) mixed++;
      expect(v.groupFast[g], `group ${g}`).toBeCloseTo(fast / (b - a), 12);
      expect(Array.from(v.fastRows.subarray(v.groups + g, v.groups + g + 1))).toEqual([v.groupFast[g]]);
    }
    expect(v.groupFast[v.groups - 1]).toBe(1); // h1's pages on 'near'
    expect(mixed + v.groupFast.filter((x) => x === 0).length).toBeGreaterThan(0); // h0's pages on 'near' are not fast
  });
});
