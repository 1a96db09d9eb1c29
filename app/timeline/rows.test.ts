// The Events card's list is the scenario's timeline in time order with what the engine said
// each did (its outcomes: the CLI report's events rows), and the blast radius it marks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { Scenario } from '../../src/scenario/schema';
import { parseScenario } from '../../src/scenario/validate';
import { actionsAt } from './menu';
import { hitNodes, shownOutcome, statusText, timelineRows } from './rows';

function preset(name: string, patch: Partial<Scenario> = {}): Scenario {
  const r = parseScenario({ ...JSON.parse(readFileSync(`public/presets/${name}.json`, 'utf8')), ...patch });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe('timelineRows', () => {
  it('lists every event in time order (ties: scenario order), pending until the engine says it fired', () => {
    const s = preset('shared-faults', {
      events: [{ atMs: 5000, kind: 'device-fail', device: 'pool0' }, { atMs: 2000, kind: 'poison', workload: 'counters', page: 0 }, { atMs: 2000, kind: 'link-degrade', link: 'sw0-pool1' }],
    } as Partial<Scenario>);
    const rows = timelineRows(s, []);
    expect(rows.map((r) => [r.index, r.status, r.epoch])).toEqual([[1, 'pending', 20], [2, 'pending', 20], [0, 'pending', 50]]);
    expect(rows[0]).toMatchObject({ label: 'Poison a page', target: 'counters' });
    // The Linux commands are the kind's own.
    expect(rows[2].linux.join('\n')).toMatch(/cxl disable-memdev --force mem0/);
  });

  it('takes status and what each did from the engine\'s outcomes, and marks the blast radius: the hosts hit and the device failed', () => {
    const s = preset('shared-faults');
    const e = new Engine(s);
    for (let i = 0; i < 30; i++) e.step();
    let rows = timelineRows(s, e.eventOutcomes());
    expect(rows.map((r) => statusText(r))).toEqual(['done', 'pending']);
    expect(shownOutcome(rows, null)?.index).toBe(0);
    for (let i = 0; i < 30; i++) e.step();
    rows = timelineRows(s, e.eventOutcomes());
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    const fail = rows[1].outcome!;
    expect(fail.summary).toMatch(/^8 hosts, 0 VMs, .* lost$/);
    expect(hitNodes(s, fail).sort()).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'pool0']);
    // The newest that hit anything is shown, unless the list picked another that fired.
    expect(shownOutcome(rows, null)?.index).toBe(1);
    expect(shownOutcome(rows, 0)?.index).toBe(0);
    expect(hitNodes(s, rows[0].outcome!).sort()).toEqual(['h2', 'h3', 'h4', 'h5', 'h6', 'h7']);
  });

  it('says a hot-remove that the unmovable pages blocked failed, with the reason', () => {
    const s = preset('cxl-hot-remove');
    const e = new Engine(s);
    for (let i = 0; i < s.epochs; i++) e.step();
    const [r] = timelineRows(s, e.eventOutcomes());
    expect(r.status).toBe('failed');
    expect(r.outcome!.reason.length).toBeGreaterThan(10);
  });
});

describe('the context menu\'s events (actionsAt)', () => {
  it('offers a device the registry\'s kinds that name a device and a link those that name a link, only where the scenario accepts them', () => {
    const s = preset('shared-faults');
    expect(actionsAt({ kind: 'device', id: 'pool1' }, s, 3000).map((a) => a.event.kind)).toEqual(['hot-add', 'hot-remove', 'device-fail', 'poison']);
    expect(actionsAt({ kind: 'device', id: 'pool1' }, s, 3000).find((a) => a.event.kind === 'poison')!.event).toEqual({ atMs: 3000, kind: 'poison', device: 'pool1' });
    expect(actionsAt({ kind: 'link', id: 'sw0-pool1' }, s, 3000).map((a) => a.event.kind)).toEqual(['link-fail', 'link-degrade', 'link-recover']);
    expect(actionsAt({ kind: 'link', id: 'h0-pool1' }, s, 3000)).toEqual([]);
    expect(actionsAt({ kind: 'device', id: 'nope' }, s, 3000)).toEqual([]);
  });
});
