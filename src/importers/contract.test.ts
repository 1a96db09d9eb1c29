// Every importer keeps the contract of types.ts: it knows its own format from the content and
// no other's, turns its fixture into a scenario the validator accepts with notes of what it read
// and assumed, and answers anything else with a one-line error, never a throw.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORTERS, detectFormat, importMachine } from './registry';
import { MAX_IMPORT_BYTES } from './types';
import { parseScenario } from '../scenario/validate';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const FIXTURES: Record<string, string> = { 'hwloc-xml': 'hwloc-2s-cxl.xml', numactl: 'numactl-2s-cxl.txt', 'cxl-list': 'cxl-list-switch.json' };

describe.each(IMPORTERS.map((i) => [i.id, i] as const))('importer %s', (id, imp) => {
  const text = fixture(FIXTURES[id]);

  it('has a fixture, and is the one detected for it', () => {
    expect(imp.detect(text)).toBeGreaterThan(0.5);
    expect(detectFormat(text)?.id).toBe(id);
    for (const other of IMPORTERS) if (other !== imp) expect(other.detect(text)).toBeLessThan(imp.detect(text));
  });

  it('turns its fixture into a valid scenario with notes of what it read and assumed', () => {
    const r = imp.parse(text);
    if (!r.ok) throw new Error(r.error);
    expect(parseScenario(JSON.parse(JSON.stringify(r.scenario))).ok).toBe(true);
    expect(r.read.length).toBeGreaterThan(0);
    expect(r.assumed.some((a) => a.startsWith('platform:'))).toBe(true);
    expect(r.scenario.workloads.length).toBe(r.scenario.hosts.length);
    for (const note of [...r.read, ...r.assumed]) expect(note).not.toMatch(/\n/);
  });

  it.each([
    ['empty', ''],
    ['truncated in half', text.slice(0, Math.floor(text.length / 2))],
    ['binary', '\u0000\u0001\u00ff'.repeat(100)],
    ['another format', id === 'numactl' ? fixture(FIXTURES['cxl-list']) : fixture(FIXTURES.numactl)],
  ])('answers %s with a one-line error, never a throw', (_, bad) => {
    const r = imp.parse(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).not.toMatch(/\n/);
      expect(r.error.length).toBeGreaterThan(10);
    }
  });
});

describe('importMachine', () => {
  it('detects the format from the content, not a name', () => {
    expect(importMachine(fixture('hwloc-2s-cxl.xml')).format).toBe('hwloc-xml');
    expect(importMachine(`\n\n${fixture('numactl-2s-cxl.txt')}`).format).toBe('numactl');
    expect(importMachine(fixture('cxl-list-switch.json')).format).toBe('cxl-list');
  });

  it('refuses what no importer knows, and files over the size limit, in one line', () => {
    const r = importMachine('hello world');
    expect(r.ok).toBe(false);
    const big = importMachine(`available: 1 nodes (0)\n${' '.repeat(MAX_IMPORT_BYTES)}`);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error).toMatch(/larger than 4 MiB/);
  });
});
