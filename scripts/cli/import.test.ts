// --import, --print-scenario and --kernel-view, in process.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../sim';
import { parseArgs } from './args';
import { parseScenario } from '../../src/scenario/validate';

const FIX = fileURLToPath(new URL('../../src/importers/fixtures/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sim-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('--import', () => {
  it('imports each format and tells what it read and assumed on stderr', () => {
    for (const f of ['numactl-2s-cxl.txt', 'hwloc-2s-cxl.xml', 'cxl-list-switch.json']) {
      const r = run('--import', join(FIX, f), '--print-scenario');
      expect(r.code).toBe(0);
      expect(parseScenario(JSON.parse(r.out)).ok).toBe(true);
      expect(r.err).toMatch(/^sim: imported /);
      expect(r.err).toMatch(/\nsim: assumed: platform: /);
    }
  });

  it.each([
    ['random bytes', '\u0001\u0002garbage\u0003'],
    ['a truncated numactl file', 'available: 2 nodes (0-1)\nnode 0 cpus: 0 1\nnode 0 size: 100 MB\n'],
    ['a billion laughs', '<?xml version="1.0"?><!DOCTYPE topology [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><topology>&b;</topology>'],
    ['a cxl list without memdevs', '[{"bus":"root0","provider":"ACPI.CXL"}]'],
  ])('refuses %s with one line and exit 2', (_, text) => {
    const f = join(dir, 'bad');
    writeFileSync(f, text);
    const r = run('--import', f, '--kernel-view', 'numactl');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^sim: machine file /);
  });

  it('is one source among --preset, --scenario, --url', () => {
    expect(() => parseArgs(['--import', 'x', '--preset', 'two-socket'])).toThrow(/only one of --preset, --scenario, --url, --import/);
  });
});

describe('--kernel-view', () => {
  it('prints the view instead of running, for any source', () => {
    const r = run('--preset', 'two-socket', '--kernel-view', 'numactl');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^available: 3 nodes \(0-2\)\nnode 0 cpus: 0 1 /);
    expect(r.out).toContain('node 2 free: 1024 MB\n');
    expect(run('--preset', 'interleave-set', '--kernel-view', 'tiers').out).toBe('/sys/devices/virtual/memory_tiering/memory_tier22/nodelist:1\n/sys/devices/virtual/memory_tiering/memory_tier4/nodelist:0\n');
    expect(run('--preset', 'two-socket', '--kernel-view', 'cxl-list').out).toContain('"memdev":"mem0"');
    expect(run('--preset', 'two-socket', '--kernel-view', 'daxctl').out).toContain('"chardev":"dax0.0"');
  });

  it('with --epochs N, at the end of that run: free memory per node from the run', () => {
    const idle = run('--preset', 'two-socket', '--kernel-view', 'numactl').out;
    const after = run('--preset', 'two-socket', '--kernel-view', 'numactl', '--epochs', '3').out;
    const free = (t: string) => Number(/node 0 free: (\d+) MB/.exec(t)![1]);
    expect(free(idle)).toBe(512);
    expect(free(after)).toBeLessThan(100);
  });

  it('names the views it knows', () => {
    expect(() => parseArgs(['--kernel-view', 'lspci'])).toThrow(/numactl, cxl-list, daxctl, tiers/);
    expect(() => parseArgs(['--kernel-view', 'numactl', '--print-scenario'])).toThrow(/only one of --print-scenario, --kernel-view/);
  });

  it('--discovery prints the steps with the kernel\'s output at each, for presets and imported machines', () => {
    const r = run('--preset', 'interleave-set', '--discovery');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^== Step 1 of 9: Power-on/);
    expect(r.out).toContain('# cxl create-region -t ram -d decoder0.0 -w 4 -g 256 -m mem0 mem1 mem2 mem3\n');
    expect(r.out).toContain('# daxctl reconfigure-device --mode=system-ram --no-online --human dax0.0\n');
    expect(r.out).toContain('/sys/devices/virtual/memory_tiering/memory_tier22/nodelist:1\n');
    const each = run('--preset', 'single-host-cxl', '--discovery', '--per-device').out;
    expect(each.match(/^== Step \d+ of 14: /gm)).toHaveLength(14);
    const imp = run('--import', join(FIX, 'numactl-2s-cxl.txt'), '--discovery');
    expect(imp.code).toBe(0);
    expect(imp.out).toContain('== Step 9 of 9: Memory tier');
    expect(() => parseArgs(['--per-device'])).toThrow(/--per-device goes with --discovery/);
    expect(() => parseArgs(['--discovery', '--kernel-view', 'tiers'])).toThrow(/only one of --kernel-view, --discovery/);
  });

  it('--print-scenario prints any source as valid scenario JSON', () => {
    const r = run('--preset', 'switched-pool', '--print-scenario', '--seed', '7');
    const p = parseScenario(JSON.parse(r.out));
    expect(p.ok && p.scenario.seed).toBe(7);
  });
});
