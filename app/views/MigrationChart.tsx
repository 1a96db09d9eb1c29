// Migrations per epoch: promotions as bars above the axis, demotions below, for the epochs
// in the summary-row ring (binned when there are more epochs than pixels). Each bar spans its
// epoch on the simulated-time axis every view shares (seconds).
import { useRef } from 'react';
import * as d3 from 'd3';
import { SUMMARY_FIELDS } from '../../src/snapshot';
import { live } from '../actions';
import { useFrame } from '../frame';
import { secondsTick, tick } from '../format';
import { useLiveTick } from '../use-live';
import { ShownEpochs } from './Chart';
import { themeColours, themeVersion } from '../theme';
import { useExportable } from '../export/registry';
import { canvasFontPx, drawXTicks, prepare } from './canvas';

const EPOCH = SUMMARY_FIELDS.indexOf('epoch');
const PROMO = SUMMARY_FIELDS.indexOf('promotions');
const DEMO = SUMMARY_FIELDS.indexOf('demotions');
/** Paddings in units of the font size (text follows the canvas's CSS font-size). */
const PAD = { left: 4.2, right: 0.9, top: 1.65, bottom: 1.8 };

export function MigrationChart() {
  useLiveTick();
  const ref = useRef<HTMLCanvasElement>(null);
  const drawn = useRef({ version: -1, theme: -1, w: 0, h: 0, font: 11 });
  useFrame(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const d = drawn.current;
    if (d.version === live.version && d.theme === themeVersion() && d.w === w && d.h === h) return;
    if (d.w !== w || d.h !== h || d.theme !== themeVersion()) d.font = canvasFontPx(canvas);
    Object.assign(d, { version: live.version, theme: themeVersion(), w, h });
    draw(prepare(canvas, w, h), w, h, d.font);
  });
  useExportable({ id: 'migrations', title: 'Migrations chart', element: () => ref.current, draw: (ctx, w, h) => draw(ctx, w, h, drawn.current.font) });
  return (
    <div className="chart migration-chart">
      <h2>Migrations per epoch <ShownEpochs /></h2>
      <canvas
        ref={ref}
        className="migration-canvas"
        role="img"
        aria-label="Bar chart over simulated time in seconds, one bar per epoch: pages promoted to a faster tier (bars up) and demoted to a slower tier (bars down) in each epoch. The live metrics panel gives the totals."
      />
    </div>
  );
}

function draw(ctx: CanvasRenderingContext2D, w: number, h: number, font: number): void {
  const c = themeColours();
  ctx.font = `${font}px system-ui, sans-serif`;
  const n = live.rowCount;
  const x0 = PAD.left * font, x1 = w - PAD.right * font, top = PAD.top * font, bottom = h - PAD.bottom * font;
  if (n === 0) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.fillText('No epochs yet', w / 2, h / 2);
    return;
  }
  const rows = live.rows;
  // Bins of whole epochs, at least one pixel wide each.
  const per = Math.max(1, Math.ceil(n / Math.max(1, x1 - x0)));
  const bins = Math.ceil(n / per);
  const up = new Float64Array(bins), down = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const o = live.rowOffset(i);
    up[Math.floor(i / per)] += rows[o + PROMO];
    down[Math.floor(i / per)] += rows[o + DEMO];
  }
  const max = Math.max(1, d3.max(up) ?? 0, d3.max(down) ?? 0);
  const y = d3.scaleLinear().domain([-max, max]).nice(2).range([bottom, top]);
  const e0 = rows[live.rowOffset(0) + EPOCH], e1 = rows[live.rowOffset(n - 1) + EPOCH];
  // Simulated seconds: epoch e spans e to e + 1 epochs of epochMs each.
  const epochS = (live.meta?.epochMs ?? 100) / 1000;
  const x = d3.scaleLinear().domain([e0 * epochS, (e1 + 1) * epochS]).range([x0, x1]);
  const bw = Math.max(1, (x1 - x0) / Math.max(bins, (e1 - e0 + 1) / per));

  ctx.strokeStyle = c.grid;
  ctx.fillStyle = c.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of y.ticks(4).filter(Number.isInteger)) {
    const yy = Math.round(y(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(x0, yy); ctx.lineTo(x1, yy); ctx.stroke();
    ctx.fillText(tick(Math.abs(v)), x0 - 6, yy);
  }
  for (let b = 0; b < bins; b++) {
    const px = x((e0 + b * per) * epochS);
    ctx.fillStyle = c.promote;
    if (up[b] > 0) ctx.fillRect(px, y(up[b]), Math.max(1, bw - (bw > 3 ? 1 : 0)), y(0) - y(up[b]));
    ctx.fillStyle = c.demote;
    if (down[b] > 0) ctx.fillRect(px, y(0), Math.max(1, bw - (bw > 3 ? 1 : 0)), y(-down[b]) - y(0));
  }
  ctx.strokeStyle = c.muted;
  ctx.beginPath(); ctx.moveTo(x0, Math.round(y(0)) + 0.5); ctx.lineTo(x1, Math.round(y(0)) + 0.5); ctx.stroke();
  if (live.totalMigrations === 0) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('No page has moved yet', (x0 + x1) / 2, y(0) - 6);
  }

  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillStyle = c.promote;
  ctx.fillText(`▲ promoted${per > 1 ? ` (per ${per} epochs)` : ''}`, x0, top - 3);
  ctx.fillStyle = c.demote;
  ctx.textAlign = 'right';
  ctx.fillText('▼ demoted', x1, top - 3);
  ctx.fillStyle = c.muted;
  drawXTicks(ctx, x, secondsTick, bottom + 4, 0, w);
}
