// Preset / scenario file / shared link -> a validated Scenario, with command-line overrides.
// Everything the user got wrong is a UsageError (exit code 2).
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { LIMITS } from '../../src/scenario/limits';
import { readLink } from '../../src/scenario/link';
import { formatErrors, parseScenario } from '../../src/scenario/validate';
import type { Scenario } from '../../src/scenario/schema';
import { findPolicy, policyNames } from '../../src/policies/registry';
import { findPoolManager, poolManagerNames } from '../../src/pool-managers/registry';
import { switchPolicy } from '../../src/policies/switch-policy';
import { UsageError, quote, type EventArg, type Overrides, type Source } from './args';
import { findEventKind } from '../../src/events/registry';
import { fabricOf } from '../../src/events/timeline';
import type { EventSpec } from '../../src/events/types';
import { findPreset, loadPreset, presetCatalog, presetNames } from './presets';
import { importMachine } from '../../src/importers/registry';
import { MAX_IMPORT_BYTES } from '../../src/importers/types';
import { GenerateError, generate } from '../../src/scenario/generators';

export function loadSource(source: Source, note?: (line: string) => void): Scenario {
  switch (source.kind) {
    case 'preset': {
      if (!findPreset(source.name)) {
        throw new UsageError(`unknown preset ${quote(source.name)} (known: ${presetNames().join(', ')})`);
      }
      return loadPreset(source.name); // a broken built-in preset is our bug: exit 1
    }
    case 'scenario':
      return loadScenarioFile(source.file);
    case 'url':
      return loadLink(source.link);
    case 'import':
      return loadImport(source.file, note);
  }
}

/** Imports a machine description (format from its content); what was read and assumed goes to `note`. */
export function loadImport(file: string, note?: (line: string) => void): Scenario {
  const what = `machine file ${quote(file)}`;
  const r = importMachine(readBoundedText(file, MAX_IMPORT_BYTES, what));
  if (!r.ok) throw new UsageError(`${what}: ${oneLine(r.error)}`);
  note?.(`imported ${r.formatName}: ${r.scenario.hosts.length} hosts, ${r.scenario.devices.length} memory devices, ${r.scenario.switches.length} switches`);
  for (const x of r.read) note?.(`read: ${x}`);
  for (const x of r.assumed) note?.(`assumed: ${x}`);
  return r.scenario;
}

