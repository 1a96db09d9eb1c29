// High-rate data from the worker, kept out of React: the latest snapshot, a ring of
// summary rows for the charts, a ring of per-epoch heat / placement columns for the heatmap
// and running sums for comparisons at equal epochs. Snapshots wait in a queue until the
// screen's frame loop commits them (app/frame.ts): the data only changes at a commit, so every
// view, canvas or React, drawn after it shows the same epoch. `version` tells views whether
// anything changed.
import { slowdownPercent } from '../src/physics/compute';
import type { EngineMeta } from '../src/engine/meta';
import { decodeSnapshot, SUMMARY_FIELDS, SUMMARY_WIDTH, type SnapshotView } from '../src/engine/snapshot';
import { PoolHistory } from './pool-live';

export const HISTORY_ROWS = 4096;
export const HEAT_COLUMNS = 240;

const EPOCH = SUMMARY_FIELDS.indexOf('epoch');
const AMAT = SUMMARY_FIELDS.indexOf('amatNs');
const TPUT = SUMMARY_FIELDS.indexOf('throughputGBps');
const FAST = SUMMARY_FIELDS.indexOf('fastTierAccessShare');
const LOCAL = SUMMARY_FIELDS.indexOf('localAccessShare');
const UNPLACED = SUMMARY_FIELDS.indexOf('unplacedAccessShare');
const PER_SAMPLE = SUMMARY_FIELDS.indexOf('realAccessesPerSample');
const MIGRATIONS = SUMMARY_FIELDS.indexOf('migrations');
const PROMOTIONS = SUMMARY_FIELDS.indexOf('promotions');
const DEMOTIONS = SUMMARY_FIELDS.indexOf('demotions');
const PAGES_LOST = SUMMARY_FIELDS.indexOf('pagesLost');
const IPS = SUMMARY_FIELDS.indexOf('instructionsPerSecond');
const IPS_LOCAL = SUMMARY_FIELDS.indexOf('allLocalInstructionsPerSecond');
const MIG_CPU = SUMMARY_FIELDS.indexOf('migrationCpuPercent');
const COH_GBPS = SUMMARY_FIELDS.indexOf('coherencyTrafficGBps');
const COH_NS = SUMMARY_FIELDS.indexOf('coherencyLatencyNs');

/**
 * Running sums per epoch, weighted as the engine's run totals (src/engine/run-totals.ts) weigh them:
 * served accesses (throughput), AMAT x served; then accesses issued (the same number of
 * samples every epoch, each standing for realAccessesPerSample real ones) and each access
 * share (fast tier, local node, unplaced) x issued; then instructions/s, all-local
 * instructions/s and migration CPU % (every epoch counts the same, as the engine's); then
 * coherency latency x served and coherency GB/s.
 */
const SUMS = 11;
/** Queued snapshots beyond this are committed at once (a hidden tab gets no animation frames). */
const MAX_QUEUED = 256;

interface Queued {
  buffer: ArrayBuffer;
  runId: number;
  epochsDone: number;
  stats: Record<string, number>;
}

/** Access-weighted figures of a run's first `epochs` epochs (as the engine's run totals). */
export interface RunFigures {
  epochs: number;
  amatNs: number;
  throughputGBps: number;
  /** Shares of all accesses issued (fast tier + slower tiers + unplaced = 1). */
  fastTierAccessShare: number;
  localAccessShare: number;
  unplacedAccessShare: number;
  /** Instructions retired against all-local (%), instructions/s and migration CPU share (%), as the engine's run totals. */
  slowdownPercent: number;
  instructionsPerSecond: number;
  migrationCpuPercent: number;
  /** Shared regions: latency coherency adds per access (access-weighted) and its traffic (GB/s), as the engine's run totals. */
  coherencyLatencyNs: number;
  coherencyTrafficGBps: number;
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

  /** Summary rows, oldest first from `rowStart`, wrapping at HISTORY_ROWS. */
  readonly rows = new Float64Array(HISTORY_ROWS * SUMMARY_WIDTH);
  rowCount = 0;
  rowStart = 0;
  totalMigrations = 0;
  totalPromotions = 0;
  totalDemotions = 0;
  totalPagesLost = 0;
  /** The pool's rows beside `rows` (same slots) and its per-host / per-device samples; empty without a pool. */
  readonly pool = new PoolHistory();

  groups = 0;
  /** Heat and placement columns (groups floats each), one per epoch, oldest first from `colStart`. */
  heat = new Float32Array(0);
  fast = new Float32Array(0);
  /** Share of each group's pages with no memory, one column per epoch (the same ring). */
  unplaced = new Float32Array(0);
  /** The (0-based) epoch of each column. */
  colEpoch = new Float64Array(HEAT_COLUMNS);
  colCount = 0;
  colStart = 0;

