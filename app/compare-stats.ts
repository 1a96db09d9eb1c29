// The A/B verdict: two runs' figures at the same epoch, and who wins each: every figure the
// metric registry marks for comparison (src/metrics/registry.ts `compare`), in its order.
import { METRICS, type CompareSpec, type Metric, type RunKey } from '../src/metrics/registry';
import type { RunFigures } from './live';

/** The figures compared, in the registry's order. */
export const COMPARED = (METRICS as readonly Metric[]).filter((m): m is Metric & { key: RunKey; compare: CompareSpec } => m.compare !== undefined);

export interface Verdict {
  /** The figure's registry key. */
  metric: RunKey;
  /** "tpp: 23 % lower AMAT than first-touch", or a tie. */
  text: string;
  winner: 'a' | 'b' | null;
}

/** Relative differences below this (and share gaps below half a point) count as a tie. */
const TIE = 0.005;

const pct = (x: number) => `${x >= 0.1 ? Math.round(x * 100) : Math.round(x * 1000) / 10} %`;

/** Who wins each compared figure; a pool's figures only with `pooled` (both runs have a pool). */
export function verdicts(a: RunFigures, b: RunFigures, nameA: string, nameB: string, pooled = false): Verdict[] {
  if (a.epochs === 0 || b.epochs === 0) return [];
  return COMPARED.filter((m) => pooled || !m.compare.pool).map((m) => verdict(m, a[m.key], b[m.key], nameA, nameB));
}

function verdict(m: Metric & { key: RunKey; compare: CompareSpec }, va: number, vb: number, nameA: string, nameB: string): Verdict {
  const c = m.compare;
  const w: 'a' | 'b' = (c.better === 'lower' ? va <= vb : va >= vb) ? 'a' : 'b';
  const winner = w === 'a' ? nameA : nameB, loser = w === 'a' ? nameB : nameA;
  const says = (gap: string): Verdict => ({ metric: m.key, winner: w, text: `${winner}: ${c.wins.replace('{gap}', gap)} ${loser}` });
  if (c.gap === 'points') {
    // Percentage points: a share's difference x 100, a percentage's as it is.
    const pts = Math.abs(va - vb) * (m.unit === 'share' ? 100 : 1);
    if (pts < 0.5) return { metric: m.key, winner: null, text: `${m.label}: a tie (${nameA} and ${nameB} within half a point)` };
    const n = Math.round(pts);
    return says(`${n} point${n === 1 ? '' : 's'}`);
  }
  // Relative: the gap over the loser's value.
  const lo = Math.min(va, vb), hi = Math.max(va, vb);
  const base = c.better === 'lower' ? hi : lo;
  const d = base > 0 ? (hi - lo) / base : hi > 0 ? Infinity : 0;
  if (d < TIE) return { metric: m.key, winner: null, text: `${m.label}: a tie (${nameA} and ${nameB} within ${pct(TIE)})` };
  return says(Number.isFinite(d) ? pct(d) : 'far');
}
