// The one small interface every placement / tiering policy implements.
import { type InitiatorIdArray, type NodeIdArray, type TierArray } from '../ids';
import type { Rng } from '../rng';
import type { KernelWorkSink } from '../physics/placement-work';

/** Why a page moved; stored with every migration event. */
export const Reason = {
  promote: 0, // hot page moved to a faster tier
  demote: 1, // cold page moved to a slower tier (reclaim / proactive)
  balance: 2, // moved to balance load (e.g. Colloid)
  evacuate: 3, // moved off a failing device (the engine's, never a policy's)
  offline: 4, // moved off memory going offline: a hot-remove, capacity given back (the engine's)
} as const;
export type ReasonCode = (typeof Reason)[keyof typeof Reason];
export const REASON_NAMES = ['promote', 'demote', 'balance', 'evacuate', 'offline'] as const;

/** No memory node (an unplaced page); the id widths are tied to LIMITS in ids.ts. */
export { NO_NODE } from '../ids';

export interface ParamSpec {
  key: string;
  /** Human words, no code names (a sysctl name goes in help, whole, beside its meaning). */
  label: string;
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  unit?: string;
  help?: string;
}

/** What a statistic's value covers: this epoch, the run since it started, or a current state. */
export type StatScope = 'epoch' | 'run' | 'now';
export const STAT_SCOPES: readonly StatScope[] = ['epoch', 'run', 'now'];

/** One figure a policy reports (Policy.stats() returns a value for exactly the declared keys). */
export interface StatSpec {
  key: string;
  /** Human words, no code names. */
  label: string;
  /** Unit of the value: 'pages', 'faults', 'ms', 'ns', 'share' (a fraction 0..1, shown as %), ... */
  unit: string;
  scope: StatScope;
  /** One line: what it counts and why it matters; kernel names may appear here, whole. */
  help: string;
}