  /** Prefix sums: entry n (SUMS values) covers epochs [0, n). Grows with the run. */
  private sums = new Float64Array(SUMS * 1024);
  private sumCount = 1;

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
    this.rowCount = 0;
    this.rowStart = 0;
    this.totalMigrations = 0;
    this.totalPromotions = 0;
    this.totalDemotions = 0;
    this.totalPagesLost = 0;
    this.pool.reset(meta, HISTORY_ROWS);
    this.groups = meta?.heatGroups ?? 0;
    this.heat = new Float32Array(HEAT_COLUMNS * this.groups);
    this.fast = new Float32Array(HEAT_COLUMNS * this.groups);
    this.unplaced = new Float32Array(HEAT_COLUMNS * this.groups);
    this.colCount = 0;
    this.colStart = 0;
    this.sums = new Float64Array(SUMS * 1024);
    this.sumCount = 1;
    this.queue = [];
    this.changed();
  }

  /** Queues a snapshot for the next commit (see push for the arguments). */
  enqueue(buffer: ArrayBuffer, runId: number, epochsDone: number, stats: Record<string, number> = {}): void {
    if (runId !== this.runId) return;
    this.queue.push({ buffer, runId, epochsDone, stats });
    if (this.queue.length >= MAX_QUEUED) this.commit();
    else this.onQueued?.();
  }

  /** Takes every queued snapshot, in order; returns whether anything changed. */
  commit(): boolean {
    if (this.queue.length === 0) return false;
    const q = this.queue;
    this.queue = [];
    let changed = false;
    for (const s of q) changed = this.apply(s.buffer, s.runId, s.epochsDone, s.stats) || changed;
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

  /** Index into `rows` of the i-th oldest row (0 <= i < rowCount). */
  rowOffset(i: number): number {
    return ((this.rowStart + i) % HISTORY_ROWS) * SUMMARY_WIDTH;
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

  /** Index of the i-th oldest heat column (0 <= i < colCount). */
  column(i: number): number {
    return (this.colStart + i) % HEAT_COLUMNS;
  }

  /** Epochs whose rows arrived in order from epoch 0 (what figuresAt can cover). */
  get summedEpochs(): number {
    return this.sumCount - 1;
  }

  /** Access-weighted AMAT, mean throughput and fast-tier share over epochs [0, n). */
  figuresAt(n: number): RunFigures {
    const k = Math.max(0, Math.min(n, this.summedEpochs));
    const s = this.sums, o = k * SUMS;
    const w = s[o], issued = s[o + 2];
    const share = (j: number) => (issued > 0 ? s[o + j] / issued : 0);
    return {
      epochs: k,
      amatNs: w > 0 ? s[o + 1] / w : 0,
      throughputGBps: k > 0 ? w / k : 0,
      fastTierAccessShare: share(3),
      localAccessShare: share(4),
      unplacedAccessShare: share(5),
      slowdownPercent: slowdownPercent(s[o + 6], s[o + 7]),
      instructionsPerSecond: k > 0 ? s[o + 6] / k : 0,
      migrationCpuPercent: k > 0 ? s[o + 8] / k : 0,
      coherencyLatencyNs: w > 0 ? s[o + 9] / w : 0,
      coherencyTrafficGBps: k > 0 ? s[o + 10] / k : 0,
    };
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Adds a summary row; returns its ring slot. */
  private addRow(src: Float64Array, at: number): number {
    let slot: number;
    if (this.rowCount < HISTORY_ROWS) slot = this.rowCount++;
    else { slot = this.rowStart; this.rowStart = (this.rowStart + 1) % HISTORY_ROWS; }
    this.rows.set(src.subarray(at, at + SUMMARY_WIDTH), slot * SUMMARY_WIDTH);
    this.totalMigrations += src[at + MIGRATIONS];
    this.totalPromotions += src[at + PROMOTIONS];
    this.totalDemotions += src[at + DEMOTIONS];
    this.totalPagesLost += src[at + PAGES_LOST];
    this.addSums(src, at);
    return slot;
  }

  private addSums(src: Float64Array, at: number): void {
    if (src[at + EPOCH] !== this.sumCount - 1) return; // not the next epoch: sums stay as they are
    if ((this.sumCount + 1) * SUMS > this.sums.length) {
      const grown = new Float64Array(this.sums.length * 2);
      grown.set(this.sums);
      this.sums = grown;
    }
    const w = src[at + TPUT], issued = src[at + PER_SAMPLE];
    const p = (this.sumCount - 1) * SUMS, o = this.sumCount * SUMS;
    const add = (j: number, v: number) => { this.sums[o + j] = this.sums[p + j] + v; };
    add(0, w);
    add(1, w * src[at + AMAT]);
    add(2, issued);
    add(3, issued * src[at + FAST]);
    add(4, issued * src[at + LOCAL]);
    add(5, issued * src[at + UNPLACED]);
    add(6, src[at + IPS]);
    add(7, src[at + IPS_LOCAL]);
    add(8, src[at + MIG_CPU]);
    add(9, w * src[at + COH_NS]);
    add(10, src[at + COH_GBPS]);
    this.sumCount++;
  }

  private addColumn(heat: ArrayLike<number>, fast: ArrayLike<number>, unplaced: ArrayLike<number>, epoch: number): void {
    let slot: number;
    if (this.colCount < HEAT_COLUMNS) slot = (this.colStart + this.colCount++) % HEAT_COLUMNS;
    else { slot = this.colStart; this.colStart = (this.colStart + 1) % HEAT_COLUMNS; }
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
