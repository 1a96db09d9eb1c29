// The run's one event stream: what happened, epoch by epoch, written by the engine alone and
// read by everyone (the snapshot carries its new rows to the app, the CLI report's `events`
// come from the outcomes it keeps, the page inspector reads its page moves). Two bounded
// rings over typed columns (src/engine/ring.ts):
// - records: the timeline's events as they fire and as they end (a hot-remove ends epochs
//   later), and what they and the policy cause, summed per epoch: migrations by reason
//   (promote, demote, balance, evacuate, offline), pool extents granted and reclaimed, hot-set
//   shifts, pages lost, machine checks, processes and VMs signalled, pages isolated, pages
//   inaccessible; a policy taking over. A few rows an epoch at most.
// - moves: every page migration (page, from, to, reason), for "why did this page move".
// Events of the timeline also keep an outcome each (at most LIMITS.events): what they did, in
// numbers and words, for the report and the app's list.
import { NodeIdArray } from '../ids';
import { REASON_NAMES } from '../policies/types';
import { Ring } from './ring';

/** What a record is: its code is its index. */
export const STREAM_KINDS = ['policy', 'event', 'migrate', 'extents', 'shift', 'lost', 'mce', 'signal', 'vm', 'isolated', 'inaccessible'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];
export const STREAM = Object.fromEntries(STREAM_KINDS.map((k, i) => [k, i])) as { readonly [K in StreamKind]: number };

/**
 * The fields of a record, in the snapshot's order: epoch; kind (STREAM_KINDS); code (per kind
 * below); value; cause, the index in scenario.events of the event it comes from (-1: none).
 *   policy        code -1: the scenario's policy runs from epoch 0; else the event's index
 *   event         code: event index; value: EVENT_STATUS (fired, done, failed)
 *   migrate       code: reason (REASON_NAMES); value: pages moved this epoch
 *   extents       code 0 granted, 1 reclaimed; value: extents this epoch
 *   shift         value: hot-set shifts this epoch
 *   lost          value: pages lost
 *   mce           code: host; value: machine checks raised on it
 *   signal        code: host; value: processes signalled on it (SIGBUS)
 *   vm            code: VM id; value: 1 (hit: stopped or signalled)
 *   isolated      value: pages isolated (memory_failure())
 *   inaccessible  value: pages some host that maps them cannot reach now (written when it changes)
 */
export const STREAM_FIELDS = ['epoch', 'kind', 'code', 'value', 'cause'] as const;
export const STREAM_WIDTH = STREAM_FIELDS.length;
export const EVENT_STATUS = { fired: 1, done: 2, failed: 3 } as const;

/** Record rows the engine keeps; a snapshot carries those of its epochs. */
export const STREAM_ROWS = 1 << 14;
/** Page moves kept for the page inspector. */
const MOVE_ROWS = 1 << 16;

export interface MigrationEvent {
  page: number;
  from: string;
  to: string;
  epoch: number;
  reason: string;
}

/** A record, decoded (decodeStream). */
export interface StreamRecord {
  epoch: number;
  kind: StreamKind;
  code: number;
  value: number;
  cause: number;
}

/**
 * What one event of the timeline did (the CLI's `events` rows, the app's list): filled in when
 * it fires and, for one that takes time (a hot-remove), when it ends.
 */
export interface EventOutcome {
  /** Index in scenario.events. */
  index: number;
  atMs: number;
  kind: string;
  /** What it names: a device, a link "a-b", a workload, a policy, a host, a VM. */
  target: string;
  /** The epoch at whose start it was applied, and the one it ended in (the same for most). */
  epoch: number;
  endEpoch: number;
  /** 'pending' until it fires; 'running' while it takes effect over epochs. */
  state: 'pending' | 'running' | 'done' | 'failed';
  ok: boolean;
  /** Why it failed, or what it did, in words. */
  reason: string;
  /** A one-line blast radius for faults ("16 hosts, 41 VMs, 3.2 GiB lost"), else "". */
  summary: string;
  pagesMoved: number;
  pagesLost: number;
  pagesIsolated: number;
  /** The blast radius: host and VM ids hit (a fault's), shared regions (workload ids) hit. */
  hostsHit: string[];
  vmsHit: number[];
  regionsHit: string[];
  /** Machine checks raised (poison), processes signalled. */
  mces: number;
  signalled: number;
}

