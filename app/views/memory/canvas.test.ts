import { describe, expect, it } from 'vitest';
import * as d3 from 'd3';
import { affine, drawXTicks, traceColumns, traceLine } from './canvas';

/** A context whose text is 6 px per character; records what was written where. */
function fakeCtx() {
  const drawn: { text: string; x: number }[] = [];
  const ctx = {
    textAlign: 'left', textBaseline: 'top',
    measureText: (t: string) => ({ width: t.length * 6 }),
    fillText: (text: string, x: number) => { drawn.push({ text, x }); },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, drawn };
}

describe('drawXTicks', () => {
  for (const width of [200, 320, 540, 900]) {
    it(`labels never touch or leave the axis (${width} px)`, () => {
      const { ctx, drawn } = fakeCtx();
      const x = d3.scaleLinear().domain([0, 4000]).range([46, width - 10]);
      drawXTicks(ctx, x, (v) => `${v} ms`, 0, 0, width);
      expect(drawn.length).toBeGreaterThanOrEqual(2);
      for (let i = 0; i < drawn.length; i++) {
        const end = drawn[i].x + drawn[i].text.length * 6;
        expect(drawn[i].x).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(width);
        if (i > 0) expect(drawn[i].x).toBeGreaterThanOrEqual(drawn[i - 1].x + drawn[i - 1].text.length * 6 + 12);
      }
      // Evenly spaced values: no tick skipped in the middle.
      const values = drawn.map((d) => Number(d.text.replace(' ms', '')));
      const steps = new Set(values.slice(1).map((v, i) => v - values[i]));
      expect(steps.size).toBe(1);
    });
  }

  it('draws whole-number ticks only when asked (epochs)', () => {
    const { ctx, drawn } = fakeCtx();
    drawXTicks(ctx, d3.scaleLinear().domain([0, 3]).range([46, 590]), String, 0, 0, 600, true);
    expect(drawn.map((d) => d.text)).toEqual(['0', '1', '2', '3']);
  });
});

describe('traceLine', () => {
  function record(points: (readonly [number, number] | null)[]) {
    const ops: string[] = [];
    const ctx = { moveTo: (x: number, y: number) => ops.push(`M${x},${y}`), lineTo: (x: number, y: number) => ops.push(`L${x},${y}`), arc: (x: number, y: number) => ops.push(`O${x},${y}`) };
    traceLine(ctx, points.length, (i) => points[i]);
    return ops;
  }
  it('joins every point of a full series', () => {
    expect(record([[0, 5], [1, 6], [2, 7]])).toEqual(['M0,5', 'L1,6', 'L2,7']);
  });
  it('breaks the line where an epoch measured nothing, instead of dropping to 0', () => {
    expect(record([[0, 5], [1, 6], null, null, [4, 8], [5, 9]])).toEqual(['M0,5', 'L1,6', 'M4,8', 'L5,9']);
  });
  it('draws a point alone between breaks as a dot', () => {
    expect(record([null, [1, 6], null, [3, 7]])).toEqual(['M1,6', 'M3.5,6', 'O1,6', 'M3,7', 'M5.5,7', 'O3,7']);
  });
});

describe('traceColumns', () => {
  function record(xs: number[], ys: number[]) {
    const ops: string[] = [];
    const ctx = { moveTo: (x: number, y: number) => ops.push(`M${x},${y}`), lineTo: (x: number, y: number) => ops.push(`L${x},${y}`) };
    traceColumns(ctx, xs.length, (i) => xs[i], (i) => ys[i]);
    return ops;
  }
  it('draws every point when each has a column of its own', () => {
    expect(record([0, 1, 2], [5, 6, 7])).toEqual(['M0,5', 'L1,6', 'L2,7']);
  });
  it('keeps a column\'s first, lowest, highest and last points: a spike inside a pixel still shows', () => {
    expect(record([0, 0.2, 0.3, 0.4, 1], [5, 1, 9, 6, 7])).toEqual(['M0,5', 'L0,1', 'L0,9', 'L0,6', 'L1,7']);
  });
  it('draws at most four points per column however many fall in it', () => {
    const n = 10_000, xs = Array.from({ length: n }, (_, i) => (i / n) * 100), ys = xs.map((_, i) => (i * 7919) % 13);
    const ops = record(xs, ys);
    expect(ops.length).toBeLessThanOrEqual(4 * 101);
    expect(ops.length).toBeGreaterThan(100);
  });
});

describe('affine', () => {
  it('maps as the d3 scale does, niced domains and reversed ranges included', () => {
    const scales = [
      d3.scaleLinear().domain([0, 1234 * 1.05]).nice(4).range([300, 20]),
      d3.scaleLinear().domain([0.1, 12.8]).range([42, 1180]),
      d3.scaleLinear().domain([5, 5]).range([10, 30]),
    ];
    for (const s of scales) {
      const { a, b } = affine(s);
      for (const v of [0, 0.1, 3.7, 5, 640, 1300, -2]) expect(a * v + b).toBeCloseTo(s(v), 9);
    }
  });
});
