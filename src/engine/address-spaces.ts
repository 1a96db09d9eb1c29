// The workloads' address spaces laid out back to back in one global page index, and their
// sampled accesses: per-epoch count arrays (the epoch being simulated, the one after for the
// oracle, the one last simulated for inspection), each page's access history bits, the
// expected next-epoch counts, and each page's real access rate (what policies observe).
import { InitiatorIdArray, type NodeIdArray } from '../ids';
import type { MemberSpread } from '../topology/interleave';
import { NO_NODE } from '../policies/types';
import { Stream } from '../rng';
import type { Scenario } from '../scenario/schema';
import { SplitPages } from '../physics/split-pages';
import { HOT_SLOTS } from '../workloads/hot-set';
import { WorkloadSampler, partsPerPage } from '../workloads/sampler';
import { ShiftClock } from '../workloads/shift-clock';

// Imported binding copied to a module constant: hot loops read it without a getter.
const NONE: number = NO_NODE;

/** Pages of a working set, within its address space of `size` pages. */
function touched(workingSetMB: number, pageBytes: number, size: number): number {
  return Math.min(size, Math.floor((workingSetMB * 1048576) / pageBytes));
}

/** A (host, address space) pair issuing sampled accesses. */
interface SampleStream {
  host: number;
  /** Index of the workload (address space) and its sampler. */
  space: number;
  sampler: WorkloadSampler;
  samples: number;
  /** Own count arrays for a shared address space (indexed page - base); null = the global ones. */
  cur: Uint32Array | null;
  next: Uint32Array | null;
}

export class AddressSpaces {
  /** Pages of all working sets. */
  readonly pages: number;
  /** Pages and first global page of each workload's address space. */
  readonly sizes: number[];
  readonly bases: number[];
  /**
   * Initiator owning each page: the host mapping its address space, or for a shared region the
   * initiator of its sharers (topology.ts buildInitiators), which runs on the first mapper's host.
   */
  readonly pageInitiator: InitiatorIdArray;
  /** Sampled accesses each host draws per epoch, exactly (0 for a host that runs nothing). */
  readonly hostSamples: Float64Array;
  /** Share of each host's accesses that are writes. */
  readonly writeFraction: Float64Array;
  /**
   * Share of each host's misses in flight its workloads keep busy: the sum of their
   * intensities, at most 1 (workloads asking for more share the host in proportion).
   */
  readonly hostActivity: Float64Array;
  /** Bit i set = the page had a sampled access i epochs ago (bit 0 = the epoch last simulated). */
  readonly history: Uint32Array;
  /** Sampled accesses of the epoch being simulated, the one after it, and the one last simulated. */
  cur: Uint32Array;
  next: Uint32Array;
  prev: Uint32Array;

  /** One sampler per workload (the LLC tells each which of its pages it holds); a workload event replaces its own. */
  readonly samplers: WorkloadSampler[];
  /** Huge pages' parts, their shares of the page's accesses and which are split off (stride 1: none). */
  readonly split: SplitPages;
  private shiftClock: ShiftClock;
  private readonly pageBytes: number;
  private readonly samplesPerHost: number;
  private readonly hostIds: readonly string[];
  private readonly streams: SampleStream[] = [];
  private readonly epochMs: number;
  private expectedCache: Float64Array | null = null;
  private expectedEpoch = -1;
  /** Hot-set marks of the epochs drawn (WorkloadSampler.markHotSet) and their shifts, by slot. */
  private readonly hotBits: Uint8Array;
  private readonly shifts = new Int32Array(HOT_SLOTS);
  /**
   * Each page's access probability within its address space, averaged over the epoch (the
   * workload model's true rates up to a factor; scan: the window drawn): the epoch being
   * simulated and the one after.
   */
  private shapeCur: Float32Array;
  private shapeNext: Float32Array;
  /** Per workload: accesses per second to its address space (filled by rates()). */
  private readonly spaceRate: Float64Array;
  /** Per workload: sampled accesses drawn per epoch, all hosts. */
  private readonly spaceSamples: Float64Array;

