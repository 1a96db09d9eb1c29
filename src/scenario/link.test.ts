import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeScenario } from './codec';
import { tiny } from './fixtures';
import { compareTarget, compareValue, readLink, sameScenario, writeLink } from './link';

const s = tiny({ seed: 5 });
const payload = encodeScenario(s);

/** Percent-encodes the characters of `text` that `pick` selects, in upper or lower case hex. */
function percentEncode(text: string, pick: (i: number) => boolean, lower: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!pick(i)) { out += text[i]; continue; }
    const hex = text.charCodeAt(i).toString(16).padStart(2, '0');
    out += `%${lower ? hex : hex.toUpperCase()}`;
  }
  return out;
}

const ok = (text: string) => {
  const r = readLink(text);
  if (!r.ok) throw new Error(`${text.slice(0, 60)}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r;
};
const error = (text: string) => {
  const r = readLink(text);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
};

describe('readLink: where the scenario is', () => {
  it('reads a full URL, a "#s=" hash, "s=" and the bare payload alike', () => {
    for (const text of [
      `https://example.org/app/?x=1#s=${payload}`,
      `#s=${payload}`,
      `s=${payload}`,
      payload,
      `  ${payload}\n`,
    ]) {
      expect(ok(text).scenario).toEqual(s);
    }
  });

  it('reads a link whose "." a chat tool percent-encoded (%2E), in either case', () => {
    const encoded = payload.replace('.', '%2E');
    expect(encoded).toMatch(/^v2%2E/);
    expect(ok(`https://x.example/#s=${encoded}`).scenario).toEqual(s);
    expect(ok(encoded.replace('%2E', '%2e')).scenario).toEqual(s);
    // The whole URL encoded, "#" included.
    expect(ok(encodeURIComponent(`https://x.example/#s=${payload}&b=tpp`)).options).toEqual({ b: 'tpp' });
  });

  it('says clearly what is wrong with a broken link', () => {
    expect(error('')).toMatch(/^link: the link is empty/);
    expect(error('https://example.org/app/')).toMatch(/is not a scenario link/);
    expect(error('#foo')).toMatch(/"#foo", which is not a scenario link/);
    expect(error('#s=')).toMatch(/holds no scenario after "#s="/);
    expect(error('#')).toMatch(/holds no scenario/);
    expect(error(`#s=v1%2${payload.slice(3)}`)).toMatch(/broken %-escape near "s=v1%2[A-Za-z0-9_-]{4}"/);
    expect(error('#s=v1.%zz')).toMatch(/broken %-escape .*two hex digits/);
    expect(error('#s=v9.AAAA')).toMatch(/newer version/);
    expect(error('#s=v1.')).toMatch(/holds no scenario: nothing follows "v1\."/);
    expect(error('#s=' + 'A'.repeat(60_000))).toMatch(/too long/);
  });
});

describe('readLink: options after the scenario', () => {
  it('reads the declared options and writes them back', () => {
    const text = writeLink(s, { b: 'tpp' });
    expect(text).toBe(`s=${payload}&b=tpp`);
    expect(ok(text)).toEqual({ ok: true, scenario: s, options: { b: 'tpp' }, notices: [] });
    expect(writeLink(s)).toBe(`s=${payload}`);
    expect(ok(`#s=${payload}&b=`).options).toEqual({});
  });

  it('ignores an unknown option, an unknown value or a broken escape with a notice, keeping the scenario', () => {
    const cases: [string, RegExp][] = [
      ['zoom=2', /option "zoom" is not one this app knows; it was ignored/],
      ['b=nope', /comparison \("b="\) is "nope", which this app does not know; comparison is off/],
      ['b=%zz', /comparison \("b="\) has a broken %-escape; comparison is off/],
      [`b=${'<script>'.repeat(20)}`, /which this app does not know/],
    ];
    for (const [opt, notice] of cases) {
      const r = ok(`#s=${payload}&${opt}`);
      expect(r.scenario).toEqual(s);
      expect(r.options).toEqual({});
      expect(r.notices).toHaveLength(1);
      expect(r.notices[0]).toMatch(notice);
      expect(r.notices[0].length).toBeLessThan(160);
    }
  });

  it('reads the demo options (play, speed, present, embed, panels) and writes them back', () => {
    const options = { b: 'tpp', play: true, speed: Infinity, present: true, embed: true, panels: ['chart', 'topology'] } as const;
    const text = writeLink(s, { ...options, panels: [...options.panels] });
    expect(text).toBe(`s=${payload}&b=tpp&play=1&speed=max&present=1&embed=1&panels=chart,topology`);
    expect(ok(text).options).toEqual(options);
    expect(ok(`#s=${payload}&speed=20&play=true&present=0`).options).toEqual({ speed: 20, play: true, present: false });
    // Off is left out of a written link.
    expect(writeLink(s, { play: false, present: false })).toBe(`s=${payload}`);
    expect(ok(`#s=${payload}&panels=heatmap,heatmap,%20chart`).options).toEqual({ panels: ['heatmap', 'chart'] });
  });

  it('says which demo option was ignored and what happens instead', () => {
    const cases: [string, RegExp][] = [
      ['play=yes', /start-playing option \("play="\) is "yes" \(expected 1 or 0\); the run waits for Play/],
      ['speed=7', /speed \("speed=", epochs per second\) is "7", not one of 1, 2, 5, 10, 20, 50, 100, max; the speed stays at 10 epochs per second/],
      ['speed=-1', /is "-1", not one of/],
      ['present=2', /presentation option \("present="\) is "2" \(expected 1 or 0\); the normal view opens/],
      ['embed=on', /embed option \("embed="\) is "on"/],
      ['panels=topology,clock', /panel layout \("panels="\) names "clock", not a panel \(panels: topology, chart, .*\); the default panels show/],
      ['panels=,', /names no panel/],
    ];
    for (const [opt, notice] of cases) {
      const r = ok(`#s=${payload}&${opt}`);
      expect(r.scenario).toEqual(s);
      expect(r.options).toEqual({});
      expect(r.notices).toEqual([expect.stringMatching(notice)]);
    }
  });

  it('the first of a repeated option wins, with a notice', () => {
    const r = ok(`#s=${payload}&b=tpp&b=colloid`);
    expect(r.options).toEqual({ b: 'tpp' });
    expect(r.notices[0]).toMatch(/more than once/);
  });

  it('finds options hidden in a percent-encoded payload', () => {
    const r = ok(`#s=${encodeURIComponent(writeLink(s, { b: 'tpp' }).slice(2))}`);
    expect(r.options).toEqual({ b: 'tpp' });
  });

  it('never lets a key like __proto__ or constructor through', () => {
    const r = ok(`#s=${payload}&__proto__=1&constructor=2`);
    expect(r.options).toEqual({});
    expect(Object.getPrototypeOf(r.options)).toBe(Object.prototype);
    expect(r.notices).toHaveLength(2);
  });
});

