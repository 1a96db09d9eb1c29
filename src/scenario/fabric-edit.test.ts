// The fabric editor's operations: each gives a scenario the validator accepts, or a reason in
// words; nothing is left dangling (links, heads, masks) and the run builds from what they give.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { addNode, connect, disconnect, newFabric, podScenario, removeNode, setField, type EditResult } from './fabric-edit';
import { tiny, valid } from './fixtures';
import type { Scenario, ScenarioInput } from './schema';
import { parseScenario } from './validate';

const ok = (r: EditResult): Scenario => {
  if (!r.ok) throw new Error(r.reason);
  expect(parseScenario(r.scenario).ok).toBe(true);
  return r.scenario;
};
/** The id of the node an edit added. */
const newId = (r: EditResult): string => {
  if (!r.ok || !r.id) throw new Error(r.ok ? 'no id' : r.reason);
  return r.id;
};
const refused = (r: EditResult): string => {
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
};
const preset = (name: string) => valid(JSON.parse(readFileSync(new URL(`../../public/presets/${name}.json`, import.meta.url), 'utf8')) as ScenarioInput);

describe('an empty canvas', () => {
  it('is the smallest valid fabric: one host, its DRAM, one workload', () => {
    const s = newFabric(null);
    expect(s.hosts.map((h) => h.id)).toEqual(['h0']);
    expect(s.devices.map((d) => [d.id, d.kind, d.host])).toEqual([['h0.dram', 'dram', 'h0']]);
    expect(s.workloads).toHaveLength(1);
    expect(s.links).toEqual([]);
    expect(() => new Engine(s)).not.toThrow();
  });

  it('keeps the platform and policy of the scenario it replaces', () => {
    const from = preset('tpp-1to4');
    const s = newFabric(from);
    expect(s.platform).toBe(from.platform);
    expect(s.policy.name).toBe(from.policy.name);
  });
});

describe('building a two-host fabric with a shared CXL expander', () => {
  it('adds, connects and runs', () => {
    let s = newFabric(null);
    s = ok(addNode(s, 'host'));
    expect(s.hosts.map((h) => h.id)).toEqual(['h0', 'h1']);
    expect(s.devices.some((d) => d.id === 'h1.dram' && d.host === 'h1')).toBe(true);
    expect(s.workloads.map((w) => w.hosts)).toEqual([['h0'], ['h1']]);
    const r = addNode(s, 'cxl');
    const added = ok(r), cxl = newId(r);
    expect(added.devices.find((d) => d.id === cxl)?.kind).toBe('cxl');
    s = ok(connect(added, 'h0', cxl));
    s = ok(connect(s, cxl, 'h1')); // either order: the host goes first
    expect(s.links.map((l) => [l.a, l.b])).toEqual([['h0', cxl], ['h1', cxl]]);
    // Links get the platform's numbers.
    expect(s.links[0].bandwidthGBps).toBeGreaterThan(0);
    const e = new Engine(s);
    e.step();
    expect(e.meta.devices.map((d) => d.id)).toContain(cxl);
  });

  it('puts new nodes of a row side by side, not on top of each other', () => {
    let s = newFabric(null);
    s = ok(addNode(s, 'host'));
    s = ok(addNode(s, 'host'));
    const xs = s.hosts.map((h) => h.x);
    expect(new Set(xs).size).toBe(3);
  });
});

