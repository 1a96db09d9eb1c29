// Migrations a policy decides in one epoch and the engine carries out at the start of the
// next: the queue with the policy's rate limits and free-frame reservations (the sink the
// policy writes to), their execution (copies load devices and links, and take CPU time from
// the page's host: src/physics/migration-cost.ts), each move written to the run's event stream
// (src/engine/event-stream.ts: "why did this page move"). The engine queues its own moves
// first, through `evacuate`: pages leaving memory that goes offline or is failing, with their
// own reason, outside the policy's rate limits (the drain has its own rate), costed the same.
import { NodeIdArray, type InitiatorIdArray } from '../ids';
import type { LoadInput } from '../physics/latency';
import type { MigrationCost } from '../physics/migration-cost';
import type { MemberSpread } from '../topology/interleave';
import type { Memory } from './memory';
import { NO_NODE, Reason, REASON_NAMES, type MigrationSink, type ReasonCode } from '../policies/types';
import { popcount, type SplitPages } from '../physics/split-pages';
import type { Topology } from '../topology/topology';
import type { EventStream } from './event-stream';

const NONE: number = NO_NODE;
/** qMask of a merge (no split has every part: SplitPages' masks are below 2^stride - 1). */
const MERGE = 0xffffffff;

export type { MigrationEvent } from './event-stream';

/**
 * Migrations carried out in one epoch, by kind (tier up, tier down, other: same tier, and
 * every evacuation whatever its direction), and pages by reason (REASON_NAMES).
 */
export interface Executed {
  promotions: number;
  demotions: number;
  other: number;
  byReason: Int32Array;
}

export class MigrationQueue {
  /** What the policy queues migrations into. */
  readonly sink: MigrationSink;

  private readonly qPage: Int32Array;
  private readonly qTo: NodeIdArray;
  private readonly qReason: Uint8Array;
  /** A split (SplitPages): its parts to qTo, the rest to qRest; MERGE: the split-off parts come back; 0: a whole-page move. */
  private readonly qMask: Uint32Array;
  private readonly qRest: NodeIdArray;
  private qLen = 0;
  /** Epoch + 1 of the decision that last queued each page: a page moves at most once per epoch. */
  private readonly queuedStamp: Int32Array;
  private queuedPromote = 0;
  private queuedDemote = 0;
  /** Epoch whose decisions are being queued. */
  private deciding = 0;
  /** Per node, this epoch: split-off parts queued to it and the frames reserved for them in the view. */
  private readonly promisedUnits: Int32Array;
  private readonly promisedFrames: Int32Array;

  /** Per host, this epoch: pages promoted in the fault path, pages moved by a kernel thread. */
  private readonly faultPath: Float64Array;
  private readonly threaded: Float64Array;
  private readonly executed: Executed = { promotions: 0, demotions: 0, other: 0, byReason: new Int32Array(REASON_NAMES.length) };
  /** Pages that cannot move (long-term pins found by an offline); null until one is found. */
  pinned: Uint8Array | null = null;
  /** Where every move is written. */
  stream: EventStream | null = null;

  constructor(
    private readonly topo: Topology,
    private readonly mem: Memory,
    private readonly pageInitiator: InitiatorIdArray,
    /** Free frames as the policy sees them: reserved as migrations are queued. */
    private readonly viewFree: Int32Array,
    private limits: { promote: number; demote: number },
    private readonly split: SplitPages | null = null,
    /** Uneven interleave sets: a copy loads the members the page's frames are on. */
    private readonly members: MemberSpread | null = null,
    /** [i * N + n] = 1 where initiator i's pages may go: it reaches n (every sharer does) and the node mask has it. */
    private readonly allowed: Uint8Array = topo.reach,
  ) {
    const P = mem.pages;
    this.qPage = new Int32Array(P);
    this.qTo = new NodeIdArray(P);
    this.qReason = new Uint8Array(P);
    const parts = split !== null && split.stride > 1;
    this.qMask = new Uint32Array(parts ? P : 0);
    this.qRest = new NodeIdArray(parts ? P : 0);
    this.queuedStamp = new Int32Array(P);
    this.faultPath = new Float64Array(topo.H);
    this.threaded = new Float64Array(topo.H);
    this.promisedUnits = new Int32Array(parts ? topo.N : 0);
    this.promisedFrames = new Int32Array(parts ? topo.N : 0);
    this.sink = {
      migrate: (page, to, reason) => this.queue(page, to, reason),
      remaining: (reason) => this.remaining(reason),
    };
    if (parts) {
      this.sink.split = (page, mask, hotTo, restTo) => this.queueSplit(page, mask, hotTo, restTo);
      this.sink.merge = (page) => this.queueMerge(page);
    }
  }

