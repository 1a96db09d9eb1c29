import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import fc from 'fast-check';
import { listPresets, loadPreset } from '../../scripts/cli/presets';
import { decodeScenario, encodeScenario, toBase64Url } from './codec';
import { fabric64, tiny, valid } from './fixtures';
import { compactScenario, fillCandidate, packScenario, unpackScenario } from './pack';
import { parseScenario } from './validate';
import type { Scenario } from './schema';

const v1 = (obj: unknown) => 'v1.' + toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(obj))));
const v2 = (obj: unknown) => 'v2.' + toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(obj))));
const json = (x: unknown) => JSON.stringify(x);

describe('the short link form of a scenario', () => {
  const scenarios = [
    ...listPresets().map((p) => [p.name, loadPreset(p.name)] as const),
    ['tiny, every value given', tiny({ seed: 9, policy: 'bind' })] as const,
    ['64 hosts', fabric64()] as const,
  ];

  it.each(scenarios)('%s: leaves out what the parser fills in, and parses back key for key', (_, s) => {
    const c = compactScenario(s);
    const r = parseScenario(c);
    expect(r.ok && json(r.scenario)).toBe(json(s));
    expect(json(c).length).toBeLessThan(json(s).length);
    // Through the link: the same scenario, in a shorter link than the v1 form.
    const back = decodeScenario(encodeScenario(s));
    expect(back.ok && json(back.scenario)).toBe(json(s));
    expect(encodeScenario(s).length).toBeLessThan(v1(s).length);
  });

  it('works out what the parser fills in without parsing: the same as the parser, for any values left out', () => {
    const all = scenarios.map(([, sc]) => sc);
    let ok = 0;
    fc.assert(fc.property(fc.constantFrom(...all), fc.infiniteStream(fc.boolean()), (sc, coin) => {
      // Leave out a random share of the values (any key the parser may fill in: it takes what is given).
      const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => ['version', 'platform', 'hosts', 'devices', 'workloads', 'policy', 'id', 'kind', 'capacityMB', 'host', 'a', 'b', 'name', 'pattern', 'workingSetMB'].includes(k) || coin.next().value));
      const raw = JSON.parse(JSON.stringify(sc)) as Record<string, unknown> & Record<'hosts' | 'devices' | 'workloads', Record<string, unknown>[]> & { policy: Record<string, unknown>; switches?: Record<string, unknown>[]; links?: Record<string, unknown>[] };
      const c = drop(raw) as typeof raw;
      for (const list of ['hosts', 'devices', 'switches', 'links', 'workloads'] as const) if (c[list]) c[list] = c[list]!.map(drop);
      c.policy = drop(raw.policy);
      const r = parseScenario(c);
      if (r.ok) { expect(json(fillCandidate(c))).toBe(json(r.scenario)); ok++; }
    }), { numRuns: 300, seed: 15 });
    expect(ok).toBeGreaterThan(100);
  });

  it('keeps a value that only looks like a default on another platform', () => {
    const skx = loadPreset('tpp-1to4');
    expect(skx.platform).toBe('skx-ddr4-numa');
    const c = compactScenario(skx) as { platform?: string; devices: Record<string, unknown>[] };
    expect(c.platform).toBe('skx-ddr4-numa');
    // Every device number equals its platform's: none needs writing.
    for (const d of c.devices) expect(d).not.toHaveProperty('latencyNs');
  });

  it('keeps values the scenario sets, even where they differ from what a default would give', () => {
    const s = valid({ ...tiny(), samplesPerHost: 64, hosts: [{ id: 'h0', cores: 3, mlp: 10 }] });
    const c = compactScenario(s) as { samplesPerHost?: number; hosts: Record<string, unknown>[] };
    expect(c.samplesPerHost).toBe(64);
    expect(c.hosts[0]).toEqual({ id: 'h0', cores: 3 });
  });

  it('writes a scenario that is not a parsed one as it is, for the reader to refuse in words', () => {
    const broken = { version: 1, hosts: [], devices: [], workloads: [], policy: { name: 'first-touch' } } as unknown as Scenario;
    expect(compactScenario(broken)).toEqual(broken);
    const r = decodeScenario(encodeScenario(broken));
    expect(!r.ok && r.errors.map((e) => e.path)).toContain('hosts');
  });

  it('writes lists as one list per key', () => {
    const p = packScenario(tiny()) as { devices: Record<string, unknown[]> };
    expect(p.devices.id).toEqual(['h0.dram', 'cxl0', 'cxl1']);
    expect(p.devices.host).toEqual(['h0', null, null]);
  });

  it('shortens a 64-host scenario\'s link by more than a third', () => {
    const s = fabric64();
    expect(encodeScenario(s).length).toBeLessThan(v1(s).length * 0.66);
  });
});

describe('reading the link form (untrusted)', () => {
  const ok = (payload: string) => {
    const r = decodeScenario(payload);
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    return r.scenario;
  };
  const error = (payload: string) => {
    const r = decodeScenario(payload);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  };

  it('still reads v1 links as they were written', () => {
    const s = tiny({ seed: 3 });
    expect(json(ok(v1(s)))).toBe(json(s));
  });

  it('says what is wrong with a damaged list', () => {
    const p = packScenario(tiny()) as Record<string, unknown>;
    expect(error(v2({ ...p, hosts: [{ id: 'h0' }] }))).toMatch(/^hosts: must be the link form of a list/);
    expect(error(v2({ ...p, hosts: { id: 'h0' } }))).toMatch(/^hosts\.id: must be a list/);
    expect(error(v2({ ...p, hosts: { id: ['h0'], cores: [1, 2] } }))).toMatch(/^hosts\.cores: has 2 items, another key of hosts has 1/);
    expect(error(v2({ ...p, links: { a: new Array(10_000).fill('h0') } }))).toMatch(/^links: takes at most \d+ items \(got 10000\)/);
    expect(error(v2({ ...p, hosts: { id: ['h0'], __proto__x: [1] } }))).toMatch(/unknown key "__proto__x"/);
    expect(error(v2(JSON.parse(`{"hosts":{"id":["h0"],"__proto__":[{"polluted":1}]}}`)))).toMatch(/"__proto__" is a reserved name/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves anything that is not an object to the parser', () => {
    expect(unpackScenario(42)).toEqual({ ok: true, value: 42 });
    expect(error(v2([1, 2]))).toMatch(/a scenario must be a JSON object/);
  });
});
