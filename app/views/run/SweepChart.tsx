// A sweep's chart: one figure against the varied key, one line per policy through the seeds'
// mean and a band over their spread (min to max). Every point is a link to its run (the scenario
// at that point, the first seed) and opens in a new tab, so the sweep stays. d3 makes the scales
// and the paths; React draws them, so the SVG is also what "SVG" and "PNG" export.
import * as d3 from 'd3';
import { useRef } from 'react';
import type { SweepPlan } from '../../../src/sweep/plan';
import type { SweepFigures } from '../../../src/sweep/columns';
import type { SweepValue } from '../../../src/sweep/keys';
import { useExportable } from '../../export/registry';
import { tick } from '../../format';

/** One point of one policy: the figure over its seeds done so far. */
export interface SweepPoint {
  value: SweepValue;
  policy: string;
  min: number;
  max: number;
  mean: number;
  /** Seeds with a finite figure. */
  n: number;
  /** The row of the point's first seed: the run its link opens. */
  row: number;
}

/** Points by policy, in the plan's order, from the rows done so far (a point without a finite figure is left out). */
export function sweepSeries(plan: SweepPlan, figures: readonly (SweepFigures | null)[], figure: string): { policy: string; points: SweepPoint[] }[] {
  const values = plan.axes[0].values;
  const P = plan.policies.length, S = plan.seeds.length;
  return plan.policies.map((policy, pi) => ({
    policy,
    points: values.flatMap((value, vi) => {
      const first = (vi * P + pi) * S;
      const ys: number[] = [];
      for (let si = 0; si < S; si++) {
        const v = figures[first + si]?.[figure];
        if (typeof v === 'number' && Number.isFinite(v)) ys.push(v);
      }
      if (ys.length === 0) return [];
      return [{ value, policy, min: Math.min(...ys), max: Math.max(...ys), mean: ys.reduce((a, b) => a + b, 0) / ys.length, n: ys.length, row: first }];
    }),
  }));
}

const W = 640, H = 320;
const M = { left: 64, right: 16, top: 14, bottom: 46 };
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

/** Drawn again by its parent whenever a row is done (the figures fill in place). */
export function SweepChart({ plan, figures, figure, figureLabel, href }: {
  plan: SweepPlan;
  figures: readonly (SweepFigures | null)[];
  figure: string;
  figureLabel: string;
  href: (row: number) => string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const axis = plan.axes[0];
  useExportable({ id: 'sweep', title: `Sweep: ${figureLabel} against ${axis.key.text}`, element: () => ref.current });
  const series = sweepSeries(plan, figures, figure);
  const all = series.flatMap((s) => s.points);
  const numeric = axis.key.leaf.kind === 'number';
  const xs = axis.values as number[];
  const lo = numeric ? Math.min(...xs) : 0, hi = numeric ? Math.max(...xs) : 0;
  // A range by a factor (1..64*2) reads best on a log axis.
  const log = numeric && lo > 0 && hi / lo >= 16;
  const x: (v: SweepValue) => number = numeric
    ? (log ? d3.scaleLog().domain([lo, hi]) : d3.scaleLinear().domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])).range([M.left, W - M.right]) as unknown as (v: SweepValue) => number
    : (v) => d3.scalePoint<string>().domain(axis.values.map(String)).range([M.left, W - M.right]).padding(0.3)(String(v)) ?? M.left;
  const ymin = all.length ? Math.min(...all.map((p) => p.min)) : 0, ymax = all.length ? Math.max(...all.map((p) => p.max)) : 1;
  const y = d3.scaleLinear().domain(ymin === ymax ? [ymin - (Math.abs(ymin) || 1) * 0.1, ymax + (Math.abs(ymax) || 1) * 0.1] : [ymin, ymax]).nice().range([H - M.bottom, M.top]);
  const xTicks: SweepValue[] = !numeric || xs.length <= 8 ? axis.values : log ? d3.scaleLog().domain([lo, hi]).ticks(6) : d3.scaleLinear().domain([lo, hi]).ticks(6);
  const colour = (i: number) => d3.schemeTableau10[i % 10];
  const band = d3.area<SweepPoint>().x((p) => x(p.value)).y0((p) => y(p.min)).y1((p) => y(p.max));
  const line = d3.line<SweepPoint>().x((p) => x(p.value)).y((p) => y(p.mean));
  const seeds = plan.seeds.length;
  return (
    <figure className="sweep-chart">
      <svg
        ref={ref}
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={`${figureLabel} against ${axis.key.text}: one line per policy (${plan.policies.join(', ')}) through the mean of ${seeds} seed${seeds === 1 ? '' : 's'}${seeds > 1 ? ', a band from the lowest to the highest' : ''}. Each point is a link to its run.`}
        data-testid="sweep-chart"
      >
        <g className="grid">
          {y.ticks(5).map((t) => <line key={t} x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />)}
        </g>
        <g className="axis">
          <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
          {xTicks.map((t) => <text key={String(t)} x={x(t)} y={H - M.bottom + 16} textAnchor="middle">{typeof t === 'number' ? tick(t) : t}</text>)}
          <text x={(M.left + W - M.right) / 2} y={H - 8} textAnchor="middle" className="axis-title">{axis.key.text}</text>
          {y.ticks(5).map((t) => <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end">{tick(t)}</text>)}
          <text transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis-title">{figureLabel}</text>
        </g>
        {series.map((s, i) => (
          <g key={s.policy} className="series" data-policy={s.policy}>
            {seeds > 1 && <path d={band(s.points) ?? ''} fill={colour(i)} fillOpacity={0.18} stroke="none" />}
            <path d={line(s.points) ?? ''} fill="none" stroke={colour(i)} strokeWidth={2} strokeDasharray={DASHES[i % DASHES.length] || undefined} />
            {s.points.map((p) => (
              <a key={String(p.value)} href={href(p.row)} target="_blank" rel="noopener" aria-label={`Open the run at ${axis.key.text} = ${p.value}, ${s.policy}, seed ${plan.seeds[0]}: ${figureLabel} ${tick(p.mean)}${p.n > 1 ? ` (mean of ${p.n}; ${tick(p.min)} to ${tick(p.max)})` : ''}`} data-point={`${p.value}|${s.policy}`}>
                <circle cx={x(p.value)} cy={y(p.mean)} r={4.5} fill={colour(i)} />
              </a>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="sweep-legend">
        {plan.policies.map((p, i) => (
          <span key={p}>
            <svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke={colour(i)} strokeWidth={2} strokeDasharray={DASHES[i % DASHES.length] || undefined} /></svg> {p}
          </span>
        ))}
        {seeds > 1 && <span className="muted">line: mean of {seeds} seeds; band: lowest to highest</span>}
      </figcaption>
    </figure>
  );
}