  /** Starts the decisions made after epoch `epoch`: an empty queue, fresh rate limits. */
  open(epoch: number): void {
    this.deciding = epoch;
    this.qLen = 0;
    this.queuedPromote = 0;
    this.queuedDemote = 0;
    this.promisedUnits.fill(0);
    this.promisedFrames.fill(0);
  }

  /** A page will leave its frame on node `from`: a frame the view may count, unless an offline is taking it (above the node's limit). */
  private freeing(page: number, from: number): void {
    if (this.mem.pageFrame[page] < this.mem.limit[from]) this.viewFree[from]++;
  }

  /** New rate limits (a policy switched during the run). */
  setLimits(limits: { promote: number; demote: number }): void {
    this.limits = limits;
  }

  /**
   * The engine's own move of page p off memory that goes away, to node `to` (its own node:
   * to a frame below the node's offline limit). No rate limit (the caller has its own), the
   * same checks of room and reach as the policy's; queued before the policy decides.
   */
  evacuate(page: number, to: number, reason: ReasonCode): boolean {
    const { topo, mem } = this;
    const from = mem.pageNode[page];
    if (page < 0 || page >= mem.pages || from === NONE || to < 0 || to >= topo.N) return false;
    if (this.queuedStamp[page] === this.deciding + 1 || this.viewFree[to] <= 0) return false;
    if (this.pinned !== null && this.pinned[page] === 1) return false;
    if (to !== from && this.allowed[this.pageInitiator[page] * topo.N + to] !== 1) return false;
    this.viewFree[to]--;
    if (to !== from) this.freeing(page, from);
    this.queuedStamp[page] = this.deciding + 1;
    this.qPage[this.qLen] = page;
    this.qTo[this.qLen] = to;
    this.qReason[this.qLen] = reason;
    if (this.qMask.length !== 0) this.qMask[this.qLen] = 0;
    this.qLen++;
    return true;
  }

  private queue(page: number, to: number, reason: ReasonCode): boolean {
    const { topo, limits } = this;
    const from = this.mem.pageNode[page];
    if (page < 0 || page >= this.mem.pages || from === NONE || from === to || to < 0 || to >= topo.N) return false;
    if (this.queuedStamp[page] === this.deciding + 1) return false;
    if (this.pinned !== null && this.pinned[page] === 1) return false;
    if (this.viewFree[to] <= 0) return false;
    // Only where the page's initiator reaches (a shared region's: every sharer), inside the node mask.
    if (this.allowed[this.pageInitiator[page] * topo.N + to] !== 1) return false;
    const promote = topo.nodeTier[to] < topo.nodeTier[from];
    const demote = topo.nodeTier[to] > topo.nodeTier[from];
    if (promote && this.queuedPromote >= limits.promote) return false;
    if (demote && this.queuedDemote >= limits.demote) return false;
    if (promote) this.queuedPromote++;
    if (demote) this.queuedDemote++;
    this.viewFree[to]--;
    this.freeing(page, from);
    this.queuedStamp[page] = this.deciding + 1;
    this.qPage[this.qLen] = page;
    this.qTo[this.qLen] = to;
    this.qReason[this.qLen] = reason;
    if (this.qMask.length !== 0) this.qMask[this.qLen] = 0;
    this.qLen++;
    return true;
  }

  /**
   * A split of page p: `mask`'s parts to hotTo, the rest to restTo. Frames are reserved as for
   * moves: the rest's frame moves if restTo is another node, and hotTo keeps frames for the
   * parts (SplitPages.framesFor) beyond those it holds or has promised this epoch.
   */
  private queueSplit(page: number, mask: number, hotTo: number, restTo: number): boolean {
    const { topo, limits } = this, split = this.split!;
    const full = split.stride >= 32 ? 0xffffffff : (1 << split.stride) - 1;
    mask = (mask & full) >>> 0;
    if (page < 0 || page >= this.mem.pages || mask === 0 || mask === full || hotTo === restTo) return false;
    if (this.pinned !== null && this.pinned[page] === 1) return false;
    const from = this.mem.pageNode[page];
    if (from === NONE || split.mask[page] !== 0 || hotTo < 0 || hotTo >= topo.N || restTo < 0 || restTo >= topo.N) return false;
    if (this.queuedStamp[page] === this.deciding + 1) return false;
    const i = this.pageInitiator[page];
    if (this.allowed[i * topo.N + hotTo] !== 1 || this.allowed[i * topo.N + restTo] !== 1) return false;
    const up = hotTo !== from && topo.nodeTier[hotTo] < topo.nodeTier[from];
    const down = restTo !== from && topo.nodeTier[restTo] > topo.nodeTier[from];
    if ((up && this.queuedPromote >= limits.promote) || (down && this.queuedDemote >= limits.demote)) return false;
    const units = split.units[hotTo] + this.promisedUnits[hotTo] + popcount(mask);
    const frames = split.framesFor(units) - this.mem.reserved(hotTo) - this.promisedFrames[hotTo];
    // The rest leaving frees its frame first (it is carried out first): the parts may take it.
    const freed = restTo !== from ? 1 : 0;
    if (restTo !== from && this.viewFree[restTo] <= 0) return false;
    if (frames > this.viewFree[hotTo] + (hotTo === from ? freed : 0)) return false;
    if (restTo !== from) { this.viewFree[restTo]--; this.freeing(page, from); }
    this.viewFree[hotTo] -= frames;
    this.promisedFrames[hotTo] += frames;
    this.promisedUnits[hotTo] += popcount(mask);
    if (up) this.queuedPromote++;
    if (down) this.queuedDemote++;
    this.push(page, hotTo, up ? Reason.promote : Reason.demote, mask, restTo);
    return true;
  }

