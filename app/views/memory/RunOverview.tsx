// The whole run under the chart once it outgrows the chart's ring (a booth demo playing for
// hours): LiveData keeps the newest epochs at full resolution and the whole run decimated, the
// minimum and maximum of each figure per bucket of epochs (app/decimated.ts), drawn here as one
// strip per series with the stretch the chart above shows in full marked.
import { useRef } from 'react';
import { live } from '../../actions';
import { summaryColumn } from '../../events';
import { fmtInt } from '../../format';
import { useLiveSelect } from '../../use-live';
import { themeColours, type ThemeColours } from '../../theme';
import { chartFont, useCanvasFrame } from './TimeChart';

const EPOCH = summaryColumn('epoch');
/** Height of one series' strip, in units of the font size. */
const STRIP_EM = 1.9;

/** A series of the chart above: its summary column (one of OVERVIEW_FIELDS), name and colour. */
export interface OverviewSeries {
  field: number;
  name: string;
  colour: keyof ThemeColours;
  /** A share: its strip runs 0-100 %. */
  share: boolean;
}

/** Draws the strips at w x h: each bucket a vertical bar from its minimum to its maximum. */
function drawOverview(ctx: CanvasRenderingContext2D, w: number, h: number, series: readonly OverviewSeries[], font: number): void {
  const d = live.overview, c = themeColours();
  if (d.count === 0) return;
  ctx.font = chartFont(font);
  const n = series.length, stripH = h / n, F = d.fields;
  const left = 0, right = w;
  const xOf = (epoch: number) => left + (epoch / Math.max(1, d.epochs)) * (right - left);
  // The stretch the chart above shows at full resolution.
  const first = live.rowCount ? live.rows[live.rowOffset(0) + EPOCH] : d.epochs;
  ctx.fillStyle = c.grid;
  ctx.fillRect(xOf(first), 0, right - xOf(first), h);
  series.forEach((p, k) => {
    const f = d.columns.indexOf(p.field);
    if (f < 0) return;
    let hi = 0;
    for (let b = 0; b < d.count; b++) hi = Math.max(hi, d.max[b * F + f]);
    const top = hi > 0 ? (p.share ? 1 : hi) : 1;
    const y0 = k * stripH + 2, y1 = (k + 1) * stripH - 2;
    const y = (v: number) => y1 - (v / top) * (y1 - y0);
    ctx.fillStyle = c[p.colour];
    for (let b = 0; b < d.count; b++) {
      const x0 = xOf(d.firstEpoch(b)), x1 = xOf(Math.min(d.epochs, d.firstEpoch(b) + d.width));
      const ya = y(d.max[b * F + f]), yb = y(d.min[b * F + f]);
      ctx.fillRect(x0, ya, Math.max(1, x1 - x0), Math.max(1, yb - ya));
    }
    ctx.fillStyle = c.fg;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(p.name, 4, k * stripH + 2);
  });
}

export function RunOverview({ series }: { series: readonly OverviewSeries[] }) {
  // Shown once the run has epochs the chart's ring no longer holds.
  const dropped = useLiveSelect(() => live.overview.epochs > live.rowCount);
  return dropped ? <Overview series={series} /> : null;
}

/** The strips and their caption (a component of its own: its canvas exists from its first render, as the frame needs). */
function Overview({ series }: { series: readonly OverviewSeries[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const width = useLiveSelect(() => live.overview.width);
  const epochs = useLiveSelect(() => live.overview.epochs);
  const shownFrom = useLiveSelect(() => (live.rowCount ? live.rows[live.rowOffset(0) + EPOCH] : 0));
  useCanvasFrame(ref, () => `${live.version}|${series.map((p) => p.field).join()}`, (ctx, w, h, font) => drawOverview(ctx, w, h, series, font));
  return (
    <div className="run-overview">
      <p className="hint">
        The whole run, epochs 0–{fmtInt(epochs - 1)}: each bar spans the lowest to the highest value over {fmtInt(width)} epochs;
        the chart above shows epochs {fmtInt(shownFrom)}–{fmtInt(epochs - 1)} (shaded here) one by one.
      </p>
      <canvas
        ref={ref}
        className="overview-canvas"
        style={{ height: `${STRIP_EM * series.length}em` }}
        role="img"
        aria-label={`The whole run, decimated: ${series.map((p) => p.name).join(', ')}, minimum to maximum per ${fmtInt(width)} epochs`}
      />
    </div>
  );
}
