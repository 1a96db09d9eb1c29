// The short JSON form of a scenario inside a v2 link (codec.ts), so that a 64-host scenario's
// link still fits a QR code (measured in pack.test.ts, reported in the README):
// 1. compact: every value the parser fills in by itself (a schema default, a number of the
//    scenario's platform) is left out; parsing gives the same scenario back, key for key. What
//    the parser would fill in is worked out without parsing (the scenario is valid already: the
//    app writes a link on every edit and parses each edit once).
// 2. columns: each list of objects becomes one list per key ("hosts": {"id": [...], "x": [...]}),
//    which deflate compresses far better than repeated objects.
// unpack() undoes step 2 on untrusted input, bounded; the parser does the rest.
import type { z } from 'zod';
import { LIMITS } from './limits';
import { fillFromPlatform } from './parse';
import { EVENT_SCHEMAS, hostSchema, linkSchema, memoryDeviceSchema, policySchema, scenarioObject, switchSchema, workloadSchema, type Scenario, type ScenarioRaw } from './schema';
import { RESERVED_KEYS } from './validate';

type Obj = Record<string, unknown>;

/** Keys of an object schema that may be left out (optional, or with a default), less those in `keep`. */
function droppable(schema: z.ZodObject, keep: string[] = []): Set<string> {
  const shape = schema.shape as Record<string, z.ZodType>;
  return new Set(Object.keys(shape).filter((k) => !keep.includes(k) && shape[k].safeParse(undefined).success));
}

// The platform decides the other numbers, and a DRAM device's host is required by a
// cross-field rule: both always stay, so one parse tells which values the parser would fill.
const TOP = droppable(scenarioObject as unknown as z.ZodObject, ['platform']);
/** The lists of objects in a scenario, each with its keys that may be left out. */
const LISTS = {
  hosts: droppable(hostSchema),
  devices: droppable(memoryDeviceSchema, ['host']),
  switches: droppable(switchSchema),
  links: droppable(linkSchema),
  workloads: droppable(workloadSchema),
} as const;
type ListKey = keyof typeof LISTS;
const LIST_KEYS = Object.keys(LISTS) as ListKey[];
const POLICY = droppable(policySchema);

/** An object schema's keys in order, each with what zod puts in when it is left out (undefined: nothing). */
function defaults(schema: z.ZodObject): [string, unknown][] {
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.keys(shape).map((k) => {
    const r = shape[k].safeParse(undefined);
    return [k, r.success ? r.data : undefined];
  });
}

const DEFAULTS = {
  top: defaults(scenarioObject as unknown as z.ZodObject),
  policy: defaults(policySchema),
  hosts: defaults(hostSchema),
  devices: defaults(memoryDeviceSchema),
  switches: defaults(switchSchema),
  links: defaults(linkSchema),
  workloads: defaults(workloadSchema),
} as const;

/** Each event kind's keys in order with their defaults, and the keys that may be left out. */
const EVENT_DEFAULTS = Object.fromEntries(Object.entries(EVENT_SCHEMAS).map(([k, sc]) => [k, defaults(sc)]));
const EVENT_DROPPABLE = Object.fromEntries(Object.entries(EVENT_SCHEMAS).map(([k, sc]) => [k, droppable(sc)]));

/** Events of the timeline with every value their kind's default gives left out (a kind not known: as it is). */
function compactEvents(events: Obj[]): Obj[] {
  return events.map((e) => {
    const table = EVENT_DEFAULTS[String(e.kind)], drop = EVENT_DROPPABLE[String(e.kind)];
    if (!table) return e;
    const d = new Map(table);
    return Object.fromEntries(Object.entries(e).filter(([k, v]) => v !== undefined && !(drop.has(k) && same(v, d.get(k)))));
  });
}

/** `o` as zod's output: keys in schema order, a default where one was left out. */
function withDefaults(o: Obj, table: readonly [string, unknown][]): Obj {
  const out: Obj = {};
  for (const [k, d] of table) {
    if (Object.prototype.hasOwnProperty.call(o, k)) out[k] = o[k];
    // A list or object default is copied (zod gives each parse its own); a number or string is itself.
    else if (d !== undefined) out[k] = typeof d === 'object' && d !== null ? structuredClone(d) : d;
  }
  return out;
}

/**
 * What parseScenario gives for a candidate that only leaves out values of a valid scenario
 * (never a different value): zod's defaults, then the platform's numbers. No checks run: every
 * value the candidate holds is the valid scenario's. pack.test.ts holds it to the parser.
 */
export function fillCandidate(candidate: Obj): Obj {
  const top = withDefaults(candidate, DEFAULTS.top);
  for (const list of LIST_KEYS) top[list] = (top[list] as Obj[]).map((o) => withDefaults(o, DEFAULTS[list]));
  top.policy = withDefaults(top.policy as Obj, DEFAULTS.policy);
  if (Array.isArray(top.events)) top.events = (top.events as Obj[]).map((e) => (EVENT_DEFAULTS[String(e.kind)] ? withDefaults(e, EVENT_DEFAULTS[String(e.kind)]) : e));
  return fillFromPlatform(top as unknown as ScenarioRaw) as unknown as Obj;
}

