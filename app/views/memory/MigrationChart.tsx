// Migrations per epoch: promotions as bars above the axis, demotions below, for the epochs
// in the summary-row ring (binned when there are more epochs than pixels), event markers, and
// a readout of the epoch under the pointer. Each bar spans its epoch on the simulated-time
// axis every view shares (seconds). With an A/B comparison on, run A's bars are filled in its
// colour and run B's drawn over them as a dashed outline in another. A scenario with a pool adds
// the pool manager's extents granted (up) and reclaimed (down) per epoch in a band of their own
// below (app/views/pool/PoolEvents.tsx), with their key, readout lines and a text line.
import * as d3 from 'd3';
import { live } from '../../actions';
import { summaryColumn } from '../../events';
import type { LiveData } from '../../live';
import { fmtInt, tick } from '../../format';
import { useLiveSelect } from '../../use-live';
import { drawYGrid, runStyle, TimeChart, type ReadoutRun, type TimeFrame, type TimePlot } from './TimeChart';
import { drawExtents, EXTENT_BAND, extentBand, ExtentsLine, ExtentsReadout } from '../pool/PoolEvents';
import { RunKey } from '../run/RunPair';

const EPOCH = summaryColumn('epoch');
const PROMO = summaryColumn('promotions');
const DEMO = summaryColumn('demotions');
/** Paddings in units of the font size (text follows the canvas's CSS font-size). */
const PAD_EM = { top: 2.7, bottom: 1.8, glyph: 1.1 };

export function MigrationChart() {
  const pooled = useLiveSelect(() => live.pool.pooled);
  return (
    <TimeChart
      id="migrations"
      title="Migrations chart"
      className="chart migration-chart"
      canvasClassName={`migration-canvas${pooled ? ' pooled' : ''}`}
      heading={`Migrations${pooled ? ' and pool extents' : ''} per epoch`}
      runKey="ab"
      label={(policyA, policyB) => `Bar chart over simulated time in seconds, one bar per epoch: pages promoted to a faster tier (bars up) and demoted to a slower tier (bars down) in each epoch${policyB ? `; run A (${policyA}) filled bars, run B (${policyB}) dashed outlines` : ''}.${pooled ? ' Below, in a band of its own: pool extents the pool manager granted to hosts (bars up) and reclaimed (bars down) in each epoch.' : ''} The live metrics panel gives the totals${pooled ? ', the line under the chart the extents' : ''}.`}
      deps=""
      empty="No epochs yet"
      hoverMark="band"
      plot={plot}
      readoutLabel={(epoch) => `Migrations in epoch ${epoch}`}
      readout={(epoch, runs) => <MigrationReadout epoch={epoch} runs={runs} />}
    >
      {pooled && <ExtentsLine />}
    </TimeChart>
  );
}