/** Reads and validates a scenario JSON file, refusing one larger than LIMITS.jsonBytes before reading it. */
export function loadScenarioFile(file: string): Scenario {
  const what = `scenario file ${quote(file)}`;
  const text = readBoundedText(file, LIMITS.jsonBytes, what);
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${what} is not valid JSON (${oneLine(e instanceof Error ? e.message : String(e))})`);
  }
  const r = parseScenario(value);
  if (!r.ok) throw new UsageError(`${what} is not a valid scenario: ${oneLine(formatErrors(r.errors))}`);
  return r.scenario;
}

function readBoundedText(file: string, max: number, what: string): string {
  let fd: number;
  try {
    // stat first: a FIFO or device would block or never end, a huge file is refused unread.
    checkSize(statSync(file), max, what);
    fd = openSync(file, 'r');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what}: ${errnoMessage(e)}`);
  }
  try {
    const st = fstatSync(fd);
    checkSize(st, max, what);
    // Read at most max + 1 bytes, in case the file grew after the stat.
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > max) throw new UsageError(`${what} is larger than ${max} bytes`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n));
    } catch {
      throw new UsageError(`${what} is not UTF-8 text`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what}: ${errnoMessage(e)}`);
  } finally {
    closeSync(fd);
  }
}

function checkSize(st: { isFile(): boolean; size: number }, max: number, what: string): void {
  if (!st.isFile()) throw new UsageError(`${what} is not a regular file`);
  if (st.size > max) throw new UsageError(`${what} is ${st.size} bytes; at most ${max}`);
}

function errnoMessage(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return oneLine(e instanceof Error ? e.message : String(e));
}

/** A shared link (a full app URL, "#s=...", "s=...", the bare payload, "#preset=NAME" or "#lesson=N"), read by the app's own parser. */
export function loadLink(link: string): Scenario {
  const r = readLink(link, presetCatalog());
  if (!r.ok) {
    // A link that does not decode is broken; one that decodes to a scenario that breaks the
    // rules is a valid link to an invalid scenario, said as the scenario file's errors are.
    const broken = r.errors.every((e) => e.path === 'link');
    const errs = r.errors.map((e) => (e.path === 'link' ? { path: '', message: e.message } : e));
    throw new UsageError(`${broken ? 'broken link' : 'the link\'s scenario is not valid'}: ${oneLine(formatErrors(errs))}`);
  }
  return r.scenario;
}

/**
 * Grows (or cuts) the fabric first (--hosts, --cxl-devices: src/scenario/generators.ts), then
 * applies --policy / --pool-manager / --epochs / --seed and adds each --event to the timeline. A policy override follows the app's
 * rule (src/policies/switch-policy.ts): another policy starts from its defaults and keeps the
 * node mask and weights only if it takes them. Returns a new scenario.
 */
export function applyOverrides(scenario: Scenario, o: Overrides): Scenario {
  if (o.hosts !== undefined || o.cxlDevices !== undefined) scenario = generated(scenario, o);
  const s: Scenario = { ...scenario, policy: { ...scenario.policy } };
  if (o.policy !== undefined) {
    const def = findPolicy(o.policy);
    if (!def) throw new UsageError(`unknown policy ${quote(o.policy)} (known: ${policyNames().join(', ')})`);
    s.policy = switchPolicy(s, def.name).policy;
  }
  if (o.poolManager !== undefined) {
    const def = findPoolManager(o.poolManager);
    if (!def) throw new UsageError(`unknown pool manager ${quote(o.poolManager)} (known: ${poolManagerNames().join(', ')})`);
    if (!s.pool) throw new UsageError('--pool-manager: this scenario has no pool (no "pool" section: no pooled devices, no VMs)');
    s.pool = { ...s.pool, manager: def.name };
  }
  if (o.epochs !== undefined) s.epochs = o.epochs;
  if (o.seed !== undefined) s.seed = o.seed;
  const first = s.events?.length ?? 0;
  if (o.events) s.events = [...(s.events ?? []), ...o.events.map((e) => eventOf(s, e))];
  // The overrides are range-checked already; validating again keeps every rule in one place.
  const r = parseScenario(s);
  if (!r.ok) {
    // An error about an event given on the command line names the option, not its place in the list.
    const ev = o.events ? r.errors.find((x) => /^events\[(\d+)\]/.test(x.path) && Number(/^events\[(\d+)\]/.exec(x.path)![1]) >= first) : undefined;
    if (ev) {
      const k = Number(/^events\[(\d+)\]/.exec(ev.path)![1]) - first;
      const key = ev.path.replace(/^events\[\d+\]\.?/, '');
      throw new UsageError(`--event ${quote(o.events![k].text)}: ${key ? `${key}: ` : ''}${oneLine(ev.message)}`);
    }
    throw new UsageError(`the scenario is not valid with these options: ${oneLine(formatErrors(r.errors))}`);
  }
  return r.scenario;
}

/** The scenario grown to --hosts / --cxl-devices; a refusal or an invalid result is the user's (exit 2). */
function generated(scenario: Scenario, o: Overrides): Scenario {
  const flags = [o.hosts !== undefined ? `--hosts ${o.hosts}` : '', o.cxlDevices !== undefined ? `--cxl-devices ${o.cxlDevices}` : ''].filter(Boolean).join(' ');
  let input;
  try {
    input = generate(scenario, { hosts: o.hosts, cxlDevices: o.cxlDevices });
  } catch (e) {
    if (e instanceof GenerateError) throw new UsageError(oneLine(e.message)); // it names the option and count
    throw e;
  }
  const r = parseScenario(input);
  if (!r.ok) throw new UsageError(`${flags}: the scenario is not valid: ${oneLine(formatErrors(r.errors))}`);
  return r.scenario;
}

/** An --event's parameters for this scenario (its kind's fromTarget: a poison's target is a workload or a device). */
function eventOf(s: Scenario, e: EventArg): EventSpec {
  const def = findEventKind(e.kind)!;
  const params = def.fromTarget ? def.fromTarget(e.target, e.extra, fabricOf(s)) : { [def.targetKey]: e.target, ...e.extra };
  return { atMs: e.atMs, kind: e.kind, ...params } as EventSpec;
}

/** Loads the scenario an options object names and applies its overrides. */
export function loadScenario(source: Source, overrides: Overrides, note?: (line: string) => void): Scenario {
  return applyOverrides(loadSource(source, note), overrides);
}

export function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 600 ? `${t.slice(0, 600)}...` : t;
}
