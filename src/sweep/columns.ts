// A sweep row's figure columns, apart from the run that fills them (run.ts): the app's CSV and
// chart name the columns without bundling the engine on the page (it runs in the sweep worker).
import { NO_POOL } from '../pool/pool-summary';
import type { Scenario } from '../scenario/schema';
import { NO_POD } from '../topology/pod-design';
import { SUMMARY_KEYS } from '../metrics/registry';

/** A row's figures by column name: numbers, and the pod's design name. */
export type SweepFigures = Record<string, number | string>;

/** The figure columns of a sweep over `base`: the registry's summary keys, then the pod's and the pool's when the scenario has them. */
export function figureColumns(base: Scenario): string[] {
  const cols: string[] = [...SUMMARY_KEYS];
  if (base.pod) cols.push('pod.design', ...Object.keys(NO_POD).map((k) => `pod.${k}`));
  if (base.pool) cols.push(...Object.keys(NO_POOL).map((k) => `pool.${k}`));
  return cols;
}
