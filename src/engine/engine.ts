// The simulation engine: one scenario, stepped one epoch at a time. Pure TypeScript over
// typed arrays; runs the same in Node, the worker and tests. This file orchestrates; what
// it orchestrates lives in modules named for what they hold (see src/README.md).
import { LINE_BYTES } from '../platform/calibration';
import { AddressSpaces } from './address-spaces';
import { Coherency } from '../physics/coherency';
import { ComputeModel, slowdownPercent } from '../physics/compute';
import { Memory } from './memory';
import { MemberSpread } from '../topology/interleave';
import { buildMeta, type EngineMeta } from './meta';
import { MigrationCost } from '../physics/migration-cost';
import { placementWork, type KernelOp, type PlacementWork } from '../physics/placement-work';
import { MigrationQueue, type MigrationEvent } from './migrations';
import { PageGroups } from './page-groups';
import { findPolicy } from '../policies/registry';
import { NO_NODE, resolveParams, type Policy, type PolicyDef, type PolicyView } from '../policies/types';
import { Rng, Stream } from '../rng';
import { RunAccumulator, type RunTotals } from './run-totals';
import { PAGE_BYTES, type Scenario } from '../scenario/schema';
import { DEVICE, DEVICE_WIDTH, HOST, HOST_WIDTH, encodeSnapshot, SUMMARY_FIELDS, SUMMARY_WIDTH, type EpochSummary } from './snapshot';
import { buildTopology, deviceFramesUsed, fastTiers, maskedReach, nodeFrames, type Topology } from '../topology/topology';
import { checkChange, type DisplacedRule, type TopologyChange } from '../topology/topology-change';
import { LIMITS } from '../scenario/limits';
import { Traffic } from './traffic';
import { EnginePool, NO_POOL, type PoolSummary, type VmReportRow } from '../pool/engine-pool';
import { POOL, POOL_WIDTH } from './snapshot';

export type { MigrationEvent } from './migrations';
export type { RunTotals } from './run-totals';

const NONE: number = NO_NODE;

export interface DeviceStat {
  pages: number;
  utilisation: number;
  bandwidthGBps: number;
  latencyNs: number;
}

/** What tests and measurements may change about an engine (never a scenario's business). */
export interface EngineOptions {
  /** Runs this policy instead of the registry's one named by the scenario (test policies). */
  policy?: PolicyDef;
  /** false: migrations cost nothing (no copy traffic, no CPU time, no hint-fault time), to measure what they cost. */
  migrationCosts?: boolean;
}

/** The policy's view plus the fields only the engine updates. */
type EngineView = PolicyView & { epoch: number };

export class Engine {
  readonly scenario: Scenario;
  /** Static facts of the run; replaced (version + 1) when the topology changes. */
  meta: EngineMeta;
  readonly topo: Topology;
  readonly mem: Memory;
  readonly pageBytes: number;
  readonly pages: number;
  epoch = 0;
  /**
   * Pages that could not be placed when faulted in (a strict policy with full nodes, or no
   * free frame anywhere): they have no device for the whole run (summary.pagesUnplaced).
   */
  oomPages = 0;

  private readonly policy: Policy;
  private readonly view: EngineView;
  /** Per initiator: the nodes its pages may live on (it reaches them, and the node mask has them), zonelist order; [i * N + n]. */
  private readonly allowedOrder: Int32Array[];
  private readonly allowed: Uint8Array;
  private readonly spaces: AddressSpaces;
  private readonly traffic: Traffic;
  private readonly queue: MigrationQueue;
  private readonly groups: PageGroups;
  private readonly totals: RunAccumulator;
  /** The compute side: think times, the LLC, instructions per access. */
  readonly compute: ComputeModel;
  private readonly workloadIps: Float64Array;
  private readonly workloadLocalIps: Float64Array;
  /** Free frames as the policy sees them (reserved as it queues migrations). */
  private readonly viewFree: Int32Array;
  /** Real accesses per second of each page in the epoch last simulated (PolicyView.accessRate). */
  private readonly rate: Float32Array;
  private last: EpochSummary;

  private readonly migrationCost: MigrationCost | null;
  /** The kernel's per-node placement work, counted and charged to the hosts (src/physics/placement-work.ts). */
  private readonly work: PlacementWork;
  /** Shared regions' coherency; null without one (the solve is then exactly as before). */
  private readonly coherency: Coherency | null;
  /** Topology changes queued for the start of the next epoch. */
  private pendingChanges: TopologyChange[] = [];
  /** Pages destroyed by topology changes at the start of this epoch (summary.pagesLost). */
  private lostNow = 0;
  /** The scenario's pool and VMs (src/pool/), or null: no pool. */
  private readonly pool: EnginePool | null;
  private static readonly NO_POOL_ROW = new Float64Array(POOL_WIDTH);

