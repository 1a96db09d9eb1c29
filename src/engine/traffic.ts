// One epoch's traffic: where each host's sampled accesses went (device shares, or no device at
// all), the closed loop solved for loaded latencies and rates, and the solved figures as the
// snapshot's device, host and link rows. Also the CPU time each host loses to faults and copies.
//
// Unplaced pages (a strict policy could not place them) have no device: their accesses are
// served by no tier. They are left out of AMAT and throughput, and counted in
// unplacedAccessShare. The host's closed loop: threads that touch memory that does not exist
// make no progress (Linux would OOM-kill the task under strict bind; the simulator keeps
// running), so the host keeps only its served share of misses in flight. The access shares
// (fast tier, local, unplaced, per device) are of ALL sampled accesses, so they add up to 1.
//
// The application: each host computes between misses (ComputeModel's think time), and the CPU
// time tiering takes from it (hint faults, copies, TLB shootdowns, kswapd) is time its cores
// do not run it: its misses in flight shrink by that share (a memory-bound host's others fill
// part of the gap, as on a real machine). Its instruction rate is compared, in the same
// epoch, with a second solve of the same load with every page on the host's local DRAM (split
// over its DRAM devices by bandwidth; a host with none: its nearest device), no migrations
// and no stalls: the slowdown against all-local.
//
// The pool's VMs (src/pool/engine-pool.ts) are closed-loop classes of their own in the same
// solve (ExtraClasses): each keeps its cores x MLP misses in flight with its own think time, on
// its host's paths, and spreads its accesses over its host's DRAM and the pooled devices as its
// pages lie. So they load the devices and links, and everyone's loaded latency counts them.
// They are not the host's workloads: the host's figures (rows, AMAT, slowdown) stay the
// workloads', and the all-local reference runs the VMs too, with every VM access on its host's
// local DRAM.
import { CAL, LINE_BYTES } from '../platform/calibration';
import { slowdownPercent, type ComputeModel } from '../physics/compute';
import { LoadSolver, type LoadInput, type LoadResult } from '../physics/latency';
import type { MemberSpread } from '../topology/interleave';
import type { Memory } from './memory';
import type { SolvedShares } from '../policies/types';
import type { Scenario } from '../scenario/schema';
import { DEVICE, DEVICE_WIDTH, HOST, HOST_WIDTH, LINK, LINK_WIDTH } from './snapshot';
import type { Topology } from '../topology/topology';

/** The epoch's figures over all hosts, access-weighted. */
export interface EpochTraffic {
  /** Real accesses per second served, all hosts. */
  rate: number;
  /** Real accesses per second issued, all hosts: served plus those to unplaced pages. */
  issued: number;
  /** Over served accesses. */
  amatNs: number;
  /** Shares of all issued accesses. */
  fastTierAccessShare: number;
  localAccessShare: number;
  unplacedAccessShare: number;
  realAccessesPerSample: number;
  /** Instructions/s of all hosts, and with every page local under the same load. */
  instructionsPerSecond: number;
  allLocalInstructionsPerSecond: number;
  /** Share (%) of all hosts' CPU time spent on tiering this epoch. */
  migrationCpuPercent: number;
  /** Share (%) of all hosts' CPU time the kernel spent on its per-node placement work (src/physics/placement-work.ts). */
  placementCpuPercent: number;
}

/**
 * Closed-loop classes solved beside the hosts (the pool's running VMs): class k runs on host
 * host[k] (its idle latencies and link paths), keeps inFlight[k] misses in flight with
 * thinkNs[k] of compute between two, writes writeFraction of its accesses and sends share[k * D
 * + d] of them to device d. Fill n and the rows before Traffic.solve(); it fills the outputs.
 */
export class ExtraClasses {
  n = 0;
  readonly host: Int32Array;
  readonly inFlight: Float64Array;
  readonly thinkNs: Float64Array;
  readonly share: Float64Array;
  /** Outputs: mean loaded latency (ns), the same with every access on the host's local DRAM (the all-local solve), accesses/s. */
  readonly amatNs: Float64Array;
  readonly localAmatNs: Float64Array;
  readonly rate: Float64Array;
  /** Outputs: bytes/s the classes delivered on each device. */
  readonly deviceBytes: Float64Array;

