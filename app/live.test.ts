import { describe, expect, it } from 'vitest';
import type { EngineMeta } from '../src/engine/meta';
import { DEVICE_WIDTH, encodeSnapshot, HOST_WIDTH, LINK_WIDTH, SUMMARY_FIELDS, SUMMARY_WIDTH, type EpochSummary } from '../src/engine/snapshot';
import { RUN_KEYS } from '../src/metrics/registry';
import { loadPreset } from '../scripts/cli/presets';
import { Engine } from '../src/engine/engine';
import { HEAT_COLUMNS, HISTORY_ROWS, LiveData, RUN_FIGURE_EPOCHS } from './live';

const GROUPS = 4;
const meta = {
  version: 0,
  hosts: [{ id: 'h0', name: 'h0', cores: 1, fastTier: 0, localDevices: ['d0'] }],
  devices: [{ id: 'd0', name: 'd0', kind: 'dram', tier: 0, adistance: 576, capacityPages: 10, bandwidthGBps: 1, latencyNs: 80 }],
  links: [], tiers: [], workloads: [{ id: 'w', hosts: ['h0'], firstPage: 0, pages: 10 }], sharedRegions: [], pool: null, idleLatencyNs: [[80]], distance: [[10]], pageBytes: 4096, totalPages: 10, heatGroups: GROUPS, epochMs: 100,
} as EngineMeta;

function summary(epoch: number): EpochSummary {
  const s = {} as EpochSummary;
  for (const f of SUMMARY_FIELDS) s[f] = 0;
  s.epoch = epoch;
  s.timeMs = epoch * 100;
  s.migrations = 2;
  return s;
}

/** A snapshot after `done` epochs carrying the rows of epochs [from, done). */
function snap(from: number, done: number): ArrayBuffer {
  const rows = new Float64Array((done - from) * SUMMARY_WIDTH);
  for (let e = from; e < done; e++) SUMMARY_FIELDS.forEach((f, j) => { rows[(e - from) * SUMMARY_WIDTH + j] = summary(e)[f]; });
  // Heat of epoch e: every group e + 1 (so epoch 0 is not all zeros).
  const heatRows = new Float64Array((done - from) * GROUPS);
  for (let e = from; e < done; e++) heatRows.fill(e + 1, (e - from) * GROUPS, (e - from + 1) * GROUPS);
  return encodeSnapshot({
    summary: summary(done - 1), device: new Float64Array(DEVICE_WIDTH), host: new Float64Array(HOST_WIDTH),
    link: new Float64Array(LINK_WIDTH * 0), heat: new Float64Array(GROUPS).fill(done), groupFast: new Float64Array(GROUPS).fill(0.5), history: rows, heatRows,
    fastRows: new Float64Array((done - from) * GROUPS).fill(0.5),
  }, 1, 1, 0, GROUPS);
}

