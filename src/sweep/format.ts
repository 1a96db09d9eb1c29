// A sweep's rows as text: CSV (a header, then one line per row) and JSON Lines (one object per
// row, no header: shards concatenate as they are). Numbers are rounded as the CLI's JSON report
// rounds them (engine/report.ts round): a row's figure is the digits `npm run sim` prints.
// The CLI and the app's "Download CSV" both write these lines, so their bytes are the same.
import { round } from '../engine/report';
import type { SweepPlan, SweepRow } from './plan';
import { figureColumns, type SweepFigures } from './columns';

/** Every column of a sweep's rows: the varied keys, policy, seed, then the figures. */
export function sweepColumns(plan: SweepPlan): string[] {
  return [...plan.axes.map((a) => a.key.text), 'policy', 'seed', ...figureColumns(plan.base)];
}

/** A CSV field: quoted only when it must be (RFC 4180). */
function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The row's values in column order (numbers rounded; null for a figure that is not finite). */
function rowCells(plan: SweepPlan, row: SweepRow, figures: SweepFigures): (number | string | null)[] {
  const cells: (number | string | null)[] = [...row.values, row.policy, row.seed];
  for (const c of figureColumns(plan.base)) {
    const v = figures[c];
    if (typeof v === 'string') cells.push(v);
    else if (typeof v !== 'number') throw new Error(`sweep row ${row.index}: no figure "${c}"`);
    else cells.push(Number.isFinite(v) ? round(v) : null);
  }
  return cells;
}

export function csvHeader(plan: SweepPlan): string {
  return sweepColumns(plan).map(csvField).join(',');
}

/** One CSV line (no newline); an empty field for a figure that is not finite, as the CLI's CSV. */
export function csvRow(plan: SweepPlan, row: SweepRow, figures: SweepFigures): string {
  return rowCells(plan, row, figures).map((v) => (v === null ? '' : csvField(String(v)))).join(',');
}

/** One JSON object on one line (no newline), keys in column order. */
export function jsonRow(plan: SweepPlan, row: SweepRow, figures: SweepFigures): string {
  const cols = sweepColumns(plan);
  return `{${rowCells(plan, row, figures).map((v, i) => `${JSON.stringify(cols[i])}:${JSON.stringify(v)}`).join(',')}}`;
}