/** Pages promoted and demoted in the epoch, per run (and the pool's extents). */
function MigrationReadout({ epoch, runs }: { epoch: number; runs: ReadoutRun[] }) {
  return (
    <>
      <table>
        <tbody>
          {runs.map(([r, w, p]) => {
            const o = r.rowOfEpoch(epoch);
            return (
              <tr key={w}>
                {runs.length > 1 && <th scope="row"><RunKey which={w} policy={p} /></th>}
                <td>▲ {o >= 0 ? fmtInt(r.rows[o + PROMO]) : '–'} promoted</td>
                <td>▼ {o >= 0 ? fmtInt(r.rows[o + DEMO]) : '–'} demoted</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {live.pool.pooled && <ExtentsReadout epoch={epoch} />}
    </>
  );
}

/** Promotions and demotions of `r` summed into bins of `per` epochs from epoch `first`. */
function binned(r: LiveData, first: number, per: number, bins: number): { up: Float64Array; down: Float64Array } {
  const up = new Float64Array(bins), down = new Float64Array(bins);
  for (let i = 0; i < r.rowCount; i++) {
    const o = r.rowOffset(i);
    const b = Math.floor((r.rows[o + EPOCH] - first) / per);
    if (b < 0 || b >= bins) continue;
    up[b] += r.rows[o + PROMO];
    down[b] += r.rows[o + DEMO];
  }
  return { up, down };
}

/** Promotions up and demotions down, binned; a pool's extents in a band below. */
function plot(f: TimeFrame): TimePlot {
  const { ctx, w, h, font, c, runs, ab, g } = f;
  const pad = { top: PAD_EM.top * font, bottom: PAD_EM.bottom * font, glyph: PAD_EM.glyph * font };
  // A pool's extents get a band of their own under the migrations, sharing the time axis.
  const band = live.pool.pooled ? Math.round((h - pad.top - pad.bottom) * EXTENT_BAND) : 0;
  const top = pad.top, bottom = h - pad.bottom - band;
  const epochs = g.last - g.first + 1;
  // Bins of whole epochs, at least one pixel wide each.
  const per = Math.max(1, Math.ceil(epochs / Math.max(1, w - 60)));
  const bins = Math.ceil(epochs / per);
  const data = runs.map((r) => binned(r, g.first, per, bins));
  const max = Math.max(1, ...data.map((d) => Math.max(d3.max(d.up) ?? 0, d3.max(d.down) ?? 0)));
  const y = d3.scaleLinear().domain([-max, max]).nice(2).range([bottom, top]);
  const ticks = y.ticks(4).filter(Number.isInteger);
  const labels = ticks.map((v) => tick(Math.abs(v)));
  const ext = band > 0 ? extentBand(g.first, per, bins, bottom + font * 1.6, bottom + band) : null;
  const axis = f.axis([...labels, ...(ext?.labels ?? [])]);
  const { x } = axis;
  const bx = (b: number) => x((g.first + b * per) * g.epochS);
  const bw = Math.max(1, bx(1) - bx(0));
  const gapW = bw > 3 ? 1 : 0;

  drawYGrid(f, y, ticks, labels);
  // Run A: filled bars (promotions up, demotions down).
  const a = data[0];
  for (let b = 0; b < bins; b++) {
    const px = bx(b);
    ctx.fillStyle = ab ? c.runA : c.promote;
    if (a.up[b] > 0) ctx.fillRect(px, y(a.up[b]), Math.max(1, bw - gapW), y(0) - y(a.up[b]));
    ctx.fillStyle = ab ? c.runA : c.demote;
    if (a.down[b] > 0) ctx.fillRect(px, y(0), Math.max(1, bw - gapW), y(-a.down[b]) - y(0));
  }
  // Run B: the outline of its bars, dashed.
  if (data[1]) {
    const s = runStyle(c, 1, '');
    ctx.strokeStyle = s.colour;
    ctx.setLineDash(s.dash);
    ctx.lineWidth = 2;
    for (const [vals, sign] of [[data[1].up, 1], [data[1].down, -1]] as const) {
      ctx.beginPath();
      ctx.moveTo(bx(0), y(0));
      for (let b = 0; b < bins; b++) { ctx.lineTo(bx(b), y(sign * vals[b])); ctx.lineTo(bx(b + 1), y(sign * vals[b])); }
      ctx.lineTo(bx(bins), y(0));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.lineWidth = 1;
  }
  ctx.strokeStyle = c.muted;
  ctx.beginPath(); ctx.moveTo(g.x0, Math.round(y(0)) + 0.5); ctx.lineTo(g.x1, Math.round(y(0)) + 0.5); ctx.stroke();
  if (runs.every((r) => r.totalMigrations === 0)) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('No page has moved yet', (g.x0 + g.x1) / 2, y(0) - 6);
  }
  // The key sits above the plot, clear of the markers' glyph row and of the top tick.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillStyle = ab ? c.fg : c.promote;
  ctx.fillText(`▲ promoted${per > 1 ? ` (per ${per} epochs)` : ''}`, g.x0, top - 4);
  ctx.fillStyle = ab ? c.fg : c.demote;
  ctx.textAlign = 'right';
  ctx.fillText('▼ demoted', g.x1, top - 4);
  if (ext) drawExtents(ctx, c, ext, { x0: g.x0, x1: g.x1, bx, bw: Math.max(1, bw - gapW) });
  return { axis, top, bottom, glyphY: pad.glyph / 2 + 1, ticksY: bottom + band + 4 };
}
