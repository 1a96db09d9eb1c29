import { describe, expect, it } from 'vitest';
import { Ring } from './ring';

describe('Ring', () => {
  it('gives the slots oldest first, the oldest one again when full', () => {
    const r = new Ring(3);
    expect(r.newest).toBe(-1);
    expect([r.push(), r.push()]).toEqual([0, 1]);
    expect([r.count, r.slot(0), r.slot(1), r.newest]).toEqual([2, 0, 1, 1]);
    expect([r.push(), r.push(), r.push()]).toEqual([2, 0, 1]);
    expect([r.count, r.slot(0), r.slot(1), r.slot(2), r.newest]).toEqual([3, 2, 0, 1, 1]);
    r.clear();
    expect([r.count, r.push()]).toEqual([0, 0]);
    expect(() => new Ring(0)).toThrow();
  });
});
