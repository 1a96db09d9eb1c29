// The run over simulated time: the fast-tier share, AMAT and throughput (or,
// in presentation mode, the series it asks for) as stacked canvas panels sharing one x axis,
// event markers across all of them, and a readout of the epoch under the pointer. Each epoch
// is plotted at its end (every time axis is simulated seconds). Text follows the canvas's CSS
// font-size (large type in presentation mode). With an A/B comparison on, run A is drawn solid
// in its colour and run B dashed in another.
import * as d3 from 'd3';
import { metric } from '../../../src/metrics/registry';
import { summaryColumn } from '../../events';
import { fmt, measuredNothing, metricText, pct, tick } from '../../format';
import type { ThemeColours } from '../../theme';
import { affine, traceLine } from './canvas';
import { drawYGrid, runStyle, TimeChart, type ReadoutRun, type TimeFrame, type TimePlot } from './TimeChart';
import { RunKey } from '../run/RunPair';
import { RunOverview } from './RunOverview';

const EPOCH = summaryColumn('epoch');
const AMAT = summaryColumn('amatNs');
const TPUT = summaryColumn('throughputGBps');
const FAST = summaryColumn('fastTierAccessShare');
/** Share of the hot set's pages in the fast tier. */
const HOT = summaryColumn('hotSetFastShare');
/** One name for one figure: the registry's label, in the chart and everywhere else. */
const FAST_NAME = metric('fastTierAccessShare').label.toLowerCase();
const HOT_NAME = metric('hotSetFastShare').label.toLowerCase();

interface Panel {
  field: number;
  label: string;
  /** In a title: "AMAT". */
  name: string;
  colour: keyof ThemeColours;
  /** A share: the axis is 0-100 %. */
  share: boolean;
  value(v: number): string;
  /** The epoch measured nothing (an AMAT with no access served): the line has a gap there. */
  none(v: number): boolean;
}

const never = () => false;
const AMAT_METRIC = metric('amatNs');

/** What a panel of the chart can plot. */
export type Series = 'hot' | 'amat' | 'throughput' | 'fast';
export const SERIES: Record<Series, Panel> = {
  hot: { field: HOT, label: `${HOT_NAME} (%)`, name: HOT_NAME, colour: 'hotset', share: true, value: (v) => pct(v, 1), none: never },
  amat: { field: AMAT, label: 'AMAT (ns)', name: 'AMAT', colour: 'amat', share: false, value: (v) => metricText(AMAT_METRIC, v), none: (v) => measuredNothing(AMAT_METRIC, v) },
  throughput: { field: TPUT, label: 'throughput (GB/s)', name: 'throughput', colour: 'throughput', share: false, value: (v) => `${fmt(v, 1)} GB/s`, none: never },
  fast: { field: FAST, label: `${FAST_NAME} (%)`, name: FAST_NAME, colour: 'promote', share: true, value: (v) => pct(v, 1), none: never },
};
/** The fast-tier share, AMAT and throughput: the figures the lessons and the live metrics name. */
const DEFAULT_SERIES: Series[] = ['fast', 'amat', 'throughput'];

/** Room for the marker glyphs on top, each panel's label, the x ticks below, in units of the font size. */
const PAD_EM = { glyph: 1.1, label: 1.55, bottom: 2 };

/** "Fast-tier share, AMAT and throughput": the panels' names as a title. */
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
  const title = titleOf(series);
  return (
    <TimeChart
      id="chart"
      title={`${title} chart`}
      className="chart"
      canvasClassName="chart-canvas"
      heading={`${title} per epoch`}
      runKey="always"
      label={(policyA, policyB) => `Line charts over simulated time in seconds, one point per epoch at its end: ${placesOf(series)}${policyB ? `; run A (${policyA}) solid lines, run B (${policyB}) dashed lines` : ''}; markers for policy starts, hot-set shifts and promotion bursts. The live metrics panel gives the current values.`}
      deps={series.join()}
      empty="Press Play or Step to start the simulation"
      hoverMark="line"
      plot={(f) => plot(f, series)}
      readoutLabel={(epoch) => `Readout of epoch ${epoch}`}
      readout={(epoch, runs) => <SeriesReadout epoch={epoch} runs={runs} series={series} />}
    >
      <RunOverview series={series.map((s) => SERIES[s])} />
    </TimeChart>
  );
}

