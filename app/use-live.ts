// Re-renders a component when the run's data changes (a frame's commit, app/frame.ts), so React
// panels show the same epoch as the canvases drawn in that frame. `intervalMs` > 0 throttles
// it, for views that ask the worker for more (the page inspector). The re-render is a
// transition: React renders it in slices between frames (a 64-host table is no long task) and
// a click is answered first; all panels of one commit share the transition, so they change
// together, and the frame loop commits no newer data until they have (useRenderedCommits).
// A panel in a card off screen follows more slowly (app/sight.ts).
import { startTransition, useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { live, liveB } from './actions';
import { commitGeneration, probeMounted, renderedCommit } from './frame';
import type { LiveData } from './live';
import { paced, SightContext } from './sight';

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
  const sight = useContext(SightContext);
  useEffect(() => paced(sight, intervalMs, () => startTransition(() => setTick((t) => t + 1)), (fn) => onRuns(b ? [a, b] : [a], fn)), [intervalMs, a, b, sight]);
  return tick;
}

/**
 * A value computed from run A's (and, with `withB`, run B's) data: the component re-renders
 * only when the value changes, not on every commit (a label, a legend's maximum). It renders
 * in the commit's transition like every other panel, so a label never runs ahead of them.
 */
export function useLiveSelect<T extends string | number | boolean | null>(select: () => T, withB = false): T {
  const value = select();
  const shown = useRef(value);
  shown.current = value;
  const selectRef = useRef(select);
  selectRef.current = select;
  const [, setTick] = useState(0);
  const sight = useContext(SightContext);
  useEffect(() => {
    const render = () => {
      if (!Object.is(selectRef.current(), shown.current)) startTransition(() => setTick((t) => t + 1));
    };
    const off = paced(sight, 0, render, (fn) => onRuns(withB ? [live, liveB] : [live], fn));
    render(); // a change between this render and the subscription
    return off;
  }, [withB, sight]);
  return value;
}

/**
 * Mounted once at the top of the tree: re-renders in the same transition as the panels and,
 * once React has committed it, lets the frame loop commit newer data (app/frame.ts).
 */
export function useRenderedCommits(): void {
  const [gen, setGen] = useState(0);
  useEffect(() => {
    const onChange = () => startTransition(() => setGen(commitGeneration()));
    const off = onRuns([live, liveB], onChange);
    const unprobe = probeMounted();
    return () => { off(); unprobe(); };
  }, []);
  useLayoutEffect(() => { renderedCommit(gen); }, [gen]);
}

/** Calls `fn` on every change of any of `runs`; returns the one unsubscribe for all. */
function onRuns(runs: LiveData[], fn: () => void): () => void {
  const off = runs.map((r) => r.subscribe(fn));
  return () => { for (const f of off) f(); };
}