  /**
   * spaceInitiator: the initiator owning each workload's pages (Topology.spaceInitiator); default
   * its first host. spaceMB: each address space's size (default its working set; a timeline that
   * grows a working set sizes it at the largest, src/events/timeline.ts), of which the workload
   * touches its working set.
   */
  constructor(scenario: Scenario, hostIds: readonly string[], pageBytes: number, nodes = 0, spaceInitiator?: ArrayLike<number>, spaceMB?: readonly number[]) {
    const H = hostIds.length;
    this.epochMs = scenario.epochMs;
    this.pageBytes = pageBytes;
    this.samplesPerHost = scenario.samplesPerHost;
    this.hostIds = hostIds;
    const sizes = (this.sizes = scenario.workloads.map((w, i) => Math.floor(((spaceMB?.[i] ?? w.workingSetMB) * 1048576) / pageBytes)));
    const bases: number[] = (this.bases = []);
    let P = 0;
    for (const n of sizes) { bases.push(P); P += n; }
    this.pages = P;
    const hostIndex = new Map(hostIds.map((id, i) => [id, i] as const));
    this.pageInitiator = new InitiatorIdArray(P);
    scenario.workloads.forEach((w, i) => this.pageInitiator.fill(spaceInitiator ? spaceInitiator[i] : hostIndex.get(w.hosts[0])!, bases[i], bases[i] + sizes[i]));
    const split = (this.split = new SplitPages(P, nodes, Math.max(1, ...scenario.workloads.map((w) => partsPerPage(w, pageBytes)))));
    const parts = split.stride > 1 ? { stride: split.stride, share: split.shareNext } : undefined;
    this.samplers = scenario.workloads.map((w, i) => new WorkloadSampler(w, bases[i], touched(w.workingSetMB, pageBytes, sizes[i]), scenario.seed, Stream.workload * 1000 + i, { pageBytes, parts, layoutStream: Stream.layout * 1000 + i }));
    this.shiftClock = new ShiftClock(this.samplers);

    // Each host splits its samples over the address spaces it maps, by intensity.
    this.hostSamples = new Float64Array(H);
    this.writeFraction = new Float64Array(H);
    this.hostActivity = new Float64Array(H);
    for (let h = 0; h < H; h++) {
      scenario.workloads.forEach((w, i) => {
        if (!w.hosts.includes(hostIds[h])) return;
        const shared = w.hosts.length > 1;
        this.streams.push({
          host: h, space: i, sampler: this.samplers[i], samples: 0,
          cur: shared ? new Uint32Array(sizes[i]) : null,
          next: shared ? new Uint32Array(sizes[i]) : null,
        });
      });
    }
    this.splitSamples(scenario.workloads);

    this.cur = new Uint32Array(P);
    this.next = new Uint32Array(P);
    this.prev = new Uint32Array(P);
    this.history = new Uint32Array(P);
    this.hotBits = new Uint8Array(P);
    this.shapeCur = new Float32Array(P);
    this.shapeNext = new Float32Array(P);
    this.spaceRate = new Float64Array(this.samplers.length);
    this.spaceSamples = new Float64Array(this.samplers.length);
    for (const st of this.streams) this.spaceSamples[st.space] += st.samples;
  }

  /**
   * Each host's samples split over the address spaces it maps, by intensity (the last takes
   * what rounding leaves), its write share and its activity (the intensities' sum, at most 1).
   */
  private splitSamples(workloads: Scenario['workloads']): void {
    const S = this.samplesPerHost;
    this.writeFraction.fill(0);
    this.hostActivity.fill(0);
    this.hostSamples.fill(0);
    for (let h = 0; h < this.hostIds.length; h++) {
      const mine = this.streams.filter((st) => st.host === h);
      if (mine.length === 0) continue;
      const total = mine.reduce((a, st) => a + workloads[st.space].intensity, 0);
      this.hostActivity[h] = Math.min(1, total);
      let left = S;
      mine.forEach((st, k) => {
        const w = workloads[st.space];
        const n = k === mine.length - 1 ? left : Math.floor((S * w.intensity) / total);
        left -= n;
        st.samples = n;
        this.writeFraction[h] += (n / S) * (1 - w.readRatio);
      });
      this.hostSamples[h] = S;
    }
  }

  /**
   * Workload i runs as `spec` from epoch k on (a workload event, src/events/workload.ts): a new
   * sampler of its working set (at most its address space; pages beyond it are left alone,
   * still mapped), the samples re-split by intensity, and epochs k and k + 1 drawn again (the
   * samples drawn ahead were the old workload's; every workload draws them afresh, and a
   * hot-set shift falling in them moves its hot set once more). `stream` picks the new
   * sampler's RNG. Returns the new sampler (the caller gives it its LLC cut before redraw()).
   */
  changeWorkload(i: number, spec: Scenario['workloads'][number], workloads: Scenario['workloads'], seed: number, stream: number): WorkloadSampler {
    const split = this.split;
    const parts = split.stride > 1 ? { stride: split.stride, share: split.shareNext } : undefined;
    const base = this.bases[i], size = this.sizes[i];
    const s = new WorkloadSampler(spec, base, touched(spec.workingSetMB, this.pageBytes, size), seed, stream, { pageBytes: this.pageBytes, parts, layoutStream: stream + 500 });
    this.samplers[i] = s;
    for (const st of this.streams) if (st.space === i) st.sampler = s;
    this.shiftClock = new ShiftClock(this.samplers);
    this.splitSamples(workloads);
    this.spaceSamples.fill(0);
    for (const st of this.streams) this.spaceSamples[st.space] += st.samples;
    // Pages of the address space beyond the new working set: no accesses, no rate, not hot.
    for (const a of [this.cur, this.next, this.prev, this.hotBits]) a.fill(0, base, base + size);
    this.shapeCur.fill(0, base, base + size);
    this.shapeNext.fill(0, base, base + size);
    this.expectedEpoch = -1;
    return s;
  }

