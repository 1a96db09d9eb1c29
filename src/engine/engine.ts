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
import { MigrationQueue } from './migrations';
import { PageGroups } from './page-groups';
import { findPolicy } from '../policies/registry';
import { NO_NODE, REASON_NAMES, resolveParams, type Policy, type PolicyDef, type PolicyView } from '../policies/types';
import { Rng, Stream } from '../rng';
import { Reason } from '../policies/types';
import { RunAccumulator, type RunTotals } from './run-totals';
import { PAGE_BYTES, type Scenario } from '../scenario/schema';
import { DEVICE, DEVICE_WIDTH, HOST, HOST_WIDTH, encodeSnapshot, SUMMARY_FIELDS, SUMMARY_WIDTH, type EpochSummary } from './snapshot';
import { buildTopology, deviceFramesUsed, fastTiers, maskedReach, nodeFrames, refreshTopology, type Topology } from '../topology/topology';
import { checkChange, type TopologyChange } from '../topology/topology-change';
import { LIMITS } from '../scenario/limits';
import { Traffic } from './traffic';
import { EnginePool, type VmReportRow } from '../pool/engine-pool';
import { NO_POOL, type PoolSummary } from '../pool/pool-summary';
import { POOL, POOL_WIDTH } from './snapshot';
import { DEVICE_STATE, initialState, serves, type FabricState } from '../topology/fabric';
import { absentAtStart, fabricOf, largestWorkingSets, timelineOf, type TimedEvent } from '../events/timeline';
import type { Applied, Zone } from '../events/types';
import { EVENT_STATUS, EventStream, STREAM, type EventOutcome, type MigrationEvent } from './event-stream';
import { Drains } from './drain';
import { endDrain, FaultOps, LostPages, type FaultHost } from './faults';
import { fillLlc } from '../physics/llc';
import { WorkloadSampler } from '../workloads/sampler';

export type { MigrationEvent, EventOutcome } from './event-stream';
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
type EngineView = { -readonly [K in keyof PolicyView]: PolicyView[K] };

export class Engine implements FaultHost {
  readonly scenario: Scenario;
  /**
   * The run's fabric: the scenario's hosts, devices and links, then the devices (and their
   * links) its hot-add events bring in, absent until they do; workloads as they run now (a
   * workload event changes them). Every table sized by devices or links is sized by it.
   */
  fabric: Scenario;
  /** Which devices serve and which links are up, at what figures (src/topology/fabric.ts). */
  readonly state: FabricState;
  /** Static facts of the run; replaced (version + 1) when the topology changes. */
  meta: EngineMeta;
  /** Rebuilt in place from the fabric's state when it changes (src/topology/topology.ts refreshTopology). */
  readonly topo: Topology;
  readonly mem: Memory;
  readonly pageBytes: number;
  readonly pages: number;
  epoch = 0;
  /** The run's one event stream (src/engine/event-stream.ts): the timeline's events, what they and the policy cause. */
  readonly stream = new EventStream();
  /** Pages lost to faults, and to which event each. */
  readonly lost: LostPages;
  /** Per node: how its memory is onlined (a hot-remove can only empty ZONE_MOVABLE for sure). */
  readonly zone: Zone[];
  /** Memory going offline. */
  readonly drains: Drains;
  /**
   * Pages that could not be placed when faulted in (a strict policy with full nodes, or no
   * free frame anywhere): they have no device for the whole run (summary.pagesUnplaced).
   */
  oomPages = 0;

  private policy: Policy;
  /** The policy running now (the scenario's, until a policy event switches it), and its knobs. */
  policyName: string;
  private policyDef: PolicyDef;
  private policyParams: Record<string, number>;
  /** The fabric's reach, zonelists or tiers changed this epoch (not only capacities): the policy restarts over them. */
  private restructured = false;
  private readonly view: EngineView;
  /** Per initiator: the nodes its pages may live on (it reaches them, and the node mask has them), zonelist order; [i * N + n]. */
  private readonly allowedOrder: Int32Array[];
  private readonly allowed: Uint8Array;
  /** The node mask (node indices; empty: every node). */
  private readonly mask: number[];
  private readonly weights: Map<number, number>;
  /** The fast tiers of the view when a node mask narrows it (null: the topology's own). */
  private readonly maskedFast: ReturnType<typeof fastTiers> | null;
  private readonly spaces: AddressSpaces;
  private readonly traffic: Traffic;
  readonly queue: MigrationQueue;
  private readonly groups: PageGroups;
  private readonly totals: RunAccumulator;
  /** The compute side: think times, the LLC, instructions per access. */
  readonly compute: ComputeModel;
  private readonly workloadIps: Float64Array;
  private readonly workloadLocalIps: Float64Array;
  /** Free frames as the policy sees them (reserved as it queues migrations). */
  private readonly viewFree: Int32Array;
  /** Real accesses per second of each page in the epoch last simulated (PolicyView.accessRate). */
  readonly rate: Float32Array;
  private last: EpochSummary;