  constructor(readonly capacity: number, readonly D: number, readonly writeFraction: number) {
    this.host = new Int32Array(capacity);
    this.inFlight = new Float64Array(capacity);
    this.thinkNs = new Float64Array(capacity);
    this.share = new Float64Array(capacity * D);
    this.amatNs = new Float64Array(capacity);
    this.localAmatNs = new Float64Array(capacity);
    this.rate = new Float64Array(capacity);
    this.deviceBytes = new Float64Array(D);
  }
}

/** Stalls take at most this share of a host's CPU time from its misses in flight (some always run). */
const MAX_STALL_SHARE = 0.95;

export class Traffic {
  /** The solver's input; migrations add their copies as background traffic. */
  readonly load: LoadInput;
  /** Sampled accesses of the current epoch by host and node [h * N + n]: fill before solve(). */
  readonly byNode: Float64Array;
  /** byNode spread over each node's devices by their shares [h * D + d] (solve() does it). */
  readonly byDevice: Float64Array;
  /**
   * Sampled accesses by host and member device of uneven interleave sets [h * D + d], from
   * the page table (AddressSpaces.countByMember): fill before solve(). Empty without one.
   */
  readonly byMember: Float64Array;
  /** Loaded latency host -> device and device utilisation, of the epoch last solved. */
  readonly hostDeviceLatency: Float64Array;
  /** Loaded latency host -> node (its devices' by share; the same array when nodes are devices): [h * N + n]. */
  readonly nodeLatency: Float64Array;
  readonly deviceUtil: Float64Array;
  /** Snapshot rows of the epoch last solved (DEVICE_FIELDS, HOST_FIELDS, LINK_FIELDS). */
  readonly deviceRow: Float64Array;
  readonly hostRow: Float64Array;
  readonly linkRow: Float64Array;
  /** CPU time (ns over all cores) each host loses in this epoch and in the coming one. */
  readonly stallNs: Float64Array;
  readonly stallNext: Float64Array;
  /** CPU time (ns) each host's kernel spends on placement work in this epoch and in the coming one (PlacementWork.drain). */
  readonly placeNs: Float64Array;
  readonly placeNext: Float64Array;
  /** Real accesses per second each host issued in the epoch last solved (served or not). */
  readonly hostIssued: Float64Array;
  /** Memory accesses/s each host had served in the epoch last solved, and all-local. */
  readonly hostRate: Float64Array;
  readonly allLocalRate: Float64Array;
  /** How the epoch last solved converged: the main solve's sweeps and residual, and the worse of it and the all-local solve. */
  readonly convergence = { sweeps: 0, residual: 0, converged: true };

  private readonly share: Float64Array;
  /**
   * Per host, the devices and the nodes it reaches, ascending: the per-epoch passes visit these
   * pairs only (a 256-host fabric's hosts do not reach each other's DRAM), in index order so
   * the sums are the same, bit for bit, as over every pair.
   */
  private readonly devReach: Int32Array[];
  private readonly nodeReach: Int32Array[];
  /** Accesses/s each device served in the epoch last solved (scratch). */
  private readonly byDev: Float64Array;
  /** Every node is one device (no interleave set): node and device tables are the same. */
  private readonly identity: boolean;
  /** Per host: share of its sampled accesses that reach memory, and misses in flight before that share. */
  private readonly served: Float64Array;
  private readonly inFlight: Float64Array;
  /** Per host: idle latency (ns) of its nearest device. */
  private readonly nearestNs: Float64Array;
  private readonly solver: LoadSolver;
  /** The all-local reference: the same hosts, load and compute, every page on local DRAM. */
  private readonly allLocal: LoadInput;
  private readonly allLocalSolver: LoadSolver;
  /** The optimal policy's questions (PolicyView.solveShares), made on first use. */
  private whatIfInput: LoadInput | null = null;
  private whatIfSolver: LoadSolver | null = null;
  private readonly whatIfOut: SolvedShares = { amatNs: 0, instructionsPerSecond: 0, latencyNs: new Float64Array(0), marginalNs: new Float64Array(0), marginalIps: new Float64Array(0) };
  private readonly out: EpochTraffic = {
    rate: 0, issued: 0, amatNs: 0, fastTierAccessShare: 0, localAccessShare: 0, unplacedAccessShare: 0, realAccessesPerSample: 0,
    instructionsPerSecond: 0, allLocalInstructionsPerSecond: 0, migrationCpuPercent: 0, placementCpuPercent: 0,
  };

