import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { decodeScenario, encodeScenario, knownPayload, toBase64Url, fromBase64Url } from './codec';
import { parseScenario } from './validate';
import { tiny } from './fixtures';

const payload = (obj: unknown) => 'v1.' + toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(obj))));

describe('scenario links', () => {
  it('round-trips a scenario exactly', () => {
    const s = tiny({ seed: 77, policy: 'interleave' });
    const r = decodeScenario(encodeScenario(s));
    expect(r.ok && r.scenario).toEqual(s);
  });

  it('encodes a scenario object once; a payload worked out elsewhere (the worker, from its copy) is the same one', () => {
    const s = tiny({ seed: 5 });
    const copy = structuredClone(s);
    expect(encodeScenario(s)).toBe(encodeScenario(copy));
    const fresh = structuredClone(s);
    knownPayload(fresh, encodeScenario(copy));
    expect(encodeScenario(fresh)).toBe(encodeScenario(s));
    // Each scenario object has its own: an edited copy is encoded anew.
    const edited = { ...s, seed: 6 };
    expect(encodeScenario(edited)).not.toBe(encodeScenario(s));
    const r = decodeScenario(encodeScenario(edited));
    expect(r.ok && r.scenario.seed).toBe(6);
  });

  it('keeps links short enough for a QR code', () => {
    expect(encodeScenario(tiny()).length).toBeLessThan(1200);
  });

  it('base64url round-trips any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      expect(Array.from(fromBase64Url(toBase64Url(b))!)).toEqual(Array.from(b));
    }));
  });

  it.each([
    ['garbage', 'not a CXL Playground scenario'],
    ['v1.', 'holds no scenario'],
    ['v1.AAAA', 'damaged'],
    ['v1.!!!', 'not a CXL Playground'],
    ['v9.AAAA', 'newer version'],
    ['v1.' + 'A'.repeat(20_000), 'too long'],
  ])('rejects %s with a clear message', (p, msg) => {
    const r = decodeScenario(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toContain(msg);
  });

  it('refuses a decompression bomb without inflating it all', () => {
    const bomb = 'v1.' + toBase64Url(deflateSync(new Uint8Array(5 << 20).fill(32)));
    expect(bomb.length).toBeLessThan(16_384);
    const r = decodeScenario(bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/bytes when decompressed/);
  });

  it('says where an invalid scenario is wrong', () => {
    const s = structuredClone(tiny()) as unknown as { hosts: { cores: number }[] };
    s.hosts[0].cores = -3;
    const r = decodeScenario(payload(s));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].path).toBe('hosts[0].cores');
  });

  it('rejects newer scenario versions, unknown policies and dangling references', () => {
    const base = tiny() as unknown as Record<string, unknown>;
    const cases: [unknown, string, RegExp][] = [
      [{ ...base, version: 3 }, 'version', /newer version/],
      [{ ...base, policy: { name: 'nope' } }, 'policy.name', /unknown policy/],
      [{ ...base, links: [{ a: 'h0', b: 'ghost', bandwidthGBps: 1 }] }, 'links[0].b', /no node/],
      [{ ...base, workloads: [{ id: 'w', hosts: ['h0'], pattern: 'zipf', workingSetMB: 1000 }] }, 'workloads', /need/],
      [{ ...base, policy: { name: 'first-touch', params: { bogus: 1 } } }, 'policy.params.bogus', /no parameter/],
    ];
    for (const [value, path, msg] of cases) {
      const r = parseScenario(value);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors[0].path).toBe(path);
        expect(r.errors[0].message).toMatch(msg);
      }
    }
  });

  it('never throws on arbitrary input, links or JSON', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      expect(() => decodeScenario(s)).not.toThrow();
      expect(() => decodeScenario('v1.' + s)).not.toThrow();
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(() => decodeScenario(payload(v))).not.toThrow();
    }), { numRuns: 300 });
  });
});
