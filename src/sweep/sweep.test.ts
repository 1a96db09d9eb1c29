// The sweep engine alone: values and ranges, keys against the schema, row order, shards.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPreset } from '../../scripts/cli/presets';
import { parseKey, SweepError } from './keys';
import { MAX_RUNS, parseSeeds, parseValues } from './values';
import { parseShard, planSweep, rowAt, rowScenario, shardRange } from './plan';
import { csvHeader, csvRow, jsonRow } from './format';
import { sweepCandidates } from './candidates';

const NUM = parseKey('epochMs').leaf;

describe('values', () => {
  it('lists and ranges: A..B (step 1), A..B+STEP, A..B*FACTOR, mixed; steps without float drift', () => {
    expect(parseValues('64,128, 256', NUM, 'k')).toEqual([64, 128, 256]);
    expect(parseValues('1..64*2', NUM, 'k')).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(parseValues('16..64+16', NUM, 'k')).toEqual([16, 32, 48, 64]);
    expect(parseValues('1..4', NUM, 'k')).toEqual([1, 2, 3, 4]);
    expect(parseValues('0.1..0.5+0.1', NUM, 'k')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(parseValues('1..10*3,50', NUM, 'k')).toEqual([1, 3, 9, 50]);
    expect(parseValues('1e3,2.5e3', NUM, 'k')).toEqual([1000, 2500]);
    expect(parseValues('4k,2m', parseKey('pageSize').leaf, 'k')).toEqual(['4k', '2m']);
  });

  it('refuses what is not a value, empty items, repeats, bad steps and ranges too long to build', () => {
    const bad = (t: string, re: RegExp) => expect(() => parseValues(t, NUM, 'k')).toThrow(re);
    bad('1,,2', /an empty value/);
    bad('0x10', /is not a number/);
    bad('1,1', /listed twice/);
    bad('1..8+0', /step .* must be above 0/);
    bad('1..8*1', /factor .* must be above 1/);
    bad('0..8*2', /starts above 0/);
    bad(`1..${MAX_RUNS * 10}`, new RegExp(`has ${MAX_RUNS * 10} values; a sweep runs at most ${MAX_RUNS}`));
    bad('1..1e300*1.0000001', /over 10000 values/);
  });

  it('seeds: ranges and lists within the seed bounds, distinct', () => {
    expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1-3,10')).toEqual([1, 2, 3, 10]);
    expect(() => parseSeeds('1,1')).toThrow(/listed twice/);
    expect(() => parseSeeds('4294967296')).toThrow(/outside 0..4294967295/);
    expect(() => parseSeeds('a')).toThrow(SweepError);
  });
});

describe('keys', () => {
  it('a path reads its bounds from the schema: a knob, a host field, a choice; [i] and .i are one key', () => {
    expect(parseKey('workloads[0].skew').text).toBe('workloads.0.skew');
    expect(parseKey('workloads.0.hotFraction').leaf).toEqual({ kind: 'number', min: 0, max: 1, minInclusive: false, maxInclusive: true, integer: false });
    expect(parseKey('hosts.0.cores').leaf).toMatchObject({ min: 1, max: 1024, integer: true });
    expect(parseKey('pageSize').leaf).toEqual({ kind: 'enum', options: ['4k', '2m'] });
    expect(parseKey('hosts').kind).toBe('generator');
  });

  it('setting a path copies only the way to it: the base scenario is untouched', () => {
    const base = loadPreset('two-socket');
    const before = JSON.stringify(base);
    const s = parseKey('workloads.0.workingSetMB').apply(base, 64);
    expect(s.workloads[0].workingSetMB).toBe(64);
    expect(s.hosts).toBe(base.hosts);
    expect(JSON.stringify(base)).toBe(before);
    expect(() => parseKey('pool.scale').apply(base, 2)).toThrow(/pool: the scenario has none/);
  });

  it('refuses what is not a single value of the format, and reserved names', () => {
    expect(() => parseKey('workloads.0')).toThrow(/not a single number or choice/);
    expect(() => parseKey('policy.params.__proto__')).toThrow(/not a key here/);
    expect(() => parseKey('epochMs.x')).toThrow(/epochMs is a single value/);
    expect(() => parseKey('')).toThrow(/is not a key/);
  });
});

describe('plan', () => {
  const base = loadPreset('single-host-cxl');
  const plan = planSweep(base, { vary: ['workloads.0.workingSetMB=640,1280', 'workloads.0.skew=0.8,0.9,0.99'], policies: 'first-touch,tpp', seeds: '3,1', epochs: 2 });

  it('rows: the first key slowest, then the policies and the seeds as given', () => {
    expect(plan.rows).toBe(2 * 3 * 2 * 2);
    const seq = Array.from({ length: plan.rows }, (_, i) => rowAt(plan, i));
    expect(seq.slice(0, 5).map((r) => [...r.values, r.policy, r.seed])).toEqual([
      [640, 0.8, 'first-touch', 3], [640, 0.8, 'first-touch', 1], [640, 0.8, 'tpp', 3], [640, 0.8, 'tpp', 1], [640, 0.9, 'first-touch', 3],
    ]);
    expect([...seq[plan.rows - 1].values, seq[plan.rows - 1].policy, seq[plan.rows - 1].seed]).toEqual([1280, 0.99, 'tpp', 1]);
    // Each (point, policy, seed) once.
    expect(new Set(seq.map((r) => `${r.values.join()}|${r.policy}|${r.seed}`)).size).toBe(plan.rows);
  });

  it('a row\'s scenario: the policy switched (its defaults), then the keys set, epochs and seed', () => {
    const s = rowScenario(plan, rowAt(plan, 7));
    expect([s.workloads[0].workingSetMB, s.workloads[0].skew, s.policy.name, s.seed, s.epochs]).toEqual([640, 0.9, 'tpp', 1, 2]);
    const p = planSweep(loadPreset('tpp-1to4'), { vary: ['policy.params.scan_size_mb=64,128'], policies: 'tpp,linux-tiering' });
    expect(rowScenario(p, rowAt(p, 3)).policy).toMatchObject({ name: 'linux-tiering', params: { scan_size_mb: 128 } });
  });

  it('shards: contiguous, disjoint, in order, covering every row for any size and count', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 300 }), (rows, n) => {
      let at = 0;
      for (let i = 1; i <= n; i++) {
        const r = shardRange(rows, { index: i, count: n });
        expect(r.start).toBe(at);
        expect(r.end - r.start).toBeLessThanOrEqual(Math.ceil(rows / n));
        at = r.end;
      }
      expect(at).toBe(rows);
    }));
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(() => parseShard('0/8')).toThrow(/I must be from 1/);
  });

  it('CSV and JSON lines: numbers rounded as sim\'s report, one column per key, policy and seed', () => {
    const figures: Record<string, number> = {};
    for (const c of csvHeader(plan).split(',').slice(4)) figures[c] = 1 / 3;
    figures.amatNs = NaN;
    const row = rowAt(plan, 0);
    expect(csvRow(plan, row, figures)).toMatch(/^640,0\.8,first-touch,3,,0\.333333,/);
    expect(JSON.parse(jsonRow(plan, row, figures))).toMatchObject({ 'workloads.0.workingSetMB': 640, policy: 'first-touch', seed: 3, amatNs: null, throughputGBps: 0.333333 });
  });

  it('candidates: every offered key parses and accepts its current value', () => {
    for (const preset of ['tpp-1to4', 'dcd-pool', 'interleave-set', 'shared-region']) {
      const s = loadPreset(preset);
      const cands = sweepCandidates(s);
      expect(cands.length).toBeGreaterThan(10);
      const points = cands.filter((c) => c.current !== undefined).map((c) => `${c.key}=${c.current}`);
      // One sweep over every key at its own value: the base scenario, accepted.
      for (const v of points) expect(() => planSweep(s, { vary: [v] }), `${preset} ${v}`).not.toThrow();
    }
  });
});
