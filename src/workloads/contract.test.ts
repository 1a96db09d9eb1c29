// What every workload pattern owes, checked for each one in the registry: its knobs are declared
// within their bounds and the schema enforces them; the sampler draws pages of the space only,
// at the rates the pattern declares (within sampling error), the same under the same seed; the
// hot set it marks receives at least 80 % of the accesses; the LLC takes the hottest ranks of
// a cacheable pattern only; a huge page's parts are on the scale of the 4 KiB rates.
import { describe, expect, it } from 'vitest';
import { workloadSchema, type WorkloadSpec } from '../scenario/schema';
import { HOT_SET_SHARE } from './hot-set';
import { PATTERN_KNOBS, PATTERN_NAMES, PATTERNS, type PatternDef } from './registry';
import { WorkloadSampler } from './sampler';

const N = 1000, BASE = 40, PAD = 40;

function spec(pattern: string, o: object = {}): WorkloadSpec {
  return workloadSchema.parse({ id: 'w', hosts: ['h'], workingSetMB: 4, pattern, ...o });
}

/** The pattern at its defaults, each knob at a quarter of its range, and with idle pages. */
function variants(p: PatternDef): { name: string; spec: WorkloadSpec }[] {
  const quarter = Object.fromEntries(p.knobs.map((k) => [k.key, k.min + (k.max - k.min) / 4]));
  return [
    { name: 'defaults', spec: spec(p.name) },
    { name: 'knobs at a quarter', spec: spec(p.name, quarter) },
    { name: 'idle pages', spec: spec(p.name, { idleFraction: 0.3, hotRegionMB: 0.02 }) },
  ];
}

/** `samples` draws into a buffer padded on both sides; returns the space's counts and what fell outside. */
function draw(s: WorkloadSampler, samples: number): { counts: Uint32Array; outside: number } {
  const out = new Uint32Array(BASE + N + PAD);
  s.sample(samples, out, 0);
  let outside = 0;
  for (let i = 0; i < out.length; i++) if (i < BASE || i >= BASE + N) outside += out[i];
  return { counts: out.slice(BASE, BASE + N), outside };
}

/** Each page's true probability by the pattern's declared rates: rank r's rate at the rank's page. */
function declared(p: PatternDef, w: WorkloadSpec, s: WorkloadSampler): Float64Array {
  const active = Math.max(1, N - Math.round(w.idleFraction * N));
  const rates = new Float64Array(N);
  p.rankRates(w, N, p.draw === 'cursor' ? N : active, rates);
  const total = rates.reduce((a, b) => a + b, 0);
  const order = s.hottestOffsets(N);
  const prob = new Float64Array(N);
  for (let r = 0; r < N; r++) prob[order[r]] = rates[r] / total;
  return prob;
}

describe('the registry', () => {
  it('lists the names the schema admits, in its order', () => {
    expect(workloadSchema.shape.pattern.options).toEqual(PATTERN_NAMES);
    expect(new Set(PATTERN_NAMES).size).toBe(PATTERNS.length);
  });

  it('gives every knob its own workload field', () => {
    const keys = PATTERN_KNOBS.map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(Object.keys(workloadSchema.shape)).toContain(k);
  });
});

