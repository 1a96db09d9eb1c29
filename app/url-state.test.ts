import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { encodeScenario } from '../src/scenario/codec';
import { parseScenario } from '../src/scenario/validate';
import type { Scenario } from '../src/scenario/schema';
import { readHash, scenarioHash } from './url-state';

function preset(name: string): Scenario {
  const r = parseScenario(JSON.parse(readFileSync(`public/presets/${name}.json`, 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe('readHash', () => {
  it('treats "" and "#" as no scenario (the default preset loads)', () => {
    expect(readHash('')).toEqual({ kind: 'empty' });
    expect(readHash('#')).toEqual({ kind: 'empty' });
  });

  it('round-trips a scenario through the hash', () => {
    const s = preset('switched-pool');
    const r = readHash(scenarioHash(s));
    expect(r).toEqual({ kind: 'scenario', scenario: s });
  });

  it('accepts a percent-encoded payload', () => {
    const s = preset('single-host-cxl');
    const h = scenarioHash(s).replace(/-/g, '%2D');
    expect(readHash(h)).toEqual({ kind: 'scenario', scenario: s });
  });

  it.each([
    ['#foo', /not a scenario link/],
    ['#s=', /holds no scenario/],
    ['#s=garbage', /not a CXL Playground scenario/],
    ['#s=v1.AAAA', /damaged|not valid JSON/],
    ['#s=v9.AAAA', /newer version/],
    ['#s=v1.%zz', /broken %-escape/],
    ['#s=v1.a', /base64url/],
  ])('reports %s as an error that says what is wrong', (hash, message) => {
    const r = readHash(hash);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') {
      expect(r.errors[0].path).toBe('link');
      expect(r.errors[0].message).toMatch(message);
    }
  });

  it('reports schema errors with their path', () => {
    const s = preset('single-host-cxl');
    const bad = { ...s, hosts: [{ ...s.hosts[0], cores: -3 }] } as Scenario;
    const r = readHash(`#s=${encodeScenario(bad)}`);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.errors.map((e) => e.path)).toContain('hosts[0].cores');
  });

  it('shortens a long unknown hash in the message', () => {
    const r = readHash(`#${'x'.repeat(500)}`);
    expect(r.kind === 'error' && r.errors[0].message.length).toBeLessThan(160);
  });
});
