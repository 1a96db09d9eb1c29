// "Why did this page move": what the page inspector asks the worker's engine. Every page or
// group number comes from the UI and is bounds-checked here before it touches an array.
import type { MigrationEvent } from '../src/engine/engine';
import type { GroupInfo, PageInfo } from './api';

/** The part of src/engine/engine.ts's Engine the inspector reads. */
export interface Inspectable {
  readonly pages: number;
  readonly epoch: number;
  readonly meta: { heatGroups: number };
  groupRange(g: number): [number, number];
  pageState(page: number): { device: string | null; history: number };
  pageEvents(page: number): MigrationEvent[];
}

/** Migrations listed per page at most (the newest ones). */
export const MAX_PAGE_EVENTS = 200;

const isIndex = (v: unknown, n: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n;

export function groupInfo(engine: Inspectable, group: unknown): GroupInfo | null {
  if (!isIndex(group, engine.meta.heatGroups)) return null;
  const [first, end] = engine.groupRange(group);
  return { group, first, end, pick: pickPage(engine, first, end) };
}

/**
 * The page of [first, end) accessed most recently, and most often in its 32-epoch history
 * among those (lowest page on a tie); `first` if none was accessed.
 */
export function pickPage(engine: Inspectable, first: number, end: number): number {
  let best = first, bestAge = 33, bestCount = -1;
  for (let p = first; p < end; p++) {
    const h = engine.pageState(p).history >>> 0;
    if (h === 0) continue;
    const age = 31 - Math.clz32(h & -h); // trailing zeros: epochs since the last access
    const count = popcount(h);
    if (age < bestAge || (age === bestAge && count > bestCount)) {
      best = p; bestAge = age; bestCount = count;
    }
  }
  return best;
}

export function pageInfo(engine: Inspectable, page: unknown): PageInfo | null {
  if (!isIndex(page, engine.pages)) return null;
  const st = engine.pageState(page);
  const all = engine.pageEvents(page);
  const events = all.length > MAX_PAGE_EVENTS ? all.slice(-MAX_PAGE_EVENTS) : all;
  return { page, epoch: engine.epoch, device: st.device, history: st.history >>> 0, events, truncated: all.length > events.length };
}

function popcount(x: number): number {
  let v = x >>> 0, n = 0;
  while (v) { v &= v - 1; n++; }
  return n;
}
