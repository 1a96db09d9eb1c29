// The pool's page table: VM memory as pages. Every extent of the ledger (each host's DRAM and
// each pooled device) is `perExtent` pages (vmPagesPerExtent: the extent's bytes in scenario
// units over the page size, capped so that all fit LIMITS.vmPages; capped, a page stands for
// more memory). Which host holds each pooled extent mirrors the ledger's grants and reclaims
// (PoolLedger.listener); a VM admitted gets exactly the extents its plan gives it (its DRAM
// extents on its host, its pool extents among those its host holds on each device) and frees
// them when it leaves. These pages are the pool's, not the tiering engine's (src/engine/memory.ts):
// policies do not migrate them; a guest places by zNUMA or the hypervisor spreads them.
//
// Each epoch every running VM draws `samplesPerVm` accesses, uniform over its touched pages
// (the first 1 - untouched of its pages in its guest's fill order; Pond's untouched share,
// POOL_CAL.untouchedShare, is the only skew modelled), from its own RNG stream (Stream.vmAccess).
// Under zNUMA the guest fills its local node first, so touched pages are local first; without
// it the touched pages are spread over local and pool memory in proportion. Each access costs
// the loaded latency of the node its page is on: its host's DRAM, or host -> pooled device.
import { Rng, Stream } from '../rng';
import { LIMITS } from '../scenario/limits';
import type { LedgerListener, PoolLedger } from './ledger';

/** Latencies of the epoch (ns): each host's DRAM, host h -> pooled device d [d * H + h], think time per host. */
export interface VmPerfInput {
  localNs: Float64Array;
  poolNs: Float64Array;
  thinkNs: Float64Array;
}

export class VmPages implements LedgerListener {
  readonly perExtent: number;
  /** Extents: host h's DRAM is [hostBase[h], hostBase[h + 1]), device d's [devBase[d], devBase[d + 1]). */
  readonly extents: number;
  readonly pages: number;
  readonly hostBase: Int32Array;
  readonly devBase: Int32Array;
  /** Per extent: the pooled device (-1: host DRAM) and the host holding it (-1: not granted). */
  readonly extentDevice: Int16Array;
  readonly extentHolder: Int16Array;
  /** Per extent: the VM slot using it (-1: none) and the next extent of that VM in fill order. */
  readonly extentOwner: Int16Array;
  readonly extentNext: Int32Array;
  /** Per page: the VM slot that owns it (-1: free). Page p is in extent p / perExtent. */
  readonly pageOwner: Int16Array;
  /** Per slot: its first and last extent (-1: none). */
  readonly vmFirst: Int32Array;
  private readonly vmLast: Int32Array;
  /** Pages allocated to VMs now. */
  allocated = 0;
  /** Sampled accesses that hit a page their VM does not own (the page table is wrong if > 0). */
  foreignHits = 0;
  /** The newest measure(): mean latency (ns) and share of the accesses served by the pool. */
  amatNs = 0;
  poolShare = 0;
  private readonly rng: Rng;
  private readonly samples: Int32Array;

  constructor(private readonly L: PoolLedger, perExtent: number, samplesPerVm: number, seed: number) {
    const { H, D } = L;
    if (L.slots > 1 << 15) throw new Error(`pool: ${L.slots} VM slots do not fit the page table's Int16 owners`);
    this.hostBase = new Int32Array(H + 1);
    for (let h = 0; h < H; h++) this.hostBase[h + 1] = this.hostBase[h] + L.dram[h];
    this.devBase = new Int32Array(D + 1);
    this.devBase[0] = this.hostBase[H];
    for (let d = 0; d < D; d++) this.devBase[d + 1] = this.devBase[d] + L.devExtents[d];
    const X = (this.extents = this.devBase[D]);
    this.perExtent = perExtent;
    const P = (this.pages = X * perExtent);
    if (P > LIMITS.vmPages) throw new Error(`pool: ${P} pages exceed LIMITS.vmPages (${LIMITS.vmPages})`);
    this.extentDevice = new Int16Array(X).fill(-1);
    this.extentHolder = new Int16Array(X).fill(-1);
    for (let h = 0; h < H; h++) this.extentHolder.fill(h, this.hostBase[h], this.hostBase[h + 1]);
    for (let d = 0; d < D; d++) this.extentDevice.fill(d, this.devBase[d], this.devBase[d + 1]);
    this.extentOwner = new Int16Array(X).fill(-1);
    this.extentNext = new Int32Array(X).fill(-1);
    this.pageOwner = new Int16Array(P).fill(-1);
    this.vmFirst = new Int32Array(L.slots).fill(-1);
    this.vmLast = new Int32Array(L.slots).fill(-1);
    this.rng = new Rng(seed, Stream.vmAccess);
    this.samples = new Int32Array(samplesPerVm);
  }

