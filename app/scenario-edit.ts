// Edits the UI makes to a scenario. Pure: each returns a new scenario (validate it before use).
import { BOUNDS, type CoherencyMode, type NodeKind } from '../src/scenario/bounds';
import type { Scenario } from '../src/scenario/schema';
import { PATTERN_NAMES, type PatternName } from '../src/workloads/registry';

export type Pattern = PatternName;
/** The pattern menu's entries: every registered workload pattern. */
export const PATTERNS: readonly Pattern[] = PATTERN_NAMES;

export interface NodeRef {
  id: string;
  kind: NodeKind;
  name: string;
  x: number;
  y: number;
}

const nodesOf = new WeakMap<Scenario, NodeRef[]>();
const namesOf = new WeakMap<Scenario, ReadonlyMap<string, string>>();

/**
 * Every node of the topology picture, in a stable order (hosts, switches, devices), once per
 * scenario object (scenarios are never changed in place; readers do not change the list): the
 * picture and several cards ask on every render.
 */
export function topologyNodes(s: Scenario): NodeRef[] {
  let nodes = nodesOf.get(s);
  if (!nodes) nodesOf.set(s, (nodes = buildNodes(s)));
  return nodes;
}

/** Each node's name by id (topologyNodes), once per scenario object. */
export function nodeNames(s: Scenario): ReadonlyMap<string, string> {
  let names = namesOf.get(s);
  if (!names) namesOf.set(s, (names = new Map(topologyNodes(s).map((n) => [n.id, n.name] as const))));
  return names;
}

function buildNodes(s: Scenario): NodeRef[] {
  const hostName = new Map(s.hosts.map((h) => [h.id, h.name ?? h.id]));
  return [
    ...s.hosts.map((h) => ({ id: h.id, kind: 'host' as const, name: h.name ?? h.id, x: h.x, y: h.y })),
    ...s.switches.map((w) => ({ id: w.id, kind: 'switch' as const, name: w.name ?? w.id, x: w.x, y: w.y })),
    ...s.devices.map((d) => ({
      id: d.id,
      kind: d.kind,
      // Unnamed DRAM is best called after its socket.
      name: d.name ?? (d.kind === 'dram' && d.host ? `${hostName.get(d.host) ?? d.host} DRAM` : d.id),
      x: d.x,
      y: d.y,
    })),
  ];
}

export function moveNode(s: Scenario, id: string, x: number, y: number): Scenario {
  const cx = clampCoord(x), cy = clampCoord(y);
  const move = <T extends { id: string; x: number; y: number }>(list: T[]): T[] =>
    list.map((n) => (n.id === id ? { ...n, x: cx, y: cy } : n));
  return { ...s, hosts: move(s.hosts), switches: move(s.switches), devices: move(s.devices) };
}

function clampCoord(v: number): number {
  return Math.max(BOUNDS.coord.min, Math.min(BOUNDS.coord.max, Math.round(v)));
}

export function withSeed(s: Scenario, seed: number): Scenario {
  return { ...s, seed };
}

/** Sets the pool manager of a scenario with a pool (one without a pool: an error naming why). */
export function withPoolManager(s: Scenario, name: string): Scenario {
  if (!s.pool) throw new Error(`pool manager "${name}": this scenario has no pool`);
  return { ...s, pool: { ...s.pool, manager: name } };
}

/** Sets the access pattern of workload `index` only; the others keep theirs. */
export function withPattern(s: Scenario, index: number, pattern: Pattern): Scenario {
  return { ...s, workloads: s.workloads.map((w, i) => (i === index ? { ...w, pattern } : w)) };
}

/** "app2 on Socket 0": a workload by its id and the hosts that run it. */
export function workloadName(s: Scenario, index: number): string {
  const w = s.workloads[index];
  if (!w) return '';
  const hostName = new Map(s.hosts.map((h) => [h.id, h.name ?? h.id]));
  return `${w.id} on ${w.hosts.map((h) => hostName.get(h) ?? h).join(', ')}`;
}

