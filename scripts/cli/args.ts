// Command line -> a typed options object, or a UsageError that says what is wrong.
// Pure: no file or engine access, so every rule here is cheap to unit-test.
import { BOUNDS } from '../../src/scenario/bounds';
import { LIMITS } from '../../src/scenario/limits';
import { KERNEL_VIEW_IDS, type KernelViewId } from '../../src/kernel-view/views';
import type { DiscoveryPer } from '../../src/kernel-view/discovery';
import { EVENT_KIND_NAMES } from '../../src/events/registry';

/** Bad input from the user: reported as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Source =
  | { kind: 'preset'; name: string }
  | { kind: 'scenario'; file: string }
  | { kind: 'url'; link: string }
  | { kind: 'import'; file: string };

export type Format = 'json' | 'csv';

/** One `--event KIND:TARGET@MS[,key=value...]`, as written (src/events/ gives it meaning). */
export interface EventArg {
  /** The option's text, for error messages. */
  text: string;
  kind: string;
  target: string;
  atMs: number;
  /** key=value pairs after the time: numbers where they read as one. */
  extra: Record<string, string | number>;
}

export interface Overrides {
  policy?: string;
  /** Events added to the scenario's timeline, in the order given. */
  events?: EventArg[];
  /** Pool manager of the scenario's pool (src/pool-managers/registry.ts). */
  poolManager?: string;
  epochs?: number;
  seed?: number;
  /** Fabric generators (src/scenario/generators.ts): hosts and CXL devices the scenario grows (or is cut) to. */
  hosts?: number;
  cxlDevices?: number;
}

export type Options =
  | { command: 'help' }
  | { command: 'list-presets' }
  | { command: 'list-policies' }
  | { command: 'list-pool-managers' }
  | { command: 'run'; source: Source; overrides: Overrides; format: Format; output?: Output };

/** What a run prints instead of its report: the scenario's JSON, a kernel view (after --epochs N if given), or the discovery steps. */
export type Output = { kind: 'scenario' } | { kind: 'kernel-view'; view: KernelViewId; afterRun: boolean } | { kind: 'discovery'; per: DiscoveryPer };

export const DEFAULT_PRESET = 'single-host-cxl';

export const USAGE = `Usage: npm run sim --silent -- [options]

Runs a CXL Playground scenario headless and prints the results.

Scenario (at most one; default: --preset ${DEFAULT_PRESET}):
  --preset NAME        a built-in preset (see --list-presets)
  --scenario FILE      a scenario JSON file (as exported by the app)
  --url LINK           a shared link: a full app URL with "#s=..." (or its "v2...." payload),
                       or a short one, "#preset=NAME" or "#lesson=N"
                       (percent-encoded or not; read by the same parser as the app)
  --import FILE        a real machine's description: hwloc XML (lstopo --of xml), numactl
                       --hardware output or cxl list JSON (detected from the content; what was
                       read and what was assumed goes to stderr)

Overrides:
  --policy NAME        placement / tiering policy (see --list-policies); another policy
                       starts from its defaults and keeps the node mask and weights
                       only if it takes them
  --pool-manager NAME  the pool manager of a scenario with a pool (see --list-pool-managers)
  --epochs N           epochs to run, ${BOUNDS.epochs.min}..${BOUNDS.epochs.max} (default: the scenario's "epochs")
  --seed N             random seed, ${BOUNDS.seed.min}..${BOUNDS.seed.max} (default: the scenario's "seed")
  --hosts N            1..${LIMITS.hosts} hosts: copies of the scenario's hosts, each with its DRAM
                       and workloads, attached as its template is (fewer: the first N)
  --cxl-devices N      0..${LIMITS.devices} CXL devices: copies of its expanders under the same
                       switches or hosts (fewer: the first N)
  --event KIND:TARGET@MS[,KEY=VALUE...]
                       adds an event to the scenario's timeline at MS ms of simulated time
                       (repeatable); KIND one of ${EVENT_KIND_NAMES.join(', ')}; TARGET a device,
                       a link named by its two ends (sw0-pool1), a workload, a policy, a host or
                       a VM id, as the kind takes; KEY=VALUE its other parameters, e.g.
                       --event device-fail:pool0@3000  --event hot-remove:cxl0@2000,unmovableShare=0.05
                       --event link-degrade:h0-cxl0@1000,bandwidthGBps=8  --event policy:tpp@5000
                       --event poison:app@1500 (a seeded page of workload app)

Output:
  --format json|csv    json (default): one JSON object with summary, devices and epochs;
                       csv: a header line then one line per epoch

  --print-scenario     print the scenario's JSON instead of running
  --kernel-view V      print what Linux would show for the machine instead of the report:
                       ${KERNEL_VIEW_IDS.join(' | ')}; with --epochs N, at the end of
                       that run (free memory per node from the run)
  --discovery          print how Linux brings up the machine's CXL memory instead of the
                       report: each step from power-on to a NUMA node in a memory tier, with
                       the commands to see it and what they print at that step
  --per-device         with --discovery: one CXL node (device or interleave set) after
                       another instead of all at once

Other:
  --list-presets       list the built-in presets
  --list-policies      list the policies
  --list-pool-managers list the pool managers
  --help, -h           show this text

Exit codes: 0 ok, 2 bad input, 1 unexpected error.`;

