// Fabric generators: a scenario grown (or cut) to n hosts or n CXL expanders by replicating what
// it already has, deterministically (no RNG: the same scenario and n give the same fabric). Used
// by sweeps (src/sweep/keys.ts: the keys `hosts` and `cxlDevices`) and anywhere a scenario is.
// The result is not parsed: callers run parseScenario on it, which checks every LIMITS bound
// the bigger fabric may cross (links, pages, frames, samples).
import { BOUNDS } from './bounds';
import { LIMITS } from './limits';
import type { HostSpec, MemoryDeviceSpec, LinkSpec, ResolvedWorkload, Scenario } from './schema';

/** A generator's refusal, in the user's words (the sweep reports it as one line). */
export class GeneratorError extends Error {
  override name = 'GeneratorError';
}

/** (scenario, n) -> scenario: the one interface a sweep key calls. */
export type FabricGenerator = (s: Scenario, n: number) => Scenario;

/** Bounds of n for each generator (LIMITS: the format's own caps). */
export const GENERATOR_BOUNDS = {
  hosts: { min: 1, max: LIMITS.hosts },
  cxlDevices: { min: 0, max: LIMITS.devices },
} as const;

function checkN(what: keyof typeof GENERATOR_BOUNDS, n: number): void {
  const b = GENERATOR_BOUNDS[what];
  if (!Number.isInteger(n) || n < b.min || n > b.max) throw new GeneratorError(`${what} must be a whole number from ${b.min} to ${b.max} (got ${n})`);
}

/** Every id the scenario uses (they share one namespace: validate.ts refuses duplicates). */
function usedIds(s: Scenario): Set<string> {
  return new Set([
    ...s.hosts.map((h) => h.id), ...s.devices.map((d) => d.id), ...s.switches.map((w) => w.id),
    ...s.workloads.map((w) => w.id), ...(s.interleaveSets ?? []).map((x) => x.id),
  ]);
}

/** `${base}.${k}`, else a shorter free id: ids stay unique and within LIMITS.idLength. */
function freshId(base: string, k: number, used: Set<string>, prefix: string): string {
  let id = `${base}.${k}`;
  if (id.length > LIMITS.idLength || used.has(id)) {
    let j = used.size;
    do id = `${prefix}${j++}`; while (used.has(id));
  }
  used.add(id);
  return id;
}

/** Copies sit beside their template, inside the picture's bounds. */
const shifted = (v: number, k: number) => Math.min(BOUNDS.coord.max, Math.max(BOUNDS.coord.min, v + 24 * k));
const copyName = (name: string | undefined, k: number) => (name === undefined ? undefined : `${name} #${k + 1}`.slice(0, LIMITS.nameLength));

function refuseNuma(s: Scenario, what: string): void {
  // The numa section numbers the machine's nodes one by one: a grown fabric has nodes it does not name.
  if (s.numa) throw new GeneratorError(`${what}: the scenario's "numa" section numbers its nodes; remove it to generate a fabric`);
}

/** Drops node-mask entries and weights of removed devices; adds a copy's wherever its template is. */
function remapPolicy(s: Scenario, removed: Set<string>, copies: Map<string, string[]>): Scenario['policy'] {
  const nodes = s.policy.nodes.filter((n) => !removed.has(n)).flatMap((n) => [n, ...(copies.get(n) ?? [])]);
  let weights = s.policy.weights;
  if (weights) {
    const w: Record<string, number> = {};
    for (const [k, v] of Object.entries(weights)) {
      if (removed.has(k)) continue;
      w[k] = v;
      for (const c of copies.get(k) ?? []) w[c] = v;
    }
    weights = w;
  }
  return { ...s.policy, nodes, weights };
}

/**
 * n hosts: host i (past the scenario's m) replicates host i mod m with its DRAM, its workloads
 * and its links (to switches, devices, and to the other hosts of the same replica: a two-socket
 * pair replicates as a pair), and heads on the pooled devices its template has one on. Fewer
 * than m: the last hosts go with their DRAM, links and heads; a workload keeps its other hosts.
 */
