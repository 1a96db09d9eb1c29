// Untrusted JSON -> a valid Scenario, or a list of errors that say what is wrong and where.
import { type z } from 'zod';
import type { NodeKind } from './bounds';
import { LIMITS } from './limits';
import { PAGE_BYTES, SCENARIO_VERSION, type Scenario } from './schema';
import { scenarioSchema } from './parse';
import { findPolicy, policyNames } from '../policies/registry';
import { findPoolManager, poolManagerNames } from '../pool-managers/registry';
import { resolveParams, type PolicyDef } from '../policies/types';
import { adistanceOf, tierChunk, topologyOf } from '../topology/topology';
import { interleaveIssues } from '../topology/interleave';
import { numaIssues } from './numa-schema';
import { EVENT_KIND_NAMES, findEventKind } from '../events/registry';
import { declaredDevices, fabricOf, largestWorkingSets } from '../events/timeline';

export interface ScenarioError {
  /** Where: a JSON path such as "hosts[0].cores". */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export function formatErrors(errors: ScenarioError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

function pathOf(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

const MAX_ERRORS = 20;

/** Own property of a plain object or array (never inherited, so "__proto__" is just a name). */
function own(v: unknown, k: PropertyKey): unknown {
  return typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = own(v, k);
  return v;
}

/** A value as the user wrote it, short. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

const KIND: Record<string, string> = {
  number: 'a number', int: 'a whole number', string: 'text', array: 'a list', object: 'an object',
  record: 'an object', boolean: 'true or false',
};

const items = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** A zod issue in the user's words (the path is added by formatErrors); `input` is what was parsed. */
function issueMessage(i: z.core.$ZodIssue, input: unknown): string {
  const v = valueAt(input, i.path);
  const got = v === undefined ? '' : ` (got ${shown(v)})`;
  switch (i.code) {
    case 'invalid_type':
      if (v === undefined) return 'is required';
      if (typeof v === 'number' && !Number.isFinite(v)) return `must be a finite number${got}`;
      return `must be ${KIND[i.expected] ?? i.expected}${got}`;
    case 'too_small':
    case 'too_big': {
      const small = i.code === 'too_small';
      const bound = Number(small ? i.minimum : i.maximum);
      if (i.origin === 'array' || i.origin === 'set') {
        return `${small ? 'needs at least' : 'takes at most'} ${items(bound, 'item')}${Array.isArray(v) ? ` (got ${v.length})` : ''}`;
      }
      if (i.origin === 'string') {
        return `must be at ${small ? 'least' : 'most'} ${items(bound, 'character')} long${typeof v === 'string' ? ` (got ${v.length})` : ''}`;
      }
      const word = i.inclusive ? (small ? 'at least' : 'at most') : (small ? 'more than' : 'less than');
      return `must be ${word} ${bound}${got}`;
    }
    case 'invalid_union':
      // An event of a kind the timeline does not know (the discriminator "kind").
      if (i.path[i.path.length - 1] === 'kind') return `must be one of ${EVENT_KIND_NAMES.join(', ')}${got}`;
      return i.message;
    case 'invalid_value':
      return i.values.length === 1 ? `must be ${shown(i.values[0])}${got}` : `must be one of ${i.values.map(shown).join(', ')}${got}`;
    case 'invalid_format':
      return `${i.message}${got}`;
    case 'unrecognized_keys':
      return `unknown ${i.keys.length === 1 ? 'key' : 'keys'} ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return i.message;
  }
}

export function zodErrors(err: z.ZodError, input: unknown): ScenarioError[] {
  return err.issues.slice(0, MAX_ERRORS).map((i) => ({ path: pathOf(i.path), message: issueMessage(i, input) }));
}

/**
 * Keys the user wrote that the format does not have (the schema would drop them silently: a
 * typo such as "epochMS" would run with the default). Walks what was given beside what was parsed.
 */
function unknownKeys(given: unknown, parsed: unknown, path: PropertyKey[], out: ScenarioError[]): void {
  if (out.length >= MAX_ERRORS || typeof given !== 'object' || given === null || typeof parsed !== 'object' || parsed === null) return;
  if (Array.isArray(given)) {
    if (Array.isArray(parsed)) given.forEach((g, k) => unknownKeys(g, parsed[k], [...path, k], out));
    return;
  }
  for (const k of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(parsed, k)) out.push({ path: pathOf(path), message: `unknown key ${JSON.stringify(k)}` });
    else unknownKeys(own(given, k), own(parsed, k), [...path, k], out);
    if (out.length >= MAX_ERRORS) return;
  }
}

/** Names that mean something to JavaScript objects: refused as keys rather than dropped. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Reserved names used as keys of policy params or weights, before the schema drops them. */
function reservedKeys(value: unknown): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const policy = own(value, 'policy');
  for (const block of ['params', 'weights']) {
    const o = own(policy, block);
    if (typeof o !== 'object' || o === null || Array.isArray(o)) continue;
    for (const k of Object.keys(o)) {
      if (RESERVED_KEYS.includes(k)) errors.push({ path: `policy.${block}`, message: `${JSON.stringify(k)} is a reserved name and cannot be a key here` });
    }
  }
  return errors;
}

export function parseScenario(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ path: '', message: 'a scenario must be a JSON object' }] };
  }
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > SCENARIO_VERSION) {
    return { ok: false, errors: [{ path: 'version', message: `made by a newer version of CXL Playground (v${version}; this app reads v${SCENARIO_VERSION})` }] };
  }
  const reserved = reservedKeys(value);
  if (reserved.length) return { ok: false, errors: reserved };
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error, value) };
  const unknown: ScenarioError[] = [];
  unknownKeys(value, parsed.data, [], unknown);
  if (unknown.length) return { ok: false, errors: unknown };
  const errors = checkReferences(parsed.data);
  return errors.length ? { ok: false, errors } : { ok: true, scenario: parsed.data };
}

const sci = (x: number) => (x >= 1e6 ? x.toExponential(1).replace('e+', 'e') : String(Math.round(x)));

/**
 * One epoch's work: the engine's passes (pages + sampled accesses), the pool's VM samples (each
 * running VM draws samplesPerVm; at most maxRunning run) plus what the policy declares for its
 * parameters; beyond LIMITS.epochWork the run would stall its worker.
 */
function checkEpochWork(s: Scenario, def: PolicyDef, pages: number, err: (path: string, message: string) => void): void {
  const samples = s.hosts.length * s.samplesPerHost;
  const vmSamples = s.pool ? s.pool.vms.samplesPerVm * s.pool.maxRunning : 0;
  const policy = def.workPerEpoch?.(resolveParams(def, s.policy.params), s.epochMs);
  const total = pages + samples + vmSamples + (policy?.units ?? 0);
  if (total <= LIMITS.epochWork) return;
  const parts = [`${sci(pages)} pages + ${sci(samples)} sampled accesses (workloads[].workingSetMB, samplesPerHost)`];
  if (vmSamples) parts.push(`${sci(vmSamples)} VM samples (pool.vms.samplesPerVm x pool.maxRunning)`);
  if (policy) parts.push(`${def.name}: ${sci(policy.units)} checks (${policy.knobs})`);
  err('policy', `one epoch would take ${sci(total)} units of work, at most ${sci(LIMITS.epochWork)}: ${parts.join('; ')}`);
}

/** Frames the timeline's hot-add events may add beyond the scenario's devices (their largest, counted once each). */
function eventFrames(s: Scenario, pageBytes: number): number {
  let frames = 0;
  for (const ev of s.events ?? []) {
    if (ev.kind !== 'hot-add') continue;
    const mb = (ev.spec as { capacityMB?: number } | undefined)?.capacityMB ?? (typeof ev.capacityMB === 'number' ? ev.capacityMB : 0);
    frames += Math.floor((mb * 1048576) / pageBytes);
  }
  return frames;
}

/**
 * The timeline's rules: each event's own (its kind's check: ids that exist, a pool it needs),
 * its time within the run, a policy event's policy and knobs, the devices and links hot-add
 * events declare within LIMITS and named by new ids.
 */
function eventIssues(s: Scenario, kinds: Map<string, NodeKind>, err: (path: string, message: string) => void): void {
  const events = s.events ?? [];
  if (events.length === 0) return;
  const end = s.epochs * s.epochMs;
  const declared = declaredDevices(s);
  const newIds = new Set<string>();
  for (const h of declared) {
    if (kinds.has(h.device) || newIds.has(h.device) || s.workloads.some((w) => w.id === h.device)) err('events', `hot-add: id "${h.device}" is already used`);
    newIds.add(h.device);
  }
  const cxl = s.devices.filter((d) => d.kind === 'cxl').length + declared.length;
  if (cxl > LIMITS.devices) err('events', `hot-add events bring the fabric to ${cxl} CXL devices; at most ${LIMITS.devices}`);
  if (s.links.length + declared.length > LIMITS.links) err('events', `hot-add events bring the fabric to ${s.links.length + declared.length} links; at most ${LIMITS.links}`);
  const facts = declared.length > 0 ? fabricOf(s) : s;
  events.forEach((ev, i) => {
    const at = `events[${i}]`;
    if (ev.atMs > end) err(`${at}.atMs`, `${ev.atMs} ms is after the run ends (${s.epochs} epochs x ${s.epochMs} ms = ${end} ms)`);
    const def = findEventKind(ev.kind);
    if (!def) return;
    for (const x of def.check(ev, facts)) err(`${at}.${x.key}`, x.message);
    if (ev.kind === 'policy') {
      const pdef = findPolicy(String(ev.policy));
      if (!pdef) return err(`${at}.policy`, `unknown policy "${String(ev.policy)}" (known: ${policyNames().join(', ')})`);
      for (const [key, v] of Object.entries((ev.params ?? {}) as Record<string, number>)) {
        const spec = pdef.params.find((p) => p.key === key);
        if (!spec) err(`${at}.params.${key}`, `${pdef.name} has no parameter "${key}"`);
        else if (v < spec.min || v > spec.max) err(`${at}.params.${key}`, `must be between ${spec.min} and ${spec.max} (got ${v})`);
        else if (spec.integer && !Number.isInteger(v)) err(`${at}.params.${key}`, `must be a whole number (got ${v})`);
      }
    }
  });
}

/** Cross-field rules the schema alone cannot state. */
function checkReferences(s: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const kinds = new Map<string, NodeKind>();
  const claim = (id: string, kind: NodeKind, path: string) => {
    if (kinds.has(id)) err(path, `id "${id}" is used twice`);
    else kinds.set(id, kind);
  };
  s.hosts.forEach((h, i) => claim(h.id, 'host', `hosts[${i}].id`));
  s.switches.forEach((w, i) => claim(w.id, 'switch', `switches[${i}].id`));
  s.devices.forEach((d, i) => claim(d.id, d.kind, `devices[${i}].id`));

  const cxlCount = s.devices.filter((d) => d.kind === 'cxl').length;
  if (cxlCount > LIMITS.devices) err('devices', `at most ${LIMITS.devices} CXL devices`);
  const dramPerHost = new Map<string, number>();
  s.devices.forEach((d, i) => {
    if (d.kind === 'dram') {
      if (!d.host) err(`devices[${i}].host`, 'a DRAM device names the host it belongs to');
      else if (kinds.get(d.host) !== 'host') err(`devices[${i}].host`, `no host "${d.host}"`);
      else dramPerHost.set(d.host, (dramPerHost.get(d.host) ?? 0) + 1);
    } else if (d.host) {
      err(`devices[${i}].host`, 'a CXL device attaches through links, not to a host');
    }
  });
  if (s.devices.filter((d) => d.kind === 'dram').length > LIMITS.hosts * 2) err('devices', 'too many DRAM devices');
  const tiers = new Set(s.devices.map((d) => tierChunk(adistanceOf(d)))).size;
  if (tiers > LIMITS.tiers) err('devices', `abstract distances form ${tiers} memory tiers; at most ${LIMITS.tiers}`);

  const seen = new Set<string>();
  s.links.forEach((l, i) => {
    const ka = kinds.get(l.a), kb = kinds.get(l.b);
    if (!ka) return err(`links[${i}].a`, `no node "${l.a}"`);
    if (!kb) return err(`links[${i}].b`, `no node "${l.b}"`);
    if (l.a === l.b) return err(`links[${i}]`, 'a link joins two different nodes');
    if (ka === 'dram' || kb === 'dram') return err(`links[${i}]`, 'DRAM sits on its host; link the host instead');
    if (ka === 'cxl' && kb === 'cxl') return err(`links[${i}]`, 'two memory devices cannot be linked directly');
    const key = l.a < l.b ? `${l.a}|${l.b}` : `${l.b}|${l.a}`;
    if (seen.has(key)) err(`links[${i}]`, `${l.a} and ${l.b} are already linked`);
    seen.add(key);
  });

  const pageBytes = PAGE_BYTES[s.pageSize];
  let frames = 0;
  s.devices.forEach((d, i) => {
    const f = Math.floor((d.capacityMB * 1048576) / pageBytes);
    if (f < 1) err(`devices[${i}].capacityMB`, `smaller than one ${s.pageSize} page`);
    frames += f;
  });
  if (frames > LIMITS.totalFrames) {
    err('devices', `memory totals ${frames} pages of ${s.pageSize}; at most ${LIMITS.totalFrames} (use 2m pages or smaller devices)`);
  }
  let pages = 0;
  const largest = largestWorkingSets(s);
  s.workloads.forEach((w, i) => {
    w.hosts.forEach((h, j) => { if (kinds.get(h) !== 'host') err(`workloads[${i}].hosts[${j}]`, `no host "${h}"`); });
    if (new Set(w.hosts).size !== w.hosts.length) err(`workloads[${i}].hosts`, 'a host is listed twice');
    const p = Math.floor((largest[i] * 1048576) / pageBytes);
    if (p < 1) err(`workloads[${i}].workingSetMB`, `smaller than one ${s.pageSize} page`);
    pages += p;
  });
  const ids = new Set<string>();
  s.workloads.forEach((w, i) => { if (ids.has(w.id) || kinds.has(w.id)) err(`workloads[${i}].id`, `id "${w.id}" is used twice`); ids.add(w.id); });
  frames += eventFrames(s, pageBytes);
  if (frames > LIMITS.totalFrames) err('events', `the memory hot-add events bring would total ${frames} pages of ${s.pageSize}; at most ${LIMITS.totalFrames}`);
  if (pages > LIMITS.totalPages) err('workloads', `working sets total ${pages} pages; at most ${LIMITS.totalPages}`);
  else if (pages > frames) err('workloads', `working sets need ${pages} pages but all memory holds ${frames}`);
  interleaveIssues(s, err, new Set([...kinds.keys(), ...ids]));
  numaIssues(s, err);
  const sets = new Set((s.interleaveSets ?? []).map((x) => x.id));
  if (s.hosts.length * s.samplesPerHost > LIMITS.totalSamples) err('samplesPerHost', `hosts x samplesPerHost exceeds ${LIMITS.totalSamples}`);

  if (errors.length === 0) {
    // Every host that runs a workload must reach some memory.
    // Built once per scenario: the app's views of this scenario reuse it (topologyOf).
    const topo = topologyOf(s);
    s.workloads.forEach((w, i) => w.hosts.forEach((h, j) => {
      if (topo.order[topo.hostIds.indexOf(h)].length === 0) err(`workloads[${i}].hosts[${j}]`, `host "${h}" reaches no memory device`);
    }));
    // A shared region's pages may only live where every sharer reaches them.
    s.workloads.forEach((w, i) => {
      if (w.hosts.length > 1 && w.hosts.every((h) => topo.order[topo.hostIds.indexOf(h)].length > 0) && topo.initiatorOrder[topo.spaceInitiator[i]].length === 0) {
        err(`workloads[${i}].hosts`, `hosts ${w.hosts.map((h) => `"${h}"`).join(', ')} share this address space but reach no memory device in common`);
      }
    });
    // A head is a port of its host on the device: the host needs a link path to it.
    s.devices.forEach((d, i) => d.pool?.heads.forEach((h, k) => {
      if (Number.isNaN(topo.idleNs[topo.hostIds.indexOf(h) * topo.D + i])) err(`devices[${i}].pool.heads[${k}]`, `host "${h}" has no link path to device "${d.id}"`);
    }));
  }
  eventIssues(s, kinds, err);
  if (s.pool && !findPoolManager(s.pool.manager)) {
    err('pool.manager', `unknown pool manager "${s.pool.manager}" (known: ${poolManagerNames().join(', ')})`);
  }

  const def = findPolicy(s.policy.name);
  if (!def) {
    err('policy.name', `unknown policy "${s.policy.name}" (known: ${policyNames().join(', ')})`);
  } else {
    const before = errors.length;
    for (const [key, v] of Object.entries(s.policy.params)) {
      const spec = def.params.find((p) => p.key === key);
      if (!spec) err(`policy.params.${key}`, `${def.name} has no parameter "${key}"`);
      else if (v < spec.min || v > spec.max) err(`policy.params.${key}`, `must be between ${spec.min} and ${spec.max} (got ${v})`);
      else if (spec.integer && !Number.isInteger(v)) err(`policy.params.${key}`, `must be a whole number (got ${v})`);
    }
    if (errors.length === before) checkEpochWork(s, def, pages, err);
    // A policy the timeline switches to must fit an epoch's work too.
    if (errors.length === before) for (const ev of s.events ?? []) {
      const pdef = ev.kind === 'policy' ? findPolicy(String(ev.policy)) : undefined;
      if (pdef) checkEpochWork({ ...s, policy: { ...s.policy, params: (ev.params ?? {}) as Record<string, number> } }, pdef, pages, err);
    }
  }
  // Masks and weights name NUMA nodes: a device, or an interleave set (never one of its members).
  const setOf = new Map<string, string>();
  for (const x of s.interleaveSets ?? []) for (const d of x.devices) setOf.set(d, x.id);
  const member = (n: string) => (setOf.has(n) ? `"${n}" is a member of interleave set "${setOf.get(n)}", one NUMA node: name "${setOf.get(n)}"` : null);
  s.policy.nodes.forEach((n, i) => {
    const k = kinds.get(n);
    if (k !== 'dram' && k !== 'cxl' && !sets.has(n)) err(`policy.nodes[${i}]`, `no memory device "${n}"`);
    else if (member(n)) err(`policy.nodes[${i}]`, member(n)!);
  });
  for (const n of Object.keys(s.policy.weights ?? {})) {
    const k = kinds.get(n);
    if (k !== 'dram' && k !== 'cxl' && !sets.has(n)) err(`policy.weights.${n}`, `no memory device "${n}"`);
    else if (member(n)) err(`policy.weights.${n}`, member(n)!);
  }
  return errors;
}
