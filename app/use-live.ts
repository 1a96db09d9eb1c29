// Re-renders a component when the run's data changes (a frame's commit, app/frame.ts), so React
// panels show the same epoch as the canvases drawn in that frame. `intervalMs` > 0 throttles
// it, for views that ask the worker for more (the page inspector).
import { useEffect, useState } from 'react';
import { live, liveB } from './actions';

export function useLiveTick(intervalMs = 0, withB = false): number {
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
    const off = [live.subscribe(onChange), ...(withB ? [liveB.subscribe(onChange)] : [])];
    return () => {
      for (const f of off) f();
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs, withB]);
  return tick;
}
