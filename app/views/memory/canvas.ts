// Shared set-up for the canvas charts: backing store sized to the element and the pixel ratio,
// and x-axis labels that never overlap.
import type { ScaleLinear } from 'd3';
import type { EventKind, RunEvent } from '../../events';

/**
 * A linear scale as the map `a * v + b` (unclamped, as d3's default): a loop over thousands of
 * points computes its coordinates inline instead of calling the scale per point.
 */
export function affine(scale: ScaleLinear<number, number>): { a: number; b: number } {
  const [d0, d1] = scale.domain(), [r0, r1] = scale.range();
  if (d1 === d0) return { a: 0, b: (r0 + r1) / 2 };
  const a = (r1 - r0) / (d1 - d0);
  return { a, b: r0 - a * d0 };
}

/**
 * A time axis `x` (seconds) as the x of an epoch's end, inline: a chart calls it per point.
 * Epoch e ends at (e + 1) x epochS seconds.
 */
export function epochEndX(x: ScaleLinear<number, number>, epochS: number): (e: number) => number {
  const { a, b } = affine(x), pxPerEpoch = a * epochS, first = b + pxPerEpoch;
  return (e) => first + e * pxPerEpoch;
}

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
  const placed = placeXTicks(ctx, x, fmt, left, right, integers);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const p of placed) ctx.fillText(p.label, p.at, y);
}

/** Tick placements by axis (domain, range, font, bounds): an axis that did not move is not measured again. */
const placements = new Map<string, { label: string; at: number }[]>();

function placeXTicks(ctx: CanvasRenderingContext2D, x: ScaleLinear<number, number>, fmt: (v: number) => string, left: number, right: number, integers: boolean): { label: string; at: number }[] {
  const key = `${x.domain().join()}|${x.range().join()}|${ctx.font}|${left}|${right}|${integers}|${fmt(1.5)}`;
  const known = placements.get(key);
  if (known) return known;
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
  if (placements.size >= 64) placements.clear();
  placements.set(key, placed);
  return placed;
}

/**
 * How each kind of event is marked on a time axis: a line pattern and a glyph (filled for run
 * A, hollow for run B), so neither the kind nor the run depends on colour alone.
 */
export const MARKERS: Record<EventKind, { dash: number[]; glyph: [string, string]; name: string }> = {
  policy: { dash: [6, 3, 1, 3], glyph: ['●', '○'], name: 'policy starts' },
  shift: { dash: [], glyph: ['◆', '◇'], name: 'hot set shifted' },
  burst: { dash: [2, 3], glyph: ['▲', '△'], name: 'promotion burst' },
  timeline: { dash: [1, 2], glyph: ['■', '□'], name: 'timeline event' },
};

/**
 * Event markers: a line from `top` to `bottom` at each event's x (its epoch's end) and its
 * glyph centred on `glyphY`. Events outside [x0, x1] are skipped.
 */
export function drawMarkers(ctx: CanvasRenderingContext2D, events: readonly RunEvent[], xOf: (epoch: number) => number, o: { top: number; bottom: number; glyphY: number; x0: number; x1: number; colour: string; run: 0 | 1 }): void {
  ctx.save();
  ctx.strokeStyle = o.colour;
  ctx.fillStyle = o.colour;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.75;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const e of events) {
    const x = Math.round(xOf(e.epoch)) + 0.5;
    if (x < o.x0 - 1 || x > o.x1 + 1) continue;
    const m = MARKERS[e.kind];
    ctx.setLineDash(m.dash);
    ctx.beginPath(); ctx.moveTo(x, o.top); ctx.lineTo(x, o.bottom); ctx.stroke();
    ctx.fillText(m.glyph[o.run], x, o.glyphY);
  }
  ctx.restore();
}

/** Width of the widest of `labels` in the context's font: y-axis labels get that room, never clipped. */
export function labelWidth(ctx: CanvasRenderingContext2D, labels: readonly string[]): number {
  let w = 0;
  for (const l of labels) w = Math.max(w, ctx.measureText(l).width);
  return Math.ceil(w);
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

/**
 * Traces a line through points 0..count-1 onto the current path; `point` returns null where the
 * epoch measured nothing, which breaks the line there (no false drop to 0), and a point alone
 * between breaks becomes a dot of radius r.
 */
export function traceLine(ctx: Pick<CanvasRenderingContext2D, 'moveTo' | 'lineTo' | 'arc'>, count: number, point: (i: number) => readonly [number, number] | null, r = 2.5): void {
  let run = 0, lastX = 0, lastY = 0;
  const dot = () => { if (run === 1) { ctx.moveTo(lastX + r, lastY); ctx.arc(lastX, lastY, r, 0, 2 * Math.PI); } };
  for (let i = 0; i < count; i++) {
    const q = point(i);
    if (q === null) { dot(); run = 0; continue; }
    if (run === 0) ctx.moveTo(q[0], q[1]); else ctx.lineTo(q[0], q[1]);
    run++; lastX = q[0]; lastY = q[1];
  }
  dot();
}

/**
 * Traces points 0..count-1 (x ascending) with at most four per pixel column: the column's
 * first, lowest, highest and last, as trace viewers draw long series. The line looks the same
 * and a canvas path of thousands of epochs stays a few hundred points.
 */
export function traceColumns(ctx: Pick<CanvasRenderingContext2D, 'moveTo' | 'lineTo'>, count: number, xOf: (i: number) => number, yOf: (i: number) => number): void {
  let col = NaN, first = 0, lo = 0, hi = 0, last = 0, started = false;
  const emit = () => {
    if (Number.isNaN(col)) return;
    if (!started) { ctx.moveTo(col, first); started = true; } else ctx.lineTo(col, first);
    if (lo !== first) ctx.lineTo(col, lo);
    if (hi !== lo) ctx.lineTo(col, hi);
    if (last !== hi) ctx.lineTo(col, last);
  };
  for (let i = 0; i < count; i++) {
    const c = Math.round(xOf(i)), y = yOf(i);
    if (c !== col) { emit(); col = c; first = lo = hi = last = y; continue; }
    if (y < lo) lo = y;
    if (y > hi) hi = y;
    last = y;
  }
  emit();
}
