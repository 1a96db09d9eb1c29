// The simulation engine: one scenario, stepped one epoch at a time. Pure TypeScript over
// typed arrays; runs the same in Node, the worker and tests.
import { CAL, LINE_BYTES } from './calibration';
import { LoadSolver, type LoadInput } from './latency';
import { Memory } from './memory';
import type { EngineMeta } from './meta';
import { findPolicy } from './policies/registry';
import { NO_DEVICE, Reason, resolveParams, type MigrationSink, type Policy, type PolicyView, type ReasonCode } from './policies/types';
import { Rng, Stream } from './rng';
import { PAGE_BYTES, type Scenario } from './scenario/schema';
import { encodeSnapshot, SUMMARY_FIELDS, SUMMARY_WIDTH, DEVICE_WIDTH, HOST_WIDTH, LINK_WIDTH, type EpochSummary } from './snapshot';
import { buildTopology, type Topology } from './topology';
import { ShiftClock, WorkloadSampler } from './workload';

// Imported binding copied to a module constant: hot loops read it without a getter.
const NONE: number = NO_DEVICE;

/** A (host, address space) pair issuing sampled accesses. */
interface SampleStream {
  host: number;
  sampler: WorkloadSampler;
  samples: number;
  /** Own count arrays for a shared address space (indexed page - base); null = the global ones. */
  cur: Uint32Array | null;
  next: Uint32Array | null;
}

export interface DeviceStat {
  pages: number;
  utilisation: number;
  bandwidthGBps: number;
  latencyNs: number;
}

export interface RunTotals {
  amatNs: number;
  throughputGBps: number;
  fastTierAccessShare: number;
  migrations: number;
  promotions: number;
  demotions: number;
  pagesLost: number;
  deviceUtilisation: number[];
}

export interface MigrationEvent {
  page: number;
  from: string;
  to: string;
  epoch: number;
  reason: string;
}

const HEAT_GROUPS = 128;
/** Epochs of heatmap columns kept for snapshots that carry several epochs. */
const HEAT_RING = 256;
const EVENT_RING = 1 << 16;
const REASONS = ['promote', 'demote', 'balance', 'evacuate'];

export class Engine {
  readonly scenario: Scenario;
  readonly meta: EngineMeta;
  readonly topo: Topology;
  readonly mem: Memory;
  readonly pageBytes: number;
  readonly pages: number;
  epoch = 0;
  /** Pages that could not be placed when faulted in (strict policies with full nodes). */
  oomPages = 0;

  private readonly policy: Policy;
  private readonly view: PolicyView & { epoch: number; accesses: Uint32Array; nextAccesses: Uint32Array; realAccessesPerSample: number };
  private readonly samplers: WorkloadSampler[];
  private readonly shiftClock: ShiftClock;
  private readonly streams: SampleStream[];
  private cur: Uint32Array;
  private next: Uint32Array;
  /** Sampled accesses of the epoch last simulated (for inspection). */
  private prev: Uint32Array;
  private readonly history: Uint32Array;
  private readonly pageHost: Uint8Array;
  private readonly outstanding: Float64Array;
  private readonly hostSamples: Float64Array;
  private readonly writeFraction: Float64Array;
  private readonly share: Float64Array;
  private readonly hostDevSamples: Float64Array;
  private readonly solver: LoadSolver;
  private readonly load: LoadInput;
  private readonly viewFree: Int32Array;
  private readonly hostDeviceLatency: Float64Array;
  private readonly deviceUtil: Float64Array;
  private readonly fastDevice: Uint8Array;
  private readonly groupStart: Int32Array;
  private readonly heat: Float64Array;
  private readonly groupFast: Float64Array;
  private readonly heatRing: Float64Array;
  private readonly fastRing: Float64Array;
  // Per-epoch results for snapshots.
  private readonly deviceRow: Float64Array;
  private readonly hostRow: Float64Array;
  private readonly linkRow: Float64Array;
  private last: EpochSummary;
  // Migration queue, decided in one epoch and carried out at the start of the next.
  private readonly qPage: Int32Array;
  private readonly qTo: Uint8Array;
  private readonly qReason: Uint8Array;
  private qLen = 0;
  private readonly queuedStamp: Int32Array;
  private queuedPromote = 0;
  private queuedDemote = 0;
  private readonly limits: { promote: number; demote: number };
  // Event ring.
  private readonly evPage = new Int32Array(EVENT_RING);
  private readonly evFrom = new Uint8Array(EVENT_RING);
  private readonly evTo = new Uint8Array(EVENT_RING);
  private readonly evEpoch = new Int32Array(EVENT_RING);
  private readonly evReason = new Uint8Array(EVENT_RING);
  private evCount = 0;
  // Run totals.
  private totAccesses = 0;
  private totLatency = 0;
  private totFast = 0;
  private totBytes = 0;
  private totMigrations = 0;
  private totPromotions = 0;
  private totDemotions = 0;
  private totLost = 0;
  private readonly totUtil: Float64Array;
  /** CPU time (ns over all cores) each host loses in the coming epoch: hint faults, migrations. */
  private readonly stallNs: Float64Array;
  private readonly stallNext: Float64Array;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    const topo = (this.topo = buildTopology(scenario));
    const { H, D, L } = topo;
    const pageBytes = (this.pageBytes = PAGE_BYTES[scenario.pageSize]);
    const caps = scenario.devices.map((d) => Math.floor((d.capacityMB * 1048576) / pageBytes));

