// High-rate data from the worker, kept out of React: the latest snapshot, a ring of
// summary rows for the charts and a ring of heat / placement columns for the heatmap.
// Views read it once per animation frame; `version` tells them whether anything changed.
import type { EngineMeta } from '../src/meta';
import { decodeSnapshot, SUMMARY_FIELDS, SUMMARY_WIDTH, type SnapshotView } from '../src/snapshot';

export const HISTORY_ROWS = 4096;
export const HEAT_COLUMNS = 240;

const MIGRATIONS = SUMMARY_FIELDS.indexOf('migrations');
const PAGES_LOST = SUMMARY_FIELDS.indexOf('pagesLost');

export class LiveData {
  meta: EngineMeta | null = null;
  runId = -1;
  latest: SnapshotView | null = null;
  /** Epochs completed at the latest snapshot (the summary's own `epoch` is 0-based). */
  epochsDone = 0;
  /** Bumped on every change; views redraw when it differs from what they drew. */
  version = 0;

  /** Summary rows, oldest first from `rowStart`, wrapping at HISTORY_ROWS. */
  readonly rows = new Float64Array(HISTORY_ROWS * SUMMARY_WIDTH);
  rowCount = 0;
  rowStart = 0;
  totalMigrations = 0;
  totalPagesLost = 0;

  groups = 0;
  /** Heat and placement columns (groups floats each), oldest first from `colStart`. */
  heat = new Float32Array(0);
  fast = new Float32Array(0);
  colEpoch = new Float64Array(HEAT_COLUMNS);
  colCount = 0;
  colStart = 0;

  private listeners = new Set<() => void>();

  reset(meta: EngineMeta | null, runId: number): void {
    this.meta = meta;
    this.runId = runId;
    this.latest = null;
    this.epochsDone = 0;
    this.rowCount = 0;
    this.rowStart = 0;
    this.totalMigrations = 0;
    this.totalPagesLost = 0;
    this.groups = meta?.heatGroups ?? 0;
    this.heat = new Float32Array(HEAT_COLUMNS * this.groups);
    this.fast = new Float32Array(HEAT_COLUMNS * this.groups);
    this.colCount = 0;
    this.colStart = 0;
    this.changed();
  }

  /**
   * Takes one snapshot of run `runId` taken after `epochsDone` epochs; returns false (and
   * ignores it) if it is stale or does not fit the run's meta.
   */
  push(buffer: ArrayBuffer, runId: number, epochsDone: number): boolean {
    if (runId !== this.runId || !this.meta) return false;
    const snap = decodeSnapshot(buffer);
    if (snap.groups !== this.groups || snap.devices !== this.meta.devices.length) return false;
    this.latest = snap;
    this.epochsDone = epochsDone;
    const h = snap.history;
    for (let r = 0; r < h.length / SUMMARY_WIDTH; r++) this.addRow(h, r * SUMMARY_WIDTH);
    // A snapshot holds the heat of its newest epoch only; a fresh run has none yet.
    if (epochsDone > 0 && this.groups > 0 && this.lastColumnEpoch() !== epochsDone) {
      this.addColumn(snap, epochsDone);
    }
    this.changed();
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

  /** Index of the i-th oldest heat column (0 <= i < colCount). */
  column(i: number): number {
    return (this.colStart + i) % HEAT_COLUMNS;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private lastColumnEpoch(): number {
    return this.colCount ? this.colEpoch[this.column(this.colCount - 1)] : -1;
  }

  private addRow(src: Float64Array, at: number): void {
    let slot: number;
    if (this.rowCount < HISTORY_ROWS) slot = this.rowCount++;
    else { slot = this.rowStart; this.rowStart = (this.rowStart + 1) % HISTORY_ROWS; }
    this.rows.set(src.subarray(at, at + SUMMARY_WIDTH), slot * SUMMARY_WIDTH);
    this.totalMigrations += src[at + MIGRATIONS];
    this.totalPagesLost += src[at + PAGES_LOST];
  }

  private addColumn(snap: SnapshotView, epochsDone: number): void {
    let slot: number;
    if (this.colCount < HEAT_COLUMNS) slot = (this.colStart + this.colCount++) % HEAT_COLUMNS;
    else { slot = this.colStart; this.colStart = (this.colStart + 1) % HEAT_COLUMNS; }
    this.heat.set(snap.heat, slot * this.groups);
    this.fast.set(snap.groupFast, slot * this.groups);
    this.colEpoch[slot] = epochsDone;
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}
