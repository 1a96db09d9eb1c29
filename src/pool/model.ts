// One pool over a run: each epoch VMs whose lifetime ended leave, the manager reclaims, the
// epoch's arrivals are placed by the scheduler (or rejected and counted) (advance), then the
// epoch's figures (POOL_FIELDS): stranded and untouched memory, pool capacity, grants and use,
// VMs, the DRAM saved so far, and each running VM's AMAT and slowdown (figures). In the engine
// the VMs' accesses join the traffic solve between the two (src/pool/engine-pool.ts); alone
// (tests, scripts) step() does both with the latencies it is given.
//
// Capacity is booked in extents (ledger.ts); VM memory is pages of the pool's page table
// (vm-pages.ts), which mirrors every grant, reclaim, admission and departure. A VM's AMAT and
// its pool share of accesses are the means of its sampled accesses over its touched pages
// (VmPages.measure); slowdown against all-local from the closed loop of one miss slot (think
// time Z between misses, ComputeModel's definition): 100 x (1 - (Z + local) / (Z + AMAT)).
import type { PoolManager, PoolManagerDef, PoolPlan } from '../pool-managers/types';
import { slowdownPercent } from '../physics/compute';
import { LIMITS } from '../scenario/limits';
import type { VmStreamSpec } from '../scenario/pool-schema';
import { POOL, POOL_WIDTH } from '../engine/snapshot';
import { PoolLedger, type PoolShape } from './ledger';
import { dramSaved } from './savings';
import type { Scheduler } from './scheduler';
import { VmPages, type VmPerfInput } from './vm-pages';
import { VmStream, type PredictionSpec, type VmArrival } from './vm-stream';

/** Relative difference from local latency below which a VM runs at local speed (float rounding, not a slowdown). */
const LOCAL_TOLERANCE = 1e-9;

export type { VmPerfInput };

export interface PoolConfig {
  shape: PoolShape;
  extentGiB: number;
  stream: VmStreamSpec;
  seed: number;
  prediction: PredictionSpec;
  manager: PoolManagerDef;
  scheduler: Scheduler;
  /** Pages of the page table per extent (vmPagesPerExtent). */
  pagesPerExtent: number;
  /** Placements and peaks only, no per-epoch figures (replays of the stream with other capacities). */
  lean?: boolean;
}


/** A VM that ran, for the report (the first LIMITS.vmRows VMs started). */
export interface VmRow {
  id: number;
  host: number;
  memoryGiB: number;
  poolShare: number;
  amatNs: number;
  slowdownPercent: number;
}

/** Run averages and totals of the pool (summary.pool without the DRAM saved). */
export interface PoolTotals {
  strandedGiB: number;
  strandedPercent: number;
  untouchedGiB: number;
  poolCapacityGiB: number;
  poolUsedGiB: number;
  coresRentedPercent: number;
  extentsGranted: number;
  extentsReclaimed: number;
  vmsStarted: number;
  vmsRejected: number;
  slowdownPercent: number;
}

/** A running VM's figures of one epoch, as its perf function gives them to figures(). */
export interface VmPerf {
  amat: number;
  slow: number;
  share: number;
}

/** One running VM's figures of the newest epoch (the app's running-VM rows read them). */
export interface VmFigures {
  /** Mean loaded latency of its accesses, ns. */
  amatNs: number;
  /** Share of its accesses the pool served, 0..1 (not of its memory: vms rows' poolShare is that). */
  poolShare: number;
  /** Against all of its memory on its host's DRAM, %. */
  slowdownPercent: number;
}