  /** The split-off parts of page p come back to the rest of it. */
  private queueMerge(page: number): boolean {
    const split = this.split!;
    if (page < 0 || page >= this.mem.pages || split.mask[page] === 0 || this.mem.pageNode[page] === NONE) return false;
    if (this.queuedStamp[page] === this.deciding + 1) return false;
    const from = split.hotNode[page], to = this.mem.pageNode[page];
    const down = this.topo.nodeTier[to] > this.topo.nodeTier[from];
    if (down && this.queuedDemote >= this.limits.demote) return false;
    if (down) this.queuedDemote++;
    this.push(page, to, down ? Reason.demote : Reason.balance, MERGE, to);
    return true;
  }

  private push(page: number, to: number, reason: ReasonCode, mask: number, rest: number): void {
    this.queuedStamp[page] = this.deciding + 1;
    this.qPage[this.qLen] = page;
    this.qTo[this.qLen] = to;
    this.qReason[this.qLen] = reason;
    this.qMask[this.qLen] = mask;
    this.qRest[this.qLen] = rest;
    this.qLen++;
  }

  private remaining(reason: ReasonCode): number {
    if (reason === Reason.promote) return Math.max(0, this.limits.promote - this.queuedPromote);
    if (reason === Reason.demote) return Math.max(0, this.limits.demote - this.queuedDemote);
    return Infinity;
  }

  /**
   * Carries out last epoch's decisions in epoch `epoch`: their copies become background
   * traffic on devices and links (load.bg*), and their CPU time is charged to the page's host
   * (stallNs). With `cost` null, migrations are free (no copy traffic, no CPU time).
   */
  execute(epoch: number, epochSec: number, pageBytes: number, load: LoadInput, stallNs: Float64Array, cost: MigrationCost | null): Executed {
    const { topo, mem, faultPath, threaded } = this;
    load.bgDeviceRead.fill(0); load.bgDeviceWrite.fill(0); load.bgLinkRead.fill(0); load.bgLinkWrite.fill(0);
    faultPath.fill(0); threaded.fill(0);
    let promotions = 0, demotions = 0, other = 0;
    const byReason = this.executed.byReason;
    byReason.fill(0);
    const bytes = cost ? pageBytes / epochSec : 0;
    for (let i = 0; i < this.qLen; i++) {
      const page = this.qPage[i], to = this.qTo[i];
      if (this.qMask.length !== 0 && this.qMask[i] !== 0) {
        const m = this.splitOrMerge(i, epoch, bytes, load);
        if (m < 0) continue;
        if (m === 0) { promotions++; byReason[Reason.promote]++; } else if (m === 1) { demotions++; byReason[Reason.demote]++; } else { other++; byReason[Reason.balance]++; }
        continue;
      }
      const from = mem.pageNode[page], fromFrame = mem.pageFrame[page];
      if (from === NONE || !mem.move(page, to)) continue;
      const tf = topo.nodeTier[from], tt = topo.nodeTier[to], why = this.qReason[i];
      byReason[why]++;
      if (why === Reason.evacuate || why === Reason.offline) other++;
      else if (tt < tf) promotions++; else if (tt > tf) demotions++; else other++;
      // The owning initiator's host does the copy (CPU time); each node's share of the bytes
      // loads its devices and the host's paths to them.
      const h = topo.initiatorHost[this.pageInitiator[page]];
      if (this.qReason[i] === Reason.promote) faultPath[h]++; else threaded[h]++;
      this.copy(h, from, to, bytes, load, fromFrame, mem.pageFrame[page]);
      this.record(page, from, to, epoch, this.qReason[i]);
      // A split page whose rest joined its split-off parts is whole again.
      if (this.split !== null && this.split.count > 0 && this.split.mask[page] !== 0 && this.split.hotNode[page] === to) this.split.merge(mem, page);
    }
    this.qLen = 0;
    if (cost) for (let h = 0; h < topo.H; h++) if (faultPath[h] + threaded[h] > 0) stallNs[h] += cost.hostNs(h, faultPath[h], threaded[h]);
    const x = this.executed;
    x.promotions = promotions; x.demotions = demotions; x.other = other;
    return x;
  }

