import { describe, expect, it } from 'vitest';
import { buildTopology, fastTiers, topologyOf } from './topology';
import { valid } from '../scenario/fixtures';

const twoSocketSwitch = valid({
  version: 1,
  hosts: [{ id: 's0' }, { id: 's1' }],
  devices: [
    { id: 's0.dram', kind: 'dram', host: 's0', capacityMB: 64, bandwidthGBps: 215, latencyNs: 81 },
    { id: 's1.dram', kind: 'dram', host: 's1', capacityMB: 64, bandwidthGBps: 215, latencyNs: 81 },
    { id: 'direct', kind: 'cxl', capacityMB: 64, bandwidthGBps: 17.8, latencyNs: 250 },
    { id: 'pooled', kind: 'cxl', capacityMB: 64, bandwidthGBps: 17.8, latencyNs: 250 },
    { id: 'slow', kind: 'cxl', capacityMB: 64, bandwidthGBps: 17.8, latencyNs: 400, adistance: 4000 },
  ],
  switches: [{ id: 'sw', hopLatencyNs: 70 }],
  links: [
    { a: 's0', b: 's1', bandwidthGBps: 64, latencyNs: 55 },
    { a: 's0', b: 'direct', bandwidthGBps: 31.5 },
    { a: 's1', b: 'sw', bandwidthGBps: 63 },
    { a: 'sw', b: 'pooled', bandwidthGBps: 31.5 },
    { a: 'sw', b: 'slow', bandwidthGBps: 31.5 },
  ],
  workloads: [{ id: 'w', hosts: ['s0'], pattern: 'uniform', workingSetMB: 16 }],
  policy: { name: 'first-touch' },
});

/** s1 without DRAM and without the UPI link: the best it reaches is tier 1 (pooled). */
const s1WithoutDram = () => valid({
  ...twoSocketSwitch,
  devices: twoSocketSwitch.devices.filter((d) => d.id !== 's1.dram'),
  links: twoSocketSwitch.links.filter((l) => l.b !== 's1'),
});

