// One frame for the canvas charts over simulated time (the run chart, Chart.tsx, and the
// migrations chart, MigrationChart.tsx): the heading with the epochs shown, the run key, the
// canvas redrawn in a frame when its data, size or theme change, the x axis (simulated seconds,
// each epoch at its end) right of the widest y label, the event markers, the hovered epoch,
// the readout of the epoch under the pointer with its events, and the same drawing for the
// Export sheet. A chart brings its plot and its readout's figures. The pool chart uses the
// canvas frame (useCanvasFrame) and the time range (epochRange) only.
import { useRef, useState, type PointerEvent, type ReactNode, type RefObject } from 'react';
import * as d3 from 'd3';
import { BOUNDS } from '../../../src/scenario/bounds';
import { live, liveB } from '../../actions';
import { describeEvent, eventsOf, summaryColumn } from '../../events';
import { useBox, useFrame, type Box } from '../../frame';
import type { LiveData } from '../../live';
import { epochLabel, epochSpan, fmtInt, secondsTick } from '../../format';
import { useLiveSelect, useLiveTick } from '../../use-live';
import { themeColours, themeVersion, type ThemeColours } from '../../theme';
import { useExportable } from '../../export/registry';
import { canvasFontPx, epochEndX, drawMarkers, drawXTicks, labelWidth, MARKERS, prepare } from './canvas';
import { Readout } from './Readout';
import { RunKey, useRunPolicies } from '../run/RunPair';

const EPOCH = summaryColumn('epoch');

/** Text size (CSS px) of the canvas views unless their element's CSS says otherwise. */
export const FONT_PX = 11;
export const chartFont = (px: number) => `${px}px system-ui, sans-serif`;
/** Run B's line pattern (run A is solid). */
const B_DASH = [7, 4];
/** Room right of the time axis, in units of the font size. */
const RIGHT_EM = 1.1;

/**
 * A canvas chart's frame: draws with `draw` (in CSS pixels, at the canvas's CSS font size) in a
 * frame when the key of its data (`keyOf`), its size, the pixel ratio or the theme changed, and
 * only while on screen. Returns its box (the readouts place themselves in it) and the font size
 * last read (an export draws with it).
 */
export function useCanvasFrame(ref: RefObject<HTMLCanvasElement | null>, keyOf: () => string, draw: (ctx: CanvasRenderingContext2D, w: number, h: number, font: number) => void): { box: RefObject<Box>; font: () => number } {
  const drawn = useRef({ key: '', size: '', font: FONT_PX });
  const invalidate = useFrame(() => {
    const canvas = ref.current;
    const { w, h, visible } = box.current;
    if (!canvas || !visible || w === 0 || h === 0) return false;
    const d = drawn.current;
    const size = `${w}x${h}@${window.devicePixelRatio}|${themeVersion()}`;
    const key = `${keyOf()}|${size}`;
    if (d.key === key) return false;
    // The font size is style, read only when the size or theme changed (a large-type mode changes both).
    if (d.size !== size) d.font = canvasFontPx(canvas, FONT_PX);
    d.key = key; d.size = size;
    draw(prepare(canvas, w, h), w, h, d.font);
  });
  const box = useBox(ref, invalidate);
  // A chart never drawn yet (not scrolled into view) still has a font size for an export to use.
  const font = () => (drawn.current.size || !ref.current ? drawn.current.font : canvasFontPx(ref.current, FONT_PX));
  return { box, font };
}

/** Where the last drawing put the time axis: pointer x to epoch. */
export interface TimeGeometry { x0: number; x1: number; t0: number; t1: number; epochS: number; first: number; last: number }

/** The epoch whose point is nearest to x on the drawn axis. */
export function epochAt(g: TimeGeometry, x: number): number {
  const t = g.t0 + ((x - g.x0) / Math.max(1, g.x1 - g.x0)) * (g.t1 - g.t0);
  return Math.max(g.first, Math.min(g.last, Math.round(t / g.epochS) - 1));
}

