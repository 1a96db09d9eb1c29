// High-rate data from the worker, kept out of React: the latest snapshot, a ring of summary
// rows for the charts, a ring of per-epoch heat / placement columns for the heatmap (both
// src/engine/ring.ts) and the run figures (src/metrics/aggregate.ts: the CLI's summary of the
// same epochs) for the metrics panel and comparisons at equal epochs. Snapshots wait in a queue
// until the screen's frame loop commits them (app/frame.ts): the data only changes at a commit,
// so every view, canvas or React, drawn after it shows the same epoch. `version` tells views
// whether anything changed.
import type { EngineMeta } from '../src/engine/meta';
import type { EventOutcome } from '../src/engine/event-stream';
import { Ring } from '../src/engine/ring';
import { decodeSnapshot, SUMMARY_FIELDS, SUMMARY_WIDTH, type SnapshotView } from '../src/engine/snapshot';
import { decodeStream, EVENT_STATUS } from '../src/engine/event-stream';
import { RunPrefixes, type RunFigures } from '../src/metrics/aggregate';
import { Decimated } from './decimated';
import { PoolHistory } from './pool-live';

export type { RunFigures } from '../src/metrics/aggregate';

export const HISTORY_ROWS = 4096;
export const HEAT_COLUMNS = 240;
/**
 * Epochs back from the newest whose run figures stay at hand: the A/B comparison reads both
 * runs at the epochs the one behind has done, at most a lock-step window and a few queued
 * snapshots back (app/actions.ts).
 */
export const RUN_FIGURE_EPOCHS = 1024;

const EPOCH = SUMMARY_FIELDS.indexOf('epoch');
/** The figures the whole-run overview keeps (the chart's series), min and max per bucket of epochs. */
export const OVERVIEW_FIELDS = ['hotSetFastShare', 'amatNs', 'throughputGBps', 'fastTierAccessShare'] as const;
/** Queued snapshots beyond this are committed at once (a hidden tab gets no animation frames). */
const MAX_QUEUED = 256;

interface Queued {
  buffer: ArrayBuffer;
  runId: number;
  epochsDone: number;
  stats: Record<string, number>;
  /** The run's new meta, when the topology changed in the epochs of this snapshot (a timeline event). */
  meta?: EngineMeta;
  /** What the timeline's events did, when that changed in the epochs of this snapshot. */
  events?: EventOutcome[];
}

export class LiveData {
  meta: EngineMeta | null = null;
  runId = -1;
  latest: SnapshotView | null = null;
  /** Epochs completed at the latest snapshot (the summary's own `epoch` is 0-based). */
  epochsDone = 0;
  /** The policy's own figures at the latest snapshot (e.g. a learned model's accuracy). */
  stats: Record<string, number> = {};
  /** Bumped on every change; views redraw when it differs from what they drew. */
  version = 0;

  /** The summary rows' ring: slot s is `rows` from s * SUMMARY_WIDTH (and the pool's row s). */
  readonly rowRing = new Ring(HISTORY_ROWS);
  readonly rows = new Float64Array(HISTORY_ROWS * SUMMARY_WIDTH);
  /** The whole run, decimated (the ring above keeps only the newest HISTORY_ROWS epochs): fixed size. */
  readonly overview = new Decimated(OVERVIEW_FIELDS.map((f) => SUMMARY_FIELDS.indexOf(f)));
  /** The pool's rows beside `rows` (same slots) and its per-host / per-device samples; empty without a pool. */
  readonly pool = new PoolHistory();

  groups = 0;
  /** The heatmap's ring: slot s is column s of heat, fast, unplaced (groups floats each) and colEpoch. */
  readonly colRing = new Ring(HEAT_COLUMNS);
  heat = new Float32Array(0);
  fast = new Float32Array(0);
  /** Share of each group's pages with no memory, one column per epoch (the same ring). */
  unplaced = new Float32Array(0);
  /** The (0-based) epoch of each column. */
  colEpoch = new Float64Array(HEAT_COLUMNS);

  /** The run figures (src/metrics/aggregate.ts, as the engine's run totals), at the newest RUN_FIGURE_EPOCHS epochs. */
  private run = new RunPrefixes(0, RUN_FIGURE_EPOCHS);

  /**
   * The timeline's events as the engine's stream reported them (src/engine/event-stream.ts):
   * the epoch each fired in, ended in or failed in, its index in meta.timeline, its status.
   */
  timeline: { epoch: number; index: number; status: 'fired' | 'done' | 'failed' }[] = [];