const simKeys = new WeakMap<Scenario, string>();

/**
 * What the simulation depends on: the scenario minus the picture's layout. Equal keys = same
 * run. Kept per scenario object (never changed in place): an edit asks for it several times,
 * a few ms each at 64 hosts.
 */
export function simKey(s: Scenario): string {
  let k = simKeys.get(s);
  if (k === undefined) simKeys.set(s, (k = JSON.stringify(s, (key, value) => (key === 'x' || key === 'y' ? undefined : value))));
  return k;
}

/** Sets (or, with undefined, clears to its default) a memory device's Linux abstract distance. */
export function withAdistance(s: Scenario, deviceId: string, adistance: number | undefined): Scenario {
  return {
    ...s,
    devices: s.devices.map((d) => {
      if (d.id !== deviceId) return d;
      const next = { ...d, adistance };
      if (adistance === undefined) delete next.adistance;
      return next;
    }),
  };
}

/** Sets (or, with undefined, resets to the policy's default) one policy parameter. */
export function withParam(s: Scenario, key: string, v: number | undefined): Scenario {
  const params = { ...s.policy.params };
  if (v === undefined) delete params[key];
  else params[key] = v;
  return { ...s, policy: { ...s.policy, params } };
}

/** The node mask: memory node ids (a device, or an interleave set) in node order; every node (or none) is stored as [] ("all reachable"). */
export function withNodes(s: Scenario, ids: readonly string[]): Scenario {
  const set = new Set(ids);
  const all = memoryNodes(s);
  const nodes = all.map((n) => n.id).filter((id) => set.has(id));
  return { ...s, policy: { ...s.policy, nodes: nodes.length === all.length ? [] : nodes } };
}

/**
 * The memory nodes NUMA and the policies see, in node order (src/topology/topology.ts buildNodes): a
 * device, or an interleave set where its first member stands, with its members' bandwidth together.
 */
export function memoryNodes(s: Scenario): { id: string; name: string; bandwidthGBps: number }[] {
  const setOf = new Map((s.interleaveSets ?? []).flatMap((set) => set.devices.map((d) => [d, set] as const)));
  const bw = new Map(s.devices.map((d) => [d.id, d.bandwidthGBps] as const));
  return s.devices.flatMap((d) => {
    const set = setOf.get(d.id);
    if (!set) return [{ id: d.id, name: d.name ?? d.id, bandwidthGBps: d.bandwidthGBps }];
    if (set.devices[0] !== d.id) return [];
    return [{ id: set.id, name: `${set.id} (${set.devices.length}-way interleave set)`, bandwidthGBps: set.devices.reduce((a, m) => a + (bw.get(m) ?? 0), 0) }];
  });
}

/** Sets how every shared region (a workload mapped by more than one host) keeps its sharers coherent. */
export function withCoherency(s: Scenario, coherency: CoherencyMode): Scenario {
  return { ...s, workloads: s.workloads.map((w) => (w.hosts.length > 1 ? { ...w, coherency } : w)) };
}

/** Sets the granularity of every interleave set (validated when the scenario is applied). */
export function withInterleaveGranularity(s: Scenario, granularityB: number): Scenario {
  return { ...s, interleaveSets: (s.interleaveSets ?? []).map((set) => ({ ...set, granularityB })) };
}

/** Whether a device is in the node mask ([] = every device). */
export function inNodeMask(s: Scenario, id: string): boolean {
  return s.policy.nodes.length === 0 || s.policy.nodes.includes(id);
}

/** Sets (or, with undefined, clears to automatic) one manual interleave weight. */
export function withWeight(s: Scenario, deviceId: string, w: number | undefined): Scenario {
  const weights = { ...(s.policy.weights ?? {}) };
  if (w === undefined) delete weights[deviceId];
  else weights[deviceId] = w;
  return { ...s, policy: { ...s.policy, weights: Object.keys(weights).length ? weights : undefined } };
}