  /** Draws epochs k and k + 1 again (after changeWorkload), as start() draws the first two. */
  redraw(k: number): void {
    this.cur.fill(0);
    this.sampleEpoch(k, this.cur, this.shapeCur, null);
    if (this.split.stride > 1) this.split.share.set(this.split.shareNext);
    this.next.fill(0);
    this.sampleEpoch(k + 1, this.next, this.shapeNext, this.shapeCur);
  }

  /** Calls fn for every page in the order a run faults them in: address order, spaces taking turns. */
  forEachFaultIn(fn: (page: number) => void): void {
    const sizes = this.sizes, bases = this.bases;
    const maxN = Math.max(0, ...sizes);
    for (let i = 0; i < maxN; i++) {
      for (let w = 0; w < sizes.length; w++) if (i < sizes[w]) fn(bases[w] + i);
    }
  }

  /** Draws the first two epochs' samples (the current one and the oracle's look-ahead). */
  start(): void {
    this.sampleEpoch(0, this.cur, this.shapeCur, null);
    this.split.share.set(this.split.shareNext);
    this.sampleEpoch(1, this.next, this.shapeNext, this.shapeCur);
  }

  /**
   * Adds each host's sampled accesses of the current epoch, by the node holding the page,
   * into byNode [h * N + n]. Those to pages with no node are the rest of hostSamples[h].
   */
  countByNode(pageNode: NodeIdArray, N: number, byNode: Float64Array): void {
    const split = this.split;
    for (const st of this.streams) {
      const base = st.sampler.base, n = st.sampler.n, row = st.host * N;
      const counts = st.cur ?? this.cur;
      const off = st.cur ? base : 0;
      for (let p = base; p < base + n; p++) {
        const c = counts[p - off];
        if (c !== 0) {
          const d = pageNode[p];
          if (d !== NONE) byNode[row + d] += c;
        }
      }
      if (split.count === 0) continue;
      // A split page's split-off parts take their share of its accesses to their own node.
      const mask = split.mask, hot = split.hotNode;
      for (let p = base; p < base + n; p++) {
        const c = counts[p - off];
        if (c === 0 || mask[p] === 0 || pageNode[p] === NONE) continue;
        const x = c * split.hotShare(p);
        byNode[row + pageNode[p]] -= x;
        byNode[row + hot[p]] += x;
      }
    }
  }

  /**
   * Adds each host's sampled accesses to pages on an uneven interleave set to the members
   * their frames live on (out [h * D + d], MemberSpread). Split-off parts are not told
   * apart: the members' ratio is what the node's accesses are spread by.
   */
  countByMember(pageNode: NodeIdArray, pageFrame: Int32Array, spread: MemberSpread, out: Float64Array): void {
    const uneven = spread.uneven, D = spread.D;
    for (const st of this.streams) {
      const base = st.sampler.base, n = st.sampler.n, row = st.host * D;
      const counts = st.cur ?? this.cur;
      const off = st.cur ? base : 0;
      for (let p = base; p < base + n; p++) {
        const c = counts[p - off];
        if (c === 0) continue;
        const d = pageNode[p];
        if (d !== NONE && uneven[d] === 1) spread.add(out, row, d, pageFrame[p], c);
      }
    }
  }

  /**
   * The sharers of a shared address space (mapped by more than one host) and, for each, its
   * sampled accesses of the current epoch by page (index page - base): [host, counts] pairs.
   */
  sharedCounts(space: number, out: { host: number; counts: Uint32Array }[]): number {
    let n = 0;
    for (const st of this.streams) {
      if (st.space !== space || st.cur === null) continue;
      const slot = out[n] ?? (out[n] = { host: 0, counts: st.cur });
      slot.host = st.host; slot.counts = st.cur;
      n++;
    }
    return n;
  }

  /** Epoch `done` was simulated: the next epoch's samples become current; draw the one after. */
  advance(done: number): void {
    const t = this.prev;
    this.prev = this.cur;
    this.cur = this.next;
    this.next = t;
    this.next.fill(0);
    for (const st of this.streams) if (st.cur) { const x = st.cur; st.cur = st.next; st.next = x; }
    const sh = this.shapeCur;
    this.shapeCur = this.shapeNext;
    this.shapeNext = sh;
    // Huge pages' parts as they were at the end of the epoch that becomes current (before the next draw moves them).
    if (this.split.stride > 1 && this.shiftsIn(done + 1) > 0) this.split.share.set(this.split.shareNext);
    this.sampleEpoch(done + 2, this.next, this.shapeNext, this.shapeCur);
  }

