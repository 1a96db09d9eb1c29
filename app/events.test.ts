import { describe, expect, it } from 'vitest';
import { SUMMARY_FIELDS, SUMMARY_WIDTH } from '../src/engine/snapshot';
import { BURST_MIN_PAGES, describeEvent, rowsOf, runEvents, summaryColumn, timelineEvents } from './events';

const PROMO = summaryColumn('promotions');
const EPOCH = summaryColumn('epoch');
/** A spare column standing in for the engine's per-epoch shift count. */
const SHIFTS = summaryColumn('pagesLost');

function rows(promotions: number[], shifts: number[] = [], first = 0): Float64Array {
  const h = new Float64Array(promotions.length * SUMMARY_WIDTH);
  promotions.forEach((p, i) => {
    h[i * SUMMARY_WIDTH + EPOCH] = first + i;
    h[i * SUMMARY_WIDTH + PROMO] = p;
    h[i * SUMMARY_WIDTH + SHIFTS] = shifts[i] ?? 0;
  });
  return h;
}

describe('run events', () => {
  it('knows its summary fields', () => {
    expect(PROMO).toBeGreaterThan(0);
    expect(summaryColumn('no-such-field')).toBe(-1);
    expect(SUMMARY_FIELDS.length).toBe(SUMMARY_WIDTH);
  });

  it('marks where the policy took over: epoch 0 only', () => {
    expect(runEvents(rowsOf(rows([0, 0, 0])), -1)).toEqual([{ epoch: 0, kind: 'policy', count: 0, epochs: 1 }]);
    expect(runEvents(rowsOf(rows([0, 0], [], 5)), -1)).toEqual([]);
  });

  it('marks hot-set shifts where the engine counted them', () => {
    const ev = runEvents(rowsOf(rows([0, 0, 0, 0], [0, 0, 2, 0], 1)), SHIFTS);
    expect(ev).toEqual([{ epoch: 3, kind: 'shift', count: 2, epochs: 1 }]);
  });

  it('a promotion burst: far above the epochs before it, once per burst, summed over its epochs', () => {
    const steady = Array(30).fill(100);
    const ev = runEvents(rowsOf(rows([...steady, 900, 1200, 450, 100, 100], [], 1)), -1).filter((e) => e.kind === 'burst');
    expect(ev).toEqual([
      { epoch: 1, kind: 'burst', count: 100, epochs: 1 }, // the first promotions after a quiet start
      { epoch: 31, kind: 'burst', count: 2100, epochs: 2 },
    ]);
  });

  it('no burst from a steady trickle or below the minimum', () => {
    const quiet = runEvents(rowsOf(rows([...Array(10).fill(0), BURST_MIN_PAGES - 1, 0, 0], [], 1)), -1);
    expect(quiet).toEqual([]);
    const steady = runEvents(rowsOf(rows(Array(50).fill(500), [], 1)), -1).filter((e) => e.kind === 'burst');
    expect(steady).toHaveLength(1); // the start only
  });

  it('says what happened in words', () => {
    const n = (v: number) => v.toLocaleString('en-US');
    expect(describeEvent({ epoch: 3, kind: 'burst', count: 2100, epochs: 2 }, 'tpp', n)).toBe('promotion burst: 2,100 pages promoted over 2 epochs');
    expect(describeEvent({ epoch: 3, kind: 'shift', count: 1, epochs: 1 }, 'tpp', n)).toBe('hot set shifted');
    expect(describeEvent({ epoch: 0, kind: 'policy', count: 0, epochs: 1 }, 'tpp', n)).toContain('policy tpp');
  });
  it('timeline markers come from the engine\'s stream: where each event fired and where one that takes time ended, within the rows held', async () => {
    const { Engine } = await import('../src/engine/engine');
    const { oneHost } = await import('../src/events/test-support');
    const { LiveData } = await import('./live');
    const s = oneHost({ epochs: 12, zone: 'movable', events: [{ atMs: 200, kind: 'hot-remove', device: 'cxl0' }, { atMs: 500, kind: 'link-degrade', link: 'h0-cxl1', bandwidthGBps: 2 }] });
    const e = new Engine(s);
    const live = new LiveData();
    live.reset(e.meta, 1);
    for (let i = 0; i < 12; i++) {
      const row = e.step();
      live.push(e.snapshot([row]), 1, i + 1);
    }
    const marks = timelineEvents(live).map((m) => [m.epoch, m.timeline!.kind, m.timeline!.status]);
    expect(marks[0]).toEqual([2, 'hot-remove', 'fired']);
    expect(marks).toContainEqual([5, 'link-degrade', 'done']);
    expect(marks.some(([, k, st]) => k === 'hot-remove' && st === 'done')).toBe(true);
    expect(describeEvent(timelineEvents(live)[0], 'first-touch', (v) => v.toLocaleString('en-US'))).toBe('hot-remove cxl0 (at 200 ms)');
    // No timeline: no markers.
    expect(timelineEvents({ ...rowsOf(new Float64Array(0)), timeline: [], meta: null })).toEqual([]);
  });
});
