// A sweep as one line of text, for a link ("&sweep=...") and the app: the CLI's arguments in
// short form, "KEY=V1,V2;policy=A,B;seeds=1-3;epochs=20;figure=amatNs". `policy`, `seeds`,
// `epochs` and `figure` can never be a sweep key (parseKey refuses them), so the entries cannot
// be mistaken for one another. Checked as far as text goes (keys against the format, values,
// sizes); the scenario's own check comes when the sweep is planned against it.
import { SUMMARY_KEYS } from '../metrics/registry';
import { NO_POOL } from '../pool/pool-summary';
import { BOUNDS } from '../scenario/bounds';
import { NO_POD } from '../topology/pod-design';
import { SweepError } from './keys';
import { parseAxis, type SweepSpec } from './plan';
import { MAX_RUNS, parsePolicies, parseSeeds } from './values';

/** A sweep the app runs and plots: one key, and the figure it plots. */
export interface SweepView {
  spec: SweepSpec;
  /** A figure column (sweepColumns: a summary key, pool.* or pod.*). */
  figure: string;
}

/** Figures a chart may plot: every figure column a sweep can have (numbers only: not pod.design). */
export const FIGURE_KEYS: readonly string[] = [
  ...SUMMARY_KEYS,
  ...Object.keys(NO_POOL).map((k) => `pool.${k}`),
  ...Object.keys(NO_POD).map((k) => `pod.${k}`),
];

export const DEFAULT_FIGURE = 'amatNs';

export function writeSweepText(v: SweepView): string {
  const parts = [...v.spec.vary];
  if (v.spec.policies !== undefined) parts.push(`policy=${v.spec.policies}`);
  if (v.spec.seeds !== undefined) parts.push(`seeds=${v.spec.seeds}`);
  if (v.spec.epochs !== undefined) parts.push(`epochs=${v.spec.epochs}`);
  parts.push(`figure=${v.figure}`);
  return parts.join(';');
}

/** The text back as a sweep, each part checked; a SweepError says the first thing wrong. */
export function readSweepText(text: string): SweepView {
  const spec: SweepSpec = { vary: [] };
  let figure = DEFAULT_FIGURE;
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    const value = part.slice(eq + 1).trim();
    if (['policy', 'seeds', 'epochs', 'figure'].includes(name)) {
      if (seen.has(name)) throw new SweepError(`${name} is given twice`);
      seen.add(name);
      if (name === 'policy') { parsePolicies(value); spec.policies = value; }
      if (name === 'seeds') { parseSeeds(value); spec.seeds = value; }
      if (name === 'epochs') {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < BOUNDS.epochs.min || n > BOUNDS.epochs.max) throw new SweepError(`epochs must be a whole number from ${BOUNDS.epochs.min} to ${BOUNDS.epochs.max} (got "${value}")`);
        spec.epochs = n;
      }
      if (name === 'figure') {
        if (!FIGURE_KEYS.includes(value)) throw new SweepError(`figure "${value}" is not a run figure`);
        figure = value;
      }
      continue;
    }
    parseAxis(part); // throws for a bad key or values
    spec.vary.push(part.trim());
  }
  if (spec.vary.length !== 1) throw new SweepError(spec.vary.length === 0 ? 'names no key to vary' : 'varies more than one key (the app plots one)');
  const sizes = [parseAxis(spec.vary[0]).values.length, spec.policies ? parsePolicies(spec.policies).length : 1, spec.seeds ? parseSeeds(spec.seeds).length : 1];
  const runs = sizes.reduce((a, b) => a * b, 1);
  if (runs > MAX_RUNS) throw new SweepError(`has ${runs} runs; at most ${MAX_RUNS}`);
  return { spec, figure };
}
