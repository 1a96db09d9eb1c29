import { describe, expect, it } from 'vitest';
import { RunAggregator, RunPrefixes } from './aggregate';
import { EPOCH_REPORT_KEYS, METRICS, metric, registryProblems, ROW_KEYS, RUN_KEYS, SUMMARY_KEYS, type Metric, type RowKey } from './registry';

/** A row with the given figures (others 0), in ROW_KEYS order. */
function row(values: Partial<Record<RowKey, number>>): Float64Array {
  return Float64Array.from(ROW_KEYS, (k) => values[k] ?? 0);
}

describe('the metric registry', () => {
  it('has no problems of its own', () => {
    expect(registryProblems()).toEqual([]);
  });

  it('finds broken rows', () => {
    const base = metric('amatNs');
    const rows: Metric[] = [
      { ...base, run: { kind: 'mean-by', weight: 'nowhere' } },
      { ...metric('epoch'), summary: true },
      { ...metric('throughputGBps'), key: 'amatNs', id: 'amat' },
    ];
    expect(registryProblems(rows)).toEqual([
      'duplicate keys', 'duplicate ids',
      'amatNs: weight nowhere is not a summed figure',
      'epoch: in the summary without a run figure',
    ]);
  });

  it('derives the CLI\'s columns and summary keys from the rows, in row order', () => {
    expect(EPOCH_REPORT_KEYS.every((k, i, a) => i === 0 || ROW_KEYS.indexOf(k) > ROW_KEYS.indexOf(a[i - 1]))).toBe(true);
    expect(SUMMARY_KEYS.every((k) => RUN_KEYS.includes(k as never))).toBe(true);
    // The access weights ride in the app's stream only.
    expect(EPOCH_REPORT_KEYS).not.toContain('servedAccesses');
    expect(ROW_KEYS.slice(-2)).toEqual(['servedAccesses', 'issuedAccesses']);
    expect(new Set(METRICS.map((m) => m.key)).size).toBe(METRICS.length);
  });
});

describe('RunAggregator', () => {
  // Two epochs of 100 ms, by hand.
  const epochs = [
    row({ epoch: 0, amatNs: 100, servedAccesses: 10, issuedAccesses: 20, fastTierAccessShare: 1, throughputGBps: 4, migrations: 3, pagesUnplaced: 7, migrationCpuPercent: 1, instructionsPerSecond: 6, allLocalInstructionsPerSecond: 8 }),
    row({ epoch: 1, amatNs: 400, servedAccesses: 30, issuedAccesses: 60, fastTierAccessShare: 0.5, throughputGBps: 8, migrations: 2, pagesUnplaced: 5, migrationCpuPercent: 3, instructionsPerSecond: 2, allLocalInstructionsPerSecond: 8 }),
  ];

  it('aggregates each figure as its row says', () => {
    const a = new RunAggregator(100);
    for (const r of epochs) a.add(r);
    const f = a.figures(2);
    expect(f.epochs).toBe(2);
    expect(f.amatNs).toBe((100 * 10 + 400 * 30) / 40); // served-weighted: 325
    expect(f.fastTierAccessShare).toBe((1 * 20 + 0.5 * 60) / 80); // issued-weighted: 0.625
    expect(f.throughputGBps).toBeCloseTo(6, 12); // over the run's 0.2 s
    expect(f.migrations).toBe(5);
    expect(f.pagesUnplaced).toBe(5); // the newest epoch's
    expect(f.migrationCpuPercent).toBe(2);
    expect(f.slowdownPercent).toBeCloseTo(50, 12); // 100 x (1 - 0.8 / 1.6)
    expect(f.servedAccesses).toBe(40);
    // The engine knows better than the newest row what is unplaced now.
    expect(a.figures(2, { pagesUnplaced: 9 }).pagesUnplaced).toBe(9);
  });

  it('gives zeros, not NaN, before any epoch or weight', () => {
    const f = new RunAggregator(100).figures(0);
    for (const k of RUN_KEYS) expect(f[k], k).toBe(0);
  });
});

describe('RunPrefixes', () => {
  it('adds rows in order from epoch 0 only, and answers at any epoch it holds', () => {
    const p = new RunPrefixes(100, 3);
    const add = (e: number, m: number) => p.add(row({ epoch: e, migrations: m }));
    expect(add(1, 5)).toBe(false); // not epoch 0
    for (let e = 0; e < 5; e++) expect(add(e, e + 1)).toBe(true);
    expect(add(3, 100)).toBe(false); // a repeat
    expect(p.epochs).toBe(5);
    expect(p.figuresAt(5).migrations).toBe(1 + 2 + 3 + 4 + 5);
    expect(p.figuresAt(3)).toMatchObject({ epochs: 3, migrations: 6 });
    expect(p.figuresAt(0)).toMatchObject({ epochs: 0, migrations: 0 });
    // Held: the newest 3 (after 3, 4 and 5 epochs); older ones clamp to the oldest held.
    expect(p.figuresAt(2).epochs).toBe(3);
    expect(p.figuresAt(99).epochs).toBe(5);
  });
});
