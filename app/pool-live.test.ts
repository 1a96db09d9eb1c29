import { describe, expect, it } from 'vitest';
import { loadPreset } from '../scripts/cli/presets';
import { Engine } from '../src/engine/engine';
import { POOL, POOL_HOST, POOL_HOST_WIDTH, POOL_WIDTH, type EpochSummary } from '../src/engine/snapshot';
import { LiveData } from './live';
import { PoolHistory } from './pool-live';

describe('the pool in LiveData', () => {
  it('keeps a pool row beside every summary row of coalesced snapshots, run totals of extents, and one sample per epoch', () => {
    const e = new Engine(loadPreset('dcd-pool'));
    const live = new LiveData();
    live.reset(e.meta, 1);
    const rows: number[][] = [];
    let done = 0;
    for (const batch of [1, 3, 7, 2, 12]) {
      const summaries: EpochSummary[] = [];
      for (let i = 0; i < batch; i++) { summaries.push(e.step()); rows.push([...e.poolRow()]); }
      done += batch;
      expect(live.push(e.snapshot(summaries), 1, done)).toBe(true);
    }
    expect(live.rowCount).toBe(done);
    for (let i = 0; i < done; i++) {
      const po = PoolHistory.offsetOf(live.rowOffset(i));
      expect([...live.pool.rows.subarray(po, po + POOL_WIDTH)]).toEqual(rows[i]);
    }
    const totals = e.poolSummary();
    expect(live.pool.totalGranted).toBe(totals.extentsGranted);
    expect(live.pool.totalReclaimed).toBe(totals.extentsReclaimed);
    expect(live.pool.totalGranted).toBeGreaterThan(0);
    // One sample per snapshot; a second snapshot of the same epoch (paused) replaces it.
    expect(live.pool.sampleCount).toBe(5);
    live.push(e.snapshot([]), 1, done);
    expect(live.pool.sampleCount).toBe(5);
    expect(live.pool.sampleEpoch[live.pool.sample(4)]).toBe(done - 1);
    // A host's owned memory: its DRAM plus what it holds of the pool.
    const slot = live.pool.sample(4);
    const held = [0, 1].reduce((a, d) => a + live.latest!.extents[d * 4 + 2], 0);
    expect(live.pool.scoped({ kind: 'host', index: 2 }, slot, 'owned')).toBeCloseTo(live.latest!.poolHost[2 * POOL_HOST_WIDTH + POOL_HOST.dramGiB] + held, 9);
    expect(PoolHistory.pod(live.pool.rows, PoolHistory.offsetOf(live.rowOffset(done - 1)), 'used')).toBe(rows[done - 1][POOL.usedGiB]);
  });

  it('allocates nothing for a scenario without a pool', () => {
    const e = new Engine(loadPreset('tpp-1to4'));
    const live = new LiveData();
    live.reset(e.meta, 1);
    live.push(e.snapshot([e.step()]), 1, 1);
    expect([live.pool.pooled, live.pool.rows.length, live.pool.samples.length, live.pool.sampleCount]).toEqual([false, 0, 0, 0]);
  });
});
