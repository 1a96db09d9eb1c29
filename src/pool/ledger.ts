// The pool's books, in extents (the pool's unit of capacity; Pond: 1 GiB slices): every host's
// cores and DRAM, every pooled device's extents and what each head (host) holds of them, and
// the VMs running with where their memory comes from. Every change goes through a method here
// that refuses what would break an invariant (a grant beyond the device, a reclaim of used
// extents, a VM on capacity its host does not hold); check() re-derives them all (tests).
import type { PoolDeviceKind } from '../scenario/bounds';

/** The shape of a pool: hosts (cores, DRAM extents) and pooled devices (extents, heads). */
export interface PoolShape {
  hostCores: readonly number[];
  hostDram: readonly number[];
  devices: readonly { id: string; kind: PoolDeviceKind; extents: number; heads: readonly number[] }[];
  maxRunning: number;
}

export interface LedgerListener {
  grant(d: number, h: number, n: number): void;
  reclaim(d: number, h: number, n: number): void;
  admit(slot: number): void;
  depart(slot: number): void;
}

export class PoolLedger {
  readonly H: number;
  readonly D: number;
  readonly hostCores: Int32Array;
  readonly coresUsed: Int32Array;
  readonly dram: Int32Array;
  readonly dramUsed: Int32Array;
  readonly devExtents: Int32Array;
  /** Each device's extents as the scenario gives them (a device taken away and brought back gets them again). */
  readonly devExtentsAtStart: Int32Array;
  readonly devGranted: Int32Array;
  /** [d * H + h] = 1 if host h has a head on device d. */
  readonly head: Uint8Array;
  /** [d * H + h]: extents of device d granted to host h, and how many of them VMs use. */
  readonly granted: Int32Array;
  readonly used: Int32Array;
  /** Each device's heads, in scenario order. */
  readonly heads: Int32Array[];

  // VM slots: -1 = free. Pool extents per slot and device: vmPool[slot * D + d].
  readonly slots: number;
  readonly vmId: Int32Array;
  readonly vmHost: Int32Array;
  readonly vmCores: Int32Array;
  readonly vmExtents: Int32Array;
  readonly vmLocal: Int32Array;
  readonly vmEnd: Int32Array;
  readonly vmUntouched: Float64Array;
  readonly vmPool: Int32Array;
  private readonly freeSlots: Int32Array;
  private freeTop: number;
  running = 0;

  /** Told of every grant, reclaim, admission (after the books accept it) and departure (before) (the page table, vm-pages.ts). */
  listener: LedgerListener | null = null;

  /** Run counters. */
  extentsGranted = 0;
  extentsReclaimed = 0;

  constructor(shape: PoolShape) {
    const H = (this.H = shape.hostCores.length), D = (this.D = shape.devices.length);
    this.hostCores = Int32Array.from(shape.hostCores);
    this.coresUsed = new Int32Array(H);
    this.dram = Int32Array.from(shape.hostDram);
    this.dramUsed = new Int32Array(H);
    this.devExtents = Int32Array.from(shape.devices, (d) => d.extents);
    this.devExtentsAtStart = Int32Array.from(this.devExtents);
    this.devGranted = new Int32Array(D);
    this.head = new Uint8Array(D * H);
    this.heads = shape.devices.map((d) => Int32Array.from(d.heads));
    shape.devices.forEach((d, i) => { for (const h of d.heads) this.head[i * H + h] = 1; });
    this.granted = new Int32Array(D * H);
    this.used = new Int32Array(D * H);
    const S = (this.slots = shape.maxRunning);
    this.vmId = new Int32Array(S).fill(-1);
    this.vmHost = new Int32Array(S);
    this.vmCores = new Int32Array(S);
    this.vmExtents = new Int32Array(S);
    this.vmLocal = new Int32Array(S);
    this.vmEnd = new Int32Array(S);
    this.vmUntouched = new Float64Array(S);
    this.vmPool = new Int32Array(S * D);
    this.freeSlots = new Int32Array(S);
    for (let i = 0; i < S; i++) this.freeSlots[i] = S - 1 - i;
    this.freeTop = S;
  }

