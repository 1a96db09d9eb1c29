// The pool of a scenario as the engine runs it: the scenario's hosts (cores) and their DRAM,
// its pooled devices (src/scenario/pool-schema.ts) in extents, its VM stream and manager, and
// each epoch's latencies from the engine's traffic solve (loaded latency host -> device), so a
// VM on a busy pool device pays its queue. VM memory is pages of the pool's own page table
// (vm-pages.ts), not the tiering engine's: the engine simulates the scenario's workloads beside it.
import { thinkTimeNs } from '../physics/compute';
import { PLATFORMS } from '../platform/calibration';
import { findPoolManager, poolManagerNames } from '../pool-managers/registry';
import { vmPagesPerExtent } from '../scenario/pool-schema';
import { PAGE_BYTES, type Scenario } from '../scenario/schema';
import type { Topology } from '../topology/topology';
import { PoolModel, type PoolConfig, type PoolTotals, type VmPerfInput, type VmRow } from './model';
import { PoolRows } from './pool-rows';
import { dramSaved } from './savings';
import { bestFit } from './scheduler';
import type { Applied } from '../events/types';

/** VMs started by events are numbered from here (event index added), apart from the stream's. */
export const EVENT_VM_IDS = 1 << 24;

export interface PoolSummary extends PoolTotals {
  dramSavedPercent: number;
}

/** summary.pool of a scenario without a pool: zeros, never a missing object. */
export const NO_POOL: PoolSummary = {
  strandedGiB: 0, strandedPercent: 0, untouchedGiB: 0, poolCapacityGiB: 0, poolUsedGiB: 0, coresRentedPercent: 0,
  extentsGranted: 0, extentsReclaimed: 0, vmsStarted: 0, vmsRejected: 0, slowdownPercent: 0, dramSavedPercent: 0,
};

export interface VmReportRow extends Omit<VmRow, 'host'> {
  host: string;
}

/**
 * The pool model's configuration of a scenario with a pool: its hosts (cores, DRAM in extents,
 * in scenario order), its pooled devices in extents with their heads, its VM stream and manager
 * (tests and scripts run the pool alone with it).
 */
export function scenarioPoolConfig(scenario: Scenario): PoolConfig {
  const pool = scenario.pool;
  if (!pool) throw new Error('the scenario has no pool');
  const def = findPoolManager(pool.manager);
  if (!def) throw new Error(`pool.manager: unknown pool manager "${pool.manager}" (known: ${poolManagerNames().join(', ')})`);
  const extentMB = pool.extentGiB * 1024;
  const extents = (mb: number) => Math.floor((mb * pool.scale) / extentMB);
  const hostIdx = new Map(scenario.hosts.map((h, i) => [h.id, i] as const));
  const hostDram = new Array<number>(scenario.hosts.length).fill(0);
  for (const d of scenario.devices) if (d.kind === 'dram' && d.host !== undefined) hostDram[hostIdx.get(d.host)!] += extents(d.capacityMB);
  const devices = scenario.devices.flatMap((d) => d.pool ? [{ id: d.id, kind: d.pool.kind, extents: extents(d.capacityMB), heads: d.pool.heads.map((id) => hostIdx.get(id)!) }] : []);
  return {
    shape: { hostCores: scenario.hosts.map((h) => h.cores), hostDram, devices, maxRunning: pool.maxRunning },
    extentGiB: pool.extentGiB,
    stream: pool.vms,
    seed: scenario.seed,
    prediction: { errorSd: pool.predictionErrorSd, margin: pool.predictionMargin },
    manager: def,
    scheduler: bestFit,
    pagesPerExtent: vmPagesPerExtent(pool, PAGE_BYTES[scenario.pageSize], hostDram.reduce((a, b) => a + b, 0) + devices.reduce((a, d) => a + d.extents, 0)),
  };
}

export class EnginePool {
  readonly model: PoolModel;
  /** The pool's snapshot blocks (src/pool/pool-rows.ts). */
  readonly rows: PoolRows;
  private readonly cfg: PoolConfig;
  private readonly perf: VmPerfInput;
  /** Per host: its nearest DRAM device (-1: none, then its nearest device). */
  private readonly localDevice: Int32Array;
  /** Scenario device index of each pooled device. */
  private readonly poolDevice: Int32Array;

