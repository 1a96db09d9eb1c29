// What Linux on one of the scenario's servers sees: its NUMA nodes (numbers, CPUs, sizes, free
// memory, distances), memory tiers and the CXL objects behind them. Every kernel view prints
// from this one picture, so they agree with each other. A picture is of a machine that may be
// only partly brought up (`MachineState.cxl`): a step-through of discovery shows each stage.
import type { Scenario } from '../scenario/schema';
import { slitDistances, tierChunk, topologyOf, type Topology } from '../topology/topology';

/**
 * How far a CXL memory device has come up, in the order Linux brings it up:
 * 'absent' not enumerated; 'enumerated' the memdev, its ports and endpoint exist, no region;
 * 'region' a region is committed (HDM decoders programmed) and a DAX device exists in devdax
 * mode; 'system-ram' the DAX device is handed to kmem (daxctl reconfigure-device
 * --mode=system-ram), its memory blocks added but offline: the node exists with no memory;
 * 'online' its memory blocks are online: a NUMA node with memory, in a memory tier.
 */
export const CXL_STAGES = ['absent', 'enumerated', 'region', 'system-ram', 'online'] as const;
export type CxlStage = (typeof CXL_STAGES)[number];

export interface MachineState {
  /** Which server: the index of one of its hosts (default 0); a server is the hosts joined by socket links. */
  host?: number;
  /** How far each CXL device (by id) has come up; a device not listed is 'online'. */
  cxl?: Readonly<Record<string, CxlStage>>;
  /** MiB in use per device id (from a run); absent: nothing allocated. */
  usedMB?: Readonly<Record<string, number>>;
}

export interface LinuxNode {
  /** Linux node number. */
  id: number;
  /** The scenario's name for it: a device, an interleave set, or a host without DRAM. */
  name: string;
  kind: 'dram' | 'cxl' | 'memoryless';
  /** Scenario device indices it is made of (none for a memoryless node). */
  devices: number[];
  /** Index into the scenario's hosts whose CPUs it holds, -1 for a CPU-less node. */
  cpuHost: number;
  cpus: number[];
  /** MiB online (0 while a CXL node's blocks are offline) and free. */
  sizeMB: number;
  freeMB: number;
  /** How far it has come up (DRAM and memoryless nodes: 'online'). */
  stage: CxlStage;
  /** Its memory tier as /sys/devices/virtual/memory_tiering numbers it (abstract distance >> 7); -1 without memory. */
  tier: number;
}

export interface Machine {
  scenario: Scenario;
  topo: Topology;
  /** Host indices of this server. */
  hosts: number[];
  /** Nodes Linux lists (stage 'system-ram' or 'online'), by node number. */
  nodes: LinuxNode[];
  /** Distances between `nodes`, [i][j]. */
  distance: number[][];
  /** Every NUMA-capable node of the server, listed or not yet (discovery), by node number. */
  all: LinuxNode[];
  /** Scenario device indices of the CXL devices this server reaches, in scenario order. */
  cxlDevices: number[];
  stageOf(device: number): CxlStage;
}

const REMOTE_DISTANCE = 20; // Linux's default when firmware gives no distance
const UNREACHABLE = 255;

/** The hosts joined to host h by socket links (host-to-host links), in scenario order. */
export function serverHosts(s: Scenario, h: number): number[] {
  const idx = new Map(s.hosts.map((x, i) => [x.id, i] as const));
  const adj: number[][] = s.hosts.map(() => []);
  for (const l of s.links) {
    const a = idx.get(l.a), b = idx.get(l.b);
    if (a !== undefined && b !== undefined) { adj[a].push(b); adj[b].push(a); }
  }
  const seen = new Set([h]);
  const todo = [h];
  while (todo.length) for (const x of adj[todo.pop()!]) if (!seen.has(x)) { seen.add(x); todo.push(x); }
  return [...seen].sort((a, b) => a - b);
}

