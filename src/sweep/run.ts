// One row of a sweep: the run of its scenario and the figures `npm run sim` prints in its
// `summary` for that run, flattened (pod.*, pool.*). The same engine calls and the same report
// (engine/report.ts reportFrom) as the CLI's runScenario, so a row's figures are the single run's.
import { Engine } from '../engine/engine';
import { reportFrom } from '../engine/report';
import { NO_POOL } from '../pool/engine-pool';
import type { Scenario } from '../scenario/schema';
import { NO_POD } from '../topology/pod-design';
import { SUMMARY_KEYS } from '../metrics/registry';

/** A row's figures by column name: numbers, and the pod's design name. */
export type SweepFigures = Record<string, number | string>;

const NO_ROWS = new Float64Array(0);

/** Runs the scenario for its `epochs` and returns its summary, flattened. */
export function runFigures(s: Scenario): SweepFigures {
  const engine = new Engine(s);
  for (let i = 0; i < s.epochs; i++) engine.step();
  const summary = reportFrom(engine, NO_ROWS).summary;
  const out: SweepFigures = {};
  for (const k of SUMMARY_KEYS) out[k] = summary[k];
  for (const [k, v] of Object.entries(summary.pod)) out[`pod.${k}`] = v;
  for (const [k, v] of Object.entries(summary.pool)) out[`pool.${k}`] = v;
  return out;
}

/** The figure columns of a sweep over `base`: the registry's summary keys, then the pod's and the pool's when the scenario has them. */
export function figureColumns(base: Scenario): string[] {
  const cols: string[] = [...SUMMARY_KEYS];
  if (base.pod) cols.push('pod.design', ...Object.keys(NO_POD).map((k) => `pod.${k}`));
  if (base.pool) cols.push(...Object.keys(NO_POOL).map((k) => `pool.${k}`));
  return cols;
}
