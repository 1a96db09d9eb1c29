import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../../src/scenario/limits';
import { encodeScenario } from '../../src/scenario/codec';
import { switchPolicy } from '../../src/policies/switch-policy';
import { buildTopology } from '../../src/topology/topology';
import { UsageError } from './args';
import { applyOverrides, loadLink, loadScenario, loadScenarioFile, loadSource } from './load';
import { findPreset, listPresets, loadPreset, readPresetJson } from './presets';

const dir = mkdtempSync(join(tmpdir(), 'sim-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const usage = (f: () => unknown, pattern: RegExp) => {
  expect(f).toThrowError(UsageError);
  expect(f).toThrowError(pattern);
};

describe('presets', () => {
  it('lists index.json and loads every preset as a valid scenario', () => {
    const names = listPresets().map((p) => p.name);
    expect(names).toContain('single-host-cxl');
    for (const n of names) expect(loadPreset(n).version).toBe(1);
    expect(findPreset('nope')).toBeUndefined();
    expect(() => readPresetJson('nope')).toThrowError(/unknown preset "nope"/);
  });

  it('describes memory tiers as the scenario builds them (latency classes are not tiers)', () => {
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];
    let claims = 0;
    for (const p of listPresets()) {
      const s = loadPreset(p.name);
      const tiers = buildTopology(s).tiers.length;
      for (const text of [p.description, s.description ?? '']) {
        expect(text, p.name).not.toMatch(/latency tiers?/i);
        for (const m of text.matchAll(/\b(one|two|three|four|five|six) memory tiers?\b/gi)) {
          expect(words.indexOf(m[1].toLowerCase()), `${p.name}: "${m[0]}"`).toBe(tiers);
          claims++;
        }
      }
    }
    expect(claims).toBeGreaterThan(0); // two-socket says how many it has
  });
});

describe('loadSource', () => {
  it('refuses an unknown preset, naming the known ones', () => {
    usage(() => loadSource({ kind: 'preset', name: 'nope' }), /unknown preset "nope" \(known: .*single-host-cxl/);
  });

  it('reads a scenario file', () => {
    const text = JSON.stringify(readPresetJson('two-socket'));
    expect(loadScenarioFile(file('ok.json', text))).toEqual(loadPreset('two-socket'));
    // A byte order mark is tolerated.
    expect(loadScenarioFile(file('bom.json', '\ufeff' + text))).toEqual(loadPreset('two-socket'));
  });

  it('refuses unreadable, non-JSON, invalid and oversized files', () => {
    usage(() => loadScenarioFile(join(dir, 'missing.json')), /cannot read scenario file .*no such file/);
    usage(() => loadScenarioFile(dir), /is not a regular file/);
    usage(() => loadScenarioFile(file('bad.json', '{nope')), /is not valid JSON/);
    usage(() => loadScenarioFile(file('arr.json', '[]')), /is not a valid scenario: a scenario must be a JSON object/);
    usage(() => loadScenarioFile(file('inv.json', '{"version":1,"hosts":[]}')), /is not a valid scenario: hosts: /);
    usage(() => loadScenarioFile(file('bin.json', Uint8Array.of(0x7b, 0xff, 0x7d))), /is not UTF-8 text/);
    const big = file('big.json', '');
    truncateSync(big, LIMITS.jsonBytes + 1); // sparse: refused from its size alone
    usage(() => loadScenarioFile(big), new RegExp(`${LIMITS.jsonBytes + 1} bytes; at most ${LIMITS.jsonBytes}`));
  });

  it('decodes a link and refuses a broken one', () => {
    const s = loadPreset('switched-pool');
    const payload = encodeScenario(s);
    expect(loadLink(payload)).toEqual(s);
    expect(loadLink(`https://x.example/#s=${payload}`)).toEqual(s);
    expect(loadLink(`http://localhost:5173/?x=1#s=${payload}&b=tpp`)).toEqual(s);
    expect(loadLink(`s=${payload}`)).toEqual(s);
    expect(loadLink(` ${payload}\n`)).toEqual(s);
    // A chat tool's percent-encoded "." (the app reads the same link with the same parser).
    expect(loadLink(`https://x.example/#s=${payload.replace('.', '%2E')}`)).toEqual(s);
    usage(() => loadLink(`https://x.example/#s=${payload.replace('.', '%2Z')}`), /^broken link: the link contains a broken %-escape/); // "%2" + a hex digit would be a valid escape
    usage(() => loadLink('v1.'), /^broken link: the link holds no scenario/);
    usage(() => loadLink('garbage'), /^broken link: "garbage" is not a scenario link/);
    usage(() => loadLink(payload.slice(0, 20)), /^broken link: /);
    usage(() => loadLink('v9.abc'), /^broken link: .*newer version/);
  });
});

describe('applyOverrides', () => {
  const base = loadPreset('single-host-cxl');
  const masked = { ...base, policy: { name: 'bind', params: {}, nodes: ['cxl0', 'cxl1'], weights: { cxl0: 3 } } };

  it('leaves the scenario alone without overrides', () => {
    expect(applyOverrides(base, {})).toEqual(base);
  });

  it('sets epochs and seed', () => {
    const s = applyOverrides(base, { epochs: 12, seed: 99 });
    expect(s.epochs).toBe(12);
    expect(s.seed).toBe(99);
    expect(base.epochs).not.toBe(12); // the input is not modified
  });

  it("switches policy by the app's rule: its defaults; the node mask and weights only if it takes them", () => {
    const s = applyOverrides(masked, { policy: 'weighted-interleave' });
    expect(s.policy).toEqual({ name: 'weighted-interleave', params: {}, nodes: ['cxl0', 'cxl1'], weights: { cxl0: 3 } });
    expect(masked.policy.name).toBe('bind');
    expect(applyOverrides(masked, { policy: 'interleave' }).policy).toEqual({ name: 'interleave', params: {}, nodes: ['cxl0', 'cxl1'] });
    expect(applyOverrides(masked, { policy: 'tpp' }).policy).toEqual({ name: 'tpp', params: {}, nodes: [] });
    expect(applyOverrides(masked, { policy: 'tpp' }).policy).toEqual(switchPolicy(masked, 'tpp').policy);
    const tuned = { ...base, policy: { name: 'tpp', params: { headroom_pct: 5 }, nodes: [] } };
    expect(applyOverrides(tuned, { policy: 'tpp' }).policy.params).toEqual({ headroom_pct: 5 });
  });

  it('refuses an unknown policy, naming the known ones', () => {
    usage(() => applyOverrides(base, { policy: 'foo' }), /^unknown policy "foo" \(known: first-touch, bind/);
  });

  it('loadScenario = loadSource + overrides', () => {
    expect(loadScenario({ kind: 'preset', name: 'two-socket' }, { epochs: 3 })).toEqual({ ...loadPreset('two-socket'), epochs: 3 });
  });
});