/** The picture of one server of the scenario in the given state. */
export function buildMachine(s: Scenario, state: MachineState = {}, topo: Topology = topologyOf(s)): Machine {
  const h0 = Math.min(Math.max(0, state.host ?? 0), s.hosts.length - 1);
  const hosts = serverHosts(s, h0);
  const { N, nodes: specs } = topo;
  const stageOf = (d: number): CxlStage => (s.devices[d].kind === 'cxl' ? state.cxl?.[s.devices[d].id] ?? 'online' : 'online');
  const nodeStage = (devices: Int32Array): CxlStage => {
    let k = CXL_STAGES.length - 1;
    for (const d of devices) k = Math.min(k, CXL_STAGES.indexOf(stageOf(d)));
    return CXL_STAGES[k];
  };
  const reaches = (n: number) => hosts.some((h) => !Number.isNaN(topo.nodeIdleNs[h * N + n]));

  // Nodes in the default order: each host's CPU node and its other DRAM, then the rest.
  type Draft = Omit<LinuxNode, 'id'> & { node: number };
  const drafts: Draft[] = [];
  const dramOf = (h: number) => specs.map((n, i) => ({ n, i })).filter(({ n }) => n.devices.length === 1 && topo.deviceHost[n.devices[0]] === h);
  let cpu = 0;
  for (const h of hosts) {
    const cpus = Array.from({ length: s.hosts[h].cores }, (_, k) => cpu + k);
    cpu += cpus.length;
    const drams = dramOf(h);
    if (drams.length === 0) drafts.push({ node: -1, name: s.hosts[h].id, kind: 'memoryless', devices: [], cpuHost: h, cpus, sizeMB: 0, freeMB: 0, stage: 'online', tier: -1 });
    drams.forEach(({ n, i }, k) => drafts.push({ node: i, name: n.id, kind: 'dram', devices: Array.from(n.devices), cpuHost: k === 0 ? h : -1, cpus: k === 0 ? cpus : [], sizeMB: 0, freeMB: 0, stage: 'online', tier: 0 }));
  }
  specs.forEach((n, i) => {
    if (n.devices.length === 1 && topo.deviceHost[n.devices[0]] >= 0) return;
    if (!reaches(i)) return;
    drafts.push({ node: i, name: n.id, kind: 'cxl', devices: Array.from(n.devices), cpuHost: -1, cpus: [], sizeMB: 0, freeMB: 0, stage: nodeStage(n.devices), tier: 0 });
  });
  for (const x of drafts) {
    if (x.node < 0) continue;
    const spec = specs[x.node];
    let min = Infinity;
    for (const d of spec.devices) min = Math.min(min, s.devices[d].capacityMB);
    const cap = min * spec.devices.length; // an interleave set: k x its smallest member
    const online = x.stage === 'online';
    x.sizeMB = online ? cap : 0;
    x.freeMB = online ? cap : 0;
    x.tier = online ? tierChunk(topo.deviceAdistance[spec.devices[0]]) : -1;
  }

  // Node numbers: the scenario's (an imported machine), then the next free ones in default order.
  const numa = s.numa;
  const given = new Map<string, number>();
  numa?.nodes.forEach((n, i) => given.set(n, numa.ids?.[i] ?? i));
  let next = 0;
  for (const x of drafts) if (given.has(x.name)) next = Math.max(next, given.get(x.name)! + 1);
  const all: (LinuxNode & { node: number })[] = drafts.map((x) => ({ ...x, id: given.get(x.name) ?? next++ }));
  all.sort((a, b) => a.id - b.id);
  const listed = all.filter((x) => x.stage === 'system-ram' || x.stage === 'online');

  // Distances: the scenario's where it gives them, else from the fabric (SLIT-style, as topology.ts).
  const nodeLocal = new Uint8Array(s.hosts.length * N);
  specs.forEach((n, i) => { for (let h = 0; h < s.hosts.length; h++) nodeLocal[h * N + i] = n.devices.every((d) => topo.hostLocal[h * topo.D + d] === 1) ? 1 : 0; });
  const slit = slitDistances(topo.nodeIdleNs, nodeLocal, s.hosts.length, N);
  const toHost = (h: number, x: LinuxNode & { node: number }): number => {
    if (x.node < 0) return x.cpuHost === h ? 10 : REMOTE_DISTANCE;
    const d = slit[h][x.node];
    return d > 0 ? d : UNREACHABLE;
  };
  const derived = (a: LinuxNode & { node: number }, b: LinuxNode & { node: number }): number => {
    if (a === b) return 10;
    if (a.cpuHost >= 0) return toHost(a.cpuHost, b);
    if (b.cpuHost >= 0) return toHost(b.cpuHost, a);
    let best = UNREACHABLE;
    for (const h of hosts) {
      const da = toHost(h, a), db = toHost(h, b);
      if (da < UNREACHABLE && db < UNREACHABLE) best = Math.min(best, Math.max(da, db));
    }
    return best;
  };
  const at = new Map<string, number>();
  numa?.nodes.forEach((n, i) => at.set(n, i));
  const distance = listed.map((a) => listed.map((b) => {
    const i = at.get(a.name), j = at.get(b.name);
    const row = i !== undefined && j !== undefined ? numa?.distances?.[i] : undefined;
    return row && j !== undefined && row[j] !== undefined ? row[j] : derived(a, b);
  }));
  const cxlDevices: number[] = [];
  s.devices.forEach((d, i) => { if (d.kind === 'cxl' && hosts.some((h) => !Number.isNaN(topo.idleNs[h * topo.D + i]))) cxlDevices.push(i); });
  const machine = { scenario: s, topo, hosts, nodes: listed, distance, all, cxlDevices, stageOf };
  return state.usedMB ? withUsage(machine, state.usedMB) : machine;
}

/**
 * The machine with `usedMB` in use (a run's pages): each online node's free memory is its size
 * less what its devices hold. Everything else is the machine's own, so a live view builds the
 * machine once per scenario and only this per snapshot (at 256 hosts the build takes tens of ms).
 */
export function withUsage(m: Machine, usedMB: Readonly<Record<string, number>>): Machine {
  const s = m.scenario;
  const used = new Map<LinuxNode, LinuxNode>();
  const all = m.all.map((x) => {
    if (x.stage !== 'online' || x.devices.length === 0) return x;
    const inUse = x.devices.reduce((a, d) => a + (usedMB[s.devices[d].id] ?? 0), 0);
    const y = { ...x, freeMB: Math.max(0, x.sizeMB - inUse) };
    used.set(x, y);
    return y;
  });
  return { ...m, all, nodes: m.nodes.map((x) => used.get(x) ?? x) };
}

/** Used MiB per device id from a run's pages per device (a snapshot's or the report's). */
export function usedFromPages(s: Scenario, pages: ArrayLike<number>, pageBytes: number): Record<string, number> {
  const out: Record<string, number> = {};
  s.devices.forEach((d, i) => { out[d.id] = (pages[i] * pageBytes) / 1048576; });
  return out;
}
