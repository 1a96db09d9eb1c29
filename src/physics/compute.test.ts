// The application's side: the LLC keeps the hottest lines, think time follows from CPI and
// misses per instruction, and the slowdown is measured against all-local in the same epoch.
import { describe, expect, it } from 'vitest';
import { AddressSpaces } from '../engine/address-spaces';
import { ComputeModel, slowdownPercent, thinkTimeNs } from './compute';
import { PLATFORMS } from '../platform/calibration';
import { loadPreset } from '../../scripts/cli/presets';
import { Engine } from '../engine/engine';
import { fillLlc } from './llc';
import { valid } from '../scenario/fixtures';
import type { Scenario } from '../scenario/schema';
import { decodeSnapshot, HOST } from '../engine/snapshot';

type W = { id: string; pattern: 'uniform' | 'zipf' | 'hotset' | 'scan'; workingSetMB: number; intensity?: number; llcRefsPerKiloInstr?: number; baseCpi?: number; hotFraction?: number; hotShare?: number };

/** One host with `llcMB` of LLC running the given workloads; DRAM big enough for all of them. */
function host(llcMB: number, workloads: W[], extra: object = {}): Scenario {
  return valid({
    version: 1, seed: 5, samplesPerHost: 16384,
    hosts: [{ id: 'h0', llcMB }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 4096 },
      { id: 'cxl0', kind: 'cxl', capacityMB: 4096 },
    ],
    links: [{ a: 'h0', b: 'cxl0' }],
    workloads: workloads.map((w) => ({ hosts: ['h0'], ...w })),
    policy: { name: 'first-touch' },
    ...extra,
  });
}

function fill(s: Scenario) {
  const spaces = new AddressSpaces(s, ['h0'], 4096);
  const llc = fillLlc(s, ['h0'], 4096, spaces.samplers);
  return { spaces, llc };
}

