// The fabric as indices: which host reaches which memory device, over which links, at what
// idle latency; Linux memory tiers from abstract distances; numactl-style distances.
import { CAL, MEMTIER_CHUNK } from '../platform/calibration';
import type { Scenario } from '../scenario/schema';
import { NO_TIER, TierArray } from '../ids';
import { serves, type FabricState } from './fabric';


/** A memory tier, as /sys/devices/virtual/memory_tiering lists it. */
export interface TierMeta {
  index: number;
  /** Abstract distance range of the tier, as in /sys/devices/virtual/memory_tiering. */
  adistanceStart: number;
  adistanceEnd: number;
  devices: string[];
}
export { NO_TIER };

/**
 * A memory node, what NUMA and the policies see, over the devices that hold it (what queues
 * and latency see), each with its share of the node's frames and traffic (shares sum to 1).
 * A device without further declaration is one node; an interleave set (scenario
 * `interleaveSets`, src/topology/interleave.ts) is one node over its 2-16 member devices, equal shares.
 */
export interface NodeSpec {
  id: string;
  devices: Int32Array;
  shares: Float64Array;
}

/**
 * The nodes of a scenario: an interleave set is one node where its first member stands, the
 * other devices one node each, in scenario order.
 */
export function buildNodes(s: Scenario): NodeSpec[] {
  const index = new Map(s.devices.map((d, i) => [d.id, i] as const));
  const setOf = new Map<number, { id: string; devices: number[] }>();
  for (const set of s.interleaveSets ?? []) {
    const members = set.devices.map((id) => index.get(id)!);
    for (const d of members) setOf.set(d, { id: set.id, devices: members });
  }
  const out: NodeSpec[] = [];
  s.devices.forEach((d, i) => {
    const set = setOf.get(i);
    if (!set) out.push({ id: d.id, devices: Int32Array.of(i), shares: Float64Array.of(1) });
    else if (set.devices[0] === i) out.push({ id: set.id, devices: Int32Array.from(set.devices), shares: new Float64Array(set.devices.length).fill(1 / set.devices.length) });
  });
  return out;
}

/**
 * Frames of each node: as many as its smallest member allows at its share (an interleave set
 * stripes every address over all members, so each gives the same capacity; one device: all).
 */
export function nodeFrames(nodes: NodeSpec[], deviceFrames: ArrayLike<number>): number[] {
  return nodes.map((n) => {
    let f = Infinity;
    for (let k = 0; k < n.devices.length; k++) f = Math.min(f, Math.floor(deviceFrames[n.devices[k]] / n.shares[k]));
    return n.devices.length > 0 ? f : 0;
  });
}

/** Frames of each device a node's frames use (its share of them), by device. */
export function deviceFramesUsed(nodes: NodeSpec[], frames: ArrayLike<number>, D: number): Float64Array {
  const out = new Float64Array(D);
  nodes.forEach((n, i) => { for (let k = 0; k < n.devices.length; k++) out[n.devices[k]] += frames[i] * n.shares[k]; });
  return out;
}

/**
 * Who accesses memory: an initiator runs on a host (its socket: cores, LLC, CPU time, paths).
 * Every host is one initiator (kind 'host'), first, in host order. An address space mapped by
 * several hosts (a shared region) belongs to an initiator of kind 'shared' standing for its
 * sharers: it runs on the first mapper's host (who faults the pages in and pays for moving
 * them) but reaches only the nodes every sharer reaches, so everything that places its pages
 * (zonelists, fast tier, promotion and demotion targets) keeps them where all sharers can
 * access them. VMs on hosts will be initiators of kind 'vm'.
 */
export interface InitiatorSpec {
  id: string;
  host: number;
  kind: 'host' | 'vm' | 'shared';
  /** The hosts whose accesses it stands for: its own host; a shared region's sharers (first mapper first). */
  hosts: number[];
}

/**
 * The initiators of a scenario: one per host, then one per distinct set of sharers (with its
 * first mapper) of the shared regions; and the initiator that owns each workload's pages.
 */