  constructor(
    private readonly scenario: Scenario,
    private readonly topo: Topology,
    writeFraction: Float64Array,
    /** Share of each host's misses in flight its workloads keep busy (AddressSpaces.hostActivity). */
    private readonly activity: Float64Array,
    private readonly compute: ComputeModel,
    /** false: CPU time charged by policies (hint faults) is not taken (EngineOptions.migrationCosts). */
    private readonly costs = true,
    /** The interleave sets whose pages sit on some members only (null: every node spreads by its shares). */
    readonly members: MemberSpread | null = null,
    /** Classes solved beside the hosts (the pool's VMs); null: the hosts alone, the arrays the topology's. */
    readonly extra: ExtraClasses | null = null,
  ) {
    const { H, D, L } = topo;
    const dev = scenario.devices;
    // Classes of the solve: the hosts, then the extra ones (their rows are filled each epoch).
    const C = H + (extra?.capacity ?? 0);
    const rows = <T>(hostRows: T[], fill: T) => (extra ? [...hostRows, ...new Array<T>((C - H) * D).fill(fill)] : hostRows);
    this.share = new Float64Array(C * D);
    const reached = (lat: Float64Array, n: number) => Array.from({ length: H }, (_, h) => {
      const out: number[] = [];
      for (let x = 0; x < n; x++) if (lat[h * n + x] === lat[h * n + x]) out.push(x);
      return Int32Array.from(out);
    });
    this.devReach = reached(topo.idleNs, D);
    this.nodeReach = reached(topo.nodeIdleNs, topo.N);
    this.byDev = new Float64Array(D);
    this.byDevice = new Float64Array(H * D);
    this.byNode = new Float64Array(H * topo.N);
    this.byMember = new Float64Array(members ? H * D : 0);
    this.served = new Float64Array(H);
    this.inFlight = new Float64Array(H);
    this.nearestNs = Float64Array.from(topo.deviceOrder, (o, h) => (o.length > 0 ? topo.idleNs[h * D + o[0]] : Infinity));
    this.hostDeviceLatency = Float64Array.from(topo.idleNs);
    this.identity = topo.N === D;
    this.nodeLatency = this.identity ? this.hostDeviceLatency : Float64Array.from(topo.nodeIdleNs);
    this.deviceUtil = new Float64Array(D);
    this.stallNs = new Float64Array(H);
    this.stallNext = new Float64Array(H);
    this.placeNs = new Float64Array(H);
    this.placeNext = new Float64Array(H);
    this.hostIssued = new Float64Array(H);
    this.hostRate = new Float64Array(H);
    this.allLocalRate = new Float64Array(H);
    this.deviceRow = new Float64Array(D * DEVICE_WIDTH);
    this.hostRow = new Float64Array(H * HOST_WIDTH);
    this.linkRow = new Float64Array(L * LINK_WIDTH);
    this.solver = new LoadSolver(C, D, L);
    const idle = extra ? new Float64Array(C * D) : topo.idleNs;
    if (extra) idle.set(topo.idleNs);
    this.load = {
      H, D, L,
      outstanding: new Float64Array(C),
      thinkNs: extra ? Float64Array.from({ length: C }, (_, c) => (c < H ? compute.thinkNs[c] : 0)) : compute.thinkNs,
      share: this.share,
      writeFraction: extra ? Float64Array.from({ length: C }, (_, c) => (c < H ? writeFraction[c] : extra.writeFraction)) : writeFraction,
      idleNs: idle,
      pathLinks: rows(topo.pathLinks, topo.pathLinks[0] ?? new Int32Array(0)),
      // An extra class reaches what its host reaches (set each epoch by joinExtra).
      reach: extra ? [...this.devReach, ...new Array<Int32Array>(C - H).fill(new Int32Array(0))] : this.devReach,
      deviceBw: Float64Array.from(dev, (d) => d.bandwidthGBps * 1e9),
      deviceK: Float64Array.from(dev, (d) => d.loadedKNs),
      // DRAM, and a CXL device with writeCost, is half duplex (a write costs writeCost reads); a
      // CXL device with writeBandwidthGBps is full duplex: writes have their own bandwidth.
      deviceWriteCost: Float64Array.from(dev, (d) => d.writeCost ?? 1),
      deviceWriteBw: Float64Array.from(dev, (d) => (d.kind === 'cxl' && d.writeCost === undefined ? (d.writeBandwidthGBps ?? d.bandwidthGBps) * 1e9 : 0)),
      linkBw: Float64Array.from(scenario.links, (l) => l.bandwidthGBps * 1e9),
      linkK: new Float64Array(L).fill(CAL.linkLoadedK.value),
      bgDeviceRead: new Float64Array(D),
      bgDeviceWrite: new Float64Array(D),
      bgLinkRead: new Float64Array(L),
      bgLinkWrite: new Float64Array(L),
    };
    const localShare = allLocalShares(topo, this.load.deviceBw);
    this.allLocal = {
      ...this.load,
      outstanding: new Float64Array(C),
      share: extra ? Float64Array.from({ length: C * D }, (_, i) => (i < H * D ? localShare[i] : 0)) : localShare,
      bgDeviceRead: new Float64Array(D),
      bgDeviceWrite: new Float64Array(D),
      bgLinkRead: new Float64Array(L),
      bgLinkWrite: new Float64Array(L),
    };
    this.allLocalSolver = new LoadSolver(C, D, L, true);
  }

