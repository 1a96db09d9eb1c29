// Random and mutated files, 10,000 per format: each is a scenario or a one-line error, never a
// throw and never a hang (each parse is timed). Mutations of the fixtures keep most of the
// structure, so they reach deep into each parser; random text tests the front doors. Plus the
// classic hostile XML: a billion laughs and an external entity, refused at once.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from './registry';
import type { Importer } from './types';

const RUNS = 10_000;
const MUTATED = 7_000; // of RUNS; the rest random
// A hang, not a slow machine: the suite shares two cores with other work, so single parses of a
// few KiB vary from 1 to ~300 ms; anything quadratic on these inputs would take far longer.
const SLOW_MS = 2000;
const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const FIXTURES: Record<string, string> = { 'hwloc-xml': 'hwloc-2s-cxl.xml', numactl: 'numactl-2s-cxl.txt', 'cxl-list': 'cxl-list-switch.json' };

/** Pieces that matter to the parsers, to splice into files. */
const TOKENS = ['<', '>', '/>', '</object>', '<object type="NUMANode" os_index="9" local_memory="1">', '&amp;', '&foo;', '&#0;', '"', '\'', '=', '0x', '0xf...f', ',,', '-1', '99999999999999999999', 'NaN', '1e309',
  '\n', 'node 0 cpus:', 'node 9 size: 1 MB', 'available: 1 nodes (0)', '0-100000', '255', '256', ':', '{', '}', '[', ']', '"memdev":"mem9"', '"ram_size":"1.00 TiB (1.10 TB)"', '"interleave_ways":16', 'null', 'true', '"__proto__"', '\u0000', '\uFFFF'];

function mutate(text: string, ops: { kind: number; at: number; len: number; token: number }[]): string {
  let t = text;
  for (const op of ops) {
    const at = Math.floor(op.at * t.length);
    switch (op.kind) {
      case 0: t = t.slice(0, at); break; // truncate
      case 1: t = t.slice(0, at) + t.slice(at + op.len); break; // delete
      case 2: t = t.slice(0, at) + TOKENS[op.token % TOKENS.length] + t.slice(at); break; // insert a token
      case 3: t = t.slice(0, at) + t.slice(at, at + op.len) + t.slice(at); break; // duplicate a span
      case 4: t = t.slice(0, at) + String.fromCharCode((t.charCodeAt(at) + op.len) % 128) + t.slice(at + 1); break; // flip a character
      case 5: t = t.slice(0, at) + t.slice(at).replace(/\d+/, String(op.len * 1_000_003)); break; // a number out of range
      default: t = t.slice(0, at) + t.slice(at).replace(/\d+/, String(op.len)); // another number
    }
  }
  return t;
}

const op = fc.record({ kind: fc.integer({ min: 0, max: 8 }), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 400 }), token: fc.nat() });

const oks = new Map<string, number>();

function check(imp: Importer, text: string): void {
  const t0 = performance.now();
  const r = imp.parse(text); // a throw fails the property
  if (r.ok) oks.set(imp.id, (oks.get(imp.id) ?? 0) + 1);
  const ms = performance.now() - t0;
  if (ms > SLOW_MS) throw new Error(`${imp.id} took ${ms.toFixed(0)} ms on a ${text.length}-character file`);
  if (!r.ok && (r.error.includes('\n') || r.error.length === 0)) throw new Error(`not a one-line error: ${JSON.stringify(r.error)}`);
}

describe.each(IMPORTERS.map((i) => [i.id, i] as const))('fuzz %s', (id, imp) => {
  const base = fixture(FIXTURES[id]);
  it(`${MUTATED} mutated fixtures`, () => {
    oks.set(id, 0);
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 3 }), (ops) => check(imp, mutate(base, ops))), { numRuns: MUTATED, seed: 19 });
    // Enough mutants still import for the fuzz to reach the builder and the validator, not only the front door.
    expect(oks.get(id)).toBeGreaterThan(MUTATED / 200);
    console.log(`fuzz ${id}: ${oks.get(id)} of ${MUTATED} mutated files imported, the rest one-line errors`);
  }, 120_000);
  it(`${RUNS - MUTATED} random files`, () => {
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((a) => a.join('')),
      fc.json({ maxDepth: 4 }),
    );
    fc.assert(fc.property(text, (t) => check(imp, t)), { numRuns: RUNS - MUTATED, seed: 19 });
  }, 120_000);
});

describe('large hostile files, one per shape, at the size limit', () => {
  const MB4 = 4 * 1024 * 1024 - 64;
  const cases: [string, string][] = [
    ['numactl: one endless distance row', `available: 1 nodes (0)\nnode 0 cpus: 0\nnode 0 size: 1 MB\nnode distances:\nnode   0\n  0: ${' 10'.repeat(MB4 / 3 - 20)}x`],
    ['numactl: a huge CPU range', `available: 1 nodes (0)\nnode 0 cpus: 0-4000000000\n`],
    ['numactl: millions of nodes', 'available: 1 nodes (0)\n' + 'node 0 size: 1 MB\n'.repeat(MB4 / 18)],
    ['cxl list: nesting 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['cxl list: a million memdevs', `[${'{"memdev":"mem0","ram_size":1},'.repeat(MB4 / 32 - 2)}{}]`],
    ['hwloc: a million empty objects', `<topology version="2.0">${'<object/>'.repeat(MB4 / 9 - 10)}</topology>`],
    ['hwloc: a cpuset of 4 MiB', `<topology version="2.0"><object type="Machine"><object type="NUMANode" cpuset="${'0xffffffff,'.repeat(MB4 / 11 - 20)}0x1"/></object></topology>`],
  ];
  it.each(cases)('%s: an answer within 2 s', (_, text) => {
    const t0 = performance.now();
    for (const imp of IMPORTERS) {
      const r = imp.parse(text);
      if (!r.ok) expect(r.error).not.toMatch(/\n/);
    }
    expect(performance.now() - t0).toBeLessThan(SLOW_MS * IMPORTERS.length);
  }, 30_000);
});

describe('hostile XML', () => {
  const hwloc = IMPORTERS.find((i) => i.id === 'hwloc-xml')!;
  const refuse = (xml: string) => {
    const t0 = performance.now();
    const r = hwloc.parse(xml);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error;
  };
  it('refuses a billion laughs at its DOCTYPE, without expanding anything', () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k || ''};`.repeat(10)}">`)].join('\n');
    expect(refuse(`<?xml version="1.0"?>\n<!DOCTYPE topology [\n${lol}\n]>\n<topology version="2.0"><object type="Machine">&lol9;</object></topology>`)).toMatch(/line 2: a DOCTYPE with an internal subset/);
  });
  it('refuses external entities and undeclared entity references', () => {
    expect(refuse('<!DOCTYPE topology [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><topology>&xxe;</topology>')).toMatch(/internal subset/);
    expect(refuse('<topology version="2.0"><object type="Machine" os_index="&xxe;"/></topology>')).toMatch(/entity "&xxe;" is not one of XML's five/);
  });
  it('refuses deep nesting and a large file of one element quickly', () => {
    expect(refuse(`<topology>${'<object type="Group">'.repeat(300)}`)).toMatch(/nested deeper than 256/);
    const t0 = performance.now();
    const r = hwloc.parse(`<topology version="2.0"><object type="Machine" x="${'a'.repeat(3_000_000)}"/></topology>`);
    expect(r.ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