describe.each(PATTERNS.map((p) => [p.name, p] as const))('pattern %s', (_name, p) => {
  it('declares its knobs within their bounds, in words, and the schema enforces them', () => {
    expect(p.help.length).toBeGreaterThan(10);
    for (const k of p.knobs) {
      expect(k.min).toBeLessThan(k.max);
      expect(k.default).toBeGreaterThanOrEqual(k.min);
      expect(k.default).toBeLessThanOrEqual(k.max);
      if (k.minExclusive) expect(k.default).toBeGreaterThan(k.min);
      expect(k.label).not.toMatch(/[a-z][A-Z]/);
      expect(k.help.length).toBeGreaterThan(10);
      const ok = (v: number) => workloadSchema.safeParse({ id: 'w', hosts: ['h'], workingSetMB: 4, pattern: p.name, [k.key]: v }).success;
      expect(spec(p.name)[k.key as keyof WorkloadSpec]).toBe(k.default);
      expect(ok(k.max)).toBe(true);
      expect(ok(k.max + 1e-6)).toBe(false);
      expect(ok(k.min)).toBe(!k.minExclusive);
      expect(ok(k.min - 1e-6)).toBe(false);
      if (k.integer) expect(ok(k.min + 0.5)).toBe(false);
    }
  });

  describe.each(variants(p).map((v) => [v.name, v.spec] as const))('%s', (_v, w) => {
    it('draws pages of its space only, at the declared rates', () => {
      const s = new WorkloadSampler(w, BASE, N, 5, 1);
      if (p.draw === 'cursor') {
        // Rates over whole passes: three passes touch every page three times.
        const { counts, outside } = draw(s, 3 * N);
        expect(outside).toBe(0);
        const prob = declared(p, w, s);
        for (let i = 0; i < N; i++) expect(counts[i]).toBe(3 * N * prob[i]);
        return;
      }
      const samples = 2_000_000;
      const { counts, outside } = draw(s, samples);
      expect(outside).toBe(0);
      const prob = declared(p, w, s);
      // Pearson's chi-square over the pages with accesses; none where the rate is 0.
      let chi = 0, dof = -1;
      for (let i = 0; i < N; i++) {
        const e = samples * prob[i];
        if (e === 0) { expect(counts[i], `page ${i}`).toBe(0); continue; }
        chi += (counts[i] - e) ** 2 / e;
        dof++;
      }
      expect(dof).toBeGreaterThan(0);
      expect(chi).toBeLessThan(dof + 6 * Math.sqrt(2 * dof));
    });

    it('marks a hot set that receives at least 80 % of the accesses, and no more than it needs', () => {
      const s = new WorkloadSampler(w, BASE, N, 5, 1);
      const out = new Uint32Array(BASE + N + PAD);
      s.sample(p.draw === 'cursor' ? N / 2 : 200_000, out, 0);
      const bits = new Uint8Array(out.length);
      s.markHotSet(bits, 1, out);
      const share = s.hotTieShare(1);
      // The true rates: the declared ones, or a cursor's window (every page drawn alike).
      const prob = p.draw === 'cursor' ? Float64Array.from(out.subarray(BASE, BASE + N), (c) => (c > 0 ? 1 : 0)) : declared(p, w, s);
      let full = 0, tie = 0, tiePages = 0, total = 0, smallest = Infinity;
      for (let i = 0; i < N; i++) {
        const b = bits[BASE + i];
        total += prob[i];
        if (b & 4) full += prob[i];
        if (b & 8) { tie += prob[i]; tiePages++; smallest = Math.min(smallest, prob[i]); }
      }
      expect(bits[BASE - 1] | bits[BASE + N]).toBe(0);
      const hot = full + share * tie;
      expect(hot / total).toBeGreaterThanOrEqual(HOT_SET_SHARE - 1e-9);
      // One boundary page fewer would not do.
      if (tiePages > 0) expect((hot - (tie / tiePages)) / total).toBeLessThan(HOT_SET_SHARE);
      else expect(smallest).toBe(Infinity);
    });

    it('is deterministic under its seed, through a shift', () => {
      const run = (seed: number) => {
        const s = new WorkloadSampler(w, BASE, N, seed, 1);
        const a = draw(s, 4321).counts; // not whole passes: where a scan stands shows
        s.shift();
        return [...a, ...draw(s, 4321).counts, ...s.hottestOffsets(N)];
      };
      expect(run(3)).toEqual(run(3));
      expect(run(4)).not.toEqual(run(3));
    });

    it('leaves its hottest ranks to the LLC only if cacheable', () => {
      const cut = 50;
      const plain = new WorkloadSampler(w, BASE, N, 5, 1);
      const cached = new WorkloadSampler(w, BASE, N, 5, 1);
      cached.cachePages(cut);
      const a = draw(plain, 20_000).counts, b = draw(cached, 20_000).counts;
      if (!p.cacheable) {
        expect(b).toEqual(a);
        return;
      }
      const top = cached.hottestOffsets(cut);
      for (const o of top) expect(b[o], `page ${o}`).toBe(0);
      expect(b.reduce((x, y) => x + y, 0)).toBe(20_000);
    });
  });

  it('puts a huge page\'s parts on the scale of its 4 KiB rates', () => {
    const w = spec(p.name, { idleFraction: 0.25 });
    const total = 8192, active = 6144;
    const rates = new Float64Array(total);
    p.rankRates(w, total, active, rates);
    let ranks = 0;
    for (let r = 0; r < active; r++) ranks += rates[r];
    for (const run of [1, 32, 512]) {
      let runs = 0;
      for (let a = 0; a < active; a += run) runs += p.runRate(w, a, Math.min(active, a + run), total, active);
      expect(runs / ranks, `runs of ${run}`).toBeCloseTo(1, 6);
    }
    for (let r = 0; r < 64; r++) expect(p.runRate(w, r, r + 1, total, active) / rates[r]).toBeCloseTo(1, 12);
  });
});