  /** The extra classes' rows into the solve (classes H .. H + n - 1): their host's latencies and paths, all-local on its DRAM. */
  private joinExtra(): void {
    const x = this.extra, load = this.load, ref = this.allLocal;
    const { H, D } = this.topo;
    const n = x ? x.n : 0;
    load.H = ref.H = H + n;
    if (!x) return;
    const idle = load.idleNs, paths = load.pathLinks, think = load.thinkNs;
    for (let k = 0; k < n; k++) {
      const c = H + k, h = x.host[k], o = c * D;
      load.outstanding[c] = ref.outstanding[c] = x.inFlight[k];
      think[c] = x.thinkNs[k];
      this.share.set(x.share.subarray(k * D, (k + 1) * D), o);
      ref.share.set(ref.share.subarray(h * D, (h + 1) * D), o);
      idle.set(this.topo.idleNs.subarray(h * D, (h + 1) * D), o);
      for (let d = 0; d < D; d++) paths[o + d] = this.topo.pathLinks[h * D + d];
      load.reach![c] = this.devReach[h];
    }
  }

  /** The extra classes' outputs from the two solves. */
  private extraOutputs(res: LoadResult, ref: LoadResult): void {
    const x = this.extra;
    if (!x) return;
    const { H, D } = this.topo;
    x.deviceBytes.fill(0);
    for (let k = 0; k < x.n; k++) {
      const c = H + k, r = res.rate[c];
      x.amatNs[k] = res.amatNs[c];
      x.localAmatNs[k] = ref.amatNs[c];
      x.rate[k] = r;
      for (let d = 0; d < D; d++) x.deviceBytes[d] += r * LINE_BYTES * x.share[k * D + d];
    }
  }