  /** The ledger granted host h n extents of device d: the first n not granted. */
  grant(d: number, h: number, n: number): void {
    for (let x = this.devBase[d], end = this.devBase[d + 1]; x < end && n > 0; x++) {
      if (this.extentHolder[x] < 0) { this.extentHolder[x] = h; n--; }
    }
    if (n > 0) throw new Error(`pool pages: device ${d} lacks ${n} free extents the ledger granted`);
  }

  /** The ledger took n extents of device d back from host h: the first n it holds that no VM uses. */
  reclaim(d: number, h: number, n: number): void {
    for (let x = this.devBase[d], end = this.devBase[d + 1]; x < end && n > 0; x++) {
      if (this.extentHolder[x] === h && this.extentOwner[x] < 0) { this.extentHolder[x] = -1; n--; }
    }
    if (n > 0) throw new Error(`pool pages: host ${h} holds ${n} too few free extents of device ${d} to reclaim`);
  }

  /** Slot s was just admitted by the ledger: its DRAM extents, then its pool extents device by device (its fill order). */
  admit(s: number): void {
    const L = this.L, h = L.vmHost[s];
    this.take(s, this.hostBase[h], this.hostBase[h + 1], h, L.vmLocal[s]);
    for (let d = 0; d < L.D; d++) this.take(s, this.devBase[d], this.devBase[d + 1], h, L.vmPool[s * L.D + d]);
  }

  private take(s: number, from: number, to: number, h: number, n: number): void {
    const ppe = this.perExtent;
    for (let x = from; x < to && n > 0; x++) {
      if (this.extentHolder[x] !== h || this.extentOwner[x] >= 0) continue;
      this.extentOwner[x] = s;
      if (this.vmLast[s] < 0) this.vmFirst[s] = x;
      else this.extentNext[this.vmLast[s]] = x;
      this.vmLast[s] = x;
      this.pageOwner.fill(s, x * ppe, (x + 1) * ppe);
      this.allocated += ppe;
      n--;
    }
    if (n > 0) throw new Error(`pool pages: host ${h} lacks ${n} free extents in [${from}, ${to}) the ledger gave VM slot ${s}`);
  }

  /** Slot s leaves (the ledger tells before it frees the slot): its pages are free, its extents stay with their holders. */
  depart(s: number): void {
    const ppe = this.perExtent;
    for (let x = this.vmFirst[s]; x >= 0;) {
      const next = this.extentNext[x];
      this.extentOwner[x] = -1;
      this.extentNext[x] = -1;
      this.pageOwner.fill(-1, x * ppe, (x + 1) * ppe);
      this.allocated -= ppe;
      x = next;
    }
    this.vmFirst[s] = this.vmLast[s] = -1;
  }

  /**
   * Draws slot s's accesses for this epoch and counts them where their pages are: counts[0] on
   * its host's DRAM, counts[1 + d] on pooled device d (counts has 1 + D entries; each access is
   * one of samplesPerVm). zNUMA: its touched pages are its first ones (local first); otherwise
   * as many of its local as of its pool pages. A VM that touches nothing counts all on DRAM.
   */
  sample(s: number, znuma: boolean, counts: Float64Array): void {
    const L = this.L, ppe = this.perExtent;
    const n = L.vmExtents[s] * ppe, local = L.vmLocal[s] * ppe;
    const touched = Math.round((1 - L.vmUntouched[s]) * n);
    const S = this.samples.length;
    counts.fill(0);
    if (touched === 0) { counts[0] = S; return; }
    const tl = znuma ? Math.min(touched, local) : Math.round((touched * local) / n);
    const idx = this.samples, rng = this.rng;
    for (let i = 0; i < S; i++) {
      const k = rng.nextInt(touched);
      idx[i] = k < tl ? k : local + (k - tl);
    }
    // In page order, so one walk of the VM's extents finds every sampled page.
    idx.sort();
    let x = this.vmFirst[s], base = 0;
    for (let i = 0; i < S; i++) {
      const v = idx[i];
      while (v >= base + ppe) { x = this.extentNext[x]; base += ppe; }
      if (this.pageOwner[x * ppe + (v - base)] !== s) this.foreignHits++;
      counts[1 + this.extentDevice[x]]++;
    }
  }

  /** measure()'s counts (1 + D). */
  private counts = new Float64Array(0);
  private countsOf(D: number): Float64Array {
    if (this.counts.length !== 1 + D) this.counts = new Float64Array(1 + D);
    return this.counts;
  }