/** The epochs in the rings of the given runs, and the time they span. */
export function epochRange(runs: readonly LiveData[], epochMs: number): TimeGeometry | null {
  let first = Infinity, last = -Infinity;
  for (const r of runs) {
    if (r.rowCount === 0) continue;
    first = Math.min(first, r.rows[r.rowOffset(0) + EPOCH]);
    last = Math.max(last, r.rows[r.rowOffset(r.rowCount - 1) + EPOCH]);
  }
  if (!Number.isFinite(first)) return null;
  const epochS = epochMs / 1000;
  return { x0: 0, x1: 0, t0: first * epochS, t1: (last + 1) * epochS, epochS, first, last };
}

/** Run colours and line styles: A solid, B dashed (never colour alone). */
export function runStyle(c: ThemeColours, k: number, single: string): { colour: string; dash: number[] } {
  return { colour: k === 0 ? (single || c.runA) : c.runB, dash: k === 0 ? [] : B_DASH };
}

/** The x axis a time chart placed: simulated seconds to x, and the x of an epoch's end. */
export interface TimeAxis {
  x: d3.ScaleLinear<number, number>;
  at(epoch: number): number;
}

/** What a time chart's plot is drawn with: the context set up, the runs shown, their time range. */
export interface TimeFrame {
  ctx: CanvasRenderingContext2D;
  w: number;
  h: number;
  font: number;
  c: ThemeColours;
  /** Run A, and run B with a comparison on. */
  runs: LiveData[];
  ab: boolean;
  g: TimeGeometry;
  /** Places the time axis right of the widest of the y labels (none is ever clipped). */
  axis(yLabels: readonly string[]): TimeAxis;
}

/** Where the plot went: the frame draws the markers and the hovered epoch from `top` to `bottom`, the seconds under it at `ticksY`. */
export interface TimePlot {
  axis: TimeAxis;
  top: number;
  bottom: number;
  /** Centre line of the markers' glyphs, above `top`. */
  glyphY: number;
  ticksY: number;
  /** The panels' names (left-aligned, baseline at the bottom): drawn over the event markers, on the background. */
  titles?: readonly { text: string; x: number; y: number }[];
}

