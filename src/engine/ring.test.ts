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

  it('walks the slots oldest first in at most two runs', () => {
    const r = new Ring(4);
    const slots = () => { const [a, b, c, d] = r.runs(); const out = []; for (let k = a; k < b; k++) out.push(k); for (let k = c; k < d; k++) out.push(k); return out; };
    expect(slots()).toEqual([]);
    r.push(); r.push(); r.push();
    expect(slots()).toEqual([0, 1, 2]);
    r.push(); r.push(); r.push();
    expect(slots()).toEqual([2, 3, 0, 1]);
    expect(slots()).toEqual(Array.from({ length: r.count }, (_, i) => r.slot(i)));
  });
});
