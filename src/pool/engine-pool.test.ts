import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { Engine } from '../engine/engine';
import { LIMITS } from '../scenario/limits';
import {
  decodeSnapshot, encodeSnapshot, HOST_WIDTH, POOL, POOL_DEVICE, POOL_DEVICE_WIDTH, POOL_FIELDS, POOL_HOST, POOL_HOST_WIDTH, POOL_WIDTH,
  snapshotLength, SUMMARY_FIELDS, SUMMARY_WIDTH, VM, VM_WIDTH, type EpochSummary,
} from '../engine/snapshot';

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

describe('the pool in the snapshot', () => {
  const run = (preset: string, epochs: number) => {
    const e = new Engine(loadPreset(preset));
    const rows: EpochSummary[] = [], pools: number[][] = [];
    for (let i = 0; i < epochs; i++) { rows.push(e.step()); pools.push([...e.poolRow()]); }
    return { e, rows, pools };
  };
  const sum = (a: Float64Array, width: number, col: number) => { let s = 0; for (let i = col; i < a.length; i += width) s += a[i]; return s; };

  it('carries a pool row for every history epoch, and per host, per device and extent rows that add up to the pod', () => {
    const { e, rows, pools } = run('dcd-pool', 30);
    const v = decodeSnapshot(e.snapshot(rows.slice(-12)));
    expect([...v.poolHistory]).toEqual(pools.slice(-12).flat());
    const p = v.pool;
    expect(v.poolHosts).toBe(4);
    expect(v.poolDevices).toBe(2);
    const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);
    close(sum(v.poolHost, POOL_HOST_WIDTH, POOL_HOST.strandedGiB), p[POOL.strandedGiB]);
    close(sum(v.poolHost, POOL_HOST_WIDTH, POOL_HOST.untouchedGiB), p[POOL.untouchedGiB]);
    close(sum(v.poolHost, POOL_HOST_WIDTH, POOL_HOST.usedGiB), p[POOL.usedGiB]);
    close(sum(v.poolHost, POOL_HOST_WIDTH, POOL_HOST.freeGiB), p[POOL.freeGiB]);
    close(sum(v.poolHost, POOL_HOST_WIDTH, POOL_HOST.dramGiB), p[POOL.dramGiB]);
    close(sum(v.poolHost, POOL_HOST_WIDTH, POOL_HOST.vms), p[POOL.vmsRunning]);
    close(sum(v.poolHost, POOL_HOST_WIDTH, POOL_HOST.poolGrantedGiB), p[POOL.poolGrantedGiB]);
    close(sum(v.poolDevice, POOL_DEVICE_WIDTH, POOL_DEVICE.grantedGiB), p[POOL.poolGrantedGiB]);
    close(sum(v.poolDevice, POOL_DEVICE_WIDTH, POOL_DEVICE.usedGiB), p[POOL.poolUsedGiB]);
    close(sum(v.poolDevice, POOL_DEVICE_WIDTH, POOL_DEVICE.capacityGiB), p[POOL.poolCapacityGiB]);
    for (let d = 0; d < v.poolDevices; d++) {
      let granted = 0;
      for (let h = 0; h < v.poolHosts; h++) granted += v.extents[d * v.poolHosts + h];
      close(granted, v.poolDevice[d * POOL_DEVICE_WIDTH + POOL_DEVICE.grantedGiB]);
      const o = d * POOL_DEVICE_WIDTH;
      close(v.poolDevice[o + POOL_DEVICE.freeGiB] + granted, v.poolDevice[o + POOL_DEVICE.capacityGiB]);
    }
    expect(e.meta.pool).toEqual({ manager: 'on-demand', extentGiB: 1, scale: 1024, devices: [{ device: 4, kind: 'dcd', heads: [0, 1, 2, 3] }, { device: 5, kind: 'dcd', heads: [0, 1, 2, 3] }] });
  });

  it('lists the running VMs, the slowest first, with this epoch\'s figures (the mean over them is the pool row\'s)', () => {
    const { e, rows } = run('pond-pool', 40);
    const v = decodeSnapshot(e.snapshot(rows.slice(-1)));
    expect(v.vms).toBe(Math.min(v.pool[POOL.vmsRunning], LIMITS.vmSnapshotRows));
    expect(v.vms).toBeGreaterThan(10);
    const slow = Array.from({ length: v.vms }, (_, i) => v.vm[i * VM_WIDTH + VM.slowdownPercent]);
    expect(slow).toEqual([...slow].sort((a, b) => b - a));
    const amat = Array.from({ length: v.vms }, (_, i) => v.vm[i * VM_WIDTH + VM.amatNs]);
    expect(amat.reduce((a, b) => a + b, 0) / v.vms).toBeCloseTo(v.pool[POOL.vmAmatNs], 6);
    expect(slow.reduce((a, b) => a + b, 0) / v.vms).toBeCloseTo(v.pool[POOL.vmSlowdownPercent], 6);
    for (let i = 0; i < v.vms; i++) {
      const share = v.vm[i * VM_WIDTH + VM.poolShare];
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
      expect(v.vm[i * VM_WIDTH + VM.host]).toBeLessThan(16);
    }
  });

  it('costs a scenario without a pool nothing: no pool blocks, no pool meta', () => {
    const e = new Engine(loadPreset('tpp-1to4'));
    const rows = [e.step(), e.step()];
    const buf = e.snapshot(rows);
    const v = decodeSnapshot(buf);
    expect([v.poolHosts, v.poolDevices, v.vms, v.poolHost.length, v.poolHistory.length, v.vm.length]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(buf.byteLength).toBe(8 * snapshotLength(v.devices, v.hosts, v.links, v.groups, 2, undefined, v.streamRows));
    expect(e.meta.pool).toBeNull();
  });

  it('round-trips every pool block through encode and decode', () => {
    const summary = Object.fromEntries(SUMMARY_FIELDS.map((f, i) => [f, i])) as EpochSummary;
    const seq = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);
    const parts = { hosts: 3, devices: 2, vms: 4, poolHost: seq(3 * POOL_HOST_WIDTH, 100), poolDevice: seq(2 * POOL_DEVICE_WIDTH, 200), extents: seq(6, 300), vm: seq(4 * VM_WIDTH, 400), history: seq(2 * POOL_WIDTH, 500) };
    const history = seq(2 * SUMMARY_WIDTH, 0);
    const v = decodeSnapshot(encodeSnapshot({ summary, device: [], host: seq(3 * HOST_WIDTH, 0), link: [], heat: [], groupFast: [], history, pool: seq(POOL_WIDTH, 50), poolParts: parts }, 0, 3, 0, 0));
    expect([...v.poolHost]).toEqual(parts.poolHost);
    expect([...v.poolDevice]).toEqual(parts.poolDevice);
    expect([...v.extents]).toEqual(parts.extents);
    expect([...v.vm]).toEqual(parts.vm);
    expect([...v.poolHistory]).toEqual(parts.history);
    expect([...v.pool]).toEqual(seq(POOL_WIDTH, 50));
    expect([...v.history]).toEqual(history);
  });
});