  /**
   * The topology changed (refreshed in place: src/topology/topology.ts refreshTopology) and
   * the links may run at other bandwidths (GB/s per link, the fabric's state now): what was
   * derived from them at construction follows. A device no host reaches has no share, so it
   * leaves the load solve.
   */
  retopo(linkGBps: ArrayLike<number>): void {
    const { topo, load } = this, { H, D, N } = topo;
    for (let h = 0; h < H; h++) { const o = topo.deviceOrder[h]; this.nearestNs[h] = o.length > 0 ? topo.idleNs[h * D + o[0]] : Infinity; }
    // Each host's reach lists again (in place: the solve's and the all-local's `reach` hold them).
    const reached = (lat: Float64Array, n: number, into: Int32Array[]) => {
      for (let h = 0; h < H; h++) {
        const out: number[] = [];
        for (let x = 0; x < n; x++) if (lat[h * n + x] === lat[h * n + x]) out.push(x);
        into[h] = Int32Array.from(out);
      }
    };
    reached(topo.idleNs, D, this.devReach);
    reached(topo.nodeIdleNs, N, this.nodeReach);
    if (this.extra) {
      // The extra classes' copies of the hosts' rows (their own are set each epoch by joinExtra).
      load.idleNs.set(topo.idleNs);
      for (let i = 0; i < H * D; i++) load.pathLinks[i] = topo.pathLinks[i];
      for (let h = 0; h < H; h++) load.reach![h] = this.devReach[h];
    }
    // Pairs no longer reached hold no share (the solve writes reached pairs only).
    this.share.fill(0, 0, H * D);
    this.allLocal.share.set(allLocalShares(topo, load.deviceBw));
    for (let l = 0; l < topo.L; l++) load.linkBw[l] = linkGBps[l] * 1e9;
  }


  /** A new epoch: last epoch's charged stalls fall due now; nothing is counted yet. */
  begin(): void {
    this.stallNs.set(this.stallNext);
    this.stallNext.fill(0);
    this.placeNs.set(this.placeNext);
    this.placeNext.fill(0);
    this.byNode.fill(0);
    this.byMember.fill(0);
  }

  /** Charges CPU time to a host in the coming epoch (a policy's hint faults, scans). */
  chargeNext(h: number, ns: number): void {
    if (this.costs && h >= 0 && h < this.topo.H && ns > 0) this.stallNext[h] += ns;
  }

  /**
   * Accesses of a host to a node it cannot reach are served by no memory: left out of byNode,
   * so they count with the unplaced ones (no latency, no progress), never at a made-up latency.
   * Placement never puts a page there (a page lives where its initiator, every sharer of a
   * shared region, reaches); this keeps the figures honest whatever happens.
   */
  dropUnreachable(): void {
    const { H, N, nodeIdleNs } = this.topo, byNode = this.byNode;
    for (let i = 0; i < H * N; i++) if (nodeIdleNs[i] !== nodeIdleNs[i]) byNode[i] = 0;
  }

  /**
   * Spreads each node's accesses over its devices (byNode -> byDevice): by their shares, or an
   * uneven interleave set's by where its accessed pages are (byMember).
   */
  private spreadNodes(): void {
    const { H, D, N, nodes } = this.topo;
    const byNode = this.byNode, byDevice = this.byDevice, uneven = this.members?.uneven, byMember = this.byMember;
    byDevice.fill(0);
    for (let h = 0; h < H; h++) {
      const reach = this.nodeReach[h];
      for (let j = 0; j < reach.length; j++) {
        const n = reach[j];
        const c = byNode[h * N + n];
        if (c === 0) continue;
        const { devices, shares } = nodes[n];
        if (uneven !== undefined && uneven[n] === 1) {
          let t = 0;
          for (let k = 0; k < devices.length; k++) t += byMember[h * D + devices[k]];
          if (t > 0) {
            for (let k = 0; k < devices.length; k++) byDevice[h * D + devices[k]] += (c * byMember[h * D + devices[k]]) / t;
            continue;
          }
        }
        for (let k = 0; k < devices.length; k++) byDevice[h * D + devices[k]] += c * shares[k];
      }
    }
  }

