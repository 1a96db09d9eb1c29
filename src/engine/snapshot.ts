// The compact, transferable form of one engine state, streamed from the worker to the UI.
// One Float64Array: a fixed header, the newest epoch's summary and pool rows, then per-device, per-host and per-page-group blocks,
// then the summary rows of every epoch since the previous snapshot (for the charts), then the
// pool's blocks (per host, per pooled device, extents granted per device and host, running
// VMs, a pool row per history row): empty for a scenario without a pool; last, the event
// stream's records of those epochs (src/engine/event-stream.ts: STREAM_FIELDS each).
import { ROW_KEYS, type RowKey } from '../metrics/registry';
import { STREAM_WIDTH } from './event-stream';

/**
 * Per-epoch summary fields, in this order, everywhere (snapshot rows, the app's history, the
 * engine's run totals): the registry's rows (src/metrics/registry.ts says what each is). The
 * CLI's epoch rows are those with `epochs` (EPOCH_REPORT_KEYS): all but the two access weights
 * at the end, which ride here so the app's run figures are the CLI's.
 */
export const SUMMARY_FIELDS: readonly RowKey[] = ROW_KEYS;
export type SummaryField = RowKey;
export type EpochSummary = Record<SummaryField, number>;
export const SUMMARY_WIDTH = SUMMARY_FIELDS.length;

/**
 * Per-device fields of a snapshot. pages, freePages and accessShare are the scenario's workloads'
 * (accessShare: of all their sampled accesses, unplaced ones included); utilisation,
 * bandwidthGBps and latencyNs count every access, the pool's VMs' too. vmGiB: memory the pool's
 * running VMs hold on the device (GiB of the modelled machine, the pool's scale: a host's DRAM
 * split over its DRAM devices by capacity); vmBandwidthGBps: the VMs' part of bandwidthGBps. Both
 * 0 without a pool.
 */
export const DEVICE_FIELDS = ['pages', 'freePages', 'utilisation', 'bandwidthGBps', 'latencyNs', 'accessShare', 'vmGiB', 'vmBandwidthGBps'] as const;
export const DEVICE_WIDTH = DEVICE_FIELDS.length;
/**
 * Per-host fields of a snapshot (the shares are of all the host's sampled accesses, as in
 * SUMMARY_FIELDS; slowdownPercent against the host's own all-local instruction rate;
 * migrationCpuPercent and placementCpuPercent of the host's CPU time).
 */
export const HOST_FIELDS = ['throughputGBps', 'amatNs', 'fastTierAccessShare', 'localAccessShare', 'unplacedAccessShare', 'slowdownPercent', 'instructionsPerSecond', 'migrationCpuPercent', 'placementCpuPercent'] as const;
export const HOST_WIDTH = HOST_FIELDS.length;
/** Per-link fields of a snapshot (utilisation and bandwidthGBps: the busier direction; coherencyGBps: shared regions' coherency traffic, both directions). */
export const LINK_FIELDS = ['utilisation', 'bandwidthGBps', 'coherencyGBps'] as const;
export const LINK_WIDTH = LINK_FIELDS.length;

/**
 * Per-epoch pool fields (src/pool/model.ts), all of this epoch: GiB of the modelled machine
 * (the pool's scale); dramGiB = all hosts' DRAM, usedGiB = memory running VMs hold (DRAM and
 * pool), freeGiB = memory hosts hold (DRAM and granted extents) that no VM uses; stranded = free memory (DRAM and granted pool extents) on hosts whose
 * cores are all rented (fewer free than the smallest VM), its share of all host DRAM + pool
 * capacity in %; untouched = memory running VMs hold but never touch; extents granted and
 * reclaimed this epoch; vmsRejected this epoch; vmAmatNs and vmSlowdownPercent = mean over the
 * running VMs (slowdown against all their memory on local DRAM); dramSavedPercent = the DRAM the
 * pool saves counted from the run's peaks so far (src/pool/savings.ts: at the run's last epoch,
 * summary.pool's). All 0 without a pool.
 */
export const POOL_FIELDS = [
  'strandedGiB', 'strandedPercent', 'untouchedGiB', 'poolCapacityGiB', 'poolGrantedGiB', 'poolUsedGiB',
  'coresRentedPercent', 'vmsRunning', 'vmsRejected', 'extentsGranted', 'extentsReclaimed', 'vmAmatNs', 'vmSlowdownPercent',
  'dramGiB', 'usedGiB', 'freeGiB', 'dramSavedPercent',
] as const;
export const POOL_WIDTH = POOL_FIELDS.length;

