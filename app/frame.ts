// One requestAnimationFrame loop for every canvas / SVG view. The worker's ticks and the
// screen's frames stay uncoupled: views draw whatever is newest when a frame comes.
import { useEffect, useRef } from 'react';

const draws = new Set<() => void>();
let raf = 0;

function loop(): void {
  raf = requestAnimationFrame(loop);
  for (const d of draws) d();
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
    if (!raf) raf = requestAnimationFrame(loop);
    return () => {
      draws.delete(fn);
      if (draws.size === 0 && raf) {
        cancelAnimationFrame(raf);
        raf = 0;
      }
    };
  }, []);
}