export class PoolModel {
  readonly ledger: PoolLedger;
  readonly manager: PoolManager;
  /** VM memory as pages (null when lean). */
  readonly pages: VmPages | null;
  readonly row = new Float64Array(POOL_WIDTH);
  /** Most extents each device had granted at once: a pool this size would have run the same. */
  readonly peakGranted: Int32Array;
  /**
   * Per host, the most extents its VMs held at once: of its DRAM (peakLocal), and of its DRAM and
   * the pool together (peakMemory, what the host would need without a pool). savings.ts.
   */
  readonly peakLocal: Int32Array;
  readonly peakMemory: Int32Array;
  epochs = 0;
  started = 0;
  rejected = 0;
  private readonly stream: VmStream;
  private readonly plan: PoolPlan;
  private readonly arrivals: VmArrival[] = [];
  private readonly minCores: number;
  private rejectedNow = 0;
  /** The ledger's run counters before the newest advance() (the epoch's grants and reclaims are the difference). */
  private granted0 = 0;
  private reclaimed0 = 0;
  private readonly sums = new Float64Array(POOL_WIDTH);
  private slowSum = 0;
  private slowCount = 0;
  // VM rows: slot -> row, and per row its figures summed over the epochs it ran.
  private readonly slotRow: Int32Array;
  // Per slot, the newest epoch's figures (vmFigures).
  private readonly slotAmat: Float64Array;
  private readonly slotShare: Float64Array;
  private readonly slotSlow: Float64Array;
  private readonly rows: { id: number; host: number; extents: number; pool: number; amat: number; slow: number; epochs: number }[] = [];

  constructor(private readonly cfg: PoolConfig) {
    this.ledger = new PoolLedger(cfg.shape);
    this.manager = cfg.manager.create();
    this.stream = new VmStream(cfg.stream, cfg.seed, cfg.extentGiB, cfg.prediction);
    this.plan = { local: 0, pool: new Int32Array(this.ledger.D) };
    this.minCores = Math.min(...cfg.stream.cores.values);
    this.peakGranted = new Int32Array(this.ledger.D);
    this.peakLocal = new Int32Array(this.ledger.H);
    this.peakMemory = new Int32Array(this.ledger.H);
    this.slotRow = new Int32Array(this.ledger.slots).fill(-1);
    this.slotAmat = new Float64Array(this.ledger.slots);
    this.slotShare = new Float64Array(this.ledger.slots);
    this.slotSlow = new Float64Array(this.ledger.slots);
    this.pages = cfg.lean ? null : new VmPages(this.ledger, cfg.pagesPerExtent, cfg.stream.samplesPerVm, cfg.seed);
    this.ledger.listener = this.pages;
    this.manager.start?.(this.ledger);
  }

  /** Simulates epoch e of the pool; with perf, also each VM's AMAT and slowdown. Returns the epoch's row. */
  step(e: number, perf?: VmPerfInput): Float64Array {
    this.advance(e);
    return this.figures(perf ? (s) => this.vmPerf(s, perf) : null);
  }

  /** Epoch e's VMs: departures, the manager's epoch, arrivals (placed or rejected), the peaks. */
  advance(e: number): void {
    const L = this.ledger, { H, D } = L;
    this.granted0 = L.extentsGranted;
    this.reclaimed0 = L.extentsReclaimed;
    for (let s = 0; s < L.slots; s++) if (L.vmId[s] >= 0 && L.vmEnd[s] <= e) { L.depart(s); this.slotRow[s] = -1; }
    this.manager.epoch?.(L);
    let rejected = 0;
    for (const vm of this.stream.arrivals(this.arrivals)) if (this.admit(vm, e) < 0) rejected++;
    this.rejected += rejected;
    this.rejectedNow = rejected;
    for (let d = 0; d < D; d++) if (L.devGranted[d] > this.peakGranted[d]) this.peakGranted[d] = L.devGranted[d];
    for (let h = 0; h < H; h++) {
      let mem = L.dramUsed[h];
      for (let d = 0; d < D; d++) mem += L.used[d * H + h];
      if (L.dramUsed[h] > this.peakLocal[h]) this.peakLocal[h] = L.dramUsed[h];
      if (mem > this.peakMemory[h]) this.peakMemory[h] = mem;
    }
    this.epochs++;
  }

