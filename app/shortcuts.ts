// The keyboard shortcuts' handler: the table in shortcut-table.ts (which the help sheet lists)
// says which key runs which action. Shortcuts never fire while the user types (inputs,
// selects, editable text) or holds Ctrl / Alt / Meta, and Space is left to a focused button,
// radio or canvas that uses it. While a sheet is open only Esc and "?" act.
import { useEffect } from 'react';
import { POLICIES } from '../src/policies/registry';
import { openPreset, pause, play, restartRun, setCompare, setPresent, step, toggleFullscreen } from './actions';
import { fetchPresetIndex } from './presets';
import { useApp } from './store';
import { SHORTCUTS, type Shortcut, type ShortcutAction } from './shortcut-table';

export { SHORTCUTS, type Shortcut } from './shortcut-table';

/** The next (+1) or previous (-1) preset in the preset list's order, wrapping around. */
export async function stepPreset(dir: 1 | -1): Promise<void> {
  const list = await fetchPresetIndex().catch(() => []);
  if (list.length === 0) return;
  const at = list.findIndex((p) => p.name === useApp.getState().presetName);
  const next = at < 0 ? (dir > 0 ? 0 : list.length - 1) : (at + dir + list.length) % list.length;
  await openPreset(list[next]);
}

/**
 * The policy "c" compares with: first-touch (no tiering at all), so the comparison shows what
 * the running policy buys; a first-touch run is compared with Linux's own tiering.
 */
export function defaultComparison(policy: string): string {
  const other = policy === 'first-touch' ? 'linux-tiering' : 'first-touch';
  return POLICIES.some((p) => p.name === other) ? other : POLICIES.find((p) => p.name !== policy)!.name;
}

const togglePlay = () => {
  const { running, loading, meta } = useApp.getState();
  if (loading || !meta) return;
  if (running) void pause(); else play();
};

/** What each shortcut does, by its action name in the table. */
const RUN: Record<ShortcutAction, () => void> = {
  togglePlay,
  step: () => { if (!useApp.getState().loading) void step(1); },
  restart: () => { if (!useApp.getState().loading) void restartRun(); },
  nextPreset: () => void stepPreset(1),
  previousPreset: () => void stepPreset(-1),
  fullscreen: toggleFullscreen,
  compare: () => {
    const { compare, scenario } = useApp.getState();
    if (scenario) setCompare(compare ? null : defaultComparison(scenario.policy.name));
  },
  present: () => setPresent(!useApp.getState().present),
  controls: () => { if (useApp.getState().present) useApp.setState((s) => ({ presentControls: !s.presentControls })); },
  help: () => useApp.setState((s) => ({ sheet: s.sheet === 'help' ? null : 'help' })),
  escape: () => {
    const { sheet, present } = useApp.getState();
    if (sheet) useApp.setState({ sheet: null });
    else if (present) setPresent(false);
  },
};

/** The little of an element the rules read (duck-typed: unit tests pass plain objects). */
type Target = Pick<Element, 'tagName' | 'matches'> & { isContentEditable?: boolean; type?: string };

const NOT_TYPING = ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'];

/** Where the user types: keys belong to the field. */
function typing(el: Target): boolean {
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TYPING.includes(el.type ?? 'text');
}

/** Elements that act on Space themselves (a focused button, link, radio, checkbox, or a canvas / node that takes keys). */
function usesSpace(el: Target): boolean {
  return el.tagName.toUpperCase() !== 'BODY'
    && el.matches('button, a[href], summary, input, [role="button"], [role="radio"], [role="checkbox"], canvas[tabindex], [role="slider"]');
}

/** The shortcut `e` triggers, if any (pure of side effects: the handler and the tests use it). */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>, target: Target | null, embed: boolean): Shortcut | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  if (target && typing(target)) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key === ' ' && target && usesSpace(target)) return null;
  const s = SHORTCUTS.find((x) => x.keys.includes(key));
  if (!s || (embed && !s.embed)) return null;
  return s;
}

/** Installs the shortcut handler while mounted. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const { embed, sheet } = useApp.getState();
      const s = shortcutFor(e, document.activeElement, embed);
      if (!s) return;
      // A dialog the sheets do not own (the glossary, a tour step) keeps its keys, Esc included.
      if (!sheet && document.activeElement?.closest('dialog')) return;
      if (sheet && s.action !== 'escape' && s.action !== 'help') return;
      // Esc with nothing of ours to close stays the browser's (it closes native dialogs).
      if (s.action === 'escape' && !sheet && !useApp.getState().present) return;
      e.preventDefault();
      RUN[s.action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
