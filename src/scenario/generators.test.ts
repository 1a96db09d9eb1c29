// The fabric generators: deterministic, ids in the scenario's patterns, copies attached as their
// templates are, refusals in one line naming the option.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GenerateError, generate } from './generators';
import { LIMITS } from './limits';
import { parseScenario } from './validate';
import type { ScenarioInput } from './schema';
import { buildTopology } from '../topology/topology';
import { fabric64, valid } from './fixtures';

const preset = (name: string): ScenarioInput => JSON.parse(readFileSync(new URL(`../../public/presets/${name}.json`, import.meta.url), 'utf8')) as ScenarioInput;
const ok = (s: ScenarioInput) => {
  const r = parseScenario(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
};
/** Links of `id`, as "other end" strings, sorted. */
const linksOf = (s: ScenarioInput, id: string) => (s.links ?? []).flatMap((l) => (l.a === id ? [l.b] : l.b === id ? [l.a] : [])).sort();

describe('hosts generator', () => {
  it('copies each host with its DRAM and workloads, ids following the pattern, links to the same switch', () => {
    const s = generate(preset('switched-pool'), { hosts: 5 });
    expect(s.hosts.map((h) => h.id)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(s.hosts.map((h) => h.name)).toEqual(['Host 0', 'Host 1', 'Host 2', 'Host 3', 'Host 4']);
    expect(s.devices.filter((d) => d.kind === 'dram').map((d) => [d.id, d.host])).toEqual([0, 1, 2, 3, 4].map((i) => [`h${i}.dram`, `h${i}`]));
    expect(s.devices.find((d) => d.id === 'h4.dram')!.capacityMB).toBe(256);
    expect(linksOf(s, 'h4')).toEqual(['sw0']);
    expect(s.links!.find((l) => l.a === 'h4')!.bandwidthGBps).toBe(63);
    // h4 copies h0 (zipf); the workload id counts on from app3.
    expect(s.workloads.slice(4).map((w) => [w.id, w.hosts, w.pattern])).toEqual([['app4', ['h4'], 'zipf']]);
    // The new host reaches its own DRAM and the four expanders, as its siblings do.
    const topo = buildTopology(ok(s));
    expect(Array.from(topo.order[4], (n) => topo.nodeIds[n])).toEqual(['h4.dram', ...Array.from(topo.order[0].slice(1), (n) => topo.nodeIds[n])]);
  });

  it('is deterministic: the same input and count give the same JSON; the input is not changed', () => {
    const input = preset('shared-region');
    const before = JSON.stringify(input);
    const a = JSON.stringify(generate(input, { hosts: 19 }));
    expect(JSON.stringify(generate(input, { hosts: 19 }))).toBe(a);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('copies a group of hosts as a unit: socket links to the peer\'s copy, shared regions among the copies, the node mask grows', () => {
    const two = generate(preset('two-socket'), { hosts: 5 });
    expect(two.hosts.map((h) => h.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(linksOf(two, 's2')).toEqual(['cxl0', 's3']);
    expect(linksOf(two, 's3')).toEqual(['s2']);
    expect(linksOf(two, 's4')).toEqual(['cxl0']); // its peer (a sixth host) is not made
    expect(two.workloads.map((w) => `${w.id}:${w.hosts.join('+')}`)).toEqual(['db:s0', 'web:s1', 'db-1:s2', 'web-1:s3', 'db-2:s4']);
    ok(two);
    const shared = generate(preset('shared-region'), { hosts: 16 });
    expect(shared.workloads.map((w) => w.hosts.join('+'))).toEqual(['h0+h1', 'h2+h3+h4+h5+h6+h7', 'h8+h9', 'h10+h11+h12+h13+h14+h15']);
    ok(shared);
    const masked = generate({ ...preset('switched-pool'), policy: { name: 'bind', nodes: ['h0.dram', 'pool0'] } }, { hosts: 8 });
    expect(masked.policy.nodes).toEqual(['h0.dram', 'pool0', 'h4.dram']);
  });

  it('adds each copy as a head of the pooled devices its template has one on', () => {
    const s = generate(preset('dcd-pool'), { hosts: 6 });
    for (const d of s.devices.filter((x) => x.pool)) expect(d.pool!.heads).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5']);
    ok(s);
  });

  it('fewer hosts keep the first ones and drop what only the others used', () => {
    const s = generate(preset('switched-pool'), { hosts: 2 });
    expect(s.hosts.map((h) => h.id)).toEqual(['h0', 'h1']);
    expect(s.devices.map((d) => d.id)).toEqual(['h0.dram', 'h1.dram', 'pool0', 'pool1', 'pool2', 'pool3']);
    expect(s.workloads.map((w) => w.id)).toEqual(['app0', 'app1']);
    expect(s.links!.some((l) => l.a === 'h2' || l.b === 'h2')).toBe(false);
    ok(s);
  });

  it('reaches 256 hosts from the 64-host fabric, every id distinct and every copy on a switch', () => {
    const s = generate(fabric64(), { hosts: LIMITS.hosts, cxlDevices: 128 });
    expect(s.hosts).toHaveLength(256);
    expect(s.hosts[255].id).toBe('h255');
    expect(s.devices.find((d) => d.id === 'h255.dram')).toBeDefined();
    expect(s.workloads[255].id).toBe('w255');
    const ids = [...s.hosts, ...s.devices, ...(s.switches ?? []), ...s.workloads].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(linksOf(s, 'h255')).toEqual(['sw3']); // h255 copies h63, on sw3
    const parsed = ok(s);
    expect(parsed.devices.filter((d) => d.kind === 'cxl')).toHaveLength(128);
  });
});

describe('cxlDevices generator', () => {
  it('adds expanders under the same switches, ids and names counting on', () => {
    const s = generate(preset('switched-pool'), { cxlDevices: 6 });
    const cxl = s.devices.filter((d) => d.kind === 'cxl');
    expect(cxl.map((d) => d.id)).toEqual(['pool0', 'pool1', 'pool2', 'pool3', 'pool4', 'pool5']);
    expect(cxl[5].name).toBe('Pool expander 5');
    expect(linksOf(s, 'pool4')).toEqual(['sw0']);
    ok(s);
  });

  it('on a host\'s direct links, and round-robin over the templates (the 64-host fabric\'s four switches)', () => {
    const one = generate(preset('single-host-cxl'), { cxlDevices: 5 });
    expect(one.devices.filter((d) => d.kind === 'cxl').map((d) => d.id)).toEqual(['cxl0', 'cxl1', 'cxl2', 'cxl3', 'cxl4']);
    expect(linksOf(one, 'cxl4')).toEqual(['h0']);
    expect(one.devices.find((d) => d.id === 'cxl3')!.bandwidthGBps).toBe(one.devices.find((d) => d.id === 'cxl1')!.bandwidthGBps);
    ok(one);
    const big = generate(fabric64(), { cxlDevices: 36 });
    expect([32, 33, 34, 35].map((i) => linksOf(big, `c${i}`)[0])).toEqual(['sw0', 'sw1', 'sw2', 'sw3']);
  });

  it('copies a pooled device with its heads; fewer devices keep the first', () => {
    const s = generate(preset('dcd-pool'), { cxlDevices: 3 });
    const d = s.devices.find((x) => x.id === 'dcd2')!;
    expect(d.pool).toEqual(s.devices.find((x) => x.id === 'dcd0')!.pool);
    ok(s);
    const cut = generate(preset('switched-pool'), { cxlDevices: 2 });
    expect(cut.devices.filter((x) => x.kind === 'cxl').map((x) => x.id)).toEqual(['pool0', 'pool1']);
    expect(cut.links).toHaveLength(6);
  });
});

describe('refusals: one line naming the option', () => {
  const refuse = (s: ScenarioInput, o: Parameters<typeof generate>[1], re: RegExp) => {
    let err: unknown;
    try { generate(s, o); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(GenerateError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).not.toMatch(/\n/);
  };

  it('counts beyond LIMITS or not whole', () => {
    refuse(preset('switched-pool'), { hosts: LIMITS.hosts + 1 }, /^hosts 257: must be a whole number from 1 to 256 \(LIMITS\.hosts\)$/);
    refuse(preset('switched-pool'), { hosts: 0 }, /^hosts 0: must be a whole number from 1/);
    refuse(preset('switched-pool'), { cxlDevices: LIMITS.devices + 1 }, /^cxlDevices 513: .*LIMITS\.devices/);
    refuse(preset('switched-pool'), { cxlDevices: 2.5 }, /^cxlDevices 2\.5: must be a whole number/);
  });

  it('results beyond LIMITS: pages of working set', () => {
    refuse(preset('switched-pool'), { hosts: 64 }, /^hosts 64: 10485760 pages of working set \(4k\), at most 4194304 \(LIMITS\.totalPages\)$/);
  });

  it('nothing to copy', () => {
    const dramOnly = valid({
      version: 1, hosts: [{ id: 'h0' }], devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 64 }],
      workloads: [{ id: 'w', hosts: ['h0'], pattern: 'uniform', workingSetMB: 8 }], policy: { name: 'first-touch' },
    });
    refuse(dramOnly, { cxlDevices: 2 }, /^cxlDevices 2: the scenario has no CXL device to copy$/);
    refuse(preset('interleave-set'), { cxlDevices: 2 }, /interleave set "set4"/);
    const late = preset('switched-pool');
    refuse({ ...late, workloads: late.workloads.slice(3) }, { hosts: 2 }, /^hosts 2: no workload runs on the first 2 hosts$/);
  });
});