/**
 * Per-host pool fields, this epoch, GiB of the modelled machine: dramGiB = the host's own DRAM,
 * poolGrantedGiB = pool extents it holds, usedGiB = held by its VMs (DRAM and pool),
 * untouchedGiB = the part of that its VMs never touch, strandedGiB = its free memory (DRAM and
 * granted extents) if its cores are all rented (fewer free than the smallest VM), else 0,
 * freeGiB = DRAM + granted - used; coresRented (cores), vms (running on it), vmAmatNs (their
 * mean AMAT this epoch, ns; 0 with none).
 */
export const POOL_HOST_FIELDS = ['dramGiB', 'poolGrantedGiB', 'usedGiB', 'untouchedGiB', 'strandedGiB', 'freeGiB', 'coresRented', 'vms', 'vmAmatNs'] as const;
export const POOL_HOST_WIDTH = POOL_HOST_FIELDS.length;
/**
 * Per-pooled-device fields, this epoch, GiB: capacityGiB, grantedGiB (held by hosts), usedGiB
 * (by VMs), untouchedGiB (the part of that never touched: under zNUMA the guest fills its local
 * node first, so a VM's untouched memory is on the pool first), strandedGiB (granted, unused, on
 * hosts whose cores are all rented), freeGiB = capacity - granted (no host holds it).
 */
export const POOL_DEVICE_FIELDS = ['capacityGiB', 'grantedGiB', 'usedGiB', 'untouchedGiB', 'strandedGiB', 'freeGiB'] as const;
export const POOL_DEVICE_WIDTH = POOL_DEVICE_FIELDS.length;
/**
 * A running VM, this epoch (PoolModel.vmFigures): id (arrival order), host (index), memoryGiB,
 * poolShare (share of its accesses the pool served, 0..1), amatNs, slowdownPercent (against all
 * of its memory on local DRAM).
 * At most LIMITS.vmSnapshotRows per snapshot, the slowest first (POOL.vmsRunning says how many run).
 */
export const VM_FIELDS = ['id', 'host', 'memoryGiB', 'poolShare', 'amatNs', 'slowdownPercent'] as const;
export const VM_WIDTH = VM_FIELDS.length;

/** Column of each field in a row, derived from a field list: rows are written by name. */
export function columnsOf<const F extends readonly string[]>(fields: F): { readonly [K in F[number]]: number } {
  return Object.fromEntries(fields.map((f, i) => [f, i])) as { [K in F[number]]: number };
}
export const DEVICE = columnsOf(DEVICE_FIELDS);
export const HOST = columnsOf(HOST_FIELDS);
export const LINK = columnsOf(LINK_FIELDS);
export const POOL = columnsOf(POOL_FIELDS);
export const POOL_HOST = columnsOf(POOL_HOST_FIELDS);
export const POOL_DEVICE = columnsOf(POOL_DEVICE_FIELDS);
export const VM = columnsOf(VM_FIELDS);

// devices, hosts, links, groups, history rows, the run metadata's version; the pool's hosts and
// pooled devices (0 and 0 without a pool) and VM rows; the event stream's records.
const HEADER = 10;
/** Per-group blocks: heat, fast share, unplaced share. */
const GROUP_BLOCKS = 3;

