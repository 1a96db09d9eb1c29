// The kernel's own placement work, the part that grows with the number of memory nodes, counted
// as operations of the real algorithms and turned into CPU time per host (each operation's cost
// is in src/platform/calibration.ts, assumed). The host loses that time as it loses migration
// work (src/engine/traffic.ts: its misses in flight shrink), and it is reported as
// placementCpuPercent beside migrationCpuPercent.
//
// Each host runs its own kernel over the nodes it reaches (its zonelist, `Topology.order`), so a
// host's per-node work follows its own node count, never the fabric's. What is counted:
// - zonelistZone: get_page_from_freelist (mm/page_alloc.c) walks the zonelist from the preferred
//   node and checks each zone's watermark until one has room; an allocation that falls back
//   visits k zones when k - 1 are full (one zone per node here). Counted for page faults,
//   pages displaced by a topology change, and each demoted page's target (alloc_demote_folio
//   allocates on node_demotion's target with the lower tiers as its nodemask).
// - bestNode: establish_demotion_targets (mm/memory-tiers.c), run at boot (memory_tier_late_init)
//   and whenever a node gains or loses all its memory (the memory hot-plug notifier): for every
//   memory node with a lower tier, find_next_best_node (mm/page_alloc.c) scans every memory node
//   once per target it adds, and once more to find that the next one is farther: (preferred + 1)
//   x nodes, O(nodes^2) per rebuild. Distances are the host's to each node (its SLIT row).
// - demotionLookup: next_demotion_node (mm/memory-tiers.c), once per batch of SWAP_CLUSTER_MAX
//   pages kswapd demotes (demote_folio_list, mm/vmscan.c): a lookup in the table the rebuild
//   made, whatever the node count. That is what memory tiers buy: the search over nodes runs per
//   hot-plug, not per demotion.
// - numaFault / numaPlacementNode: task_numa_fault (kernel/sched/fair.c) records a hint fault in
//   the task's per-node counters, and once per scan sequence task_numa_placement walks every
//   online node. In memory-tiering mode (kernel.numa_balancing = 2) task_numa_fault returns
//   before both for a fault on a slow-tier node, and the scanner arms only slow-tier pages, so
//   linux-tiering and tpp count (almost) none: only a fault on a top-tier node counts.
// - kswapdWake: a node's kswapd woken (wakeup_kswapd, balance_pgdat checking the node's zone
//   watermarks, mm/vmscan.c), charged to the node's host (a node of no host's own: the host of
//   the first page it demotes). The LRU pages it then checks are not counted: that work follows
//   the pages reclaimed, not the number of nodes.
// - vmstatNode: refresh_cpu_vm_stats (mm/vmstat.c) on every CPU each sysctl_stat_interval folds
//   every populated zone's and online node's per-CPU counters: cores x nodes per second.
import { CAL } from '../platform/calibration';
import type { Scenario } from '../scenario/schema';
import type { Topology } from '../topology/topology';

/** The operations counted, in report order. */
export const KERNEL_OPS = ['zonelistZone', 'bestNode', 'demotionLookup', 'numaFault', 'numaPlacementNode', 'kswapdWake', 'vmstatNode'] as const;
export type KernelOp = (typeof KERNEL_OPS)[number];

/** CPU ns of one operation of each kind (src/platform/calibration.ts). */
export const KERNEL_OP_NS: Record<KernelOp, number> = {
  zonelistZone: CAL.zonelistZoneNs.value,
  bestNode: CAL.bestNodeNs.value,
  demotionLookup: CAL.demotionLookupNs.value,
  numaFault: CAL.numaFaultStatNs.value,
  numaPlacementNode: CAL.numaPlacementNodeNs.value,
  kswapdWake: CAL.kswapdWakeNs.value,
  vmstatNode: CAL.vmstatNodeNs.value,
};

const OPS = KERNEL_OPS.length;
const OP = Object.fromEntries(KERNEL_OPS.map((k, i) => [k, i])) as Record<KernelOp, number>;
/** Pages kswapd demotes per next_demotion_node call (SWAP_CLUSTER_MAX, mm/vmscan.c). */
const DEMOTE_BATCH = CAL.reclaimBatchPages.value;

/** What the policies report of their kernel work (PolicyView.kernel); initiators are mapped to their hosts. */
export interface KernelWorkSink {
  /** An allocation for `initiator` that visited `zones` zones of its zonelist before one had room (counted when it fell back, zones > 1). */
  allocation(initiator: number, zones: number): void;
  /** kswapd demoted `pages` pages of `initiator`'s off a node: next_demotion_node once per batch. */
  demotions(initiator: number, pages: number): void;
  /** A NUMA hint fault of `initiator` on `node`; `newSequence`: its address space's scan wrapped since its last fault. */
  numaFault(initiator: number, node: number, newSequence: boolean): void;
  /** Node `node`'s kswapd woke; `initiator` owns the first page it took (-1: none). */
  kswapd(node: number, initiator: number): void;
}

/** The fabric as the counts need it: each host's zonelist, tiers, who owns which node. */
export interface KernelWorkTopology {
  H: number;
  N: number;
  initiatorHost: Int32Array;
  /** Per host, the nodes it reaches, nearest first. */
  order: Int32Array[];
  nodeTier: ArrayLike<number>;
  /** Idle latency host -> node [h * N + n]: the host's SLIT row, for the rebuild's "best distance". */
  nodeIdleNs: Float64Array;
  /** Per node: 1 if it is in some host's top tier (node_is_toptier). */
  fastNode: Uint8Array;
  /** Per node: the host whose own DRAM it is, or -1. */
  nodeHost: Int32Array;
}

