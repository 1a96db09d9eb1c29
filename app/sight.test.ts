import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OFF_SCREEN_MS, paced, type Sight } from './sight';

/** A run's changes and a card's visibility, driven by hand. */
function harness(intervalMs = 0, withSight = true) {
  const runs = new Set<() => void>();
  const seen = new Set<() => void>();
  const state = { visible: true };
  const sight: Sight = { get visible() { return state.visible; }, subscribe: (fn) => { seen.add(fn); return () => seen.delete(fn); } };
  const renders: number[] = [];
  const shown: number[] = []; // how many changes each render had seen
  let changes = 0;
  const off = paced(withSight ? sight : null, intervalMs, () => { renders.push(performance.now()); shown.push(changes); }, (fn) => { runs.add(fn); return () => runs.delete(fn); });
  return {
    renders,
    shown,
    change: () => { changes++; for (const fn of runs) fn(); },
    show: (v: boolean) => { state.visible = v; for (const fn of seen) fn(); },
    off,
    listeners: () => runs.size + seen.size,
  };
}

describe('paced: live panels follow the run at full rate on screen, slowly off screen', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('on screen, every change renders at once', () => {
    const h = harness();
    for (let i = 0; i < 5; i++) { h.change(); vi.advanceTimersByTime(50); }
    expect(h.renders.length).toBe(5);
  });

  it('off screen, 20 changes a second render at most once a second, the last one included', () => {
    const h = harness();
    h.show(false);
    for (let i = 0; i < 59; i++) { h.change(); vi.advanceTimersByTime(50); } // 3 s of play
    expect(h.renders.length).toBeGreaterThanOrEqual(2);
    expect(h.renders.length).toBeLessThanOrEqual(Math.ceil(3000 / OFF_SCREEN_MS) + 1);
    for (let i = 1; i < h.renders.length; i++) expect(h.renders[i] - h.renders[i - 1]).toBeGreaterThanOrEqual(OFF_SCREEN_MS);
    // The run stops: the last change, not shown yet, still comes (trailing), within the second.
    expect(h.shown.at(-1)).toBeLessThan(59);
    vi.advanceTimersByTime(OFF_SCREEN_MS);
    expect(h.shown.at(-1)).toBe(59);
  });

  it('a card coming back on screen shows the change it missed at once, and nothing when it missed none', () => {
    const h = harness();
    h.change();
    h.show(false);
    h.change(); // within the second: held back
    const held = h.renders.length;
    h.show(true);
    expect(h.renders.length).toBe(held + 1);
    h.show(false);
    h.show(true);
    expect(h.renders.length).toBe(held + 1);
  });

  it('without a card to watch (presentation mode) a panel is always on screen', () => {
    const h = harness(0, false);
    for (let i = 0; i < 5; i++) h.change();
    expect(h.renders.length).toBe(5);
  });

  it('a throttled panel keeps its own pace on screen; unsubscribing stops everything', () => {
    const h = harness(500);
    for (let i = 0; i < 20; i++) { h.change(); vi.advanceTimersByTime(50); } // 1 s
    expect(h.renders.length).toBeGreaterThanOrEqual(2);
    expect(h.renders.length).toBeLessThanOrEqual(3);
    h.change();
    h.off();
    vi.advanceTimersByTime(2000);
    const n = h.renders.length;
    h.change();
    expect(h.renders.length).toBe(n);
    expect(h.listeners()).toBe(0);
  });
});
