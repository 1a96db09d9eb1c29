import { describe, expect, it } from 'vitest';
import { loadPreset as preset } from '../scripts/cli/presets';
import { switchPolicy } from '../src/policies/switch-policy';
import { parseScenario } from '../src/scenario/validate';
import { nodeLabel } from './format';
import { inNodeMask, memoryNodes, moveNode, nodeNames, simKey, topologyNodes, withAdistance, withNodes, withParam, withPattern, withSeed, withWeight, workloadName } from './scenario-edit';


describe('scenario edits', () => {
  it('topologyNodes, nodeNames and simKey are worked out once per scenario object, anew for an edited one', () => {
    const s = preset('switched-pool');
    expect(topologyNodes(s)).toBe(topologyNodes(s));
    expect(nodeNames(s)).toBe(nodeNames(s));
    expect(nodeNames(s).get('sw0')).toBe(topologyNodes(s).find((n) => n.id === 'sw0')!.name);
    const renamed = { ...s, switches: s.switches.map((w) => (w.id === 'sw0' ? { ...w, name: 'Renamed' } : w)) };
    expect(nodeNames(renamed).get('sw0')).toBe('Renamed');
    expect(nodeNames(s).get('sw0')).not.toBe('Renamed');
    expect(simKey(renamed)).not.toBe(simKey(s));
    expect(simKey(moveNode(s, 'sw0', 10, 10))).toBe(simKey(s));
  });

  it('moveNode moves exactly one node, rounds and clamps, and keeps the scenario valid', () => {
    const s = preset('switched-pool');
    const m = moveNode(s, 'sw0', 123.6, 99999);
    expect(m.switches[0]).toMatchObject({ x: 124, y: 10000 });
    expect(m.hosts).toEqual(s.hosts);
    expect(m.devices).toEqual(s.devices);
    expect(parseScenario(m).ok).toBe(true);
    expect(s.switches[0].x).toBe(390); // the original is untouched
  });

  it('layout changes keep the simulation key; other edits change it', () => {
    const s = preset('single-host-cxl');
    expect(simKey(moveNode(s, 'cxl0', 1, 2))).toBe(simKey(s));
    expect(simKey(withSeed(s, 2))).not.toBe(simKey(s));
    expect(simKey(switchPolicy(s, 'interleave'))).not.toBe(simKey(s));
    expect(simKey(withPattern(s, 0, 'scan'))).not.toBe(simKey(s));
  });

  it('switchPolicy resets parameters', () => {
    const s = preset('two-socket');
    const p = switchPolicy({ ...s, policy: { ...s.policy, params: { x: 1 } } }, 'bind');
    expect(p.policy).toMatchObject({ name: 'bind', params: {} });
  });

  it('withPattern changes the chosen workload only: a mix of patterns survives', () => {
    const s = preset('switched-pool');
    expect(s.workloads.map((w) => w.pattern)).toEqual(['zipf', 'zipf', 'hotset', 'uniform']);
    const q = withPattern(s, 2, 'scan');
    expect(q.workloads.map((w) => w.pattern)).toEqual(['zipf', 'zipf', 'scan', 'uniform']);
    expect(q.workloads[3]).toBe(s.workloads[3]);
    expect(parseScenario(q).ok).toBe(true);
    expect(workloadName(s, 2)).toBe(`app2 on ${s.hosts.find((h) => h.id === 'h2')?.name ?? 'h2'}`);
  });

  it('names every node, unnamed DRAM after its host', () => {
    const nodes = topologyNodes(preset('two-socket'));
    expect(nodes.map((n) => `${n.kind}:${n.name}`)).toEqual([
      'host:Socket 0', 'host:Socket 1', 'dram:Socket 0 DRAM', 'dram:Socket 1 DRAM', 'cxl:CXL x8 expander',
    ]);
  });

  it('builds accessible names like "CXL x8 expander, CXL memory device, 17.8 GB/s"', () => {
    const nodes = topologyNodes(preset('single-host-cxl'));
    const cxl = nodes.find((n) => n.id === 'cxl0')!;
    const dev = { id: 'cxl0', name: 'CXL x8 expander', kind: 'cxl' as const, tier: 1, adistance: 2880, capacityPages: 1, bandwidthGBps: 17.8, latencyNs: 250 };
    expect(nodeLabel(cxl, dev)).toBe('CXL x8 expander, CXL memory device, 17.8 GB/s, tier 1');
    expect(nodeLabel(nodes[0])).toBe('Host 0, host');
  });

  it('withAdistance sets and clears one device\'s abstract distance, and the tiers follow', () => {
    const s = preset('single-host-cxl');
    const m = withAdistance(s, 'cxl0', 576);
    expect(m.devices[1].adistance).toBe(576);
    expect(m.devices[2]).toEqual(s.devices[2]);
    expect(parseScenario(m).ok).toBe(true);
    expect('adistance' in withAdistance(m, 'cxl0', undefined).devices[1]).toBe(false);
    const bad = parseScenario(withAdistance(s, 'cxl0', 0));
    expect(!bad.ok && bad.errors[0].path).toBe('devices[1].adistance');
  });

  it('withParam / withNodes / withWeight edit the policy and validate', () => {
    const s = switchPolicy(preset('single-host-cxl'), 'tpp');
    const p = withParam(s, 'headroom_pct', 5);
    expect(p.policy.params).toEqual({ headroom_pct: 5 });
    expect(withParam(p, 'headroom_pct', undefined).policy.params).toEqual({});
    const bad = parseScenario(withParam(s, 'headroom_pct', 500));
    expect(!bad.ok && bad.errors[0].path).toBe('policy.params.headroom_pct');

    const n = withNodes(s, ['cxl1', 'h0.dram']);
    expect(n.policy.nodes).toEqual(['h0.dram', 'cxl1']);
    expect(inNodeMask(n, 'cxl0')).toBe(false);
    expect(withNodes(s, s.devices.map((d) => d.id)).policy.nodes).toEqual([]);
    expect(inNodeMask(s, 'cxl0')).toBe(true);

    // An interleave set is one node of the mask (its members are not): the lesson preset binds to it.
    const is = preset('interleave-set');
    expect(memoryNodes(is).map((x) => [x.id, x.bandwidthGBps])).toEqual([['h0.dram', is.devices[0].bandwidthGBps], ['set4', 4 * is.devices[1].bandwidthGBps]]);
    expect(withNodes(is, ['set4']).policy.nodes).toEqual(['set4']);
    expect(withNodes(is, ['set4', 'h0.dram']).policy.nodes).toEqual([]);
    expect(parseScenario(withNodes(is, ['set4'])).ok).toBe(true);

    const w = withWeight(s, 'cxl0', 3);
    expect(w.policy.weights).toEqual({ cxl0: 3 });
    expect(withWeight(w, 'cxl0', undefined).policy.weights).toBeUndefined();
    expect(parseScenario(withWeight(s, 'cxl0', 0)).ok).toBe(false);
  });
});
