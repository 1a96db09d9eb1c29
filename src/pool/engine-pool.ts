// The pool of a scenario as the engine runs it: the scenario's hosts (cores) and their DRAM,
// its pooled devices (src/scenario/pool-schema.ts) in extents, its VM stream and manager. Each
// running VM is a closed loop of its own in the engine's traffic solve (ExtraClasses,
// src/engine/traffic.ts): its cores x the host's MLP misses in flight, a think time from its
// misses per instruction (POOL_CAL) and the platform's CPI, and its accesses on its host's
// DRAM and the pooled devices as its sampled accesses fall on its pages. So VMs load the
// devices and links, and a VM on a busy pool device pays the queue it helps build. VM memory is
// pages of the pool's own page table (vm-pages.ts), not the tiering engine's: policies never
// see or move it; the engine simulates the scenario's workloads beside it.
import { slowdownPercent, thinkTimeNs } from '../physics/compute';
import { PLATFORMS, POOL_CAL } from '../platform/calibration';
import { ExtraClasses } from '../engine/traffic';
import { DEVICE, DEVICE_WIDTH } from '../engine/snapshot';
import { findPoolManager, poolManagerNames } from '../pool-managers/registry';
import { vmPagesPerExtent } from '../scenario/pool-schema';
import { PAGE_BYTES, type Scenario } from '../scenario/schema';
import type { Topology } from '../topology/topology';
import { PoolModel, type PoolConfig, type VmPerf, type VmPerfInput, type VmRow } from './model';
import { PoolRows } from './pool-rows';
import { dramSaved } from './savings';
import { bestFit } from './scheduler';
import type { Applied } from '../events/types';
import type { PoolSummary } from './pool-summary';

