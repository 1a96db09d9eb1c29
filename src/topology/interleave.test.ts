import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { POLICIES, findPolicy } from '../policies/registry';
import type { PolicyView } from '../policies/types';
import { parseScenario } from '../scenario/validate';
import { valid } from '../scenario/fixtures';
import type { Scenario } from '../scenario/schema';

/** One host with little DRAM and k equal x8-class expanders, each on its own link; a uniform, bandwidth-bound working set bound to `nodes`. */
function striped(k: number, set: boolean, granularityB = 4096): Scenario {
  const devices = Array.from({ length: k }, (_, i) => ({ id: `cxl${i}`, kind: 'cxl' as const, capacityMB: 64, bandwidthGBps: 17.8, writeBandwidthGBps: 13.6, latencyNs: 250 }));
  return valid({
    version: 1, seed: 5, samplesPerHost: 4096,
    hosts: [{ id: 'h0', cores: 64, mlp: 10, llcMB: 0 }],
    devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 8 }, ...devices],
    links: devices.map((d) => ({ a: 'h0', b: d.id, bandwidthGBps: 63 })),
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'uniform', workingSetMB: 48, readRatio: 1, llcRefsPerKiloInstr: 1000 }],
    ...(set ? { interleaveSets: [{ id: 'set', devices: devices.map((d) => d.id), granularityB }] } : {}),
    policy: { name: 'bind', nodes: [set ? 'set' : 'cxl0'] },
  });
}

function throughput(s: Scenario, epochs = 4): number {
  const e = new Engine(s);
  for (let i = 0; i < epochs; i++) e.step();
  return e.runTotals().throughputGBps;
}

