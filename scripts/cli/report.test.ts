import { describe, expect, it } from 'vitest';
import { SUMMARY_FIELDS, SUMMARY_WIDTH } from '../../src/engine/snapshot';
import { EPOCH_REPORT_KEYS, EPOCH_TIMELINE_KEYS, SUMMARY_KEYS } from '../../src/metrics/registry';
import { NO_POD } from '../../src/topology/pod-design';
import { CSV_HEADER, csvHeader, csvLine, round, runAndWrite, runScenario, writeJson, type RunReport } from './report';
import { applyOverrides } from './load';
import { loadPreset } from './presets';
import { NO_POOL } from '../../src/pool/pool-summary';

describe('round', () => {
  it('keeps integers and rounds other numbers to 6 significant digits', () => {
    expect(round(123456789)).toBe(123456789);
    expect(round(1 / 3)).toBe(0.333333);
    expect(round(597.5801234)).toBe(597.58);
    expect(round(1.23456789e-9)).toBe(1.23457e-9);
    expect(Object.is(round(-0), 0)).toBe(true);
    expect(round(NaN)).toBeNaN();
  });
});

const row = (epoch: number) => SUMMARY_FIELDS.map((f) => (f === 'epoch' ? epoch : f === 'amatNs' ? 100 + 1 / 3 : f === 'pagesLost' ? NaN : 2));