describe('topology', () => {
  const t = buildTopology(twoSocketSwitch);
  const lat = (h: number, d: number) => t.idleNs[h * t.D + d];

  it('derives idle latencies per path from the calibrated parts', () => {
    expect(lat(0, 0)).toBe(81); // local DRAM
    expect(lat(0, 1)).toBe(136); // remote socket over UPI
    expect(lat(0, 2)).toBe(250); // CXL direct attach
    expect(lat(1, 3)).toBe(320); // CXL through one switch hop
    expect(lat(0, 3)).toBe(375); // other socket's switch: UPI + switch
    expect(lat(1, 2)).toBe(305); // other socket's expander over UPI
  });

  it('orders nodes nearest first, as the kernel zonelist does', () => {
    expect(Array.from(t.order[0])).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(t.order[1])).toEqual([1, 0, 2, 3, 4]);
  });

  it('groups nodes into memory tiers by abstract distance', () => {
    expect(Array.from(t.nodeTier)).toEqual([0, 0, 1, 1, 2]);
    expect(t.tiers.map((x) => x.devices)).toEqual([['s0.dram', 's1.dram'], ['direct', 'pooled'], ['slow']]);
    expect(t.tiers[0].adistanceStart).toBe(512);
  });

  it("defines each initiator's (host's) fast tier once: its best reachable tier; local = its own DRAM", () => {
    expect(Array.from(t.initiatorFastTier)).toEqual([0, 0]);
    // Remote DRAM shares the top tier (Linux groups tiers by abstract distance), so it is fast.
    expect(Array.from(t.fastFor.subarray(0, t.D))).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(t.fastFor.subarray(t.D, 2 * t.D))).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(t.fastNode)).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(t.hostLocal.subarray(0, t.D))).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(t.hostLocal.subarray(t.D, 2 * t.D))).toEqual([0, 1, 0, 0, 0]);
  });

  it('defines "fast" per initiator: an initiator gets its host\'s best reachable tier, in one table', () => {
    // Three initiators, two on s1 (as VMs on one host will be): the s1 pair share s1's row.
    const u = buildTopology(s1WithoutDram());
    const f = fastTiers([u.order[0], u.order[1], u.order[1]], u.nodeTier, u.N);
    expect(Array.from(f.initiatorFastTier)).toEqual([0, 1, 1]);
    expect(Array.from(f.fastFor.subarray(u.N, 2 * u.N))).toEqual([0, 0, 1, 0]);
    expect(Array.from(f.fastFor.subarray(2 * u.N, 3 * u.N))).toEqual([0, 0, 1, 0]);
    // Today every host is one initiator, every device one node.
    expect(Array.from(u.initiatorHost)).toEqual([0, 1]);
    expect(u.nodes.map((n) => [n.id, Array.from(n.devices), Array.from(n.shares)])).toEqual(u.deviceIds.map((id, d) => [id, [d], [1]]));
  });

  it('a host that reaches no top-tier memory has a slower fast tier', () => {
    const u = buildTopology(s1WithoutDram());
    expect(Array.from(u.nodeTier)).toEqual([0, 1, 1, 2]);
    expect(Array.from(u.initiatorFastTier)).toEqual([0, 1]);
    expect(Array.from(u.fastFor.subarray(u.D, 2 * u.D))).toEqual([0, 0, 1, 0]); // s1: pooled only ('direct' is s0's)
    expect(Array.from(u.fastNode)).toEqual([1, 0, 1, 0]);
    expect(Array.from(u.hostLocal.subarray(u.D, 2 * u.D))).toEqual([0, 0, 0, 0]);
  });

  it('puts the local node first whatever the latencies, then the others by distance (the zonelist, not a latency sort)', () => {
    // An expander faster than DRAM at idle: Linux still allocates on the local node first and
    // falls back by node_distance (the SLIT gives every other node more than the local 10).
    const fast = valid({ ...twoSocketSwitch, devices: twoSocketSwitch.devices.map((d) => (d.id === 'direct' ? { ...d, latencyNs: 20 } : d)) });
    const u = buildTopology(fast);
    expect(u.idleNs[0 * u.D + 2]).toBeLessThan(u.idleNs[0 * u.D + 0]);
    expect(Array.from(u.order[0])).toEqual([0, 2, 1, 3, 4]);
    expect(Array.from(u.order[1])).toEqual([1, 2, 0, 3, 4]);
    expect(Array.from(u.deviceOrder[0])).toEqual([0, 2, 1, 3, 4]);
    expect(u.distance[0]).toEqual([10, 17, 11, 46, 65]);
    expect(u.distance[1]).toEqual([17, 10, 11, 40, 58]);
  });

  it('gives numactl-style distances (local = 10)', () => {
    expect(t.distance[0].slice(0, 3)).toEqual([10, 17, 31]);
  });

  it('finds no path into another host through a switch', () => {
    const s = valid({
      ...twoSocketSwitch,
      links: [{ a: 's0', b: 'sw', bandwidthGBps: 63 }, { a: 's1', b: 'sw', bandwidthGBps: 63 }, { a: 'sw', b: 'pooled', bandwidthGBps: 31.5 }],
    });
    const u = buildTopology(s);
    expect(Number.isNaN(u.idleNs[0 * u.D + 1])).toBe(true); // s1's DRAM is not reachable from s0
    expect(u.idleNs[0 * u.D + 3]).toBe(320);
  });
});

describe('topologyOf', () => {
  it('builds a scenario\'s topology once and gives the same object to every reader', () => {
    const s = valid(twoSocketSwitch);
    const t = topologyOf(s);
    expect(topologyOf(s)).toBe(t);
    expect(t).toEqual(buildTopology(s));
  });

  it('builds another one for an edited scenario (a new object): never a stale graph', () => {
    const before = topologyOf(twoSocketSwitch);
    const edited = s1WithoutDram();
    const after = topologyOf(edited);
    expect(after).not.toBe(before);
    expect(after).toEqual(buildTopology(edited));
    expect(after.D).toBe(before.D - 1);
  });
});