/** A y axis's grid lines across the plot, each labelled left of the time axis. */
export function drawYGrid(f: TimeFrame, y: (v: number) => number, ticks: readonly number[], labels: readonly string[]): void {
  const { ctx, c, g } = f;
  ctx.strokeStyle = c.grid;
  ctx.fillStyle = c.muted;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ticks.forEach((v, i) => {
    const yy = Math.round(y(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(g.x0, yy); ctx.lineTo(g.x1, yy); ctx.stroke();
    ctx.fillText(labels[i], g.x0 - 6, yy);
  });
}

/** Markers of every run on a time axis: all of A's events, B's own bursts (shifts and the start are the same as A's). */
function drawRunMarkers(ctx: CanvasRenderingContext2D, runs: readonly LiveData[], c: ThemeColours, xOf: (epoch: number) => number, o: { top: number; bottom: number; glyphY: number; x0: number; x1: number }): void {
  runs.forEach((r, k) => {
    const events = k === 0 ? eventsOf(r) : eventsOf(r).filter((e) => e.kind === 'burst');
    drawMarkers(ctx, events, xOf, { ...o, colour: runs.length > 1 ? (k === 0 ? c.runA : c.runB) : c.muted, run: k === 0 ? 0 : 1 });
  });
}

/** How the hovered epoch shows: a line at its end (a line chart's point) or a band over it (a bar). */
type HoverMark = 'line' | 'band';

/** The frame around a chart's plot: its time range (or `empty` before the first epoch), markers, hover mark and seconds. */
function drawTimeChart(ctx: CanvasRenderingContext2D, w: number, h: number, ab: boolean, hover: number, font: number, o: { empty: string; hoverMark: HoverMark; plot: (f: TimeFrame) => TimePlot }): TimeGeometry | null {
  const c = themeColours();
  ctx.font = chartFont(font);
  const runs = ab ? [live, liveB] : [live];
  const g = epochRange(runs, live.meta?.epochMs ?? BOUNDS.epochMs.default);
  if (!g) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.fillText(o.empty, w / 2, h / 2);
    return null;
  }
  const axis = (yLabels: readonly string[]): TimeAxis => {
    g.x0 = labelWidth(ctx, yLabels) + 10;
    g.x1 = w - RIGHT_EM * font;
    const x = d3.scaleLinear().domain([g.t0, g.t1]).range([g.x0, g.x1]);
    return { x, at: epochEndX(x, g.epochS) };
  };
  const { axis: { x, at }, top, bottom, glyphY, ticksY, titles = [] } = o.plot({ ctx, w, h, font, c, runs, ab, g, axis });
  drawRunMarkers(ctx, runs, c, at, { top, bottom, glyphY, x0: g.x0, x1: g.x1 });
  // A marker's line ran through "AMAT (ns)": the names go on top, on the background.
  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.lineJoin = 'round';
  ctx.lineWidth = Math.max(3, font / 4);
  ctx.strokeStyle = c.bg;
  ctx.fillStyle = c.fg;
  for (const t of titles) { ctx.strokeText(t.text, t.x, t.y); ctx.fillText(t.text, t.x, t.y); }
  ctx.restore();
  if (hover >= g.first && hover <= g.last) {
    if (o.hoverMark === 'line') {
      const hx = Math.round(at(hover)) + 0.5;
      ctx.strokeStyle = c.fg;
      ctx.lineWidth = 2;
      ctx.globalAlpha = 0.45;
      ctx.beginPath(); ctx.moveTo(hx, top); ctx.lineTo(hx, bottom); ctx.stroke();
    } else {
      ctx.fillStyle = c.fg;
      ctx.globalAlpha = 0.12;
      ctx.fillRect(x(hover * g.epochS), top, Math.max(1, x((hover + 1) * g.epochS) - x(hover * g.epochS)), bottom - top);
    }
    ctx.globalAlpha = 1;
  }
  ctx.fillStyle = c.muted;
  drawXTicks(ctx, x, secondsTick, ticksY, 0, w);
  return g;
}

/** A run as a readout lists it: its live data, which run, its policy. */
export type ReadoutRun = [LiveData, 'a' | 'b', string];

export interface TimeChartProps {
  /** The Export sheet's id and title of the picture. */
  id: string;
  title: string;
  /** Class of the chart's block and of its canvas (styles and tests find them by it). */
  className: string;
  canvasClassName: string;
  /** The heading's words; the epochs shown follow them. */
  heading: ReactNode;
  /** The run key above the plot: always (it also explains the markers) or only with a comparison on. */
  runKey: 'always' | 'ab';
  /** What the canvas shows, in words, for the runs' policies. */
  label(policyA: string, policyB: string | null): string;
  /** What else the drawing depends on (a change redraws). */
  deps: string;
  /** What the canvas says before the first epoch. */
  empty: string;
  hoverMark: HoverMark;
  /** Draws the plot: calls `f.axis` with its y labels first, returns where it went. */
  plot(f: TimeFrame): TimePlot;
  /** The readout's name for epoch e. */
  readoutLabel(epoch: number): string;
  /** The readout's figures of the epoch in each run, between the epoch's name and its events. */
  readout(epoch: number, runs: ReadoutRun[]): ReactNode;
  /** Below the plot. */
  children?: ReactNode;
}

export function TimeChart(p: TimeChartProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const geom = useRef<TimeGeometry | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; epoch: number } | null>(null);
  const { a: policyA, b: policyB } = useRunPolicies();
  const hoverEpoch = hover?.epoch ?? -1;
  const drawWith = (ctx: CanvasRenderingContext2D, w: number, h: number, hovered: number, font: number) =>
    drawTimeChart(ctx, w, h, policyB !== null, hovered, font, { empty: p.empty, hoverMark: p.hoverMark, plot: p.plot });
  const { box, font } = useCanvasFrame(ref, () => `${live.version}|${liveB.version}|${policyA}|${policyB}|${hoverEpoch}|${p.deps}`, (ctx, w, h, px) => {
    geom.current = drawWith(ctx, w, h, hoverEpoch, px);
  });
  useExportable({ id: p.id, title: p.title, element: () => ref.current, draw: (ctx, w, h) => { drawWith(ctx, w, h, -1, font()); } });
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const g = geom.current;
    if (g) setHover({ x: e.nativeEvent.offsetX, y: e.nativeEvent.offsetY, epoch: epochAt(g, e.nativeEvent.offsetX) });
  };
  return (
    <div className={p.className}>
      <h2>{p.heading} <ShownEpochs /></h2>
      {(p.runKey === 'always' || policyB) && <ChartKey policyA={policyA} policyB={policyB} />}
      <div className="plot">
        <canvas
          ref={ref}
          className={p.canvasClassName}
          role="img"
          aria-label={p.label(policyA, policyB)}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
        />
        {hover && hoverEpoch >= 0 && (
          <Readout at={{ x: hover.x, y: hover.y, w: box.current.w, h: box.current.h }} label={p.readoutLabel(hoverEpoch)}>
            <TimeReadout epoch={hoverEpoch} policyA={policyA} policyB={policyB} figures={p.readout} />
          </Readout>
        )}
      </div>
      {p.children}
    </div>
  );
}