  /**
   * Solves the epoch from byNode: spread over devices, each host's closed loop, then the rows
   * and the access-weighted figures. hostSamples: sampled accesses each host drew, exactly;
   * those byNode does not hold went to pages with no node.
   */
  solve(epochSec: number, hostSamples: Float64Array, mem: Memory): EpochTraffic {
    this.spreadNodes();
    const { H, D, L } = this.topo;
    const hds = this.byDevice, share = this.share, load = this.load, served = this.served, inFlight = this.inFlight;
    const { fastFor, hostLocal: local, deviceNode, N } = this.topo;
    for (let h = 0; h < H; h++) {
      // Unreached pairs hold 0 in byDevice and share (spreadNodes and this loop never write them).
      const reach = this.devReach[h];
      let t = 0;
      for (let j = 0; j < reach.length; j++) t += hds[h * D + reach[j]];
      for (let j = 0; j < reach.length; j++) { const d = reach[j]; share[h * D + d] = t > 0 ? hds[h * D + d] / t : 0; }
      const all = hostSamples[h];
      served[h] = all > 0 ? t / all : 0;
      // CPU time spent on tiering is time the cores do not run the application: fewer misses fly.
      // The kernel's placement work (placeNs) is reported, not charged here: it is a small share
      // (placementCpuPercent) and counting it left every other figure as it was.
      const hs = this.scenario.hosts[h];
      const lost = Math.min(MAX_STALL_SHARE, this.stallNs[h] / (hs.cores * epochSec * 1e9));
      inFlight[h] = hs.cores * hs.mlp * this.activity[h] * (1 - lost);
      // Threads stuck on memory that does not exist issue nothing: only the served share flies.
      load.outstanding[h] = t > 0 ? inFlight[h] * served[h] : 0;
      this.allLocal.outstanding[h] = all > 0 ? hs.cores * hs.mlp * this.activity[h] : 0;
    }
    this.joinExtra();

    const ref = this.allLocalSolver.solve(this.allLocal);
    this.allLocalRate.set(ref.rate.subarray(0, H));
    const refConverged = ref.converged, refResidual = ref.residual;
    const res = this.solver.solve(load);
    this.convergence.sweeps = res.sweeps;
    this.convergence.residual = Math.max(res.residual, refResidual);
    this.convergence.converged = res.converged && refConverged;
    this.extraOutputs(res, ref);
    this.hostRate.set(res.rate.subarray(0, H));
    this.hostDeviceLatency.set(res.latencyNs.subarray(0, H * D));
    if (!this.identity) this.toNodes(res.latencyNs, this.nodeLatency);
    this.deviceUtil.set(res.deviceUtil);

    let rate = 0, issued = 0, latSum = 0, fast = 0, loc = 0, missed = 0, samples = 0;
    let ips = 0, ipsLocal = 0, stall = 0, cpu = 0, place = 0;
    const ipa = this.compute.instrPerAccess, byDev = this.byDev;
    byDev.fill(0);
    for (let h = 0; h < H; h++) {
      const r = res.rate[h], s = served[h];
      let f = 0, l = 0;
      // Host h is initiator h today (with VMs, count fast shares from byNode per initiator).
      const reach = this.devReach[h];
      for (let j = 0; j < reach.length; j++) {
        const d = reach[j], x = share[h * D + d];
        if (fastFor[h * N + deviceNode[d]]) f += x;
        if (local[h * D + d]) l += x;
        byDev[d] += r * x;
      }
      // Accesses the host issues, served or not. A host none of whose accesses reach memory
      // is counted at the rate its misses in flight would reach its nearest device, idle.
      const a = s > 0 ? r / s : hostSamples[h] > 0 ? (inFlight[h] / (load.thinkNs[h] + this.nearestNs[h])) * 1e9 : 0;
      this.hostIssued[h] = a;
      rate += r; issued += a; latSum += r * res.amatNs[h]; fast += r * f; loc += r * l; missed += a - r;
      samples += a > 0 ? hostSamples[h] : 0;
      const o = h * HOST_WIDTH;
      this.hostRow[o + HOST.throughputGBps] = (r * LINE_BYTES) / 1e9;
      this.hostRow[o + HOST.amatNs] = res.amatNs[h];
      this.hostRow[o + HOST.fastTierAccessShare] = f * s;
      this.hostRow[o + HOST.localAccessShare] = l * s;
      this.hostRow[o + HOST.unplacedAccessShare] = a > 0 ? 1 - s : 0;
      const hostIps = r * ipa[h], localIps = this.allLocalRate[h] * ipa[h];
      const hostCpu = this.scenario.hosts[h].cores * epochSec * 1e9;
      ips += hostIps; ipsLocal += localIps; stall += this.stallNs[h]; cpu += hostCpu; place += this.placeNs[h];
      this.hostRow[o + HOST.instructionsPerSecond] = hostIps;
      this.hostRow[o + HOST.slowdownPercent] = slowdownPercent(hostIps, localIps);
      this.hostRow[o + HOST.migrationCpuPercent] = 100 * Math.min(1, this.stallNs[h] / hostCpu);
      this.hostRow[o + HOST.placementCpuPercent] = 100 * Math.min(1, this.placeNs[h] / hostCpu);
    }

    this.occupancy(mem);
    for (let d = 0; d < D; d++) {
      const by = byDev[d];
      const o = d * DEVICE_WIDTH;
      this.deviceRow[o + DEVICE.utilisation] = res.deviceUtil[d];
      this.deviceRow[o + DEVICE.bandwidthGBps] = res.deviceBytes[d] / 1e9;
      this.deviceRow[o + DEVICE.latencyNs] = this.scenario.devices[d].latencyNs + res.deviceDelayNs[d];
      this.deviceRow[o + DEVICE.accessShare] = issued > 0 ? by / issued : 0;
      this.deviceRow[o + DEVICE.vmBandwidthGBps] = this.extra ? this.extra.deviceBytes[d] / 1e9 : 0;
    }
    for (let l = 0; l < L; l++) {
      this.linkRow[l * LINK_WIDTH + LINK.utilisation] = res.linkUtil[l];
      this.linkRow[l * LINK_WIDTH + LINK.bandwidthGBps] = res.linkBytes[l] / 1e9;
      this.linkRow[l * LINK_WIDTH + LINK.coherencyGBps] = res.linkCoherencyBytes[l] / 1e9;
    }

    const out = this.out;
    out.rate = rate;
    out.issued = issued;
    out.amatNs = rate > 0 ? latSum / rate : 0;
    out.fastTierAccessShare = issued > 0 ? fast / issued : 0;
    out.localAccessShare = issued > 0 ? loc / issued : 0;
    out.unplacedAccessShare = issued > 0 ? missed / issued : 0;
    out.realAccessesPerSample = samples > 0 ? (issued * epochSec) / samples : 0;
    out.instructionsPerSecond = ips;
    out.allLocalInstructionsPerSecond = ipsLocal;
    out.migrationCpuPercent = 100 * Math.min(1, stall / cpu);
    out.placementCpuPercent = 100 * Math.min(1, place / cpu);
    return out;
  }