describe('writeJson / csvLine', () => {
  const report: RunReport = {
    scenario: 'A "quoted" name', policy: 'first-touch', seed: 7, epochMs: 100, pageBytes: 4096,
    summary: { amatNs: 2 / 3, throughputGBps: 10, fastTierAccessShare: 0.5, localAccessShare: 0.5, unplacedAccessShare: 0, migrations: 3, pagesLost: 0, pagesUnplaced: 0, hotSetFastShare: 0.5, hotSetShifts: 0, slowdownPercent: 12.3456789, instructionsPerSecond: 1e10, migrationCpuPercent: 0.5, placementCpuPercent: 0.01, coherencyTrafficGBps: 0, coherencyLatencyNs: 0, pod: { design: 'none', ...NO_POD }, pool: NO_POOL },
    devices: [{ id: 'h0.dram', kind: 'dram', tier: 0, pages: 5, capacityPages: 10, bandwidthGBps: 215, utilisation: 0.1234567 }],
    workloads: [{ id: 'w', instructionsPerSecond: 1e10, slowdownPercent: 12.3456789, llcHitShare: 0.25, memoryAccessesPerKiloInstr: 7.5 }],
    hosts: [{ id: 'h0', instructionsPerSecond: 1e10, slowdownPercent: 12.3456789, amatNs: 2 / 3, localAccessShare: 0.5 }],
    vms: [],
    timeline: false,
    events: [],
    epochRows: Float64Array.from([...row(0), ...row(1)]),
    poolRows: null,
  };

  it('writes one JSON object with the fields in a fixed order, rounded', () => {
    let text = '';
    writeJson(report, (s) => { text += s; });
    const j = JSON.parse(text);
    expect(Object.keys(j)).toEqual(['scenario', 'policy', 'seed', 'epochMs', 'pageBytes', 'summary', 'devices', 'workloads', 'hosts', 'vms', 'epochs']);
    expect(j.hosts[0]).toEqual({ id: 'h0', instructionsPerSecond: 1e10, slowdownPercent: 12.3457, amatNs: 0.666667, localAccessShare: 0.5 });
    expect(j.summary.slowdownPercent).toBe(12.3457);
    expect(j.workloads[0]).toEqual({ id: 'w', instructionsPerSecond: 1e10, slowdownPercent: 12.3457, llcHitShare: 0.25, memoryAccessesPerKiloInstr: 7.5 });
    expect(j.scenario).toBe('A "quoted" name');
    expect(j.summary.amatNs).toBe(0.666667);
    expect(j.devices[0].utilisation).toBe(0.123457);
    expect(j.epochs).toHaveLength(2);
    // The CLI's columns, not the row's: the access weights at the row's end stay out.
    expect(Object.keys(j.epochs[1])).toEqual([...EPOCH_REPORT_KEYS]);
    expect(Object.keys(j.epochs[1])).not.toContain('servedAccesses');
    expect(j.epochs[1]).toMatchObject({ epoch: 1, amatNs: 100.333, pagesLost: null });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('adds `events` and each epoch row\'s pagesInaccessible only for a scenario with a timeline', () => {
    let text = '';
    const ev = { atMs: 10, kind: 'poison', target: 'w', ok: true, reason: 'r', pagesMoved: 0, pagesLost: 1, pagesIsolated: 1, hostsHit: ['h0'], vmsHit: [], summary: '', regionsHit: [], mces: 1, signalled: 1 };
    writeJson({ ...report, timeline: true, events: [ev] }, (s) => { text += s; });
    const j = JSON.parse(text);
    expect(Object.keys(j)).toEqual(['scenario', 'policy', 'seed', 'epochMs', 'pageBytes', 'summary', 'devices', 'workloads', 'hosts', 'vms', 'events', 'epochs']);
    expect(j.events).toEqual([ev]);
    expect(Object.keys(j.epochs[1])).toEqual([...EPOCH_TIMELINE_KEYS]);
    expect(EPOCH_TIMELINE_KEYS.filter((k) => !EPOCH_REPORT_KEYS.includes(k))).toEqual(['pagesInaccessible']);
    const s = Object.fromEntries(SUMMARY_FIELDS.map((f, i) => [f, row(4)[i]])) as Record<(typeof SUMMARY_FIELDS)[number], number>;
    expect(csvLine(s, true).split(',')).toHaveLength(EPOCH_TIMELINE_KEYS.length);
    expect(csvHeader(true).split(',')).toContain('pagesInaccessible');
    expect(CSV_HEADER.split(',')).not.toContain('pagesInaccessible');
  });

  it('writes an empty epochs list as valid JSON', () => {
    let text = '';
    writeJson({ ...report, epochRows: new Float64Array(0) }, (s) => { text += s; });
    expect(JSON.parse(text).epochs).toEqual([]);
  });

  it('writes CSV rows in the report columns\' order, blank for non-finite', () => {
    const s = Object.fromEntries(SUMMARY_FIELDS.map((f, i) => [f, row(4)[i]])) as Record<(typeof SUMMARY_FIELDS)[number], number>;
    expect(csvLine(s).split(',')).toHaveLength(EPOCH_REPORT_KEYS.length);
    expect(csvLine(s)).toMatch(/^4,2,100\.333,/);
    expect(csvLine(s).split(',')[EPOCH_REPORT_KEYS.indexOf('pagesLost')]).toBe('');
  });
});

describe('runScenario (engine)', () => {
  const scenario = applyOverrides(loadPreset('two-socket'), { epochs: 3 });

  it('runs exactly scenario.epochs epochs and reports every memory device', () => {
    const r = runScenario(scenario);
    expect(r.epochRows.length).toBe(3 * SUMMARY_WIDTH);
    expect(r.devices.map((d) => d.id)).toEqual(scenario.devices.map((d) => d.id));
    expect(r.devices.filter((d) => d.kind === 'dram').length).toBe(scenario.hosts.length);
    for (const d of r.devices) {
      expect(d.utilisation).toBeGreaterThanOrEqual(0);
      expect(d.pages).toBeLessThanOrEqual(d.capacityPages);
      expect(d.bandwidthGBps).toBe(scenario.devices.find((x) => x.id === d.id)!.bandwidthGBps);
    }
    expect(r.summary.fastTierAccessShare).toBeGreaterThanOrEqual(0);
    expect(r.summary.fastTierAccessShare).toBeLessThanOrEqual(1);
    expect(r.summary.amatNs).toBeGreaterThan(0);
  });

  it('streams CSV: a header and one line per epoch, the JSON report\'s epochs column by column', () => {
    let csv = '', json = '';
    runAndWrite(scenario, 'csv', (s) => { csv += s; });
    runAndWrite(scenario, 'json', (s) => { json += s; });
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const epochs: Record<string, number | null>[] = JSON.parse(json).epochs;
    expect(lines[0]).toBe(Object.keys(epochs[0]).join(','));
    expect(lines[0]).toBe(CSV_HEADER);
    lines.slice(1).forEach((l, i) => {
      // Both round the same way; a non-finite value is null in JSON and blank in CSV.
      expect(l.split(',').map((v) => (v === '' ? null : Number(v)))).toEqual(Object.values(epochs[i]));
    });
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(epochs[2].amatNs).toBeGreaterThan(0);
  });

  it('summary: the registry\'s summary figures of the run totals, then the pod and the pool', () => {
    const r = runScenario(scenario);
    expect(Object.keys(r.summary)).toEqual([...SUMMARY_KEYS, 'pod', 'pool']);
    expect(r.summary.migrations).toBe(r.epochRows.filter((_, i) => i % SUMMARY_WIDTH === SUMMARY_FIELDS.indexOf('migrations')).reduce((a, b) => a + b, 0));
  });
});
