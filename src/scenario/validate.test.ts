// Validator errors say what is wrong in the user's words, with the field path, for every kind
// of mistake; reserved and unknown keys are refused, never dropped.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { Engine } from '../engine/engine';
import { SUMMARY_FIELDS } from '../engine/snapshot';
import { loadPreset } from '../../scripts/cli/presets';
import { tiny } from './fixtures';
import { formatErrors, parseScenario, zodErrors } from './validate';

const base = () => JSON.parse(JSON.stringify(tiny())) as Record<string, unknown> & { hosts: Record<string, unknown>[]; devices: Record<string, unknown>[]; workloads: Record<string, unknown>[]; policy: Record<string, unknown> };

function errorsOf(edit: (s: ReturnType<typeof base>) => void): string {
  const s = base();
  edit(s);
  const r = parseScenario(s);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return formatErrors(r.errors);
}

describe('validator messages', () => {
  it.each<[string, (s: ReturnType<typeof base>) => void, string]>([
    ['minimum', (s) => { s.hosts[0].cores = 0; }, 'hosts[0].cores: must be at least 1 (got 0)'],
    ['maximum', (s) => { s.hosts[0].cores = 5000; }, 'hosts[0].cores: must be at most 1024 (got 5000)'],
    ['exclusive minimum', (s) => { s.workloads[0].hotFraction = 0; }, 'workloads[0].hotFraction: must be more than 0 (got 0)'],
    ['whole number', (s) => { s.hosts[0].cores = 1.5; }, 'hosts[0].cores: must be a whole number (got 1.5)'],
    ['one of a list', (s) => { s.workloads[0].pattern = 'random'; }, 'workloads[0].pattern: must be one of "uniform", "zipf", "hotset", "scan" (got "random")'],
    ['a literal', (s) => { s.version = 0; }, 'version: must be 1 (got 0)'],
    ['required', (s) => { delete s.devices[1].capacityMB; }, 'devices[1].capacityMB: is required'],
    ['type', (s) => { s.devices[0].latencyNs = 'fast'; }, 'devices[0].latencyNs: must be a number (got "fast")'],
    ['a list', (s) => { s.hosts = 'h0' as never; }, 'hosts: must be a list (got "h0")'],
    ['too few items', (s) => { s.workloads = []; }, 'workloads: needs at least 1 item (got 0)'],
    ['text too long', (s) => { s.name = 'x'.repeat(100); }, 'name: must be at most 80 characters long (got 100)'],
    ['format', (s) => { s.hosts[0].id = 'a b'; }, 'hosts[0].id: letters, digits, - _ . only (got "a b")'],
    ['unknown key', (s) => { s.epochMS = 50; }, 'unknown key "epochMS"'],
    ['unknown nested key', (s) => { s.hosts[0].core = 4; }, 'hosts[0]: unknown key "core"'],
    ['unknown policy parameter', (s) => { s.policy.params = { nope: 1 }; }, 'policy.params.nope: first-touch has no parameter "nope"'],
  ])('%s', (_what, edit, message) => {
    expect(errorsOf(edit)).toBe(message);
  });

  it('never passes zod\'s own wording through for these kinds', () => {
    const s = base();
    s.hosts[0].cores = 0;
    s.devices[0].latencyNs = 'x';
    s.workloads[0].pattern = 'y';
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) for (const e of r.errors) expect(e.message).not.toMatch(/Too small|Too big|Invalid input|Invalid option|expected/);
  });

  it('names an unknown key of any object, as zod reports it for a strict one', () => {
    const strict = z.object({ a: z.number() }).strict();
    const input = { a: 1, b: 2, c: 3 };
    const r = strict.safeParse(input);
    expect(r.success).toBe(false);
    if (!r.success) expect(zodErrors(r.error, input)).toEqual([{ path: '', message: 'unknown keys "b", "c"' }]);
  });
});

describe('reserved keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s in policy params and weights, naming it', (key) => {
    for (const block of ['params', 'weights']) {
      // JSON.parse makes "__proto__" an own key, as a link or a file would.
      const s = JSON.parse(JSON.stringify({ ...base(), policy: 'P' }).replace('"P"', `{"name":"interleave","${block}":{"${key}":1}}`));
      expect(Object.keys(s.policy[block])).toEqual([key]);
      const r = parseScenario(s);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(formatErrors(r.errors)).toBe(`policy.${block}: "${key}" is a reserved name and cannot be a key here`);
    }
  });
});

describe('physical minimums', () => {
  it.each<[string, (s: ReturnType<typeof base>) => void, RegExp]>([
    ['a device latency of 5e-324 ns', (s) => { s.devices[0].latencyNs = 5e-324; }, /^devices\[0\]\.latencyNs: must be at least 1 \(got 5e-324\)$/],
    ['a device bandwidth of 5e-324 GB/s', (s) => { s.devices[1].bandwidthGBps = 5e-324; }, /^devices\[1\]\.bandwidthGBps: must be at least 0\.1 /],
    ['a device bandwidth of 1e-300 GB/s', (s) => { s.devices[0].bandwidthGBps = 1e-300; }, /^devices\[0\]\.bandwidthGBps: must be at least 0\.1 /],
    ['a link bandwidth of 1e-300 GB/s', (s) => { (s.links as Record<string, unknown>[])[0].bandwidthGBps = 1e-300; }, /^links\[0\]\.bandwidthGBps: must be at least 0\.1 /],
    ['an MLP of 5e-324', (s) => { s.hosts[0].mlp = 5e-324; }, /^hosts\[0\]\.mlp: must be at least 1 /],
    ['a loaded-latency coefficient of 5e-324 ns', (s) => { s.devices[0].loadedKNs = 5e-324; }, /^devices\[0\]\.loadedKNs: must be at least 0\.01 /],
  ])('refuses %s', (_what, edit, message) => {
    expect(errorsOf(edit)).toMatch(message);
  });

  it('accepts the smallest physical values', () => {
    const s = base();
    s.devices[1].latencyNs = 1;
    s.devices[1].bandwidthGBps = 0.1;
    s.devices[1].loadedKNs = 0.01;
    s.hosts[0].mlp = 1;
    expect(parseScenario(s).ok).toBe(true);
  });
});