  private readonly migrationCost: MigrationCost | null;
  /** The kernel's per-node placement work, counted and charged to the hosts (src/physics/placement-work.ts). */
  private readonly work: PlacementWork;
  /**
   * Each node's frames, and which hosts reached it ([h * N + n]), as of the last demotion-target
   * build: a node that gained or lost all its memory since is a hot-plug (hotPlugged).
   */
  private readonly plugCap: Int32Array;
  private readonly plugReach: Uint8Array;
  /** Shared regions' coherency; null without one (the solve is then exactly as before). */
  private coherency: Coherency | null;
  /** Topology changes queued for the start of the next epoch. */
  private pendingChanges: TopologyChange[] = [];
  /** The scenario's pool and VMs (src/pool/), or null: no pool. */
  readonly pool: EnginePool | null;
  private static readonly NO_POOL_ROW = new Float64Array(POOL_WIDTH);
  /** The timeline in time order, and the next event to fire. */
  private readonly timeline: TimedEvent[];
  private nextEvent = 0;
  /** The fabric changed this epoch: the policy and the meta hear of it once, before the policy decides. */
  private changed = false;
  /**
   * [i * N + n] = 1 where initiator i has reached node n at some time (its pages may be there)
   * and one of its hosts does not reach it now: pages there are inaccessible to that host.
   * null while there is none (no pass over the pages).
   */
  private cut: Uint8Array | null = null;
  private readonly everReach: Uint8Array;
  private inaccessible = 0;
  private pinnedPages: Uint8Array | null = null;
  /** The pool's extents granted / reclaimed as of the last epoch (the stream's per-epoch rows). */
  private poolGranted = 0;
  private poolReclaimed = 0;

  constructor(scenario: Scenario, options: EngineOptions = {}) {
    this.scenario = scenario;
    const fabric = (this.fabric = fabricOf(scenario));
    this.timeline = timelineOf(scenario);
    const state = (this.state = initialState(fabric, absentAtStart(scenario, fabric)));
    const topo = (this.topo = buildTopology(fabric, state));
    const { H, D } = topo;
    const pageBytes = (this.pageBytes = PAGE_BYTES[scenario.pageSize]);
    const deviceFrames = fabric.devices.map((d, i) => (serves(state, i) ? Math.floor((d.capacityMB * 1048576) / pageBytes) : 0));
    const caps = nodeFrames(topo.nodes, deviceFrames);
    this.zone = topo.nodes.map((n) => fabric.devices[n.devices[0]].zone ?? 'normal');
    const spaces = (this.spaces = new AddressSpaces(fabric, topo.hostIds, pageBytes, topo.N, topo.spaceInitiator, this.timeline.length ? largestWorkingSets(scenario) : undefined));
    const P = (this.pages = spaces.pages);
    this.mem = new Memory(P, caps);
    this.lost = new LostPages(P);
    this.viewFree = new Int32Array(topo.N);
    this.rate = new Float32Array(P);
    const compute = (this.compute = new ComputeModel(fabric, topo.hostIds, pageBytes, spaces.samplers));
    const costs = options.migrationCosts ?? true;
    this.migrationCost = costs ? new MigrationCost(fabric, pageBytes) : null;
    const members = MemberSpread.of(fabric, topo.nodes, pageBytes, D);
    // The pool before the traffic: its VMs are classes of the solve.
    this.pool = scenario.pool ? new EnginePool(fabric, topo) : null;
    const traffic = (this.traffic = new Traffic(fabric, topo, spaces.writeFraction, spaces.hostActivity, compute, costs, members, this.pool?.classes ?? null));
    this.coherency = Coherency.create(fabric, topo, spaces);
    if (this.coherency) traffic.load.coherency = this.coherency.load;
    this.groups = new PageGroups(P, spaces.pageInitiator, topo);
    this.totals = new RunAccumulator(D, scenario.workloads.length, scenario.epochMs, H);
    this.workloadIps = new Float64Array(scenario.workloads.length);
    this.workloadLocalIps = new Float64Array(scenario.workloads.length);
    const work = (this.work = placementWork(topo, fabric));

    // The node mask binds every policy (MPOL_BIND): pages are placed, promoted and demoted only
    // inside it, so the policy's view (zonelists, fast tier) is of the mask's nodes.
    const devIndex = new Map(topo.nodeIds.map((id, i) => [id, i] as const));
    const mask = (this.mask = scenario.policy.nodes.map((n) => devIndex.get(n)).filter((d) => d !== undefined));
    const bound = maskedReach(topo.initiatorOrder, topo.reach, topo.N, mask);
    const order = (this.allowedOrder = bound.orders);
    this.allowed = bound.reach;
    this.everReach = Uint8Array.from(bound.reach);
    this.maskedFast = mask.length ? fastTiers(order, topo.nodeTier, topo.N, H) : null;
    const fast = this.maskedFast ?? topo;
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
      // Frames each node keeps: memory going offline is not counted (its frames above the limit are isolated).
      nodeCapacity: this.mem.limit,
      nodeFree: this.viewFree,
      hostNodeLatencyNs: traffic.nodeLatency,
      hostNodeIdleNs: topo.nodeIdleNs,
      nodeOrder: (i: number) => this.allowedOrder[i],
      rng: new Rng(scenario.seed, Stream.policy),
      parts: spaces.split.stride > 1 ? { stride: spaces.split.stride, share: spaces.split.share, mask: spaces.split.mask, hotNode: spaces.split.hotNode } : null,
      nextExpected: () => spaces.expectedNext(this.epoch, scenario.epochMs / 1000),
      chargeStallNs: (h: number, ns: number) => traffic.chargeNext(h, ns),
      solveShares: (share: Float64Array) => traffic.solveShares(share),
      kernel: work,
    };

