// npm run sweep, in process: a row's figures are the single `sim` run's, digit for digit; jobs
// and shards change nothing but speed and which rows print; bad input is one line and exit 2.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUMMARY_KEYS } from '../../src/metrics/registry';
import { LIMITS } from '../../src/scenario/limits';
import { planSweep, rowAt, rowScenario } from '../../src/sweep/plan';
import { main as sim } from '../sim';
import { main as sweep } from '../sweep';
import { loadPreset } from './presets';

const dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await sweep(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

function simRun(argv: string[]): string {
  let out = '';
  const code = sim(argv, { out: (s) => { out += s; }, err: () => {} });
  expect(code).toBe(0);
  return out;
}

/** sim's JSON summary line as column -> the digits it prints (pod.* and pool.* flattened). */
function simSummary(json: string): Map<string, string> {
  const line = /^ {2}"summary": (\{.*\}),$/m.exec(json)![1];
  const cells = new Map<string, string>();
  // The summary's scalars, as printed; then the pod's and the pool's, prefixed.
  const top = line.replace(/,"pod":\{.*$/, '');
  for (const m of top.matchAll(/"(\w+)":([^,{}]+)/g)) cells.set(m[1], m[2]);
  for (const part of ['pod', 'pool']) {
    const obj = new RegExp(`"${part}":\\{([^}]*)\\}`).exec(line)![1];
    for (const m of obj.matchAll(/"(\w+)":("[^"]*"|[^,]+)/g)) cells.set(`${part}.${m[1]}`, m[2].replace(/^"|"$/g, ''));
  }
  return cells;
}

function csvRows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe('sweep: rows are single sim runs', () => {
  it('every figure of every row is the digits sim prints for that run (the preset\'s own point, and a varied one through --scenario)', async () => {
    const argv = ['--preset', 'tpp-1to4', '--vary', 'workloads.0.workingSetMB=640,1280', '--policy', 'first-touch,tpp', '--seeds', '1-2', '--epochs', '4'];
    const r = await run(argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { header, rows } = csvRows(r.out);
    expect(header).toEqual(['workloads.0.workingSetMB', 'policy', 'seed', ...SUMMARY_KEYS]);
    expect(rows.map((c) => c.slice(0, 3).join(' '))).toEqual([
      '640 first-touch 1', '640 first-touch 2', '640 tpp 1', '640 tpp 2',
      '1280 first-touch 1', '1280 first-touch 2', '1280 tpp 1', '1280 tpp 2',
    ]);
    const plan = planSweep(loadPreset('tpp-1to4'), { vary: ['workloads.0.workingSetMB=640,1280'], policies: 'first-touch,tpp', seeds: '1-2', epochs: 4 });
    for (const [i, cells] of rows.entries()) {
      const row = rowAt(plan, i);
      // 1280 MB is the preset's own working set: sim runs the preset itself; 640 runs the point's scenario file.
      let json: string;
      if (row.values[0] === 1280) json = simRun(['--preset', 'tpp-1to4', '--policy', row.policy, '--seed', String(row.seed), '--epochs', '4']);
      else {
        const file = join(dir, `row${i}.json`);
        writeFileSync(file, JSON.stringify(rowScenario(plan, row)));
        json = simRun(['--scenario', file]);
      }
      const want = simSummary(json);
      header.slice(3).forEach((k, c) => expect(cells[3 + c], `row ${i} ${k}`).toBe(want.get(k)));
    }
    // The figures move with the point: not one run printed eight times.
    expect(new Set(rows.map((c) => c[3])).size).toBeGreaterThan(2);
  });

  it('a pool and a pod: their summary objects flattened as pool.* and pod.*, equal to sim\'s', async () => {
    for (const [preset, prefix] of [['dcd-pool', 'pool.'], ['octopus-pod', 'pod.']] as const) {
      const r = await run(['--preset', preset, '--vary', 'epochMs=100', '--epochs', '3']);
      expect(r.code).toBe(0);
      const { header, rows } = csvRows(r.out);
      expect(header.some((h) => h.startsWith(prefix))).toBe(true);
      const want = simSummary(simRun(['--preset', preset, '--epochs', '3']));
      header.slice(3).forEach((k, c) => expect(rows[0][3 + c], `${preset} ${k}`).toBe(want.get(k)));
    }
  });

  it('--format json: JSON Lines, one object per row, the CSV\'s columns and values', async () => {
    const argv = ['--preset', 'single-host-cxl', '--vary', 'workloads.0.skew=0.8,0.99', '--epochs', '2'];
    const csv = csvRows((await run(argv)).out);
    const lines = (await run([...argv, '--format', 'json'])).out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    lines.forEach((l, i) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      expect(Object.keys(o)).toEqual(csv.header);
      expect(Object.values(o).map(String)).toEqual(csv.rows[i]);
    });
  });
});

describe('sweep: jobs and shards change nothing but speed and which rows print', () => {
  const argv = ['--preset', 'single-host-cxl', '--vary', 'workloads.0.workingSetMB=640,960,1280', '--policy', 'first-touch,linux-tiering', '--epochs', '3'];
  it('--jobs 2 (worker threads) and shards 1/3 + 2/3 + 3/3 give one job\'s bytes', async () => {
    const one = await run(argv);
    expect(one.code).toBe(0);
    expect(one.out.trimEnd().split('\n')).toHaveLength(7);
    const two = await run([...argv, '--jobs', '2']);
    expect(two.err).toBe('');
    expect(two.out).toBe(one.out);
    const shards = [await run([...argv, '--shard', '1/3']), await run([...argv, '--shard', '2/3', '--no-header']), await run([...argv, '--shard', '3/3', '--no-header', '--jobs', '2'])];
    for (const s of shards) expect(s.code).toBe(0);
    expect(shards.map((s) => s.out).join('')).toBe(one.out);
    expect(shards[1].out.split('\n')).toHaveLength(3); // two rows each
    // More shards than rows: the empty ones print the header only (or nothing).
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => run([...argv, '--shard', `${i + 1}/8`, '--no-header', '--format', 'json'])));
    expect(many.map((s) => s.out).join('')).toBe((await run([...argv, '--format', 'json'])).out);
  }, 120_000);
});

describe('sweep: bad input is one line on stderr and exit 2', () => {
  const BAD: [string, string[], RegExp][] = [
    ['nothing varied', ['--preset', 'tpp-1to4'], /nothing to vary/],
    ['a key the format does not have', ['--vary', 'workloads.0.workingSetGB=1,2'], /workloads\.0\.workingSetGB: the scenario format has no such key/],
    ['a list without an index', ['--vary', 'workloads.workingSetMB=1'], /workloads is a list: name an item by its number/],
    ['an item the scenario does not have', ['--vary', 'workloads.3.workingSetMB=64'], /workloads\.3: the scenario's workloads has 1 item/],
    ['not a single value', ['--vary', 'hosts.0=1'], /not a single number or choice/],
    ['a value that is not a number', ['--vary', 'epochMs=fast'], /epochMs: "fast" is not a number/],
    ['a value out of bounds, with its path', ['--vary', 'epochMs=100,70000'], /^sweep: epochMs=70000: epochMs: must be at most 60000 \(got 70000\)\n$/],
    ['a wrong choice', ['--vary', 'pageSize=4k,1g'], /pageSize=1g: pageSize: must be one of "4k", "2m"/],
    ['a parameter the policy lacks', ['--vary', 'policy.params.scan_period_ms=100', '--policy', 'first-touch'], /policy first-touch: policy\.params\.scan_period_ms: first-touch has no parameter/],
    ['the seed as a key', ['--vary', 'seed=1,2'], /seed: not a key to vary \(the seed is --seeds/],
    ['the platform as a key (its numbers are filled in already)', ['--vary', 'platform=skx-ddr4-numa'], /platform: not a key to vary \(the platform's numbers are filled in/],
    ['a bad range', ['--vary', 'epochMs=10..1+1'], /ends below its start/],
    ['a repeated value', ['--vary', 'epochMs=10,10'], /listed twice/],
    ['a key varied twice', ['--vary', 'epochMs=10', '--vary', 'epochMs=20'], /epochMs is varied twice/],
    ['over the size', ['--vary', 'epochMs=1..200+1', '--vary', 'hosts.0.cores=1..60+1'], /200 x 60 points x 1 policy x 1 seed = 12000 runs; at most 10000/],
    ['unknown policy', ['--vary', 'epochMs=10', '--policy', 'tpp,nope'], /unknown policy "nope"/],
    ['bad seeds', ['--vary', 'epochMs=10', '--seeds', '5-1'], /seeds: the range "5-1" ends below its start/],
    ['bad shard', ['--vary', 'epochMs=10', '--shard', '4/3'], /--shard: I must be from 1 to N=3/],
    ['shard not I/N', ['--vary', 'epochMs=10', '--shard', 'half'], /--shard expects I\/N/],
    ['bad jobs', ['--vary', 'epochMs=10', '--jobs', '0'], /--jobs must be between 1 and 64/],
    ['--seed for --seeds', ['--vary', 'epochMs=10', '--seed', '3'], /unknown option "--seed" \(use --seeds\)/],
    ['a generator out of its bounds', ['--vary', 'hosts=0,1'], new RegExp(`hosts=0: hosts 0: must be a whole number from 1 to ${LIMITS.hosts}`)],
    ['a grown fabric that breaks a rule', ['--preset', 'single-host-cxl', '--vary', 'hosts=1,4'], /hosts=4: workloads: working sets need .* pages but all memory holds/],
    ['a generator beyond the format\'s limits', ['--preset', 'pond-pool', '--vary', `cxlDevices=${LIMITS.devices}`], /cxlDevices \d+: \d+ links, at most \d+ \(LIMITS\.links\)/],
    ['unknown preset', ['--preset', 'nope', '--vary', 'epochMs=1'], /unknown preset "nope"/],
  ];
  it.each(BAD)('%s', async (_label, argv, pattern) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^sweep: [^\n]+\n$/);
    expect(r.err).toMatch(pattern);
  });

  it('--help names every option; --list-keys lists the scenario\'s keys with bounds, its policy\'s parameters and the generators', async () => {
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    for (const o of ['--vary', '--policy', '--seeds', '--epochs', '--format', '--jobs', '--shard', '--no-header', '--list-keys', 'hosts', 'cxlDevices', '1..64*2']) expect(h.out).toContain(o);
    const k = await run(['--preset', 'tpp-1to4', '--list-keys']);
    expect(k.code).toBe(0);
    expect(k.out).toMatch(/^workloads\.0\.hotFraction {2}\(0, 1\] {2}now 0\.15 {2}Workload cache: Hot pages$/m);
    expect(k.out).toMatch(/^policy\.params\.scan_size_mb {2}\[1, 65536\], whole {2}now 256 {2}Policy tpp: /m);
    expect(k.out).toMatch(new RegExp(`^hosts {2}\\[1, ${LIMITS.hosts}\\], whole {2}now 1 {2}Fabric: `, 'm'));
    expect(k.out).not.toMatch(/^workloads\.0\.skew /m); // zipf's knob: not this hotset workload's
    expect(k.out).not.toMatch(/\.x {2}/);
  });
});
