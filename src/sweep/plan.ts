// A sweep's plan: its points (every combination of the varied keys' values, the first key
// slowest), policies and seeds; the row order (point, then policy, then seed); each row's
// scenario; the shards. The CLI, its worker threads and the app's Web Workers all read rows
// from here, so the same sweep gives the same rows in the same order everywhere.
import { switchPolicy } from '../policies/switch-policy';
import { BOUNDS } from '../scenario/bounds';
import type { Scenario } from '../scenario/schema';
import { formatErrors, parseScenario } from '../scenario/validate';
import { parseKey, SweepError, type SweepKey, type SweepValue } from './keys';
import { MAX_RUNS, parsePolicies, parseSeeds, parseValues } from './values';

/** A sweep as written (CLI arguments, the app's form, a link's `sweep=`): text, not yet checked. */
export interface SweepSpec {
  /** "KEY=V1,V2,..." each, in order: the first varies slowest. */
  vary: string[];
  /** "A,B"; absent: the scenario's policy. */
  policies?: string;
  /** "1-5"; absent: the scenario's seed. */
  seeds?: string;
  /** Absent: the scenario's epochs. */
  epochs?: number;
}

export interface SweepAxis {
  key: SweepKey;
  values: SweepValue[];
}

export interface SweepPlan {
  base: Scenario;
  axes: SweepAxis[];
  policies: string[];
  seeds: number[];
  epochs: number;
  /** Points: combinations of the axes' values. */
  points: number;
  /** Rows: points x policies x seeds, one run each. */
  rows: number;
}

/** One row of the plan: its point's values (one per axis), policy and seed. */
export interface SweepRow {
  index: number;
  point: number;
  values: SweepValue[];
  policy: string;
  seed: number;
}

/** "KEY=V1,V2" -> an axis. */
export function parseAxis(text: string): SweepAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SweepError(`--vary expects KEY=V1,V2,... (got "${text}")`);
  const key = parseKey(text.slice(0, eq));
  const values = text.slice(eq + 1);
  if (values.trim() === '') throw new SweepError(`${key.text}: no values`);
  return { key, values: parseValues(values, key.leaf, key.text) };
}

/** The values of the point with this index (mixed radix: the last axis fastest). */
export function pointValues(axes: readonly SweepAxis[], point: number): SweepValue[] {
  const out = new Array<SweepValue>(axes.length);
  for (let a = axes.length - 1; a >= 0; a--) {
    const n = axes[a].values.length;
    out[a] = axes[a].values[point % n];
    point = Math.floor(point / n);
  }
  return out;
}

export function rowAt(plan: SweepPlan, index: number): SweepRow {
  const perPoint = plan.policies.length * plan.seeds.length;
  const point = Math.floor(index / perPoint);
  const r = index % perPoint;
  return { index, point, values: pointValues(plan.axes, point), policy: plan.policies[Math.floor(r / plan.seeds.length)], seed: plan.seeds[r % plan.seeds.length] };
}

/** "workloads.0.workingSetMB=64, hosts=8" */
export function describePoint(axes: readonly SweepAxis[], values: readonly SweepValue[]): string {
  return axes.map((a, i) => `${a.key.text}=${values[i]}`).join(', ');
}

/**
 * The scenario of (point, policy, seed) before parsing: the base with the policy switched (the
 * CLI's --policy rule, src/policies/switch-policy.ts), the epochs and seed set, then each key
 * at its value in the order the keys were given (a generator first makes what a later path names).
 */
function assemble(plan: Pick<SweepPlan, 'base' | 'axes' | 'epochs'>, values: readonly SweepValue[], policy: string, seed: number): Scenario {
  let s: Scenario = { ...switchPolicy(plan.base, policy), epochs: plan.epochs, seed };
  plan.axes.forEach((a, i) => { s = a.key.apply(s, values[i]); });
  return s;
}