  /**
   * What each event of the timeline that fired did, as of the newest snapshot: the engine's
   * outcomes (the CLI report's `events` rows), in time order; one not listed has not fired yet.
   */
  outcomes: readonly EventOutcome[] = [];

  private listeners = new Set<() => void>();
  private queue: Queued[] = [];
  /** Told when a snapshot waits to be committed (the frame loop schedules a frame). */
  onQueued: (() => void) | null = null;

  reset(meta: EngineMeta | null, runId: number): void {
    this.meta = meta;
    this.runId = runId;
    this.latest = null;
    this.epochsDone = 0;
    this.stats = {};
    this.rowRing.clear();
    this.overview.clear();
    this.pool.reset(meta, HISTORY_ROWS);
    this.groups = meta?.heatGroups ?? 0;
    this.heat = new Float32Array(HEAT_COLUMNS * this.groups);
    this.fast = new Float32Array(HEAT_COLUMNS * this.groups);
    this.unplaced = new Float32Array(HEAT_COLUMNS * this.groups);
    this.colRing.clear();
    this.timeline = [];
    this.outcomes = [];
    this.run = new RunPrefixes(meta?.epochMs ?? 0, RUN_FIGURE_EPOCHS);
    this.queue = [];
    this.changed();
  }

  /**
   * The same run goes on under a new run id (a fresh worker that replayed it to where this data
   * ends): everything held stays, snapshots of `runId` continue it.
   */
  resume(runId: number): void {
    this.runId = runId;
    for (const q of this.queue) q.runId = runId;
  }

  /** Told when the run's topology changed mid-run (its new meta, committed with the snapshot that carries it). */
  onMeta: ((meta: EngineMeta) => void) | null = null;

  /**
   * The topology changed mid-run (hot-add, hot-remove, a failure): the same run goes on with a
   * new meta. The run's rows stay; per-device pool samples restart if the pool's shape changed.
   */
  private retopo(meta: EngineMeta): void {
    const old = this.meta;
    this.meta = meta;
    if (!old || old.pool?.devices.length !== meta.pool?.devices.length || old.hosts.length !== meta.hosts.length) this.pool.reset(meta, HISTORY_ROWS);
    this.onMeta?.(meta);
  }

  /** Queues a snapshot for the next commit (see push for the arguments). */
  enqueue(buffer: ArrayBuffer, runId: number, epochsDone: number, stats: Record<string, number> = {}, meta?: EngineMeta, events?: EventOutcome[]): void {
    if (runId !== this.runId) return;
    this.queue.push({ buffer, runId, epochsDone, stats, meta, events });
    if (this.queue.length >= MAX_QUEUED) this.commit();
    else this.onQueued?.();
  }

  /** Takes every queued snapshot, in order; returns whether anything changed. */
  commit(): boolean {
    if (this.queue.length === 0) return false;
    const q = this.queue;
    this.queue = [];
    let changed = false;
    for (const s of q) {
      if (s.meta && s.runId === this.runId) this.retopo(s.meta);
      const ok = this.apply(s.buffer, s.runId, s.epochsDone, s.stats);
      if (ok && s.events) this.outcomes = s.events;
      changed = ok || changed;
    }
    if (changed) this.changed();
    return changed;
  }

  /** Epochs completed as of the newest snapshot received, committed or not. */
  get latestEpochs(): number {
    return this.queue.length ? this.queue[this.queue.length - 1].epochsDone : this.epochsDone;
  }

  /** The 0-based index of the newest epoch shown (-1 before the first). */
  get shownEpoch(): number {
    return this.epochsDone - 1;
  }

  /**
   * Takes one snapshot of run `runId` taken after `epochsDone` epochs; returns false (and
   * ignores it) if it is stale or does not fit the run's meta.
   */
  push(buffer: ArrayBuffer, runId: number, epochsDone: number, stats: Record<string, number> = {}): boolean {
    const ok = this.apply(buffer, runId, epochsDone, stats);
    if (ok) this.changed();
    return ok;
  }

