// Re-renders a component when LiveData changes, at most once per `intervalMs`: tables and
// the aria-live metrics need a calm pace (screen readers), not 60 Hz.
import { useEffect, useState } from 'react';
import { live } from './actions';

export function useLiveTick(intervalMs = 400): number {
  const [tick, setTick] = useState(live.version);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fire = () => {
      timer = null;
      last = performance.now();
      setTick(live.version);
    };
    const unsubscribe = live.subscribe(() => {
      if (timer) return;
      timer = setTimeout(fire, Math.max(0, last + intervalMs - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs]);
  return tick;
}
