import { describe, expect, it } from 'vitest';
import { describeGroup, gapOf, hostBands, layoutRows, positionAt, rowTop, SPLIT_GAP } from './heat-rows';

const n = (v: number) => v.toLocaleString('en-US');

describe('heatmap rows', () => {
  const score = [5, 50, 0, 20];
  const fast = [0, 1, 0.6, 0.2];

  it('address order: row p shows group p', () => {
    const l = layoutRows(4, 100, 'address', score, false, fast);
    expect([...l.order]).toEqual([0, 1, 2, 3]);
    expect(l.split).toBe(-1);
    expect(l.rowH).toBe(25);
  });

  it('hotness: the most accessed group on top, ties in address order', () => {
    expect([...layoutRows(4, 100, 'hotness', score, false, fast).order]).toEqual([1, 3, 0, 2]);
    expect([...layoutRows(3, 90, 'hotness', [1, 1, 1], false, null).order]).toEqual([0, 1, 2]);
  });

  it('split by tier: groups mostly in the fast tier first, each part in the chosen order', () => {
    const l = layoutRows(4, 100 + SPLIT_GAP, 'address', score, true, fast);
    expect([...l.order]).toEqual([1, 2, 0, 3]);
    expect(l.split).toBe(2);
    expect(l.rowH).toBe(25);
    expect([...layoutRows(4, 100, 'hotness', score, true, fast).order]).toEqual([1, 2, 3, 0]);
    // pos is the inverse of order.
    for (let p = 0; p < 4; p++) expect(l.pos[l.order[p]]).toBe(p);
  });

  it('rows and the pointer agree, across the gap between the parts', () => {
    const l = layoutRows(4, 100 + SPLIT_GAP, 'address', score, true, fast);
    expect(gapOf(l)).toBe(SPLIT_GAP);
    expect([0, 1, 2, 3].map((p) => rowTop(l, p))).toEqual([0, 25, 50 + SPLIT_GAP, 75 + SPLIT_GAP]);
    for (let p = 0; p < 4; p++) expect(positionAt(l, rowTop(l, p) + 1)).toBe(p);
    expect(positionAt(l, 50 + 1)).toBe(1); // just inside the gap: the row above
    expect(positionAt(l, 50 + SPLIT_GAP - 1)).toBe(2);
    expect(positionAt(l, -5)).toBe(0);
    expect(positionAt(l, 1e6)).toBe(3);
    // Everything on one side: no gap.
    expect(gapOf(layoutRows(4, 100, 'address', score, true, [1, 1, 1, 1]))).toBe(0);
  });

  it('a row in words: its pages, their size and each workload address range it covers', () => {
    const meta = {
      heatGroups: 4, totalPages: 1000, pageBytes: 4096,
      workloads: [{ id: 'app0', hosts: ['h0'], firstPage: 0, pages: 600 }, { id: 'app1', hosts: ['h1'], firstPage: 600, pages: 400 }],
    };
    expect(describeGroup(0, meta, n)).toEqual({ pages: 'pages 0–249 (250 pages, 1000 KiB)', ranges: ['app0 (h0): 0x0–0xF9FFF'] });
    const g2 = describeGroup(2, meta, n);
    expect(g2.pages).toBe('pages 500–749 (250 pages, 1000 KiB)');
    expect(g2.ranges).toEqual([`app0 (h0): 0x${(500 * 4096).toString(16).toUpperCase()}–0x${(600 * 4096 - 1).toString(16).toUpperCase()}`, `app1 (h1): 0x0–0x${(150 * 4096 - 1).toString(16).toUpperCase()}`]);
  });
});

describe('host bands (many hosts)', () => {
  const fabric = (H: number, pagesEach: number, groups: number) => ({
    heatGroups: groups, totalPages: H * pagesEach,
    hosts: Array.from({ length: H }, (_, i) => ({ id: `h${i}` })),
    workloads: Array.from({ length: H }, (_, i) => ({ id: `app${i}`, hosts: [`h${i}`], firstPage: i * pagesEach, pages: pagesEach })),
  }) as unknown as Parameters<typeof hostBands>[0];

  it('none at four hosts or fewer', () => {
    expect(hostBands(fabric(4, 100, 128))).toEqual([]);
  });

  it('256 hosts on 128 rows: 16 bands of 16 hosts, 8 rows each, top to bottom', () => {
    const b = hostBands(fabric(256, 100, 128));
    expect(b).toHaveLength(16);
    expect(b[0]).toEqual({ label: 'h0–h15', rows: 8 });
    expect(b[15]).toEqual({ label: 'h240–h255', rows: 8 });
    expect(b.reduce((a, x) => a + x.rows, 0)).toBe(128);
  });

  it('eight hosts: a band per host, rows as their pages', () => {
    const b = hostBands(fabric(8, 16, 128));
    expect(b.map((x) => x.label)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7']);
    expect(b.every((x) => x.rows === 16)).toBe(true);
  });
});
