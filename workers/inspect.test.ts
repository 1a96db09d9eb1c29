import { describe, expect, it } from 'vitest';
import type { MigrationEvent } from '../src/engine/engine';
import { Engine } from '../src/engine/engine';
import { tiny } from '../src/scenario/fixtures';
import { groupInfo, MAX_PAGE_EVENTS, pageInfo, pickPage, type Inspectable } from './inspect';

function fake(histories: number[], events: MigrationEvent[] = []): Inspectable {
  return {
    pages: histories.length,
    epoch: 40,
    meta: { heatGroups: 2 },
    groupRange: (g) => (g === 0 ? [0, Math.floor(histories.length / 2)] : [Math.floor(histories.length / 2), histories.length]),
    pageState: (p) => ({ device: 'd0', history: histories[p] }),
    pageEvents: (p) => events.filter((e) => e.page === p),
  };
}

describe('page inspector queries', () => {
  it('refuses page and group numbers that are out of range or not whole numbers', () => {
    const e = fake([1, 2, 3, 4]);
    for (const bad of [-1, 4, 1.5, NaN, Infinity, '1', null, undefined]) expect(pageInfo(e, bad)).toBeNull();
    for (const bad of [-1, 2, 0.5, NaN, '0']) expect(groupInfo(e, bad)).toBeNull();
    expect(pageInfo(e, 3)?.page).toBe(3);
    expect(groupInfo(e, 1)).toMatchObject({ group: 1, first: 2, end: 4 });
  });

  it('picks the most recently accessed page, the most often accessed among those', () => {
    // bit 0 = newest epoch.
    expect(pickPage(fake([0b100, 0b1010, 0b0110, 0b1110]), 0, 4)).toBe(3);
    expect(pickPage(fake([0b100, 0b1000]), 0, 2)).toBe(0);
    expect(pickPage(fake([0, 0, 0]), 0, 3)).toBe(0);
    expect(pickPage(fake([0x80000000, 0]), 0, 2)).toBe(0);
  });

  it('lists at most the newest MAX_PAGE_EVENTS moves and says when it cut the list', () => {
    const events = Array.from({ length: MAX_PAGE_EVENTS + 5 }, (_, i) => ({ page: 1, from: 'a', to: 'b', epoch: i, reason: 'promote' }));
    const info = pageInfo(fake([0, 0], events), 1)!;
    expect(info.events).toHaveLength(MAX_PAGE_EVENTS);
    expect(info.events[0].epoch).toBe(5);
    expect(info.truncated).toBe(true);
    expect(pageInfo(fake([0, 0], events), 0)!.truncated).toBe(false);
  });

  it('works against the real engine: a migrated page lists its moves and where it is now', () => {
    const engine = new Engine(tiny({ policy: 'memtis', dramMB: 32 }));
    for (let i = 0; i < 20; i++) engine.step();
    let moved = -1;
    for (let p = 0; p < engine.pages && moved < 0; p++) if (engine.pageEvents(p).length) moved = p;
    expect(moved).toBeGreaterThanOrEqual(0);
    const info = pageInfo(engine, moved)!;
    expect(info.epoch).toBe(20);
    expect(info.device).toBe(info.events.at(-1)!.to);
    expect(['promote', 'demote', 'balance', 'evacuate']).toContain(info.events[0].reason);
    const g = groupInfo(engine, 3)!;
    expect(g.pick).toBeGreaterThanOrEqual(g.first);
    expect(g.pick).toBeLessThan(g.end);
  });
});