describe('refusals', () => {
  it('a link the format forbids, in its words', () => {
    const s = tiny();
    expect(refused(connect(s, 'h0', 'h0'))).toMatch(/two different nodes/);
    expect(refused(connect(s, 'cxl0', 'cxl1'))).toMatch(/two memory devices cannot be linked directly/);
    expect(refused(connect(s, 'h0', 'h0.dram'))).toMatch(/DRAM sits on its host/);
    expect(refused(connect(s, 'h0', 'cxl0'))).toMatch(/linked already/);
  });

  it('removing a node removes its links', () => {
    const s = ok(removeNode(tiny(), 'cxl0'));
    expect(s.devices.map((d) => d.id)).toEqual(['h0.dram', 'cxl1']);
    expect(s.links.map((l) => l.b)).toEqual(['cxl1']);
  });

  it('removing the memory a workload lives on is refused with the reason', () => {
    // Host 0 keeps only a CXL expander (its DRAM removed); host 1 still has its DRAM.
    let s = ok(addNode(newFabric(null), 'host'));
    s = valid({ ...s, workloads: s.workloads.map((w) => ({ ...w, workingSetMB: 16 })) }); // memory to spare elsewhere
    s = ok(addNode(s, 'cxl'));
    s = ok(connect(s, 'h0', 'cxl0'));
    s = ok(removeNode(s, 'h0.dram'));
    const why = refused(removeNode(s, 'cxl0'));
    expect(why).toMatch(/^Remove CXL expander 0 \(cxl0\): /);
    expect(why).toMatch(/workloads\[0\]\.hosts\[0\]: host "h0" reaches no memory device/);
    // The very last memory device: its own reason.
    expect(refused(removeNode(newFabric(null), 'h0.dram'))).toBe('Remove h0.dram: a scenario needs at least one memory device');
  });

  it('removing the link to the last memory is refused the same way', () => {
    const s = ok(removeNode(tiny({ workingSetMB: 32 }), 'h0.dram'));
    const one = ok(disconnect(s, 'h0', 'cxl0'));
    expect(refused(disconnect(one, 'h0', 'cxl1'))).toMatch(/reaches no memory device/);
  });

  it('the last host and the last workload stay', () => {
    expect(refused(removeNode(tiny(), 'h0'))).toMatch(/at least one host/);
    let s = newFabric(null);
    s = ok(addNode(s, 'host'));
    const noWork = { ...s, workloads: s.workloads.filter((w) => w.hosts[0] === 'h0') };
    expect(refused(removeNode(noWork, 'h0'))).toMatch(/last workload/);
  });

  it('removing a host takes its DRAM, workloads and links', () => {
    let s = newFabric(null);
    s = ok(addNode(s, 'host'));
    s = ok(addNode(s, 'cxl'));
    s = ok(connect(s, 'h1', 'cxl0'));
    s = ok(removeNode(s, 'h1'));
    expect(s.hosts.map((h) => h.id)).toEqual(['h0']);
    expect(s.devices.map((d) => d.id)).toEqual(['h0.dram', 'cxl0']);
    expect(s.links).toEqual([]);
    expect(s.workloads.flatMap((w) => w.hosts)).toEqual(['h0']);
  });
});

describe('pooled devices', () => {
  it('an MHD gets its first head on the chosen host, a head per linked host, and the pool section', () => {
    let s = newFabric(null);
    s = ok(addNode(s, 'host'));
    const r = addNode(s, 'mhd', 'h1');
    const added = ok(r), id = newId(r);
    expect(added.pool).toBeDefined();
    expect(added.devices.find((d) => d.id === id)?.pool).toEqual({ kind: 'mhd', heads: ['h1'] });
    s = ok(connect(added, id, 'h0'));
    expect(s.devices.find((d) => d.id === id)?.pool?.heads).toEqual(['h1', 'h0']);
    s = ok(disconnect(s, 'h1', id));
    expect(s.devices.find((d) => d.id === id)?.pool?.heads).toEqual(['h0']);
    expect(refused(disconnect(s, 'h0', id))).toMatch(/last head/);
  });

  it('a DCD is a pooled device of kind dcd', () => {
    const s = ok(addNode(newFabric(null), 'dcd'));
    expect(s.devices.find((d) => d.pool)?.pool?.kind).toBe('dcd');
  });
});

describe('properties', () => {
  it('a number within its bound is set; beyond it, refused naming the field and the rule', () => {
    const s = ok(setField(tiny(), { kind: 'node', id: 'cxl0' }, 'capacityMB', 256));
    expect(s.devices[1].capacityMB).toBe(256);
    expect(refused(setField(s, { kind: 'node', id: 'cxl0' }, 'capacityMB', 1e12))).toMatch(/devices\[1\]\.capacityMB: must be at most 16777216/);
    expect(refused(setField(s, { kind: 'node', id: 'h0' }, 'cores', 0))).toMatch(/hosts\[0\]\.cores: must be at least 1/);
  });

  it('a link\'s numbers, by its two ends in either order', () => {
    const s = ok(setField(tiny(), { kind: 'link', a: 'cxl1', b: 'h0' }, 'latencyNs', 40));
    expect(s.links[1].latencyNs).toBe(40);
  });

  it('undefined leaves an optional field out (its default)', () => {
    const s = ok(setField(tiny(), { kind: 'node', id: 'cxl0' }, 'adistance', 100));
    expect(s.devices[1].adistance).toBe(100);
    expect(ok(setField(s, { kind: 'node', id: 'cxl0' }, 'adistance', undefined)).devices[1].adistance).toBeUndefined();
  });
});

describe('pods from their design', () => {
  it.each([
    [{ design: 'switch' as const, hosts: 4, hostPorts: 2, devicePorts: 1 }, 4, 2],
    [{ design: 'mhd' as const, hosts: 4, hostPorts: 2, devicePorts: 4 }, 4, 0],
    [{ design: 'octopus' as const, hostPorts: 4, devicePorts: 4 }, 13, 0],
  ])('%o', (p, hosts, switches) => {
    const s = ok(podScenario(tiny(), p));
    expect(s.hosts).toHaveLength(hosts);
    expect(s.switches).toHaveLength(switches);
    expect(s.workloads).toHaveLength(hosts);
    expect(s.pod?.design).toBe(p.design);
  });

  it('a design the builder refuses comes back as its reason', () => {
    expect(refused(podScenario(tiny(), { design: 'octopus', hostPorts: 7, devicePorts: 7 }))).toMatch(/prime power/);
  });
});
