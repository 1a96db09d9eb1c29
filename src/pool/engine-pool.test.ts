import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { Engine } from '../engine/engine';
import { LIMITS } from '../scenario/limits';
import {
  decodeSnapshot, DEVICE, DEVICE_WIDTH, encodeSnapshot, HOST_WIDTH, LINK, LINK_WIDTH, POOL, POOL_DEVICE, POOL_DEVICE_WIDTH, POOL_FIELDS, POOL_HOST, POOL_HOST_WIDTH, POOL_WIDTH,
  snapshotLength, SUMMARY_FIELDS, SUMMARY_WIDTH, VM, VM_WIDTH, type EpochSummary,
} from '../engine/snapshot';
import type { Traffic } from '../engine/traffic';
import { TOLERANCE } from '../physics/latency';
import { LINE_BYTES, POOL_CAL } from '../platform/calibration';
import type { Scenario } from '../scenario/schema';
import type { EnginePool } from './engine-pool';

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

describe('VM slowdown at local latency', () => {
  it('is exactly 0, never float dust such as -3.3e-14 % (shown as "-3.3 x 10^-14")', () => {
    for (const preset of ['pond-pool', 'pool-static-vs-on-demand']) {
      const e = new Engine(loadPreset(preset));
      let seen = 0;
      for (let i = 0; i < 40; i++) {
        e.step();
        for (const r of e.vmRows()) {
          seen++;
          expect(r.slowdownPercent === 0 || Math.abs(r.slowdownPercent) > 1e-6, `${preset} epoch ${i}: ${r.slowdownPercent}`).toBe(true);
        }
        const mean = e.poolRow()[POOL.vmSlowdownPercent];
        expect(mean === 0 || Math.abs(mean) > 1e-6).toBe(true);
      }
      expect(seen).toBeGreaterThan(100);
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

describe('VM accesses in the load solve', () => {
  type Inside = { traffic: Traffic; pool: EnginePool };
  const inside = (e: Engine) => e as unknown as Inside;
  const withStream = (preset: string, patch: Partial<NonNullable<Scenario['pool']>['vms']> = {}, manager?: string): Scenario => {
    const s = loadPreset(preset);
    return { ...s, pool: { ...s.pool!, manager: manager ?? s.pool!.manager, vms: { ...s.pool!.vms, ...patch } } };
  };
  const device = (e: Engine, id: string) => e.meta.devices.findIndex((d) => d.id === id);

  it('load the devices they hold pages on: the pool device and the hosts\' DRAM are busy with VMs, idle without them', () => {
    const busy = new Engine(loadPreset('dcd-pool')), none = new Engine(withStream('dcd-pool', { arrivalsPerEpoch: 0 }));
    const pool = device(busy, 'dcd0'), dram5 = device(busy, 'h2.dram');
    let util = 0, vmBytes = 0, dram = 0, idle = 0;
    for (let i = 0; i < 60; i++) {
      busy.step(); none.step();
      const row = inside(busy).traffic.deviceRow;
      util += row[pool * DEVICE_WIDTH + DEVICE.utilisation];
      vmBytes += row[pool * DEVICE_WIDTH + DEVICE.vmBandwidthGBps];
      dram += row[dram5 * DEVICE_WIDTH + DEVICE.utilisation];
      idle += inside(none).traffic.deviceRow[pool * DEVICE_WIDTH + DEVICE.utilisation];
    }
    expect(util / 60).toBeGreaterThan(0.05);
    expect(vmBytes).toBeGreaterThan(0);
    expect(dram / 60).toBeGreaterThan(0.05);
    expect(idle).toBe(0);
    // The memory they hold shows per device: the pool's VM GiB is the pool row's.
    const v = decodeSnapshot(busy.snapshot([]));
    let onPool = 0;
    for (const id of ['dcd0', 'dcd1']) onPool += v.device[device(busy, id) * DEVICE_WIDTH + DEVICE.vmGiB];
    expect(onPool).toBeCloseTo(v.pool[POOL.poolUsedGiB], 9);
    let held = 0;
    for (let d = 0; d < v.devices; d++) held += v.device[d * DEVICE_WIDTH + DEVICE.vmGiB];
    expect(held).toBeCloseTo(v.pool[POOL.usedGiB], 9);
  });

  it('conserves traffic: each device delivers the workloads\' accesses plus the VMs\', the VMs\' delivered equal their solved rates, a host\'s pool link carries its VMs\' pool reads', () => {
    const e = new Engine(loadPreset('dcd-pool'));
    const epochSec = e.scenario.epochMs / 1000, wf = 1 - POOL_CAL.vmReadShare.value;
    const { traffic, pool } = inside(e);
    const x = pool.classes, D = e.meta.devices.length, H = e.meta.hosts.length;
    const linkOf = (h: number, d: number) => e.scenario.links.findIndex((l) => l.a === e.meta.hosts[h].id && l.b === e.meta.devices[d].id);
    let checked = 0;
    for (let i = 0; i < 60; i++) {
      const s = e.step();
      const issued = s.issuedAccesses / epochSec;
      let vm = 0, rate = 0;
      for (let d = 0; d < D; d++) {
        const o = d * DEVICE_WIDTH, row = traffic.deviceRow;
        const workloads = row[o + DEVICE.accessShare] * issued * LINE_BYTES / 1e9;
        expect(row[o + DEVICE.bandwidthGBps]).toBeCloseTo(workloads + row[o + DEVICE.vmBandwidthGBps], 9);
        vm += row[o + DEVICE.vmBandwidthGBps];
      }
      for (let k = 0; k < x.n; k++) rate += x.rate[k];
      expect(vm).toBeCloseTo(rate * LINE_BYTES / 1e9, 9);
      for (let h = 1; h < H; h++) {
        for (const dev of ['dcd0', 'dcd1']) {
          const d = device(e, dev), l = linkOf(h, d);
          let reads = 0;
          for (let k = 0; k < x.n; k++) if (x.host[k] === h) reads += x.rate[k] * x.share[k * D + d] * LINE_BYTES * (1 - wf);
          expect(traffic.linkRow[l * LINK_WIDTH + LINK.bandwidthGBps]).toBeCloseTo(reads / 1e9, 9);
          if (reads > 0) checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('converges every epoch, a saturated pool included, and never delivers more than a device\'s bandwidth; a busier pool slows its VMs', () => {
    const slow: Record<string, number> = {};
    for (const [name, s] of [
      ['pond-pool', loadPreset('pond-pool')],
      ['pond-pool on-demand', withStream('pond-pool', {}, 'on-demand')],
      ['dcd-pool', loadPreset('dcd-pool')],
      ['static, twice the VMs', withStream('pool-static-vs-on-demand', { arrivalsPerEpoch: 2.6 })],
    ] as const) {
      const e = new Engine(s);
      const t = inside(e).traffic;
      for (let i = 0; i < 120; i++) {
        e.step();
        expect(t.convergence.converged, `${name}, epoch ${i}`).toBe(true);
        expect(t.convergence.residual).toBeLessThanOrEqual(TOLERANCE);
        e.meta.devices.forEach((d, k) => expect(t.deviceRow[k * DEVICE_WIDTH + DEVICE.utilisation]).toBeLessThanOrEqual(1));
      }
      slow[name] = e.poolSummary().slowdownPercent;
      for (const r of e.vmRows()) { expect(r.slowdownPercent).toBeGreaterThan(-100); expect(r.slowdownPercent).toBeLessThanOrEqual(100); }
    }
    // On-demand spreads touched pages over the pool: the same VMs pay more than under pond.
    expect(slow['pond-pool on-demand']).toBeGreaterThan(slow['pond-pool'] + 1);
  });
});

describe('the pool\'s headline figures in the metric registry', () => {
  it('aggregate over the run to summary.pool: VM slowdown over VM-epochs, stranded memory over epochs, rejections in total, the DRAM saved now', () => {
    const e = new Engine(loadPreset('dcd-pool'));
    const rows: EpochSummary[] = [];
    for (let i = 0; i < 80; i++) rows.push({ ...e.step() });
    const run = e.runTotals(), pool = e.poolSummary();
    expect(run.vmSlowdownPercent).toBeCloseTo(pool.slowdownPercent, 9);
    expect(run.strandedPercent).toBeCloseTo(pool.strandedPercent, 9);
    expect(run.strandedGiB).toBeCloseTo(pool.strandedGiB, 9);
    expect(run.vmsRejected).toBe(pool.vmsRejected);
    expect(run.dramSavedPercent).toBeCloseTo(pool.dramSavedPercent, 9);
    expect(pool.vmsRejected).toBeGreaterThan(0);
    // Each epoch's row is the pool row's.
    expect(rows[79].vmAmatNs).toBe(e.poolRow()[POOL.vmAmatNs]);
    const plain = new Engine(loadPreset('tpp-1to4')).step();
    expect([plain.vmAmatNs, plain.vmSlowdownPercent, plain.strandedGiB, plain.dramSavedPercent, plain.vmsRejected, plain.vmsRunning]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
