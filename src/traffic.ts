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
import { CAL, LINE_BYTES } from './calibration';
import { LoadSolver, type LoadInput } from './latency';
import type { Memory } from './memory';
import type { Scenario } from './scenario/schema';
import { DEVICE, DEVICE_WIDTH, HOST, HOST_WIDTH, LINK, LINK_WIDTH } from './snapshot';
import type { Topology } from './topology';

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
}

export class Traffic {
  /** The solver's input; migrations add their copies as background traffic. */
  readonly load: LoadInput;
  /** Sampled accesses of the current epoch by host and device [h * D + d]: fill before solve(). */
  readonly byDevice: Float64Array;
  /** Loaded latency host -> device and device utilisation, of the epoch last solved. */
  readonly hostDeviceLatency: Float64Array;
  readonly deviceUtil: Float64Array;
  /** Snapshot rows of the epoch last solved (DEVICE_FIELDS, HOST_FIELDS, LINK_FIELDS). */
  readonly deviceRow: Float64Array;
  readonly hostRow: Float64Array;
  readonly linkRow: Float64Array;
  /** CPU time (ns over all cores) each host loses in this epoch and in the coming one. */
  readonly stallNs: Float64Array;
  readonly stallNext: Float64Array;
  /** Real accesses per second each host issued in the epoch last solved (served or not). */
  readonly hostIssued: Float64Array;

  private readonly share: Float64Array;
  /** Per host: share of its sampled accesses that reach memory, and misses in flight before that share. */
  private readonly served: Float64Array;
  private readonly inFlight: Float64Array;
  /** Per host: idle latency (ns) of its nearest device. */
  private readonly nearestNs: Float64Array;
  private readonly solver: LoadSolver;
  private readonly out: EpochTraffic = { rate: 0, issued: 0, amatNs: 0, fastTierAccessShare: 0, localAccessShare: 0, unplacedAccessShare: 0, realAccessesPerSample: 0 };

  constructor(
    private readonly scenario: Scenario,
    private readonly topo: Topology,
    writeFraction: Float64Array,
    /** Share of each host's misses in flight its workloads keep busy (AddressSpaces.hostActivity). */
    private readonly activity: Float64Array,
  ) {
    const { H, D, L } = topo;
    const dev = scenario.devices;
    this.share = new Float64Array(H * D);
    this.byDevice = new Float64Array(H * D);
    this.served = new Float64Array(H);
    this.inFlight = new Float64Array(H);
    this.nearestNs = Float64Array.from(topo.order, (o, h) => (o.length > 0 ? topo.idleNs[h * D + o[0]] : Infinity));
    this.hostDeviceLatency = Float64Array.from(topo.idleNs);
    this.deviceUtil = new Float64Array(D);
    this.stallNs = new Float64Array(H);
    this.stallNext = new Float64Array(H);
    this.hostIssued = new Float64Array(H);
    this.deviceRow = new Float64Array(D * DEVICE_WIDTH);
    this.hostRow = new Float64Array(H * HOST_WIDTH);
    this.linkRow = new Float64Array(L * LINK_WIDTH);
    this.solver = new LoadSolver(H, D, L);
    this.load = {
      H, D, L,
      outstanding: new Float64Array(H),
      share: this.share,
      writeFraction,
      idleNs: topo.idleNs,
      pathLinks: topo.pathLinks,
      deviceBw: Float64Array.from(dev, (d) => d.bandwidthGBps * 1e9),
      deviceK: Float64Array.from(dev, (d) => d.loadedKNs),
      // DRAM is half duplex (a write costs writeCost reads); CXL is full duplex: writes have their own bandwidth.
      deviceWriteCost: Float64Array.from(dev, (d) => d.writeCost ?? 1),
      deviceWriteBw: Float64Array.from(dev, (d) => (d.kind === 'cxl' ? (d.writeBandwidthGBps ?? d.bandwidthGBps) * 1e9 : 0)),
      linkBw: Float64Array.from(scenario.links, (l) => l.bandwidthGBps * 1e9),
      linkK: new Float64Array(L).fill(CAL.linkLoadedK.value),
      bgDeviceRead: new Float64Array(D),
      bgDeviceWrite: new Float64Array(D),
      bgLinkRead: new Float64Array(L),
      bgLinkWrite: new Float64Array(L),
    };
  }

  /** A new epoch: last epoch's charged stalls fall due now; nothing is counted yet. */
  begin(): void {
    this.stallNs.set(this.stallNext);
    this.stallNext.fill(0);
    this.byDevice.fill(0);
  }

  /** Charges CPU time to a host in the coming epoch (a policy's hint faults, scans). */
  chargeNext(h: number, ns: number): void {
    if (h >= 0 && h < this.topo.H && ns > 0) this.stallNext[h] += ns;
  }

