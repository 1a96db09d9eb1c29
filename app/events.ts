// Moments worth a marker on every time axis, found in a run's summary rows: where the run's
// policy took over (every policy change restarts the run, so it is epoch 0), hot-set shifts
// (the engine counts them per epoch in `hotSetShifts`) and promotion bursts (epochs promoting
// far more pages than the epochs just before them).
import { SUMMARY_FIELDS, SUMMARY_WIDTH } from '../src/engine/snapshot';

export type EventKind = 'policy' | 'shift' | 'burst' | 'timeline';

export interface RunEvent {
  /** The (0-based) epoch the event happened in; markers sit at its end, where the charts plot it. */
  epoch: number;
  kind: EventKind;
  /** Shifts in the epoch, or pages promoted over the burst. */
  count: number;
  /** Epochs the burst lasted (1 for the other kinds). */
  epochs: number;
  /** A timeline event (kind 'timeline'): what it is and what became of it in this epoch. */
  timeline?: { kind: string; target: string; atMs: number; status: 'fired' | 'done' | 'failed' };
}

/** The column of a summary field, or -1 while the engine does not report it. */
export function summaryColumn(name: string): number {
  return (SUMMARY_FIELDS as readonly string[]).indexOf(name);
}

const EPOCH = summaryColumn('epoch');
const PROMOTIONS = summaryColumn('promotions');
const SHIFTS = summaryColumn('hotSetShifts');

/** A burst promotes at least BURST_FACTOR times the mean of the BURST_WINDOW epochs before it... */
export const BURST_FACTOR = 4;
export const BURST_WINDOW = 20;
/** ...and at least this many pages (assumed: below it a "burst" is noise at any working-set size shown). */
export const BURST_MIN_PAGES = 64;

/** Summary rows in a ring, oldest first (LiveData's layout). */
export interface Rows {
  readonly rows: Float64Array;
  readonly rowCount: number;
  rowOffset(i: number): number;
}

/** Every event in the rows, oldest first. `shiftsColumn`: where shifts are counted (-1: not reported). */
export function runEvents(src: Rows, shiftsColumn = SHIFTS): RunEvent[] {
  const out: RunEvent[] = [];
  const n = src.rowCount, rows = src.rows;
  let sum = 0; // promotions of the BURST_WINDOW rows before row i
  let burst: RunEvent | null = null;
  for (let i = 0; i < n; i++) {
    const o = src.rowOffset(i);
    const epoch = rows[o + EPOCH];
    if (epoch === 0) out.push({ epoch, kind: 'policy', count: 0, epochs: 1 });
    if (shiftsColumn >= 0 && rows[o + shiftsColumn] > 0) out.push({ epoch, kind: 'shift', count: rows[o + shiftsColumn], epochs: 1 });
    const p = rows[o + PROMOTIONS];
    const mean = sum / Math.max(1, Math.min(i, BURST_WINDOW));
    if (p >= Math.max(BURST_MIN_PAGES, BURST_FACTOR * mean)) {
      // Consecutive burst epochs are one burst.
      if (burst && burst.epoch + burst.epochs === epoch) {
        burst.count += p;
        burst.epochs++;
      } else {
        burst = { epoch, kind: 'burst', count: p, epochs: 1 };
        out.push(burst);
      }
    }
    sum += p;
    if (i >= BURST_WINDOW) sum -= rows[src.rowOffset(i - BURST_WINDOW) + PROMOTIONS];
  }
  return out;
}

const cache = new WeakMap<Rows, { version: number; events: RunEvent[] }>();

/** What the engine's stream said of the timeline (LiveData.timeline) and the timeline itself (meta.timeline). */
export interface TimelineSource {
  readonly timeline?: readonly { epoch: number; index: number; status: 'fired' | 'done' | 'failed' }[];
  readonly meta?: { readonly timeline?: readonly { atMs: number; kind: string; target: string }[] } | null;
}

/**
 * Markers of the timeline's events (hot-remove, failures, poison, a policy switched...), read
 * from the engine's event stream, never inferred: one where each fired, and one where one that
 * takes time (a hot-remove) ended or failed; only epochs the rows still hold.
 */
export function timelineEvents(src: Rows & TimelineSource): RunEvent[] {
  const tl = src.meta?.timeline, got = src.timeline;
  if (!tl || !got || got.length === 0 || src.rowCount === 0) return [];
  const first = src.rows[src.rowOffset(0) + EPOCH];
  const out: RunEvent[] = [];
  for (const r of got) {
    const ev = tl[r.index];
    if (!ev || r.epoch < first) continue;
    out.push({ epoch: r.epoch, kind: 'timeline', count: 0, epochs: 1, timeline: { ...ev, status: r.status } });
  }
  return out;
}

/** runEvents of a LiveData, with its timeline's markers, computed once per change of its data. */
export function eventsOf(src: Rows & TimelineSource & { readonly version: number }): RunEvent[] {
  const c = cache.get(src);
  if (c && c.version === src.version) return c.events;
  const events = [...runEvents(src), ...timelineEvents(src)].sort((a, b) => a.epoch - b.epoch);
  cache.set(src, { version: src.version, events });
  return events;
}

/** One line about an event, for a readout: "promotion burst: 1,200 pages over 3 epochs". */
export function describeEvent(e: RunEvent, policy: string, n: (v: number) => string): string {
  if (e.kind === 'policy') return `policy ${policy} runs from here (any policy change restarts the run)`;
  if (e.kind === 'shift') return e.count > 1 ? `hot set shifted ${n(e.count)} times` : 'hot set shifted';
  if (e.kind === 'timeline' && e.timeline) {
    const t = e.timeline;
    return `${t.kind} ${t.target} (at ${n(t.atMs)} ms)${t.status === 'fired' ? '' : t.status === 'done' ? ': done' : ': failed'}`;
  }
  return `promotion burst: ${n(e.count)} pages promoted${e.epochs > 1 ? ` over ${n(e.epochs)} epochs` : ''}`;
}

/** Rows of a plain Float64Array of summary rows (tests, and a snapshot's own history). */
export function rowsOf(history: Float64Array): Rows {
  return { rows: history, rowCount: history.length / SUMMARY_WIDTH, rowOffset: (i) => i * SUMMARY_WIDTH };
}