    // Address spaces laid out back to back in one global page index.
    const sizes = scenario.workloads.map((w) => Math.floor((w.workingSetMB * 1048576) / pageBytes));
    const bases: number[] = [];
    let P = 0;
    for (const n of sizes) { bases.push(P); P += n; }
    this.pages = P;
    this.mem = new Memory(P, caps);
    const hostIndex = new Map(topo.hostIds.map((id, i) => [id, i] as const));
    this.pageHost = new Uint8Array(P);
    scenario.workloads.forEach((w, i) => this.pageHost.fill(hostIndex.get(w.hosts[0])!, bases[i], bases[i] + sizes[i]));
    this.samplers = scenario.workloads.map((w, i) => new WorkloadSampler(w, bases[i], sizes[i], scenario.seed, Stream.workload * 1000 + i));
    this.shiftClock = new ShiftClock(this.samplers);

    // Each host splits its samples over the address spaces it maps, by intensity.
    this.streams = [];
    this.outstanding = new Float64Array(H);
    this.hostSamples = new Float64Array(H);
    this.writeFraction = new Float64Array(H);
    for (let h = 0; h < H; h++) {
      const mine = scenario.workloads.map((w, i) => ({ w, i })).filter(({ w }) => w.hosts.includes(topo.hostIds[h]));
      if (mine.length === 0) continue;
      const total = mine.reduce((a, { w }) => a + w.intensity, 0);
      let left = scenario.samplesPerHost;
      mine.forEach(({ w, i }, k) => {
        const n = k === mine.length - 1 ? left : Math.floor((scenario.samplesPerHost * w.intensity) / total);
        left -= n;
        const shared = w.hosts.length > 1;
        this.streams.push({
          host: h, sampler: this.samplers[i], samples: n,
          cur: shared ? new Uint32Array(sizes[i]) : null,
          next: shared ? new Uint32Array(sizes[i]) : null,
        });
        this.writeFraction[h] += (n / scenario.samplesPerHost) * (1 - w.readRatio);
      });
      const hs = scenario.hosts[h];
      this.outstanding[h] = hs.cores * hs.mlp;
      this.hostSamples[h] = scenario.samplesPerHost;
    }

    this.cur = new Uint32Array(P);
    this.next = new Uint32Array(P);
    this.prev = new Uint32Array(P);
    this.history = new Uint32Array(P);
    this.share = new Float64Array(H * D);
    this.hostDevSamples = new Float64Array(H * D);
    this.viewFree = new Int32Array(D);
    this.hostDeviceLatency = Float64Array.from(topo.idleNs);
    this.deviceUtil = new Float64Array(D);
    this.totUtil = new Float64Array(D);
    this.stallNs = new Float64Array(H);
    this.stallNext = new Float64Array(H);
    this.fastDevice = Uint8Array.from(topo.deviceTier, (t) => (t === 0 ? 1 : 0));
    this.qPage = new Int32Array(P);
    this.qTo = new Uint8Array(P);
    this.qReason = new Uint8Array(P);
    this.queuedStamp = new Int32Array(P);

