import { describe, expect, it } from 'vitest';
import { EditHistory } from './edit-history';

describe('EditHistory', () => {
  it('undoes and redoes in order; a new edit drops what was undone', () => {
    const h = new EditHistory<string>();
    expect(h.undo('a')).toBeNull();
    h.record('a'); // a -> b
    h.record('b'); // b -> c
    expect(h.undo('c')).toBe('b');
    expect(h.undo('b')).toBe('a');
    expect(h.canUndo).toBe(false);
    expect(h.redo('a')).toBe('b');
    expect(h.redo('b')).toBe('c');
    expect(h.canRedo).toBe(false);
    expect(h.undo('c')).toBe('b');
    h.record('b'); // b -> d: c can no longer be redone
    expect(h.canRedo).toBe(false);
    expect(h.undo('d')).toBe('b');
  });

  it('keeps at most `max` edits', () => {
    const h = new EditHistory<number>(3);
    for (let i = 0; i < 5; i++) h.record(i);
    expect([h.undo(5), h.undo(4), h.undo(3), h.undo(2)]).toEqual([4, 3, 2, null]);
  });

  it('an undo that could not be applied is put back', () => {
    const h = new EditHistory<string>();
    h.record('a');
    const t = h.undo('b')!;
    h.revert('undo', t);
    expect(h.canRedo).toBe(false);
    expect(h.undo('b')).toBe('a');
    const r = h.redo('a')!;
    h.revert('redo', r);
    expect(h.canRedo).toBe(true);
    expect(h.redo('a')).toBe('b');
  });
});
