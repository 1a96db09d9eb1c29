// The heatmap's rows: which page group each row shows (address order, hottest first, and
// optionally split into the groups that sit in the fast tier and those that do not), where
// each row is drawn, which row a pointer is on, and what a row covers in words.
import type { EngineMeta } from '../src/engine/meta';

export type RowOrder = 'address' | 'hotness';

/** A group counts as in the fast tier when at least this share of its pages is. */
export const FAST_SPLIT = 0.5;
/** CSS px between the fast-tier rows and the others. */
export const SPLIT_GAP = 6;

export interface RowLayout {
  /** Row position (top = 0) -> page group. */
  order: Int32Array;
  /** Page group -> row position. */
  pos: Int32Array;
  /** Rows in the fast-tier part (the top one); -1 when not split. */
  split: number;
  /** Height (CSS px) of one row, and of the whole map. */
  rowH: number;
  h: number;
}

/**
 * Orders `groups` rows: `hotness` = most accesses over `score` first (ties in address order);
 * `split` = the groups mostly in the fast tier (`fastShare` >= FAST_SPLIT) above the others.
 */
export function layoutRows(groups: number, h: number, order: RowOrder, score: ArrayLike<number>, split: boolean, fastShare: ArrayLike<number> | null): RowLayout {
  const idx = Array.from({ length: groups }, (_, g) => g);
  const fast = (g: number) => (split && fastShare ? (fastShare[g] >= FAST_SPLIT ? 0 : 1) : 0);
  idx.sort((a, b) => fast(a) - fast(b) || (order === 'hotness' ? score[b] - score[a] : 0) || a - b);
  const ord = Int32Array.from(idx);
  const pos = new Int32Array(groups);
  ord.forEach((g, p) => { pos[g] = p; });
  let top = -1;
  if (split && fastShare) {
    top = 0;
    for (let g = 0; g < groups; g++) if (fastShare[g] >= FAST_SPLIT) top++;
  }
  const gap = top > 0 && top < groups ? SPLIT_GAP : 0;
  return { order: ord, pos, split: top, rowH: groups > 0 ? Math.max(0, h - gap) / groups : 0, h };
}

/** The gap (CSS px) the layout leaves between its two parts (0 when one part is empty). */
export function gapOf(l: RowLayout): number {
  return l.split > 0 && l.split < l.order.length ? SPLIT_GAP : 0;
}

/** Top (CSS px) of the row at position p. */
export function rowTop(l: RowLayout, p: number): number {
  return p * l.rowH + (p >= l.split && l.split > 0 ? gapOf(l) : 0);
}

/** The row position under y (CSS px), clamped to the rows; inside the gap, the nearer row. */
export function positionAt(l: RowLayout, y: number): number {
  const n = l.order.length;
  if (n === 0) return -1;
  const gap = gapOf(l);
  let p: number;
  if (gap > 0 && y >= l.split * l.rowH) {
    const inGap = y < l.split * l.rowH + gap;
    p = inGap ? (y - l.split * l.rowH < gap / 2 ? l.split - 1 : l.split) : Math.floor((y - gap) / l.rowH);
  } else {
    p = Math.floor(y / l.rowH);
  }
  return Math.max(0, Math.min(n - 1, p));
}

/** Pages [first, end) of group g, as the engine splits them (src/engine/page-groups.ts). */
export function groupPages(g: number, groups: number, totalPages: number): [number, number] {
  return [Math.floor((g * totalPages) / groups), Math.floor(((g + 1) * totalPages) / groups)];
}

const hex = (v: number) => `0x${v.toString(16).toUpperCase()}`;

export function sizeOf(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${+(bytes / 2 ** 10).toFixed(1)} KiB`;
}

/**
 * What group g covers: its pages and, per workload it overlaps, the address range within that
 * workload's address space ("app2 (h2): 0x0–0x13FFFFF").
 */
export function describeGroup(g: number, meta: Pick<EngineMeta, 'heatGroups' | 'totalPages' | 'pageBytes' | 'workloads'>, n: (v: number) => string): { pages: string; ranges: string[] } {
  const [first, end] = groupPages(g, meta.heatGroups, meta.totalPages);
  const count = end - first;
  const pages = `pages ${n(first)}–${n(end - 1)} (${n(count)} ${count === 1 ? 'page' : 'pages'}, ${sizeOf(count * meta.pageBytes)})`;
  const ranges: string[] = [];
  for (const w of meta.workloads ?? []) {
    const a = Math.max(first, w.firstPage), b = Math.min(end, w.firstPage + w.pages);
    if (a >= b) continue;
    const lo = (a - w.firstPage) * meta.pageBytes, hi = (b - w.firstPage) * meta.pageBytes - 1;
    ranges.push(`${w.id} (${w.hosts.join(', ')}): ${hex(lo)}–${hex(hi)}`);
  }
  return { pages, ranges };
}

/** Host bands drawn beside an address-ordered map of a fabric with more hosts than this. */
export const HOST_BANDS_FROM = 4;
/** At most this many bands: a larger fabric's hosts are grouped, a band per run of hosts. */
export const MAX_HOST_BANDS = 16;

/**
 * The address-ordered rows grouped by host, top to bottom: runs of consecutive groups whose
 * pages belong to the same band of hosts (a group belongs to the host of the workload that
 * holds its first page; hosts are banded in scenario order, at most MAX_HOST_BANDS bands).
 * Empty at HOST_BANDS_FROM hosts or fewer.
 */
export function hostBands(meta: Pick<EngineMeta, 'heatGroups' | 'totalPages' | 'workloads' | 'hosts'>): { label: string; rows: number }[] {
  const H = meta.hosts.length, G = meta.heatGroups;
  if (H <= HOST_BANDS_FROM || G <= 0) return [];
  const index = new Map(meta.hosts.map((h, i) => [h.id, i] as const));
  const per = Math.ceil(H / Math.min(MAX_HOST_BANDS, H));
  const label = (b: number) => {
    const a = meta.hosts[b * per].id, z = meta.hosts[Math.min(H, (b + 1) * per) - 1].id;
    return a === z ? a : `${a}–${z}`;
  };
  const out: { label: string; rows: number; band: number }[] = [];
  let w = 0;
  for (let g = 0; g < G; g++) {
    const [first] = groupPages(g, G, meta.totalPages);
    while (w + 1 < meta.workloads.length && first >= meta.workloads[w].firstPage + meta.workloads[w].pages) w++;
    const host = index.get(meta.workloads[w]?.hosts[0] ?? '') ?? 0;
    const band = Math.floor(host / per);
    const last = out[out.length - 1];
    if (last && last.band === band) last.rows++;
    else out.push({ label: label(band), rows: 1, band });
  }
  return out.map(({ label: l, rows }) => ({ label: l, rows }));
}
