// A node's name in the topology, whole: a name wider than its box is drawn narrower to fit
// (SVG textLength, kept by exports) instead of cut at a character count ("Remote socket
// (emula…" in every mode). Only a name that would have to shrink below MIN_SQUEEZE of its
// width is cut, with an ellipsis. Measured in the font the CSS gives it (presentation mode's is larger).
import { useLayoutEffect, useRef, useState } from 'react';

/** Narrower than this share of its natural width, text stops being readable. */
export const MIN_SQUEEZE = 0.6;

let measurer: CanvasRenderingContext2D | null = null;

/** Width of `text` in the element's computed font, in its user units (the topology is not scaled inside a node). */
function textWidth(el: SVGTextElement, text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return 0;
  const cs = getComputedStyle(el);
  measurer.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  return measurer.measureText(text).width;
}

/** What to draw for `text` in `room` px, given its natural width. */
export function fitTitle(text: string, natural: number, room: number): { text: string; squeeze: boolean } {
  if (!(natural > room) || room <= 0) return { text, squeeze: false };
  if (natural * MIN_SQUEEZE <= room) return { text, squeeze: true };
  const keep = Math.max(1, Math.floor((text.length * room) / (natural * MIN_SQUEEZE)) - 1);
  return { text: `${text.slice(0, keep).trimEnd()}…`, squeeze: true };
}

export function NodeTitle({ text, y, room }: { text: string; y: number; room: number }) {
  const ref = useRef<SVGTextElement>(null);
  const [fit, setFit] = useState<{ text: string; squeeze: boolean }>({ text, squeeze: false });
  // Every render: the font follows the mode (a class on an ancestor), which no prop says; setFit
  // keeps the old state when nothing changed, so this settles after one pass.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const next = fitTitle(text, textWidth(el, text), room);
    setFit((old) => (old.text === next.text && old.squeeze === next.squeeze ? old : next));
  });
  return (
    <text ref={ref} className="title" y={y} {...(fit.squeeze ? { textLength: room, lengthAdjust: 'spacingAndGlyphs' } : {})}>
      {fit.text}
    </text>
  );
}