describe('LiveData', () => {
  it('ignores snapshots of another run', () => {
    const live = new LiveData();
    live.reset(meta, 2);
    expect(live.push(snap(0, 1), 1, 1)).toBe(false);
    expect(live.push(snap(0, 1), 2, 1)).toBe(true);
  });

  it('keeps every summary row of coalesced snapshots, in order', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    live.push(snap(0, 3), 1, 3);
    live.push(snap(3, 10), 1, 10);
    expect(live.rowCount).toBe(10);
    const epochs = Array.from({ length: live.rowCount }, (_, i) => live.rows[live.rowOffset(i)]);
    expect(epochs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(live.totalMigrations).toBe(20);
    // One heat column per epoch, from the snapshots' heat rows.
    expect(live.colCount).toBe(10);
    expect(Array.from({ length: 10 }, (_, i) => live.colEpoch[live.column(i)])).toEqual(epochs);
    expect(Array.from({ length: 10 }, (_, i) => live.heat[live.column(i) * GROUPS])).toEqual(epochs.map((e) => e + 1));
    expect(live.fast[live.column(9) * GROUPS]).toBe(0.5);
  });

  it('wraps its rings, dropping the oldest', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    let done = 0;
    for (let i = 0; i < HEAT_COLUMNS + 5; i++) {
      live.push(snap(done, done + 20), 1, done + 20);
      done += 20;
    }
    expect(live.colCount).toBe(HEAT_COLUMNS);
    expect(live.colEpoch[live.column(HEAT_COLUMNS - 1)]).toBe(done - 1);
    expect(live.colEpoch[live.column(0)]).toBe(done - HEAT_COLUMNS);
    expect(live.heat[live.column(0) * GROUPS]).toBe(done - HEAT_COLUMNS + 1);
    expect(live.rowCount).toBe(HISTORY_ROWS);
    expect(live.rows[live.rowOffset(HISTORY_ROWS - 1)]).toBe(done - 1);
    expect(live.rows[live.rowOffset(0)]).toBe(done - HISTORY_ROWS);
    // An epoch's row, found by its number (readouts on hover), even after the ring wrapped.
    expect(live.rowOfEpoch(done - 1)).toBe(live.rowOffset(HISTORY_ROWS - 1));
    expect(live.rowOfEpoch(done - 100)).toBe(live.rowOffset(HISTORY_ROWS - 100));
    expect(live.rowOfEpoch(done - HISTORY_ROWS - 1)).toBe(-1);
    expect(live.rowOfEpoch(done)).toBe(-1);
  });

  it('a fresh run (epoch 0) adds no heat column', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    live.push(snap(0, 0), 1, 0);
    expect(live.colCount).toBe(0);
    expect(live.latest).not.toBeNull();
  });

  it('sums promotions and demotions, and gives access-weighted figures at any epoch', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    const rows = [
      { amat: 100, tput: 10, served: 10, fast: 1, local: 1, unplaced: 0, issued: 10, promo: 3, demo: 1, ips: 8e9, allLocal: 10e9, cpu: 1 },
      { amat: 200, tput: 30, served: 30, fast: 0, local: 0, unplaced: 0.5, issued: 60, promo: 0, demo: 2, ips: 4e9, allLocal: 10e9, cpu: 3 },
      { amat: 400, tput: 20, served: 20, fast: 0.5, local: 0.25, unplaced: 0, issued: 20, promo: 1, demo: 0, ips: 9e9, allLocal: 9e9, cpu: 0 },
    ];
    const buf = new Float64Array(rows.length * SUMMARY_WIDTH);
    rows.forEach((r, e) => {
      const s = summary(e);
      Object.assign(s, {
        amatNs: r.amat, throughputGBps: r.tput, fastTierAccessShare: r.fast, localAccessShare: r.local, unplacedAccessShare: r.unplaced,
        servedAccesses: r.served, issuedAccesses: r.issued, promotions: r.promo, demotions: r.demo,
        instructionsPerSecond: r.ips, allLocalInstructionsPerSecond: r.allLocal, migrationCpuPercent: r.cpu,
      });
      SUMMARY_FIELDS.forEach((f, j) => { buf[e * SUMMARY_WIDTH + j] = s[f]; });
    });
    const snapshot = encodeSnapshot({
      summary: summary(2), device: new Float64Array(DEVICE_WIDTH), host: new Float64Array(HOST_WIDTH), link: [],
      heat: new Float64Array(GROUPS), groupFast: new Float64Array(GROUPS), history: buf,
    }, 1, 1, 0, GROUPS);
    live.push(snapshot, 1, 3, { accuracy: 0.8 });
    expect(live.figuresAt(3).promotions).toBe(4);
    expect(live.figuresAt(3).demotions).toBe(3);
    expect(live.stats).toEqual({ accuracy: 0.8 });
    expect(live.summedEpochs).toBe(3);
    const two = live.figuresAt(2);
    // AMAT weighs each epoch by the accesses it served.
    expect(two.amatNs).toBeCloseTo((100 * 10 + 200 * 30) / 40);
    expect(two.throughputGBps).toBeCloseTo(20);
    // Shares weigh each epoch by the accesses it issued (served or not), as the CLI's summary.
    expect(two.fastTierAccessShare).toBeCloseTo(10 / 70);
    expect(two.localAccessShare).toBeCloseTo(10 / 70);
    expect(two.unplacedAccessShare).toBeCloseTo(30 / 70);
    expect(live.figuresAt(3).localAccessShare).toBeCloseTo((10 + 5) / 90);
    expect(live.figuresAt(99).epochs).toBe(3);
    // The application's side: instructions summed over epochs against the all-local ones summed.
    expect(two.slowdownPercent).toBeCloseTo(100 * (1 - 12 / 20));
    expect(two.instructionsPerSecond).toBeCloseTo(6e9);
    expect(two.migrationCpuPercent).toBeCloseTo(2);
    expect(live.figuresAt(0)).toEqual({ epochs: 0, ...Object.fromEntries(RUN_KEYS.map((k) => [k, 0])) });
  });
});