    const def = options.policy ?? findPolicy(scenario.policy.name);
    if (!def) throw new Error(`unknown policy "${scenario.policy.name}"`);
    this.weights = new Map(Object.entries(scenario.policy.weights ?? {}).map(([k, v]) => [devIndex.get(k)!, v] as const));
    this.policy = this.createPolicy(def, scenario.policy.params);
    this.policyName = def.name;
    this.policyDef = def;
    this.policyParams = scenario.policy.params;
    this.queue = new MigrationQueue(topo, this.mem, spaces.pageInitiator, this.viewFree, this.policy.limits ?? { promote: Infinity, demote: Infinity }, spaces.split, members, this.allowed);
    this.queue.stream = this.stream;
    // One kernel thread's migrations an epoch: the rate memory goes offline at (drain.ts).
    const pageNs = (this.migrationCost ?? new MigrationCost(fabric, pageBytes)).pageNs;
    this.drains = new Drains(this.mem, this.queue, () => this.allowedOrder, spaces.pageInitiator, Math.max(1, Math.floor((scenario.epochMs * 1e6) / pageNs)), work);
    for (const ev of scenario.events ?? []) this.stream.outcomes.push(pendingOutcome(ev, this.stream.outcomes.length, scenario.epochMs));
    this.timeline.forEach((t) => { this.stream.outcomes[t.index].target = t.def.target(t.spec); });

