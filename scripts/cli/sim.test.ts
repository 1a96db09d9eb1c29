// The command as a whole: in-process for every bad-input case (fast), then a few real
// processes spawned the way users run it (`npx tsx scripts/sim.ts ...`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../../src/scenario/limits';
import { encodeScenario } from '../../src/scenario/codec';
import { POOL_FIELDS } from '../../src/engine/snapshot';
import { round } from '../../src/engine/report';
import { EPOCH_REPORT_KEYS, SUMMARY_KEYS } from '../../src/metrics/registry';
import { Engine } from '../../src/engine/engine';
import { main } from '../sim';
import { loadScenarioFile } from './load';
import { loadPreset } from './presets';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const badJson = join(dir, 'bad.json');
const invalid = join(dir, 'invalid.json');
const big = join(dir, 'big.json');
writeFileSync(badJson, '{"version": 1,');
writeFileSync(invalid, JSON.stringify({ ...loadPreset('single-host-cxl'), epochMs: -5 }));
writeFileSync(big, '');
const noPath = join(dir, 'no-path.json');
{
  const s = loadPreset('dcd-pool');
  writeFileSync(noPath, JSON.stringify({ ...s, links: s.links.filter((l) => !(l.a === 'h3' && l.b === 'dcd0')) }));
}
truncateSync(big, LIMITS.jsonBytes + 1);

function inProcess(argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** Exit 2, nothing on stdout, exactly one "sim: ..." line on stderr and no stack trace. */
function expectUsageError(r: { code: number | null; out: string; err: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^sim: [^\n]+\n$/);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err).toMatch(pattern);
}