export interface SnapshotView {
  /** EngineMeta.version it was taken under: a newer one than the app holds means redraw the static views. */
  metaVersion: number;
  buffer: ArrayBuffer;
  /** Summary of the newest epoch. */
  summary: EpochSummary;
  /** The pool's figures of the newest epoch (POOL_FIELDS; zeros without a pool). */
  pool: Float64Array;
  /** Hosts and pooled devices of the pool (both 0 without a pool), running VMs shown. */
  poolHosts: number;
  poolDevices: number;
  vms: number;
  /** poolHosts x POOL_HOST_FIELDS, row-major. */
  poolHost: Float64Array;
  /** poolDevices x POOL_DEVICE_FIELDS, row-major. */
  poolDevice: Float64Array;
  /** GiB of pooled device d granted to host h: [d * poolHosts + h]. */
  extents: Float64Array;
  /** vms x VM_FIELDS, row-major, the slowest first. */
  vm: Float64Array;
  /** A pool row (POOL_WIDTH) per history row, the same epochs (empty without a pool; NaN: an epoch the engine no longer holds). */
  poolHistory: Float64Array;
  /** The event stream's records of the history rows' epochs (STREAM_FIELDS each, oldest first; decodeStream names them). */
  stream: Float64Array;
  streamRows: number;
  devices: number;
  hosts: number;
  links: number;
  groups: number;
  /** devices x DEVICE_FIELDS, row-major. */
  device: Float64Array;
  /** hosts x HOST_FIELDS, row-major. */
  host: Float64Array;
  /** links x LINK_FIELDS, row-major. */
  link: Float64Array;
  /** Sampled accesses per page group in the newest epoch (the heatmap column). */
  heat: Float64Array;
  /** Share of each page group's pages on their host's fast tier. */
  groupFast: Float64Array;
  /** Share of each page group's pages with no memory (unplaced). */
  groupUnplaced: Float64Array;
  /** Summary rows (SUMMARY_WIDTH each) of every epoch since the previous snapshot. */
  history: Float64Array;
  /** The heatmap column (groups values) of each of those epochs, row by row. */
  heatRows: Float64Array;
  /** The groupFast column of each of those epochs (placement at the end of the epoch), row by row. */
  fastRows: Float64Array;
  /** The groupUnplaced column of each of those epochs, row by row. */
  unplacedRows: Float64Array;
}

/** Sizes of a snapshot's pool blocks (all 0 without a pool). */
export interface PoolShapeOf { hosts: number; devices: number; vms: number }
const NO_POOL_SHAPE: PoolShapeOf = { hosts: 0, devices: 0, vms: 0 };

function poolLength(p: PoolShapeOf, rows: number): number {
  if (p.hosts === 0) return 0;
  return p.hosts * POOL_HOST_WIDTH + p.devices * (POOL_DEVICE_WIDTH + p.hosts) + p.vms * VM_WIDTH + rows * POOL_WIDTH;
}

export function snapshotLength(devices: number, hosts: number, links: number, groups: number, rows: number, pool: PoolShapeOf = NO_POOL_SHAPE, streamRows = 0): number {
  return HEADER + SUMMARY_WIDTH + POOL_WIDTH + devices * DEVICE_WIDTH + hosts * HOST_WIDTH + links * LINK_WIDTH + GROUP_BLOCKS * groups + rows * (SUMMARY_WIDTH + GROUP_BLOCKS * groups) + poolLength(pool, rows) + streamRows * STREAM_WIDTH;
}

/** The pool's blocks of a snapshot (the engine's pool writes them; SnapshotView names them). */
export interface PoolParts {
  hosts: number;
  devices: number;
  /** Running VM rows given (at most LIMITS.vmSnapshotRows). */
  vms: number;
  poolHost: ArrayLike<number>;
  poolDevice: ArrayLike<number>;
  extents: ArrayLike<number>;
  vm: ArrayLike<number>;
  /** One pool row per history row. */
  history: ArrayLike<number>;
}

export interface SnapshotParts {
  /** EngineMeta.version the snapshot was taken under (0 unless the topology changed). */
  metaVersion?: number;
  summary: EpochSummary;
  /** POOL_FIELDS of the newest epoch (optional: zeros). */
  pool?: ArrayLike<number>;
  device: ArrayLike<number>;
  host: ArrayLike<number>;
  link: ArrayLike<number>;
  heat: ArrayLike<number>;
  groupFast: ArrayLike<number>;
  /** Share of each group's pages with no memory (optional: zeros). */
  groupUnplaced?: ArrayLike<number>;
  history: ArrayLike<number>;
  /** rows x groups heat values, one column per history row (optional: zeros). */
  heatRows?: ArrayLike<number>;
  /** rows x groups placement values, one column per history row (optional: zeros). */
  fastRows?: ArrayLike<number>;
  /** rows x groups unplaced shares, one column per history row (optional: zeros). */
  unplacedRows?: ArrayLike<number>;
  /** The pool's blocks (absent: a scenario without a pool). */
  poolParts?: PoolParts;
  /** Event stream records (STREAM_WIDTH each; absent: none). */
  stream?: ArrayLike<number>;
}

