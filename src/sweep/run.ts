// One row of a sweep: the run of its scenario and the figures `npm run sim` prints in its
// `summary` for that run, flattened (pod.*, pool.*). The same engine calls and the same report
// (engine/report.ts reportFrom) as the CLI's runScenario, so a row's figures are the single run's.
import { Engine } from '../engine/engine';
import { reportFrom } from '../engine/report';
import type { Scenario } from '../scenario/schema';
import { SUMMARY_KEYS } from '../metrics/registry';
import type { SweepFigures } from './columns';

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