const BAD: [string, string[], RegExp][] = [
  ['missing option value', ['--epochs'], /--epochs needs a value/],
  ['unknown option', ['--epoch', '3'], /unknown option "--epoch"/],
  ['unknown preset', ['--preset', 'nope'], /unknown preset "nope" \(known: .*single-host-cxl/],
  ['unknown policy', ['--policy', 'foo'], /unknown policy "foo" \(known: first-touch, bind, interleave/],
  ['negative epochs', ['--epochs', '-1'], /--epochs must not be negative/],
  ['non-numeric epochs', ['--epochs', 'many'], /--epochs expects a number/],
  ['non-integer epochs', ['--epochs', '1.5'], /--epochs must be a whole number/],
  ['zero epochs', ['--epochs', '0'], /--epochs must be between 1 and/],
  ['too many epochs', ['--epochs', String(LIMITS.epochs + 1)], /--epochs must be between 1 and/],
  ['negative seed', ['--seed', '-1'], /--seed must not be negative/],
  ['seed too large', ['--seed', '4294967296'], /--seed must be between 0 and 4294967295/],
  ['bad format', ['--format', 'xml'], /--format must be json or csv/],
  ['missing file', ['--scenario', join(dir, 'none.json')], /cannot read scenario file .*no such file/],
  ['a directory', ['--scenario', dir], /is not a regular file/],
  ['invalid JSON', ['--scenario', badJson], /is not valid JSON/],
  ['invalid scenario', ['--scenario', invalid], /is not a valid scenario: epochMs: /],
  ['oversized file', ['--scenario', big], /bytes; at most 1048576/],
  ['broken link', ['--url', 'https://example.org/#s=v1.AAAA'], /^sim: broken link: /],
  // Issue 6: a valid-looking damos link (0.1 ms sampling, 100,000 regions, 60 s epochs) that took 36 s per epoch.
  ['an epoch over the work budget', ['--url', `https://example.org/#s=${encodeScenario({ ...loadPreset('tpp-1to4'), epochMs: 60_000, policy: { name: 'damos', params: { sampleMs: 0.1, maxRegions: 100_000 }, nodes: [] } })}`],
    /^sim: the link's scenario is not valid: policy: one epoch would take .* units of work, at most .*policy\.params\.sampleMs/],
  ['not a link', ['--url', 'hello'], /^sim: broken link: /],
  ['two sources', ['--preset', 'two-socket', '--scenario', badJson], /use only one of --preset, --scenario, --url/],
  ['stray argument', ['two-socket'], /unexpected argument "two-socket"/],
  ['unknown pool manager', ['--preset', 'dcd-pool', '--pool-manager', 'pnd'], /^sim: unknown pool manager "pnd" \(known: static, on-demand, pond\)\n$/],
  ['a pool manager without a pool', ['--preset', 'tpp-1to4', '--pool-manager', 'pond'], /--pool-manager: this scenario has no pool/],
  ['two lists', ['--list-policies', '--list-pool-managers'], /use only one of --list-policies, --list-pool-managers/],
  ['an event of an unknown kind', ['--event', 'explode:cxl0@100'], /^sim: --event "explode:cxl0@100": unknown kind "explode" \(known: policy, /],
  ['an event naming no device', ['--preset', 'tpp-1to4', '--event', 'device-fail:nope@100'], /^sim: --event "device-fail:nope@100": device: no memory device "nope"\n$/],
  ['an event on a link that does not exist', ['--preset', 'switched-pool', '--event', 'link-fail:h0-pool1@100'], /link: no link "h0-pool1" \(a link is named by its two ends/],
  ['an event after the run', ['--preset', 'tpp-1to4', '--epochs', '5', '--event', 'hot-remove:cxl0@600'], /atMs: 600 ms is after the run ends \(5 epochs x 100 ms = 500 ms\)/],
  ['an event time that is not ms', ['--event', 'device-fail:cxl0@3s'], /the time after @ is in ms, plain digits \(got "3s"\)/],
  ['an event without a time', ['--event', 'device-fail:cxl0'], /expected KIND:TARGET@MS/],
  ['a poison of no workload', ['--preset', 'tpp-1to4', '--event', 'poison:nope@100'], /workload: no workload "nope"/],
  ['a pool head on a host without a path', ['--scenario', noPath], /is not a valid scenario: devices\[4\]\.pool\.heads\[3\]: host "h3" has no link path to device "dcd0"$/m],
  ['hosts beyond LIMITS', ['--hosts', String(LIMITS.hosts + 1)], /^sim: --hosts must be between 1 and 256 \(got "257"\)\n$/],
  ['CXL devices beyond LIMITS', ['--cxl-devices', String(LIMITS.devices + 1)], /^sim: --cxl-devices must be between 0 and 512/],
  ['a grown fabric beyond LIMITS.totalPages', ['--preset', 'switched-pool', '--hosts', '64'], /^sim: hosts 64: 10485760 pages of working set \(4k\), at most 4194304 \(LIMITS\.totalPages\)\n$/],
  ['a grown fabric whose memory is too small', ['--preset', 'switched-pool', '--hosts', '8'], /^sim: --hosts 8: the scenario is not valid: workloads: working sets need/],
  ['no expander to copy', ['--preset', 'single-host-cxl', '--cxl-devices', '0', '--hosts', '2'], /not valid/],
];

describe('sim (in process)', () => {
  it.each(BAD)('%s: exit 2 with one line on stderr', (_label, argv, pattern) => {
    expectUsageError(inProcess(argv), pattern);
  });

  it('prints usage for --help', () => {
    const r = inProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: npm run sim/);
    for (const o of ['--preset', '--scenario', '--url', '--policy', '--epochs', '--seed', '--format', '--list-presets', '--list-policies', '--pool-manager', '--list-pool-managers']) {
      expect(r.out).toContain(o);
    }
  });

  it('lists pool managers, name first then description: at least static, on-demand, pond', () => {
    const r = inProcess(['--list-pool-managers']);
    expect(r.code).toBe(0);
    const names = r.out.trimEnd().split('\n').map((l) => l.split('  ')[0]);
    expect(names).toEqual(expect.arrayContaining(['static', 'on-demand', 'pond']));
    for (const l of r.out.trimEnd().split('\n')) expect(l).toMatch(/^[a-z0-9-]+ {2}\S/);
  });

  it('summary.pool: zeros and no VM rows without a pool; a pool preset fills both, and --pool-manager changes the run', () => {
    const plain = JSON.parse(inProcess(['--preset', 'tpp-1to4', '--epochs', '3']).out);
    expect(Object.values(plain.summary.pool).every((v) => v === 0)).toBe(true);
    expect(Object.keys(plain.summary.pool)).toEqual(expect.arrayContaining(['strandedGiB', 'untouchedGiB', 'poolCapacityGiB', 'poolUsedGiB', 'extentsGranted', 'extentsReclaimed', 'vmsStarted', 'vmsRejected', 'dramSavedPercent']));
    expect(plain.vms).toEqual([]);
    const pooled = JSON.parse(inProcess(['--preset', 'dcd-pool', '--epochs', '60']).out);
    expect(pooled.summary.pool.poolCapacityGiB).toBe(512);
    expect(pooled.summary.pool.vmsStarted).toBe(pooled.vms.length);
    expect(pooled.summary.pool.extentsGranted).toBeGreaterThan(0);
    for (const v of pooled.vms) {
      expect(Object.keys(v)).toEqual(['id', 'host', 'memoryGiB', 'poolShare', 'amatNs', 'slowdownPercent']);
      expect(v.poolShare).toBeGreaterThanOrEqual(0);
      expect(v.poolShare).toBeLessThanOrEqual(1);
    }
    const fixed = JSON.parse(inProcess(['--preset', 'dcd-pool', '--epochs', '60', '--pool-manager', 'static']).out);
    expect(fixed.summary.pool.extentsReclaimed).toBe(0);
    expect(fixed.summary.pool.extentsGranted).toBe(512);
  });

  it('hosts[]: one row per host, run averages weighted as the summary\'s (one host: the summary\'s own figures)', () => {
    const one = JSON.parse(inProcess(['--preset', 'single-host-cxl', '--epochs', '4']).out);
    expect(one.hosts).toHaveLength(1);
    expect(Object.keys(one.hosts[0])).toEqual(['id', 'instructionsPerSecond', 'slowdownPercent', 'amatNs', 'localAccessShare']);
    expect(one.hosts[0]).toEqual({
      id: 'h0', instructionsPerSecond: one.summary.instructionsPerSecond, slowdownPercent: one.summary.slowdownPercent,
      amatNs: one.summary.amatNs, localAccessShare: one.summary.localAccessShare,
    });
    const two = JSON.parse(inProcess(['--preset', 'two-socket', '--epochs', '4']).out);
    expect(two.hosts.map((h: { id: string }) => h.id)).toEqual(['s0', 's1']);
    const ips = two.hosts.reduce((a: number, h: { instructionsPerSecond: number }) => a + h.instructionsPerSecond, 0);
    expect(ips / two.summary.instructionsPerSecond).toBeCloseTo(1, 5);
    for (const h of two.hosts) expect(h.amatNs).toBeGreaterThan(0);
  });

  it('per-epoch pool figures: each epoch row of a pool scenario ends with its pool object; without a pool the rows are as before', () => {
    const pooled = JSON.parse(inProcess(['--preset', 'dcd-pool', '--epochs', '12']).out);
    const e = new Engine({ ...loadPreset('dcd-pool'), epochs: 12 });
    for (const [i, row] of pooled.epochs.entries()) {
      e.step();
      expect(Object.keys(row)).toEqual([...EPOCH_REPORT_KEYS, 'pool']);
      expect(Object.keys(row.pool)).toEqual([...POOL_FIELDS]);
      POOL_FIELDS.forEach((f, k) => expect(row.pool[f], `${f} in epoch ${i}`).toBe(round(e.poolRow()[k])));
    }
    expect(pooled.epochs.some((r: { pool: { extentsGranted: number } }) => r.pool.extentsGranted > 0)).toBe(true);
    const plain = JSON.parse(inProcess(['--preset', 'tpp-1to4', '--epochs', '2']).out);
    for (const row of plain.epochs) expect(Object.keys(row)).toEqual([...EPOCH_REPORT_KEYS]);
  });

  it('--hosts and --cxl-devices grow the fabric before the run: one host row per host, the same run as the generated scenario', () => {
    const j = JSON.parse(inProcess(['--preset', 'single-host-cxl', '--hosts', '3', '--cxl-devices', '3', '--epochs', '2']).out);
    expect(j.hosts.map((h: { id: string }) => h.id)).toEqual(['h0', 'h1', 'h2']);
    expect(j.devices.map((d: { id: string }) => d.id)).toEqual(['h0.dram', 'cxl0', 'cxl1', 'h1.dram', 'h2.dram', 'cxl2']);
    const printed = JSON.parse(inProcess(['--preset', 'single-host-cxl', '--hosts', '3', '--cxl-devices', '3', '--print-scenario']).out);
    expect(printed.hosts).toHaveLength(3);
  });

  it('--event adds to the timeline: JSON `events` rows say what fired and its blast radius; summary.pagesLost is their sum; pagesInaccessible per epoch', () => {
    const argv = ['--preset', 'switched-pool', '--epochs', '50', '--event', 'link-fail:sw0-pool1@1000', '--event', 'device-fail:pool0@3000', '--event', 'link-recover:pool1-sw0@4000', '--event', 'poison:app0@1500,page=0'];
    const r = inProcess(argv);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['scenario', 'policy', 'seed', 'epochMs', 'pageBytes', 'summary', 'devices', 'workloads', 'hosts', 'vms', 'events', 'epochs']);
    // In time order, each row with the fields scripts rely on.
    expect(j.events.map((e: { kind: string; atMs: number }) => `${e.kind}@${e.atMs}`)).toEqual(['link-fail@1000', 'poison@1500', 'device-fail@3000', 'link-recover@4000']);
    for (const e of j.events) expect(Object.keys(e).slice(0, 10)).toEqual(['atMs', 'kind', 'target', 'ok', 'reason', 'pagesMoved', 'pagesLost', 'pagesIsolated', 'hostsHit', 'vmsHit']);
    const [cut, poison, fail] = j.events;
    expect(cut).toMatchObject({ target: 'sw0-pool1', ok: true, pagesLost: 0, hostsHit: ['h0', 'h1', 'h2', 'h3'] });
    expect(poison).toMatchObject({ target: 'app0', ok: true, pagesLost: 1, pagesIsolated: 1, hostsHit: ['h0'] });
    expect(fail).toMatchObject({ target: 'pool0', ok: true, hostsHit: ['h0', 'h1', 'h2', 'h3'], vmsHit: [] });
    expect(fail.pagesLost).toBeGreaterThan(0);
    expect(fail.summary).toMatch(/^4 hosts, 0 VMs, [\d.]+ [MG]iB lost$/);
    expect(j.summary.pagesLost).toBe(j.events.reduce((a: number, e: { pagesLost: number }) => a + e.pagesLost, 0));
    // Pages behind the failed link are inaccessible from epoch 10 until it recovers at 40, never lost.
    const inacc = j.epochs.map((e: { pagesInaccessible: number }) => e.pagesInaccessible);
    expect(inacc[9]).toBe(0);
    expect(inacc[10]).toBeGreaterThan(0);
    expect(inacc[40]).toBe(0);
    expect(j.epochs[30].pagesLost).toBe(fail.pagesLost);
    // The same options give the same bytes; a CSV run has the timeline's column too.
    expect(inProcess(argv).out).toBe(r.out);
    expect(inProcess([...argv, '--format', 'csv']).out.split('\n')[0]).toBe([...EPOCH_REPORT_KEYS.slice(0, EPOCH_REPORT_KEYS.indexOf('pagesUnplaced') + 1), 'pagesInaccessible', ...EPOCH_REPORT_KEYS.slice(EPOCH_REPORT_KEYS.indexOf('pagesUnplaced') + 1)].join(','));
  });

  it('lists policies, name first then description, no header', () => {
    const lines = inProcess(['--list-policies']).out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^first-touch {2}\S/);
    for (const l of lines) expect(l).toMatch(/^[a-z0-9-]+(\t| {2})\S/);
  });
});

describe('sim: pages a policy cannot place', () => {
  // The issue's case: bind to DRAM only on single-host-cxl (1,280 MB working set, 512 MB DRAM).
  const bound = join(dir, 'bind-dram.json');
  const preset = loadPreset('single-host-cxl');
  writeFileSync(bound, JSON.stringify({ ...preset, epochs: 4, policy: { name: 'bind', nodes: ['h0.dram'] } }));
  const unplaced = Math.floor((preset.workloads[0].workingSetMB - 512) * 1048576 / 4096);

  it('bind to DRAM only: pagesUnplaced in the summary and every epoch row; their accesses are served by no tier', () => {
    const r = inProcess(['--scenario', bound]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(unplaced).toBeGreaterThan(0);
    expect(j.summary.pagesUnplaced).toBe(unplaced);
    expect(j.summary.pagesLost).toBe(0);
    expect(j.summary.fastTierAccessShare).toBeLessThan(1);
    expect(j.summary.unplacedAccessShare).toBeGreaterThan(0.5);
    expect(j.summary.fastTierAccessShare + j.summary.unplacedAccessShare).toBeCloseTo(1, 4);
    expect(j.epochs).toHaveLength(4);
    for (const e of j.epochs) {
      expect(e.pagesUnplaced).toBe(unplaced);
      expect(e.fastTierAccessShare + e.unplacedAccessShare).toBeCloseTo(1, 4);
    }
    // The unplaced share of accesses, counted from the engine's own samples.
    const engine = new Engine(loadScenarioFile(bound));
    for (const e of j.epochs) {
      engine.step();
      let none = 0, all = 0;
      for (let p = 0; p < engine.pages; p++) {
        const st = engine.pageState(p);
        all += st.accesses;
        if (st.device === null) none += st.accesses;
      }
      expect(e.unplacedAccessShare).toBeCloseTo(none / all, 5);
    }
  }, 60_000); // two engines over 327k pages: seconds on a shared, loaded machine

  it('first-touch places every page: 0 unplaced', () => {
    const j = JSON.parse(inProcess(['--preset', 'single-host-cxl', '--epochs', '2']).out);
    expect(j.summary.pagesUnplaced).toBe(0);
    expect(j.summary.unplacedAccessShare).toBe(0);
    for (const e of j.epochs) expect(e.pagesUnplaced).toBe(0);
  });

  it('csv carries the new columns', () => {
    const lines = inProcess(['--scenario', bound, '--format', 'csv']).out.trimEnd().split('\n');
    const col = lines[0].split(',').indexOf('pagesUnplaced');
    expect(col).toBeGreaterThan(0);
    for (const l of lines.slice(1)) expect(Number(l.split(',')[col])).toBe(unplaced);
  });
});

interface Proc { code: number | null; out: string; err: string }

// What `npx tsx scripts/sim.ts` runs (the local tsx), without npm's own start-up time on every
// spawn; the documented `npm run sim --silent -- ...` is spawned once as well.
const TSX = fileURLToPath(import.meta.resolve('tsx/cli'));

function spawnSim(cmd: string, args: string[]): Promise<Proc> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: ROOT, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, out: stdout, err: stderr });
    });
  });
}
const sim = (args: string[]) => spawnSim(process.execPath, [TSX, 'scripts/sim.ts', ...args]);
const npmRunSim = (args: string[]) => spawnSim('npm', ['run', 'sim', '--silent', '--', ...args]);

