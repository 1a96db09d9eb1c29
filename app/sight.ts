// Whether a panel of the main screen is on screen (or nearly): its live hooks (app/use-live.ts)
// re-render it at full rate only then. A page of fifteen cards shows three or four at a time;
// at full speed the others' tables cost as much layout and paint as the ones in view.
import { createContext } from 'react';
import { watchSeen } from './frame';

export interface Sight {
  /** On screen, or nearly (as the canvases count it: app/frame.ts). */
  readonly visible: boolean;
  /** Calls `fn` when `visible` changes; returns the unsubscribe. */
  subscribe(fn: () => void): () => void;
}

/** No provider (presentation mode, embeds, tests): always on screen. */
export const SightContext = createContext<Sight | null>(null);

/**
 * A Sight that follows the element `find()` returns, through the canvases' own observer
 * (app/frame.ts): `recheck()` starts watching it (call it once the element exists) and follows
 * a replacement.
 */
export function watchSight(find: () => Element | null): Sight & { dispose(): void; recheck(): void } {
  const listeners = new Set<() => void>();
  let visible = true; // until the observer says otherwise: a first render is never held back
  let el: Element | null = null;
  let unwatch: (() => void) | null = null;
  const seen = (now: boolean) => {
    if (now === visible) return;
    visible = now;
    for (const fn of listeners) fn();
  };
  const recheck = () => {
    const next = find();
    if (next === el) return;
    unwatch?.();
    el = next;
    unwatch = el ? watchSeen(el, seen) : null;
  };
  return {
    get visible() { return visible; },
    subscribe(fn) { listeners.add(fn); return () => { listeners.delete(fn); }; },
    recheck,
    dispose() { unwatch?.(); unwatch = null; el = null; },
  };
}

/**
 * A panel off screen re-renders at most this often: its text stays nearly current
 * for a screen reader or find-in-page, at a sixteenth of the cost at full speed, and it catches
 * up at once when it comes back on screen. The canvases skip drawing off screen altogether.
 */
export const OFF_SCREEN_MS = 1000;

/**
 * Calls `render` on the changes `listen` reports: at once while the panel is on screen (or, with
 * `intervalMs` > 0, at most that often), at most every OFF_SCREEN_MS while it is off screen,
 * and at once when it comes back with a change it has not shown. Returns the unsubscribe.
 */
export function paced(sight: Sight | null, intervalMs: number, render: () => void, listen: (fn: () => void) => () => void): () => void {
  let last = 0;
  let stale = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    if (!stale) return;
    stale = false;
    last = performance.now();
    render();
  };
  const onChange = () => {
    stale = true;
    const every = sight && !sight.visible ? Math.max(intervalMs, OFF_SCREEN_MS) : intervalMs;
    if (every <= 0) { fire(); return; }
    timer ??= setTimeout(fire, Math.max(0, last + every - performance.now()));
  };
  const offRuns = listen(onChange);
  const offSight = sight?.subscribe(() => {
    if (!sight.visible || !stale) return;
    if (timer) clearTimeout(timer);
    timer = null;
    // Back on screen: the change it missed, now (a throttled panel keeps its own pace).
    if (intervalMs <= 0) fire();
    else onChange();
  });
  return () => {
    offRuns();
    offSight?.();
    if (timer) clearTimeout(timer);
  };
}
