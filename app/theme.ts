// Colours shared by the canvas views (CSS variables carry the light / dark theme) and the
// colour scales for utilisation, heat and placement.
import * as d3 from 'd3';

export interface ThemeColours {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  amat: string;
  throughput: string;
  promote: string;
  demote: string;
  /** Runs A and B of a comparison (also told apart by line style: A solid, B dashed). */
  runA: string;
  runB: string;
  /** The hot set's share in fast memory. */
  hotset: string;
}

const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
let version = 0;
let cached: ThemeColours | null = null;
const listeners = new Set<() => void>();
media?.addEventListener('change', () => {
  version++;
  cached = null;
  for (const l of listeners) l();
});

/** Changes whenever the colour scheme flips: views redraw when it does. */
export function themeVersion(): number {
  return version;
}

/** Calls `fn` after every change of the colour scheme; returns the unsubscribe function. */
export function onThemeChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => { listeners.delete(fn); };
}

export function themeColours(): ThemeColours {
  if (cached) return cached;
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string) => cs.getPropertyValue(name).trim();
  cached = {
    fg: v('--fg'), muted: v('--muted'), grid: v('--grid'), bg: v('--panel'), amat: v('--amat'), throughput: v('--throughput'),
    promote: v('--promote'), demote: v('--demote'), runA: v('--run-a'), runB: v('--run-b'), hotset: v('--hotset'),
  };
  return cached;
}

/** Busy-ness: green when idle, amber past half, red near saturation (both themes). */
export const utilColour = d3.scaleLinear<string>()
  .domain([0, 0.5, 0.8, 1])
  .range(['#2e9e5b', '#d9b526', '#e8772e', '#d7263d'])
  .clamp(true);

/** Placement: share of a page group on the fastest tier (0 = all on slower memory). */
export const placementInterpolator = d3.interpolateLab('#8e5bd6', '#1fb5a5');
export const heatInterpolator = d3.interpolateInferno;
/** Pages with no memory (a strict policy could not place them): outside the placement scale. */
export const UNPLACED_COLOUR = '#d7263d';

/** 256-entry RGB lookup table of an interpolator, for filling ImageData quickly. */
export function colourTable(interp: (t: number) => string): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = d3.rgb(interp(i / 255));
    lut[i * 3] = c.r; lut[i * 3 + 1] = c.g; lut[i * 3 + 2] = c.b;
  }
  return lut;
}