describe('sim (spawned)', () => {
  const N = 3;
  const link = `https://example.org/cxl-playground/#s=${encodeScenario(loadPreset('single-host-cxl'))}`;
  // As a chat tool may rewrite it: the payload percent-encoded, every character of it ("v2." is
  // "%76%32%2E"); the app opens the same link.
  const encodedLink = link.replace(/#s=(.+)$/, (_, payload: string) => `#s=${[...payload].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')}`);
  const runs: Record<string, Proc> = {};

  beforeAll(async () => {
    const jobs: Record<string, () => Promise<Proc>> = {
      json: () => sim(['--epochs', String(N)]),
      again: () => sim(['--epochs', String(N)]),
      seed: () => sim(['--epochs', String(N), '--seed', '2']),
      csv: () => sim(['--epochs', String(N), '--format', 'csv', '--policy', 'interleave']),
      url: () => sim(['--url', link, '--epochs', String(N)]),
      urlEncoded: () => sim(['--url', encodedLink, '--epochs', String(N)]),
      presets: () => npmRunSim(['--list-presets']),
      badPolicy: () => sim(['--policy', 'foo']),
      badFile: () => sim(['--scenario', badJson]),
    };
    const entries = Object.entries(jobs);
    // A few at a time: each is a whole Node process.
    for (let i = 0; i < entries.length; i += 4) {
      await Promise.all(entries.slice(i, i + 4).map(async ([k, job]) => { runs[k] = await job(); }));
    }
  }, 120_000);

  it('json: one object with summary, devices and exactly N epochs', () => {
    const r = runs.json;
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['scenario', 'policy', 'seed', 'epochMs', 'pageBytes', 'summary', 'devices', 'workloads', 'hosts', 'vms', 'epochs']);
    expect(Object.keys(j.summary)).toEqual([...SUMMARY_KEYS, 'pod', 'pool']);
    expect(j.summary.pod).toEqual({ design: 'none', hosts: 0, mhds: 0, expanders: 0, switches: 0, cables: 0, devicePorts: 0, switchPorts: 0, costPerHostUSD: 0, poolReachPercent: 0, sharingPairsPercent: 0, poolPeers: 0 });
    expect(j.summary.fastTierAccessShare).toBeGreaterThanOrEqual(0);
    expect(j.summary.fastTierAccessShare).toBeLessThanOrEqual(1);
    const preset = loadPreset('single-host-cxl');
    expect(j.devices.map((d: { id: string }) => d.id)).toEqual(preset.devices.map((d) => d.id));
    for (const d of j.devices) {
      expect(Object.keys(d)).toEqual(['id', 'kind', 'tier', 'pages', 'capacityPages', 'bandwidthGBps', 'utilisation']);
    }
    expect(j.devices.find((d: { kind: string }) => d.kind === 'dram').tier).toBe(0);
    expect(j.epochs).toHaveLength(N);
    for (const e of j.epochs) expect(Object.keys(e)).toEqual([...EPOCH_REPORT_KEYS]);
    expect(j).toMatchObject({ policy: 'first-touch', seed: preset.seed, epochMs: preset.epochMs, pageBytes: 4096 });
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    expect(runs.again.code).toBe(0);
    expect(runs.again.out).toBe(runs.json.out);
  });

  it('a different seed gives different output', () => {
    expect(runs.seed.code).toBe(0);
    expect(JSON.parse(runs.seed.out).seed).toBe(2);
    expect(JSON.parse(runs.seed.out).epochs).not.toEqual(JSON.parse(runs.json.out).epochs);
  });

  it('csv: a header line then one line per epoch', () => {
    expect(runs.csv.code).toBe(0);
    const lines = runs.csv.out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(N + 1);
    expect(lines[0]).toBe(EPOCH_REPORT_KEYS.join(','));
    for (const l of lines.slice(1)) expect(l.split(',')).toHaveLength(EPOCH_REPORT_KEYS.length);
  });

  it('--url with an encoded preset gives the same result as --preset', () => {
    expect(runs.url.code).toBe(0);
    expect(runs.url.out).toBe(runs.json.out);
  });

  it('--url reads a link whose payload is percent-encoded ("v2%2E…") as the app does', () => {
    expect(encodedLink).toMatch(/#s=%76%32%2E(%[0-9A-F]{2})+$/);
    expect(runs.urlEncoded.err).toBe('');
    expect(runs.urlEncoded.code).toBe(0);
    expect(runs.urlEncoded.out).toBe(runs.json.out);
  });

  it('npm run sim --silent -- --list-presets includes single-host-cxl', () => {
    expect(runs.presets.code).toBe(0);
    expect(runs.presets.out).toMatch(/^single-host-cxl(\t| {2})\S/m);
  });

  it('bad input exits 2 with one stderr line and no stack trace', () => {
    expectUsageError(runs.badPolicy, /^sim: unknown policy "foo"/);
    expectUsageError(runs.badFile, /^sim: scenario file .* is not valid JSON/);
  });
});