/** What a policy may read of the engine. Arrays are the engine's own: read, never write. */
export interface PolicyView {
  readonly epoch: number;
  readonly epochMs: number;
  readonly pageBytes: number;
  readonly pages: number;
  /**
   * Memory nodes: what NUMA and the policies place pages on (a device today; later an
   * interleave set, a host's slice of a multi-headed device...). Devices and links, what
   * queues and latency see, stay inside the engine (Topology.nodeDevices maps one to the other).
   */
  readonly nodes: number;
  readonly hosts: number;
  /**
   * Initiators: who accesses memory. One per host (initiator h is host h), then one per set of
   * hosts sharing an address space (it reaches only the nodes all of them reach); VMs later.
   */
  readonly initiators: number;
  /** The host (socket) of each initiator: CPU time (chargeStallNs) is charged to it. */
  readonly initiatorHost: Int32Array;
  /** Node holding each page (NO_NODE if none). */
  readonly pageNode: NodeIdArray;
  /** Initiator that owns each page: its address space's host, or its sharers' initiator (on the first mapper's host). */
  readonly pageInitiator: InitiatorIdArray;
  /**
   * Real accesses per second of each page in the epoch just simulated: the workload model's
   * per-page probabilities (averaged over the epoch when its hot set moved inside it; a scan's
   * window) times the real accesses its host issued. What a policy observes (accessed bits,
   * hint faults, PEBS samples, DAMON checks) is drawn from this with its own RNG
   * (policies/observe.ts); the engine's sampled accesses are for the heatmap and the traffic
   * only, so behaviour does not depend on samplesPerHost.
   */
  readonly accessRate: Float32Array;
  /**
   * Expected real accesses of each page in the coming epoch (the workload's true access
   * probabilities then, times its address space's accesses in the epoch just simulated):
   * only the oracle may look. Computed on demand.
   */
  nextExpected(): Float64Array;
  /** Linux memory tier of each node (0 = best); order of tiers, for demotion targets. */
  readonly nodeTier: TierArray;
  readonly tierCount: number;
  /**
   * Per initiator: its fast tier, the best memory tier among the nodes it may use (nodeOrder;
   * topology.ts, fastTiers): with a node mask, the best inside it. Whether a page is "fast" is
   * never decided by tier index alone: use isFast / fastFor.
   */
  readonly initiatorFastTier: TierArray;
  /** [i * nodes + n] = 1 if node n is in initiator i's fast tier: the one definition of "fast". */
  readonly fastFor: Uint8Array;
  /** Per node: 1 if it is in some host's fast tier (a top-tier node, node_is_toptier). */
  readonly fastNode: Uint8Array;
  /** Whether node n is in initiator i's fast tier (fastFor[i * nodes + n] === 1). */
  isFast(initiator: number, node: number): boolean;
  /** Frames per node. */
  readonly nodeCapacity: Int32Array;
  /** Free frames per node, kept current as migrations are queued (reservations). */
  readonly nodeFree: Int32Array;
  /** Loaded latency (ns) host h sees on node n in the epoch just simulated: [h * nodes + n] (an initiator's: its initiatorHost's row). */
  readonly hostNodeLatencyNs: Float64Array;
  /** Idle latency (ns) host h sees on node n, NaN if unreachable: [h * nodes + n]. */
  readonly hostNodeIdleNs: Float64Array;
  /** Nodes an initiator may use (every one of its hosts reaches them, inside the node mask), in its host's zonelist order (by distance, local first). */
  nodeOrder(initiator: number): Int32Array;
  /** The policy's own random stream. */
  readonly rng: Rng;
  /** Parts of huge pages with skew inside; null at 4 KiB pages or without skew inside pages. */
  readonly parts: PartsView | null;
  /**
   * Perfect knowledge of the memory system, for the `optimal` reference, and for a policy whose
   * hardware counters count every access (Colloid's loaded latencies at the epoch's real access
   * split, free of the engine's sampling noise): the engine's own
   * closed-loop solver on hypothetical access shares (share[h * nodes + n] of host h's
   * memory accesses on node n; rows sum to 1, or are 0 for a host that runs nothing), under
   * this epoch's load and compute with no migrations. Returns the access-weighted mean latency
   * and the instructions/s of all hosts together, and, per host and node, the loaded latency,
   * the marginal latency and the marginal cost in instructions/s at that equilibrium
   * (LoadResult.marginalNs, marginalIps); the arrays are reused by the next call.
   */
  solveShares(share: Float64Array): SolvedShares;
  /**
   * Charges CPU time (ns, summed over the host's cores) to a host in the coming epoch, e.g.
   * NUMA hint faults; it lowers that host's throughput. Migration copies are charged by the engine.
   */
  chargeStallNs(host: number, ns: number): void;
  /**
   * The kernel's placement work the policy's mechanisms do (zonelist walks, demotion lookups,
   * NUMA fault statistics, kswapd): counted as operations, charged to the hosts as CPU time
   * (src/physics/placement-work.ts). Absent in views built by hand for tests.
   */
  readonly kernel?: KernelWorkSink;
}

/** What PolicyView.solveShares returns. */
export interface SolvedShares {
  amatNs: number;
  /** Instructions retired per second, all hosts (the compute model's, src/compute.ts). */
  instructionsPerSecond: number;
  latencyNs: Float64Array;
  marginalNs: Float64Array;
  /** Instructions/s all hosts lose per access/s host h adds on node n: [h * nodes + n]. */
  marginalIps: Float64Array;
}

/** Queue of migrations decided now and carried out at the start of the next epoch. */
export interface MigrationSink {
  /** Queue page -> device. Returns false (and queues nothing) if the move cannot fit. */
  migrate(page: number, toDevice: number, reason: ReasonCode): boolean;
  /** Pages still allowed this epoch by the policy's declared rate limits, per reason kind. */
  remaining(reason: ReasonCode): number;
  /**
   * Huge pages with skew inside (PolicyView.parts not null): split page p, its parts in `mask`
   * to node `hotTo`, the others to `restTo` (either may be where the page is now; not both the
   * same node). Counts against the promotion limit when the parts go up a tier, the demotion
   * limit when the rest goes down. False (nothing queued) if it cannot fit or is not allowed.
   */
  split?(page: number, mask: number, hotTo: number, restTo: number): boolean;
  /** The split-off parts of page p come back to the rest of it (a demotion when they leave a faster tier). */
  merge?(page: number): boolean;
}