describe('LiveData: the run figures are the engine\'s (and so the CLI summary\'s)', () => {
  it('equal the engine\'s run totals bit for bit, at every epoch of coalesced snapshots', () => {
    const e = new Engine(loadPreset('tpp-1to4'));
    const live = new LiveData();
    live.reset(e.meta, 1);
    const totals = [e.runTotals()];
    let done = 0;
    for (const batch of [1, 4, 2, 9]) {
      const rows = [];
      for (let i = 0; i < batch; i++) { rows.push(e.step()); totals.push(e.runTotals()); }
      done += batch;
      live.push(e.snapshot(rows), 1, done);
    }
    expect(live.summedEpochs).toBe(done);
    for (let n = 1; n <= done; n++) {
      const f = live.figuresAt(n);
      expect(f.epochs).toBe(n);
      for (const k of RUN_KEYS) expect(f[k], `${k} after ${n} epochs`).toBe(totals[n][k]);
    }
    expect(totals[done].migrations).toBeGreaterThan(0);
    expect(live.totalMigrations).toBe(totals[done].migrations);
  });

  it('keep the newest RUN_FIGURE_EPOCHS epochs\' figures, not the whole run\'s', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    const n = RUN_FIGURE_EPOCHS + 50;
    live.push(snap(0, n), 1, n);
    expect(live.figuresAt(n).epochs).toBe(n);
    expect(live.figuresAt(n - RUN_FIGURE_EPOCHS + 1).epochs).toBe(n - RUN_FIGURE_EPOCHS + 1);
    // Older epochs are no longer held: the figures say which epochs they are of.
    expect(live.figuresAt(10).epochs).toBe(n - RUN_FIGURE_EPOCHS + 1);
    expect(live.figuresAt(n).migrations).toBe(2 * n);
  });
});

describe('LiveData: the whole run beyond the ring', () => {
  it('keeps every epoch in the decimated overview while the ring keeps the newest HISTORY_ROWS', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    const n = HISTORY_ROWS + 1500;
    for (let e = 0; e < n; e += 500) live.push(snap(e, Math.min(n, e + 500)), 1, Math.min(n, e + 500));
    expect(live.rowCount).toBe(HISTORY_ROWS);
    expect(live.overview.epochs).toBe(n);
    expect(live.overview.count).toBeLessThanOrEqual(512);
    live.reset(meta, 2);
    expect(live.overview.epochs).toBe(0);
  });
});