  /**
   * The equilibrium hypothetical shares would reach under this epoch's load and compute with
   * every miss slot running and no migrations (PolicyView.solveShares).
   */
  solveShares(share: Float64Array): SolvedShares {
    const { H, D, L } = this.topo;
    const inp = (this.whatIfInput ??= { ...this.allLocal, share: new Float64Array(this.share.length) });
    const solver = (this.whatIfSolver ??= new LoadSolver(this.share.length / D, D, L));
    const out = this.whatIfOut;
    if (this.identity) inp.share.set(share.subarray(0, H * D));
    else {
      // The policy's shares are of nodes: spread each over its devices, and answer per node.
      const { N, nodes } = this.topo;
      inp.share.fill(0, 0, H * D);
      for (let h = 0; h < H; h++) for (let n = 0; n < N; n++) {
        const { devices, shares } = nodes[n];
        for (let k = 0; k < devices.length; k++) inp.share[h * D + devices[k]] += share[h * N + n] * shares[k];
      }
      if (out.latencyNs.length !== H * N) { out.latencyNs = new Float64Array(H * N); out.marginalNs = new Float64Array(H * N); out.marginalIps = new Float64Array(H * N); }
    }
    // The extra classes (VMs) stay where their pages are: load the policy cannot move.
    inp.H = this.load.H;
    if (inp.H > H) inp.share.set(this.share.subarray(H * D, inp.H * D), H * D);
    const ipa = this.extraIpa(inp.H);
    const r = solver.solve(inp, true, ipa);
    let rate = 0, lat = 0, ips = 0;
    for (let h = 0; h < H; h++) { rate += r.rate[h]; lat += r.rate[h] * r.amatNs[h]; ips += r.rate[h] * ipa[h]; }
    out.amatNs = rate > 0 ? lat / rate : 0;
    out.instructionsPerSecond = ips;
    if (this.identity) {
      // The solve's arrays also hold the extra classes (VMs) after the hosts: answer per host only.
      const n = H * D;
      out.latencyNs = r.latencyNs.length === n ? r.latencyNs : r.latencyNs.subarray(0, n);
      out.marginalNs = r.marginalNs.length === n ? r.marginalNs : r.marginalNs.subarray(0, n);
      out.marginalIps = r.marginalIps.length === n ? r.marginalIps : r.marginalIps.subarray(0, n);
    } else {
      this.toNodes(r.latencyNs, out.latencyNs);
      this.toNodes(r.marginalNs, out.marginalNs);
      this.toNodes(r.marginalIps, out.marginalIps);
    }
    return out;
  }