export class EventStream {
  /** Records, one slot of each column per record. */
  readonly records = new Ring(STREAM_ROWS);
  private readonly epoch = new Int32Array(STREAM_ROWS);
  private readonly kind = new Uint8Array(STREAM_ROWS);
  private readonly code = new Int32Array(STREAM_ROWS);
  private readonly value = new Float64Array(STREAM_ROWS);
  private readonly cause = new Int16Array(STREAM_ROWS);
  /** Records written since the run started (the ring keeps the newest STREAM_ROWS). */
  written = 0;

  private readonly moves = new Ring(MOVE_ROWS);
  private readonly mvPage = new Int32Array(MOVE_ROWS);
  private readonly mvFrom = new NodeIdArray(MOVE_ROWS);
  private readonly mvTo = new NodeIdArray(MOVE_ROWS);
  private readonly mvEpoch = new Int32Array(MOVE_ROWS);
  private readonly mvReason = new Uint8Array(MOVE_ROWS);

  /** One per event of the timeline, in scenario order. */
  readonly outcomes: EventOutcome[] = [];

  record(epoch: number, kind: number, code: number, value: number, cause = -1): void {
    const k = this.records.push();
    this.epoch[k] = epoch; this.kind[k] = kind; this.code[k] = code; this.value[k] = value; this.cause[k] = cause;
    this.written++;
  }

  move(page: number, from: number, to: number, epoch: number, reason: number): void {
    const k = this.moves.push();
    this.mvPage[k] = page; this.mvFrom[k] = from; this.mvTo[k] = to; this.mvEpoch[k] = epoch; this.mvReason[k] = reason;
  }

  /** Migration events of one page still in the move ring, oldest first. */
  pageEvents(page: number, nodeIds: readonly string[]): MigrationEvent[] {
    const out: MigrationEvent[] = [];
    const [a, b, c, d] = this.moves.runs();
    for (const [lo, hi] of [[a, b], [c, d]]) {
      for (let k = lo; k < hi; k++) {
        if (this.mvPage[k] === page) out.push({ page, from: nodeIds[this.mvFrom[k]], to: nodeIds[this.mvTo[k]], epoch: this.mvEpoch[k], reason: REASON_NAMES[this.mvReason[k]] });
      }
    }
    return out;
  }

  /** Records of epochs [from, to] still held, oldest first, as STREAM_WIDTH floats each. */
  rowsOf(from: number, to: number): Float64Array {
    const r = this.records, n = r.count;
    // Records are written in epoch order: find the first of `from` from the newest end.
    let first = n;
    while (first > 0 && this.epoch[r.slot(first - 1)] >= from) first--;
    let last = first;
    while (last < n && this.epoch[r.slot(last)] <= to) last++;
    const out = new Float64Array((last - first) * STREAM_WIDTH);
    for (let i = first; i < last; i++) {
      const k = r.slot(i), o = (i - first) * STREAM_WIDTH;
      out[o] = this.epoch[k]; out[o + 1] = this.kind[k]; out[o + 2] = this.code[k]; out[o + 3] = this.value[k]; out[o + 4] = this.cause[k];
    }
    return out;
  }

  /** Every record still held, decoded, oldest first (tests, the report's checks). */
  all(): StreamRecord[] {
    return decodeStream(this.rowsOf(-Infinity, Infinity));
  }
}

/** Records laid out as STREAM_WIDTH floats each (a snapshot's stream block), decoded. */
export function decodeStream(rows: ArrayLike<number>): StreamRecord[] {
  const out: StreamRecord[] = [];
  for (let o = 0; o + STREAM_WIDTH <= rows.length; o += STREAM_WIDTH) {
    out.push({ epoch: rows[o], kind: STREAM_KINDS[rows[o + 1]], code: rows[o + 2], value: rows[o + 3], cause: rows[o + 4] });
  }
  return out;
}