  private apply(buffer: ArrayBuffer, runId: number, epochsDone: number, stats: Record<string, number>): boolean {
    if (runId !== this.runId || !this.meta) return false;
    const snap = decodeSnapshot(buffer);
    if (snap.groups !== this.groups || snap.devices !== this.meta.devices.length) return false;
    this.latest = snap;
    this.epochsDone = epochsDone;
    this.stats = stats;
    const h = snap.history;
    const rows = h.length / SUMMARY_WIDTH;
    for (let r = 0; r < rows; r++) {
      this.pool.addRow(snap, r, this.addRow(h, r * SUMMARY_WIDTH));
      // One heatmap column per epoch; placement is only known as of the snapshot.
      if (this.groups > 0) {
        const row = (a: Float64Array) => a.subarray(r * this.groups, (r + 1) * this.groups);
        this.addColumn(row(snap.heatRows), row(snap.fastRows), row(snap.unplacedRows), h[r * SUMMARY_WIDTH + EPOCH]);
      }
    }
    if (epochsDone > 0) this.pool.addSample(snap, epochsDone - 1);
    if (snap.streamRows > 0) {
      const status = { [EVENT_STATUS.fired]: 'fired', [EVENT_STATUS.done]: 'done', [EVENT_STATUS.failed]: 'failed' } as const;
      for (const r of decodeStream(snap.stream)) {
        if (r.kind === 'event') this.timeline.push({ epoch: r.epoch, index: r.code, status: status[r.value as 1 | 2 | 3] });
      }
      // A timeline holds at most LIMITS.events events, each a row or two: a bound for a run restarted many times over.
      if (this.timeline.length > 4096) this.timeline.splice(0, this.timeline.length - 4096);
    }
    return true;
  }

  /**
   * Whether device occupancy is known: before the first epoch an engine may report zero
   * pages everywhere although the working sets are already placed.
   */
  occupancyKnown(pagesField: number, width: number): boolean {
    const snap = this.latest;
    if (!snap) return false;
    if (this.epochsDone > 0) return true;
    for (let d = 0; d < snap.devices; d++) if (snap.device[d * width + pagesField] > 0) return true;
    return false;
  }

  /** Summary rows held. */
  get rowCount(): number {
    return this.rowRing.count;
  }

  /** Index into `rows` of the i-th oldest row (0 <= i < rowCount). */
  rowOffset(i: number): number {
    return this.rowRing.slot(i) * SUMMARY_WIDTH;
  }

  /** Index into `rows` of the row of (0-based) epoch `epoch`, or -1 if it is not in the ring. */
  rowOfEpoch(epoch: number): number {
    const n = this.rowCount;
    if (n === 0) return -1;
    // Rows arrive one per epoch in order: the epoch's place is its distance from the oldest.
    const i = epoch - this.rows[this.rowOffset(0) + EPOCH];
    if (i < 0 || i >= n || !Number.isInteger(i)) return -1;
    const o = this.rowOffset(i);
    return this.rows[o + EPOCH] === epoch ? o : -1;
  }

  /** Heat columns held. */
  get colCount(): number {
    return this.colRing.count;
  }

  /** Index of the i-th oldest heat column (0 <= i < colCount). */
  column(i: number): number {
    return this.colRing.slot(i);
  }

  /** Epochs whose rows arrived in order from epoch 0 (what figuresAt can cover). */
  get summedEpochs(): number {
    return this.run.epochs;
  }

  /**
   * The run figures over epochs [0, n) (the CLI's summary of those epochs), n at most
   * summedEpochs and at least RUN_FIGURE_EPOCHS before it; `epochs` says which n they are of.
   */
  figuresAt(n: number): RunFigures {
    return this.run.figuresAt(n);
  }

  /** Pages migrated over the run so far (the run figure; 0 before the first epoch). */
  get totalMigrations(): number {
    return this.run.figuresAt(this.run.epochs).migrations;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Adds a summary row; returns its ring slot. */
  private addRow(src: Float64Array, at: number): number {
    const slot = this.rowRing.push();
    this.rows.set(src.subarray(at, at + SUMMARY_WIDTH), slot * SUMMARY_WIDTH);
    this.run.add(src, at);
    this.overview.add(src, at);
    return slot;
  }

  private addColumn(heat: ArrayLike<number>, fast: ArrayLike<number>, unplaced: ArrayLike<number>, epoch: number): void {
    const slot = this.colRing.push();
    this.heat.set(heat, slot * this.groups);
    this.fast.set(fast, slot * this.groups);
    this.unplaced.set(unplaced, slot * this.groups);
    this.colEpoch[slot] = epoch;
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}