  /** Instructions per access of every class of the solve (the extra classes': none counted, so their load is all the policy sees of them). */
  private extraIpa(C: number): Float64Array {
    const ipa = this.compute.instrPerAccess;
    if (!this.extra) return ipa;
    if (!this.ipaAll) { this.ipaAll = new Float64Array(this.share.length / this.topo.D); this.ipaAll.set(ipa); }
    return C <= this.ipaAll.length ? this.ipaAll : ipa;
  }
  private ipaAll: Float64Array | null = null;

  /** Device rows of a fresh run (before any epoch): where pages are, idle latencies. */
  placementRows(mem: Memory): void {
    this.occupancy(mem);
    for (let d = 0; d < this.topo.D; d++) this.deviceRow[d * DEVICE_WIDTH + DEVICE.latencyNs] = this.scenario.devices[d].latencyNs;
  }

  /** Pages and free frames of each device: its share of its node's. */
  private occupancy(mem: Memory): void {
    const row = this.deviceRow;
    if (this.identity) {
      for (let d = 0; d < this.topo.D; d++) {
        row[d * DEVICE_WIDTH + DEVICE.pages] = mem.capacity[d] - mem.free[d];
        row[d * DEVICE_WIDTH + DEVICE.freePages] = mem.free[d];
      }
      return;
    }
    this.topo.nodes.forEach(({ devices, shares }, n) => {
      for (let k = 0; k < devices.length; k++) {
        const o = devices[k] * DEVICE_WIDTH;
        row[o + DEVICE.pages] = (mem.capacity[n] - mem.free[n]) * shares[k];
        row[o + DEVICE.freePages] = mem.free[n] * shares[k];
      }
    });
  }

  /** A host x device table to host x node, each node its devices' by share (an uneven interleave set's: by its accesses). */
  private toNodes(byDevice: Float64Array, byNode: Float64Array): void {
    const { H, D, N, nodes } = this.topo;
    const uneven = this.members?.uneven, byMember = this.byMember;
    for (let h = 0; h < H; h++) {
      for (let n = 0; n < N; n++) {
        const { devices, shares } = nodes[n];
        let x = 0;
        // An uneven set's latency is its members' as its accesses meet them this epoch (a hot member counts more).
        let t = 0;
        if (uneven !== undefined && uneven[n] === 1) for (let k = 0; k < devices.length; k++) t += byMember[h * D + devices[k]];
        if (t > 0) for (let k = 0; k < devices.length; k++) x += (byMember[h * D + devices[k]] / t) * byDevice[h * D + devices[k]];
        else for (let k = 0; k < devices.length; k++) x += shares[k] * byDevice[h * D + devices[k]];
        byNode[h * N + n] = x;
      }
    }
  }
}

/**
 * Each host's accesses with every page on its own DRAM: split over its DRAM devices by
 * bandwidth (as interleaving them would); a host without DRAM of its own: its nearest device.
 */
function allLocalShares(topo: Topology, deviceBw: Float64Array): Float64Array {
  const { H, D } = topo;
  const share = new Float64Array(H * D);
  for (let h = 0; h < H; h++) {
    let bw = 0;
    for (let d = 0; d < D; d++) if (topo.hostLocal[h * D + d]) bw += deviceBw[d];
    if (bw > 0) {
      for (let d = 0; d < D; d++) if (topo.hostLocal[h * D + d]) share[h * D + d] = deviceBw[d] / bw;
    } else if (topo.deviceOrder[h].length > 0) share[h * D + topo.deviceOrder[h][0]] = 1;
  }
  return share;
}
