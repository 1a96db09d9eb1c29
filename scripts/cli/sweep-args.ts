// `npm run sweep` command line -> a typed options object, or a UsageError that says what is wrong.
// Pure like args.ts: the sweep's own rules (keys, values, size) are src/sweep/'s.
import { BOUNDS } from '../../src/scenario/bounds';
import { GENERATOR_KEYS } from '../../src/sweep/keys';
import { MAX_RUNS } from '../../src/sweep/values';
import type { SweepSpec } from '../../src/sweep/plan';
import { DEFAULT_PRESET, UsageError, parseInteger, quote, type Source } from './args';

export type SweepFormat = 'csv' | 'json';

/** Worker threads one sweep may start. */
export const MAX_JOBS = 64;

export type SweepOptions =
  | { command: 'help' }
  | { command: 'list-keys'; source: Source }
  | { command: 'run'; source: Source; spec: SweepSpec; format: SweepFormat; jobs: number; shard?: string; header: boolean };

export const SWEEP_USAGE = `Usage: npm run sweep --silent -- [scenario] --vary KEY=V1,V2,... [options]

Runs one scenario over every combination of the varied keys' values, each policy and each seed,
and prints one row per run: the varied keys, policy, seed, then the run's summary figures (the
digits \`npm run sim\` prints in "summary" for that run; a pool's and a pod's flattened as
pool.* and pod.* when the scenario has them).

Scenario (at most one; default: --preset ${DEFAULT_PRESET}):
  --preset NAME | --scenario FILE | --url LINK | --import FILE   (as npm run sim)

Sweep:
  --vary KEY=VALUES    repeatable; the first --vary varies slowest. KEY is a path into the
                       scenario (workloads.0.workingSetMB, hosts.0.cores, epochMs, pageSize,
                       policy.params.scan_period_ms; workloads[0].skew also reads), or a fabric
                       generator: ${GENERATOR_KEYS.join(', ')} (the scenario grown or cut to N).
                       VALUES: V1,V2,... and numeric ranges A..B (step 1), A..B+STEP, A..B*FACTOR
                       (e.g. 1..64*2 = 1,2,4,...,64; 16..256+16), mixed with commas
  --policy A,B         policies (default: the scenario's); each starts from its defaults, then
                       the varied keys are set (policy.params.* keys apply to every policy)
  --seeds LIST         seeds: 1-5, 1,3,7 or 1-3,10 (default: the scenario's seed)
  --epochs N           epochs per run, ${BOUNDS.epochs.min}..${BOUNDS.epochs.max} (default: the scenario's "epochs")
  At most ${MAX_RUNS} runs (points x policies x seeds).

Output:
  --format csv|json    csv (default): a header line, then one line per run; json: JSON Lines,
                       one object per run, no header
  --no-header          csv without its header line (for shards after the first; json
                       lines have none, so it changes nothing there)
  --jobs N             worker threads, 1..${MAX_JOBS} (default 1): only the speed changes
  --shard I/N          print only shard I of N (contiguous blocks of rows, in order): shards
                       1/N, 2/N, ... N/N concatenated are the whole sweep, byte for byte
                       (csv: the header once, e.g. --no-header on shards 2..N)

Other:
  --list-keys          the scenario's numeric keys with their bounds, and the generators
  --help, -h           show this text

Row order: points (the last --vary fastest), then policies as given, then seeds as given.
Exit codes: 0 ok, 2 bad input (one line on stderr), 1 unexpected error.`;

const VALUE_OPTIONS = ['preset', 'scenario', 'url', 'import', 'vary', 'policy', 'seeds', 'epochs', 'format', 'jobs', 'shard'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
const FLAG_OPTIONS = ['help', 'no-header', 'list-keys'] as const;
type FlagOption = (typeof FLAG_OPTIONS)[number];
/** sim's options that mean something else here: a hint instead of "unknown". */
const HINTS: Record<string, string> = { seed: 'use --seeds', policies: 'use --policy A,B' };

export function parseSweepArgs(argv: readonly string[]): SweepOptions {
  const values: Partial<Record<Exclude<ValueOption, 'vary'>, string>> = {};
  const vary: string[] = [];
  const flags = new Set<FlagOption>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '-h') { flags.add('help'); continue; }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${quote(arg)} (see --help)`);
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if ((FLAG_OPTIONS as readonly string[]).includes(key)) {
      if (eq >= 0) throw new UsageError(`--${key} takes no value`);
      flags.add(key as FlagOption);
      continue;
    }
    if (!(VALUE_OPTIONS as readonly string[]).includes(key)) {
      throw new UsageError(`unknown option ${quote(eq >= 0 ? arg.slice(0, eq) : arg)} (${HINTS[key] ?? 'see --help'})`);
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${key} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`--${key} needs a value`);
    if (key === 'vary') { vary.push(value); continue; }
    const k = key as Exclude<ValueOption, 'vary'>;
    if (values[k] !== undefined) throw new UsageError(`--${key} is given more than once`);
    values[k] = value;
  }
  const sources = (['preset', 'scenario', 'url', 'import'] as const).filter((k) => values[k] !== undefined);
  if (sources.length > 1) throw new UsageError(`use only one of --preset, --scenario, --url, --import (got ${sources.map((s) => `--${s}`).join(', ')})`);
  const source: Source =
    values.scenario !== undefined ? { kind: 'scenario', file: values.scenario }
      : values.url !== undefined ? { kind: 'url', link: values.url }
        : values.import !== undefined ? { kind: 'import', file: values.import }
          : { kind: 'preset', name: values.preset ?? DEFAULT_PRESET };
  if (flags.has('help')) return { command: 'help' };
  if (flags.has('list-keys')) return { command: 'list-keys', source };
  if (vary.length === 0) throw new UsageError('nothing to vary: give at least one --vary KEY=V1,V2,... (see --help)');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json (got ${quote(format)})`);
  const spec: SweepSpec = { vary };
  if (values.policy !== undefined) spec.policies = values.policy;
  if (values.seeds !== undefined) spec.seeds = values.seeds;
  if (values.epochs !== undefined) spec.epochs = parseInteger('epochs', values.epochs, BOUNDS.epochs.min, BOUNDS.epochs.max);
  const jobs = values.jobs === undefined ? 1 : parseInteger('jobs', values.jobs, 1, MAX_JOBS);
  const out: SweepOptions = { command: 'run', source, spec, format, jobs, header: !flags.has('no-header') };
  if (values.shard !== undefined) out.shard = values.shard;
  return out;
}
