// Importing a numactl view and viewing it again gives the same text, for every preset; and the
// views follow a machine that is only partly brought up, and a run's free memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMachine } from '../importers/registry';
import { parseScenario } from '../scenario/validate';
import type { Scenario } from '../scenario/schema';
import { kernelView } from './views';
import { buildMachine, withUsage } from './machine';
import { numactlText } from './numactl';

const dir = new URL('../../public/presets/', import.meta.url);
const presets = (JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { name: string; file: string }[]).map((p) => {
  const r = parseScenario(JSON.parse(readFileSync(new URL(p.file, dir), 'utf8')));
  if (!r.ok) throw new Error(p.name);
  return [p.name, r.scenario] as const;
});

describe.each(presets)('preset %s', (_, s: Scenario) => {
  it('numactl view -> import -> numactl view is the same text', () => {
    const text = kernelView('numactl', s);
    const r = importMachine(text);
    if (!r.ok) throw new Error(r.error);
    expect(kernelView('numactl', r.scenario)).toBe(text);
  });
});

describe('a machine in discovery', () => {
  const s = presets.find(([n]) => n === 'two-socket')![1];
  it('lists a CXL node only once its memory is added, and counts it once online', () => {
    expect(kernelView('numactl', s, { cxl: { cxl0: 'region' } })).toMatch(/^available: 2 nodes \(0-1\)/);
    expect(kernelView('numactl', s, { cxl: { cxl0: 'system-ram' } })).toContain('node 2 size: 0 MB');
    expect(kernelView('numactl', s)).toContain('node 2 size: 1024 MB');
    expect(kernelView('cxl-list', s, { cxl: { cxl0: 'absent' } })).toBe('');
    expect(kernelView('cxl-list', s, { cxl: { cxl0: 'enumerated' } })).not.toContain('"region"');
    expect(kernelView('daxctl', s, { cxl: { cxl0: 'region' } })).toContain('"mode":"devdax"');
    expect(kernelView('daxctl', s)).toContain('"mode":"system-ram"');
    expect(kernelView('tiers', s, { cxl: { cxl0: 'system-ram' } })).not.toContain('memory_tier22');
  });
  it('shows free memory from a run', () => {
    expect(kernelView('numactl', s, { usedMB: { 's0.dram': 500.5, cxl0: 24 } })).toContain('node 0 free: 11 MB\n');
    expect(kernelView('numactl', s, { usedMB: { 's0.dram': 500.5, cxl0: 24 } })).toContain('node 2 free: 1000 MB\n');
  });
  it('follows a run without building the machine again: one machine, the usage of each snapshot laid over it, the machine itself untouched', () => {
    const m = buildMachine(s);
    const first = withUsage(m, { 's0.dram': 500.5, cxl0: 24 });
    const later = withUsage(m, { 's0.dram': 100 });
    expect(numactlText(first)).toBe(kernelView('numactl', s, { usedMB: { 's0.dram': 500.5, cxl0: 24 } }));
    expect(numactlText(later)).toContain('node 0 free: 412 MB\n');
    expect(numactlText(m)).toBe(kernelView('numactl', s));
  });
});
