// Re-renders a component when the run's data changes (a frame's commit, app/frame.ts), so React
// panels show the same epoch as the canvases drawn in that frame. `intervalMs` > 0 throttles
// it, for views that ask the worker for more (the page inspector).
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { live, liveB } from './actions';
import type { LiveData } from './live';

/** Re-renders on changes of run A (and, with `withB`, run B). */
export function useLiveTick(intervalMs = 0, withB = false): number {
  return useRunsTick(withB ? [live, liveB] : [live], intervalMs);
}

/** Re-renders on changes of one run's data (a view of run A or B). */
export function useRunTick(run: LiveData): number {
  return useRunsTick([run], 0);
}

function useRunsTick(runs: LiveData[], intervalMs: number): number {
  const [a, b] = runs;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fire = () => {
      timer = null;
      last = performance.now();
      setTick((t) => t + 1);
    };
    const onChange = () => {
      if (intervalMs <= 0) { setTick((t) => t + 1); return; }
      if (timer) return;
      timer = setTimeout(fire, Math.max(0, last + intervalMs - performance.now()));
    };
    const off = [a.subscribe(onChange), ...(b ? [b.subscribe(onChange)] : [])];
    return () => {
      for (const f of off) f();
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs, a, b]);
  return tick;
}

/**
 * A value computed from run A's (and, with `withB`, run B's) data: the component re-renders
 * only when the value changes, not on every commit (a label, a legend's maximum).
 */
export function useLiveSelect<T extends string | number | boolean | null>(select: () => T, withB = false): T {
  const subscribe = useCallback((fn: () => void) => {
    const offA = live.subscribe(fn);
    const offB = withB ? liveB.subscribe(fn) : null;
    return () => { offA(); offB?.(); };
  }, [withB]);
  return useSyncExternalStore(subscribe, select);
}