describe('the last-level cache', () => {
  it('holds the hottest pages: memory samples never land on them, and it serves their share of references', () => {
    // 16 MB zipf (4096 pages) and a 1 MB LLC (256 pages).
    const s = host(1, [{ id: 'z', pattern: 'zipf', workingSetMB: 16 }]);
    const { spaces, llc } = fill(s);
    expect(llc.cachedPages[0]).toBe(256);
    const sampler = spaces.samplers[0];
    // The LLC's share is the zipf mass of the top 256 ranks (~2/3 of it at s = 0.99).
    expect(llc.hitShare[0]).toBeGreaterThan(0.6);
    expect(llc.hitShare[0]).toBeLessThan(0.75);
    const counts = new Uint32Array(sampler.n);
    sampler.sample(200_000, counts, 0);
    const top = sampler.hottestOffsets(256);
    for (const p of top) expect(counts[p]).toBe(0);
    const next = Array.from(sampler.hottestOffsets(300)).slice(256);
    expect(next.every((p) => counts[p] > 0)).toBe(true);
  });

  it('gives a scan nothing (each line comes round once a pass) and a uniform set its size share', () => {
    const { llc } = fill(host(4, [
      { id: 's', pattern: 'scan', workingSetMB: 16 },
      { id: 'u', pattern: 'uniform', workingSetMB: 16 },
    ]));
    expect(llc.hitShare[0]).toBe(0);
    expect(llc.cachedPages[1]).toBe(1024);
    expect(llc.hitShare[1]).toBeCloseTo(1024 / 4096, 12);
  });

  it('water-fills over the workloads a host runs by their reference rates, the boundary page in part', () => {
    // Two hot sets, equal hot fraction; the second is referenced 3x as often per page.
    const { llc } = fill(host(2.5, [
      { id: 'a', pattern: 'hotset', workingSetMB: 16, hotFraction: 0.25, hotShare: 0.9, intensity: 1 },
      { id: 'b', pattern: 'hotset', workingSetMB: 16, hotFraction: 0.25, hotShare: 0.9, intensity: 3 },
    ]));
    // 640 pages of LLC: b's 1024 hot pages are hotter than a's, so b takes them all (as many as fit).
    expect(llc.cachedPages[0]).toBe(0);
    expect(llc.cachedPages[1]).toBe(640);
    const half = fill(host(2 / 1024, [{ id: 'u', pattern: 'uniform', workingSetMB: 16 }]));
    expect(half.llc.cachedPages[0]).toBeCloseTo(0.5, 12);
  });

  it('never serves every reference of a workload, even one that fits', () => {
    const { spaces, llc } = fill(host(64, [{ id: 'z', pattern: 'zipf', workingSetMB: 16 }]));
    expect(llc.hitShare[0]).toBeCloseTo(0.99, 9);
    expect(llc.cachedPages[0]).toBeLessThan(4096);
    const counts = new Uint32Array(4096);
    spaces.samplers[0].sample(10_000, counts, 0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
  });
});

describe('the compute side', () => {
  it('thinks MLP x baseCpi / (clock x memory accesses per instruction) between misses', () => {
    const s = valid({ ...host(0, [{ id: 'w', pattern: 'uniform', workingSetMB: 16, llcRefsPerKiloInstr: 20, baseCpi: 0.8 }]), hosts: [{ id: 'h0', llcMB: 0, mlp: 8, clockGHz: 2 }] });
    const c = new ComputeModel(s, ['h0'], 4096, new AddressSpaces(s, ['h0'], 4096).samplers);
    expect(c.missesPerInstr[0]).toBeCloseTo(0.02, 15);
    expect(c.thinkNs[0]).toBeCloseTo((8 * 0.8) / (2 * 0.02), 9);
    expect(c.instrPerAccess[0]).toBeCloseTo(50, 9);
  });

  it('one think-time formula: Z = MLP x CPI / (clock x m), by hand; the host model and the pool\'s VMs use it', () => {
    expect(thinkTimeNs(8, 2, 0.8, 0.02)).toBeCloseTo(160, 12); // 8 x 0.8 / (2 x 0.02) ns
    expect(thinkTimeNs(10, 2.5, 0.5, 0.01)).toBeCloseTo(200, 12);
    const s = valid({ ...host(0, [{ id: 'w', pattern: 'uniform', workingSetMB: 16, llcRefsPerKiloInstr: 20, baseCpi: 0.8 }]), hosts: [{ id: 'h0', llcMB: 0, mlp: 8, clockGHz: 2 }] });
    const c = new ComputeModel(s, ['h0'], 4096, new AddressSpaces(s, ['h0'], 4096).samplers);
    expect(c.thinkNs[0]).toBeCloseTo(160, 9);
    // The pool's VMs: the platform's CPI (not a workload's) at the VM stream's misses per instruction.
    const pond = loadPreset('pond-pool');
    const perf = (new Engine(pond) as unknown as { pool: { perf: { thinkNs: Float64Array } } }).pool.perf;
    const cpi = PLATFORMS[pond.platform].host.baseCpi.value, m = pond.pool!.vms.missesPerKiloInstr / 1000;
    expect([...perf.thinkNs]).toEqual(pond.hosts.map((h) => (h.mlp * cpi) / (h.clockGHz * m)));
  });

  it('takes what the scenario leaves out from its platform', () => {
    const s = host(0, [{ id: 'w', pattern: 'uniform', workingSetMB: 16 }]);
    expect(s.hosts[0].clockGHz).toBe(2.1);
    expect(s.workloads[0].baseCpi).toBe(0.5);
    expect(s.workloads[0].llcRefsPerKiloInstr).toBe(10);
    expect(valid({ ...s, hosts: [{ id: 'h0' }] }).hosts[0].llcMB).toBe(60);
  });
});

describe('slowdown against all-local', () => {
  it('is 0 with every page on its host\'s local DRAM: per epoch, per host, per workload and over the run', () => {
    const s = host(1, [{ id: 'a', pattern: 'zipf', workingSetMB: 64 }, { id: 'b', pattern: 'hotset', workingSetMB: 32 }]);
    const e = new Engine(s);
    const rows = Array.from({ length: 4 }, () => e.step());
    for (const r of rows) {
      expect(r.slowdownPercent).toBe(0);
      expect(r.instructionsPerSecond).toBeGreaterThan(0);
      expect(r.instructionsPerSecond).toBe(r.allLocalInstructionsPerSecond);
    }
    const v = decodeSnapshot(e.snapshot(rows));
    expect(v.host[HOST.slowdownPercent]).toBe(0);
    const t = e.runTotals();
    expect(t.slowdownPercent).toBe(0);
    expect(t.workloads.map((w) => w.slowdownPercent)).toEqual([0, 0]);
  });

  it('grows with the share of accesses on slower memory, and less for a workload that computes more', () => {
    const onCxl = (refs: number) => {
      const s = valid({ ...host(0, [{ id: 'w', pattern: 'uniform', workingSetMB: 64, llcRefsPerKiloInstr: refs }]), policy: { name: 'bind', nodes: ['cxl0'] } });
      const e = new Engine(s);
      const rows = Array.from({ length: 3 }, () => e.step());
      return { row: rows[2], v: decodeSnapshot(e.snapshot(rows)), e };
    };
    const heavy = onCxl(40), light = onCxl(4);
    expect(heavy.row.slowdownPercent).toBeGreaterThan(20);
    expect(light.row.slowdownPercent).toBeGreaterThan(1);
    expect(light.row.slowdownPercent).toBeLessThan(heavy.row.slowdownPercent / 3);
    // The host row says the same, and instructions are memory accesses x instructions per access.
    expect(heavy.v.host[HOST.slowdownPercent]).toBeCloseTo(heavy.row.slowdownPercent, 9);
    const accesses = (heavy.row.throughputGBps * 1e9) / 64;
    expect(heavy.row.instructionsPerSecond).toBeCloseTo(accesses * heavy.e.compute.instrPerAccess[0], -3);
    expect(heavy.v.host[HOST.instructionsPerSecond]).toBeCloseTo(heavy.row.instructionsPerSecond, -3);
  });
});

describe('slowdown when the all-local reference is pathological', () => {
  it('is the time difference as a share of the slower of the two: bounded, the old figure when slower', () => {
    expect(slowdownPercent(50, 100)).toBe(50); // half the instructions: as before
    expect(slowdownPercent(0, 100)).toBe(100); // retires nothing
    expect(slowdownPercent(100, 100)).toBe(0);
    expect(slowdownPercent(200, 100)).toBe(-50); // all-local takes twice as long: the run saves half its time
    expect(slowdownPercent(1e9, 1)).toBeGreaterThan(-100);
    expect(slowdownPercent(1, 0)).toBe(0); // no reference (a host that runs nothing)
  });

  it('stays within (-100, 100] with local DRAM at 0.1 GB/s: per epoch, per host, per workload and over the run', () => {
    const s = valid({
      ...host(0, [{ id: 'w', pattern: 'zipf', workingSetMB: 256, llcRefsPerKiloInstr: 60 }]),
      devices: [
        { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 128, bandwidthGBps: 0.1 },
        { id: 'cxl0', kind: 'cxl', capacityMB: 4096 },
      ],
      policy: { name: 'weighted-interleave' },
    });
    const e = new Engine(s);
    const rows = Array.from({ length: 4 }, () => e.step());
    const t = e.runTotals();
    const v = decodeSnapshot(e.snapshot(rows));
    // The run is far faster than the all-local reference (DRAM starved)...
    expect(rows[3].instructionsPerSecond).toBeGreaterThan(10 * rows[3].allLocalInstructionsPerSecond);
    // ... and says so as a bounded figure, not minus thousands of percent.
    for (const x of [...rows.map((r) => r.slowdownPercent), v.host[HOST.slowdownPercent], t.slowdownPercent, t.workloads[0].slowdownPercent]) {
      expect(x).toBeLessThan(-90);
      expect(x).toBeGreaterThan(-100);
    }
  });
});