    // Boot: the demotion targets built once, then the working sets faulted in; both cost epoch 0.
    work.rebuildDemotionTargets(this.mem.capacity);
    this.plugCap = Int32Array.from(this.mem.capacity);
    this.plugReach = new Uint8Array(H * topo.N);
    this.notePlugReach();
    this.faultIn();
    work.drain(traffic.placeNext);
    spaces.start();
    this.last = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, 0])) as EpochSummary;
    traffic.placementRows(this.mem);
    this.groups.place(this.mem.pageNode);
    this.meta = buildMeta(fabric, topo, deviceFramesUsed(topo.nodes, caps, D), pageBytes, P, this.groups.count, spaces, 0, state);
  }

  /** A policy of the run, created over the view as it is now (the node mask and weights are the scenario's). */
  private createPolicy(def: PolicyDef, params: Record<string, number>): Policy {
    const { topo, fabric } = this;
    return def.create({
      params: resolveParams(def, params),
      nodes: this.mask,
      weights: this.weights,
      view: this.view,
      // A node's bandwidth: its devices' together (an interleave set's add up).
      deviceBandwidthGBps: Float64Array.from(topo.nodes, (n) => n.devices.reduce((a, d) => a + fabric.devices[d].bandwidthGBps, 0)),
    });
  }

  get pageInitiator(): ArrayLike<number> { return this.spaces.pageInitiator; }
  get bases(): readonly number[] { return this.spaces.bases; }
  get sizes(): readonly number[] { return this.spaces.sizes; }
  get split() { return this.spaces.split; }

  /** Pages that cannot move (long-term pins an offline found), made on first use. */
  pinned(): Uint8Array {
    if (!this.pinnedPages) { this.pinnedPages = new Uint8Array(this.pages); this.queue.pinned = this.pinnedPages; }
    return this.pinnedPages;
  }

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

  /**
   * Applies changes queued through changeTopology: a node grows at once (one an earlier change
   * took offline comes back online: a hot-add); a node that shrinks,
   * or a device removed with its pages evacuated, drains through the migration queue (reason
   * `offline` or `evacuate`: drain.ts) and leaves when empty; a device removed with its pages
   * lost fails (faults.ts).
   */
  private applyTopologyChanges(): void {
    if (this.pendingChanges.length === 0) return;
    const { mem, topo } = this;
    for (const c of this.pendingChanges) {
      if (c.kind === 'capacity') {
        const n = c.node, old = this.drains.of(n);
        if (old) endDrain(this, old, false, 'another capacity change replaced it');
        if (c.frames >= mem.capacity[n] - mem.poisoned[n]) {
          // Frames given to a node an earlier change took offline bring it back (a hot-add; a failed set stays down).
          const devs = Array.from(topo.nodes[n].devices), st = this.state.device;
          if (c.frames > 0 && devs.every((m) => st[m] === DEVICE_STATE.offline)) for (const m of devs) { st[m] = DEVICE_STATE.online; this.pool?.restoreDevice(m); }
          mem.setCapacity(n, c.frames);
          this.retopo();
          continue;
        }
        this.split.releaseNode(mem, n);
        this.drains.start({ node: n, keep: c.frames, reason: Reason.offline, cause: -1, start: this.epoch, deadline: Infinity });
        this.retopo();
      } else if (c.pages === 'lose') {
        new FaultOps(this, this.scenario.seed, -1).failDevice(c.device);
      } else {
        const n = topo.deviceNode[c.device];
        if (!serves(this.state, c.device) || this.drains.of(n)) continue;
        for (const m of topo.nodes[n].devices) this.state.device[m] = DEVICE_STATE.offlining;
        this.split.releaseNode(mem, n);
        this.drains.start({ node: n, keep: 0, reason: Reason.evacuate, cause: -1, start: this.epoch, deadline: Infinity });
        this.retopo();
      }
    }
    this.pendingChanges = [];
  }

  /** The drains' progress at the start of an epoch, after last epoch's moves: done when empty, failed past their time. */
  private drainProgress(): void {
    for (const d of [...this.drains.active]) {
      if (this.drains.left(d) === 0) endDrain(this, d, true);
      else if (this.epoch >= d.deadline) endDrain(this, d, false);
    }
  }

  /**
   * The fabric's state changed: the topology is rebuilt in place, and what was derived from it
   * follows (the node mask's view, the traffic's references, coherency, the pool's nearest
   * DRAM, which pages some host cannot reach). The policy and the meta hear of it once, at the
   * end of the epoch's changes.
   */
  retopo(): void {
    const { topo, mem } = this;
    const before = structureOf(topo);
    refreshTopology(topo, buildTopology(this.fabric, this.state));
    if (structureOf(topo) !== before) this.restructured = true;
    if (this.mask.length) {
      const bound = maskedReach(topo.initiatorOrder, topo.reach, topo.N, this.mask);
      this.allowed.set(bound.reach);
      this.allowedOrder.length = 0;
      this.allowedOrder.push(...bound.orders);
      const f = fastTiers(this.allowedOrder, topo.nodeTier, topo.N, topo.H), m = this.maskedFast!;
      m.initiatorFastTier.set(f.initiatorFastTier); m.fastFor.set(f.fastFor); m.fastNode.set(f.fastNode); m.fastUniform = f.fastUniform;
    }
    this.view.tierCount = topo.tiers.length;
    this.traffic.retopo(this.state.linkGBps);
    this.coherency = Coherency.create(this.fabric, topo, this.spaces);
    this.traffic.load.coherency = this.coherency?.load;
    this.pool?.retopo();
    // Which pages some host of their owner cannot reach now (pagesInaccessible).
    const { H, N, I } = topo;
    for (let k = 0; k < this.allowed.length; k++) this.everReach[k] |= this.allowed[k];
    let cut: Uint8Array | null = null;
    for (let i = 0; i < I; i++) for (let n = 0; n < N; n++) {
      if (this.everReach[i * N + n] !== 1 || mem.capacity[n] === 0) continue;
      for (const h of topo.initiators[i].hosts) if (h < H && topo.nodeIdleNs[h * N + n] !== topo.nodeIdleNs[h * N + n]) { (cut ??= new Uint8Array(I * N))[i * N + n] = 1; break; }
    }
    this.cut = cut;
    this.viewFree.set(mem.free);
    this.changed = true;
  }

  /** The epoch's changes are made: a new meta (version + 1), and the policy rebuilds what it derived from the topology. */
  private topologyChanged(): void {
    this.changed = false;
    const { topo, mem } = this;
    this.hotPlugged();
    this.viewFree.set(mem.free);
    this.meta = buildMeta(this.fabric, topo, deviceFramesUsed(topo.nodes, mem.limit, topo.D), this.pageBytes, this.pages, this.groups.count, this.spaces, this.meta.version + 1, this.state);
    if (this.restructured) {
      // Reach, zonelists or tiers changed: the policy's node tables (fast devices, demotion
      // targets, groups) are rebuilt by starting it again over the new topology with its knobs;
      // its per-page history starts again. A capacity change alone is told (onTopologyChange).
      this.restructured = false;
      if (this.policy.onRestructure) this.policy.onRestructure(this.view);
      else this.policy = this.createPolicy(this.policyDef, this.policyParams);
      this.queue.setLimits(this.policy.limits ?? { promote: Infinity, demote: Infinity });
    } else this.policy.onTopologyChange?.(this.view);
  }

  /**
   * Nodes that gained or lost all their memory since the last build (a hot-add, an offline
   * that completed, a failed device): the hosts that reached them then or reach them now
   * rebuild their demotion targets (the memory hot-plug notifier). A resize does not.
   */
  private hotPlugged(): void {
    const cap = this.mem.capacity, before = this.plugCap, reach = this.plugReach, order = this.topo.order, N = this.topo.N;
    const changed = (n: number) => (before[n] > 0) !== (cap[n] > 0);
    const hosts: number[] = [];
    for (let h = 0; h < order.length; h++) {
      let hit = order[h].some(changed);
      for (let n = 0; n < N && !hit; n++) hit = reach[h * N + n] === 1 && changed(n);
      if (hit) hosts.push(h);
    }
    if (hosts.length > 0) this.work.rebuildDemotionTargets(cap, hosts);
    before.set(cap);
    this.notePlugReach();
  }

  private notePlugReach(): void {
    const order = this.topo.order, N = this.topo.N, reach = this.plugReach;
    reach.fill(0);
    order.forEach((o, h) => { for (const n of o) reach[h * N + n] = 1; });
  }

  /** Fires the timeline's events of epoch e, in time order: each through its kind's apply (src/events/). */
  private fire(e: number): void {
    const tl = this.timeline;
    while (this.nextEvent < tl.length && tl[this.nextEvent].epoch <= e) {
      const t = tl[this.nextEvent++];
      const out = this.stream.outcomes[t.index];
      const r = t.def.apply(new FaultOps(this, this.scenario.seed, t.index), t.spec);
      recordOutcome(out, r, e);
      this.stream.record(e, STREAM.event, t.index, r.pending ? EVENT_STATUS.fired : r.ok ? EVENT_STATUS.done : EVENT_STATUS.failed, t.index);
    }
  }

  /** A policy event: the new policy takes over from here (pages stay; its rate limits bind from the next decisions). */
  switchPolicy(name: string, params: Record<string, number>, cause: number): Applied {
    const def = findPolicy(name);
    if (!def) return { ok: false, reason: `unknown policy "${name}"` };
    const from = this.policyName;
    this.viewFree.set(this.mem.free);
    this.policy = this.createPolicy(def, params);
    this.policyName = def.name;
    this.policyDef = def;
    this.policyParams = params;
    this.queue.setLimits(this.policy.limits ?? { promote: Infinity, demote: Infinity });
    this.stream.record(this.epoch, STREAM.policy, cause, 0, cause);
    const knobs = Object.entries(params).map(([k, v]) => `${k} ${v}`);
    return { ok: true, reason: `${from} -> ${def.name}${knobs.length ? ` (${knobs.join(', ')})` : ''}: pages stay where they are; ${def.name} decides from this epoch` };
  }

  /**
   * A workload event: workload w runs with `patch` from this epoch on: a new sampler of its
   * working set (the LLC's cut worked out for it afresh; the other workloads keep theirs), the
   * hosts' samples re-split by intensity, the compute side and coherency again, and this epoch
   * and the next drawn again.
   */
  changeWorkload(w: number, patch: Record<string, number | string>, cause: number): Applied {
    if (w < 0) return { ok: false, reason: 'no such workload' };
    const old = this.fabric.workloads[w];
    const spec = { ...old, ...patch } as Scenario['workloads'][number];
    const workloads = this.fabric.workloads.map((x, i) => (i === w ? spec : x));
    this.fabric = { ...this.fabric, workloads };
    const stream = Stream.events * 1000 + Math.max(0, cause);
    const sampler = this.spaces.changeWorkload(w, spec, workloads, this.scenario.seed, stream);
    // The LLC's fill with the new workload, worked out over fresh samplers; only its own cut is taken.
    const fresh = workloads.map((x, i) => (i === w ? new WorkloadSampler(spec, sampler.base, sampler.n, this.scenario.seed, stream) : new WorkloadSampler(x, this.spaces.samplers[i].base, this.spaces.samplers[i].n, this.scenario.seed, Stream.workload * 1000 + i)));
    const fill = fillLlc(this.fabric, this.topo.hostIds, this.pageBytes, fresh);
    sampler.cachePages(fill.cachedPages[w]);
    const hit = Float64Array.from(this.compute.llc.hitShare);
    hit[w] = fill.hitShare[w];
    this.compute.refresh(this.fabric, this.topo.hostIds, hit);
    this.compute.llc.cachedPages[w] = fill.cachedPages[w];
    this.coherency = Coherency.create(this.fabric, this.topo, this.spaces);
    this.traffic.load.coherency = this.coherency?.load;
    this.spaces.redraw(this.epoch);
    this.rate.fill(0, this.spaces.bases[w], this.spaces.bases[w] + this.spaces.sizes[w]);
    const what = Object.entries(patch).map(([k, v]) => `${k} ${String((old as Record<string, unknown>)[k] ?? '-')} -> ${v}`);
    return { ok: true, reason: `${old.id}: ${what.join(', ')}` };
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
    const { spaces, traffic, mem, stream } = this;
    traffic.begin();
    this.lost.now = 0;
    this.fire(e);
    this.applyTopologyChanges();
    const executed = this.queue.execute(e, epochSec, this.pageBytes, traffic.load, traffic.stallNs, this.migrationCost);
    if (this.drains.active.length > 0) this.drainProgress();
    if (this.changed) this.topologyChanged();
    if (e === 0) stream.record(0, STREAM.policy, -1, 0);
    for (let r = 0; r < REASON_NAMES.length; r++) if (executed.byReason[r] > 0) stream.record(e, STREAM.migrate, r, executed.byReason[r]);
    if (this.cut) this.countInaccessible();
    else if (this.inaccessible !== 0) { this.inaccessible = 0; stream.record(e, STREAM.inaccessible, 0, 0); }
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
      pagesLost: this.lost.now,
      pagesUnplaced: this.pages - mem.placed() - this.lost.total,
      pagesInaccessible: this.inaccessible,
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
    if (this.pool) {
      const L = this.pool.model.ledger;
      if (L.extentsGranted > this.poolGranted) stream.record(e, STREAM.extents, 0, L.extentsGranted - this.poolGranted);
      if (L.extentsReclaimed > this.poolReclaimed) stream.record(e, STREAM.extents, 1, L.extentsReclaimed - this.poolReclaimed);
      this.poolGranted = L.extentsGranted;
      this.poolReclaimed = L.extentsReclaimed;
    }
    if (summary.hotSetShifts > 0) stream.record(e, STREAM.shift, 0, summary.hotSetShifts);
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
    // Memory going offline moves first: its pages take frames before the policy's.
    if (this.drains.active.length > 0) this.drains.pass(this.pinnedPages, this.viewFree);
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
        stream: history.length ? this.stream.rowsOf(history[0].epoch, history[history.length - 1].epoch) : undefined,
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
    return this.totals.totals(this.epoch, this.scenario.epochMs, this.pages - this.mem.placed() - this.lost.total);
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

  /** The pool's extents granted and reclaimed so far, the row the engine wrote last (POOL.extentsGranted). */
  get poolExtents(): { granted: number; reclaimed: number } {
    return { granted: this.poolGranted, reclaimed: this.poolReclaimed };
  }

  /** Migration events of one page still in the event stream's move ring, oldest first. */
  pageEvents(page: number): MigrationEvent[] {
    return this.stream.pageEvents(page, this.topo.nodeIds);
  }

  /**
   * What each event of the timeline that fired did (the CLI's `events`, the app's list), in
   * time order; an event still running says how far it got.
   */
  eventOutcomes(): EventOutcome[] {
    const out: EventOutcome[] = [];
    for (const t of this.timeline) {
      const o = this.stream.outcomes[t.index];
      if (o.state === 'pending') continue;
      if (o.state === 'running') {
        const d = this.drains.active.find((x) => x.cause === t.index);
        const left = d ? this.drains.left(d) : 0;
        out.push({ ...o, ok: false, pagesMoved: d ? d.moved : o.pagesMoved, reason: `still going offline when the run ended: ${left} pages left${d && d.pinned ? `, ${d.pinned} of them unmovable` : ''}` });
      } else out.push({ ...o, hostsHit: [...o.hostsHit], vmsHit: [...o.vmsHit], regionsHit: [...o.regionsHit] });
    }
    return out;
  }

  /** Pages some host of their owner cannot reach now (a link or path gone): counted, never served, never lost. */
  private countInaccessible(): void {
    const cut = this.cut!, node = this.mem.pageNode, owner = this.spaces.pageInitiator, N = this.topo.N;
    let n = 0;
    for (let p = 0; p < node.length; p++) { const x = node[p]; if (x !== NONE && cut[owner[p] * N + x] === 1) n++; }
    if (n !== this.inaccessible) this.stream.record(this.epoch, STREAM.inaccessible, 0, n);
    this.inaccessible = n;
  }

  /** Bits of the page's recent access history (bit 0 = newest epoch) and where it is. */
  pageState(page: number): { device: string | null; history: number; accesses: number } {
    const d = this.mem.pageNode[page];
    return { device: d === NONE ? null : this.topo.nodeIds[d], history: this.spaces.history[page] >>> 0, accesses: this.spaces.prev[page] };
  }
}

