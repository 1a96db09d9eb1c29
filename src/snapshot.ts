// The compact, transferable form of one engine state, streamed from the worker to the UI.
// One Float64Array: a fixed header, the newest epoch's summary and pool rows, then per-device, per-host and per-page-group blocks,
// then the summary rows of every epoch since the previous snapshot (for the charts).

/**
 * Per-epoch summary fields, in this order, everywhere (snapshot rows, CLI, charts).
 * amatNs and throughputGBps are over served accesses only; the three access shares are of ALL
 * sampled accesses, so fast tier + slower tiers + unplaced = 1 (localAccessShare: the host's
 * own DRAM, a part of the fast tier's share on today's fabrics). pagesLost = pages destroyed
 * by a fault; pagesUnplaced = pages with no device (a strict policy could not place them) at
 * the end of the epoch. hotSetFastShare = share of the hot set's pages on their host's fast tier
 * at the end of the epoch (the hot set: the smallest set of hottest pages that receives 80 % of
 * the accesses by the workload model's true rates, per address space, then pooled);
 * hotSetShifts = hot-set shifts that happened during the epoch. The application's side:
 * instructionsPerSecond (all hosts), the same scenario's with every page on its host's local
 * DRAM under the same load (allLocalInstructionsPerSecond), slowdownPercent = 100 x (1 - their
 * ratio) (negative: faster than all-local), and migrationCpuPercent = share of all hosts' CPU
 * time spent on tiering (hint faults, page copies, TLB shootdowns, kswapd). Shared regions
 * (src/coherency.ts): coherencyTrafficGBps = coherency bytes sent per second, each message
 * once; coherencyLatencyNs = latency coherency adds per access served (included in amatNs),
 * access-weighted over all hosts; both 0 without a shared region.
 */
export const SUMMARY_FIELDS = [
  'epoch',
  'timeMs',
  'amatNs',
  'throughputGBps',
  'fastTierAccessShare',
  'localAccessShare',
  'unplacedAccessShare',
  'migrations',
  'promotions',
  'demotions',
  'pagesLost',
  'pagesUnplaced',
  'realAccessesPerSample',
  'hotSetFastShare',
  'hotSetShifts',
  'slowdownPercent',
  'instructionsPerSecond',
  'allLocalInstructionsPerSecond',
  'migrationCpuPercent',
  'coherencyTrafficGBps',
  'coherencyLatencyNs',
] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];
export type EpochSummary = Record<SummaryField, number>;
export const SUMMARY_WIDTH = SUMMARY_FIELDS.length;

/** Per-device fields of a snapshot (accessShare: of all sampled accesses, unplaced ones included). */
export const DEVICE_FIELDS = ['pages', 'freePages', 'utilisation', 'bandwidthGBps', 'latencyNs', 'accessShare'] as const;
export const DEVICE_WIDTH = DEVICE_FIELDS.length;
/**
 * Per-host fields of a snapshot (the shares are of all the host's sampled accesses, as in
 * SUMMARY_FIELDS; slowdownPercent against the host's own all-local instruction rate;
 * migrationCpuPercent of the host's CPU time).
 */
export const HOST_FIELDS = ['throughputGBps', 'amatNs', 'fastTierAccessShare', 'localAccessShare', 'unplacedAccessShare', 'slowdownPercent', 'instructionsPerSecond', 'migrationCpuPercent'] as const;
export const HOST_WIDTH = HOST_FIELDS.length;
/** Per-link fields of a snapshot (utilisation and bandwidthGBps: the busier direction; coherencyGBps: shared regions' coherency traffic, both directions). */
export const LINK_FIELDS = ['utilisation', 'bandwidthGBps', 'coherencyGBps'] as const;
export const LINK_WIDTH = LINK_FIELDS.length;

/**
 * Per-epoch pool fields (src/pool/model.ts), all of this epoch: GiB of the modelled machine
 * (the pool's scale); stranded = free memory (DRAM and granted pool extents) on hosts whose
 * cores are all rented (fewer free than the smallest VM), its share of all host DRAM + pool
 * capacity in %; untouched = memory running VMs hold but never touch; extents granted and
 * reclaimed this epoch; vmsRejected this epoch; vmAmatNs and vmSlowdownPercent = mean over the
 * running VMs (slowdown against all their memory on local DRAM). All 0 without a pool.
 */
export const POOL_FIELDS = [
  'strandedGiB', 'strandedPercent', 'untouchedGiB', 'poolCapacityGiB', 'poolGrantedGiB', 'poolUsedGiB',
  'coresRentedPercent', 'vmsRunning', 'vmsRejected', 'extentsGranted', 'extentsReclaimed', 'vmAmatNs', 'vmSlowdownPercent',
] as const;
export const POOL_WIDTH = POOL_FIELDS.length;

/** Column of each field in a row, derived from a field list: rows are written by name. */
export function columnsOf<const F extends readonly string[]>(fields: F): { readonly [K in F[number]]: number } {
  return Object.fromEntries(fields.map((f, i) => [f, i])) as { [K in F[number]]: number };
}
export const DEVICE = columnsOf(DEVICE_FIELDS);
export const HOST = columnsOf(HOST_FIELDS);
export const LINK = columnsOf(LINK_FIELDS);
export const POOL = columnsOf(POOL_FIELDS);

const HEADER = 6; // devices, hosts, links, groups, history rows, the run metadata's version
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

export function snapshotLength(devices: number, hosts: number, links: number, groups: number, rows: number): number {
  return HEADER + SUMMARY_WIDTH + POOL_WIDTH + devices * DEVICE_WIDTH + hosts * HOST_WIDTH + links * LINK_WIDTH + GROUP_BLOCKS * groups + rows * (SUMMARY_WIDTH + GROUP_BLOCKS * groups);
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
}

export function encodeSnapshot(p: SnapshotParts, devices: number, hosts: number, links: number, groups: number): ArrayBuffer {
  const rows = p.history.length / SUMMARY_WIDTH;
  const out = new Float64Array(snapshotLength(devices, hosts, links, groups, rows));
  out[0] = devices; out[1] = hosts; out[2] = links; out[3] = groups; out[4] = rows; out[5] = p.metaVersion ?? 0;
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
  return out.buffer;
}

export function decodeSnapshot(buffer: ArrayBuffer): SnapshotView {
  const a = new Float64Array(buffer);
  const devices = a[0], hosts = a[1], links = a[2], groups = a[3], rows = a[4];
  if (a.length !== snapshotLength(devices, hosts, links, groups, rows)) throw new Error('snapshot: bad length');
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
  };
}

export function summaryRow(history: Float64Array, row: number): EpochSummary {
  const s = {} as EpochSummary;
  SUMMARY_FIELDS.forEach((f, i) => { s[f] = history[row * SUMMARY_WIDTH + i]; });
  return s;
}