  /**
   * The figures of the epoch advance() made (the row; nothing when lean), each running VM's
   * from perf(slot) (null: none, zeros).
   */
  figures(perf: ((slot: number) => VmPerf) | null): Float64Array {
    const L = this.ledger, { H, D } = L, row = this.row, g = this.cfg.extentGiB, rejected = this.rejectedNow;
    if (this.cfg.lean) return row;
    let stranded = 0, total = 0, cores = 0, rented = 0, untouched = 0, cap = 0, grantedNow = 0, usedNow = 0, freeNow = 0, dramUsed = 0;
    for (let h = 0; h < H; h++) {
      let free = L.dram[h] - L.dramUsed[h];
      for (let d = 0; d < D; d++) free += L.grantFree(d, h);
      if (this.isStranded(h)) stranded += free;
      freeNow += free;
      dramUsed += L.dramUsed[h];
      total += L.dram[h];
      cores += L.hostCores[h];
      rented += L.coresUsed[h];
    }
    for (let d = 0; d < D; d++) {
      cap += L.devExtents[d];
      grantedNow += L.devGranted[d];
      for (let h = 0; h < H; h++) usedNow += L.used[d * H + h];
    }
    const dram = total;
    total += cap;
    let amatSum = 0, slowSum = 0, n = 0;
    for (let s = 0; s < L.slots; s++) {
      if (L.vmId[s] < 0) continue;
      untouched += L.vmUntouched[s] * L.vmExtents[s];
      if (!perf) continue;
      const { amat, slow, share } = perf(s);
      this.slotAmat[s] = amat; this.slotShare[s] = share; this.slotSlow[s] = slow;
      amatSum += amat; slowSum += slow; n++;
      const r = this.slotRow[s];
      if (r >= 0) { const x = this.rows[r]; x.amat += amat; x.slow += slow; x.epochs++; }
    }
    row[POOL.strandedGiB] = stranded * g;
    row[POOL.strandedPercent] = total > 0 ? (100 * stranded) / total : 0;
    row[POOL.untouchedGiB] = untouched * g;
    row[POOL.poolCapacityGiB] = cap * g;
    row[POOL.poolGrantedGiB] = grantedNow * g;
    row[POOL.poolUsedGiB] = usedNow * g;
    row[POOL.coresRentedPercent] = cores > 0 ? (100 * rented) / cores : 0;
    row[POOL.vmsRunning] = L.running;
    row[POOL.vmsRejected] = rejected;
    row[POOL.extentsGranted] = L.extentsGranted - this.granted0;
    row[POOL.extentsReclaimed] = L.extentsReclaimed - this.reclaimed0;
    row[POOL.vmAmatNs] = n > 0 ? amatSum / n : 0;
    row[POOL.vmSlowdownPercent] = n > 0 ? slowSum / n : 0;
    row[POOL.dramGiB] = dram * g;
    row[POOL.usedGiB] = (dramUsed + usedNow) * g;
    row[POOL.freeGiB] = freeNow * g;
    row[POOL.dramSavedPercent] = dramSaved(this.cfg, this).dramSavedPercent;
    for (let f = 0; f < POOL_WIDTH; f++) this.sums[f] += row[f];
    this.slowSum += slowSum;
    this.slowCount += n;
    return row;
  }

  /**
   * Places one VM in epoch e (on `host` if given: only there): the scheduler's host and the
   * manager's plan. Returns its slot, or -1 when nothing fits it (not counted as a rejection
   * here: the caller says whose it was).
   */
  admit(vm: VmArrival, e: number, host = -1): number {
    const L = this.ledger, D = L.D;
    let h = -1;
    if (L.hasSlot()) {
      if (host < 0) h = this.cfg.scheduler(vm, L, this.manager, this.plan);
      else if (L.hostCores[host] - L.coresUsed[host] >= vm.cores && (this.manager.fit(vm, host, L, this.plan) || (this.manager.fallback?.(vm, host, L, this.plan) ?? false))) h = host;
    }
    if (h < 0) return -1;
    const s = L.admit(vm.id, h, vm.cores, this.plan.local, this.plan.pool, e + vm.lifetime, vm.untouched);
    this.started++;
    this.slotAmat[s] = this.slotShare[s] = this.slotSlow[s] = 0;
    if (this.rows.length < LIMITS.vmRows) {
      let pool = 0;
      for (let d = 0; d < D; d++) pool += this.plan.pool[d];
      this.slotRow[s] = this.rows.length;
      this.rows.push({ id: vm.id, host: h, extents: vm.extents, pool, amat: 0, slow: 0, epochs: 0 });
    }
    return s;
  }

  /** The running VM with this id leaves now; false if none runs. */
  stop(id: number): boolean {
    const L = this.ledger;
    for (let s = 0; s < L.slots; s++) if (L.vmId[s] === id) { L.depart(s); this.slotRow[s] = -1; return true; }
    return false;
  }

