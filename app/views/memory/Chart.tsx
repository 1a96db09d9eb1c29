// The run over simulated time: the hot set's share in fast memory, AMAT and throughput (or,
// in presentation mode, the series it asks for) as stacked canvas panels sharing one x axis,
// event markers across all of them, and a readout of the epoch under the pointer. Each epoch
// is plotted at its end (every time axis is simulated seconds). Text follows the canvas's CSS
// font-size (large type in presentation mode). With an A/B comparison on, run A is drawn solid
// in its colour and run B dashed in another.
import { useRef, useState, type PointerEvent, type RefObject } from 'react';
import * as d3 from 'd3';
import { BOUNDS } from '../../../src/scenario/bounds';
import { live, liveB } from '../../actions';
import { describeEvent, eventsOf, summaryColumn } from '../../events';
import { useBox, useFrame, type Box } from '../../frame';
import type { LiveData } from '../../live';
import { epochLabel, epochSpan, fmt, fmtInt, pct, secondsTick, tick } from '../../format';
import { useLiveSelect, useLiveTick } from '../../use-live';
import { themeColours, themeVersion, type ThemeColours } from '../../theme';
import { useExportable } from '../../export/registry';
import { canvasFontPx, drawMarkers, drawXTicks, labelWidth, MARKERS, prepare } from './canvas';
import { Readout } from './Readout';
import { RunKey, useRunPolicies } from '../run/RunPair';

const EPOCH = summaryColumn('epoch');
const AMAT = summaryColumn('amatNs');
const TPUT = summaryColumn('throughputGBps');
const FAST = summaryColumn('fastTierAccessShare');
/** Share of the hot set's pages in the fast tier. */
const HOT = summaryColumn('hotSetFastShare');

interface Panel {
  field: number;
  label: string;
  /** In a title: "AMAT". */
  name: string;
  colour: keyof ThemeColours;
  /** A share: the axis is 0-100 %. */
  share: boolean;
  value(v: number): string;
}

/** What a panel of the chart can plot. */
export type Series = 'hot' | 'amat' | 'throughput' | 'fast';
export const SERIES: Record<Series, Panel> = {
  hot: { field: HOT, label: 'hot set in fast memory (%)', name: 'hot set in fast memory', colour: 'hotset', share: true, value: (v) => pct(v, 1) },
  amat: { field: AMAT, label: 'AMAT (ns)', name: 'AMAT', colour: 'amat', share: false, value: (v) => `${fmt(v, 0)} ns` },
  throughput: { field: TPUT, label: 'throughput (GB/s)', name: 'throughput', colour: 'throughput', share: false, value: (v) => `${fmt(v, 1)} GB/s` },
  fast: { field: FAST, label: 'fast-tier share of accesses (%)', name: 'fast-tier share', colour: 'promote', share: true, value: (v) => pct(v, 1) },
};
const DEFAULT_SERIES: Series[] = ['hot', 'amat', 'throughput'];

/** Text size (CSS px) of the canvas views unless their element's CSS says otherwise. */
export const FONT_PX = 11;
export const chartFont = (px: number) => `${px}px system-ui, sans-serif`;
/** Room for the marker glyphs on top, each panel's label, the x ticks below, in units of the font size. */
const PAD_EM = { right: 1.1, glyph: 1.1, label: 1.55, bottom: 2 };
/** Run B's line pattern (run A is solid). */
export const B_DASH = [7, 4];

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
    if (!canvas || !visible || w === 0 || h === 0) return;
    const d = drawn.current;
    const size = `${w}x${h}@${window.devicePixelRatio}|${themeVersion()}`;
    const key = `${keyOf()}|${size}`;
    if (d.key === key) return;
    // The font size is style, read only when the size or theme changed (a large-type mode changes both).
    if (d.size !== size) d.font = canvasFontPx(canvas, FONT_PX);
    d.key = key; d.size = size;
    draw(prepare(canvas, w, h), w, h, d.font);
  });
  const box = useBox(ref, invalidate);
  return { box, font: () => drawn.current.font };
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

interface HoverAt { x: number; y: number; epoch: number }

/** "Hot set in fast memory, AMAT and throughput": the panels' names as a title. */
function titleOf(series: readonly Series[]): string {
  const names = series.map((s) => SERIES[s].name);
  const t = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return t[0].toUpperCase() + t.slice(1);
}