describe('readLink: the sweep option', () => {
  it('a sweep reads back as written, readable in the address ("=", ";", "+", "," left as they are)', () => {
    const sweep = { spec: { vary: ['workloads.0.workingSetMB=64..256*2'], policies: 'tpp,linux-tiering', seeds: '1-3', epochs: 20 }, figure: 'slowdownPercent' };
    const link = writeLink(s, { sweep });
    expect(link).toMatch(/&sweep=workloads\.0\.workingSetMB=64\.\.256\*2;policy=tpp,linux-tiering;seeds=1-3;epochs=20;figure=slowdownPercent$/);
    expect(ok(`#${link}`).options).toEqual({ sweep });
    // A "+" step is a "+", never a space.
    expect(ok(`#s=${payload}&sweep=epochMs=50..100%2B25`).options.sweep?.spec.vary).toEqual(['epochMs=50..100+25']);
  });

  it('a sweep the app cannot run is ignored with a notice that says why; the scenario opens', () => {
    for (const [text, why] of [
      ['workloads.0.nope=1', /the scenario format has no such key/],
      ['epochMs=1,2;policy=nope', /unknown policy "nope"/],
      ['epochMs=1..20000', /has 20000 values/],
      ['epochMs=1;hosts=1', /varies more than one key/],
      ['epochMs=1;figure=bogus', /figure "bogus" is not a run figure/],
    ] as const) {
      const r = ok(`#s=${payload}&sweep=${encodeURIComponent(text)}`);
      expect(r.options.sweep).toBeUndefined();
      expect(r.notices.join(' ')).toMatch(why);
      expect(r.notices.join(' ')).toMatch(/the Sweep panel opens empty/);
    }
  });
});

describe('readLink: properties', () => {
  it('any percent-encoding of a written link reads back to the same scenario and options', () => {
    const options = { b: 'colloid', play: true, speed: 5, panels: ['topology', 'chart'] } as const;
    const text = `https://example.org/app/#${writeLink(s, { ...options, panels: [...options.panels] })}`;
    fc.assert(fc.property(fc.func(fc.boolean()), fc.boolean(), (pick, lower) => {
      const enc = percentEncode(text, (i) => i > text.indexOf('#') && pick(i), lower);
      const r = ok(enc);
      expect(r.scenario).toEqual(s);
      expect(r.options).toEqual(options);
    }), { numRuns: 200 });
  });

  it('hostile text never throws and always says link: …', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => {
      const r = readLink(t);
      if (!r.ok) expect(r.errors[0].message.length).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });
});

