// One requestAnimationFrame loop for every canvas / SVG view. The worker's ticks and the
// screen's frames stay uncoupled: snapshots wait in each run's queue (app/live.ts) and a frame
// commits them, at most every SHOW_MS, before any view draws. So the epoch on screen has one
// source per frame: every view, canvas or React (which re-renders on the commit), shows it.
import { useEffect, useRef } from 'react';

/** Shortest time between two commits: what is on screen changes at most this often. */
export const SHOW_MS = 50;

interface Source {
  commit(): boolean;
  onQueued: (() => void) | null;
}

const draws = new Set<() => void>();
const sources = new Set<Source>();
let raf = 0;
let pending = false;
let lastCommit = -Infinity;

function schedule(): void {
  if (!raf && typeof requestAnimationFrame === 'function') raf = requestAnimationFrame(loop);
}

function loop(now: number): void {
  raf = 0;
  if (pending && now - lastCommit >= SHOW_MS) {
    pending = false;
    lastCommit = now;
    for (const s of sources) s.commit();
  }
  for (const d of draws) d();
  if (draws.size > 0 || pending) schedule();
}

/** Makes `s` (a run's LiveData) commit its queued snapshots in the frame loop. */
export function frameSource(s: Source): void {
  sources.add(s);
  s.onQueued = () => {
    pending = true;
    schedule();
  };
}

/** Calls `draw` on every animation frame while mounted (draw should return early if nothing changed). */
export function useFrame(draw: () => void): void {
  const ref = useRef(draw);
  useEffect(() => {
    ref.current = draw;
  });
  useEffect(() => {
    const fn = () => ref.current();
    draws.add(fn);
    schedule();
    return () => {
      draws.delete(fn);
    };
  }, []);
}