/** What a policy derives its node tables from: reach, zonelists, tiers, fast tiers (a string to compare). */
function structureOf(t: Topology): string {
  return `${t.reach.join('')}|${t.initiatorOrder.map((o) => o.join(',')).join(';')}|${t.nodeTier.join(',')}|${t.fastFor.join('')}|${t.tiers.length}`;
}

/** An event's outcome before it fires. */
function pendingOutcome(ev: { atMs: number; kind: string }, index: number, epochMs: number): EventOutcome {
  const epoch = Math.ceil(ev.atMs / epochMs - 1e-9);
  return {
    index, atMs: ev.atMs, kind: ev.kind, target: '', epoch, endEpoch: epoch, state: 'pending', ok: false, reason: '', summary: '',
    pagesMoved: 0, pagesLost: 0, pagesIsolated: 0, hostsHit: [], vmsHit: [], regionsHit: [], mces: 0, signalled: 0,
  };
}

/** What an event's apply returned, into its outcome. */
function recordOutcome(o: EventOutcome, r: Applied, epoch: number): void {
  o.epoch = o.endEpoch = epoch;
  o.state = r.pending ? 'running' : r.ok ? 'done' : 'failed';
  o.ok = r.ok;
  o.reason = r.reason;
  o.summary = r.summary ?? '';
  o.pagesMoved = r.pagesMoved ?? 0;
  o.pagesLost = r.pagesLost ?? 0;
  o.pagesIsolated = r.pagesIsolated ?? 0;
  o.hostsHit = r.hostsHit ?? [];
  o.vmsHit = r.vmsHit ?? [];
  o.regionsHit = r.regionsHit ?? [];
  o.mces = r.mces ?? 0;
  o.signalled = r.signalled ?? 0;
}
