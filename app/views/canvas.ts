// Shared set-up for the canvas charts: backing store sized to the element and the pixel ratio,
// and x-axis labels that never overlap.
import type { ScaleLinear } from 'd3';

/** Sizes `canvas` for its CSS box and returns a context drawing in CSS pixels. */
export function prepare(canvas: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  const cw = Math.max(1, Math.round(w * dpr)), ch = Math.max(1, Math.round(h * dpr));
  if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

/**
 * Tick labels under an x axis: the most ticks whose labels, kept inside [left, right], leave
 * a gap between neighbours (so "3500 ms4000 ms" cannot happen); evenly spaced, never skipped.
 * `integers`: whole-number ticks only (epochs).
 */
export function drawXTicks(ctx: CanvasRenderingContext2D, x: ScaleLinear<number, number>, fmt: (v: number) => string, y: number, left: number, right: number, integers = false): void {
  const gap = 12;
  const span = Math.abs(x.range()[1] - x.range()[0]);
  let placed: { label: string; at: number }[] = [];
  for (let count = Math.max(2, Math.floor(span / 40)); count >= 1; count--) {
    placed = [];
    let lastEnd = -Infinity, fits = true;
    for (const v of x.ticks(count).filter((t) => !integers || Number.isInteger(t))) {
      const label = fmt(v);
      const lw = ctx.measureText(label).width;
      const at = Math.min(right - lw, Math.max(left, x(v) - lw / 2));
      if (at < lastEnd + gap) { fits = false; break; }
      placed.push({ label, at });
      lastEnd = at + lw;
    }
    if (fits) break;
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const p of placed) ctx.fillText(p.label, p.at, y);
}

/**
 * The font size (CSS px) a canvas view draws its text in: the canvas element's CSS font-size,
 * so a large-type mode (presentation) reaches the canvas too. Read when the canvas is resized,
 * not every frame.
 */
export function canvasFontPx(el: Element, fallback = 11): number {
  const px = parseFloat(getComputedStyle(el).fontSize);
  return Number.isFinite(px) && px > 0 ? px : fallback;
}
