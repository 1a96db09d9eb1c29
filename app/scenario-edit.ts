// Edits the UI makes to a scenario. Pure: each returns a new scenario (validate it before use).
import type { Scenario, WorkloadSpec } from '../src/scenario/schema';

export type NodeKind = 'host' | 'dram' | 'cxl' | 'switch';
export type Pattern = WorkloadSpec['pattern'];
export const PATTERNS: readonly Pattern[] = ['uniform', 'zipf', 'hotset', 'scan'];

const COORD_MAX = 10_000;

export interface NodeRef {
  id: string;
  kind: NodeKind;
  name: string;
  x: number;
  y: number;
}

/** Every node of the topology picture, in a stable order (hosts, switches, devices). */
export function topologyNodes(s: Scenario): NodeRef[] {
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
  return Math.max(-COORD_MAX, Math.min(COORD_MAX, Math.round(v)));
}

export function withSeed(s: Scenario, seed: number): Scenario {
  return { ...s, seed };
}

/** A new policy starts from its own defaults; the node mask carries over. */
export function withPolicy(s: Scenario, name: string): Scenario {
  if (s.policy.name === name) return s;
  return { ...s, policy: { ...s.policy, name, params: {}, weights: undefined } };
}

export function withPattern(s: Scenario, pattern: Pattern): Scenario {
  return { ...s, workloads: s.workloads.map((w) => ({ ...w, pattern })) };
}

/** The workloads' common pattern, or null when they differ. */
export function commonPattern(s: Scenario): Pattern | null {
  const first = s.workloads[0]?.pattern ?? null;
  return s.workloads.every((w) => w.pattern === first) ? first : null;
}

/** What the simulation depends on: the scenario minus the picture's layout. Equal keys = same run. */
export function simKey(s: Scenario): string {
  return JSON.stringify(s, (key, value) => (key === 'x' || key === 'y' ? undefined : value));
}