  /**
   * Pooled device d fails: every VM with memory on it stops (its memory is gone) and the device
   * leaves the books. Returns the VMs (id, host) and the extents they had on it.
   */
  failDevice(d: number): { vms: number[]; hosts: number[]; extents: number } {
    const L = this.ledger, vms: number[] = [], hosts: number[] = [];
    let extents = 0;
    for (const s of L.vmsOn(d)) {
      vms.push(L.vmId[s]);
      hosts.push(L.vmHost[s]);
      extents += L.vmPool[s * L.D + d];
      L.depart(s);
      this.slotRow[s] = -1;
    }
    L.removeDevice(d);
    return { vms, hosts, extents };
  }

  /** The VM in slot s: AMAT (ns), slowdown (%) against all of its memory on local DRAM, pool share of its accesses. */
  private vmPerf(s: number, perf: VmPerfInput): VmPerf {
    const pages = this.pages!, h = this.ledger.vmHost[s];
    pages.measure(s, this.manager.znuma, perf);
    const local = perf.localNs[h], amat = pages.amatNs, z = perf.thinkNs[h];
    // At local latency within rounding (the access split summed in another order): no slowdown,
    // not the -3.3e-14 % the reciprocals would give.
    const slow = Math.abs(amat - local) <= LOCAL_TOLERANCE * local ? 0 : slowdownPercent(1 / (z + amat), 1 / (z + local));
    return { amat, slow, share: pages.poolShare };
  }

  /** The running VM in slot s, this epoch (zeros for a free slot or before the first epoch with latencies). */
  vmFigures(slot: number): VmFigures {
    if (slot < 0 || slot >= this.ledger.slots || this.ledger.vmId[slot] < 0) return { amatNs: 0, poolShare: 0, slowdownPercent: 0 };
    return { amatNs: this.slotAmat[slot], poolShare: this.slotShare[slot], slowdownPercent: this.slotSlow[slot] };
  }

  /** Whether host h's cores are all rented (fewer free than the smallest VM): its free memory is stranded. */
  isStranded(h: number): boolean {
    const L = this.ledger;
    return L.hostCores[h] - L.coresUsed[h] < this.minCores;
  }

  /** Extents of the VM in slot s that it never touches and that sit on the pool (under zNUMA the guest fills its local node first). */
  untouchedOnPool(s: number, pool: number): number {
    const L = this.ledger, u = L.vmUntouched[s] * L.vmExtents[s];
    return this.manager.znuma ? Math.min(pool, u) : L.vmUntouched[s] * pool;
  }

  get extentGiB(): number {
    return this.cfg.extentGiB;
  }

  /** Time averages (per epoch) and run totals so far. */
  totals(): PoolTotals {
    const k = this.epochs > 0 ? 1 / this.epochs : 0, s = this.sums;
    return {
      strandedGiB: s[POOL.strandedGiB] * k,
      strandedPercent: s[POOL.strandedPercent] * k,
      untouchedGiB: s[POOL.untouchedGiB] * k,
      poolCapacityGiB: s[POOL.poolCapacityGiB] * k,
      poolUsedGiB: s[POOL.poolUsedGiB] * k,
      coresRentedPercent: s[POOL.coresRentedPercent] * k,
      extentsGranted: this.ledger.extentsGranted,
      extentsReclaimed: this.ledger.extentsReclaimed,
      vmsStarted: this.started,
      vmsRejected: this.rejected,
      slowdownPercent: this.slowCount > 0 ? this.slowSum / this.slowCount : 0,
    };
  }

  /** One row per VM that ran (the first LIMITS.vmRows): AMAT and slowdown are means over its epochs. */
  vmRows(): VmRow[] {
    const g = this.cfg.extentGiB;
    return this.rows.map((r) => ({
      id: r.id,
      host: r.host,
      memoryGiB: r.extents * g,
      poolShare: r.pool / r.extents,
      amatNs: r.epochs > 0 ? r.amat / r.epochs : 0,
      slowdownPercent: r.epochs > 0 ? r.slow / r.epochs : 0,
    }));
  }
}
