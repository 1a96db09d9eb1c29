import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { Engine } from '../engine';
import { decodeSnapshot, POOL, POOL_FIELDS } from '../snapshot';

describe('the pool in the engine', () => {
  it('streams the newest epoch\'s pool row in the snapshot; a scenario without a pool streams zeros', () => {
    const e = new Engine(loadPreset('dcd-pool'));
    for (let i = 0; i < 30; i++) e.step();
    const v = decodeSnapshot(e.snapshot([]));
    expect([...v.pool]).toEqual([...e.poolRow()]);
    expect(v.pool[POOL.vmsRunning]).toBeGreaterThan(0);
    expect(v.pool[POOL.poolCapacityGiB]).toBe(512);
    const plain = new Engine(loadPreset('tpp-1to4'));
    plain.step();
    expect([...decodeSnapshot(plain.snapshot([])).pool]).toEqual(POOL_FIELDS.map(() => 0));
  });

  it('VMs on a pool device pay its loaded latency: AMAT between local DRAM\'s and the pool\'s', () => {
    const e = new Engine(loadPreset('pool-static-vs-on-demand'));
    for (let i = 0; i < 80; i++) e.step();
    const rows = e.vmRows();
    const lat = e.deviceStats();
    const local = Math.min(...lat.slice(0, -1).map((d) => d.latencyNs)), pool = lat[lat.length - 1].latencyNs;
    expect(rows.some((r) => r.poolShare > 0)).toBe(true);
    for (const r of rows) {
      expect(r.amatNs).toBeGreaterThanOrEqual(local - 1e-9);
      expect(r.amatNs).toBeLessThanOrEqual(pool + 1e-9);
    }
  });
});
