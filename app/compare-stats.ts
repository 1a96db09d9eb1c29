// The A/B verdict: two runs' access-weighted figures at the same epoch, and who wins each.
import type { RunFigures } from './live';

export interface Verdict {
  metric: 'amat' | 'throughput' | 'fast';
  /** "tpp: 23 % lower AMAT than first-touch", or a tie. */
  text: string;
  winner: 'a' | 'b' | null;
}

/** Relative differences below this (and share gaps below half a point) count as a tie. */
const TIE = 0.005;

const pct = (x: number) => `${x >= 0.1 ? Math.round(x * 100) : Math.round(x * 1000) / 10} %`;

export function verdicts(a: RunFigures, b: RunFigures, nameA: string, nameB: string): Verdict[] {
  const out: Verdict[] = [];
  const label = (w: 'a' | 'b') => (w === 'a' ? nameA : nameB);
  const other = (w: 'a' | 'b') => (w === 'a' ? nameB : nameA);
  if (a.epochs === 0 || b.epochs === 0) return out;

  // AMAT: lower wins; the gap relative to the loser's.
  {
    const w = a.amatNs <= b.amatNs ? 'a' : 'b';
    const lo = Math.min(a.amatNs, b.amatNs), hi = Math.max(a.amatNs, b.amatNs);
    const d = hi > 0 ? (hi - lo) / hi : 0;
    out.push(d < TIE
      ? { metric: 'amat', winner: null, text: `AMAT: a tie (${nameA} and ${nameB} within ${pct(TIE)})` }
      : { metric: 'amat', winner: w, text: `${label(w)}: ${pct(d)} lower AMAT than ${other(w)}` });
  }
  // Throughput: higher wins; the gap relative to the loser's.
  {
    const w = a.throughputGBps >= b.throughputGBps ? 'a' : 'b';
    const lo = Math.min(a.throughputGBps, b.throughputGBps), hi = Math.max(a.throughputGBps, b.throughputGBps);
    const d = lo > 0 ? (hi - lo) / lo : hi > 0 ? Infinity : 0;
    out.push(d < TIE
      ? { metric: 'throughput', winner: null, text: `Throughput: a tie (${nameA} and ${nameB} within ${pct(TIE)})` }
      : { metric: 'throughput', winner: w, text: `${label(w)}: ${Number.isFinite(d) ? pct(d) : 'far'} higher throughput than ${other(w)}` });
  }
  // Fast-tier share: higher wins; the gap in percentage points.
  {
    const w = a.fastTierAccessShare >= b.fastTierAccessShare ? 'a' : 'b';
    const pts = Math.abs(a.fastTierAccessShare - b.fastTierAccessShare) * 100;
    out.push(pts < 0.5
      ? { metric: 'fast', winner: null, text: `Fast-tier share: a tie (${nameA} and ${nameB} within half a point)` }
      : { metric: 'fast', winner: w, text: `${label(w)}: fast tier serves ${Math.round(pts)} point${Math.round(pts) === 1 ? '' : 's'} more of the accesses than with ${other(w)}` });
  }
  return out;
}