/**
 * Whether two values have the same JSON. Most are numbers and strings: one value is itself,
 * and two strings, booleans or undefined that differ differ in JSON too (a 64-host link
 * compares thousands of values on every edit).
 */
const same = (a: unknown, b: unknown) => {
  if (a === b) return true;
  const ta = typeof a, tb = typeof b;
  if (ta !== 'object' && tb !== 'object' && ta !== 'number' && tb !== 'number') return false;
  return JSON.stringify(a) === JSON.stringify(b);
};

/**
 * `s` (a parsed scenario) with every value the parser fills in by itself left out; parseScenario
 * of the result gives `s` again, key for key (checked through fillCandidate: when it would
 * not, `s` itself is returned).
 */
export function compactScenario(s: Scenario): Obj {
  const src = s as unknown as Obj & Record<ListKey, Obj[]> & { policy: Obj };
  /** Per object of `s` (the scenario, a list's row, the policy): its keys whose value differs from what the parser fills in. */
  const keep = new Map<Obj, Set<string>>();
  const strip = (o: Obj, drop: Set<string>): Obj => {
    const out: Obj = {};
    const kept = keep.get(o);
    for (const k in o) {
      const v = o[k];
      if (v !== undefined && (!drop.has(k) || kept?.has(k))) out[k] = v;
    }
    return out;
  };
  const build = (): Obj => {
    const out = strip(src, TOP);
    for (const list of LIST_KEYS) if (list in out) out[list] = src[list].map((o) => strip(o, LISTS[list]));
    out.policy = strip(src.policy, POLICY);
    if (Array.isArray(out.events)) out.events = compactEvents(out.events as Obj[]);
    return out;
  };
  const differs = (a: Obj, b: Obj | undefined): boolean => {
    let any = false;
    let kept = keep.get(a);
    for (const k in a) {
      if (kept?.has(k) || same(a[k], b?.[k])) continue;
      if (!kept) keep.set(a, (kept = new Set()));
      kept.add(k);
      any = true;
    }
    return any;
  };
  // Round 1 leaves out everything it may and sees what the parser fills in; round 2 checks
  // the values kept. A third is only needed when a filled value depends on a kept one.
  try {
    for (let round = 0; round < 3; round++) {
      const candidate = build();
      const p = fillCandidate(candidate) as Obj & Record<ListKey, Obj[]> & { policy: Obj };
      let more = differs(src, p);
      for (const list of LIST_KEYS) src[list].forEach((o, i) => { more = differs(o, p[list][i]) || more; });
      more = differs(src.policy, p.policy) || more;
      if (!more) return same(p, s) ? candidate : src;
    }
  } catch {
    // Not a parsed scenario (a test's broken one, lists missing): written as it is, and the
    // reader says what is wrong with it.
  }
  return src;
}

/** A list of objects as one list per key; a row without the key holds null (no scenario value is null). */
function toColumns(rows: Obj[]): Obj {
  const out: Record<string, unknown[]> = {};
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) (out[k] ??= new Array<unknown>(rows.length).fill(null))[i] = v;
  });
  return out;
}

/** The link form of a scenario: compact, lists as columns. */
export function packScenario(s: Scenario): Obj {
  const out = compactScenario(s);
  for (const list of LIST_KEYS) if (Array.isArray(out[list])) out[list] = toColumns(out[list] as Obj[]);
  return out;
}

/** The most rows a list in a link may have: the longest list the schema allows. */
const MAX_ROWS = Math.max(LIMITS.hosts, LIMITS.devices + LIMITS.hosts, LIMITS.switches, LIMITS.links, LIMITS.workloads);

export type Unpacked = { ok: true; value: unknown } | { ok: false; path: string; message: string };

/**
 * Undoes packScenario's columns on untrusted JSON (the parser then checks everything else):
 * each list must be an object of equally long lists, at most MAX_ROWS long.
 */
export function unpackScenario(value: unknown): Unpacked {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: true, value };
  const out: Obj = { ...(value as Obj) };
  for (const list of LIST_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(out, list)) continue;
    const cols = out[list];
    if (typeof cols !== 'object' || cols === null || Array.isArray(cols)) {
      return { ok: false, path: list, message: 'must be the link form of a list (one list per key)' };
    }
    const keys = Object.keys(cols);
    let rows = -1;
    for (const k of keys) {
      const col = (cols as Obj)[k];
      if (RESERVED_KEYS.includes(k)) return { ok: false, path: list, message: `${JSON.stringify(k)} is a reserved name and cannot be a key here` };
      if (!Array.isArray(col)) return { ok: false, path: `${list}.${k}`, message: 'must be a list' };
      if (col.length > MAX_ROWS) return { ok: false, path: list, message: `takes at most ${MAX_ROWS} items (got ${col.length})` };
      if (rows >= 0 && col.length !== rows) return { ok: false, path: `${list}.${k}`, message: `has ${col.length} items, another key of ${list} has ${rows}` };
      rows = col.length;
    }
    const objects: Obj[] = [];
    for (let i = 0; i < Math.max(0, rows); i++) {
      const o: Obj = {};
      for (const k of keys) {
        const v = ((cols as Obj)[k] as unknown[])[i];
        if (v !== null) o[k] = v;
      }
      objects.push(o);
    }
    out[list] = objects;
  }
  return { ok: true, value: out };
}