describe('arbitrary edits of a valid scenario', () => {
  // Moved from codec.test.ts, where valid mutations were never run: now each one runs an
  // epoch, each invalid one says where and what in words, and both kinds must occur.
  it('valid ones run an epoch, invalid ones say where in words', () => {
    const s0 = tiny();
    const plausible: Record<string, fc.Arbitrary<unknown>> = {
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      epochMs: fc.double({ min: 1, max: 60_000, noNaN: true }),
      samplesPerHost: fc.integer({ min: 64, max: 1 << 15 }),
      pageSize: fc.constantFrom('4k', '2m'),
      hosts: fc.constant(s0.hosts),
      devices: fc.constant(s0.devices),
      links: fc.constant(s0.links),
      workloads: fc.constant(s0.workloads),
      policy: fc.constantFrom(...['first-touch', 'interleave', 'tpp', 'memtis'].map((name) => ({ name }))),
    };
    let valid = 0, invalid = 0;
    fc.assert(fc.property(fc.constantFrom(...Object.keys(plausible)).chain((key) => fc.tuple(fc.constant(key), fc.oneof(plausible[key], fc.jsonValue()))), ([key, value]) => {
      const r = parseScenario({ ...s0, [key]: value });
      if (r.ok) {
        valid++;
        const s = new Engine(r.scenario).step();
        for (const f of SUMMARY_FIELDS) expect(Number.isFinite(s[f]), `${key}: ${f}`).toBe(true);
      } else {
        invalid++;
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(e.message.trim()).not.toBe('');
          expect(e.message).not.toMatch(/Too small|Too big|Invalid input|Invalid option/);
        }
      }
    }), { numRuns: 200, seed: 6 });
    expect(valid).toBeGreaterThan(20);
    expect(invalid).toBeGreaterThan(20);
  }, 60_000);
});

describe('shared regions', () => {
  it('refuses an address space whose sharers reach no memory in common, saying so', () => {
    const r = parseScenario({
      version: 1,
      hosts: [{ id: 'h0' }, { id: 'h1' }],
      devices: [
        { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 64 },
        { id: 'h1.dram', kind: 'dram', host: 'h1', capacityMB: 64 },
        { id: 'cxl0', kind: 'cxl', capacityMB: 64 },
      ],
      links: [{ a: 'h0', b: 'cxl0' }],
      workloads: [{ id: 'w', hosts: ['h0', 'h1'], pattern: 'uniform', workingSetMB: 16 }],
      policy: { name: 'first-touch' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatErrors(r.errors)).toBe('workloads[0].hosts: hosts "h0", "h1" share this address space but reach no memory device in common');
  });
});

describe('rules checked by parseScenario, not first when the engine is built', () => {
  const refused = (s: unknown): string => {
    const r = parseScenario(s);
    return r.ok ? '' : formatErrors(r.errors);
  };

  it('an unknown pool manager, naming the known ones', () => {
    const s = { ...loadPreset('dcd-pool') };
    s.pool = { ...s.pool!, manager: 'nope' };
    expect(refused(s)).toBe('pool.manager: unknown pool manager "nope" (known: static, on-demand, pond)');
  });

  it('a head whose host has no link path to its device', () => {
    const s = loadPreset('dcd-pool');
    expect(s.devices[5]).toMatchObject({ id: 'dcd1', pool: { heads: ['h0', 'h1', 'h2', 'h3'] } });
    const cut = { ...s, links: s.links.filter((l) => !(l.a === 'h3' && l.b === 'dcd1')) };
    expect(refused(cut)).toBe('devices[5].pool.heads[3]: host "h3" has no link path to device "dcd1"');
    expect(() => new Engine(cut)).toThrow(/no link path/); // what the engine said before
  });

  it('counts the pool\'s VM samples in the work of one epoch', () => {
    // damos at 455 checks x 100,000 regions: 4.55e7 of the 5e7 budget; pond's VMs at 4096
    // samples x 2048 running add 8.4e6 more.
    const s = loadPreset('pond-pool');
    const heavy = { ...s, policy: { name: 'damos', params: { sampleMs: 0.22, aggrMs: 100, maxRegions: 100_000 }, nodes: [] } };
    expect(refused(heavy)).toBe('');
    const vms = { ...heavy, pool: { ...heavy.pool!, maxRunning: 2048, vms: { ...heavy.pool!.vms, samplesPerVm: 4096 } } };
    expect(refused(vms)).toMatch(/^policy: one epoch would take 5\.4e7 units of work, at most 5\.0e7: .*; 8\.4e6 VM samples \(pool\.vms\.samplesPerVm x pool\.maxRunning\); damos: 4\.6e7 checks/);
  });

  it('the pool\'s page table: too many extents are refused; the largest allowed pool fits LIMITS.vmPages by construction', () => {
    const s = loadPreset('dcd-pool');
    expect(refused({ ...s, pool: { ...s.pool!, extentGiB: 1 / 64, scale: 1 << 20 } })).toMatch(/^pool\.extentGiB: host DRAM and pooled devices make \d+ extents of 0\.015625 GiB; at most 1048576/);
  });
});
