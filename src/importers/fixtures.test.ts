// The fixtures import with their nodes, sizes, distances and bandwidths intact, and the kernel
// views print them back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMachine } from './registry';
import { kernelView } from '../kernel-view/views';
import type { Scenario } from '../scenario/schema';

const load = (f: string): Scenario => {
  const r = importMachine(readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
};
const dev = (s: Scenario, id: string) => s.devices.find((d) => d.id === id)!;

describe('numactl --hardware', () => {
  const text = readFileSync(new URL('./fixtures/numactl-2s-cxl.txt', import.meta.url), 'utf8');
  const s = load('numactl-2s-cxl.txt');
  it('keeps nodes with CPUs as hosts with their DRAM, a CPU-less node as CXL memory near its nearest host', () => {
    expect(s.hosts.map((h) => [h.id, h.cores])).toEqual([['h0', 16], ['h1', 16]]);
    expect(s.devices.map((d) => [d.id, d.kind, d.capacityMB])).toEqual([['node0', 'dram', 257587], ['node1', 'dram', 258018], ['node2', 'cxl', 131072]]);
    expect(s.links.some((l) => l.a === 'h0' && l.b === 'node2')).toBe(true);
    expect(s.numa?.distances).toEqual([[10, 21, 14], [21, 10, 24], [14, 24, 10]]);
  });
  it('prints back its sizes and distances (free memory is a fresh machine\'s; CPU numbers from 0 per node)', () => {
    const back = kernelView('numactl', s);
    const keep = (t: string) => t.split('\n').filter((l) => !/ (cpus|free):/.test(l)).join('\n');
    expect(keep(back)).toBe(keep(text));
  });
});

describe('hwloc XML', () => {
  const s = load('hwloc-2s-cxl.xml');
  it('keeps CPU nodes, cores, L3 and sizes; the CXL node behind its switch, with its memory attributes', () => {
    expect(s.hosts.map((h) => [h.id, h.cores, h.llcMB])).toEqual([['h0', 2, 60], ['h1', 2, 60]]);
    expect(dev(s, 'node0').capacityMB).toBe(131072);
    expect(dev(s, 'node2')).toMatchObject({ kind: 'cxl', capacityMB: 65536, bandwidthGBps: 32.21 });
    expect(dev(s, 'node0').bandwidthGBps).toBeCloseTo(274.88, 1);
    expect(dev(s, 'node0').latencyNs).toBe(110);
    // 260 ns seen from the CPU = the device + one switch hop.
    expect(dev(s, 'node2').latencyNs).toBe(190);
    expect(s.switches).toHaveLength(1);
    expect(s.links).toEqual(expect.arrayContaining([expect.objectContaining({ a: 'h0', b: 'sw0' }), expect.objectContaining({ a: 'sw0', b: 'node2' })]));
  });
  it('prints its distances back through numactl, and its CXL node through cxl list, daxctl and the tiers', () => {
    expect(kernelView('numactl', s)).toContain('node distances:\nnode     0    1    2 \n   0:   10   21   14 \n   1:   21   10   24 \n   2:   14   24   10 \n');
    expect(kernelView('numactl', s)).toContain('node 2 size: 65536 MB');
    expect(kernelView('cxl-list', s)).toContain('"ram_size":"64.00 GiB (68.72 GB)"');
    expect(kernelView('daxctl', s)).toContain('"target_node":2');
    expect(kernelView('tiers', s)).toBe('/sys/devices/virtual/memory_tiering/memory_tier22/nodelist:2\n/sys/devices/virtual/memory_tiering/memory_tier4/nodelist:0-1\n');
  });
});

describe('cxl list', () => {
  const s = load('cxl-list-switch.json');
  it('counts both partitions, keeps the switch and the 2-way region at its granularity on its DAX node', () => {
    expect(dev(s, 'mem0').capacityMB).toBe(65536);
    expect(dev(s, 'mem1').capacityMB).toBe(65536 + 16384);
    expect(s.switches.map((w) => w.id)).toEqual(['port2']);
    expect(s.interleaveSets).toEqual([{ id: 'region0', devices: ['mem0', 'mem1'], granularityB: 256 }]);
    expect(s.numa?.nodes).toEqual(['h0.dram', 'region0']);
    expect(s.numa?.ids).toEqual([0, 2]);
  });
  it('prints the region back: cxl list of the import reads as the same machine', () => {
    const again = importMachine(kernelView('cxl-list', s));
    if (!again.ok) throw new Error(again.error);
    expect(again.scenario.interleaveSets?.[0]).toMatchObject({ devices: ['mem0', 'mem1'], granularityB: 256 });
    expect(kernelView('numactl', again.scenario)).toContain('node 1 size: 131072 MB');
  });
});
