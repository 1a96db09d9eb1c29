import { describe, expect, it } from 'vitest';
import { defaultComparison, SHORTCUTS, shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...mods });
/** A plain stand-in for a focused element. */
const el = (tagName: string, o: { type?: string; editable?: boolean; matches?: boolean } = {}) => ({
  tagName, type: o.type, isContentEditable: o.editable ?? false, matches: () => o.matches ?? false,
});
const body = el('BODY');

describe('keyboard shortcuts', () => {
  it('declares each key once, every key the brief asks for among them', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of [' ', '.', 'r', 'n', 'p', 'f', 'c', '?']) expect(keys).toContain(k);
    for (const s of SHORTCUTS) expect(s.does.length).toBeGreaterThan(5);
  });

  it('finds the shortcut of a key, Shift+letter included', () => {
    expect(shortcutFor(key('r'), body, false)?.label).toBe('R');
    expect(shortcutFor(key('R'), body, false)?.label).toBe('R');
    expect(shortcutFor(key('?'), body, false)?.label).toBe('?');
    expect(shortcutFor(key('x'), body, false)).toBeNull();
  });

  it('never fires while typing, nor with Ctrl, Alt or Meta', () => {
    for (const t of [el('INPUT', { type: 'text' }), el('INPUT'), el('TEXTAREA'), el('SELECT'), el('DIV', { editable: true })]) {
      expect(shortcutFor(key('r'), t, false)).toBeNull();
      expect(shortcutFor(key(' '), t, false)).toBeNull();
    }
    expect(shortcutFor(key('r'), el('INPUT', { type: 'checkbox', matches: true }), false)?.label).toBe('R');
    expect(shortcutFor(key('r', { ctrlKey: true }), body, false)).toBeNull();
    expect(shortcutFor(key('f', { metaKey: true }), body, false)).toBeNull();
  });

  it('leaves Space to a focused button, but not letters', () => {
    const button = el('BUTTON', { matches: true });
    expect(shortcutFor(key(' '), button, false)).toBeNull();
    expect(shortcutFor(key(' '), body, false)?.label).toBe('Space');
    expect(shortcutFor(key('.'), button, false)?.label).toBe('.');
  });

  it('an embedded view keeps only the shortcuts that edit nothing', () => {
    expect(shortcutFor(key(' '), body, true)?.label).toBe('Space');
    for (const k of ['n', 'p', 'c', 's', 'h']) expect(shortcutFor(key(k), body, true)).toBeNull();
  });

  it('compares a policy with first-touch, and first-touch with Linux tiering', () => {
    expect(defaultComparison('tpp')).toBe('first-touch');
    expect(defaultComparison('first-touch')).toBe('linux-tiering');
  });
});