export function buildInitiators(s: Scenario): { initiators: InitiatorSpec[]; spaceInitiator: Int32Array } {
  const hostIdx = new Map(s.hosts.map((h, i) => [h.id, i] as const));
  const initiators: InitiatorSpec[] = s.hosts.map((h, i) => ({ id: h.id, host: i, kind: 'host' as const, hosts: [i] }));
  const shared = new Map<string, number>();
  const spaceInitiator = Int32Array.from(s.workloads, (w) => {
    const hosts = w.hosts.map((id) => hostIdx.get(id)!);
    if (hosts.length === 1) return hosts[0];
    const key = `${hosts[0]}|${[...hosts].sort((a, b) => a - b).join(',')}`;
    let i = shared.get(key);
    if (i === undefined) {
      i = initiators.length;
      shared.set(key, i);
      initiators.push({ id: w.hosts.join('+'), host: hosts[0], kind: 'shared', hosts });
    }
    return i;
  });
  return { initiators, spaceInitiator };
}

/**
 * What a node mask (the scenario's policy.nodes, node indices) leaves each initiator: its
 * zonelist and reach inside the mask (MPOL_BIND: pages live only there, whatever the policy).
 * An empty mask leaves them as they are (the same arrays).
 */
export function maskedReach(orders: Int32Array[], reach: Uint8Array, N: number, mask: readonly number[]): { orders: Int32Array[]; reach: Uint8Array } {
  if (mask.length === 0) return { orders, reach };
  const inMask = new Uint8Array(N);
  for (const n of mask) inMask[n] = 1;
  const out = new Uint8Array(reach.length);
  for (let k = 0; k < reach.length; k++) out[k] = reach[k] & inMask[k % N];
  return { orders: orders.map((o) => o.filter((n) => inMask[n] === 1)), reach: out };
}

/** Per initiator: its host's zonelist keeping the nodes every one of its hosts reaches; and that reach as [i * N + n] = 1. */
export function initiatorReach(initiators: InitiatorSpec[], order: Int32Array[], N: number): { orders: Int32Array[]; reach: Uint8Array } {
  const reach = new Uint8Array(initiators.length * N);
  // Each host's zonelist as a set, once: a node is looked up, not searched for in every list.
  const hostReach = new Uint8Array(order.length * N);
  order.forEach((o, h) => { for (let k = 0; k < o.length; k++) hostReach[h * N + o[k]] = 1; });
  const orders = initiators.map((x, i) => {
    const own = order[x.host];
    const out = new Int32Array(own.length);
    let m = 0;
    for (let k = 0; k < own.length; k++) {
      const n = own[k];
      if (x.hosts.every((h) => hostReach[h * N + n] === 1)) { out[m++] = n; reach[i * N + n] = 1; }
    }
    return m === own.length ? out : out.slice(0, m);
  });
  return { orders, reach };
}

