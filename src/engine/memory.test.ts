import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_NODE } from '../policies/types';
import { Memory } from './memory';

/**
 * A plain model of the frame tables: per node an owner list and a free stack (top = last). The
 * Memory under test keeps them in shared typed arrays, resized in place within a node's slot
 * and rebuilt beyond it; both must hand out the same frames and keep the same books.
 */
class Model {
  owner: number[][];
  stack: number[][];
  node = new Map<number, [number, number]>();
  constructor(caps: number[]) {
    this.owner = caps.map((c) => new Array<number>(c).fill(-1));
    this.stack = caps.map((c) => Array.from({ length: c }, (_, i) => c - 1 - i));
  }
  alloc(p: number, d: number): boolean {
    if (this.node.has(p) || this.stack[d].length === 0) return false;
    const f = this.stack[d].pop()!;
    this.owner[d][f] = p;
    this.node.set(p, [d, f]);
    return true;
  }
  release(p: number): void {
    const at = this.node.get(p);
    if (!at) return;
    this.owner[at[0]][at[1]] = -1;
    this.stack[at[0]].push(at[1]);
    this.node.delete(p);
  }
  poison(p: number): void {
    const at = this.node.get(p);
    if (!at) return;
    this.owner[at[0]][at[1]] = -3;
    this.node.delete(p);
  }
  setCapacity(n: number, frames: number): number[] {
    const old = this.owner[n].length, out: number[] = [];
    for (let f = frames; f < old; f++) if (this.owner[n][f] >= 0) { out.push(this.owner[n][f]); this.release(this.owner[n][f]); }
    const grown = Array.from({ length: Math.max(0, frames - old) }, (_, i) => frames - 1 - i);
    this.stack[n] = [...grown, ...this.stack[n].filter((f) => f < frames)];
    this.owner[n] = Array.from({ length: frames }, (_, f) => (f < old ? this.owner[n][f] : -1));
    return out;
  }
}

type Op = { k: 'alloc' | 'release' | 'poison'; p: number; d: number } | { k: 'cap'; d: number; frames: number };

describe('Memory: frame tables resized in place or rebuilt', () => {
  it('hands out the same frames and keeps the same books as a plain model, through shrinks, growth back and growth past the slot', () => {
    const PAGES = 16, caps = [6, 10, 4];
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ k: fc.constantFrom('alloc' as const, 'release' as const, 'poison' as const), p: fc.nat(PAGES - 1), d: fc.nat(caps.length - 1) }),
      fc.record({ k: fc.constant('cap' as const), d: fc.nat(caps.length - 1), frames: fc.nat(12) }),
    );
    fc.assert(fc.property(fc.array(op, { minLength: 10, maxLength: 120, size: 'max' }), (ops) => {
      const mem = new Memory(PAGES, caps), model = new Model(caps);
      for (const o of ops) {
        if (o.k === 'alloc') expect(mem.alloc(o.p, o.d)).toBe(model.alloc(o.p, o.d));
        else if (o.k === 'release') { mem.release(o.p); model.release(o.p); }
        else if (o.k === 'poison') { mem.poison(o.p); model.poison(o.p); }
        else if (o.k === 'cap') expect(mem.setCapacity(o.d, o.frames)).toEqual(model.setCapacity(o.d, o.frames));
        expect(mem.check()).toBeNull();
      }
      for (let d = 0; d < caps.length; d++) {
        expect(mem.capacity[d]).toBe(model.owner[d].length);
        expect(mem.free[d]).toBe(model.stack[d].length);
        for (let f = 0; f < mem.capacity[d]; f++) expect(mem.pageAt(d, f)).toBe(model.owner[d][f]);
      }
      for (let p = 0; p < PAGES; p++) {
        const at = model.node.get(p);
        expect(mem.pageNode[p] === NO_NODE ? null : [mem.pageNode[p], mem.pageFrame[p]]).toEqual(at ?? null);
      }
    }), { numRuns: 500, seed: 18 });
  });
});
