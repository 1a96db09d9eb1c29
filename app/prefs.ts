// Small things the browser remembers between visits (localStorage), never part of a link.
// Storage can be full, disabled or blocked (private windows, sandboxed iframes): then nothing
// is remembered and nothing fails.

const PREFIX = 'cxl-playground:';

/** Keys in use, declared once (the e2e fixtures set `tour` so the tour stays out of other tests). */
export const PREF = { tour: 'tour', lessonCard: 'lesson-card' } as const;
export type PrefKey = (typeof PREF)[keyof typeof PREF];

export function readPref(key: PrefKey): string | null {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

export function writePref(key: PrefKey, value: string): void {
  try {
    localStorage.setItem(PREFIX + key, value);
  } catch { /* not remembered: the page still works */ }
}

/** The storage key as the browser sees it (for tests that set it before the app starts). */
export const prefStorageKey = (key: PrefKey) => PREFIX + key;
