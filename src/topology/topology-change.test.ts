// The topology changes during a run through one hook at the start of an epoch: memory, the
// policy's cached tables and the run metadata's version move together.
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { findPolicy } from '../policies/registry';
import type { PolicyView } from '../policies/types';
import { skewedScenario } from '../policies/test-support';
import { decodeSnapshot } from '../engine/snapshot';
import { LIMITS } from '../scenario/limits';

const onNode = (e: Engine, n: number) => e.mem.used(n);

describe('topology changes', () => {
  it('tells the policy once, at the start of the epoch after the change, with the new capacity', () => {
    const base = findPolicy('first-touch')!;
    const seen: number[] = [];
    const e = new Engine(skewedScenario('first-touch'), {
      policy: { ...base, create: (init) => ({ ...base.create(init), onTopologyChange: (v: PolicyView) => { seen.push(v.nodeCapacity[0]); } }) },
    });
    e.step();
    e.changeTopology({ kind: 'capacity', node: 0, frames: 100 });
    expect(seen).toEqual([]);
    expect(decodeSnapshot(e.snapshot([])).metaVersion).toBe(0);
    e.step();
    e.step();
    expect(seen).toEqual([100]);
    // The static facts changed: the meta and every snapshot after it carry the new version.
    expect(e.meta.version).toBe(1);
    expect(e.meta.devices[0].capacityPages).toBe(100);
    expect(decodeSnapshot(e.snapshot([])).metaVersion).toBe(1);
  });

  it('a policy uses capacity granted during the run (TPP promotes into the grown DRAM)', () => {
    const e = new Engine(skewedScenario('tpp'));
    for (let i = 0; i < 15; i++) e.step();
    const before = e.mem.capacity[0];
    expect(onNode(e, 0)).toBeLessThanOrEqual(before);
    e.changeTopology({ kind: 'capacity', node: 0, frames: before * 2 });
    for (let i = 0; i < 30; i++) e.step();
    expect(e.mem.check()).toBeNull();
    expect(onNode(e, 0)).toBeGreaterThan(before);
  }, 60_000);

  it("a device gone: its pages are lost (counted, not unplaced) or evacuated through the migration queue, by the caller's rule", () => {
    const lose = new Engine(skewedScenario('first-touch'));
    lose.step();
    const onCxl = onNode(lose, 1), placed = lose.mem.placed();
    lose.changeTopology({ kind: 'remove-device', device: 1, pages: 'lose' });
    const r = lose.step();
    expect(r.pagesLost).toBe(onCxl);
    // Lost pages are neither placed nor unplaced: placed + unplaced + lost = all pages.
    expect(r.pagesUnplaced).toBe(lose.pages - placed);
    expect(lose.mem.placed() + r.pagesUnplaced + lose.lost.total).toBe(lose.pages);
    expect(lose.mem.capacity[1]).toBe(0);
    expect(lose.mem.check()).toBeNull();

    // DRAM gone, its pages evacuated to the CXL expander (which has room for them all): moved
    // by the migration queue, reason evacuate, at one kernel thread's rate, costed like any.
    const move = new Engine(skewedScenario('first-touch'));
    move.step();
    const all = move.mem.placed(), onDram = onNode(move, 0);
    expect(onDram).toBeGreaterThan(0);
    move.changeTopology({ kind: 'remove-device', device: 0, pages: 'evacuate' });
    let moved = 0, cpu = 0;
    for (let i = 0; i < 20 && move.mem.capacity[0] > 0; i++) {
      const s = move.step();
      expect(s.pagesLost).toBe(0);
      expect(move.mem.placed()).toBe(all);
      moved += s.migrations;
      cpu = Math.max(cpu, s.migrationCpuPercent);
    }
    expect(move.mem.capacity[0]).toBe(0);
    expect(onNode(move, 0)).toBe(0);
    expect(moved).toBeGreaterThanOrEqual(onDram);
    expect(cpu).toBeGreaterThan(0);
    const evac = move.stream.all().filter((x) => x.kind === 'migrate' && x.code === 3).reduce((a, x) => a + x.value, 0);
    expect(evac).toBe(onDram);
    expect(move.pageEvents(0).some((m) => m.reason === 'evacuate') || move.pageEvents(1).some((m) => m.reason === 'evacuate')).toBe(true);
    expect(move.mem.check()).toBeNull();
  });

  it('refuses a change naming what does not exist, and the run goes on', () => {
    const e = new Engine(skewedScenario('first-touch'));
    expect(() => e.changeTopology({ kind: 'capacity', node: 7, frames: 1 })).toThrow(/no node 7/);
    expect(() => e.changeTopology({ kind: 'capacity', node: 0, frames: -1 })).toThrow(/frames must be an integer/);
    expect(() => e.changeTopology({ kind: 'remove-device', device: 9, pages: 'lose' })).toThrow(/no device 9/);
    // Bounded before anything is allocated: all nodes together stay within LIMITS.totalFrames.
    expect(() => e.changeTopology({ kind: 'capacity', node: 0, frames: LIMITS.totalFrames })).toThrow(/frames must be an integer 0\.\./);
    e.step();
    expect(e.meta.version).toBe(0);
  });
});