  constructor(private readonly scenario: Scenario, private readonly topo: Topology) {
    const { H, D } = topo;
    this.cfg = scenarioPoolConfig(scenario);
    this.localDevice = new Int32Array(H).fill(-1);
    scenario.devices.forEach((d, i) => {
      if (d.kind !== 'dram' || d.host === undefined) return;
      const h = topo.hostIds.indexOf(d.host), cur = this.localDevice[h];
      if (cur < 0 || topo.idleNs[h * D + i] < topo.idleNs[h * D + cur]) this.localDevice[h] = i;
    });
    for (let h = 0; h < H; h++) if (this.localDevice[h] < 0 && topo.order[h].length > 0) this.localDevice[h] = topo.order[h][0];
    const pooled: number[] = [];
    scenario.devices.forEach((d, i) => {
      if (!d.pool) return;
      pooled.push(i);
      for (const id of d.pool.heads) {
        if (Number.isNaN(topo.idleNs[topo.hostIds.indexOf(id) * D + i])) throw new Error(`devices[${i}].pool.heads: host "${id}" has no link path to device "${d.id}"`);
      }
    });
    this.poolDevice = Int32Array.from(pooled);
    // A VM's CPI is its platform's (the scenario's workloads may set their own: VMs are not workloads).
    const cpi = PLATFORMS[scenario.platform].host.baseCpi.value;
    const m = scenario.pool!.vms.missesPerKiloInstr / 1000;
    this.perf = {
      localNs: new Float64Array(H),
      poolNs: new Float64Array(pooled.length * H),
      thinkNs: Float64Array.from(scenario.hosts, (h) => thinkTimeNs(h.mlp, h.clockGHz, cpi, m)),
    };
    this.model = new PoolModel(this.cfg);
    this.rows = new PoolRows(this.model);
  }

  /** Epoch e of the pool, with the loaded latencies host -> device the traffic solve left ([h * D + d]). */
  step(e: number, hostDeviceLatency: Float64Array): Float64Array {
    const { H, D } = this.topo, p = this.perf;
    for (let h = 0; h < H; h++) p.localNs[h] = this.localDevice[h] >= 0 ? hostDeviceLatency[h * D + this.localDevice[h]] : 0;
    this.poolDevice.forEach((dev, k) => { for (let h = 0; h < H; h++) p.poolNs[k * H + h] = hostDeviceLatency[h * D + dev]; });
    const row = this.model.step(e, p);
    this.rows.record(e, row);
    return row;
  }

  /** The pool's index of scenario device d, or -1 if it is not pooled. */
  private index(d: number): number {
    return this.poolDevice.indexOf(d);
  }

  /** The topology changed (a link, a device): each host's nearest DRAM may have. */
  retopo(): void {
    const { H, D } = this.topo;
    this.localDevice.fill(-1);
    this.scenario.devices.forEach((d, i) => {
      if (d.kind !== 'dram' || d.host === undefined) return;
      const h = this.topo.hostIds.indexOf(d.host), cur = this.localDevice[h], ns = this.topo.idleNs[h * D + i];
      if (ns === ns && (cur < 0 || ns < this.topo.idleNs[h * D + cur])) this.localDevice[h] = i;
    });
    for (let h = 0; h < H; h++) if (this.localDevice[h] < 0 && this.topo.order[h].length > 0) this.localDevice[h] = this.topo.order[h][0];
  }

  /** Device d failed: the VMs with memory on it stop. Their ids and hosts, and the GiB they lost. */
  failDevice(d: number): { vms: number[]; hosts: number[]; gib: number } {
    const k = this.index(d);
    if (k < 0) return { vms: [], hosts: [], gib: 0 };
    const r = this.model.failDevice(k);
    return { vms: r.vms, hosts: r.hosts, gib: r.extents * this.cfg.extentGiB };
  }

