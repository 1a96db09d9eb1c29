// Long tables a page at a time (a 256-host fabric has 256 host rows and up to 1,024 device rows):
// the first PAGE_ROWS rows, then "Show more" adds a page and "Show all" the rest. A row the user
// selected elsewhere (a device clicked on the topology) is shown even beyond the page.
import { useState } from 'react';
import { fmtInt } from '../../format';

export const PAGE_ROWS = 32;

export interface Paged {
  /** Rows to render, in order: the first `shown` indices, plus `keep` if it lies beyond. */
  rows: number[];
  total: number;
  shown: number;
  more(): void;
  all(): void;
}

/** The row indices 0..total-1 a page at a time; `keep` (a selected row) is always among them. */
export function usePaged(total: number, keep = -1, step = PAGE_ROWS): Paged {
  const [limit, setLimit] = useState(step);
  const shown = Math.min(total, limit);
  const rows = Array.from({ length: shown }, (_, i) => i);
  if (keep >= shown && keep < total) rows.push(keep);
  return { rows, total, shown, more: () => setLimit((l) => l + step), all: () => setLimit(Infinity) };
}

/** "Showing 32 of 256 hosts · Show 32 more · Show all"; nothing when every row is shown. */
export function ShowMore({ paged, what, step = PAGE_ROWS }: { paged: Paged; what: string; step?: number }) {
  const rest = paged.total - paged.shown;
  if (rest <= 0) return null;
  return (
    <p className="show-more" data-testid="show-more">
      <span className="muted">Showing {fmtInt(paged.shown)} of {fmtInt(paged.total)} {what}</span>{' '}
      <button type="button" onClick={paged.more}>Show {fmtInt(Math.min(step, rest))} more</button>{' '}
      <button type="button" onClick={paged.all}>Show all</button>
    </p>
  );
}