/** The readout of an epoch: its name, the chart's figures in each run, its events. */
function TimeReadout({ epoch, policyA, policyB, figures }: { epoch: number; policyA: string; policyB: string | null; figures: TimeChartProps['readout'] }) {
  useLiveTick(0, policyB !== null);
  const runs: ReadoutRun[] = policyB ? [[live, 'a', policyA], [liveB, 'b', policyB]] : [[live, 'a', policyA]];
  return (
    <>
      <strong>{epochLabel(epoch, live.meta?.epochMs ?? BOUNDS.epochMs.default)}</strong>
      {figures(epoch, runs)}
      <EventLines epoch={epoch} runs={runs} />
    </>
  );
}

/** Which line is which run, and what each marker glyph means. */
function ChartKey({ policyA, policyB }: { policyA: string; policyB: string | null }) {
  // The timeline's marker is keyed only for a scenario that has one.
  const hasTimeline = useLiveSelect(() => (live.meta?.timeline?.length ?? 0) > 0);
  return (
    <p className="chart-key">
      {policyB && <><RunKey which="a" policy={policyA} /><RunKey which="b" policy={policyB} /></>}
      <span className="marker-key" aria-label="Markers">
        {(Object.keys(MARKERS) as (keyof typeof MARKERS)[]).filter((k) => k !== 'timeline' || hasTimeline).map((k) => (
          <span key={k}><span aria-hidden="true" className={`glyph ${k}`}>{MARKERS[k].glyph[0]}</span> {MARKERS[k].name}</span>
        ))}
      </span>
    </p>
  );
}

/** The events of `epoch` in each run, one line each. */
function EventLines({ epoch, runs }: { epoch: number; runs: ReadoutRun[] }) {
  const lines: string[] = [];
  for (const [r, w, policy] of runs) {
    for (const e of eventsOf(r)) {
      if (e.epoch !== epoch || (w === 'b' && e.kind === 'shift')) continue;
      lines.push(`${MARKERS[e.kind].glyph[w === 'a' ? 0 : 1]} ${runs.length > 1 ? `${w.toUpperCase()}: ` : ''}${describeEvent(e, policy, fmtInt)}`);
    }
  }
  return lines.length ? <ul className="readout-events">{lines.map((l) => <li key={l}>{l}</li>)}</ul> : null;
}

/** "epochs 0–55 (t = 0–5.6 s)": what the charts show, from the data on screen. */
export function ShownEpochs() {
  const text = useLiveSelect(() => (live.rowCount === 0 || !live.meta ? null : epochSpan(live.rows[live.rowOffset(0) + EPOCH], live.shownEpoch, live.meta.epochMs)));
  if (text === null) return null;
  return <span className="scope-inline" data-shown-epoch={live.shownEpoch}>· {text}</span>;
}