  /**
   * sample(), then amatNs and poolShare at the given latencies (the pool alone, without the
   * traffic solve). Accesses to a pooled device its host no longer reaches (a link down, NaN
   * latency) are served by nothing: out of the AMAT and of the pool's share.
   */
  measure(s: number, znuma: boolean, perf: VmPerfInput): void {
    const L = this.L, H = L.H, h = L.vmHost[s], c = this.countsOf(L.D);
    this.sample(s, znuma, c);
    const S = this.samples.length;
    let sum = c[0] * perf.localNs[h], pool = 0, served = c[0];
    for (let d = 0; d < L.D; d++) {
      const n = c[1 + d], ns = perf.poolNs[d * H + h];
      if (n === 0 || ns !== ns) continue;
      sum += n * ns;
      pool += n;
      served += n;
    }
    this.amatNs = served > 0 ? sum / served : 0;
    this.poolShare = pool / S;
  }

  /** The VM slot owning a seeded page among the allocated pages on pooled device d, or -1 (none allocated). */
  ownerOfSomePage(d: number, pick: (n: number) => number): number {
    const ppe = this.perExtent, from = this.devBase[d], to = this.devBase[d + 1];
    let n = 0;
    for (let x = from; x < to; x++) if (this.extentOwner[x] >= 0) n += ppe;
    if (n === 0) return -1;
    let k = pick(n);
    for (let x = from; x < to; x++) {
      if (this.extentOwner[x] < 0) continue;
      if (k < ppe) return this.extentOwner[x];
      k -= ppe;
    }
    return -1;
  }

  /** Every invariant against the ledger, re-derived; the first violation in words, or null. */
  check(): string | null {
    const L = this.L, { H, D } = L, ppe = this.perExtent;
    const held = new Int32Array(D * H), used = new Int32Array(D * H), dram = new Int32Array(H);
    let pages = 0;
    for (let x = 0; x < this.extents; x++) {
      const d = this.extentDevice[x], h = this.extentHolder[x], o = this.extentOwner[x];
      if (d >= 0 && h >= 0) { held[d * H + h]++; if (L.head[d * H + h] !== 1) return `extent ${x} of device ${d} held by host ${h} without a head`; }
      if (o >= 0) {
        if (L.vmId[o] < 0) return `extent ${x} owned by free slot ${o}`;
        if (h !== L.vmHost[o]) return `extent ${x} of VM ${L.vmId[o]} (host ${L.vmHost[o]}) is held by host ${h}`;
        if (d >= 0) used[d * H + h]++; else dram[h]++;
      }
      for (let p = x * ppe; p < (x + 1) * ppe; p++) {
        if (this.pageOwner[p] !== o) return `page ${p} of extent ${x}: owner ${this.pageOwner[p]}, extent owner ${o}`;
        if (o >= 0) pages++;
      }
    }
    for (let k = 0; k < D * H; k++) {
      if (held[k] !== L.granted[k]) return `device ${(k / H) | 0}, host ${k % H}: ${held[k]} extents held, the ledger granted ${L.granted[k]}`;
      if (used[k] !== L.used[k]) return `device ${(k / H) | 0}, host ${k % H}: VMs own ${used[k]} extents, the ledger says ${L.used[k]}`;
    }
    for (let h = 0; h < H; h++) if (dram[h] !== L.dramUsed[h]) return `host ${h}: VMs own ${dram[h]} DRAM extents, the ledger says ${L.dramUsed[h]}`;
    let expected = 0;
    for (let s = 0; s < L.slots; s++) {
      if (L.vmId[s] < 0) { if (this.vmFirst[s] >= 0) return `free slot ${s} has extents`; continue; }
      let n = 0, local = 0;
      for (let x = this.vmFirst[s]; x >= 0; x = this.extentNext[x]) {
        if (this.extentOwner[x] !== s) return `VM ${L.vmId[s]}'s extent ${x} is owned by slot ${this.extentOwner[x]}`;
        // Fill order: its DRAM extents come first.
        if (this.extentDevice[x] < 0) { if (local++ !== n) return `VM ${L.vmId[s]}: a DRAM extent after a pool extent`; }
        n++;
      }
      if (n !== L.vmExtents[s] || local !== L.vmLocal[s]) return `VM ${L.vmId[s]}: ${n} extents (${local} DRAM), the ledger says ${L.vmExtents[s]} (${L.vmLocal[s]})`;
      expected += n * ppe;
    }
    if (pages !== this.allocated || pages !== expected) return `${pages} pages owned, ${this.allocated} counted, running VMs hold ${expected}`;
    return null;
  }
}