    const G = Math.min(HEAT_GROUPS, Math.max(1, P));
    this.groupStart = new Int32Array(G + 1);
    for (let g = 0; g <= G; g++) this.groupStart[g] = Math.floor((g * P) / G);
    this.heat = new Float64Array(G);
    this.groupFast = new Float64Array(G);
    this.heatRing = new Float64Array(HEAT_RING * G);
    this.fastRing = new Float64Array(HEAT_RING * G);
    this.deviceRow = new Float64Array(D * DEVICE_WIDTH);
    this.hostRow = new Float64Array(H * HOST_WIDTH);
    this.linkRow = new Float64Array(L * LINK_WIDTH);

    const dev = scenario.devices;
    this.solver = new LoadSolver(H, D, L);
    this.load = {
      H, D, L,
      outstanding: this.outstanding,
      share: this.share,
      writeFraction: this.writeFraction,
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

    const stallNext = this.stallNext;
    const order = topo.order;
    this.view = {
      epoch: 0,
      epochMs: scenario.epochMs,
      pageBytes,
      pages: P,
      devices: D,
      hosts: H,
      pageDevice: this.mem.pageDevice,
      pageHost: this.pageHost,
      accesses: this.cur,
      history: this.history,
      nextAccesses: this.next,
      deviceTier: topo.deviceTier,
      tierCount: topo.tiers.length,
      deviceCapacity: this.mem.capacity,
      deviceFree: this.viewFree,
      hostDeviceLatencyNs: this.hostDeviceLatency,
      hostDeviceIdleNs: topo.idleNs,
      deviceUtilisation: this.deviceUtil,
      nodeOrder: (h: number) => order[h],
      realAccessesPerSample: 0,
      rng: new Rng(scenario.seed, Stream.policy),
      nextExpected: () => this.expectedNext(),
      chargeStallNs: (h: number, ns: number) => { if (h >= 0 && h < H && ns > 0) stallNext[h] += ns; },
    };

    const def = findPolicy(scenario.policy.name);
    if (!def) throw new Error(`unknown policy "${scenario.policy.name}"`);
    const devIndex = new Map(topo.deviceIds.map((id, i) => [id, i] as const));
    this.policy = def.create({
      params: resolveParams(def, scenario.policy.params),
      nodes: scenario.policy.nodes.map((n) => devIndex.get(n)!).filter((d) => d !== undefined),
      weights: new Map(Object.entries(scenario.policy.weights ?? {}).map(([k, v]) => [devIndex.get(k)!, v] as const)),
      view: this.view,
      deviceBandwidthGBps: Float64Array.from(dev, (d) => d.bandwidthGBps),
    });
    this.limits = this.policy.limits ?? { promote: Infinity, demote: Infinity };

    this.faultIn(sizes, bases);
    this.sampleEpoch(0, this.cur);
    this.sampleEpoch(1, this.next);
    this.last = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, 0])) as EpochSummary;
    this.placementRows();

    this.meta = {
      hosts: scenario.hosts.map((h) => ({ id: h.id, name: h.name ?? h.id, cores: h.cores })),
      devices: dev.map((d, i) => ({
        id: d.id, name: d.name ?? d.id, kind: d.kind, host: d.host, tier: topo.deviceTier[i],
        adistance: topo.deviceAdistance[i], capacityPages: caps[i], bandwidthGBps: d.bandwidthGBps, latencyNs: d.latencyNs,
      })),
      links: scenario.links.map((l) => ({ a: l.a, b: l.b, bandwidthGBps: l.bandwidthGBps, latencyNs: l.latencyNs })),
      tiers: topo.tiers,
      idleLatencyNs: Array.from({ length: H }, (_, h) => Array.from(topo.idleNs.subarray(h * D, h * D + D))),
      distance: topo.distance,
      pageBytes,
      totalPages: P,
      heatGroups: G,
      epochMs: scenario.epochMs,
    };
  }

  /** Working sets are faulted in in address order, address spaces taking turns, as a run starts. */
  private faultIn(sizes: number[], bases: number[]): void {
    const maxN = Math.max(0, ...sizes);
    const order = this.topo.order;
    const mem = this.mem;
    for (let i = 0; i < maxN; i++) {
      for (let w = 0; w < sizes.length; w++) {
        if (i >= sizes[w]) continue;
        const page = bases[w] + i;
        const host = this.pageHost[page];
        this.viewFree.set(mem.free);
        const d = this.policy.place(page, host, this.view);
        if (d >= 0 && d !== NONE && mem.alloc(page, d)) continue;
        if (this.policy.strict) { this.oomPages++; continue; }
        let placed = false;
        for (const f of order[host]) if (mem.alloc(page, f)) { placed = true; break; }
        if (!placed) this.oomPages++;
      }
    }
  }

  /** Draws epoch k's sampled accesses into `into` (and the shared streams' own arrays). */
  private sampleEpoch(k: number, into: Uint32Array): void {
    const draws = this.streams.map((st) => {
      if (st.next === null) return { sampler: st.sampler, samples: st.samples, out: into, outBase: 0 };
      const own = into === this.cur ? st.cur! : st.next;
      own.fill(0);
      return { sampler: st.sampler, samples: st.samples, out: own, outBase: st.sampler.base };
    });
    this.shiftClock.drawEpoch(k, this.scenario.epochMs, draws);
    for (const d of draws) {
      if (d.out === into) continue;
      const base = d.outBase, own = d.out;
      for (let i = 0; i < own.length; i++) into[base + i] += own[i];
    }
  }

  step(): EpochSummary {
    const { H, D, L } = this.topo;
    const e = this.epoch;
    const epochSec = this.scenario.epochMs / 1000;
    this.stallNs.set(this.stallNext);
    this.stallNext.fill(0);
    const executed = this.executeMigrations(epochSec);

    // Which device served each host's sampled accesses this epoch.
    const hds = this.hostDevSamples;
    hds.fill(0);
    const pageDevice = this.mem.pageDevice;
    for (const st of this.streams) {
      const base = st.sampler.base, n = st.sampler.n, row = st.host * D;
      const counts = st.cur ?? this.cur;
      const off = st.cur ? base : 0;
      for (let p = base; p < base + n; p++) {
        const c = counts[p - off];
        if (c !== 0) {
          const d = pageDevice[p];
          if (d !== NONE) hds[row + d] += c;
        }
      }
    }
    for (let h = 0; h < H; h++) {
      let t = 0;
      for (let d = 0; d < D; d++) t += hds[h * D + d];
      for (let d = 0; d < D; d++) this.share[h * D + d] = t > 0 ? hds[h * D + d] / t : 0;
      // Stalled cores issue no misses: CPU time lost to faults and copies lowers the rate.
      const hs = this.scenario.hosts[h];
      const lost = Math.min(0.95, this.stallNs[h] / (hs.cores * epochSec * 1e9));
      this.load.outstanding[h] = t > 0 ? hs.cores * hs.mlp * (1 - lost) : 0;
    }

    const res = this.solver.solve(this.load);
    this.hostDeviceLatency.set(res.latencyNs);
    this.deviceUtil.set(res.deviceUtil);

    // Epoch metrics, access-weighted across hosts.
    let rate = 0, latSum = 0, fast = 0, samples = 0;
    for (let h = 0; h < H; h++) {
      const r = res.rate[h];
      let f = 0;
      for (let d = 0; d < D; d++) if (this.fastDevice[d]) f += this.share[h * D + d];
      rate += r; latSum += r * res.amatNs[h]; fast += r * f;
      samples += this.load.outstanding[h] > 0 ? this.hostSamples[h] : 0;
      this.hostRow[h * HOST_WIDTH] = (r * LINE_BYTES) / 1e9;
      this.hostRow[h * HOST_WIDTH + 1] = res.amatNs[h];
      this.hostRow[h * HOST_WIDTH + 2] = f;
    }
    const accesses = rate * epochSec;
    const summary: EpochSummary = {
      epoch: e,
      timeMs: e * this.scenario.epochMs,
      amatNs: rate > 0 ? latSum / rate : 0,
      throughputGBps: (rate * LINE_BYTES) / 1e9,
      fastTierAccessShare: rate > 0 ? fast / rate : 0,
      migrations: executed.promotions + executed.demotions + executed.other,
      promotions: executed.promotions,
      demotions: executed.demotions,
      pagesLost: 0,
      realAccessesPerSample: samples > 0 ? accesses / samples : 0,
    };
    this.view.realAccessesPerSample = summary.realAccessesPerSample;

    for (let d = 0; d < D; d++) {
      let served = 0;
      for (let h = 0; h < H; h++) served += res.rate[h] * this.share[h * D + d];
      const o = d * DEVICE_WIDTH;
      this.deviceRow[o] = this.mem.capacity[d] - this.mem.free[d];
      this.deviceRow[o + 1] = this.mem.free[d];
      this.deviceRow[o + 2] = res.deviceUtil[d];
      this.deviceRow[o + 3] = res.deviceBytes[d] / 1e9;
      this.deviceRow[o + 4] = this.scenario.devices[d].latencyNs + res.deviceDelayNs[d];
      this.deviceRow[o + 5] = rate > 0 ? served / rate : 0;
      this.totUtil[d] += res.deviceUtil[d];
    }
    for (let l = 0; l < L; l++) {
      this.linkRow[l * LINK_WIDTH] = res.linkUtil[l];
      this.linkRow[l * LINK_WIDTH + 1] = res.linkBytes[l] / 1e9;
    }

    this.pagePass();

    this.totAccesses += accesses;
    this.totLatency += summary.amatNs * accesses;
    this.totFast += summary.fastTierAccessShare * accesses;
    this.totBytes += summary.throughputGBps * epochSec;
    this.totMigrations += summary.migrations;
    this.totPromotions += summary.promotions;
    this.totDemotions += summary.demotions;
    this.totLost += summary.pagesLost;

    // The policy sees this epoch and decides what moves at the start of the next.
    this.view.epoch = e;
    this.view.accesses = this.cur;
    this.view.nextAccesses = this.next;
    this.viewFree.set(this.mem.free);
    this.qLen = 0;
    this.queuedPromote = 0;
    this.queuedDemote = 0;
    this.policy.onEpoch?.(this.view, this.sink);

    // Advance: next epoch's samples become current; draw the one after.
    const t = this.prev;
    this.prev = this.cur;
    this.cur = this.next;
    this.next = t;
    this.next.fill(0);
    for (const st of this.streams) if (st.cur) { const x = st.cur; st.cur = st.next; st.next = x; }
    this.epoch = e + 1;
    this.sampleEpoch(e + 2, this.next);
    this.last = summary;
    return summary;
  }

  private expectedCache: Float64Array | null = null;
  private expectedEpoch = -1;

  /** Expected sampled accesses per page in the coming epoch (see PolicyView.nextExpected). */
  private expectedNext(): Float64Array {
    const out = (this.expectedCache ??= new Float64Array(this.pages));
    if (this.expectedEpoch !== this.epoch) {
      out.fill(0);
      for (const st of this.streams) {
        st.sampler.expected(st.samples, out, st.next ?? this.next, st.next ? st.sampler.base : 0);
      }
      this.expectedEpoch = this.epoch;
    }
    return out;
  }

  /** Pages per device and per-group placement, so a fresh run's snapshot shows where pages are. */
  private placementRows(): void {
    const D = this.topo.D;
    for (let d = 0; d < D; d++) {
      this.deviceRow[d * DEVICE_WIDTH] = this.mem.capacity[d] - this.mem.free[d];
      this.deviceRow[d * DEVICE_WIDTH + 1] = this.mem.free[d];
      this.deviceRow[d * DEVICE_WIDTH + 4] = this.scenario.devices[d].latencyNs;
    }
    const dev = this.mem.pageDevice, fastDev = this.fastDevice;
    for (let g = 0; g < this.heat.length; g++) {
      const a = this.groupStart[g], b = this.groupStart[g + 1];
      let fast = 0;
      for (let p = a; p < b; p++) { const d = dev[p]; if (d !== NONE && fastDev[d] === 1) fast++; }
      this.groupFast[g] = b > a ? fast / (b - a) : 0;
    }
  }

  /** First page and one past the last page of a heatmap page group. */
  groupRange(g: number): [number, number] {
    return [this.groupStart[g], this.groupStart[g + 1]];
  }

  /** History bits, heatmap column and per-group placement, in one pass over the pages. */
  private pagePass(): void {
    const G = this.heat.length;
    const cur = this.cur, hist = this.history, dev = this.mem.pageDevice, fastDev = this.fastDevice;
    for (let g = 0; g < G; g++) {
      let heat = 0, fast = 0;
      const a = this.groupStart[g], b = this.groupStart[g + 1];
      for (let p = a; p < b; p++) {
        const c = cur[p];
        heat += c;
        hist[p] = (hist[p] << 1) | (c !== 0 ? 1 : 0);
        const d = dev[p];
        if (d !== NONE && fastDev[d] === 1) fast++;
      }
      this.heat[g] = heat;
      this.groupFast[g] = b > a ? fast / (b - a) : 0;
    }
    this.heatRing.set(this.heat, (this.epoch % HEAT_RING) * G);
    this.fastRing.set(this.groupFast, (this.epoch % HEAT_RING) * G);
  }

  private readonly sink: MigrationSink = {
    migrate: (page: number, to: number, reason: ReasonCode): boolean => {
      const from = this.mem.pageDevice[page];
      if (page < 0 || page >= this.pages || from === NONE || from === to || to < 0 || to >= this.topo.D) return false;
      if (this.queuedStamp[page] === this.epoch + 1) return false;
      if (this.viewFree[to] <= 0) return false;
      if (Number.isNaN(this.topo.idleNs[this.pageHost[page] * this.topo.D + to])) return false;
      const promote = this.topo.deviceTier[to] < this.topo.deviceTier[from];
      const demote = this.topo.deviceTier[to] > this.topo.deviceTier[from];
      if (promote && this.queuedPromote >= this.limits.promote) return false;
      if (demote && this.queuedDemote >= this.limits.demote) return false;
      if (promote) this.queuedPromote++;
      if (demote) this.queuedDemote++;
      this.viewFree[to]--;
      this.viewFree[from]++;
      this.queuedStamp[page] = this.epoch + 1;
      this.qPage[this.qLen] = page;
      this.qTo[this.qLen] = to;
      this.qReason[this.qLen] = reason;
      this.qLen++;
      return true;
    },
    remaining: (reason: ReasonCode): number => {
      if (reason === Reason.promote) return Math.max(0, this.limits.promote - this.queuedPromote);
      if (reason === Reason.demote) return Math.max(0, this.limits.demote - this.queuedDemote);
      return Infinity;
    },
  };

  /** Carries out last epoch's decisions; their copies load devices and links this epoch. */
  private executeMigrations(epochSec: number): { promotions: number; demotions: number; other: number } {
    const { D } = this.topo;
    const ld = this.load;
    ld.bgDeviceRead.fill(0); ld.bgDeviceWrite.fill(0); ld.bgLinkRead.fill(0); ld.bgLinkWrite.fill(0);
    let promotions = 0, demotions = 0, other = 0;
    const bytes = this.pageBytes / epochSec;
    const copyNs = CAL.migratePageFixedNs.value + this.pageBytes / CAL.migrateCopyGBps.value;
    for (let i = 0; i < this.qLen; i++) {
      const page = this.qPage[i], to = this.qTo[i];
      const from = this.mem.pageDevice[page];
      if (from === NONE || !this.mem.move(page, to)) continue;
      const tf = this.topo.deviceTier[from], tt = this.topo.deviceTier[to];
      if (tt < tf) promotions++; else if (tt > tf) demotions++; else other++;
      ld.bgDeviceRead[from] += bytes;
      ld.bgDeviceWrite[to] += bytes;
      const h = this.pageHost[page];
      this.stallNs[h] += copyNs;
      for (const l of this.topo.pathLinks[h * D + from]) ld.bgLinkRead[l] += bytes;
      for (const l of this.topo.pathLinks[h * D + to]) ld.bgLinkWrite[l] += bytes;
      const k = this.evCount++ & (EVENT_RING - 1);
      this.evPage[k] = page; this.evFrom[k] = from; this.evTo[k] = to; this.evEpoch[k] = this.epoch; this.evReason[k] = this.qReason[i];
    }
    this.qLen = 0;
    return { promotions, demotions, other };
  }

  /** The newest epoch's state plus the given summary rows, as one transferable buffer. */
  snapshot(history: EpochSummary[]): ArrayBuffer {
    const rows = new Float64Array(history.length * SUMMARY_WIDTH);
    history.forEach((s, i) => SUMMARY_FIELDS.forEach((f, j) => { rows[i * SUMMARY_WIDTH + j] = s[f]; }));
    const G = this.heat.length;
    const heatRows = new Float64Array(history.length * G);
    const fastRows = new Float64Array(history.length * G);
    history.forEach((s, i) => {
      if (s.epoch >= 0 && s.epoch < this.epoch && this.epoch - s.epoch <= HEAT_RING) {
        const k = (s.epoch % HEAT_RING) * G;
        heatRows.set(this.heatRing.subarray(k, k + G), i * G);
        fastRows.set(this.fastRing.subarray(k, k + G), i * G);
      }
    });
    const { H, D, L } = this.topo;
    return encodeSnapshot(
      { summary: this.last, device: this.deviceRow, host: this.hostRow, link: this.linkRow, heat: this.heat, groupFast: this.groupFast, history: rows, heatRows, fastRows },
      D, H, L, this.heat.length,
    );
  }

  deviceStats(): DeviceStat[] {
    return this.meta.devices.map((_, d) => ({
      pages: this.mem.capacity[d] - this.mem.free[d],
      utilisation: this.deviceRow[d * DEVICE_WIDTH + 2],
      bandwidthGBps: this.deviceRow[d * DEVICE_WIDTH + 3],
      latencyNs: this.deviceRow[d * DEVICE_WIDTH + 4],
    }));
  }

  runTotals(): RunTotals {
    const a = this.totAccesses;
    const n = Math.max(1, this.epoch);
    return {
      amatNs: a > 0 ? this.totLatency / a : 0,
      throughputGBps: this.epoch > 0 ? this.totBytes / ((this.epoch * this.scenario.epochMs) / 1000) : 0,
      fastTierAccessShare: a > 0 ? this.totFast / a : 0,
      migrations: this.totMigrations,
      promotions: this.totPromotions,
      demotions: this.totDemotions,
      pagesLost: this.totLost,
      deviceUtilisation: Array.from(this.totUtil, (u) => u / n),
    };
  }

  policyStats(): Record<string, number> {
    return this.policy.stats?.() ?? {};
  }

  /** Migration events of one page still in the event ring, oldest first. */
  pageEvents(page: number): MigrationEvent[] {
    const out: MigrationEvent[] = [];
    const start = Math.max(0, this.evCount - EVENT_RING);
    for (let i = start; i < this.evCount; i++) {
      const k = i & (EVENT_RING - 1);
      if (this.evPage[k] === page) {
        out.push({ page, from: this.topo.deviceIds[this.evFrom[k]], to: this.topo.deviceIds[this.evTo[k]], epoch: this.evEpoch[k], reason: REASONS[this.evReason[k]] });
      }
    }
    return out;
  }

  /** Bits of the page's recent access history (bit 0 = newest epoch) and where it is. */
  pageState(page: number): { device: string | null; history: number; accesses: number } {
    const d = this.mem.pageDevice[page];
    return { device: d === NONE ? null : this.topo.deviceIds[d], history: this.history[page] >>> 0, accesses: this.prev[page] };
  }
}
