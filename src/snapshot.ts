// The compact, transferable form of one engine state, streamed from the worker to the UI.
// One Float64Array: a fixed header, then per-device, per-host and per-page-group blocks,
// then the summary rows of every epoch since the previous snapshot (for the charts).

/** Per-epoch summary fields, in this order, everywhere (snapshot rows, CLI, charts). */
export const SUMMARY_FIELDS = [
  'epoch',
  'timeMs',
  'amatNs',
  'throughputGBps',
  'fastTierAccessShare',
  'migrations',
  'promotions',
  'demotions',
  'pagesLost',
  'realAccessesPerSample',
] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];
export type EpochSummary = Record<SummaryField, number>;
export const SUMMARY_WIDTH = SUMMARY_FIELDS.length;

/** Per-device fields of a snapshot. */
export const DEVICE_FIELDS = ['pages', 'freePages', 'utilisation', 'bandwidthGBps', 'latencyNs', 'accessShare'] as const;
export const DEVICE_WIDTH = DEVICE_FIELDS.length;
/** Per-host fields of a snapshot. */
export const HOST_FIELDS = ['throughputGBps', 'amatNs', 'fastTierAccessShare'] as const;
export const HOST_WIDTH = HOST_FIELDS.length;
/** Per-link fields of a snapshot (utilisation is the busier direction). */
export const LINK_FIELDS = ['utilisation', 'bandwidthGBps'] as const;
export const LINK_WIDTH = LINK_FIELDS.length;

/** Column of each field in a row, derived from a field list: rows are written by name. */
export function columnsOf<const F extends readonly string[]>(fields: F): { readonly [K in F[number]]: number } {
  return Object.fromEntries(fields.map((f, i) => [f, i])) as { [K in F[number]]: number };
}
export const DEVICE = columnsOf(DEVICE_FIELDS);
export const HOST = columnsOf(HOST_FIELDS);
export const LINK = columnsOf(LINK_FIELDS);

const HEADER = 6; // devices, hosts, links, groups, history rows, reserved

export interface SnapshotView {
  buffer: ArrayBuffer;
  /** Summary of the newest epoch. */
  summary: EpochSummary;
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
  /** Share of each page group's pages that sit on the fastest tier. */
  groupFast: Float64Array;
  /** Summary rows (SUMMARY_WIDTH each) of every epoch since the previous snapshot. */
  history: Float64Array;
  /** The heatmap column (groups values) of each of those epochs, row by row. */
  heatRows: Float64Array;
  /** The groupFast column of each of those epochs (placement at the end of the epoch), row by row. */
  fastRows: Float64Array;
}

export function snapshotLength(devices: number, hosts: number, links: number, groups: number, rows: number): number {
  return HEADER + SUMMARY_WIDTH + devices * DEVICE_WIDTH + hosts * HOST_WIDTH + links * LINK_WIDTH + 2 * groups + rows * (SUMMARY_WIDTH + 2 * groups);
}

export interface SnapshotParts {
  summary: EpochSummary;
  device: ArrayLike<number>;
  host: ArrayLike<number>;
  link: ArrayLike<number>;
  heat: ArrayLike<number>;
  groupFast: ArrayLike<number>;
  history: ArrayLike<number>;
  /** rows x groups heat values, one column per history row (optional: zeros). */
  heatRows?: ArrayLike<number>;
  /** rows x groups placement values, one column per history row (optional: zeros). */
  fastRows?: ArrayLike<number>;
}

export function encodeSnapshot(p: SnapshotParts, devices: number, hosts: number, links: number, groups: number): ArrayBuffer {
  const rows = p.history.length / SUMMARY_WIDTH;
  const out = new Float64Array(snapshotLength(devices, hosts, links, groups, rows));
  out[0] = devices; out[1] = hosts; out[2] = links; out[3] = groups; out[4] = rows;
  let o = HEADER;
  for (const f of SUMMARY_FIELDS) out[o++] = p.summary[f];
  out.set(p.device as ArrayLike<number>, o); o += devices * DEVICE_WIDTH;
  out.set(p.host as ArrayLike<number>, o); o += hosts * HOST_WIDTH;
  out.set(p.link as ArrayLike<number>, o); o += links * LINK_WIDTH;
  out.set(p.heat as ArrayLike<number>, o); o += groups;
  out.set(p.groupFast as ArrayLike<number>, o); o += groups;
  out.set(p.history as ArrayLike<number>, o); o += rows * SUMMARY_WIDTH;
  if (p.heatRows) out.set(p.heatRows as ArrayLike<number>, o);
  o += rows * groups;
  if (p.fastRows) out.set(p.fastRows as ArrayLike<number>, o);
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
    buffer, summary, devices, hosts, links, groups,
    device: take(devices * DEVICE_WIDTH),
    host: take(hosts * HOST_WIDTH),
    link: take(links * LINK_WIDTH),
    heat: take(groups),
    groupFast: take(groups),
    history: take(rows * SUMMARY_WIDTH),
    heatRows: take(rows * groups),
    fastRows: take(rows * groups),
  };
}

export function summaryRow(history: Float64Array, row: number): EpochSummary {
  const s = {} as EpochSummary;
  SUMMARY_FIELDS.forEach((f, i) => { s[f] = history[row * SUMMARY_WIDTH + i]; });
  return s;
}