const VALUE_OPTIONS = ['preset', 'scenario', 'url', 'import', 'kernel-view', 'policy', 'pool-manager', 'epochs', 'seed', 'format', 'hosts', 'cxl-devices', 'event'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
const FLAG_OPTIONS = ['help', 'print-scenario', 'discovery', 'per-device', 'list-presets', 'list-policies', 'list-pool-managers'] as const;
type FlagOption = (typeof FLAG_OPTIONS)[number];

function isValueOption(s: string): s is ValueOption {
  return (VALUE_OPTIONS as readonly string[]).includes(s);
}
function isFlagOption(s: string): s is FlagOption {
  return (FLAG_OPTIONS as readonly string[]).includes(s);
}

/** Quotes user text for an error message, keeping it on one short line. */
export function quote(s: string, max = 60): string {
  const clipped = s.length > max ? `${s.slice(0, max)}...` : s;
  return JSON.stringify(clipped);
}

/** A whole number in [min, max], written as plain decimal digits. */
export function parseInteger(option: string, text: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) {
    const n = t === '' ? NaN : Number(t);
    if (Number.isNaN(n)) throw new UsageError(`--${option} expects a number, got ${quote(text)}`);
    if (n < 0) throw new UsageError(`--${option} must not be negative (got ${quote(text)})`);
    if (!Number.isInteger(n)) throw new UsageError(`--${option} must be a whole number (got ${quote(text)})`);
    throw new UsageError(`--${option} must be written as plain digits (got ${quote(text)})`);
  }
  const n = Number(t);
  if (n < min || n > max) throw new UsageError(`--${option} must be between ${min} and ${max} (got ${quote(text)})`);
  return n;
}

/**
 * `KIND:TARGET@MS[,KEY=VALUE...]`: the kind must be known here; the target and the other
 * parameters are checked against the scenario (scripts/cli/load.ts), the time in ms is plain
 * digits (a decimal point allowed), within the bounds of an event's time.
 */
export function parseEventArg(text: string): EventArg {
  const bad = (why: string) => new UsageError(`--event ${quote(text)}: ${why}`);
  const m = /^([a-z-]+):([^@]+)@([^,]*)((?:,[^,]*)*)$/.exec(text);
  if (!m) throw bad('expected KIND:TARGET@MS, e.g. device-fail:pool0@3000');
  const [, kind, target, ms, rest] = m;
  if (!EVENT_KIND_NAMES.includes(kind)) throw bad(`unknown kind "${kind}" (known: ${EVENT_KIND_NAMES.join(', ')})`);
  if (!/^\d+(\.\d+)?$/.test(ms)) throw bad(`the time after @ is in ms, plain digits (got ${quote(ms)})`);
  const atMs = Number(ms);
  if (atMs > BOUNDS.eventAtMs.max) throw bad(`the time must be at most ${BOUNDS.eventAtMs.max} ms`);
  const extra: Record<string, string | number> = {};
  for (const kv of rest.split(',').slice(1)) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw bad(`expected KEY=VALUE after a comma (got ${quote(kv)})`);
    const k = kv.slice(0, eq), v = kv.slice(eq + 1);
    if (['atMs', 'kind', '__proto__', 'constructor', 'prototype'].includes(k)) throw bad(`"${k}" cannot be given as KEY=VALUE`);
    extra[k] = /^-?\d+(\.\d+)?(e-?\d+)?$/.test(v) ? Number(v) : v;
  }
  return { text, kind, target, atMs, extra };
}