/** VMs started by events are numbered from here (event index added), apart from the stream's. */
export const EVENT_VM_IDS = 1 << 24;

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
  /** The running VMs as closed-loop classes of the traffic solve (Traffic's `extra`). */
  readonly classes: ExtraClasses;
  /** Slot of each class this epoch, and each slot's class (-1: not running). */
  private readonly classSlot: Int32Array;
  private readonly slotClass: Int32Array;
  /** Per slot: share of its sampled accesses the pool served (this epoch). */
  private readonly slotPool: Float64Array;
  /** Per slot: share of its sampled accesses served at all (1 unless a pooled device it uses is out of its host's reach). */
  private readonly slotServed: Float64Array;
  private readonly counts: Float64Array;
  /** Per host: its DRAM devices and each one's share of the host's DRAM (VM-held memory is split by it). */
  private readonly dramShare: Float64Array;
  private readonly figuresOf = (s: number): VmPerf => this.classPerf(s);
  private readonly vmPerf: VmPerf = { amat: 0, slow: 0, share: 0 };

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
    const S = this.model.ledger.slots;
    this.classes = new ExtraClasses(S, D, 1 - POOL_CAL.vmReadShare.value);
    this.classSlot = new Int32Array(S);
    this.slotClass = new Int32Array(S).fill(-1);
    this.slotPool = new Float64Array(S);
    this.slotServed = new Float64Array(S);
    this.counts = new Float64Array(1 + pooled.length);
    this.dramShare = new Float64Array(D);
    const hostMB = new Float64Array(H);
    scenario.devices.forEach((d) => { if (d.kind === 'dram' && d.host !== undefined) hostMB[topo.hostIds.indexOf(d.host)] += d.capacityMB; });
    scenario.devices.forEach((d, i) => {
      const mb = d.kind === 'dram' && d.host !== undefined ? hostMB[topo.hostIds.indexOf(d.host)] : 0;
      if (mb > 0) this.dramShare[i] = d.capacityMB / mb;
    });
  }

  /**
   * Epoch e's VMs (departures, the manager, arrivals), then each running VM's class for the
   * traffic solve: misses in flight, think time, and its sampled accesses by device.
   */
  begin(e: number): void {
    this.model.advance(e);
    const L = this.model.ledger, { D } = this.topo, x = this.classes, c = this.counts, znuma = this.model.manager.znuma;
    const pages = this.model.pages!;
    this.slotClass.fill(-1);
    let n = 0;
    for (let s = 0; s < L.slots; s++) {
      if (L.vmId[s] < 0) continue;
      const h = L.vmHost[s], o = n * D;
      pages.sample(s, znuma, c);
      // Accesses to a pooled device the host no longer reaches (a link down) are served by
      // nothing: out of the shares, and only the served share of the VM's misses flies (as a
      // host's to unplaced pages: src/engine/traffic.ts).
      let total = c[0], pool = 0, lost = 0;
      for (let k = 1; k < c.length; k++) {
        total += c[k];
        if (c[k] > 0 && Number.isNaN(this.topo.idleNs[h * D + this.poolDevice[k - 1]])) { lost += c[k]; c[k] = 0; }
        else pool += c[k];
      }
      const served = total - lost;
      x.share.fill(0, o, o + D);
      // A host without DRAM of its own: its nearest device serves what would be local (as before);
      // a host that reaches nothing runs its VMs' misses nowhere (no class load).
      const local = this.localDevice[h];
      if (served > 0) {
        if (local >= 0) x.share[o + local] += c[0] / served;
        for (let k = 1; k < c.length; k++) x.share[o + this.poolDevice[k - 1]] += c[k] / served;
      }
      x.host[n] = h;
      x.inFlight[n] = local >= 0 ? L.vmCores[s] * this.scenario.hosts[h].mlp : 0;
      if (lost > 0) x.inFlight[n] *= served / total;
      x.thinkNs[n] = this.perf.thinkNs[h];
      this.slotPool[s] = pool / total;
      this.slotServed[s] = served / total;
      this.classSlot[n] = s;
      this.slotClass[s] = n;
      n++;
    }
    x.n = n;
  }

  /** The figures of the epoch begin() opened, from the solve's outputs in `classes`; its row. */
  finish(e: number): Float64Array {
    const row = this.model.figures(this.figuresOf);
    this.rows.record(e, row);
    return row;
  }

  /** A running VM's figures from its class: AMAT, slowdown against the all-local solve (one miss slot's closed loop), pool share of its accesses. */
  private classPerf(s: number): VmPerf {
    const k = this.slotClass[s], x = this.classes, out = this.vmPerf;
    const z = this.perf.thinkNs[this.model.ledger.vmHost[s]];
    out.amat = x.amatNs[k];
    // Its threads stuck on memory out of reach make no progress: only the served share runs.
    out.slow = slowdownPercent(this.slotServed[s] / (z + x.amatNs[k]), 1 / (z + x.localAmatNs[k]));
    out.share = this.slotPool[s];
    return out;
  }

  /** The memory running VMs hold on each device (GiB of the modelled machine) into the device rows (their traffic is the solve's). */
  deviceRows(row: Float64Array): void {
    const L = this.model.ledger, { H } = L, g = this.cfg.extentGiB;
    for (let d = 0; d < this.topo.D; d++) {
      const o = d * DEVICE_WIDTH;
      row[o + DEVICE.vmGiB] = 0;
      const h = this.scenario.devices[d].host;
      if (this.dramShare[d] > 0 && h !== undefined) row[o + DEVICE.vmGiB] = L.dramUsed[this.topo.hostIds.indexOf(h)] * g * this.dramShare[d];
    }
    this.poolDevice.forEach((dev, k) => {
      let used = 0;
      for (let h = 0; h < H; h++) used += L.used[k * H + h];
      row[dev * DEVICE_WIDTH + DEVICE.vmGiB] = used * g;
    });
  }

  /** Epoch e of the pool alone (tests, scripts), at the given latencies host -> device ([h * D + d]): no traffic solve. */
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
