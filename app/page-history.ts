// The page inspector's strips: a page's access history and its tier over the last epochs,
// rebuilt from the engine's history bits and migration events. Pure.
import type { MigrationEvent } from '../src/engine/engine';

/** Epochs shown in the strips: the engine keeps 32 bits of access history per page. */
export const STRIP_EPOCHS = 32;

export interface StripCell {
  /** 0-based epoch the cell stands for. */
  epoch: number;
  accessed: boolean;
  /** Device holding the page during that epoch (null: unknown / none). */
  device: string | null;
}

/**
 * The last `n` epochs before `epochsDone`, oldest first. `history` bit i = accessed in epoch
 * epochsDone - 1 - i. A move listed with epoch e happened as epoch e started, so during e the
 * page is already on `to`; before its first listed move it sat on that move's `from`.
 */
export function pageStrip(history: number, events: readonly MigrationEvent[], current: string | null, epochsDone: number, n = STRIP_EPOCHS): StripCell[] {
  const cells: StripCell[] = [];
  const first = Math.max(0, epochsDone - n);
  for (let e = first; e < epochsDone; e++) {
    const bit = epochsDone - 1 - e;
    cells.push({ epoch: e, accessed: bit < 32 && ((history >>> bit) & 1) === 1, device: deviceAt(events, current, e) });
  }
  return cells;
}

/** Where the page was during epoch `e`, from its moves (oldest first) and where it is now. */
export function deviceAt(events: readonly MigrationEvent[], current: string | null, e: number): string | null {
  let at: string | null = events.length ? events[0].from : current;
  for (const ev of events) {
    if (ev.epoch > e) break;
    at = ev.to;
  }
  return at;
}