export interface Topology {
  H: number;
  D: number;
  L: number;
  /** Memory nodes (= D today: the identity map). Tables below indexed by node say so: [h * N + n]. */
  N: number;
  nodes: NodeSpec[];
  /** Initiators: one per host (0..H-1, initiator h is host h), then one per set of sharers of a shared region. Page owners and "fast" are per initiator. */
  I: number;
  initiators: InitiatorSpec[];
  /** The host (socket) each initiator runs on: per-host figures (CPU time, paths) go through it. */
  initiatorHost: Int32Array;
  /** The initiator owning each workload's pages: its host, or its sharers' shared initiator. */
  spaceInitiator: Int32Array;
  /** Per initiator: the nodes all its hosts reach, in its host's zonelist order (a host's: its `order`). */
  initiatorOrder: Int32Array[];
  /** [i * N + n] = 1 if every host of initiator i reaches node n: where its pages may live. */
  reach: Uint8Array;
  hostIds: string[];
  deviceIds: string[];
  /** Node ids (a device's own id, or its interleave set's), and the node each device belongs to. */
  nodeIds: string[];
  deviceNode: Int32Array;
  /** Per device: its Linux memory tier (nodeTier is per node). */
  deviceTier: TierArray;
  /** Idle latency host -> node (its devices' by share), NaN if any is unreachable: [h * N + n]. */
  nodeIdleNs: Float64Array;
  /** Devices each host reaches in zonelist order (by distance: local first; ties: scenario order); `order` is of nodes. */
  deviceOrder: Int32Array[];
  /** Owning host of a DRAM device, -1 for CXL devices. */
  deviceHost: Int16Array;
  deviceAdistance: Int32Array;
  nodeTier: TierArray;
  tiers: TierMeta[];
  /**
   * Per initiator: its fast tier, the best (lowest index) memory tier among the nodes its host
   * reaches, as Linux groups tiers by abstract distance (all DRAM, local and remote, shares the
   * top tier by default); NO_TIER if it reaches nothing.
   */
  initiatorFastTier: TierArray;
  /**
   * THE definition of "fast", used by every metric and every policy: [i * N + n] = 1 if node
   * n is reachable from initiator i and in i's fast tier (fastTiers).
   */
  fastFor: Uint8Array;
  /** Per device: 1 if it is in some host's fast tier (the kernel's node_is_toptier), from fastFor. */
  fastNode: Uint8Array;
  /**
   * True when fastFor[h * D + d] === fastNode[d] wherever h reaches d (every fabric where each
   * host reaches top-tier memory): page passes may then look "fast" up by device alone.
   */
  fastUniform: boolean;
  /** [h * D + d] = 1 if device d is host h's own DRAM (its local node). */
  hostLocal: Uint8Array;
  /** Idle latency host -> device (ns), NaN if unreachable: [h * D + d]. */
  idleNs: Float64Array;
  /** Links on the path host -> device: [h * D + d]. */
  pathLinks: Int32Array[];
  /** Nodes each host reaches, its zonelist: by distance (local first, then the SLIT-style distance; ties: node order). */
  order: Int32Array[];
  /** numactl-style distance by device (slitDistances): 10 for the host's nearest own DRAM, others at least 11; 0 if unreachable. */
  distance: number[][];
}

/** The path of a pair with none (unreachable, or a host's own DRAM): one shared, never written. */
const NO_PATH = new Int32Array(0);

/**
 * The topology of a fabric. With `state` (src/topology/fabric.ts: a run's fabric as it stands),
 * a link that is down carries nothing, a link's latency is its current one, and a device that
 * does not serve (absent, offline, failed) is reached by no host and is in no memory tier:
 * every table keeps its size, so a run's arrays never move.
 */