  devFree(d: number): number {
    return this.devExtents[d] - this.devGranted[d];
  }

  /** Extents granted to h on d that no VM uses. */
  grantFree(d: number, h: number): number {
    return this.granted[d * this.H + h] - this.used[d * this.H + h];
  }

  /** Gives host h n more extents of device d (it must have a head there and the device room). */
  grant(d: number, h: number, n: number): void {
    if (n <= 0) return;
    if (this.head[d * this.H + h] !== 1) throw new Error(`pool: host ${h} has no head on device ${d}`);
    if (n > this.devFree(d)) throw new Error(`pool: device ${d} has ${this.devFree(d)} free extents, ${n} asked`);
    this.granted[d * this.H + h] += n;
    this.devGranted[d] += n;
    this.extentsGranted += n;
    this.listener?.grant(d, h, n);
  }

  /** Takes n extents of device d back from host h: only extents no VM uses. */
  reclaim(d: number, h: number, n: number): void {
    if (n <= 0) return;
    if (n > this.grantFree(d, h)) throw new Error(`pool: host ${h} uses its extents of device ${d}; ${this.grantFree(d, h)} free, ${n} to reclaim`);
    this.granted[d * this.H + h] -= n;
    this.devGranted[d] -= n;
    this.extentsReclaimed += n;
    this.listener?.reclaim(d, h, n);
  }

  /** Extents host h could get from the pool: free grants, plus what its devices could still grant. */
  poolRoom(h: number, mayGrant: boolean): number {
    let room = 0;
    for (let d = 0; d < this.D; d++) {
      if (this.head[d * this.H + h] !== 1) continue;
      room += this.grantFree(d, h) + (mayGrant ? this.devFree(d) : 0);
    }
    return room;
  }

  /**
   * Fills pool[d] with `need` extents for host h: its free grants first (device order), then new
   * grants from the device with the most free extents (ties: the first). Call after poolRoom.
   */
  drawPool(h: number, need: number, mayGrant: boolean, pool: Int32Array): void {
    pool.fill(0);
    for (let d = 0; d < this.D && need > 0; d++) {
      if (this.head[d * this.H + h] !== 1) continue;
      const take = Math.min(need, this.grantFree(d, h));
      pool[d] += take;
      need -= take;
    }
    while (need > 0 && mayGrant) {
      let best = -1;
      for (let d = 0; d < this.D; d++) if (this.head[d * this.H + h] === 1 && this.devFree(d) > 0 && (best < 0 || this.devFree(d) > this.devFree(best))) best = d;
      if (best < 0) break;
      const take = Math.min(need, this.devFree(best));
      this.grant(best, h, take);
      pool[best] += take;
      need -= take;
    }
    if (need > 0) throw new Error(`pool: host ${h} is ${need} extents short (check poolRoom first)`);
  }

  /** Starts a VM on host h with `local` DRAM extents and pool[d] extents of its grants. Returns its slot. */
  admit(id: number, h: number, cores: number, local: number, pool: Int32Array, end: number, untouched: number): number {
    const { H, D } = this;
    if (this.freeTop === 0) throw new Error('pool: no free VM slot');
    if (this.coresUsed[h] + cores > this.hostCores[h]) throw new Error(`pool: host ${h} lacks cores`);
    if (this.dramUsed[h] + local > this.dram[h]) throw new Error(`pool: host ${h} lacks DRAM`);
    let total = local;
    for (let d = 0; d < D; d++) {
      if (pool[d] > this.grantFree(d, h)) throw new Error(`pool: host ${h} holds too few free extents of device ${d}`);
      total += pool[d];
    }
    const s = this.freeSlots[--this.freeTop];
    this.vmId[s] = id;
    this.vmHost[s] = h;
    this.vmCores[s] = cores;
    this.vmExtents[s] = total;
    this.vmLocal[s] = local;
    this.vmEnd[s] = end;
    this.vmUntouched[s] = untouched;
    for (let d = 0; d < D; d++) {
      this.vmPool[s * D + d] = pool[d];
      this.used[d * H + h] += pool[d];
    }
    this.coresUsed[h] += cores;
    this.dramUsed[h] += local;
    this.running++;
    this.listener?.admit(s);
    return s;
  }

