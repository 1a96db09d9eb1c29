// Every keyboard shortcut, declared once: the key handler (shortcuts.ts) runs each row's action
// and the help sheet ("?") lists the rows. Pure data, so tests can read it too.

export type ShortcutAction =
  | 'togglePlay' | 'step' | 'restart' | 'nextPreset' | 'previousPreset' | 'fullscreen'
  | 'compare' | 'present' | 'controls' | 'help' | 'escape';

export interface Shortcut {
  /** KeyboardEvent.key values that trigger it (letters in lower case; Shift+letter counts too). */
  keys: readonly string[];
  /** How the help sheet writes the key. */
  label: string;
  /** What it does, in the user's words. */
  does: string;
  /** Also in a read-only embedded view (it edits nothing). */
  embed: boolean;
  action: ShortcutAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', does: 'Play or pause', embed: true, action: 'togglePlay' },
  { keys: ['.'], label: '.', does: 'Step one epoch', embed: true, action: 'step' },
  { keys: ['r'], label: 'R', does: 'Restart the run from epoch 0', embed: true, action: 'restart' },
  { keys: ['n'], label: 'N', does: 'Next preset', embed: false, action: 'nextPreset' },
  { keys: ['p'], label: 'P', does: 'Previous preset', embed: false, action: 'previousPreset' },
  { keys: ['f'], label: 'F', does: 'Fullscreen on or off', embed: true, action: 'fullscreen' },
  { keys: ['c'], label: 'C', does: 'Compare with another policy (A/B) on or off', embed: false, action: 'compare' },
  { keys: ['s'], label: 'S', does: 'Presentation mode on or off (large type; the topology and the chart fill the screen)', embed: false, action: 'present' },
  { keys: ['h'], label: 'H', does: 'Show or hide the controls in presentation mode', embed: false, action: 'controls' },
  { keys: ['?'], label: '?', does: 'This list of shortcuts', embed: true, action: 'help' },
  { keys: ['Escape'], label: 'Esc', does: 'Close a sheet, or leave presentation mode', embed: true, action: 'escape' },
];
