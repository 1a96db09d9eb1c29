// The fabric editor's operations: pure functions from a scenario to the next one, each checked
// by the one validator (parseScenario), so an edit the format or its rules refuse comes back as
// a reason in words (naming the field) and never as a scenario. The app's editor (undo, redo,
// the link, the run) applies what they return; the CLI or a test can call them the same way.
import { buildPod, podIssue, type PodParams } from '../topology/pod-design';
import { BOUNDS, type NodeKind, type PoolDeviceKind } from './bounds';
import type { LinkSpec, Scenario, ScenarioInput } from './schema';
import { formatErrors, parseScenario } from './validate';

export type EditResult = { ok: true; scenario: Scenario; /** The node the edit made (to select it). */ id?: string } | { ok: false; reason: string };

/** What the palette adds. */
export type AddKind = 'host' | 'switch' | 'cxl' | PoolDeviceKind;

/** The palette's entries, in its order: what each adds, in words. */
export const ADD_KINDS: readonly { kind: AddKind; label: string; help: string }[] = [
  { kind: 'host', label: 'Host', help: 'a socket with its DRAM and a workload like the first one' },
  { kind: 'switch', label: 'Switch', help: 'a CXL switch: link hosts and devices to it' },
  { kind: 'cxl', label: 'CXL expander', help: 'a single-headed CXL memory device: link it to a host or a switch' },
  { kind: 'mhd', label: 'Multi-headed device', help: 'a pooled CXL device with a head per linked host (adds the scenario\'s pool)' },
  { kind: 'dcd', label: 'Dynamic capacity device', help: 'a pooled CXL device whose extents move between linked hosts (adds the scenario\'s pool)' },
];

/**
 * Sizes of what an empty canvas starts with, in MB of the modelled machine (a scale model, as
 * the presets are): a new node copies the sizes of one like it in the scenario, these only
 * when there is none. The working set fits the DRAM so the smallest fabric is valid.
 */
export const STARTING_SIZES = { dramMB: 64, cxlMB: 128, workingSetMB: 48 } as const;

/** Spacing of new nodes in the picture's units (the layout by role takes over when they do not fit). */
const GAP = 150;

/** The scenario parsed, or why not: `what` says which edit was refused. */
function check(next: unknown, what: string, id?: string): EditResult {
  const r = parseScenario(next);
  if (!r.ok) return { ok: false, reason: `${what}: ${formatErrors(r.errors)}` };
  return id === undefined ? { ok: true, scenario: r.scenario } : { ok: true, scenario: r.scenario, id };
}

/** Every id in use: nodes, workloads and interleave sets share one namespace. */
function usedIds(s: Scenario): Set<string> {
  return new Set([...s.hosts, ...s.devices, ...s.switches, ...s.workloads, ...(s.interleaveSets ?? [])].map((x) => x.id));
}

