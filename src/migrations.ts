// Migrations a policy decides in one epoch and the engine carries out at the start of the
// next: the queue with the policy's rate limits and free-frame reservations (the sink the
// policy writes to), their execution (copies load devices and links, and take CPU time from
// the page's host: src/migration-cost.ts), and a ring of past migration events for "why did
// this page move".
import { NodeIdArray, type InitiatorIdArray } from './ids';
import type { LoadInput } from './latency';
import type { MigrationCost } from './migration-cost';
import type { Memory } from './memory';
import { NO_NODE, Reason, REASON_NAMES, type MigrationSink, type ReasonCode } from './policies/types';
import type { Topology } from './topology';

const NONE: number = NO_NODE;
const EVENT_RING = 1 << 16;

export interface MigrationEvent {
  page: number;
  from: string;
  to: string;
  epoch: number;
  reason: string;
}

/** Migrations carried out in one epoch, by kind (tier up, tier down, same tier). */
export interface Executed {
  promotions: number;
  demotions: number;
  other: number;
}

export class MigrationQueue {
  /** What the policy queues migrations into. */
  readonly sink: MigrationSink;

  private readonly qPage: Int32Array;
  private readonly qTo: NodeIdArray;
  private readonly qReason: Uint8Array;
  private qLen = 0;
  /** Epoch + 1 of the decision that last queued each page: a page moves at most once per epoch. */
  private readonly queuedStamp: Int32Array;
  private queuedPromote = 0;
  private queuedDemote = 0;
  /** Epoch whose decisions are being queued. */
  private deciding = 0;

  private readonly evPage = new Int32Array(EVENT_RING);
  private readonly evFrom = new NodeIdArray(EVENT_RING);
  private readonly evTo = new NodeIdArray(EVENT_RING);
  private readonly evEpoch = new Int32Array(EVENT_RING);
  private readonly evReason = new Uint8Array(EVENT_RING);
  private evCount = 0;
  /** Per host, this epoch: pages promoted in the fault path, pages moved by a kernel thread. */
  private readonly faultPath: Float64Array;
  private readonly threaded: Float64Array;

  constructor(
    private readonly topo: Topology,
    private readonly mem: Memory,
    private readonly pageInitiator: InitiatorIdArray,
    /** Free frames as the policy sees them: reserved as migrations are queued. */
    private readonly viewFree: Int32Array,
    private readonly limits: { promote: number; demote: number },
  ) {
    const P = mem.pages;
    this.qPage = new Int32Array(P);
    this.qTo = new NodeIdArray(P);
    this.qReason = new Uint8Array(P);
    this.queuedStamp = new Int32Array(P);
    this.faultPath = new Float64Array(topo.H);
    this.threaded = new Float64Array(topo.H);
    this.sink = {
      migrate: (page, to, reason) => this.queue(page, to, reason),
      remaining: (reason) => this.remaining(reason),
    };
  }

  /** Starts the decisions made after epoch `epoch`: an empty queue, fresh rate limits. */
  open(epoch: number): void {
    this.deciding = epoch;
    this.qLen = 0;
    this.queuedPromote = 0;
    this.queuedDemote = 0;
  }

  private queue(page: number, to: number, reason: ReasonCode): boolean {
    const { topo, limits } = this;
    const from = this.mem.pageNode[page];
    if (page < 0 || page >= this.mem.pages || from === NONE || from === to || to < 0 || to >= topo.N) return false;
    if (this.queuedStamp[page] === this.deciding + 1) return false;
    if (this.viewFree[to] <= 0) return false;
    if (Number.isNaN(topo.nodeIdleNs[topo.initiatorHost[this.pageInitiator[page]] * topo.N + to])) return false;
    const promote = topo.nodeTier[to] < topo.nodeTier[from];
    const demote = topo.nodeTier[to] > topo.nodeTier[from];
    if (promote && this.queuedPromote >= limits.promote) return false;
    if (demote && this.queuedDemote >= limits.demote) return false;
    if (promote) this.queuedPromote++;
    if (demote) this.queuedDemote++;
    this.viewFree[to]--;
    this.viewFree[from]++;
    this.queuedStamp[page] = this.deciding + 1;
    this.qPage[this.qLen] = page;
    this.qTo[this.qLen] = to;
    this.qReason[this.qLen] = reason;
    this.qLen++;
    return true;
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
    const D = topo.D;
    load.bgDeviceRead.fill(0); load.bgDeviceWrite.fill(0); load.bgLinkRead.fill(0); load.bgLinkWrite.fill(0);
    faultPath.fill(0); threaded.fill(0);
    let promotions = 0, demotions = 0, other = 0;
    const bytes = cost ? pageBytes / epochSec : 0;
    for (let i = 0; i < this.qLen; i++) {
      const page = this.qPage[i], to = this.qTo[i];
      const from = mem.pageNode[page];
      if (from === NONE || !mem.move(page, to)) continue;
      const tf = topo.nodeTier[from], tt = topo.nodeTier[to];
      if (tt < tf) promotions++; else if (tt > tf) demotions++; else other++;
      // The owning initiator's host does the copy (CPU time); each node's share of the bytes
      // loads its devices and the host's paths to them.
      const h = topo.initiatorHost[this.pageInitiator[page]];
      if (this.qReason[i] === Reason.promote) faultPath[h]++; else threaded[h]++;
      const src = topo.nodes[from], dst = topo.nodes[to];
      for (let k = 0; k < src.devices.length; k++) {
        const d = src.devices[k], b = bytes * src.shares[k];
        load.bgDeviceRead[d] += b;
        for (const l of topo.pathLinks[h * D + d]) load.bgLinkRead[l] += b;
      }
      for (let k = 0; k < dst.devices.length; k++) {
        const d = dst.devices[k], b = bytes * dst.shares[k];
        load.bgDeviceWrite[d] += b;
        for (const l of topo.pathLinks[h * D + d]) load.bgLinkWrite[l] += b;
      }
      const k = this.evCount++ & (EVENT_RING - 1);
      this.evPage[k] = page; this.evFrom[k] = from; this.evTo[k] = to; this.evEpoch[k] = epoch; this.evReason[k] = this.qReason[i];
    }
    this.qLen = 0;
    if (cost) for (let h = 0; h < topo.H; h++) if (faultPath[h] + threaded[h] > 0) stallNs[h] += cost.hostNs(h, faultPath[h], threaded[h]);
    return { promotions, demotions, other };
  }

  /** Migration events of one page still in the event ring, oldest first. */
  pageEvents(page: number): MigrationEvent[] {
    const out: MigrationEvent[] = [];
    const start = Math.max(0, this.evCount - EVENT_RING);
    for (let i = start; i < this.evCount; i++) {
      const k = i & (EVENT_RING - 1);
      if (this.evPage[k] === page) {
        const ids = this.topo.nodeIds;
        out.push({ page, from: ids[this.evFrom[k]], to: ids[this.evTo[k]], epoch: this.evEpoch[k], reason: REASON_NAMES[this.evReason[k]] });
      }
    }
    return out;
  }
}