  /** The VM in slot s leaves: its cores, DRAM and pool extents are free (grants stay until reclaimed). */
  depart(s: number): void {
    const { H, D } = this, h = this.vmHost[s];
    if (this.vmId[s] < 0) return;
    this.listener?.depart(s);
    for (let d = 0; d < D; d++) { this.used[d * H + h] -= this.vmPool[s * D + d]; this.vmPool[s * D + d] = 0; }
    this.coresUsed[h] -= this.vmCores[s];
    this.dramUsed[h] -= this.vmLocal[s];
    this.vmId[s] = -1;
    this.freeSlots[this.freeTop++] = s;
    this.running--;
  }

  /** Slots of the running VMs holding extents of device d. */
  vmsOn(d: number): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.slots; s++) if (this.vmId[s] >= 0 && this.vmPool[s * this.D + d] > 0) out.push(s);
    return out;
  }

  /**
   * Device d leaves the pool (failed or taken offline): every extent granted of it comes back
   * and it has none to grant. No VM may hold any of it (they leave first).
   */
  removeDevice(d: number): void {
    for (const h of this.heads[d]) this.reclaim(d, h, this.granted[d * this.H + h]);
    this.devExtents[d] = 0;
  }

  /** Device d is back with its extents. */
  restoreDevice(d: number): void {
    this.devExtents[d] = Math.max(this.devExtents[d], this.devExtentsAtStart[d]);
  }

  hasSlot(): boolean {
    return this.freeTop > 0;
  }

  /** Every invariant re-derived from the VMs; the first violation in words, or null. */
  check(): string | null {
    const { H, D } = this;
    const used = new Int32Array(D * H), cores = new Int32Array(H), dram = new Int32Array(H);
    for (let s = 0; s < this.slots; s++) {
      if (this.vmId[s] < 0) continue;
      const h = this.vmHost[s];
      let total = this.vmLocal[s];
      for (let d = 0; d < D; d++) {
        const p = this.vmPool[s * D + d];
        if (p > 0 && this.head[d * H + h] !== 1) return `VM ${this.vmId[s]} uses device ${d} where host ${h} has no head`;
        used[d * H + h] += p;
        total += p;
      }
      if (total !== this.vmExtents[s]) return `VM ${this.vmId[s]}: local + pool = ${total} != ${this.vmExtents[s]} extents`;
      cores[h] += this.vmCores[s];
      dram[h] += this.vmLocal[s];
    }
    for (let h = 0; h < H; h++) {
      if (cores[h] !== this.coresUsed[h] || cores[h] > this.hostCores[h]) return `host ${h}: ${cores[h]} cores rented, books say ${this.coresUsed[h]} of ${this.hostCores[h]}`;
      if (dram[h] !== this.dramUsed[h] || dram[h] > this.dram[h]) return `host ${h}: ${dram[h]} DRAM extents used, books say ${this.dramUsed[h]} of ${this.dram[h]}`;
    }
    for (let d = 0; d < D; d++) {
      let g = 0;
      for (let h = 0; h < H; h++) {
        const k = d * H + h;
        if (this.granted[k] > 0 && this.head[k] !== 1) return `device ${d} granted to host ${h} without a head`;
        if (used[k] !== this.used[k]) return `device ${d}, host ${h}: VMs use ${used[k]}, books say ${this.used[k]}`;
        if (used[k] > this.granted[k]) return `device ${d}, host ${h}: VMs use ${used[k]} extents, only ${this.granted[k]} granted`;
        g += this.granted[k];
      }
      if (g !== this.devGranted[d] || g > this.devExtents[d]) return `device ${d}: ${g} extents granted of ${this.devExtents[d]} (books: ${this.devGranted[d]})`;
    }
    return null;
  }
}
