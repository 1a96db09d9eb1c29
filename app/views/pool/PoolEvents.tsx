// The pool manager's extents as events on the migrations chart (app/views/memory/MigrationChart.tsx):
// per epoch, extents granted to hosts (bars up) and reclaimed from them (bars down), in a band
// of their own on the chart's time axis, with their key, the readout's lines for the epoch
// under the pointer, and a line of text with this epoch's and the run's counts.
import * as d3 from 'd3';
import { POOL } from '../../../src/engine/snapshot';
import { BOUNDS } from '../../../src/scenario/bounds';
import { live } from '../../actions';
import { summaryColumn } from '../../events';
import { epochLabel, fmtInt, tick } from '../../format';
import { PoolHistory } from '../../pool-live';
import type { ThemeColours } from '../../theme';
import { useLiveTick } from '../../use-live';

const EPOCH = summaryColumn('epoch');
/** Share of the chart's plot height the extents' band takes. */
export const EXTENT_BAND = 0.42;

/** Extents granted and reclaimed by run A summed into bins of `per` epochs from epoch `first`. */
function binnedExtents(first: number, per: number, bins: number): { up: Float64Array; down: Float64Array } {
  const up = new Float64Array(bins), down = new Float64Array(bins);
  const rows = live.pool.rows;
  for (let i = 0; i < live.rowCount; i++) {
    const o = live.rowOffset(i), po = PoolHistory.offsetOf(o);
    const b = Math.floor((live.rows[o + EPOCH] - first) / per);
    if (b < 0 || b >= bins || Number.isNaN(rows[po])) continue;
    up[b] += rows[po + POOL.extentsGranted];
    down[b] += rows[po + POOL.extentsReclaimed];
  }
  return { up, down };
}

/** The band's data and scale: bins of extents, a symmetric y scale and its tick labels (the chart makes room for them). */
export interface ExtentBand { up: Float64Array; down: Float64Array; y: d3.ScaleLinear<number, number>; ticks: number[]; labels: string[]; top: number; bottom: number; per: number; bins: number }

export function extentBand(first: number, per: number, bins: number, top: number, bottom: number): ExtentBand {
  const { up, down } = binnedExtents(first, per, bins);
  const max = Math.max(1, d3.max(up) ?? 0, d3.max(down) ?? 0);
  const y = d3.scaleLinear().domain([-max, max]).nice(2).range([bottom, top]);
  const ticks = y.ticks(2).filter(Number.isInteger);
  return { up, down, y, ticks, labels: ticks.map((v) => tick(Math.abs(v))), top, bottom, per, bins };
}

/** Draws the extents' band: its grid, bars per bin, its key above it. */
export function drawExtents(ctx: CanvasRenderingContext2D, c: ThemeColours, band: ExtentBand, o: { x0: number; x1: number; bx(b: number): number; bw: number }): void {
  const { up, down, y } = band;
  ctx.strokeStyle = c.grid;
  ctx.fillStyle = c.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  band.ticks.forEach((v, i) => {
    const yy = Math.round(y(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(o.x0, yy); ctx.lineTo(o.x1, yy); ctx.stroke();
    ctx.fillText(band.labels[i], o.x0 - 6, yy);
  });
  for (let b = 0; b < band.bins; b++) {
    const px = o.bx(b);
    ctx.fillStyle = c.throughput;
    if (up[b] > 0) ctx.fillRect(px, y(up[b]), o.bw, y(0) - y(up[b]));
    ctx.fillStyle = c.amat;
    if (down[b] > 0) ctx.fillRect(px, y(0), o.bw, y(-down[b]) - y(0));
  }
  ctx.strokeStyle = c.muted;
  ctx.beginPath(); ctx.moveTo(o.x0, Math.round(y(0)) + 0.5); ctx.lineTo(o.x1, Math.round(y(0)) + 0.5); ctx.stroke();
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillStyle = c.throughput;
  ctx.fillText(`▲ pool extents granted${band.per > 1 ? ` (per ${band.per} epochs)` : ''}`, o.x0, band.top - 2);
  ctx.textAlign = 'right';
  ctx.fillStyle = c.amat;
  ctx.fillText('▼ extents reclaimed', o.x1, band.top - 2);
}

/** The readout's lines for one epoch. */
export function ExtentsReadout({ epoch }: { epoch: number }) {
  const o = live.rowOfEpoch(epoch);
  const po = o >= 0 ? PoolHistory.offsetOf(o) : -1;
  const ok = po >= 0 && !Number.isNaN(live.pool.rows[po]);
  return (
    <p className="readout-extents">
      Pool extents: ▲ {ok ? fmtInt(live.pool.rows[po + POOL.extentsGranted]) : '–'} granted, ▼ {ok ? fmtInt(live.pool.rows[po + POOL.extentsReclaimed]) : '–'} reclaimed
    </p>
  );
}

/** The text alternative of the band: this epoch's and the run's extents. */
export function ExtentsLine() {
  useLiveTick();
  const p = live.epochsDone > 0 ? live.latest?.pool : null;
  return (
    <p className="muted extents-line" data-testid="extents-line">
      Pool extents {p ? `in ${epochLabel(live.shownEpoch, live.meta?.epochMs ?? BOUNDS.epochMs.default)}` : 'per epoch'}:{' '}
      ▲ <strong data-metric="extents-granted">{p ? fmtInt(p[POOL.extentsGranted]) : '–'}</strong> granted,{' '}
      ▼ <strong data-metric="extents-reclaimed">{p ? fmtInt(p[POOL.extentsReclaimed]) : '–'}</strong> reclaimed; since the run started{' '}
      ▲ <strong data-metric="extents-granted-run">{fmtInt(live.pool.totalGranted)}</strong>,{' '}
      ▼ <strong data-metric="extents-reclaimed-run">{fmtInt(live.pool.totalReclaimed)}</strong>
    </p>
  );
}