export class PlacementWork implements KernelWorkSink {
  /** Operations counted since the last drain, [h * OPS + op]. */
  private readonly counts: Float64Array;
  /** Operations over the run, by kind (KERNEL_OPS order), all hosts. */
  readonly totals = new Float64Array(OPS);
  /** Rebuilds of the demotion targets (establish_demotion_targets), all hosts, over the run. */
  rebuilds = 0;
  /** Per host: its nodes with memory (what its kernel has online). */
  private readonly online: Int32Array;

  constructor(private readonly topo: KernelWorkTopology, private readonly cores: ArrayLike<number>) {
    this.counts = new Float64Array(topo.H * OPS);
    this.online = Int32Array.from(topo.order, (o) => o.length);
  }

  private add(h: number, op: number, n: number): void {
    if (h >= 0 && n > 0) this.counts[h * OPS + op] += n;
  }

  allocation(initiator: number, zones: number): void {
    if (zones > 1) this.add(this.topo.initiatorHost[initiator], OP.zonelistZone, zones);
  }

  demotions(initiator: number, pages: number): void {
    this.add(this.topo.initiatorHost[initiator], OP.demotionLookup, Math.ceil(pages / DEMOTE_BATCH));
  }

  numaFault(initiator: number, node: number, newSequence: boolean): void {
    // Memory-tiering mode: task_numa_fault keeps no statistics for a fault on a slow-tier node.
    if (this.topo.fastNode[node] !== 1) return;
    const h = this.topo.initiatorHost[initiator];
    this.add(h, OP.numaFault, 1);
    if (newSequence) this.add(h, OP.numaPlacementNode, this.topo.order[h].length);
  }

  kswapd(node: number, initiator: number): void {
    const own = this.topo.nodeHost[node];
    this.add(own >= 0 ? own : initiator >= 0 ? this.topo.initiatorHost[initiator] : -1, OP.kswapdWake, 1);
  }

  /**
   * establish_demotion_targets on every host (boot, or a node's memory coming or going): over
   * the host's memory nodes (capacity > 0) that have a lower tier among them, (preferred
   * targets + 1) x nodes visits of find_next_best_node; `hosts` limits it to the hosts that
   * reach a changed node. Also counts each host's online nodes for the vmstat upkeep.
   */
  rebuildDemotionTargets(capacity: ArrayLike<number>, hosts?: readonly number[]): void {
    const { order, nodeTier, nodeIdleNs, N } = this.topo;
    for (const h of hosts ?? order.keys()) {
      const nodes = Array.from(order[h]).filter((n) => capacity[n] > 0);
      this.online[h] = nodes.length;
      // Per tier: its nodes, and how many of them are at the best distance from this host (the
      // distances are the host's row, so every node of the tier above gets the same preferred set).
      const count = new Map<number, number>(), best = new Map<number, { d: number; k: number }>();
      for (const x of nodes) {
        const t = nodeTier[x], d = Math.round(nodeIdleNs[h * N + x]);
        count.set(t, (count.get(t) ?? 0) + 1);
        const b = best.get(t);
        if (!b || d < b.d) best.set(t, { d, k: 1 }); else if (d === b.d) b.k++;
      }
      const tiers = [...count.keys()].sort((a, b) => a - b);
      let visits = 0;
      for (let i = 0; i + 1 < tiers.length; i++) visits += count.get(tiers[i])! * (best.get(tiers[i + 1])!.k + 1) * nodes.length;
      this.add(h, OP.bestNode, visits);
      this.rebuilds++;
    }
  }

  /** refresh_cpu_vm_stats over an epoch of `epochMs`: every CPU folds every node it has, once per interval. */
  epoch(epochMs: number): void {
    const intervals = epochMs / CAL.vmstatIntervalMs.value;
    for (let h = 0; h < this.topo.H; h++) this.add(h, OP.vmstatNode, this.cores[h] * this.online[h] * intervals);
  }

  /** The CPU ns each host's counted work costs, added to `ns`; the counts go to the run totals and restart. */
  drain(ns: Float64Array): void {
    const c = this.counts, H = this.topo.H;
    for (let h = 0; h < H; h++) {
      let t = 0;
      for (let op = 0; op < OPS; op++) {
        const n = c[h * OPS + op];
        if (n === 0) continue;
        t += n * KERNEL_OP_NS[KERNEL_OPS[op]];
        this.totals[op] += n;
      }
      ns[h] += t;
    }
    c.fill(0);
  }

  /** Operations over the run by kind (drained ones). */
  totalsByOp(): Record<KernelOp, number> {
    return Object.fromEntries(KERNEL_OPS.map((k, i) => [k, this.totals[i]])) as Record<KernelOp, number>;
  }
}

/** The counts over a built fabric: each host's zonelist, the tiers, and the host that owns each node (its own DRAM). */
export function placementWork(topo: Topology, scenario: Scenario): PlacementWork {
  const nodeHost = Int32Array.from(topo.nodes, (n) => {
    const h = topo.deviceHost[n.devices[0]];
    return Array.from(n.devices).every((d) => topo.deviceHost[d] === h) ? h : -1;
  });
  return new PlacementWork(
    { H: topo.H, N: topo.N, initiatorHost: topo.initiatorHost, order: topo.order, nodeTier: topo.nodeTier, nodeIdleNs: topo.nodeIdleNs, fastNode: topo.fastNode, nodeHost },
    scenario.hosts.map((h) => h.cores),
  );
}
