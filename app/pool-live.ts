// The pool's data in the app, beside a run's summary rows (app/live.ts): a pool row per epoch
// in the same ring slots as the summary rows (every epoch, from the snapshots' pool history),
// and, for one host or one pooled device over time, the per-host / per-device rows of each
// snapshot (the newest epoch of each; at the default speed every epoch has its own). Only a
// scenario with a pool allocates anything.
import type { EngineMeta } from '../src/engine/meta';
import { Ring } from '../src/engine/ring';
import { POOL, POOL_DEVICE, POOL_DEVICE_WIDTH, POOL_HOST, POOL_HOST_WIDTH, POOL_WIDTH, SUMMARY_WIDTH, type SnapshotView } from '../src/engine/snapshot';

/** Snapshots whose per-host and per-device rows are kept for the pool chart's host / device view. */
export const POOL_SAMPLES = 512;

/** What the pool chart plots: the pod, one host (index) or one pooled device (index in meta.pool.devices). */
export type PoolScope = { kind: 'pod' } | { kind: 'host'; index: number } | { kind: 'device'; index: number };

/** The chart's series, each in GiB, in drawing order. */
export const POOL_SERIES = ['owned', 'used', 'untouched', 'stranded', 'free'] as const;
export type PoolSeries = (typeof POOL_SERIES)[number];

/** What each series means in a scope: the pod and a host own DRAM + granted extents; a device's "owned" is what hosts hold of it. */
export function seriesLabel(s: PoolSeries, scope: PoolScope['kind']): string {
  if (scope === 'device') return { owned: 'granted to hosts', used: 'used by VMs', untouched: 'untouched', stranded: 'stranded', free: 'not granted' }[s];
  return { owned: 'owned (DRAM + granted)', used: 'used by VMs', untouched: 'untouched', stranded: 'stranded', free: 'free' }[s];
}

/**
 * The columns each series adds up, per kind of row: the pod and a host own their DRAM plus the
 * extents granted to them; a device's "owned" is what hosts hold of it.
 */
type SeriesColumns = Record<PoolSeries, readonly number[]>;
const POD_COLUMNS: SeriesColumns = {
  owned: [POOL.dramGiB, POOL.poolGrantedGiB], used: [POOL.usedGiB], untouched: [POOL.untouchedGiB], stranded: [POOL.strandedGiB], free: [POOL.freeGiB],
};
const HOST_COLUMNS: SeriesColumns = {
  owned: [POOL_HOST.dramGiB, POOL_HOST.poolGrantedGiB], used: [POOL_HOST.usedGiB], untouched: [POOL_HOST.untouchedGiB], stranded: [POOL_HOST.strandedGiB], free: [POOL_HOST.freeGiB],
};
const DEVICE_COLUMNS: SeriesColumns = {
  owned: [POOL_DEVICE.grantedGiB], used: [POOL_DEVICE.usedGiB], untouched: [POOL_DEVICE.untouchedGiB], stranded: [POOL_DEVICE.strandedGiB], free: [POOL_DEVICE.freeGiB],
};

function seriesValue(a: Float64Array, o: number, columns: readonly number[]): number {
  let v = 0;
  for (const c of columns) v += a[o + c];
  return v;
}

export class PoolHistory {
  /** Pool rows (POOL_WIDTH), in the slots of LiveData.rows (slot * POOL_WIDTH). */
  rows = new Float64Array(0);
  /** The samples' ring: slot s is row s of `samples` (a snapshot's host rows then its device rows) and its epoch. */
  readonly sampleRing = new Ring(POOL_SAMPLES);
  samples = new Float64Array(0);
  sampleEpoch = new Float64Array(0);
  hosts = 0;
  devices = 0;
  /** Extents the pool manager granted and reclaimed over the rows received (run totals). */
  totalGranted = 0;
  totalReclaimed = 0;
  private width = 0;

  reset(meta: EngineMeta | null, historyRows: number): void {
    const pooled = meta?.pool ?? null;
    this.hosts = pooled ? meta!.hosts.length : 0;
    this.devices = pooled ? pooled.devices.length : 0;
    this.width = this.hosts * POOL_HOST_WIDTH + this.devices * POOL_DEVICE_WIDTH;
    this.rows = new Float64Array(pooled ? historyRows * POOL_WIDTH : 0);
    this.samples = new Float64Array(pooled ? POOL_SAMPLES * this.width : 0);
    this.sampleEpoch = new Float64Array(pooled ? POOL_SAMPLES : 0);
    this.sampleRing.clear();
    this.totalGranted = 0;
    this.totalReclaimed = 0;
  }

  get pooled(): boolean {
    return this.hosts > 0;
  }

  /** The pool row of history row r of `snap` into ring slot `slot`. */
  addRow(snap: SnapshotView, r: number, slot: number): void {
    if (!this.pooled || snap.poolHistory.length === 0) return;
    const row = snap.poolHistory.subarray(r * POOL_WIDTH, (r + 1) * POOL_WIDTH);
    this.rows.set(row, slot * POOL_WIDTH);
    if (!Number.isNaN(row[0])) { this.totalGranted += row[POOL.extentsGranted]; this.totalReclaimed += row[POOL.extentsReclaimed]; }
  }

  /** The pool row beside the summary row at `rowOffset` of LiveData.rows (the same ring slot). */
  static offsetOf(rowOffset: number): number {
    return (rowOffset / SUMMARY_WIDTH) * POOL_WIDTH;
  }

  /** The per-host and per-device rows of the snapshot's newest epoch. */
  addSample(snap: SnapshotView, epoch: number): void {
    if (!this.pooled || snap.poolHosts !== this.hosts || snap.poolDevices !== this.devices) return;
    const newest = this.sampleRing.newest;
    // The same epoch again (a snapshot of a paused run): overwrite it rather than repeat it.
    const slot = newest >= 0 && this.sampleEpoch[newest] === epoch ? newest : this.sampleRing.push();
    this.sampleEpoch[slot] = epoch;
    const o = slot * this.width;
    this.samples.set(snap.poolHost, o);
    this.samples.set(snap.poolDevice, o + this.hosts * POOL_HOST_WIDTH);
  }

  /** Samples held. */
  get sampleCount(): number {
    return this.sampleRing.count;
  }

  /** Index of the i-th oldest sample (0 <= i < sampleCount). */
  sample(i: number): number {
    return this.sampleRing.slot(i);
  }

  /** Series `s` (GiB) of the pod from a pool row at `o` of `rows`. */
  static pod(rows: Float64Array, o: number, s: PoolSeries): number {
    return seriesValue(rows, o, POD_COLUMNS[s]);
  }

  /** Series `s` of a host or device scope in sample slot `slot`. */
  scoped(scope: Exclude<PoolScope, { kind: 'pod' }>, slot: number, s: PoolSeries): number {
    const o = slot * this.width;
    return scope.kind === 'host'
      ? seriesValue(this.samples, o + scope.index * POOL_HOST_WIDTH, HOST_COLUMNS[s])
      : seriesValue(this.samples, o + this.hosts * POOL_HOST_WIDTH + scope.index * POOL_DEVICE_WIDTH, DEVICE_COLUMNS[s]);
  }
}