/** "X on top and Y below", "X on top, Y in the middle and Z below". */
function placesOf(series: readonly Series[]): string {
  const l = series.map((s) => SERIES[s].label);
  if (l.length === 1) return l[0];
  if (l.length === 2) return `${l[0]} on top and ${l[1]} below`;
  return `${l[0]} on top, ${l.slice(1, -1).join(', ')} in the middle and ${l[l.length - 1]} below`;
}

export function Chart({ series = DEFAULT_SERIES }: { series?: readonly Series[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const geom = useRef<TimeGeometry | null>(null);
  const [hover, setHover] = useState<HoverAt | null>(null);
  const { a: policyA, b: policyB } = useRunPolicies();
  const hoverEpoch = hover?.epoch ?? -1;
  const { box, font } = useCanvasFrame(ref, () => `${live.version}|${liveB.version}|${policyA}|${policyB}|${hoverEpoch}|${series.join()}`, (ctx, w, h, px) => {
    geom.current = draw(ctx, w, h, policyB !== null, hoverEpoch, series, px);
  });
  const title = titleOf(series);
  useExportable({
    id: 'chart',
    title: `${title} chart`,
    element: () => ref.current,
    draw: (ctx, w, h) => { draw(ctx, w, h, policyB !== null, -1, series, font()); },
  });

  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const g = geom.current;
    if (!g) return;
    const x = e.nativeEvent.offsetX, y = e.nativeEvent.offsetY;
    setHover({ x, y, epoch: epochAt(g, x) });
  };

  return (
    <div className="chart">
      <h2>{title} per epoch <ShownEpochs /></h2>
      <ChartKey policyA={policyA} policyB={policyB} />
      <div className="plot">
        <canvas
          ref={ref}
          className="chart-canvas"
          role="img"
          aria-label={`Line charts over simulated time in seconds, one point per epoch at its end: ${placesOf(series)}${policyB ? `; run A (${policyA}) solid lines, run B (${policyB}) dashed lines` : ''}; markers for policy starts, hot-set shifts and promotion bursts. The live metrics panel gives the current values.`}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
        />
        {hover && hoverEpoch >= 0 && (
          <Readout at={{ x: hover.x, y: hover.y, w: box.current.w, h: box.current.h }} label={`Readout of epoch ${hoverEpoch}`}>
            <ChartReadout epoch={hoverEpoch} policyA={policyA} policyB={policyB} series={series} />
          </Readout>
        )}
      </div>
    </div>
  );
}

/** Which line is which run, and what each marker glyph means. */
export function ChartKey({ policyA, policyB }: { policyA: string; policyB: string | null }) {
  return (
    <p className="chart-key">
      {policyB && <><RunKey which="a" policy={policyA} /><RunKey which="b" policy={policyB} /></>}
      <span className="marker-key" aria-label="Markers">
        {(Object.keys(MARKERS) as (keyof typeof MARKERS)[]).map((k) => (
          <span key={k}><span aria-hidden="true" className={`glyph ${k}`}>{MARKERS[k].glyph[0]}</span> {MARKERS[k].name}</span>
        ))}
      </span>
    </p>
  );
}

function ChartReadout({ epoch, policyA, policyB, series }: { epoch: number; policyA: string; policyB: string | null; series: readonly Series[] }) {
  useLiveTick(0, policyB !== null);
  const runs: [LiveData, 'a' | 'b', string][] = policyB ? [[live, 'a', policyA], [liveB, 'b', policyB]] : [[live, 'a', policyA]];
  const epochMs = live.meta?.epochMs ?? BOUNDS.epochMs.default;
  return (
    <>
      <strong>{epochLabel(epoch, epochMs)}</strong>
      <table>
        {policyB && <thead><tr><th scope="col"><span className="visually-hidden">Figure</span></th>{runs.map(([, w, p]) => <th scope="col" key={w}><RunKey which={w} policy={p} /></th>)}</tr></thead>}
        <tbody>
          {series.map((s) => SERIES[s]).map((p) => (
            <tr key={p.label}>
              <th scope="row">{p.label.replace(/ \(.*\)$/, '')}</th>
              {runs.map(([r, w]) => {
                const o = r.rowOfEpoch(epoch);
                return <td key={w}>{o >= 0 ? p.value(r.rows[o + p.field]) : '–'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <EventLines epoch={epoch} runs={runs} />
    </>
  );
}

/** The events of `epoch` in each run, one line each (shared with the migrations chart). */
export function EventLines({ epoch, runs }: { epoch: number; runs: [LiveData, 'a' | 'b', string][] }) {
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

/** Run colours and line styles: A solid, B dashed (never colour alone). */
export function runStyle(c: ThemeColours, k: number, single: string): { colour: string; dash: number[] } {
  return { colour: k === 0 ? (single || c.runA) : c.runB, dash: k === 0 ? [] : B_DASH };
}

/** Markers of every run on a time axis: all of A's events, B's own bursts (shifts and the start are the same as A's). */
export function drawRunMarkers(ctx: CanvasRenderingContext2D, runs: readonly LiveData[], c: ThemeColours, xOf: (epoch: number) => number, o: { top: number; bottom: number; glyphY: number; x0: number; x1: number }): void {
  runs.forEach((r, k) => {
    const events = k === 0 ? eventsOf(r) : eventsOf(r).filter((e) => e.kind === 'burst');
    drawMarkers(ctx, events, xOf, { ...o, colour: runs.length > 1 ? (k === 0 ? c.runA : c.runB) : c.muted, run: k === 0 ? 0 : 1 });
  });
}

function draw(ctx: CanvasRenderingContext2D, w: number, h: number, ab: boolean, hover: number, series: readonly Series[], font: number): TimeGeometry | null {
  const c = themeColours();
  ctx.font = chartFont(font);
  const pad = { right: PAD_EM.right * font, glyph: PAD_EM.glyph * font, label: PAD_EM.label * font, bottom: PAD_EM.bottom * font };
  const panelsShown = series.map((s) => SERIES[s]);
  const runs = ab ? [live, liveB] : [live];
  const g = epochRange(runs, live.meta?.epochMs ?? BOUNDS.epochMs.default);
  if (!g) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.fillText('Press Play or Step to start the simulation', w / 2, h / 2);
    return null;
  }
  const n = panelsShown.length;
  const top0 = pad.glyph + pad.label;
  const panelH = Math.max(20, (h - top0 - pad.bottom - (n - 1) * pad.label) / n);
  const panels = panelsShown.map((p, k) => {
    const top = top0 + k * (panelH + pad.label);
    let max = 0;
    for (const r of runs) for (let i = 0; i < r.rowCount; i++) max = Math.max(max, r.rows[r.rowOffset(i) + p.field]);
    const y = d3.scaleLinear().domain([0, p.share ? 1 : max > 0 ? max * 1.1 : 1]).nice(4).range([top + panelH, top]);
    const ticks = y.ticks(panelH >= 80 ? 4 : 2);
    const label = p.share ? (v: number) => `${Math.round(v * 100)}%` : tick;
    return { p, top, y, ticks, labels: ticks.map(label) };
  });
  // The y labels get the room they need: none is ever clipped.
  g.x0 = labelWidth(ctx, panels.flatMap((q) => q.labels)) + 10;
  g.x1 = w - pad.right;
  const x = d3.scaleLinear().domain([g.t0, g.t1]).range([g.x0, g.x1]);
  const at = (e: number) => x((e + 1) * g.epochS);

  for (const { p, top, y, ticks, labels } of panels) {
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
    // The panel's name sits above its plot, clear of the top tick's label (left of x0).
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = c.fg;
    ctx.fillText(p.label, g.x0, top - 5);
    runs.forEach((r, k) => {
      if (r.rowCount === 0) return;
      const s = runStyle(c, k, ab ? '' : c[p.colour]);
      ctx.strokeStyle = s.colour;
      ctx.fillStyle = s.colour;
      ctx.lineWidth = 2;
      ctx.setLineDash(s.dash);
      ctx.beginPath();
      for (let i = 0; i < r.rowCount; i++) {
        const o = r.rowOffset(i);
        const px = at(r.rows[o + EPOCH]), py = y(r.rows[o + p.field]);
        if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
      }
      if (r.rowCount === 1) ctx.arc(at(r.rows[r.rowOffset(0) + EPOCH]), y(r.rows[r.rowOffset(0) + p.field]), 2.5, 0, 2 * Math.PI);
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }
  const bottom = top0 + n * panelH + (n - 1) * pad.label;
  drawRunMarkers(ctx, runs, c, at, { top: pad.glyph, bottom, glyphY: pad.glyph / 2 + 1, x0: g.x0, x1: g.x1 });
  if (hover >= g.first && hover <= g.last) {
    const hx = Math.round(at(hover)) + 0.5;
    ctx.strokeStyle = c.fg;
    ctx.globalAlpha = 0.45;
    ctx.beginPath(); ctx.moveTo(hx, pad.glyph); ctx.lineTo(hx, bottom); ctx.stroke();
    ctx.globalAlpha = 1;
  }
  ctx.fillStyle = c.muted;
  drawXTicks(ctx, x, secondsTick, bottom + 5, 0, w);
  return g;
}