describe('LiveData: the queue the frame loop commits', () => {
  it('queued snapshots change nothing until committed, then all of them apply in order', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    const v = live.version;
    let told = 0;
    live.onQueued = () => { told++; };
    live.enqueue(snap(0, 2), 1, 2);
    live.enqueue(snap(2, 5), 1, 5);
    live.enqueue(snap(0, 1), 7, 1); // another run: dropped
    expect(told).toBe(2);
    expect(live.version).toBe(v);
    expect(live.epochsDone).toBe(0);
    expect(live.latestEpochs).toBe(5);
    expect(live.commit()).toBe(true);
    expect(live.version).toBe(v + 1);
    expect(live.epochsDone).toBe(5);
    expect(live.shownEpoch).toBe(4);
    expect(live.rowCount).toBe(5);
    expect(live.commit()).toBe(false);
  });

  it('a long queue commits by itself (no frames in a hidden tab)', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    for (let e = 0; e < 300; e++) live.enqueue(snap(e, e + 1), 1, e + 1);
    expect(live.epochsDone).toBeGreaterThanOrEqual(256);
    live.commit();
    expect(live.epochsDone).toBe(300);
  });

  it('resume: the same run goes on under a new run id, keeping what it holds and what was queued', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    live.push(snap(0, 3), 1, 3);
    live.enqueue(snap(3, 5), 1, 5);
    live.resume(4);
    expect(live.push(snap(5, 6), 1, 6)).toBe(false); // the old worker's, late
    live.enqueue(snap(5, 8), 4, 8);
    live.commit();
    expect(live.epochsDone).toBe(8);
    expect(Array.from({ length: live.rowCount }, (_, i) => live.rows[live.rowOffset(i)])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(live.totalMigrations).toBe(16);
  });

  it('reset drops what was queued for the old run', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    live.enqueue(snap(0, 2), 1, 2);
    live.reset(meta, 2);
    expect(live.commit()).toBe(false);
    expect(live.epochsDone).toBe(0);
  });
});

describe('LiveData: a topology changed mid-run (a timeline event)', () => {
  it('takes the new meta with the snapshot that carries it: no epoch is dropped and the store hears of it', () => {
    const s = loadPreset('cxl-hot-remove');
    const e = new Engine({ ...s, events: [{ atMs: 300, kind: 'device-fail', device: 'cxl0' }] } as typeof s);
    const live = new LiveData();
    live.reset(e.meta, 1);
    const heard: number[] = [];
    live.onMeta = (m) => heard.push(m.version);
    let done = 0;
    for (let i = 0; i < 8; i++) {
      const before = e.meta;
      const row = e.step();
      done++;
      live.enqueue(e.snapshot([row]), 1, done, {}, e.meta !== before ? e.meta : undefined);
    }
    live.commit();
    expect(heard.length).toBeGreaterThan(0);
    expect(live.meta).toBe(e.meta);
    expect(live.epochsDone).toBe(8);
    expect(live.summedEpochs).toBe(8);
  });
});

describe('LiveData: the timeline events\' outcomes', () => {
  it('takes the outcomes a snapshot carries when it is committed, keeps them until another does, and drops them on reset', () => {
    const live = new LiveData();
    live.reset(meta, 1);
    const o = { index: 0, atMs: 100, kind: 'device-fail', target: 'd0', epoch: 1, endEpoch: 1, state: 'done' as const, ok: true, reason: 'd0 failed', summary: '1 hosts, 0 VMs, 40 KiB lost', pagesMoved: 0, pagesLost: 10, pagesIsolated: 0, hostsHit: ['h0'], vmsHit: [], regionsHit: [], mces: 0, signalled: 0 };
    live.enqueue(snap(0, 2), 1, 2, {}, undefined, [o]);
    expect(live.outcomes).toEqual([]);
    live.commit();
    expect(live.outcomes).toEqual([o]);
    live.enqueue(snap(2, 3), 1, 3);
    live.commit();
    expect(live.outcomes).toEqual([o]);
    live.enqueue(snap(0, 1), 9, 1, {}, undefined, []); // another run's: dropped
    live.commit();
    expect(live.outcomes).toEqual([o]);
    live.reset(meta, 2);
    expect(live.outcomes).toEqual([]);
  });
});