/** The row's scenario, parsed: exactly what `npm run sim -- --scenario` runs for that row. */
export function rowScenario(plan: SweepPlan, row: SweepRow): Scenario {
  const r = parseScenario(assemble(plan, row.values, row.policy, row.seed));
  if (!r.ok) throw new SweepError(`${describePoint(plan.axes, row.values)}, policy ${row.policy}: ${formatErrors(r.errors.slice(0, 1))}`);
  return r.scenario;
}

/**
 * Checks a sweep against its base scenario and returns its plan: every key, value, policy and
 * seed, the size (at most MAX_RUNS runs) and every (point, policy) as a scenario that parses;
 * the first that does not is the error, with its point and its path. `check: false` skips the
 * points (a worker given a plan its parent checked).
 */
export function planSweep(base: Scenario, spec: SweepSpec, opts: { check?: boolean } = {}): SweepPlan {
  if (spec.vary.length === 0) throw new SweepError('nothing to vary: give at least one --vary KEY=V1,V2,...');
  const axes = spec.vary.map(parseAxis);
  const dup = axes.find((a, i) => axes.findIndex((b) => b.key.text === a.key.text) !== i);
  if (dup) throw new SweepError(`${dup.key.text} is varied twice`);
  const policies = spec.policies === undefined ? [base.policy.name] : parsePolicies(spec.policies);
  const seeds = spec.seeds === undefined ? [base.seed] : parseSeeds(spec.seeds);
  const epochs = spec.epochs ?? base.epochs;
  if (!Number.isInteger(epochs) || epochs < BOUNDS.epochs.min || epochs > BOUNDS.epochs.max) throw new SweepError(`epochs must be a whole number from ${BOUNDS.epochs.min} to ${BOUNDS.epochs.max} (got ${epochs})`);
  let points = 1;
  for (const a of axes) points *= a.values.length;
  const rows = points * policies.length * seeds.length;
  if (rows > MAX_RUNS) {
    throw new SweepError(`the sweep has ${axes.map((a) => a.values.length).join(' x ')} points x ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} x ${seeds.length} seed${seeds.length === 1 ? '' : 's'} = ${rows} runs; at most ${MAX_RUNS}`);
  }
  const plan: SweepPlan = { base, axes, policies, seeds, epochs, points, rows };
  // A worker re-plans a sweep its parent checked already: it skips the points' parse.
  if (opts.check === false) return plan;
  // The seed never decides whether a scenario is valid (its bounds are checked above): one per (point, policy).
  for (let p = 0; p < points; p++) {
    for (const policy of policies) {
      const values = pointValues(axes, p);
      let s: Scenario;
      try {
        s = assemble(plan, values, policy, seeds[0]);
      } catch (e) {
        if (e instanceof SweepError) throw new SweepError(`${describePoint(axes, values)}: ${e.message}`);
        throw e;
      }
      const r = parseScenario(s);
      if (!r.ok) throw new SweepError(`${describePoint(axes, values)}${policies.length > 1 || spec.policies ? `, policy ${policy}` : ''}: ${formatErrors(r.errors.slice(0, 1))}`);
    }
  }
  return plan;
}

/** "I/N" -> shard I of N (1-based). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new SweepError(`--shard expects I/N, e.g. 2/8 (got "${text}")`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || count > MAX_RUNS) throw new SweepError(`--shard: N must be from 1 to ${MAX_RUNS} (got ${count})`);
  if (index < 1 || index > count) throw new SweepError(`--shard: I must be from 1 to N=${count} (got ${index})`);
  return { index, count };
}

/** Rows [start, end) of shard `index` of `count`: contiguous blocks, so shards 1..N concatenated are the whole sweep in order. */
export function shardRange(rows: number, shard: { index: number; count: number } = { index: 1, count: 1 }): { start: number; end: number } {
  return { start: Math.floor(((shard.index - 1) * rows) / shard.count), end: Math.floor((shard.index * rows) / shard.count) };
}