  /**
   * Expected real accesses per page in the coming epoch (see PolicyView.nextExpected): its
   * probabilities then, times the accesses its space got in the epoch last simulated (rates()).
   */
  expectedNext(epoch: number, epochSec: number): Float64Array {
    const out = (this.expectedCache ??= new Float64Array(this.pages));
    if (this.expectedEpoch !== epoch) {
      const shape = this.shapeNext;
      this.samplers.forEach((s, i) => {
        const n = this.spaceRate[i] * epochSec;
        for (let p = s.base, end = s.base + s.n; p < end; p++) out[p] = shape[p] * n;
      });
      this.expectedEpoch = epoch;
    }
    return out;
  }

  /**
   * Each page's real access rate (accesses/s) in the epoch being simulated, into `out`: its
   * probability within its address space times the accesses the space got, which are each
   * host's real accesses (hostIssued, accesses/s) split over its spaces as its samples are.
   */
  rates(hostIssued: Float64Array, out: Float32Array): void {
    const R = this.spaceRate, shape = this.shapeCur;
    R.fill(0);
    for (const st of this.streams) {
      const all = this.hostSamples[st.host];
      if (all > 0) R[st.space] += (st.samples / all) * hostIssued[st.host];
    }
    this.samplers.forEach((s, i) => {
      const r = R[i];
      for (let p = s.base, end = s.base + s.n; p < end; p++) out[p] = shape[p] * r;
    });
  }

  /** Hot-set shifts that happened during epoch k (k among the epochs drawn and not yet passed). */
  shiftsIn(k: number): number {
    return this.shifts[k % HOT_SLOTS];
  }

  /**
   * Share of the hot set's pages (per address space, then pooled) that sit in their host's
   * fast tier now; the hot set of epoch k is the one in force at its end (markHotSet).
   */
  hotSetFastShare(k: number, pageNode: NodeIdArray, fastFor: Uint8Array, D: number): number {
    const slot = k % HOT_SLOTS, bits = this.hotBits, host = this.pageInitiator, split = this.split;
    const full = 1 << (2 * slot), tie = 2 << (2 * slot);
    let hot = 0, fast = 0;
    for (const s of this.samplers) {
      let nFull = 0, fFull = 0, nTie = 0, fTie = 0;
      for (let p = s.base, end = s.base + s.n; p < end; p++) {
        const b = bits[p];
        if ((b & (full | tie)) === 0) continue;
        const d = pageNode[p];
        let f = d !== NONE && fastFor[host[p] * D + d] === 1 ? 1 : 0;
        if (split.count > 0 && split.mask[p] !== 0) {
          const x = split.hotShare(p);
          f = f * (1 - x) + (fastFor[host[p] * D + split.hotNode[p]] === 1 ? x : 0);
        }
        if (b & full) { nFull++; fFull += f; } else { nTie++; fTie += f; }
      }
      const share = s.hotTieShare(slot);
      hot += nFull + share * nTie;
      fast += fFull + share * fTie;
    }
    return hot > 0 ? fast / hot : 0;
  }

  /** Draws epoch k's sampled accesses into `into` (and the shared streams' own arrays) and its shape. */
  private sampleEpoch(k: number, into: Uint32Array, shape: Float32Array, prevShape: Float32Array | null): void {
    const draws = this.streams.map((st) => {
      if (st.next === null) return { sampler: st.sampler, samples: st.samples, out: into, outBase: 0 };
      const own = into === this.cur ? st.cur! : st.next;
      own.fill(0);
      return { sampler: st.sampler, samples: st.samples, out: own, outBase: st.sampler.base };
    });
    this.shifts[k % HOT_SLOTS] = this.shiftClock.drawEpoch(k, this.epochMs, draws, shape, prevShape);
    for (const d of draws) {
      if (d.out === into) continue;
      const base = d.outBase, own = d.out;
      for (let i = 0; i < own.length; i++) into[base + i] += own[i];
    }
    // A cursor's (a scan's) true rates are the window it covered this epoch.
    this.samplers.forEach((s, i) => {
      if (s.pattern.draw !== 'cursor') return;
      const per = this.spaceSamples[i] > 0 ? 1 / this.spaceSamples[i] : 0;
      for (let p = s.base, end = s.base + s.n; p < end; p++) shape[p] = into[p] * per;
    });
    for (const s of this.samplers) s.markHotSet(this.hotBits, k % HOT_SLOTS, into);
  }
}
