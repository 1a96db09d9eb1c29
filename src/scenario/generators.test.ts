import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { generateCxlDevices, generateHosts, GENERATOR_BOUNDS } from './generators';
import { parseScenario, formatErrors } from './validate';
import type { Scenario } from './schema';

function valid(s: Scenario): Scenario {
  const r = parseScenario(s);
  if (!r.ok) throw new Error(formatErrors(r.errors));
  return r.scenario;
}

describe('hosts', () => {
  it('replicates each host with its DRAM, workloads and switch links; the result is valid and deterministic', () => {
    const base = loadPreset('switched-pool');
    const grown = generateHosts(generateCxlDevices(base, 16), 10);
    const s = valid(grown);
    expect(s.hosts).toHaveLength(10);
    expect(s.devices.filter((d) => d.kind === 'dram')).toHaveLength(10);
    expect(s.workloads).toHaveLength(10);
    // Host 5 is a copy of host 1: its DRAM, its workload (same pattern), a link to the same switch.
    const h5 = s.hosts[5].id;
    expect(s.devices.find((d) => d.host === h5)?.capacityMB).toBe(base.devices[1].capacityMB);
    expect(s.workloads.find((w) => w.hosts[0] === h5)?.pattern).toBe(base.workloads[1].pattern);
    expect(s.links.filter((l) => l.a === h5 || l.b === h5).map((l) => (l.a === h5 ? l.b : l.a))).toEqual(['sw0']);
    expect(JSON.stringify(generateHosts(generateCxlDevices(base, 16), 10))).toBe(JSON.stringify(grown));
    expect(new Set([...s.hosts, ...s.devices, ...s.workloads].map((x) => x.id)).size).toBe(10 + s.devices.length + 10);
  });

  it('a socket pair replicates as a pair: copies link to each other, never across replicas', () => {
    const base = loadPreset('two-socket');
    const s = generateHosts(base, 4);
    const hostIds = new Set(s.hosts.map((h) => h.id));
    const socketLinks = s.links.filter((l) => hostIds.has(l.a) && hostIds.has(l.b)).map((l) => [l.a, l.b].sort().join('-'));
    const [a, b] = base.hosts.map((h) => h.id);
    expect(socketLinks.sort()).toEqual([[a, b].sort().join('-'), [s.hosts[2].id, s.hosts[3].id].sort().join('-')].sort());
  });

  it('fewer hosts: the last ones go with their DRAM, links and heads; a pooled device keeps its other heads', () => {
    const base = loadPreset('dcd-pool');
    const s = valid(generateHosts(base, 2));
    expect(s.hosts.map((h) => h.id)).toEqual(base.hosts.slice(0, 2).map((h) => h.id));
    for (const d of s.devices) if (d.pool) expect(d.pool.heads.every((h) => s.hosts.some((x) => x.id === h))).toBe(true);
    expect(s.links.every((l) => !base.hosts.slice(2).some((h) => h.id === l.a || h.id === l.b))).toBe(true);
    expect(generateHosts(base, base.hosts.length)).toBe(base);
  });

  it('n outside 1..LIMITS.hosts, or a numa section it cannot renumber, is refused in words', () => {
    const base = loadPreset('single-host-cxl');
    expect(() => generateHosts(base, 0)).toThrow(/hosts must be a whole number from 1 to/);
    expect(() => generateHosts(base, GENERATOR_BOUNDS.hosts.max + 1)).toThrow(/from 1 to/);
    expect(() => generateHosts(base, 2.5)).toThrow(/whole number/);
    expect(() => generateHosts({ ...base, numa: { nodes: ['h0.dram'] } } as Scenario, 2)).toThrow(/numa/);
  });
});

describe('cxlDevices', () => {
  it('more expanders: copies of the plain ones in turn, linked where their templates are; the node mask follows', () => {
    const base = loadPreset('single-host-cxl');
    const bound = { ...base, policy: { ...base.policy, name: 'bind', nodes: ['h0.dram', 'cxl1'] } };
    const s = valid(generateCxlDevices(bound, 5));
    const cxl = s.devices.filter((d) => d.kind === 'cxl');
    expect(cxl).toHaveLength(5);
    // Copies 2, 3, 4 of cxl0, cxl1, cxl0: same bandwidths, a link to h0 each.
    expect(cxl.map((d) => d.bandwidthGBps)).toEqual([cxl[0], cxl[1], cxl[0], cxl[1], cxl[0]].map((d) => d.bandwidthGBps));
    for (const d of cxl) expect(s.links.some((l) => l.a === 'h0' && l.b === d.id)).toBe(true);
    expect(s.policy.nodes).toEqual(['h0.dram', 'cxl1', cxl[3].id]);
  });

  it('fewer: the last plain expanders go; pooled devices and interleave members are never removed', () => {
    const base = loadPreset('single-host-cxl');
    expect(valid(generateCxlDevices(base, 1)).devices.map((d) => d.id)).toEqual(['h0.dram', 'cxl0']);
    expect(() => generateCxlDevices(loadPreset('interleave-set'), 2)).toThrow(/plain expanders that can be removed/);
    expect(() => generateCxlDevices(loadPreset('interleave-set'), 6)).toThrow(/no plain CXL expander to replicate/);
    expect(() => generateCxlDevices(base, GENERATOR_BOUNDS.cxlDevices.max + 1)).toThrow(/from 0 to/);
  });
});