export function encodeSnapshot(p: SnapshotParts, devices: number, hosts: number, links: number, groups: number): ArrayBuffer {
  const rows = p.history.length / SUMMARY_WIDTH;
  const pp = p.poolParts;
  const shape = pp ?? NO_POOL_SHAPE;
  const streamRows = (p.stream?.length ?? 0) / STREAM_WIDTH;
  const out = new Float64Array(snapshotLength(devices, hosts, links, groups, rows, shape, streamRows));
  out[0] = devices; out[1] = hosts; out[2] = links; out[3] = groups; out[4] = rows; out[5] = p.metaVersion ?? 0;
  out[6] = shape.hosts; out[7] = shape.devices; out[8] = shape.vms; out[9] = streamRows;
  let o = HEADER;
  for (const f of SUMMARY_FIELDS) out[o++] = p.summary[f];
  if (p.pool) out.set(p.pool as ArrayLike<number>, o);
  o += POOL_WIDTH;
  out.set(p.device as ArrayLike<number>, o); o += devices * DEVICE_WIDTH;
  out.set(p.host as ArrayLike<number>, o); o += hosts * HOST_WIDTH;
  out.set(p.link as ArrayLike<number>, o); o += links * LINK_WIDTH;
  out.set(p.heat as ArrayLike<number>, o); o += groups;
  out.set(p.groupFast as ArrayLike<number>, o); o += groups;
  if (p.groupUnplaced) out.set(p.groupUnplaced as ArrayLike<number>, o);
  o += groups;
  out.set(p.history as ArrayLike<number>, o); o += rows * SUMMARY_WIDTH;
  if (p.heatRows) out.set(p.heatRows as ArrayLike<number>, o);
  o += rows * groups;
  if (p.fastRows) out.set(p.fastRows as ArrayLike<number>, o);
  o += rows * groups;
  if (p.unplacedRows) out.set(p.unplacedRows as ArrayLike<number>, o);
  o += rows * groups;
  if (pp) {
    out.set(pp.poolHost, o); o += pp.hosts * POOL_HOST_WIDTH;
    out.set(pp.poolDevice, o); o += pp.devices * POOL_DEVICE_WIDTH;
    out.set(pp.extents, o); o += pp.devices * pp.hosts;
    out.set(pp.vm, o); o += pp.vms * VM_WIDTH;
    out.set(pp.history, o); o += rows * POOL_WIDTH;
  }
  if (p.stream) out.set(p.stream, o);
  return out.buffer;
}

export function decodeSnapshot(buffer: ArrayBuffer): SnapshotView {
  const a = new Float64Array(buffer);
  const devices = a[0], hosts = a[1], links = a[2], groups = a[3], rows = a[4];
  const pool: PoolShapeOf = { hosts: a[6], devices: a[7], vms: a[8] };
  const streamRows = a[9];
  if (a.length !== snapshotLength(devices, hosts, links, groups, rows, pool, streamRows)) throw new Error('snapshot: bad length');
  let o = HEADER;
  const summary = {} as EpochSummary;
  for (const f of SUMMARY_FIELDS) summary[f] = a[o++];
  const take = (n: number) => { const v = a.subarray(o, o + n); o += n; return v; };
  return {
    buffer, summary, devices, hosts, links, groups, metaVersion: a[5],
    pool: take(POOL_WIDTH),
    device: take(devices * DEVICE_WIDTH),
    host: take(hosts * HOST_WIDTH),
    link: take(links * LINK_WIDTH),
    heat: take(groups),
    groupFast: take(groups),
    groupUnplaced: take(groups),
    history: take(rows * SUMMARY_WIDTH),
    heatRows: take(rows * groups),
    fastRows: take(rows * groups),
    unplacedRows: take(rows * groups),
    poolHosts: pool.hosts, poolDevices: pool.devices, vms: pool.vms,
    poolHost: take(pool.hosts * POOL_HOST_WIDTH),
    poolDevice: take(pool.hosts > 0 ? pool.devices * POOL_DEVICE_WIDTH : 0),
    extents: take(pool.hosts > 0 ? pool.devices * pool.hosts : 0),
    vm: take(pool.hosts > 0 ? pool.vms * VM_WIDTH : 0),
    poolHistory: take(pool.hosts > 0 ? rows * POOL_WIDTH : 0),
    streamRows,
    stream: take(streamRows * STREAM_WIDTH),
  };
}

export function summaryRow(history: Float64Array, row: number): EpochSummary {
  const s = {} as EpochSummary;
  SUMMARY_FIELDS.forEach((f, i) => { s[f] = history[row * SUMMARY_WIDTH + i]; });
  return s;
}
