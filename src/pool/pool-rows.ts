// The pool's blocks of a snapshot (src/engine/snapshot.ts, PoolParts): per host and per pooled device
// this epoch, extents granted per (device, host), the running VMs (the slowest first, bounded
// by LIMITS.vmSnapshotRows) and a pool row per epoch since the last snapshot, kept in a ring
// of LIMITS.poolHistoryRows epochs. Buffers are sized once from the pool's shape; filling them
// is per snapshot (per frame at most), never per access.
import { LIMITS } from '../scenario/limits';
import { POOL_DEVICE, POOL_DEVICE_WIDTH, POOL_HOST, POOL_HOST_WIDTH, POOL_WIDTH, VM, VM_WIDTH, type PoolParts } from '../engine/snapshot';
import type { PoolModel } from './model';

export class PoolRows {
  private readonly host: Float64Array;
  private readonly device: Float64Array;
  private readonly extents: Float64Array;
  private readonly vm: Float64Array;
  /** Running slots sorted by slowdown, and their slowdowns (the sort's keys). */
  private readonly order: Int32Array;
  private readonly slow: Float64Array;
  private readonly ring = new Float64Array(LIMITS.poolHistoryRows * POOL_WIDTH);
  private readonly ringEpoch = new Float64Array(LIMITS.poolHistoryRows).fill(-1);

  constructor(private readonly model: PoolModel) {
    const { H, D, slots } = model.ledger;
    this.host = new Float64Array(H * POOL_HOST_WIDTH);
    this.device = new Float64Array(D * POOL_DEVICE_WIDTH);
    this.extents = new Float64Array(D * H);
    this.vm = new Float64Array(Math.min(slots, LIMITS.vmSnapshotRows) * VM_WIDTH);
    this.order = new Int32Array(slots);
    this.slow = new Float64Array(slots);
  }

  /** Keeps epoch e's pool row (call after the model's step). */
  record(e: number, row: Float64Array): void {
    const k = e % LIMITS.poolHistoryRows;
    this.ring.set(row, k * POOL_WIDTH);
    this.ringEpoch[k] = e;
  }

  /** The pool's snapshot blocks as of the newest epoch, with a pool row for each of `epochs`. */
  parts(epochs: readonly number[]): PoolParts {
    const m = this.model, L = m.ledger, { H, D } = L, g = m.extentGiB;
    this.host.fill(0);
    this.device.fill(0);
    for (let h = 0; h < H; h++) {
      const o = h * POOL_HOST_WIDTH;
      let granted = 0, free = L.dram[h] - L.dramUsed[h];
      for (let d = 0; d < D; d++) {
        const k = d * H + h;
        granted += L.granted[k];
        free += L.grantFree(d, h);
        this.extents[k] = L.granted[k] * g;
        const od = d * POOL_DEVICE_WIDTH;
        this.device[od + POOL_DEVICE.grantedGiB] += L.granted[k] * g;
        this.device[od + POOL_DEVICE.usedGiB] += L.used[k] * g;
        if (m.isStranded(h)) this.device[od + POOL_DEVICE.strandedGiB] += L.grantFree(d, h) * g;
      }
      this.host[o + POOL_HOST.dramGiB] = L.dram[h] * g;
      this.host[o + POOL_HOST.poolGrantedGiB] = granted * g;
      this.host[o + POOL_HOST.freeGiB] = free * g;
      this.host[o + POOL_HOST.strandedGiB] = m.isStranded(h) ? free * g : 0;
      this.host[o + POOL_HOST.coresRented] = L.coresUsed[h];
    }
    for (let d = 0; d < D; d++) {
      const od = d * POOL_DEVICE_WIDTH;
      this.device[od + POOL_DEVICE.capacityGiB] = L.devExtents[d] * g;
      this.device[od + POOL_DEVICE.freeGiB] = L.devFree(d) * g;
    }
    let n = 0;
    for (let s = 0; s < L.slots; s++) {
      if (L.vmId[s] < 0) continue;
      const h = L.vmHost[s], o = h * POOL_HOST_WIDTH;
      this.host[o + POOL_HOST.usedGiB] += L.vmExtents[s] * g;
      this.host[o + POOL_HOST.untouchedGiB] += L.vmUntouched[s] * L.vmExtents[s] * g;
      this.host[o + POOL_HOST.vms]++;
      this.host[o + POOL_HOST.vmAmatNs] += m.vmFigures(s).amatNs;
      let pool = 0;
      for (let d = 0; d < D; d++) pool += L.vmPool[s * D + d];
      if (pool > 0) {
        const onPool = m.untouchedOnPool(s, pool);
        for (let d = 0; d < D; d++) {
          const p = L.vmPool[s * D + d];
          if (p > 0) this.device[d * POOL_DEVICE_WIDTH + POOL_DEVICE.untouchedGiB] += (onPool * p * g) / pool;
        }
      }
      this.order[n] = s;
      this.slow[s] = m.vmFigures(s).slowdownPercent;
      n++;
    }
    for (let h = 0; h < H; h++) {
      const o = h * POOL_HOST_WIDTH, k = this.host[o + POOL_HOST.vms];
      if (k > 0) this.host[o + POOL_HOST.vmAmatNs] /= k;
    }
    // The slowest first; ties by arrival (VM id), so the table is the same in every run.
    const running = this.order.subarray(0, n).sort((a, b) => this.slow[b] - this.slow[a] || L.vmId[a] - L.vmId[b]);
    const vms = Math.min(n, this.vm.length / VM_WIDTH);
    for (let i = 0; i < vms; i++) {
      const s = running[i], o = i * VM_WIDTH, f = m.vmFigures(s);
      this.vm[o + VM.id] = L.vmId[s];
      this.vm[o + VM.host] = L.vmHost[s];
      this.vm[o + VM.memoryGiB] = L.vmExtents[s] * g;
      this.vm[o + VM.poolShare] = f.poolShare;
      this.vm[o + VM.amatNs] = f.amatNs;
      this.vm[o + VM.slowdownPercent] = f.slowdownPercent;
    }
    const history = new Float64Array(epochs.length * POOL_WIDTH).fill(NaN);
    epochs.forEach((e, i) => {
      const k = e % LIMITS.poolHistoryRows;
      if (this.ringEpoch[k] === e) history.set(this.ring.subarray(k * POOL_WIDTH, (k + 1) * POOL_WIDTH), i * POOL_WIDTH);
    });
    return { hosts: H, devices: D, vms, poolHost: this.host, poolDevice: this.device, extents: this.extents, vm: this.vm.subarray(0, vms * VM_WIDTH), history };
  }
}
