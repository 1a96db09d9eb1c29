// The guided tour for a first visit: a few steps through tiers, migration and A/B, each
// pointing at a real element of the page. Shown once (remembered in localStorage), replayable
// from the Tour button, never in a page that is a demo (autoplay, presentation, embed).
import { PREF, readPref, writePref } from './prefs';

export interface TourStep {
  title: string;
  text: string;
  /** The element the step points at (null: it is not on screen, the step shows without one). */
  find(): Element | null;
}

const q = (selector: string) => () => document.querySelector(selector);

/** The labelled control whose label starts with `text` (e.g. the "Compare with" menu). */
const field = (text: string) => () =>
  [...document.querySelectorAll('.controls label.field')].find((l) => l.textContent?.trim().startsWith(text)) ?? null;

export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'One question per preset',
    text: 'Each preset is a lesson about CXL memory: the card says what it shows and what to watch, and offers one change to try. The first screen is the liveliest lesson; the Preset menu lists them all in order, from why CXL is slower.',
    find: q('.lesson-card'),
  },
  {
    title: 'The machine',
    text: 'Hosts (CPUs) with their own DRAM, and CXL memory expanders reached over CXL links. Each memory device shows how full and how busy it is; select one to see how far it is from each host.',
    find: q('.topo-card'),
  },
  {
    title: 'Memory tiers',
    text: 'Linux sorts memory into tiers by abstract distance: DRAM in the top tier, CXL in a slower one. Tiering policies move hot pages up and cold pages down.',
    find: q('.tiers'),
  },
  {
    title: 'Press Play',
    text: 'Play runs the simulation one epoch (usually 100 ms of simulated time) after another; Step runs one. On the first screen, TPP starts with most hot pages on the slow tier and moves them up within a few seconds.',
    find: q('.controls button.play'),
  },
  {
    title: 'What it costs',
    text: 'AMAT is the average time one memory access takes; the fast-tier share is the share of accesses the fast tier served. One row for the epoch on screen, one for the run so far.',
    find: q('.metrics-card'),
  },
  {
    title: 'Which pages are hot',
    text: 'One row per group of pages, one column per epoch: bright means many accesses. Switch to placement to see which tier each group lives in; click a row to see why its pages moved.',
    find: q('.heat-card'),
  },
  {
    title: 'Migration',
    text: 'Promotions (hot pages moved up to the fast tier) and demotions (cold pages moved down to make room), epoch by epoch. Every move is a copy that costs bandwidth.',
    find: q('.migrations-card'),
  },
  {
    title: 'A against B',
    text: '"Compare with" runs a second policy on the same scenario and seed, in step with this one, and says which wins at equal epochs.',
    find: field('Compare with'),
  },
  {
    title: 'Words and replays',
    text: 'Underlined words open the glossary: each term in plain words beside its Linux name. The Tour button plays this tour again.',
    find: q('.classroom-tools'),
  },
];

export interface Rect { left: number; top: number; width: number; height: number }

/** Area two rectangles share. */
export function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where a step's w x h dialog goes, in a vw x vh window: beside its target (below, above, right,
 * left, each aligned to either edge), else over it (a corner, then the middle of an edge), the
 * first place that covers none of `avoid` (the machine's nodes: a newcomer reads them while the
 * tour talks); if every place covers some, the one covering least. Clamped into the window.
 */
export function placeStep(t: Rect | null, w: number, h: number, vw: number, vh: number, avoid: readonly Rect[], gap: number, edge: number): { left: number; top: number } {
  const clampX = (x: number) => Math.max(edge, Math.min(vw - w - edge, x));
  const clampY = (y: number) => Math.max(edge, Math.min(vh - h - edge, y));
  if (!t) return { left: clampX((vw - w) / 2), top: clampY((vh - h) / 2) };
  const candidates: { left: number; top: number }[] = [];
  const xs = [t.left, t.left + t.width - w], ys = [t.top, t.top + t.height - h];
  if (t.top + t.height + gap + h <= vh - edge) for (const x of xs) candidates.push({ left: clampX(x), top: t.top + t.height + gap });
  if (t.top - gap - h >= edge) for (const x of xs) candidates.push({ left: clampX(x), top: t.top - gap - h });
  if (t.left + t.width + gap + w <= vw - edge) for (const y of ys) candidates.push({ left: t.left + t.width + gap, top: clampY(y) });
  if (t.left - gap - w >= edge) for (const y of ys) candidates.push({ left: t.left - gap - w, top: clampY(y) });
  const bottom = Math.min(vh, t.top + t.height);
  for (const y of [bottom - h - gap, t.top + gap]) {
    for (const x of [t.left + t.width - w - gap, t.left + gap, t.left + (t.width - w) / 2]) candidates.push({ left: clampX(x), top: clampY(y) });
  }
  let best = candidates[0], bestCover = Infinity;
  for (const c of candidates) {
    let cover = 0;
    for (const a of avoid) cover += overlap({ ...c, width: w, height: h }, a);
    if (cover < bestCover) { best = c; bestCover = cover; }
    if (cover === 0) break;
  }
  return best;
}

export function tourSeen(): boolean {
  return readPref(PREF.tour) === 'done';
}

export function rememberTourSeen(): void {
  writePref(PREF.tour, 'done');
}

/** Link options that make the page a demo (see src/scenario/link.ts), or open a panel over it (sweep): a tour would be in the way. */
const DEMO_OPTIONS = ['play', 'present', 'embed', 'sweep'];

/** `text` with its %-escapes undone, as often as a chat tool or mail client added them (a broken escape stops there). */
function decoded(text: string): string {
  let t = text;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(t); i++) {
    try { t = decodeURIComponent(t); } catch { break; }
  }
  return t;
}

/**
 * Whether a first visit may start the tour: not inside a frame (an embed), and not from a
 * link that asks to autoplay, present, embed or open a sweep ("…#s=…&play=1"), however it is
 * written: with its separators percent-encoded ("…%26present%3D1", as chat tools pass links on),
 * and in any order of its parts ("#preset=…&present=1"). The options are read from the raw hash
 * so this holds whichever options the link parser knows.
 */
export function tourAllowed(hash: string, framed: boolean): boolean {
  if (framed) return false;
  const parts = decoded(hash.replace(/^#/, '')).split('&');
  return !parts.some((o, i) => {
    const eq = o.indexOf('=');
    if (eq < 0) return false;
    const key = o.slice(0, eq).trim().toLowerCase(), value = o.slice(eq + 1).trim().toLowerCase();
    // The first part is the scenario ("s=v2.…", or a bare payload that may hold "=" itself).
    if (i === 0 && !DEMO_OPTIONS.includes(key)) return false;
    return DEMO_OPTIONS.includes(key) && value !== '' && value !== '0' && value !== 'false';
  });
}
