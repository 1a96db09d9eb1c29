// AMAT and throughput over simulated time: two stacked canvas panels sharing the x axis,
// drawn from the summary-row ring with d3 scales.
import { useRef } from 'react';
import * as d3 from 'd3';
import { SUMMARY_FIELDS } from '../../src/snapshot';
import { live } from '../actions';
import { useFrame } from '../frame';
import { themeColours, themeVersion } from '../theme';

const TIME = SUMMARY_FIELDS.indexOf('timeMs');
const AMAT = SUMMARY_FIELDS.indexOf('amatNs');
const TPUT = SUMMARY_FIELDS.indexOf('throughputGBps');

const PAD = { left: 46, right: 10, top: 16, bottom: 22, gap: 26 };

export function Chart() {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawn = useRef({ version: -1, theme: -1, w: 0, h: 0 });

  useFrame(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const d = drawn.current;
    if (d.version === live.version && d.theme === themeVersion() && d.w === w && d.h === h) return;
    Object.assign(d, { version: live.version, theme: themeVersion(), w, h });
    const dpr = window.devicePixelRatio || 1;
    const cw = Math.max(1, Math.round(w * dpr)), ch = Math.max(1, Math.round(h * dpr));
    if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    draw(ctx, w, h);
  });

  return (
    <div className="chart">
      <h2>AMAT and throughput over simulated time</h2>
      <canvas
        ref={ref}
        className="chart-canvas"
        role="img"
        aria-label="Line charts over simulated time: average memory access time (AMAT, ns) on top and throughput (GB/s) below. The live metrics panel gives the current values."
      />
    </div>
  );
}

function draw(ctx: CanvasRenderingContext2D, w: number, h: number): void {
  const c = themeColours();
  ctx.font = '11px system-ui, sans-serif';
  const n = live.rowCount;
  const panelH = (h - PAD.top - PAD.bottom - PAD.gap) / 2;
  const x0 = PAD.left, x1 = w - PAD.right;
  if (n === 0) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.fillText('Press Play or Step to start the simulation', w / 2, h / 2);
    return;
  }
  const rows = live.rows;
  const t = (i: number) => rows[live.rowOffset(i) + TIME];
  const epochMs = live.meta?.epochMs ?? 100;
  const tStart = t(0), tEnd = Math.max(t(n - 1), tStart + epochMs);
  const x = d3.scaleLinear().domain([tStart, tEnd]).range([x0, x1]);
  const seconds = tEnd - tStart >= 5000;
  const xFmt = (v: number) => (seconds ? `${d3.format('~g')(v / 1000)} s` : `${d3.format('~g')(v)} ms`);

  const panels = [
    { field: AMAT, label: 'AMAT (ns)', colour: c.amat, top: PAD.top },
    { field: TPUT, label: 'throughput (GB/s)', colour: c.throughput, top: PAD.top + panelH + PAD.gap },
  ];
  for (const p of panels) {
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, rows[live.rowOffset(i) + p.field]);
    const y = d3.scaleLinear().domain([0, max > 0 ? max * 1.1 : 1]).nice(4).range([p.top + panelH, p.top]);
    // Grid and y ticks.
    ctx.strokeStyle = c.grid;
    ctx.fillStyle = c.muted;
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of y.ticks(4)) {
      const yy = Math.round(y(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x0, yy); ctx.lineTo(x1, yy); ctx.stroke();
      ctx.fillText(d3.format('~s')(v), x0 - 6, yy);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = c.fg;
    ctx.fillText(p.label, x0, p.top - 3);
    // The series.
    ctx.strokeStyle = p.colour;
    ctx.lineWidth = 1.75;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const o = live.rowOffset(i);
      const px = x(rows[o + TIME]), py = y(rows[o + p.field]);
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    if (n === 1) ctx.lineTo(x1, y(rows[live.rowOffset(0) + p.field]));
    ctx.stroke();
  }
  // Shared x axis under the lower panel.
  ctx.fillStyle = c.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const axisY = PAD.top + 2 * panelH + PAD.gap + 4;
  for (const v of x.ticks(Math.max(2, Math.floor((x1 - x0) / 80)))) {
    const label = xFmt(v);
    // Keep the outermost labels inside the canvas.
    const half = ctx.measureText(label).width / 2;
    ctx.fillText(label, Math.min(w - half - 1, Math.max(half + 1, x(v))), axisY);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText('simulated time', x1, PAD.top + panelH + PAD.gap - 3);
}
