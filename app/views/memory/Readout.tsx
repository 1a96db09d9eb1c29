// The hover readout of a chart or map: a small box beside the pointer that never leaves its
// view (it flips to the pointer's left in the right half, and above it in the lower half).
import type { ReactNode } from 'react';

export interface Hover {
  /** Pointer position in the view's CSS pixels, and the view's size. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export function Readout({ at, children, label }: { at: Hover; children: ReactNode; label: string }) {
  const left = at.x > at.w / 2;
  const up = at.y > at.h / 2;
  const style = {
    left: at.x + (left ? -12 : 12),
    top: at.y + (up ? -8 : 8),
    transform: `translate(${left ? '-100%' : '0'}, ${up ? '-100%' : '0'})`,
  };
  return (
    <div className="readout" role="tooltip" aria-label={label} style={style}>
      {children}
    </div>
  );
}