/**
 * Huge pages with skew inside (2 MiB pages, hot regions smaller than a page): each page is
 * `stride` parts of consecutive 4 KiB sub-pages, whose shares of the page's accesses
 * (accessRate) differ; a page can be split (MigrationSink.split). Read, never write.
 */
export interface PartsView {
  readonly stride: number;
  /** [page * stride + j]: part j's share of the page's accesses (the workload model's true shares). */
  readonly share: Float32Array;
  /** Per page: the parts split off (0 = whole) and the node they are on. */
  readonly mask: Uint32Array;
  readonly hotNode: NodeIdArray;
}

export interface Policy {
  /** Strict allocation (MPOL_BIND): when place() gives NO_NODE or a full device, do not fall back. */
  strict?: boolean;
  /** Rate limits the engine enforces, in pages per epoch (Infinity when absent). */
  limits?: { promote: number; demote: number };
  /** Node for a page being faulted in by `initiator` (-1: no preference); the engine falls back if it is full. */
  place(page: number, initiator: number, view: PolicyView): number;
  /** Called after every epoch's accesses: decide migrations for the next epoch. */
  onEpoch?(view: PolicyView, sink: MigrationSink): void;
  /**
   * The topology changed at the start of this epoch (node capacity, nodes, devices): rebuild
   * whatever was derived from it (demotion targets, per-node tables, capacity-sized plans).
   * Every policy that caches such tables implements it; the contract test calls it.
   */
  onTopologyChange?(view: PolicyView): void;
  /**
   * The topology's structure changed (reach, zonelists or tiers: a device failed, went offline
   * or came back): rebuild every table derived from it and keep the per-page state. A policy
   * without it is started again over the new topology (its per-page history lost). `limits` is
   * read again after it.
   */
  onRestructure?(view: PolicyView): void;
  /** Values of the figures its PolicyDef declares in `stats`, by key (exactly those keys). */
  stats?(): Record<string, number>;
}

export interface PolicyInit {
  params: Record<string, number>;
  /**
   * Node indices of the scenario's node mask (empty = every reachable node). The engine binds
   * every policy to it (MPOL_BIND): nodeOrder, fastFor and the migration queue only offer nodes
   * inside it, so a policy needs it only to define its own placement (bind, interleave).
   */
  nodes: number[];
  /** Manual interleave weights by device index, if any. */
  weights: Map<number, number>;
  view: PolicyView;
  /** Device bandwidths (GB/s), for bandwidth-aware policies. */
  deviceBandwidthGBps: Float64Array;
}

export interface PolicyDef {
  name: string;
  description: string;
  params: ParamSpec[];
  /** The figures Policy.stats() reports, declared once: label, unit, scope and help of each. */
  stats: StatSpec[];
  /** Whether the node mask defines this policy's own placement (the knobs show it); every policy is bound to a mask. */
  usesNodeMask?: boolean;
  /** Whether the scenario's per-node interleave weights mean something to this policy. */
  usesWeights?: boolean;
  /**
   * Work the policy does per epoch beyond passes over the pages (checks, visits; a few ns
   * each), when its parameters drive it; validation refuses a scenario whose epoch would
   * exceed LIMITS.epochWork. `knobs` names what raises it, for the error message.
   */
  workPerEpoch?(params: Record<string, number>, epochMs: number): { units: number; knobs: string };
  create(init: PolicyInit): Policy;
}

/** Fills defaults for parameters the scenario leaves out. */
export function resolveParams(def: PolicyDef, given: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of def.params) out[p.key] = given[p.key] ?? p.default;
  return out;
}
