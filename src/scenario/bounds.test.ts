// The bounds the app's controls, the CLI and the lessons read are the ones the parser enforces:
// each is tried at its edges and one step beyond, through parseScenario.
import { describe, expect, it } from 'vitest';
import { podIssue } from '../topology/pod-design';
import { BOUNDS, DEVICE_KINDS, ID_PATTERN, INTERLEAVE_GRANULARITY_B, INTERLEAVE_WAYS } from './bounds';
import { PATTERN_NAMES } from '../workloads/registry';
import { tiny } from './fixtures';
import { parseScenario } from './validate';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const base = (): Raw => JSON.parse(JSON.stringify(tiny({ policy: 'weighted-interleave' }))) as Raw;

function accepts(edit: (s: Raw) => void): boolean {
  const s = base();
  edit(s);
  return parseScenario(s).ok;
}

/** Accepted at min and max, refused one step (or `step`) beyond each. */
function edges(b: { min: number; max: number }, set: (s: Raw, v: number) => void, step = 1): void {
  expect(accepts((s) => set(s, b.min))).toBe(true);
  expect(accepts((s) => set(s, b.max))).toBe(true);
  expect(accepts((s) => set(s, b.min - step))).toBe(false);
  expect(accepts((s) => set(s, b.max + step))).toBe(false);
}

describe('scenario bounds, declared once', () => {
  it('the seed, epoch length and run length', () => {
    edges(BOUNDS.seed, (s, v) => { s.seed = v; });
    edges(BOUNDS.epochMs, (s, v) => { s.epochMs = v; }, 0.5);
    edges(BOUNDS.epochs, (s, v) => { s.epochs = v; });
    const defaults = base();
    for (const k of ['seed', 'epochMs', 'epochs'] as const) delete defaults[k];
    const r = parseScenario(defaults);
    expect(r.ok && [r.scenario.seed, r.scenario.epochMs, r.scenario.epochs]).toEqual([BOUNDS.seed.default, BOUNDS.epochMs.default, BOUNDS.epochs.default]);
  });

  it('coordinates, abstract distance and interleave weights', () => {
    edges(BOUNDS.coord, (s, v) => { s.hosts[0].x = v; });
    edges(BOUNDS.adistance, (s, v) => { s.devices[1].adistance = v; });
    edges(BOUNDS.weight, (s, v) => { s.policy.weights = { cxl0: v }; });
  });

  it('pod ports: the schema and the pod builder', () => {
    const pod = (v: number) => (s: Raw) => { s.pod = { design: 'switch', hostPorts: v, devicePorts: 1 }; };
    edges(BOUNDS.podPorts, (s, v) => pod(v)(s));
    expect(podIssue({ design: 'switch', hostPorts: BOUNDS.podPorts.max, devicePorts: 1 })).toBeNull();
    expect(podIssue({ design: 'switch', hostPorts: BOUNDS.podPorts.max + 1, devicePorts: 1 })).toMatch(`from ${BOUNDS.podPorts.min} to ${BOUNDS.podPorts.max}`);
  });

  it('interleave ways and granularity', () => {
    const cxl = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, kind: 'cxl', capacityMB: 64 }));
    const set = (ways: number, granularityB: number) => (s: Raw) => {
      s.devices = [s.devices[0], ...cxl(ways)];
      s.links = cxl(ways).map((d) => ({ a: 'h0', b: d.id }));
      s.policy = { name: 'first-touch' };
      s.interleaveSets = [{ id: 'set', devices: cxl(ways).map((d) => d.id), granularityB }];
    };
    for (const w of INTERLEAVE_WAYS) expect(accepts(set(w, 4096))).toBe(true);
    expect(accepts(set(3, 4096))).toBe(false);
    expect(accepts(set(INTERLEAVE_WAYS[INTERLEAVE_WAYS.length - 1] + 1, 4096))).toBe(false);
    for (const g of INTERLEAVE_GRANULARITY_B) expect(accepts(set(2, g))).toBe(true);
    expect(accepts(set(2, 128))).toBe(false);
    expect(accepts(set(2, 32768))).toBe(false);
    expect(accepts((s) => { set(2, 4096)(s); delete s.interleaveSets[0].granularityB; })).toBe(true);
  });

  it('enums and the id pattern', () => {
    for (const p of PATTERN_NAMES) expect(accepts((s) => { s.workloads[0].pattern = p; })).toBe(true);
    expect(accepts((s) => { s.workloads[0].pattern = 'random'; })).toBe(false);
    expect(new Set(base().devices.map((d: Raw) => d.kind))).toEqual(new Set(DEVICE_KINDS));
    expect(accepts((s) => { s.devices[1].kind = 'nvme'; })).toBe(false);
    for (const id of ['a', 'A.b-c_1']) expect(ID_PATTERN.test(id) && accepts((s) => { s.workloads[0].id = id; })).toBe(true);
    for (const id of ['-a', 'a b', '']) expect(accepts((s) => { s.workloads[0].id = id; })).toBe(false);
  });

});