/** `prefix` + the smallest number not in use. */
export function freeId(s: Scenario, prefix: string, used = usedIds(s)): string {
  for (let n = 0; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** What kind of node an id names, if any. */
export function kindOf(s: Scenario, id: string): NodeKind | null {
  if (s.hosts.some((h) => h.id === id)) return 'host';
  if (s.switches.some((w) => w.id === id)) return 'switch';
  return s.devices.find((d) => d.id === id)?.kind ?? null;
}

/** A node's name in a reason. */
export function nameOf(s: Scenario, id: string): string {
  const n = [...s.hosts, ...s.switches, ...s.devices].find((x) => x.id === id);
  return n?.name ? `${n.name} (${id})` : id;
}

const clampCoord = (v: number) => Math.max(BOUNDS.coord.min, Math.min(BOUNDS.coord.max, Math.round(v)));

/** Where a new node of a row goes: right of the row's rightmost node, on its line (or `y` for a new row). */
function nextSlot(row: readonly { x: number; y: number }[], y: number): { x: number; y: number } {
  if (row.length === 0) return { x: clampCoord(100), y: clampCoord(y) };
  const last = row.reduce((a, b) => (b.x > a.x ? b : a));
  return { x: clampCoord(last.x + GAP), y: last.y };
}

/** Adds a node from the palette; `near` (a host) is the host a pooled device's first head goes to. */
export function addNode(s: Scenario, kind: AddKind, near?: string): EditResult {
  const used = usedIds(s);
  const hostY = s.hosts.length ? Math.min(...s.hosts.map((h) => h.y)) : 100;
  if (kind === 'host') {
    const id = freeId(s, 'h', used);
    const at = nextSlot(s.hosts, hostY);
    const like = s.devices.find((d) => d.kind === 'dram');
    const dram = { id: `${id}.dram`, kind: 'dram' as const, host: id, capacityMB: like?.capacityMB ?? STARTING_SIZES.dramMB, x: at.x, y: clampCoord(at.y - 70) };
    if (used.has(dram.id)) return { ok: false, reason: `Add host: the id "${dram.id}" is taken` };
    const host = { id, name: `Host ${id.slice(1)}`, x: at.x, y: at.y };
    // The new host runs what the first single-host workload runs (or nothing, if its copy does not fit).
    const template = s.workloads.find((w) => w.hosts.length === 1) ?? s.workloads[0];
    const base = { ...s, hosts: [...s.hosts, host], devices: [...s.devices, dram] };
    const withWork = check({ ...base, workloads: [...s.workloads, { ...template, id: freeId(s, 'w', used), hosts: [id] }] }, 'Add host', id);
    return withWork.ok ? withWork : check(base, 'Add host', id);
  }
  if (kind === 'switch') {
    const id = freeId(s, 'sw', used);
    const at = nextSlot(s.switches, hostY + GAP);
    return check({ ...s, switches: [...s.switches, { id, name: `CXL switch ${id.slice(2)}`, ...at }] }, 'Add switch', id);
  }
  const id = freeId(s, kind === 'cxl' ? 'cxl' : kind, used);
  const cxl = s.devices.filter((d) => d.kind === 'cxl');
  const like = cxl.find((d) => !d.pool) ?? cxl[0];
  const at = nextSlot(cxl, hostY + 2 * GAP);
  const base = { id, kind: 'cxl' as const, capacityMB: like?.capacityMB ?? STARTING_SIZES.cxlMB, ...at };
  if (kind === 'cxl') return check({ ...s, devices: [...s.devices, { ...base, name: `CXL expander ${id.slice(3)}` }] }, 'Add CXL expander', id);
  // A pooled device needs a head, and a head a link: the first goes to `near` (or the first host).
  const head = near && kindOf(s, near) === 'host' ? near : s.hosts[0].id;
  const dev = { ...base, name: `${kind.toUpperCase()} ${id.slice(3)}`, pool: { kind, heads: [head] } };
  return check({
    ...s,
    devices: [...s.devices, dev],
    links: [...s.links, { a: head, b: id }],
    // The pool's manager and VM stream: the format's defaults.
    pool: s.pool ?? {},
  }, `Add ${kind === 'mhd' ? 'multi-headed device' : 'dynamic capacity device'}`, id);
}

const sameLink = (l: { a: string; b: string }, a: string, b: string) => (l.a === a && l.b === b) || (l.a === b && l.b === a);

/** Links two nodes (a host or switch first); a host linked to a pooled device gets a head on it. */
export function connect(s: Scenario, a: string, b: string): EditResult {
  const what = `Link ${nameOf(s, a)} to ${nameOf(s, b)}`;
  if (a === b) return { ok: false, reason: `${what}: a link joins two different nodes` };
  const ka = kindOf(s, a), kb = kindOf(s, b);
  if (!ka || !kb) return { ok: false, reason: `${what}: no node "${ka ? b : a}"` };
  if (s.links.some((l) => sameLink(l, a, b))) return { ok: false, reason: `${what}: they are linked already` };
  const [x, y] = ka === 'cxl' || ka === 'dram' ? [b, a] : [a, b];
  const devices = s.devices.map((d) => {
    const host = d.id === y ? x : d.id === x ? y : null;
    if (!d.pool || host === null || kindOf(s, host) !== 'host' || d.pool.heads.includes(host)) return d;
    return { ...d, pool: { ...d.pool, heads: [...d.pool.heads, host] } };
  });
  return check({ ...s, devices, links: [...s.links, { a: x, b: y } as LinkSpec] }, what);
}

/** Removes the link between two nodes; a host unlinked from a pooled device loses its head there. */
export function disconnect(s: Scenario, a: string, b: string): EditResult {
  const what = `Remove the link ${nameOf(s, a)} – ${nameOf(s, b)}`;
  if (!s.links.some((l) => sameLink(l, a, b))) return { ok: false, reason: `${what}: they are not linked` };
  const devices = s.devices.map((d) => {
    const host = d.id === a ? b : d.id === b ? a : null;
    if (!d.pool || host === null || !d.pool.heads.includes(host)) return d;
    return { ...d, pool: { ...d.pool, heads: d.pool.heads.filter((h) => h !== host) } };
  });
  const emptied = devices.find((d) => d.pool && d.pool.heads.length === 0);
  if (emptied) return { ok: false, reason: `${what}: it is the last head of ${nameOf(s, emptied.id)}; a pooled device needs at least one head (remove the device instead)` };
  return check({ ...s, devices, links: s.links.filter((l) => !sameLink(l, a, b)) }, what);
}

/**
 * Removes a node with its links; a host takes its DRAM with it and leaves every workload it
 * ran (a shared one keeps its other hosts). Refused, with the reason, where that would leave a
 * workload without memory, the scenario without a host or a workload, or a pooled device headless.
 */
export function removeNode(s: Scenario, id: string): EditResult {
  const kind = kindOf(s, id);
  const what = `Remove ${nameOf(s, id)}`;
  if (!kind) return { ok: false, reason: `${what}: no such node` };
  const gone = new Set([id]);
  if (kind === 'host') {
    if (s.hosts.length === 1) return { ok: false, reason: `${what}: a scenario needs at least one host (add another first)` };
    for (const d of s.devices) if (d.kind === 'dram' && d.host === id) gone.add(d.id);
  }
  const workloads = s.workloads.flatMap((w) => {
    if (!w.hosts.includes(id)) return [w];
    const hosts = w.hosts.filter((h) => h !== id);
    return hosts.length ? [{ ...w, hosts }] : [];
  });
  if (workloads.length === 0) return { ok: false, reason: `${what}: the scenario's last workload runs on it, and a scenario needs at least one workload` };
  const devices = s.devices.filter((d) => !gone.has(d.id)).map((d) => {
    if (!d.pool || !d.pool.heads.includes(id)) return d;
    return { ...d, pool: { ...d.pool, heads: d.pool.heads.filter((h) => h !== id) } };
  });
  const headless = devices.find((d) => d.pool && d.pool.heads.length === 0);
  if (headless) return { ok: false, reason: `${what}: it holds the last head of ${nameOf(s, headless.id)}; a pooled device needs at least one head (remove the device first)` };
  if (devices.length === 0) return { ok: false, reason: `${what}: a scenario needs at least one memory device` };
  // Names the policy and interleave sets keep for a device that is gone go with it.
  const weights = s.policy.weights ? Object.fromEntries(Object.entries(s.policy.weights).filter(([k]) => !gone.has(k))) : undefined;
  const sets = s.interleaveSets?.map((x) => ({ ...x, devices: x.devices.filter((d) => !gone.has(d)) })).filter((x) => x.devices.length >= 2);
  return check({
    ...s,
    hosts: s.hosts.filter((h) => h.id !== id),
    switches: s.switches.filter((w) => w.id !== id),
    devices,
    links: s.links.filter((l) => !gone.has(l.a) && !gone.has(l.b)),
    workloads,
    policy: { ...s.policy, nodes: s.policy.nodes.filter((n) => !gone.has(n)), weights: weights && Object.keys(weights).length ? weights : undefined },
    ...(s.interleaveSets ? { interleaveSets: sets } : {}),
  }, what);
}

/** What a properties form edits: a node by id, or the link between two nodes. */
export type EditTarget = { kind: 'node'; id: string } | { kind: 'link'; a: string; b: string };

/** Sets one field of a node or link (undefined: leaves it out, to its default). */
export function setField(s: Scenario, target: EditTarget, key: string, value: number | string | undefined): EditResult {
  const put = <T extends object>(o: T): T => {
    const next = { ...o, [key]: value } as Record<string, unknown>;
    if (value === undefined) delete next[key];
    return next as T;
  };
  if (target.kind === 'link') {
    const i = s.links.findIndex((l) => sameLink(l, target.a, target.b));
    if (i < 0) return { ok: false, reason: `no link between ${target.a} and ${target.b}` };
    return check({ ...s, links: s.links.map((l, k) => (k === i ? put(l) : l)) }, `Link ${target.a} – ${target.b}`);
  }
  const id = target.id;
  const map = <T extends { id: string }>(list: T[]) => list.map((n) => (n.id === id ? put(n) : n));
  if (!kindOf(s, id)) return { ok: false, reason: `no node "${id}"` };
  return check({ ...s, hosts: map(s.hosts), devices: map(s.devices), switches: map(s.switches) }, nameOf(s, id));
}

/** The workload a new fabric's host runs: one pattern over a working set that fits its DRAM. */
function startingWorkload(s: Scenario | null, id: string, host: string, workingSetMB: number) {
  const w = s?.workloads[0];
  return w ? { ...w, id, hosts: [host], workingSetMB } : { id, hosts: [host], pattern: 'zipf' as const, workingSetMB };
}

/**
 * The smallest fabric the format allows: a scenario needs a host, a memory device and a
 * workload, so an empty canvas is one host with its DRAM running one workload. The platform,
 * policy and run settings of `from` (the scenario on screen) carry over.
 */
export function newFabric(from: Scenario | null): Scenario {
  const r = check({
    version: 1,
    name: 'New fabric',
    platform: from?.platform,
    epochMs: from?.epochMs,
    samplesPerHost: from?.samplesPerHost,
    pageSize: from?.pageSize,
    hosts: [{ id: 'h0', name: 'Host 0', x: 100, y: 100 }],
    devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: STARTING_SIZES.dramMB, x: 100, y: 30 }],
    workloads: [startingWorkload(from, 'w0', 'h0', STARTING_SIZES.workingSetMB)],
    policy: from ? { name: from.policy.name, params: from.policy.params } : { name: 'first-touch' },
  } satisfies ScenarioInput, 'New fabric');
  if (r.ok) return r.scenario;
  // The carried-over policy or settings may not fit the small fabric: the format's defaults do.
  const plain = check({
    version: 1, name: 'New fabric',
    hosts: [{ id: 'h0', name: 'Host 0', x: 100, y: 100 }],
    devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: STARTING_SIZES.dramMB, x: 100, y: 30 }],
    workloads: [{ id: 'w0', hosts: ['h0'], pattern: 'zipf', workingSetMB: STARTING_SIZES.workingSetMB }],
    policy: { name: 'first-touch' },
  } satisfies ScenarioInput, 'New fabric');
  if (!plain.ok) throw new Error(plain.reason); // the format's own smallest fabric: a test keeps it valid
  return plain.scenario;
}