describe('readLink: run B of a comparison ("b=")', () => {
  it('is another policy, another pool manager or another preset, read back as written', () => {
    for (const b of ['tpp', 'manager:on-demand', 'preset:octopus-pod']) {
      expect(ok(`#s=${payload}&b=${b}`).options.b).toBe(b);
      expect(writeLink(s, { b })).toBe(`s=${payload}&b=${b}`);
    }
    expect(compareTarget('manager:on-demand')).toEqual({ kind: 'manager', name: 'on-demand' });
    expect(compareTarget('preset:octopus-pod')).toEqual({ kind: 'preset', name: 'octopus-pod' });
    expect(compareTarget('tpp')).toEqual({ kind: 'policy', name: 'tpp' });
    expect(compareValue({ kind: 'manager', name: 'static' })).toBe('manager:static');
  });

  it('refuses a manager or preset this app cannot name, with a notice', () => {
    for (const b of ['manager:nope', 'preset:../x', 'preset:a.json', 'preset:', 'pool:static']) {
      const r = ok(`#s=${payload}&b=${encodeURIComponent(b)}`);
      expect(r.options.b, b).toBeUndefined();
      expect(r.notices[0], b).toMatch(/comparison \("b="\) is .*comparison is off/);
    }
  });

  it('lets presentation and embed links show the pool and the tiers ("panels=topology,pool")', () => {
    expect(ok(`#s=${payload}&panels=topology,pool`).options.panels).toEqual(['topology', 'pool']);
    expect(ok(`#s=${payload}&panels=tiers`).options.panels).toEqual(['tiers']);
  });
});

describe('short links: "#preset=NAME" and "#lesson=N"', () => {
  const other = tiny({ seed: 9 });
  const catalog = { names: ['tiny', 'other'], lessons: ['other', 'tiny'], scenario: (n: string) => (n === 'tiny' ? s : n === 'other' ? other : null) };

  it('names a preset by its name or its lesson, with the demo options after it', () => {
    const r = readLink('https://example.org/app/#preset=tiny&play=1&present=1&speed=20', catalog);
    expect(r).toEqual({ ok: true, scenario: s, options: { preset: 'tiny', play: true, present: true, speed: 20 }, notices: [] });
    const l = readLink('#lesson=1', catalog);
    expect(l.ok && l.scenario).toEqual(other);
    expect(l.ok && l.options.preset).toBe('other');
    expect(readLink('lesson=2', catalog)).toMatchObject({ ok: true, options: { preset: 'tiny' } });
    // Percent-encoded by a chat tool.
    expect(readLink(`#${encodeURIComponent('preset=tiny&play=1')}`, catalog)).toMatchObject({ ok: true, options: { preset: 'tiny', play: true } });
  });

  it('is written whenever the scenario is its preset as it ships, and only then', () => {
    expect(writeLink(s, { preset: 'tiny', play: true, speed: 20 }, s)).toBe('preset=tiny&play=1&speed=20');
    // A parsed copy with its keys in another order is the same scenario.
    const reversed = (v: unknown): unknown => (Array.isArray(v) ? v.map(reversed)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v);
    const copy = reversed(s) as typeof s;
    expect(JSON.stringify(copy)).not.toBe(JSON.stringify(s));
    expect(writeLink(copy, { preset: 'tiny' }, s)).toBe('preset=tiny');
    // Any change to the scenario: the full form, which still says where it came from.
    const edited = { ...s, seed: 6 };
    expect(writeLink(edited, { preset: 'tiny' }, s)).toBe(`s=${encodeScenario(edited)}&preset=tiny`);
    expect(writeLink(s, { preset: 'tiny' })).toBe(`s=${payload}&preset=tiny`);
    const back = readLink(`#s=${encodeScenario(edited)}&preset=tiny`, catalog);
    expect(back.ok && back.scenario).toEqual(edited);
    expect(back.ok && back.options.preset).toBe('tiny');
  });

  it('says what is wrong with a short link it cannot open', () => {
    const bad = (t: string) => {
      const r = readLink(t, catalog);
      return r.ok ? '' : r.errors[0].message;
    };
    expect(bad('#preset=nope')).toMatch(/names preset "nope", which this app does not have \(presets: tiny, other\)/);
    expect(bad('#lesson=3')).toMatch(/lesson 3, and the lessons are 1 to 2/);
    expect(bad('#lesson=x')).toMatch(/not a lesson number/);
    expect(bad('#preset=../x')).toMatch(/not a preset's name/);
    expect(readLink('#preset=tiny').ok).toBe(false); // no presets at hand (a caller that has none)
  });
});

describe('sameScenario', () => {
  it('is the same run whatever the key order; a list one longer, or a value changed, is another', () => {
    const s = tiny({ seed: 3 });
    const reordered = Object.fromEntries(Object.entries(structuredClone(s)).reverse()) as typeof s;
    expect(sameScenario(s, reordered)).toBe(true);
    expect(sameScenario(s, { ...s, devices: [...s.devices, { ...s.devices[0], id: 'extra' }] })).toBe(false);
    expect(sameScenario(s, { ...s, links: s.links.slice(1) })).toBe(false);
    expect(sameScenario(s, { ...s, events: [] })).toBe(false);
    expect(sameScenario(s, { ...s, seed: 4 })).toBe(false);
  });
});