export function parseArgs(argv: readonly string[]): Options {
  const values: Partial<Record<ValueOption, string>> = {};
  const flags = new Set<FlagOption>();
  const events: EventArg[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue; // npm / tsx separators: nothing follows that is not an option
    if (arg === '-h') { flags.add('help'); continue; }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${quote(arg)} (see --help)`);
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (isFlagOption(key)) {
      if (eq >= 0) throw new UsageError(`--${key} takes no value`);
      flags.add(key);
      continue;
    }
    if (!isValueOption(key)) throw new UsageError(`unknown option ${quote(eq >= 0 ? arg.slice(0, eq) : arg)} (see --help)`);
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${key} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`--${key} needs a value`);
    if (key === 'event') { events.push(parseEventArg(value)); continue; }
    if (values[key] !== undefined) throw new UsageError(`--${key} is given more than once`);
    values[key] = value;
  }

  const sources = (['preset', 'scenario', 'url', 'import'] as const).filter((k) => values[k] !== undefined);
  if (sources.length > 1) {
    throw new UsageError(`use only one of --preset, --scenario, --url, --import (got ${sources.map((s) => `--${s}`).join(', ')})`);
  }
  const view = values['kernel-view'];
  if (view !== undefined && !(KERNEL_VIEW_IDS as readonly string[]).includes(view)) throw new UsageError(`--kernel-view must be one of ${KERNEL_VIEW_IDS.join(', ')} (got ${quote(view)})`);
  const outputs = [flags.has('print-scenario') && '--print-scenario', view !== undefined && '--kernel-view', flags.has('discovery') && '--discovery'].filter((x): x is string => !!x);
  if (outputs.length > 1) throw new UsageError(`use only one of ${outputs.join(', ')}`);
  if (flags.has('per-device') && !flags.has('discovery')) throw new UsageError('--per-device goes with --discovery');
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv (got ${quote(format)})`);
  const overrides: Overrides = {};
  if (values.policy !== undefined) overrides.policy = values.policy;
  if (values['pool-manager'] !== undefined) overrides.poolManager = values['pool-manager'];
  if (values.epochs !== undefined) overrides.epochs = parseInteger('epochs', values.epochs, BOUNDS.epochs.min, BOUNDS.epochs.max);
  if (values.seed !== undefined) overrides.seed = parseInteger('seed', values.seed, BOUNDS.seed.min, BOUNDS.seed.max);
  if (values.hosts !== undefined) overrides.hosts = parseInteger('hosts', values.hosts, 1, LIMITS.hosts);
  if (values['cxl-devices'] !== undefined) overrides.cxlDevices = parseInteger('cxl-devices', values['cxl-devices'], 0, LIMITS.devices);
  if (events.length > 0) overrides.events = events;

  if (flags.has('help')) return { command: 'help' };
  const lists = (['list-presets', 'list-policies', 'list-pool-managers'] as const).filter((f) => flags.has(f));
  if (lists.length > 1) throw new UsageError(`use only one of ${lists.map((f) => `--${f}`).join(', ')}`);
  if (lists.length === 1) return { command: lists[0] };

  const source: Source =
    values.scenario !== undefined ? { kind: 'scenario', file: values.scenario }
      : values.url !== undefined ? { kind: 'url', link: values.url }
        : values.import !== undefined ? { kind: 'import', file: values.import }
          : { kind: 'preset', name: values.preset ?? DEFAULT_PRESET };
  const output: Output | undefined = flags.has('print-scenario') ? { kind: 'scenario' }
    : flags.has('discovery') ? { kind: 'discovery', per: flags.has('per-device') ? 'each' : 'all' }
    : view !== undefined ? { kind: 'kernel-view', view: view as KernelViewId, afterRun: values.epochs !== undefined } : undefined;
  return output ? { command: 'run', source, overrides, format, output } : { command: 'run', source, overrides, format };
}
