// AMAT and throughput (or, in presentation mode, AMAT and the fast-tier share) over simulated
// time: two stacked canvas panels sharing the x axis, drawn from the summary-row ring with d3
// scales. Text follows the canvas's CSS font-size (large type in presentation mode). Each epoch is plotted at its end (the time
// axis of every view is simulated seconds). With an A/B comparison on, run B is drawn over run
// A as a dashed line.
import { useRef } from 'react';
import * as d3 from 'd3';
import { SUMMARY_FIELDS } from '../../src/snapshot';
import { live, liveB } from '../actions';
import { useFrame } from '../frame';
import type { LiveData } from '../live';
import { useApp } from '../store';
import { epochSpan, secondsTick, tick } from '../format';
import { useLiveTick } from '../use-live';
import { themeColours, themeVersion } from '../theme';
import { useExportable } from '../export/registry';
import { canvasFontPx, drawXTicks, prepare } from './canvas';

const EPOCH = SUMMARY_FIELDS.indexOf('epoch');
const TIME = SUMMARY_FIELDS.indexOf('timeMs');
const AMAT = SUMMARY_FIELDS.indexOf('amatNs');
const TPUT = SUMMARY_FIELDS.indexOf('throughputGBps');
const FAST = SUMMARY_FIELDS.indexOf('fastTierAccessShare');

/** Paddings in units of the font size (11 px: 46 px on the left). */
const PAD = { left: 4.2, right: 0.9, top: 1.45, bottom: 2, gap: 2.4 };
const B_DASH = [5, 4];

/** What a panel of the chart can plot. */
export type Series = 'amat' | 'throughput' | 'fast';
const SERIES: Record<Series, { field: number; label: string; name: string; colour: 'amat' | 'throughput' | 'promote'; share?: boolean }> = {
  amat: { field: AMAT, label: 'AMAT (ns)', name: 'AMAT', colour: 'amat' },
  throughput: { field: TPUT, label: 'throughput (GB/s)', name: 'throughput', colour: 'throughput' },
  fast: { field: FAST, label: 'fast-tier share of accesses (%)', name: 'fast-tier share', colour: 'promote', share: true },
};

export function Chart({ series = ['amat', 'throughput'] }: { series?: [Series, Series] }) {
  useLiveTick(0, true);
  const ref = useRef<HTMLCanvasElement>(null);
  const drawn = useRef({ version: -1, versionB: -1, theme: -1, w: 0, h: 0, names: '', font: 11 });
  const policyA = useApp((s) => s.scenario?.policy.name ?? '');
  const policyB = useApp((s) => s.compare);
  const names = `${series.join('+')}|${policyB ? `${policyA}|${policyB}` : ''}`;
  const ab = policyB ? { a: policyA, b: policyB } : null;
  const title = `${SERIES[series[0]].name} and ${SERIES[series[1]].name}`;

  useFrame(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const d = drawn.current;
    if (d.version === live.version && d.versionB === liveB.version && d.theme === themeVersion() && d.w === w && d.h === h && d.names === names) return;
    if (d.w !== w || d.h !== h || d.theme !== themeVersion()) d.font = canvasFontPx(canvas);
    Object.assign(d, { version: live.version, versionB: liveB.version, theme: themeVersion(), w, h, names });
    draw(prepare(canvas, w, h), w, h, ab, series, d.font);
  });
  useExportable({
    id: 'chart',
    title: `${title} chart`,
    element: () => ref.current,
    draw: (ctx, w, h) => draw(ctx, w, h, ab, series, drawn.current.font),
  });

  return (
    <div className="chart">
      <h2>{title[0].toUpperCase() + title.slice(1)} per epoch <ShownEpochs /></h2>
      {policyB && (
        <p className="chart-key">
          <span><span className="key-line" aria-hidden="true" /> A: {policyA}</span>
          <span><span className="key-line dashed" aria-hidden="true" /> B: {policyB}</span>
        </p>
      )}
      <canvas
        ref={ref}
        className="chart-canvas"
        role="img"
        aria-label={`Line charts over simulated time in seconds, one point per epoch at its end: ${SERIES[series[0]].label} on top and ${SERIES[series[1]].label} below${policyB ? `; solid lines are run A (${policyA}), dashed lines run B (${policyB})` : ''}. The live metrics panel gives the current values.`}
      />
    </div>
  );
}