  constructor(scenario: Scenario, options: EngineOptions = {}) {
    this.scenario = scenario;
    const topo = (this.topo = buildTopology(scenario));
    const { H, D } = topo;
    const pageBytes = (this.pageBytes = PAGE_BYTES[scenario.pageSize]);
    const deviceFrames = scenario.devices.map((d) => Math.floor((d.capacityMB * 1048576) / pageBytes));
    const caps = nodeFrames(topo.nodes, deviceFrames);
    const spaces = (this.spaces = new AddressSpaces(scenario, topo.hostIds, pageBytes, topo.N, topo.spaceInitiator));
    const P = (this.pages = spaces.pages);
    this.mem = new Memory(P, caps);
    this.viewFree = new Int32Array(topo.N);
    this.rate = new Float32Array(P);
    const compute = (this.compute = new ComputeModel(scenario, topo.hostIds, pageBytes, spaces.samplers));
    const costs = options.migrationCosts ?? true;
    this.migrationCost = costs ? new MigrationCost(scenario, pageBytes) : null;
    const members = MemberSpread.of(scenario, topo.nodes, pageBytes, D);
    this.pool = scenario.pool ? new EnginePool(scenario, topo) : null;
    const traffic = (this.traffic = new Traffic(scenario, topo, spaces.writeFraction, spaces.hostActivity, compute, costs, members, this.pool?.classes ?? null));
    this.coherency = Coherency.create(scenario, topo, spaces);
    if (this.coherency) traffic.load.coherency = this.coherency.load;
    this.groups = new PageGroups(P, spaces.pageInitiator, topo);
    this.totals = new RunAccumulator(D, scenario.workloads.length, scenario.epochMs, H);
    this.workloadIps = new Float64Array(scenario.workloads.length);
    this.workloadLocalIps = new Float64Array(scenario.workloads.length);
    const work = (this.work = placementWork(topo, scenario));

    // The node mask binds every policy (MPOL_BIND): pages are placed, promoted and demoted only
    // inside it, so the policy's view (zonelists, fast tier) is of the mask's nodes.
    const devIndex = new Map(topo.nodeIds.map((id, i) => [id, i] as const));
    const mask = scenario.policy.nodes.map((n) => devIndex.get(n)).filter((d) => d !== undefined);
    const bound = maskedReach(topo.initiatorOrder, topo.reach, topo.N, mask);
    const order = (this.allowedOrder = bound.orders);
    this.allowed = bound.reach;
    const fast = mask.length ? fastTiers(order, topo.nodeTier, topo.N, H) : topo;
    this.view = {
      epoch: 0,
      epochMs: scenario.epochMs,
      pageBytes,
      pages: P,
      nodes: topo.N,
      hosts: H,
      initiators: topo.I,
      initiatorHost: topo.initiatorHost,
      pageNode: this.mem.pageNode,
      pageInitiator: spaces.pageInitiator,
      accessRate: this.rate,
      nodeTier: topo.nodeTier,
      tierCount: topo.tiers.length,
      initiatorFastTier: fast.initiatorFastTier,
      fastFor: fast.fastFor,
      fastNode: fast.fastNode,
      isFast: (i: number, n: number) => fast.fastFor[i * topo.N + n] === 1,
      nodeCapacity: this.mem.capacity,
      nodeFree: this.viewFree,
      hostNodeLatencyNs: traffic.nodeLatency,
      hostNodeIdleNs: topo.nodeIdleNs,
      nodeOrder: (i: number) => order[i],
      rng: new Rng(scenario.seed, Stream.policy),
      parts: spaces.split.stride > 1 ? { stride: spaces.split.stride, share: spaces.split.share, mask: spaces.split.mask, hotNode: spaces.split.hotNode } : null,
      nextExpected: () => spaces.expectedNext(this.epoch, scenario.epochMs / 1000),
      chargeStallNs: (h: number, ns: number) => traffic.chargeNext(h, ns),
      solveShares: (share: Float64Array) => traffic.solveShares(share),
      kernel: work,
    };

    const def = options.policy ?? findPolicy(scenario.policy.name);
    if (!def) throw new Error(`unknown policy "${scenario.policy.name}"`);
    this.policy = def.create({
      params: resolveParams(def, scenario.policy.params),
      nodes: mask,
      weights: new Map(Object.entries(scenario.policy.weights ?? {}).map(([k, v]) => [devIndex.get(k)!, v] as const)),
      view: this.view,
      // A node's bandwidth: its devices' together (an interleave set's add up).
      deviceBandwidthGBps: Float64Array.from(topo.nodes, (n) => n.devices.reduce((a, d) => a + scenario.devices[d].bandwidthGBps, 0)),
    });
    this.queue = new MigrationQueue(topo, this.mem, spaces.pageInitiator, this.viewFree, this.policy.limits ?? { promote: Infinity, demote: Infinity }, spaces.split, members, this.allowed);

    // Boot: the demotion targets built once, then the working sets faulted in; both cost epoch 0.
    work.rebuildDemotionTargets(this.mem.capacity);
    this.faultIn();
    work.drain(traffic.placeNext);
    spaces.start();
    this.last = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, 0])) as EpochSummary;
    traffic.placementRows(this.mem);
    this.groups.place(this.mem.pageNode);
    this.meta = buildMeta(scenario, topo, deviceFramesUsed(topo.nodes, caps, D), pageBytes, P, this.groups.count, spaces);
  }

  /** Working sets are faulted in as a run starts; the policy places each page, or the engine falls back. */
  /**
   * Queues a change of the topology; it applies at the start of the next epoch. Throws on a
   * change that names what does not exist (the running scenario is untouched).
   */
  changeTopology(c: TopologyChange): void {
    // Frames a capacity change may give this node: what LIMITS.totalFrames leaves beside the others.
    let others = 0;
    for (let n = 0; n < this.topo.N; n++) if (c.kind !== 'capacity' || n !== c.node) others += this.mem.capacity[n];
    const why = checkChange(c, this.topo.N, this.topo.D, Math.max(0, LIMITS.totalFrames - others));
    if (why) throw new Error(why);
    this.pendingChanges.push(c);
  }

  /** THE hook: applies queued topology changes, then tells the policy and bumps the meta version. */
  private applyTopologyChanges(): void {
    this.lostNow = 0;
    if (this.pendingChanges.length === 0) return;
    const { mem, topo } = this, split = this.spaces.split;
    const before = Int32Array.from(mem.capacity);
    for (const c of this.pendingChanges) {
      // Split-off parts on a node whose frames change rejoin their pages first.
      if (c.kind === 'capacity') { split.releaseNode(mem, c.node); this.displace(mem.setCapacity(c.node, c.frames), 'evacuate'); }
      else for (let n = 0; n < topo.N; n++) if (topo.nodes[n].devices.includes(c.device)) { split.releaseNode(mem, n); this.displace(mem.setCapacity(n, 0), c.pages); }
    }
    this.pendingChanges = [];
    this.hotPlugged(before);
    this.viewFree.set(mem.free);
    this.meta = buildMeta(this.scenario, topo, deviceFramesUsed(topo.nodes, mem.capacity, topo.D), this.pageBytes, this.pages, this.groups.count, this.spaces, this.meta.version + 1);
    this.policy.onTopologyChange?.(this.view);
  }

  /** Nodes that gained or lost all their memory: the hosts that reach them rebuild their demotion targets (the memory hot-plug notifier). */
  private hotPlugged(before: Int32Array): void {
    const cap = this.mem.capacity, order = this.topo.order;
    const changed = (n: number) => (before[n] > 0) !== (cap[n] > 0);
    const hosts = order.flatMap((o, h) => (o.some(changed) ? [h] : []));
    if (hosts.length > 0) this.work.rebuildDemotionTargets(cap, hosts);
  }

  /** Pages whose frames went away: to the nearest node with room their initiator may use, or lost. */
  private displace(pages: number[], rule: DisplacedRule): void {
    const { mem } = this, order = this.allowedOrder, owner = this.spaces.pageInitiator;
    const split = this.spaces.split;
    for (const p of pages) {
      if (split.count > 0 && split.mask[p] !== 0) split.merge(mem, p);
      if (rule === 'lose') { this.lostNow++; continue; }
      let zones = 0;
      for (const n of order[owner[p]]) { zones++; if (mem.alloc(p, n)) break; }
      this.work.allocation(owner[p], zones);
    }
  }

  /**
   * Faults every page in: where the policy places it if its initiator may use that node (it
   * reaches it, a shared region's every sharer does, and it is in the node mask), else (unless
   * strict) the first node with room in the initiator's zonelist inside the mask.
   */
  private faultIn(): void {
    const { mem, policy, view, allowedOrder: order, allowed: reach } = this;
    const N = this.topo.N, pageInitiator = this.spaces.pageInitiator;
    this.spaces.forEachFaultIn((page) => {
      const initiator = pageInitiator[page];
      this.viewFree.set(mem.free);
      const d = policy.place(page, initiator, view);
      if (d >= 0 && d < N && reach[initiator * N + d] === 1 && mem.alloc(page, d)) return;
      if (policy.strict) { this.oomPages++; return; }
      // get_page_from_freelist's fallback: the zonelist from its start, the failed preferred node counted once.
      let zones = d >= 0 && d < N ? 1 : 0;
      for (const f of order[initiator]) {
        if (f !== d) zones++;
        if (mem.alloc(page, f)) { this.work.allocation(initiator, zones); return; }
      }
      this.work.allocation(initiator, zones);
      this.oomPages++;
    });
  }

  step(): EpochSummary {
    const e = this.epoch;
    const epochSec = this.scenario.epochMs / 1000;
    const { spaces, traffic, mem } = this;
    traffic.begin();
    this.applyTopologyChanges();
    const executed = this.queue.execute(e, epochSec, this.pageBytes, traffic.load, traffic.stallNs, this.migrationCost);
    spaces.countByNode(mem.pageNode, this.topo.N, traffic.byNode);
    traffic.dropUnreachable();
    if (traffic.members) spaces.countByMember(mem.pageNode, mem.pageFrame, traffic.members, traffic.byMember);
    this.coherency?.measure(mem.pageNode, traffic.byNode);
    // The pool's epoch: its VMs join the solve as closed loops of their own.
    this.pool?.begin(e);
    const t = traffic.solve(epochSec, spaces.hostSamples, mem);
    const coh = this.coherency?.figures(traffic.hostRate);
    const p = this.pool ? this.pool.finish(e) : Engine.NO_POOL_ROW;
    if (this.pool) this.pool.deviceRows(traffic.deviceRow);
    const summary: EpochSummary = {
      epoch: e,
      timeMs: e * this.scenario.epochMs,
      amatNs: t.amatNs,
      throughputGBps: (t.rate * LINE_BYTES) / 1e9,
      fastTierAccessShare: t.fastTierAccessShare,
      localAccessShare: t.localAccessShare,
      unplacedAccessShare: t.unplacedAccessShare,
      migrations: executed.promotions + executed.demotions + executed.other,
      promotions: executed.promotions,
      demotions: executed.demotions,
      pagesLost: this.lostNow,
      pagesUnplaced: this.pages - mem.placed(),
      realAccessesPerSample: t.realAccessesPerSample,
      hotSetFastShare: spaces.hotSetFastShare(e, mem.pageNode, this.topo.fastFor, this.topo.N),
      hotSetShifts: spaces.shiftsIn(e),
      slowdownPercent: slowdownPercent(t.instructionsPerSecond, t.allLocalInstructionsPerSecond),
      instructionsPerSecond: t.instructionsPerSecond,
      allLocalInstructionsPerSecond: t.allLocalInstructionsPerSecond,
      migrationCpuPercent: t.migrationCpuPercent,
      placementCpuPercent: t.placementCpuPercent,
      coherencyTrafficGBps: coh?.trafficGBps ?? 0,
      coherencyLatencyNs: coh?.latencyNs ?? 0,
      vmAmatNs: p[POOL.vmAmatNs],
      vmSlowdownPercent: p[POOL.vmSlowdownPercent],
      strandedGiB: p[POOL.strandedGiB],
      strandedPercent: p[POOL.strandedPercent],
      dramSavedPercent: p[POOL.dramSavedPercent],
      vmsRejected: p[POOL.vmsRejected],
      vmsRunning: p[POOL.vmsRunning],
      servedAccesses: t.rate * epochSec,
      issuedAccesses: t.issued * epochSec,
    };
    spaces.rates(traffic.hostIssued, this.rate);
    this.groups.pass(e, spaces.cur, spaces.history, mem.pageNode);
    this.totals.add(summary, traffic.deviceUtil);
    const row = traffic.hostRow, ipa = this.compute.instrPerAccess;
    for (let h = 0; h < this.topo.H; h++) {
      const o = h * HOST_WIDTH;
      this.totals.addHost(h, traffic.hostRate[h] * epochSec, traffic.hostIssued[h] * epochSec, row[o + HOST.amatNs], row[o + HOST.localAccessShare], row[o + HOST.instructionsPerSecond], traffic.allLocalRate[h] * ipa[h], epochSec);
    }
    this.totals.addWorkloads(
      this.compute.workloadInstructions(traffic.hostRate, this.workloadIps),
      this.compute.workloadInstructions(traffic.allLocalRate, this.workloadLocalIps),
      epochSec,
    );

    // The policy sees this epoch and decides what moves at the start of the next.
    this.view.epoch = e;
    this.viewFree.set(mem.free);
    this.queue.open(e);
    this.policy.onEpoch?.(this.view, this.queue.sink);
    // The kernel's periodic per-node upkeep, and everything counted this epoch, cost the next.
    this.work.epoch(this.scenario.epochMs);
    this.work.drain(traffic.placeNext);

    this.epoch = e + 1;
    spaces.advance(e);
    this.last = summary;
    return summary;
  }

  /** First page and one past the last page of a heatmap page group. */
  groupRange(g: number): [number, number] {
    return this.groups.range(g);
  }

  /** The newest epoch's state plus the given summary rows, as one transferable buffer. */
  snapshot(history: EpochSummary[]): ArrayBuffer {
    const rows = new Float64Array(history.length * SUMMARY_WIDTH);
    history.forEach((s, i) => SUMMARY_FIELDS.forEach((f, j) => { rows[i * SUMMARY_WIDTH + j] = s[f]; }));
    const { heatRows, fastRows, unplacedRows } = this.groups.columns(history, this.epoch);
    const { H, D, L } = this.topo;
    const t = this.traffic, g = this.groups;
    return encodeSnapshot(
      {
        metaVersion: this.meta.version, summary: this.last, pool: this.poolRow(), device: t.deviceRow, host: t.hostRow, link: t.linkRow,
        heat: g.heat, groupFast: g.fast, groupUnplaced: g.unplaced, history: rows, heatRows, fastRows, unplacedRows,
        poolParts: this.pool?.rows.parts(history.map((s) => s.epoch)),
      },
      D, H, L, g.count,
    );
  }

  deviceStats(): DeviceStat[] {
    const row = this.traffic.deviceRow;
    return this.meta.devices.map((_, d) => ({
      pages: row[d * DEVICE_WIDTH + DEVICE.pages],
      utilisation: row[d * DEVICE_WIDTH + DEVICE.utilisation],
      bandwidthGBps: row[d * DEVICE_WIDTH + DEVICE.bandwidthGBps],
      latencyNs: row[d * DEVICE_WIDTH + DEVICE.latencyNs],
    }));
  }

  runTotals(): RunTotals {
    return this.totals.totals(this.epoch, this.scenario.epochMs, this.pages - this.mem.placed());
  }

  /** Whether the scenario has a pool (poolRow() then holds its figures). */
  get hasPool(): boolean {
    return this.pool !== null;
  }

  /** The pool's figures of the newest epoch (POOL_FIELDS; zeros without a pool). */
  poolRow(): Float64Array {
    return this.pool ? this.pool.model.row : Engine.NO_POOL_ROW;
  }

  /** summary.pool: run averages and totals, and the DRAM the pool saves (zeros without a pool). */
  poolSummary(): PoolSummary {
    return this.pool ? this.pool.summary() : { ...NO_POOL };
  }

  /** One row per VM that ran (empty without a pool). */
  vmRows(): VmReportRow[] {
    return this.pool ? this.pool.vmRows() : [];
  }

  /** The kernel's placement work over the run, operations by kind (src/physics/placement-work.ts), and demotion-target rebuilds. */
  placementOps(): Record<KernelOp, number> & { rebuilds: number } {
    return { ...this.work.totalsByOp(), rebuilds: this.work.rebuilds };
  }

  policyStats(): Record<string, number> {
    return this.policy.stats?.() ?? {};
  }

  /** Migration events of one page still in the event ring, oldest first. */
  pageEvents(page: number): MigrationEvent[] {
    return this.queue.pageEvents(page);
  }

  /** Bits of the page's recent access history (bit 0 = newest epoch) and where it is. */
  pageState(page: number): { device: string | null; history: number; accesses: number } {
    const d = this.mem.pageNode[page];
    return { device: d === NONE ? null : this.topo.nodeIds[d], history: this.spaces.history[page] >>> 0, accesses: this.spaces.prev[page] };
  }
}