/** Each series' value in the epoch, per run. */
function SeriesReadout({ epoch, runs, series }: { epoch: number; runs: ReadoutRun[]; series: readonly Series[] }) {
  return (
    <table>
      {runs.length > 1 && <thead><tr><th scope="col"><span className="visually-hidden">Figure</span></th>{runs.map(([, w, p]) => <th scope="col" key={w}><RunKey which={w} policy={p} /></th>)}</tr></thead>}
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
  );
}

/** The panels stacked on one time axis, each with its label above it. */
function plot(f: TimeFrame, series: readonly Series[]): TimePlot {
  const { ctx, h, font, c, runs, ab } = f;
  const pad = { glyph: PAD_EM.glyph * font, label: PAD_EM.label * font, bottom: PAD_EM.bottom * font };
  const panelsShown = series.map((s) => SERIES[s]);
  const n = panelsShown.length;
  const top0 = pad.glyph + pad.label;
  const panelH = Math.max(20, (h - top0 - pad.bottom - (n - 1) * pad.label) / n);
  const panels = panelsShown.map((p, k) => {
    const top = top0 + k * (panelH + pad.label);
    let max = 0;
    for (const r of runs) for (let i = 0; i < r.rowCount; i++) max = Math.max(max, r.rows[r.rowOffset(i) + p.field]);
    const y = d3.scaleLinear().domain([0, p.share ? 1 : max > 0 ? max * 1.1 : 1]).nice(4).range([top + panelH, top]);
    let ticks = y.ticks(panelH >= 80 ? 4 : 2);
    // No more tick labels than fit one above another (a short panel: its two ends only).
    if (ticks.length > 2 && (panelH / (ticks.length - 1)) < 1.2 * font) ticks = [ticks[0], ticks[ticks.length - 1]];
    const label = p.share ? (v: number) => `${Math.round(v * 100)}%` : tick;
    return { p, top, y, ticks, labels: ticks.map(label) };
  });
  const axis = f.axis(panels.flatMap((q) => q.labels));
  const { at } = axis;
  const titles: { text: string; x: number; y: number }[] = [];

  for (const { p, top, y, ticks, labels } of panels) {
    drawYGrid(f, y, ticks, labels);
    // The panel's name sits above its plot, clear of the top tick's label (left of x0); TimeChart draws it.
    titles.push({ text: p.label, x: f.g.x0, y: top - 5 });
    runs.forEach((r, k) => {
      if (r.rowCount === 0) return;
      const s = runStyle(c, k, ab ? '' : c[p.colour]);
      ctx.strokeStyle = s.colour;
      ctx.fillStyle = s.colour;
      // Thicker with larger type: a projector's lines (presentation mode) stay visible.
      ctx.lineWidth = Math.max(2, font / 6);
      ctx.setLineDash(s.dash);
      ctx.beginPath();
      // One point object for the whole line (traceLine reads it at once): no array per epoch.
      const { a, b } = affine(y), q: [number, number] = [0, 0];
      traceLine(ctx, r.rowCount, (i) => {
        const o = r.rowOffset(i), v = r.rows[o + p.field];
        if (p.none(v)) return null;
        q[0] = at(r.rows[o + EPOCH]); q[1] = a * v + b;
        return q;
      });
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }
  const bottom = top0 + n * panelH + (n - 1) * pad.label;
  return { axis, top: pad.glyph, bottom, glyphY: pad.glyph / 2 + 1, ticksY: bottom + 5, titles };
}