  /** Ids of the running VMs with memory on device d (empty if it is not pooled). */
  inUse(d: number): number[] {
    const k = this.index(d), L = this.model.ledger;
    return k < 0 ? [] : L.vmsOn(k).map((s) => L.vmId[s]);
  }

  /** Device d went offline (no VM holds any of it): it leaves the books. */
  offlineDevice(d: number): void {
    const k = this.index(d);
    if (k >= 0) this.model.ledger.removeDevice(k);
  }

  restoreDevice(d: number): void {
    const k = this.index(d);
    if (k >= 0) this.model.ledger.restoreDevice(k);
  }

  /** The VM owning a seeded allocated page on device d (its id), or -1. */
  poisonPage(d: number, rng: { nextInt(n: number): number }): number {
    const k = this.index(d), pages = this.model.pages;
    if (k < 0 || !pages) return -1;
    const slot = pages.ownerOfSomePage(k, (n) => rng.nextInt(n));
    return slot < 0 ? -1 : this.model.ledger.vmId[slot];
  }

  /** The host a running VM is on, -1 if it does not run. */
  vmHost(id: number): number {
    const L = this.model.ledger;
    for (let s = 0; s < L.slots; s++) if (L.vmId[s] === id) return L.vmHost[s];
    return -1;
  }

  grant(d: number, h: number, n: number): Applied {
    const k = this.index(d), L = this.model.ledger, id = this.scenario.devices[d]?.id, host = this.topo.hostIds[h];
    if (k < 0) return { ok: false, reason: `${id} is not pooled` };
    if (L.head[k * L.H + h] !== 1) return { ok: false, reason: `${host} has no head on ${id}` };
    const free = L.devFree(k);
    if (free < n) return { ok: false, reason: `${id} has ${free} free extents, ${n} asked` };
    L.grant(k, h, n);
    return { ok: true, reason: `${n} extent${n > 1 ? 's' : ''} of ${id} granted to ${host} (${n * this.cfg.extentGiB} GiB)` };
  }

  release(d: number, h: number, n: number): Applied {
    const k = this.index(d), L = this.model.ledger, id = this.scenario.devices[d]?.id, host = this.topo.hostIds[h];
    if (k < 0) return { ok: false, reason: `${id} is not pooled` };
    const free = L.head[k * L.H + h] === 1 ? L.grantFree(k, h) : 0;
    if (free < n) return { ok: false, reason: `${host} holds ${free} extent${free === 1 ? '' : 's'} of ${id} no VM uses; ${n} asked: a host declines to release capacity in use` };
    L.reclaim(k, h, n);
    return { ok: true, reason: `${n} extent${n > 1 ? 's' : ''} of ${id} released by ${host}` };
  }

  startVm(o: { host: number; cores: number; memoryGiB: number; epochs: number; id: number }, e: number): Applied {
    const vm = { id: o.id, cores: o.cores, extents: Math.max(1, Math.round(o.memoryGiB / this.cfg.extentGiB)), lifetime: o.epochs, untouched: 0, predictedUntouched: 0 };
    const s = this.model.admit(vm, e, o.host);
    if (s < 0) return { ok: false, reason: `no host${o.host >= 0 ? ` (${this.topo.hostIds[o.host]})` : ''} fits a VM of ${o.cores} cores and ${o.memoryGiB} GiB` };
    return { ok: true, reason: `VM ${o.id} started on ${this.topo.hostIds[this.model.ledger.vmHost[s]]}`, vmsHit: [o.id] };
  }

  stopVm(id: number): Applied {
    return this.model.stop(id) ? { ok: true, reason: `VM ${id} stopped`, vmsHit: [id] } : { ok: false, reason: `no VM ${id} is running` };
  }

  /** summary.pool: run averages, totals and the DRAM saved (savings.ts). */
  summary(): PoolSummary {
    return { ...this.model.totals(), dramSavedPercent: dramSaved(this.cfg, this.model).dramSavedPercent };
  }

  vmRows(): VmReportRow[] {
    return this.model.vmRows().map((r) => ({ ...r, host: this.topo.hostIds[r.host] }));
  }
}