export const generateHosts: FabricGenerator = (s, n) => {
  checkN('hosts', n);
  refuseNuma(s, 'hosts');
  const m = s.hosts.length;
  if (n === m) return s;
  if (n < m) {
    const gone = new Set(s.hosts.slice(n).map((h) => h.id));
    const goneDevices = new Set(s.devices.filter((d) => d.host !== undefined && gone.has(d.host)).map((d) => d.id));
    const workloads = s.workloads
      .map((w) => ({ ...w, hosts: w.hosts.filter((h) => !gone.has(h)) }))
      .filter((w) => w.hosts.length > 0);
    return {
      ...s,
      hosts: s.hosts.slice(0, n),
      devices: s.devices.filter((d) => !goneDevices.has(d.id)).map((d) => (d.pool ? { ...d, pool: { ...d.pool, heads: d.pool.heads.filter((h) => !gone.has(h)) } } : d)),
      links: s.links.filter((l) => !gone.has(l.a) && !gone.has(l.b)),
      workloads,
      policy: remapPolicy(s, goneDevices, new Map()),
    };
  }
  const used = usedIds(s);
  const hostIds = new Set(s.hosts.map((h) => h.id));
  const hosts: HostSpec[] = [...s.hosts];
  const devices: MemoryDeviceSpec[] = s.devices.map((d) => (d.pool ? { ...d, pool: { ...d.pool, heads: [...d.pool.heads] } } : d));
  const links: LinkSpec[] = [...s.links];
  const workloads: ResolvedWorkload[] = [...s.workloads];
  const copies = new Map<string, string[]>();
  for (let first = m, k = 1; first < n; first += m, k++) {
    // One replica: the next (up to) m hosts, copies of hosts 0.. of the scenario.
    const map = new Map<string, string>();
    for (let j = 0; j < m && first + j < n; j++) {
      const t = s.hosts[j];
      const id = freshId(t.id, k, used, 'h');
      map.set(t.id, id);
      hosts.push({ ...t, id, name: copyName(t.name, k), x: shifted(t.x, k), y: shifted(t.y, k) });
    }
    for (const d of s.devices) {
      if (d.kind !== 'dram' || d.host === undefined || !map.has(d.host)) continue;
      const id = freshId(d.id, k, used, 'm');
      copies.set(d.id, [...(copies.get(d.id) ?? []), id]);
      devices.push({ ...d, id, host: map.get(d.host)!, name: copyName(d.name, k), x: shifted(d.x, k), y: shifted(d.y, k) });
    }
    for (const l of s.links) {
      const a = map.get(l.a), b = map.get(l.b);
      if (!a && !b) continue;
      // A link between two hosts joins copies of both, or is left out (it would cross replicas).
      if (hostIds.has(l.a) && hostIds.has(l.b) && !(a && b)) continue;
      links.push({ ...l, a: a ?? l.a, b: b ?? l.b });
    }
    for (const w of s.workloads) {
      if (!w.hosts.every((h) => map.has(h))) continue;
      workloads.push({ ...w, id: freshId(w.id, k, used, 'w'), hosts: w.hosts.map((h) => map.get(h)!) });
    }
    devices.forEach((d, i) => {
      if (!d.pool || i >= s.devices.length) return;
      for (const h of s.devices[i].pool!.heads) if (map.has(h)) d.pool.heads.push(map.get(h)!);
    });
  }
  return { ...s, hosts, devices, links, workloads, policy: remapPolicy(s, new Set(), copies) };
};

/** Single-headed CXL expanders outside interleave sets: the ones a generator copies or removes. */
function plainExpanders(s: Scenario): MemoryDeviceSpec[] {
  const members = new Set((s.interleaveSets ?? []).flatMap((x) => x.devices));
  return s.devices.filter((d) => d.kind === 'cxl' && !d.pool && !members.has(d.id));
}

/**
 * n CXL devices in all: more expanders, copies of the scenario's plain expanders in turn, each
 * linked where its template is (the same switches, the same hosts); fewer: the last plain
 * expanders go, with their links. Pooled devices and interleave members are neither copied nor removed.
 */
export const generateCxlDevices: FabricGenerator = (s, n) => {
  checkN('cxlDevices', n);
  refuseNuma(s, 'cxlDevices');
  const c = s.devices.filter((d) => d.kind === 'cxl').length;
  if (n === c) return s;
  const plain = plainExpanders(s);
  if (n < c) {
    if (c - n > plain.length) throw new GeneratorError(`cxlDevices: only ${plain.length} of the ${c} CXL devices are plain expanders that can be removed (at least ${c - plain.length})`);
    const gone = new Set(plain.slice(plain.length - (c - n)).map((d) => d.id));
    return {
      ...s,
      devices: s.devices.filter((d) => !gone.has(d.id)),
      links: s.links.filter((l) => !gone.has(l.a) && !gone.has(l.b)),
      policy: remapPolicy(s, gone, new Map()),
    };
  }
  if (plain.length === 0) throw new GeneratorError('cxlDevices: the scenario has no plain CXL expander to replicate');
  const used = usedIds(s);
  const devices = [...s.devices];
  const links = [...s.links];
  const copies = new Map<string, string[]>();
  for (let i = 0; i < n - c; i++) {
    const t = plain[i % plain.length];
    const k = 1 + Math.floor(i / plain.length);
    const id = freshId(t.id, k, used, 'cxl');
    copies.set(t.id, [...(copies.get(t.id) ?? []), id]);
    devices.push({ ...t, id, name: copyName(t.name, k), x: shifted(t.x, k), y: shifted(t.y, k) });
    for (const l of s.links) {
      if (l.a === t.id) links.push({ ...l, a: id });
      else if (l.b === t.id) links.push({ ...l, b: id });
    }
  }
  return { ...s, devices, links, policy: remapPolicy(s, new Set(), copies) };
};

/** The generators by the name a sweep key uses. */
export const GENERATORS = { hosts: generateHosts, cxlDevices: generateCxlDevices } as const satisfies Record<keyof typeof GENERATOR_BOUNDS, FabricGenerator>;
export type GeneratorName = keyof typeof GENERATORS;