  /**
   * Solves the epoch from byDevice: each host's closed loop, then the rows and the
   * access-weighted figures. hostSamples: sampled accesses each host drew, exactly; those
   * byDevice does not hold went to pages with no device.
   */
  solve(epochSec: number, hostSamples: Float64Array, mem: Memory): EpochTraffic {
    const { H, D, L } = this.topo;
    const hds = this.byDevice, share = this.share, load = this.load, served = this.served, inFlight = this.inFlight;
    const fastFor = this.topo.fastFor, local = this.topo.hostLocal;
    for (let h = 0; h < H; h++) {
      let t = 0;
      for (let d = 0; d < D; d++) t += hds[h * D + d];
      for (let d = 0; d < D; d++) share[h * D + d] = t > 0 ? hds[h * D + d] / t : 0;
      const all = hostSamples[h];
      served[h] = all > 0 ? t / all : 0;
      // Stalled cores issue no misses: CPU time lost to faults and copies lowers the rate.
      const hs = this.scenario.hosts[h];
      const lost = Math.min(0.95, this.stallNs[h] / (hs.cores * epochSec * 1e9));
      inFlight[h] = hs.cores * hs.mlp * this.activity[h] * (1 - lost);
      // Threads stuck on memory that does not exist issue nothing: only the served share flies.
      load.outstanding[h] = t > 0 ? inFlight[h] * served[h] : 0;
    }

    const res = this.solver.solve(load);
    this.hostDeviceLatency.set(res.latencyNs);
    this.deviceUtil.set(res.deviceUtil);

    let rate = 0, issued = 0, latSum = 0, fast = 0, loc = 0, missed = 0, samples = 0;
    for (let h = 0; h < H; h++) {
      const r = res.rate[h], s = served[h];
      let f = 0, l = 0;
      for (let d = 0; d < D; d++) {
        if (fastFor[h * D + d]) f += share[h * D + d];
        if (local[h * D + d]) l += share[h * D + d];
      }
      // Accesses the host issues, served or not. A host none of whose accesses reach memory
      // is counted at the rate its misses in flight would reach its nearest device, idle.
      const a = s > 0 ? r / s : hostSamples[h] > 0 ? (inFlight[h] / this.nearestNs[h]) * 1e9 : 0;
      this.hostIssued[h] = a;
      rate += r; issued += a; latSum += r * res.amatNs[h]; fast += r * f; loc += r * l; missed += a - r;
      samples += a > 0 ? hostSamples[h] : 0;
      const o = h * HOST_WIDTH;
      this.hostRow[o + HOST.throughputGBps] = (r * LINE_BYTES) / 1e9;
      this.hostRow[o + HOST.amatNs] = res.amatNs[h];
      this.hostRow[o + HOST.fastTierAccessShare] = f * s;
      this.hostRow[o + HOST.localAccessShare] = l * s;
      this.hostRow[o + HOST.unplacedAccessShare] = a > 0 ? 1 - s : 0;
    }

    for (let d = 0; d < D; d++) {
      let by = 0;
      for (let h = 0; h < H; h++) by += res.rate[h] * share[h * D + d];
      const o = d * DEVICE_WIDTH;
      this.deviceRow[o + DEVICE.pages] = mem.capacity[d] - mem.free[d];
      this.deviceRow[o + DEVICE.freePages] = mem.free[d];
      this.deviceRow[o + DEVICE.utilisation] = res.deviceUtil[d];
      this.deviceRow[o + DEVICE.bandwidthGBps] = res.deviceBytes[d] / 1e9;
      this.deviceRow[o + DEVICE.latencyNs] = this.scenario.devices[d].latencyNs + res.deviceDelayNs[d];
      this.deviceRow[o + DEVICE.accessShare] = issued > 0 ? by / issued : 0;
    }
    for (let l = 0; l < L; l++) {
      this.linkRow[l * LINK_WIDTH + LINK.utilisation] = res.linkUtil[l];
      this.linkRow[l * LINK_WIDTH + LINK.bandwidthGBps] = res.linkBytes[l] / 1e9;
    }

    const out = this.out;
    out.rate = rate;
    out.issued = issued;
    out.amatNs = rate > 0 ? latSum / rate : 0;
    out.fastTierAccessShare = issued > 0 ? fast / issued : 0;
    out.localAccessShare = issued > 0 ? loc / issued : 0;
    out.unplacedAccessShare = issued > 0 ? missed / issued : 0;
    out.realAccessesPerSample = samples > 0 ? (issued * epochSec) / samples : 0;
    return out;
  }

  /** Device rows of a fresh run (before any epoch): where pages are, idle latencies. */
  placementRows(mem: Memory): void {
    for (let d = 0; d < this.topo.D; d++) {
      const o = d * DEVICE_WIDTH;
      this.deviceRow[o + DEVICE.pages] = mem.capacity[d] - mem.free[d];
      this.deviceRow[o + DEVICE.freePages] = mem.free[d];
      this.deviceRow[o + DEVICE.latencyNs] = this.scenario.devices[d].latencyNs;
    }
  }
}
