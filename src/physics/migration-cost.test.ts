// Migration as the kernel pays for it: CPU time per page moved (fault path or kernel thread,
// TLB shootdowns per batch), taken from the host's application.
import { describe, expect, it } from 'vitest';
import { CAL } from '../platform/calibration';
import { Engine } from '../engine/engine';
import { MigrationCost } from './migration-cost';
import { Reason, type PolicyDef } from '../policies/types';
import { valid } from '../scenario/fixtures';
import { decodeSnapshot, HOST } from '../engine/snapshot';

describe('the cost of moving a page', () => {
  const s = valid({
    version: 1,
    hosts: [{ id: 'h0', cores: 24 }],
    devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 64 }],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'uniform', workingSetMB: 16 }],
    policy: { name: 'first-touch' },
  });

  it('is the kernel work and the copy; a kernel thread adds one TLB shootdown per batch to every core of the task', () => {
    const c = new MigrationCost(s, 4096);
    const page = CAL.migratePageFixedNs.value + 4096 / CAL.migrateCopyGBps.value;
    const shootdown = CAL.tlbShootdownNs.value + 23 * CAL.tlbFlushIpiNs.value;
    expect(c.hostNs(0, 10, 0)).toBeCloseTo(10 * page, 9); // the fault path: the PTE was never accessible
    expect(c.hostNs(0, 0, 32)).toBeCloseTo(32 * page + shootdown, 9);
    expect(c.hostNs(0, 0, 33)).toBeCloseTo(33 * page + 2 * shootdown, 9);
    // A 2 MiB page copies 512 times the bytes and is a batch of its own.
    const huge = new MigrationCost(s, 2097152);
    expect(huge.hostNs(0, 0, 2)).toBeCloseTo(2 * (CAL.migratePageFixedNs.value + 2097152 / CAL.migrateCopyGBps.value) + 2 * shootdown, 6);
  });
});

/**
 * A test policy: first-touch placement, then after the first epoch it puts every page that
 * will be accessed in DRAM (device 0) and the rest on CXL (device 1). With `churn`, it also
 * moves that many never-accessed pages from DRAM to CXL and back in alternate epochs.
 */
function settle(churn: number): PolicyDef {
  return {
    name: 'settle', description: 'test', params: [], stats: [],
    create: () => {
      let epoch = 0;
      const parked: number[] = [];
      return {
        place: () => -1,
        onEpoch: (view, sink) => {
          const next = view.nextExpected();
          if (epoch === 0) {
            const cold: number[] = [], hot: number[] = [];
            for (let p = 0; p < view.pages; p++) {
              if (next[p] === 0 && view.pageNode[p] === 0) cold.push(p);
              if (next[p] > 0 && view.pageNode[p] === 1) hot.push(p);
            }
            for (let i = 0; i < hot.length && i < cold.length; i++) sink.migrate(cold[i], 1, Reason.demote);
            for (let i = 0; i < hot.length && i < cold.length; i++) sink.migrate(hot[i], 0, Reason.promote);
          } else if (churn > 0 && epoch % 2 === 1) {
            for (let p = 0; p < view.pages && parked.length < churn; p++) {
              if (next[p] === 0 && view.pageNode[p] === 0 && sink.migrate(p, 1, Reason.demote)) parked.push(p);
            }
          } else if (churn > 0) {
            for (const p of parked) sink.migrate(p, 0, Reason.promote);
            parked.length = 0;
          }
          epoch++;
        },
      };
    },
  };
}

describe('migration CPU time', () => {
  // 768 MB whose hot 15 % gets every access; 256 MB of DRAM holds it once the policy settles.
  const s = valid({
    version: 1, seed: 3, samplesPerHost: 16384,
    hosts: [{ id: 'h0', cores: 16, llcMB: 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 256 },
      { id: 'cxl0', kind: 'cxl', capacityMB: 1024 },
    ],
    links: [{ a: 'h0', b: 'cxl0' }],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'hotset', workingSetMB: 768, hotFraction: 0.15, hotShare: 1 }],
    policy: { name: 'first-touch' },
  });
  // Even: the churn's last moves executed bring its pages back.
  const EPOCHS = 22;
  const run = (policy: PolicyDef, migrationCosts = true) => {
    const e = new Engine(s, { policy, migrationCosts });
    const rows = Array.from({ length: EPOCHS }, () => e.step());
    return { e, rows, totals: e.runTotals(), v: decodeSnapshot(e.snapshot(rows)) };
  };

  it('ten times the moves for the same placement: visibly slower, the same memory figures', () => {
    const tidy = run(settle(0));
    const moves = tidy.totals.migrations;
    expect(moves).toBeGreaterThan(30_000);
    // The churn adds nine times as many moves over the other epochs, ending where it started.
    const churny = run(settle(Math.round((9 * moves) / (EPOCHS - 1))));
    expect(churny.totals.migrations).toBeGreaterThan(9.5 * moves);
    expect(churny.totals.migrations).toBeLessThan(10.5 * moves);
    let differ = 0;
    for (let p = 0; p < tidy.e.pages; p++) if (churny.e.mem.pageNode[p] !== tidy.e.mem.pageNode[p]) differ++;
    expect(differ).toBe(0);
    // Every epoch, the same share of accesses served by DRAM: only never-accessed pages churn.
    churny.rows.forEach((r, i) => expect(r.fastTierAccessShare).toBeCloseTo(tidy.rows[i].fastTierAccessShare, 12));
    expect(churny.totals.migrationCpuPercent).toBeGreaterThan(tidy.totals.migrationCpuPercent + 3);
    expect(churny.totals.slowdownPercent).toBeGreaterThan(tidy.totals.slowdownPercent + 2);
  }, 120_000);

  it('is shown per host and in the summary, this epoch and over the run; free migrations cost nothing', () => {
    const paid = run(settle(0));
    // The big move happens in epoch 1: its CPU time shows there, on the host and in the summary.
    expect(paid.rows[1].migrationCpuPercent).toBeGreaterThan(1);
    expect(paid.rows[2].migrationCpuPercent).toBe(0);
    expect(paid.totals.migrationCpuPercent).toBeCloseTo(paid.rows.reduce((a, r) => a + r.migrationCpuPercent, 0) / EPOCHS, 9);
    expect(paid.v.host[HOST.migrationCpuPercent]).toBe(paid.rows[EPOCHS - 1].migrationCpuPercent);
    const free = run(settle(0), false);
    expect(free.totals.migrations).toBe(paid.totals.migrations);
    expect(free.rows[1].migrationCpuPercent).toBe(0);
    expect(free.rows[1].instructionsPerSecond).toBeGreaterThan(paid.rows[1].instructionsPerSecond);
  }, 120_000);
});