/** "epochs 0–55 (t = 0–5.6 s)": what the charts show, from the data on screen. */
export function ShownEpochs() {
  const n = live.rowCount;
  if (n === 0 || !live.meta) return null;
  const first = live.rows[live.rowOffset(0) + EPOCH];
  return <span className="scope-inline" data-shown-epoch={live.shownEpoch}>· {epochSpan(first, live.shownEpoch, live.meta.epochMs)}</span>;
}

function rowsOf(src: LiveData): { n: number; at(i: number, f: number): number } {
  return { n: src.rowCount, at: (i, f) => src.rows[src.rowOffset(i) + f] };
}

function draw(ctx: CanvasRenderingContext2D, w: number, h: number, ab: { a: string; b: string } | null, shown: readonly Series[], font: number): void {
  const c = themeColours();
  ctx.font = `${font}px system-ui, sans-serif`;
  const pad = { left: PAD.left * font, right: PAD.right * font, top: PAD.top * font, bottom: PAD.bottom * font, gap: PAD.gap * font };
  const runs = ab ? [rowsOf(live), rowsOf(liveB)] : [rowsOf(live)];
  const panelH = (h - pad.top - pad.bottom - pad.gap) / 2;
  const x0 = pad.left, x1 = w - pad.right;
  if (runs.every((r) => r.n === 0)) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.fillText('Press Play or Step to start the simulation', w / 2, h / 2);
    return;
  }
  const epochMs = live.meta?.epochMs ?? 100;
  // Seconds of simulated time; an epoch's point sits at its end.
  const end = (r: { at(i: number, f: number): number }, i: number) => (r.at(i, TIME) + epochMs) / 1000;
  let tStart = Infinity, tEnd = -Infinity;
  for (const r of runs) {
    if (r.n === 0) continue;
    tStart = Math.min(tStart, r.at(0, TIME) / 1000);
    tEnd = Math.max(tEnd, end(r, r.n - 1));
  }
  const x = d3.scaleLinear().domain([tStart, tEnd]).range([x0, x1]);

  const panels = shown.map((s, k) => ({ ...SERIES[s], colour: c[SERIES[s].colour], top: pad.top + k * (panelH + pad.gap) }));
  for (const p of panels) {
    let max = 0;
    for (const r of runs) for (let i = 0; i < r.n; i++) max = Math.max(max, r.at(i, p.field));
    // A share is drawn on its whole 0-100 % range: a line near the top means nearly all.
    const y = d3.scaleLinear().domain([0, p.share ? 1 : max > 0 ? max * 1.1 : 1]).nice(4).range([p.top + panelH, p.top]);
    const label = p.share ? (v: number) => `${Math.round(v * 100)}` : tick;
    // Grid and y ticks.
    ctx.strokeStyle = c.grid;
    ctx.fillStyle = c.muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of y.ticks(4)) {
      const yy = Math.round(y(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x0, yy); ctx.lineTo(x1, yy); ctx.stroke();
      ctx.fillText(label(v), x0 - 6, yy);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = c.fg;
    ctx.fillText(p.label, x0, p.top - 3);
    // The series: A solid, B dashed.
    runs.forEach((r, k) => {
      if (r.n === 0) return;
      ctx.strokeStyle = p.colour;
      ctx.lineWidth = k === 0 ? 1.75 : 1.5;
      ctx.setLineDash(k === 0 ? [] : B_DASH);
      ctx.beginPath();
      for (let i = 0; i < r.n; i++) {
        const px = x(end(r, i)), py = y(r.at(i, p.field));
        if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
      }
      if (r.n === 1) { ctx.moveTo(x0, y(r.at(0, p.field))); ctx.lineTo(x1, y(r.at(0, p.field))); }
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }
  // Shared x axis under the lower panel.
  ctx.fillStyle = c.muted;
  drawXTicks(ctx, x, secondsTick, pad.top + 2 * panelH + pad.gap + 4, 0, w);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText('simulated time (s)', x1, pad.top + panelH + pad.gap - 3);
}
