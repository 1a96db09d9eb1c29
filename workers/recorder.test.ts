import { describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/engine';
import { writeJson } from '../src/engine/report';
import { tiny } from '../src/scenario/fixtures';
import { runAndWrite, runScenario } from '../scripts/cli/report';
import { RecordingEngine } from './recorder';
import { loadPreset } from '../scripts/cli/presets';

const cliJson = (s: ReturnType<typeof tiny>) => {
  const parts: string[] = [];
  writeJson(runScenario(s), (c) => parts.push(c));
  return parts.join('');
};

describe('RecordingEngine', () => {
  it('writes the same bytes as the CLI for the same scenario and epochs', () => {
    const s = { ...tiny({ policy: 'tpp', dramMB: 32 }), epochs: 300 }; // more rows than the initial buffer
    const rec = new RecordingEngine(new Engine(s));
    for (let i = 0; i < s.epochs; i++) rec.step();
    expect(rec.rowCount).toBe(300);
    expect(rec.report()).toBe(cliJson(s));
    // --format csv too.
    const csv: string[] = [];
    runAndWrite(s, 'csv', (c) => csv.push(c));
    expect(rec.report('csv')).toBe(csv.join(''));
  }, 60_000); // three 300-epoch tpp runs

  it('writes the same bytes as the CLI for a scenario with a pool (its per-epoch pool figures too)', () => {
    const s = { ...loadPreset('dcd-pool'), epochs: 12 };
    const rec = new RecordingEngine(new Engine(s));
    for (let i = 0; i < s.epochs; i++) rec.step();
    const json = rec.report();
    expect(json).toBe(cliJson(s));
    expect(JSON.parse(json).epochs[11].pool.poolCapacityGiB).toBeGreaterThan(0);
  }, 60_000);

  it('played past the scenario\'s epochs, keeps no more rows and reports the CLI\'s run of the scenario', () => {
    const s = { ...loadPreset('dcd-pool'), epochs: 10 };
    const rec = new RecordingEngine(new Engine(s));
    for (let i = 0; i < 25; i++) rec.step();
    expect(rec.epoch).toBe(25);
    expect(rec.rowCount).toBe(10);
    expect(rec.report()).toBe(cliJson(s));
    const csv: string[] = [];
    runAndWrite(s, 'csv', (c) => csv.push(c));
    expect(rec.report('csv')).toBe(csv.join(''));
  }, 60_000);

  it('a scenario with a timeline, played past its epochs: the CLI\'s events and timeline column, for the scenario\'s epochs only', () => {
    const s = { ...loadPreset('cxl-hot-remove'), epochs: 30 };
    const rec = new RecordingEngine(new Engine(s));
    for (let i = 0; i < 40; i++) rec.step();
    expect(rec.rowCount).toBe(30);
    const json = rec.report();
    expect(json).toBe(cliJson(s));
    const j = JSON.parse(json);
    expect(j.events.map((e: { kind: string }) => e.kind)).toEqual(['hot-remove']);
    expect(j.epochs).toHaveLength(30);
    expect(j.epochs[29]).toHaveProperty('pagesInaccessible');
    const csv: string[] = [];
    runAndWrite(s, 'csv', (c) => csv.push(c));
    expect(rec.report('csv')).toBe(csv.join(''));
    expect(rec.report('csv').split('\n')[0]).toContain('pagesInaccessible');
  }, 60_000);

  it('reports a fresh run with no epochs', () => {
    const s = { ...tiny(), epochs: 1 };
    const json = JSON.parse(new RecordingEngine(new Engine(s)).report());
    expect(json.epochs).toEqual([]);
    expect(json.policy).toBe('first-touch');
  });
});