describe('interleave sets', () => {
  it('are one node over their devices: policies and meta see the set, the devices keep their own rows', () => {
    const e = new Engine(striped(4, true));
    expect(e.topo.N).toBe(2);
    expect(e.topo.nodeIds).toEqual(['h0.dram', 'set']);
    expect(e.meta.devices.map((d) => d.id)).toEqual(['h0.dram', 'cxl0', 'cxl1', 'cxl2', 'cxl3']);
    // Capacity: the four members' together; every page bound to the set lands on it.
    expect(e.mem.capacity[1]).toBe(4 * 64 * 256);
    expect(e.pageState(0).device).toBe('set');
    e.step();
    const stats = e.deviceStats();
    for (let d = 1; d <= 4; d++) expect(stats[d].pages).toBeCloseTo((48 * 256) / 4, 6);
  });

  it('a set of k equal devices delivers about k times one device\'s bandwidth under a bandwidth-bound workload (k = 2, 4)', () => {
    const one = throughput(striped(1, false));
    expect(one).toBeGreaterThan(0.9 * 17.8); // one device is saturated
    // At 256 B every page spreads over all members; at 4 KiB each sits on one, and a uniform working set still spreads.
    for (const k of [2, 4]) for (const g of [256, 4096]) {
      const many = throughput(striped(k, true, g));
      expect(many / one, `k = ${k}, ${g} B`).toBeGreaterThan(0.9 * k);
      expect(many / one, `k = ${k}, ${g} B`).toBeLessThan(1.05 * k);
    }
  });

  it('granularity is physical: under a few very hot pages 16 KiB (a 4 KiB page on one member) loads members unevenly and delivers less than 256 B', () => {
    const hot = (granularityB: number, pageSize: '4k' | '2m' = '4k') => valid({
      ...striped(4, true, granularityB), pageSize,
      workloads: [{ id: 'w', hosts: ['h0'], pattern: 'zipf', skew: 1.3, workingSetMB: 48, readRatio: 1, llcRefsPerKiloInstr: 1000 }],
    });
    const spread = (s: Scenario) => {
      const e = new Engine(s);
      for (let i = 0; i < 4; i++) e.step();
      const bw = e.deviceStats().slice(1).map((d) => d.bandwidthGBps);
      return { gbps: e.runTotals().throughputGBps, imbalance: Math.max(...bw) / Math.min(...bw) };
    };
    const fine = spread(hot(256)), coarse = spread(hot(16384));
    expect(fine.imbalance).toBeLessThan(1.01);
    expect(coarse.imbalance).toBeGreaterThan(1.5);
    expect(coarse.gbps).toBeLessThan(0.9 * fine.gbps);
    // What policies see of the set's latency is its members' as its accesses meet them: above the plain mean when one is hot.
    const bind = findPolicy('bind')!;
    let view: PolicyView | null = null;
    const e = new Engine(hot(16384), { policy: { ...bind, create: (init) => { view = init.view; return bind.create(init); } } });
    for (let i = 0; i < 3; i++) e.step();
    const lat = e.deviceStats().slice(1).map((d) => d.latencyNs);
    const mean = lat.reduce((a, x) => a + x, 0) / 4;
    expect(view!.hostNodeLatencyNs[1]).toBeGreaterThan(1.05 * mean);
    expect(view!.hostNodeLatencyNs[1]).toBeLessThanOrEqual(Math.max(...lat));
    // 2 MiB pages hold 128 chunks of 16 KiB: every page touches every member, at any granularity.
    for (const g of [256, 4096, 16384]) expect(spread(hot(g, '2m')).imbalance, `${g} B`).toBeLessThan(1.01);
  });

  it('is only as available as its weakest member: removing one device takes the whole set\'s pages', () => {
    const e = new Engine(striped(4, true));
    e.step();
    e.changeTopology({ kind: 'remove-device', device: 2, pages: 'lose' });
    const s = e.step();
    expect(s.pagesLost).toBe(48 * 256);
    expect(e.mem.capacity[1]).toBe(0);
  });

  it('every policy runs on a fabric with a set among other nodes: pages stay on nodes the set or the devices hold', () => {
    const devices = [0, 1, 2, 3].map((i) => ({ id: `cxl${i}`, kind: 'cxl' as const, capacityMB: 32 }));
    for (const def of POLICIES) {
      const s = valid({
        version: 1, seed: 2, samplesPerHost: 1024,
        hosts: [{ id: 'h0', llcMB: 0 }, { id: 'h1', llcMB: 0 }],
        devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 8 }, { id: 'h1.dram', kind: 'dram', host: 'h1', capacityMB: 8 }, ...devices],
        links: [{ a: 'h0', b: 'h1' }, ...devices.flatMap((d) => [{ a: 'h0', b: d.id }, { a: 'h1', b: d.id }])],
        interleaveSets: [{ id: 'set', devices: ['cxl0', 'cxl1'], granularityB: 256 }],
        workloads: [{ id: 'a', hosts: ['h0'], pattern: 'zipf', workingSetMB: 24 }, { id: 'b', hosts: ['h1'], pattern: 'hotset', workingSetMB: 24 }],
        policy: { name: def.name, nodes: def.name === 'bind' ? ['set', 'cxl2'] : [] },
      });
      const e = new Engine(s);
      for (let i = 0; i < 3; i++) e.step();
      expect(e.topo.N, def.name).toBe(5);
      expect(e.runTotals().pagesUnplaced, def.name).toBe(0);
      for (let n = 0; n < e.topo.N; n++) expect(e.mem.free[n], def.name).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses a set that is not 2, 4, 8 or 16 CXL devices of one tier at a CXL granularity, naming where', () => {
    const bad = (sets: unknown, extra: object = {}) => {
      const s = striped(4, false);
      const r = parseScenario({ ...s, ...extra, interleaveSets: sets });
      return r.ok ? [] : r.errors.map((x) => `${x.path}: ${x.message}`);
    };
    expect(bad([{ id: 'x', devices: ['cxl0', 'cxl1', 'cxl2'] }])).toContainEqual(expect.stringMatching(/^interleaveSets\[0\]\.devices: .*2, 4, 8 or 16/));
    expect(bad([{ id: 'x', devices: ['cxl0', 'h0.dram'] }])).toContainEqual(expect.stringMatching(/^interleaveSets\[0\]\.devices\[1\]: .*DRAM/));
    expect(bad([{ id: 'x', devices: ['cxl0', 'cxl1'], granularityB: 128 }])).toContainEqual(expect.stringMatching(/^interleaveSets\[0\]\.granularityB: must be one of 256/));
    expect(bad([{ id: 'x', devices: ['cxl0', 'cxl1'] }, { id: 'y', devices: ['cxl1', 'cxl2'] }])).toContainEqual(expect.stringMatching(/^interleaveSets\[1\]\.devices\[0\]: .*already in an interleave set/));
    expect(bad([{ id: 'cxl3', devices: ['cxl0', 'cxl1'] }])).toContainEqual(expect.stringMatching(/^interleaveSets\[0\]\.id: id "cxl3" is used twice/));
    expect(bad([{ id: 'x', devices: ['cxl0', 'nope'] }])).toContainEqual(expect.stringMatching(/^interleaveSets\[0\]\.devices\[1\]: no memory device "nope"/));
    // (The mask names the set: a member, cxl0, is no NUMA node of its own any more.)
    for (const g of [256, 16384]) expect(bad([{ id: 'x', devices: ['cxl0', 'cxl1'], granularityB: g }], { policy: { name: 'bind', nodes: ['x'] } })).toEqual([]);
  });
});