/**
 * A pod built from its design (src/topology/pod-design.ts buildPod) as a new scenario: each
 * host with DRAM the size of `from`'s first DRAM and running a copy of its first workload,
 * pooled devices the size of its first CXL device (or twice the DRAM); platform, policy and
 * run settings carried over; `pod` declared so the report counts its hardware and cost.
 */
export function podScenario(from: Scenario, p: PodParams): EditResult {
  const what = `Generate a ${p.design} pod`;
  const why = podIssue(p);
  if (why) return { ok: false, reason: `${what}: ${why}` };
  const dramMB = from.devices.find((d) => d.kind === 'dram')?.capacityMB ?? STARTING_SIZES.dramMB;
  const poolMB = from.devices.find((d) => d.kind === 'cxl')?.capacityMB ?? 2 * dramMB;
  const fabric = buildPod(p, { dramMB, poolMB });
  const template = from.workloads.find((w) => w.hosts.length === 1) ?? from.workloads[0];
  const pod = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
  return check({
    version: 1,
    name: `${p.design} pod: ${fabric.hosts.length} hosts`,
    platform: from.platform, epochMs: from.epochMs, samplesPerHost: from.samplesPerHost, pageSize: from.pageSize, seed: from.seed,
    ...fabric,
    workloads: fabric.hosts.map((h, i) => ({ ...template, id: `app${i}`, hosts: [h.id] })),
    policy: { name: from.policy.name, params: from.policy.params },
    pod,
  }, what);
}
