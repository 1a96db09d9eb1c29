import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { loadLink } from '../scripts/cli/load';
import { loadPreset as preset, listPresets } from '../scripts/cli/presets';
import { encodeScenario } from '../src/scenario/codec';
import type { Scenario } from '../src/scenario/schema';
import { COALESCE_MS, HashWriter, readHash, scenarioHash } from './url-state';

describe('readHash', () => {
  it('treats "" and "#" as no scenario (the default preset loads)', () => {
    expect(readHash('')).toEqual({ kind: 'empty' });
    expect(readHash('#')).toEqual({ kind: 'empty' });
  });

  it('round-trips a scenario through the hash', () => {
    const s = preset('switched-pool');
    const r = readHash(scenarioHash(s));
    expect(r).toEqual({ kind: 'scenario', scenario: s, options: {} });
  });

  it('accepts a percent-encoded payload', () => {
    const s = preset('single-host-cxl');
    const h = scenarioHash(s).replace(/-/g, '%2D');
    expect(readHash(h)).toEqual({ kind: 'scenario', scenario: s, options: {} });
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

describe('readHash: the comparison parameter "b="', () => {
  const s = preset('single-host-cxl');

  it('reads a known policy B and round-trips it', () => {
    expect(readHash(scenarioHash(s, { b: 'tpp' }))).toEqual({ kind: 'scenario', scenario: s, options: { b: 'tpp' } });
    expect(scenarioHash(s, { b: 'tpp' })).toMatch(/^#s=v2\.[A-Za-z0-9_-]+&b=tpp$/);
    expect(scenarioHash(s)).not.toContain('&');
  });

  it('ignores an unknown or broken policy B with a notice, keeping the scenario', () => {
    for (const b of ['nope', '%zz', '<script>'.repeat(20)]) {
      const r = readHash(`${scenarioHash(s)}&b=${b}`);
      expect(r.kind).toBe('scenario');
      if (r.kind === 'scenario') {
        expect(r.scenario).toEqual(s);
        expect(r.options.b).toBeUndefined();
        expect(r.notice).toMatch(/comparison is off/);
        expect(r.notice!.length).toBeLessThan(160);
      }
    }
  });

  it('finds "b=" inside a fully percent-encoded hash, and ignores other parameters', () => {
    const enc = `#s=${encodeURIComponent(scenarioHash(s, { b: 'tpp' }).slice(3))}`;
    expect(enc).toContain('%26b%3Dtpp');
    expect(readHash(enc)).toEqual({ kind: 'scenario', scenario: s, options: { b: 'tpp' } });
    const zoom = readHash(`${scenarioHash(s)}&zoom=2`);
    expect(zoom).toEqual({ kind: 'scenario', scenario: s, options: {}, notice: expect.stringMatching(/option "zoom" is not one this app knows; it was ignored/) });
    expect(readHash(`${scenarioHash(s)}&b=`)).toEqual({ kind: 'scenario', scenario: s, options: {} });
  });

  it('a broken scenario is still an error, whatever "b=" says', () => {
    expect(readHash('#s=garbage&b=tpp').kind).toBe('error');
    expect(readHash('#s=&b=tpp').kind).toBe('error');
  });
});

describe('one link, two readers: the app (readHash) and the CLI (--url)', () => {
  const presets = listPresets().map((p) => preset(p.name));

  it('a link whose "." is percent-encoded (%2E) opens in both', () => {
    const s = preset('two-socket');
    const link = `https://example.org/app/${scenarioHash(s).replace('v2.', 'v2%2E')}`;
    expect(link).toContain('#s=v2%2E');
    expect(readHash(new URL(link).hash)).toEqual({ kind: 'scenario', scenario: s, options: {} });
    expect(loadLink(link)).toEqual(s);
  });

  it('any scenario, any seed, any percent-encoding: both readers give back the same scenario', () => {
    fc.assert(fc.property(
      fc.constantFrom(...presets), fc.integer({ min: 0, max: 0xffffffff }), fc.func(fc.boolean()), fc.boolean(),
      (base, seed, pick, lower) => {
        const s = { ...base, seed };
        const hash = scenarioHash(s, { b: 'tpp' });
        let enc = '#';
        for (let i = 1; i < hash.length; i++) {
          const hex = hash.charCodeAt(i).toString(16);
          enc += pick(i) ? `%${lower ? hex : hex.toUpperCase()}` : hash[i];
        }
        expect(readHash(enc)).toEqual({ kind: 'scenario', scenario: s, options: { b: 'tpp' } });
        expect(loadLink(`https://example.org/${enc}`)).toEqual(s);
      },
    ), { numRuns: 60 });
  });
});

describe('HashWriter: the browser history', () => {
  /** A browser history in Node: its entries and the address bar. */
  function fakeBrowser() {
    const entries = [''];
    let at = 0;
    const loc = { hash: '' };
    const hist = {
      state: null,
      pushState: (_s: unknown, _t: string, h: string) => { entries.splice(at + 1); entries.push(h); at++; loc.hash = h; },
      replaceState: (_s: unknown, _t: string, h: string) => { entries[at] = h; loc.hash = h; },
    };
    vi.stubGlobal('location', loc);
    vi.stubGlobal('history', hist);
    return { entries, back: () => { at--; loc.hash = entries[at]; } };
  }
  afterEach(() => vi.unstubAllGlobals());

  const a = preset('tpp-1to4');
  const b = preset('two-socket');
  const c = preset('single-host-cxl');

  it('each scenario change is an entry; the first write and view options rewrite the one shown', () => {
    const br = fakeBrowser();
    let t = 0;
    const w = new HashWriter(250, () => t);
    w.write(a, { immediate: true }); // the first screen
    w.write(b, { immediate: true, history: 'push' });
    t += 10_000;
    w.write(c, { immediate: true, history: 'push' });
    w.setOptions({ speed: 20 });
    w.write(c, { immediate: true }); // a view option: the same entry
    expect(br.entries).toEqual([scenarioHash(a), scenarioHash(b), scenarioHash(c, { speed: 20 })]);
    // Back: the app opens the entry shown, and its write adds nothing.
    br.back();
    w.opened(location.hash);
    w.write(b, { immediate: true, history: 'replace' });
    expect(br.entries).toHaveLength(3);
    // The same scenario again (a preset picked twice) is no new entry.
    w.write(structuredClone(b), { immediate: true, history: 'push' });
    expect(br.entries).toHaveLength(3);
  });

  it('a "soon" write lands in a task of its own, not in the caller\'s, and is still a new entry', () => {
    vi.useFakeTimers();
    try {
      const br = fakeBrowser();
      const w = new HashWriter(250, () => 0);
      w.write(a, { immediate: true });
      w.write(b, { soon: true, history: 'push' });
      expect(br.entries).toEqual([scenarioHash(a)]);
      vi.advanceTimersByTime(0);
      expect(br.entries).toEqual([scenarioHash(a), scenarioHash(b)]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rapid edits of one kind share one entry; another kind, or a pause, starts a new one', () => {
    const br = fakeBrowser();
    let t = 0;
    const w = new HashWriter(250, () => t);
    w.write(a, { immediate: true });
    for (let seed = 2; seed <= 6; seed++) {
      t += 400;
      w.write({ ...a, seed }, { immediate: true, history: 'push', coalesce: 'field' });
    }
    expect(br.entries).toEqual([scenarioHash(a), scenarioHash({ ...a, seed: 6 })]);
    t += 400;
    w.write({ ...a, seed: 6, epochs: 50 }, { immediate: true, history: 'push' });
    t += COALESCE_MS + 1;
    w.write({ ...a, seed: 7, epochs: 50 }, { immediate: true, history: 'push', coalesce: 'field' });
    expect(br.entries).toHaveLength(4);
  });

  it('writes the short form while the scenario is its preset as it ships', () => {
    fakeBrowser();
    const w = new HashWriter(250, () => 0);
    w.setOrigin('tpp-1to4', a);
    w.write(a, { immediate: true });
    expect(location.hash).toBe('#preset=tpp-1to4');
    w.write({ ...a, seed: 9 }, { immediate: true, history: 'push' });
    expect(location.hash).toBe(scenarioHash({ ...a, seed: 9 }, { preset: 'tpp-1to4' }));
    expect(readHash(location.hash)).toMatchObject({ kind: 'scenario', options: { preset: 'tpp-1to4' } });
    expect(readHash('#preset=tpp-1to4&play=1')).toEqual({ kind: 'short', target: { kind: 'preset', name: 'tpp-1to4' } });
  });
});