export function buildTopology(s: Scenario, state?: FabricState): Topology {
  const H = s.hosts.length;
  const D = s.devices.length;
  const L = s.links.length;
  const hostIds = s.hosts.map((h) => h.id);
  const deviceIds = s.devices.map((d) => d.id);
  const hostIdx = new Map(hostIds.map((id, i) => [id, i] as const));

  // Graph vertices: hosts, then switches, then CXL devices.
  const S = s.switches.length;
  const vIndex = new Map<string, number>();
  hostIds.forEach((id, i) => vIndex.set(id, i));
  s.switches.forEach((w, i) => vIndex.set(w.id, H + i));
  const cxlVertex = new Int32Array(D).fill(-1);
  let V = H + S;
  s.devices.forEach((d, i) => {
    if (d.kind === 'cxl') { cxlVertex[i] = V; vIndex.set(d.id, V++); }
  });
  const isHost = (v: number) => v < H;
  const isSwitch = (v: number) => v >= H && v < H + S;
  const enterCost = (v: number) => (isSwitch(v) ? s.switches[v - H].hopLatencyNs : 0);
  const adj: { to: number; link: number }[][] = Array.from({ length: V }, () => []);
  s.links.forEach((l, i) => {
    if (state && state.linkUp[i] === 0) return;
    const a = vIndex.get(l.a)!, b = vIndex.get(l.b)!;
    adj[a].push({ to: b, link: i });
    adj[b].push({ to: a, link: i });
  });
  const linkNs = state ? state.linkNs : Float64Array.from(s.links, (l) => l.latencyNs);

  const idleNs = new Float64Array(H * D).fill(NaN);
  const pathLinks: Int32Array[] = new Array(H * D);
  for (let h = 0; h < H; h++) {
    // Dijkstra over latency. CXL.mem is host -> device: a path may cross sockets (UPI) and
    // switches, but never enters a host from a switch and never passes through a device.
    const dist = new Float64Array(V).fill(Infinity);
    const prevLink = new Int32Array(V).fill(-1);
    const prevV = new Int32Array(V).fill(-1);
    const done = new Uint8Array(V);
    dist[h] = 0;
    // Devices are leaves (vertices from H + S on): only hosts and switches are ever taken from
    // the queue (a 256-host fabric's 128 expanders would add half again to every scan); a
    // device's distance is settled by its neighbours' relaxations, in the same order as before.
    const inner = H + S;
    for (;;) {
      let u = -1;
      for (let v = 0; v < inner; v++) if (!done[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
      if (u < 0) break;
      done[u] = 1;
      for (const { to, link } of adj[u]) {
        if (isHost(to) && !isHost(u)) continue;
        const nd = dist[u] + linkNs[link] + enterCost(to);
        if (nd < dist[to]) { dist[to] = nd; prevLink[to] = link; prevV[to] = u; }
      }
    }
    // One path per target vertex (a host's DRAM devices share theirs); read-only, like NO_PATH.
    const paths: (Int32Array | undefined)[] = new Array(V);
    const linksTo = (v: number): Int32Array => {
      let path = paths[v];
      if (path) return path;
      let n = 0;
      for (let x = v; prevLink[x] >= 0; x = prevV[x]) n++;
      path = n === 0 ? NO_PATH : new Int32Array(n);
      for (let x = v; prevLink[x] >= 0; x = prevV[x]) path[--n] = prevLink[x];
      return (paths[v] = path);
    };
    s.devices.forEach((d, i) => {
      const target = d.kind === 'dram' ? hostIdx.get(d.host!)! : cxlVertex[i];
      if (dist[target] < Infinity && serves(state, i)) {
        idleNs[h * D + i] = dist[target] + d.latencyNs;
        pathLinks[h * D + i] = linksTo(target);
      } else {
        pathLinks[h * D + i] = NO_PATH;
      }
    });
  }

  const deviceHost = new Int16Array(D).fill(-1);
  s.devices.forEach((d, i) => { if (d.kind === 'dram') deviceHost[i] = hostIdx.get(d.host!)!; });
  const deviceAdistance = Int32Array.from(s.devices.map(adistanceOf));
  const { nodeTier: deviceTier, tiers } = buildTiers(deviceAdistance, deviceIds, state ? Uint8Array.from(s.devices, (_, d) => (serves(state, d) ? 1 : 0)) : undefined);
  const hostLocal = new Uint8Array(H * D);
  for (let d = 0; d < D; d++) if (deviceHost[d] >= 0) hostLocal[deviceHost[d] * D + d] = 1;

  const distance = slitDistances(idleNs, hostLocal, H, D);
  const deviceOrder = zonelists(distance, H, D);

  const nodes = buildNodes(s);
  const N = nodes.length;
  const identity = N === D;
  const deviceNode = new Int32Array(D);
  nodes.forEach((n, i) => n.devices.forEach((d) => { deviceNode[d] = i; }));
  // An interleave set's members share one tier (validate.ts): the node's is its first member's.
  const nodeTier = identity ? deviceTier : TierArray.from(nodes, (n) => deviceTier[n.devices[0]]);
  const nodeIdleNs = identity ? idleNs : new Float64Array(H * N);
  if (!identity) {
    for (let h = 0; h < H; h++) nodes.forEach((n, i) => {
      let x = 0;
      for (let k = 0; k < n.devices.length; k++) x += n.shares[k] * idleNs[h * D + n.devices[k]];
      nodeIdleNs[h * N + i] = x;
    });
  }
  // A node is local to a host when all its devices are the host's own DRAM.
  const nodeLocal = identity ? hostLocal : new Uint8Array(H * N);
  if (!identity) for (let h = 0; h < H; h++) nodes.forEach((n, i) => { nodeLocal[h * N + i] = n.devices.every((d) => hostLocal[h * D + d] === 1) ? 1 : 0; });
  const order = identity ? deviceOrder : zonelists(slitDistances(nodeIdleNs, nodeLocal, H, N), H, N);
  const { initiators, spaceInitiator } = buildInitiators(s);
  const initiatorHost = Int32Array.from(initiators, (x) => x.host);
  const { orders: initiatorOrder, reach } = initiatorReach(initiators, order, N);
  const { initiatorFastTier, fastFor, fastNode, fastUniform } = fastTiers(initiatorOrder, nodeTier, N, H);
  return {
    H, D, L, N, nodes, I: initiators.length, initiators, initiatorHost, spaceInitiator, initiatorOrder, reach, hostIds, deviceIds, nodeIds: nodes.map((n) => n.id), deviceNode, deviceTier, nodeIdleNs, deviceOrder,
    deviceHost, deviceAdistance, nodeTier, tiers, initiatorFastTier, fastFor, fastNode, fastUniform, hostLocal, idleNs, pathLinks, order, distance,
  };
}

/** Topologies of scenarios as parsed (no run state), by scenario object: see topologyOf. */
const built = new WeakMap<Scenario, Topology>();

/**
 * buildTopology(s) once per scenario object: the validator, the kernel's view, Discovery and
 * the app's panels ask for the same scenario's graph (64 hosts: ~10 ms each). Scenarios are
 * never changed in place (an edit makes a new object), and no reader writes to a Topology.
 */
export function topologyOf(s: Scenario): Topology {
  let t = built.get(s);
  if (!t) built.set(s, (t = buildTopology(s)));
  return t;
}

/**
 * numactl-style distances, as firmware's SLIT gives them to Linux (node_distance): 10 for the
 * host's nearest own DRAM, the rest scaled by idle latency against it (10 x latency / that),
 * and never below 11 for memory that is not the host's own (the SLIT reserves 10 for the local
 * node: a CXL expander faster than DRAM at idle is still a remote node). A host without DRAM
 * of its own scales by its nearest target. 0 = unreachable. [h][x] over n targets.
 */
export function slitDistances(lat: Float64Array, local: Uint8Array, H: number, n: number): number[][] {
  const out: number[][] = [];
  for (let h = 0; h < H; h++) {
    let base = Infinity, own = false;
    for (let x = 0; x < n; x++) if (local[h * n + x] === 1 && lat[h * n + x] < base) { base = lat[h * n + x]; own = true; }
    if (!own) for (let x = 0; x < n; x++) if (lat[h * n + x] < base) base = lat[h * n + x];
    const row: number[] = [];
    for (let x = 0; x < n; x++) {
      const v = lat[h * n + x];
      if (Number.isNaN(v)) { row.push(0); continue; }
      const d = Math.round((10 * v) / base);
      row.push(Math.max(own && local[h * n + x] === 0 ? 11 : 10, d));
    }
    out.push(row);
  }
  return out;
}

/**
 * Per host, the targets it reaches in zonelist order (build_zonelists): by distance, so the
 * local node first, ties in index order. Distances, not latencies: the kernel sees the SLIT.
 */
function zonelists(distance: number[][], H: number, n: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let h = 0; h < H; h++) {
    const row = distance[h], reach: number[] = [];
    for (let x = 0; x < n; x++) if (row[x] > 0) reach.push(x);
    reach.sort((a, b) => row[a] - row[b] || a - b);
    out.push(Int32Array.from(reach));
  }
  return out;
}

/** A device's abstract distance: declared, or the default of its kind. */
export function adistanceOf(d: Scenario['devices'][number]): number {
  return d.adistance ?? (d.kind === 'dram' ? CAL.adistanceDram.value : CAL.adistanceCxl.value);
}

/** The memory tier (abstract-distance chunk) an abstract distance falls in, as Linux groups them. */
export function tierChunk(adistance: number): number {
  return Math.floor(adistance / MEMTIER_CHUNK);
}

/**
 * THE one place "fast" is defined: each initiator's fast tier is the best tier among the nodes
 * it reaches (its zonelist `orders[i]`: a host's, or the nodes all of a shared region's sharers
 * reach), and fastFor [i * N + n] marks those nodes. fastNode (node_is_toptier) is from the
 * first `hostInitiators` initiators, the hosts: a tier is top for the CPUs that have it.
 */
export function fastTiers(orders: Int32Array[], nodeTier: TierArray, N: number, hostInitiators = orders.length): { initiatorFastTier: TierArray; fastFor: Uint8Array; fastNode: Uint8Array; fastUniform: boolean } {
  const I = orders.length;
  const initiatorFastTier = new TierArray(I).fill(NO_TIER);
  const fastFor = new Uint8Array(I * N);
  const fastNode = new Uint8Array(N);
  for (let i = 0; i < I; i++) {
    const reach = orders[i];
    for (const n of reach) if (nodeTier[n] < initiatorFastTier[i]) initiatorFastTier[i] = nodeTier[n];
    for (const n of reach) if (nodeTier[n] === initiatorFastTier[i]) { fastFor[i * N + n] = 1; if (i < hostInitiators) fastNode[n] = 1; }
  }
  let fastUniform = true;
  for (let i = 0; i < I; i++) for (const n of orders[i]) if (fastFor[i * N + n] !== fastNode[n]) fastUniform = false;
  return { initiatorFastTier, fastFor, fastNode, fastUniform };
}

/**
 * Linux groups nodes whose abstract distance falls in the same 128-wide chunk into one tier.
 * With `present`, only the devices marked 1 form tiers (a node going offline leaves its tier,
 * and an empty tier goes away, as memory_tier does on hot-unplug); any other device is given
 * the tier its distance would join (the last one past every tier), which no placement reads:
 * no host reaches it.
 */
export function buildTiers(adistance: Int32Array, ids: string[], present?: Uint8Array): { nodeTier: TierArray; tiers: TierMeta[] } {
  const here = (d: number) => !present || present[d] === 1;
  const chunks = Array.from(new Set(Array.from(adistance, tierChunk).filter((_, d) => here(d)))).sort((a, b) => a - b);
  const nodeTier = new TierArray(adistance.length);
  adistance.forEach((a, d) => {
    const c = tierChunk(a);
    let t = chunks.findIndex((x) => x >= c);
    if (t < 0) t = Math.max(0, chunks.length - 1);
    nodeTier[d] = t;
  });
  const tiers = chunks.map((c, i) => ({
    index: i,
    adistanceStart: c * MEMTIER_CHUNK,
    adistanceEnd: c * MEMTIER_CHUNK + MEMTIER_CHUNK - 1,
    devices: ids.filter((_, d) => nodeTier[d] === i && here(d)),
  }));
  return { nodeTier, tiers };
}

/**
 * Copies a rebuilt topology of the same fabric into `into`, table by table, in place: typed
 * arrays by value, lists by their elements, numbers and flags by value. Whoever holds one of
 * `into`'s tables (the engine's view, the migration queue, the heatmap, a policy) sees the new
 * topology without being told where it moved. Hosts, devices, links, nodes and initiators are
 * the same, so every table keeps its length.
 */
export function refreshTopology(into: Topology, from: Topology): void {
  const a = into as unknown as Record<string, unknown>, b = from as unknown as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    const x = a[k], y = b[k];
    if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
      const tx = x as unknown as { set(v: ArrayLike<number>): void; length: number }, ty = y as unknown as ArrayLike<number>;
      if (tx.length !== ty.length) throw new Error(`topology refresh: ${k} changed length (${tx.length} -> ${ty.length})`);
      if (x !== y) tx.set(ty);
    } else if (Array.isArray(x) && Array.isArray(y)) {
      x.length = 0;
      for (const v of y) x.push(v);
    } else a[k] = y;
  }
}