  /**
   * A copy of `bytes` (per second) from node `from` to node `to` by host h: its devices and
   * paths carry it (an uneven interleave set's: the members the page's frame is on, when known).
   */
  private copy(h: number, from: number, to: number, bytes: number, load: LoadInput, fromFrame = -1, toFrame = -1): void {
    this.carry(h, from, bytes, load.bgDeviceRead, load.bgLinkRead, fromFrame);
    this.carry(h, to, bytes, load.bgDeviceWrite, load.bgLinkWrite, toFrame);
  }

  /** Bytes per device of one copy to or from an uneven interleave set (made on first use). */
  private memberBytes: Float64Array | null = null;

  private carry(h: number, node: number, bytes: number, device: Float64Array, link: Float64Array, frame: number): void {
    const topo = this.topo, D = topo.D, { devices, shares } = topo.nodes[node];
    const m = this.members;
    if (m !== null && frame >= 0 && m.uneven[node] === 1) {
      const by = (this.memberBytes ??= new Float64Array(D));
      for (let k = 0; k < devices.length; k++) by[devices[k]] = 0;
      m.add(by, 0, node, frame, bytes);
      for (let k = 0; k < devices.length; k++) this.carryTo(h, devices[k], by[devices[k]], device, link);
      return;
    }
    for (let k = 0; k < devices.length; k++) this.carryTo(h, devices[k], bytes * shares[k], device, link);
  }

  private carryTo(h: number, d: number, b: number, device: Float64Array, link: Float64Array): void {
    if (b === 0) return;
    device[d] += b;
    for (const l of this.topo.pathLinks[h * this.topo.D + d]) link[l] += b;
  }

  private record(page: number, from: number, to: number, epoch: number, reason: number): void {
    this.stream?.move(page, from, to, epoch, reason);
  }

  /**
   * Carries out queue entry i, a split or a merge: each moved part's bytes are copied (a part
   * is 1/stride of a page) and cost CPU time as that share of a page move. Returns 0 when
   * something went up a tier, 1 when only down, 2 otherwise, -1 when it could not be done.
   */
  private splitOrMerge(i: number, epoch: number, pageBytesPerSec: number, load: LoadInput): number {
    const { topo, mem } = this, split = this.split!;
    const page = this.qPage[i], to = this.qTo[i], mask = this.qMask[i], rest = this.qRest[i];
    const from = mem.pageNode[page];
    if (from === NONE) return -1;
    const h = topo.initiatorHost[this.pageInitiator[page]];
    const g = split.stride;
    const paths = this.qReason[i] === Reason.promote ? this.faultPath : this.threaded;
    if (mask === MERGE) {
      const hot = split.hotNode[page];
      if (split.mask[page] === 0 || hot === NONE) return -1;
      const part = popcount(split.mask[page]) / g;
      split.merge(mem, page);
      if (hot === from) return 2;
      paths[h] += part;
      this.copy(h, hot, from, pageBytesPerSec * part, load);
      this.record(page, hot, from, epoch, this.qReason[i]);
      return topo.nodeTier[from] > topo.nodeTier[hot] ? 1 : 2;
    }
    if (split.mask[page] !== 0) return -1;
    if (rest !== from && !mem.move(page, rest)) return -1;
    if (!split.split(mem, page, mask, to)) {
      if (rest !== from) mem.move(page, from); // undo: the frame it left is still free
      return -1;
    }
    const part = popcount(mask) / g;
    let up = false, down = false;
    if (to !== from) {
      paths[h] += part;
      this.copy(h, from, to, pageBytesPerSec * part, load);
      this.record(page, from, to, epoch, this.qReason[i]);
      up = topo.nodeTier[to] < topo.nodeTier[from];
    }
    if (rest !== from) {
      this.threaded[h] += 1 - part;
      this.copy(h, from, rest, pageBytesPerSec * (1 - part), load);
      this.record(page, from, rest, epoch, Reason.demote);
      down = topo.nodeTier[rest] > topo.nodeTier[from];
    }
    return up ? 0 : down ? 1 : 2;
  }
}
