// Scenarios and runners shared by the engine's and the tiering policies' tests (imported by tests only).
import { Engine, type RunTotals } from '../engine/engine';
import type { EpochSummary } from '../engine/snapshot';
import type { Scenario } from '../scenario/schema';
import { valid } from '../scenario/fixtures';


/**
 * One host; a zipf (s = 0.99) working set five times local DRAM, so DRAM:CXL is 1:4 as in
 * TPP's evaluation; one CZ120-class expander holds the rest. Every page of it is touched many
 * times a second: accessed bits and hint faults see it all as hot, PEBS counts tell it apart.
 */
export function skewedScenario(policy: string, params: Record<string, number> = {}, workingSetMB = 160): Scenario {
  return valid({
    version: 1, seed: 11, samplesPerHost: 16384,
    // No LLC: the policies see every reference (the tests are about their mechanics).
    hosts: [{ id: 'h0', llcMB: 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: workingSetMB / 5, bandwidthGBps: 215, latencyNs: 81 },
      { id: 'cxl0', kind: 'cxl', capacityMB: workingSetMB, bandwidthGBps: 36, latencyNs: 250 },
    ],
    links: [{ a: 'h0', b: 'cxl0', bandwidthGBps: 63 }],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'zipf', workingSetMB, skew: 0.99 }],
    policy: { name: policy, params },
  });
}

/**
 * The same host and devices with TPP's kind of workload: a hot set (15 % of the pages, 90 % of
 * the accesses) and warm pages (3 %, the rest) that fit DRAM, and idle memory (82 %) that
 * accessed bits, hint faults and DAMON checks can tell from them.
 */
export function idleScenario(policy: string, params: Record<string, number> = {}, workingSetMB = 160): Scenario {
  const s = skewedScenario(policy, params, workingSetMB);
  return valid({ ...s, workloads: [{ id: 'w', hosts: ['h0'], pattern: 'hotset', workingSetMB, hotFraction: 0.15, hotShare: 0.9, idleFraction: 0.82 }] });
}

/**
 * Three hosts behind one switch, each with its own DRAM, and one pooled expander: an address
 * space shared by all three (only the pool is reachable by every sharer) beside a private one
 * on h0 and one on h2. A page of the shared space may only live on the pool.
 */
export function sharedScenario(policy: string, params: Record<string, number> = {}): Scenario {
  return valid({
    version: 1, seed: 3, samplesPerHost: 8192,
    hosts: [{ id: 'h0', cores: 8, llcMB: 0 }, { id: 'h1', cores: 8, llcMB: 0 }, { id: 'h2', cores: 8, llcMB: 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 16 },
      { id: 'h1.dram', kind: 'dram', host: 'h1', capacityMB: 16 },
      { id: 'h2.dram', kind: 'dram', host: 'h2', capacityMB: 16 },
      { id: 'pool0', kind: 'cxl', capacityMB: 128 },
    ],
    switches: [{ id: 'sw0' }],
    links: [{ a: 'h0', b: 'sw0' }, { a: 'h1', b: 'sw0' }, { a: 'h2', b: 'sw0' }, { a: 'sw0', b: 'pool0' }],
    workloads: [
      { id: 'shared', hosts: ['h0', 'h1', 'h2'], pattern: 'hotset', workingSetMB: 24, hotFraction: 0.1, hotShare: 0.9, readRatio: 0.9 },
      { id: 'own0', hosts: ['h0'], pattern: 'zipf', workingSetMB: 24, skew: 0.99 },
      { id: 'own2', hosts: ['h2'], pattern: 'zipf', workingSetMB: 8, skew: 0.99 },
    ],
    policy: { name: policy, params },
  });
}

/** A preset's JSON (e.g. imported from public/presets) run with another policy. */
export function withPolicy(preset: object, policy: string, params: Record<string, number> = {}): Scenario {
  return valid({ ...preset, policy: { name: policy, params, nodes: [] } });
}

export interface RunResult {
  totals: RunTotals;
  /** Largest per-epoch promotions / demotions seen. */
  maxPromotions: number;
  maxDemotions: number;
  promotions: number[];
  demotions: number[];
  /** Fast-tier share of accesses in each epoch. */
  shares: number[];
  /** engine.mem.check() after the run (null = every invariant holds). */
  memoryCheck: string | null;
  placedBefore: number;
  placedAfter: number;
  stats: Record<string, number>;
  /** policyStats() after every epoch. */
  statsByEpoch: Record<string, number>[];
  engine: Engine;
}


/** Runs `epochs` epochs: the engine and each epoch's summary row. */
export function runEngine(s: Scenario, epochs: number): { e: Engine; rows: EpochSummary[] } {
  const e = new Engine(s);
  const rows: EpochSummary[] = [];
  for (let i = 0; i < epochs; i++) rows.push(e.step());
  return { e, rows };
}

export function runScenario(s: Scenario, epochs: number): RunResult {
  const engine = new Engine(s);
  const placedBefore = engine.mem.placed();
  const promotions: number[] = [], demotions: number[] = [], shares: number[] = [];
  const statsByEpoch: Record<string, number>[] = [];
  for (let i = 0; i < epochs; i++) {
    const r = engine.step();
    promotions.push(r.promotions);
    demotions.push(r.demotions);
    shares.push(r.fastTierAccessShare);
    statsByEpoch.push(engine.policyStats());
  }
  return {
    totals: engine.runTotals(),
    maxPromotions: Math.max(0, ...promotions),
    maxDemotions: Math.max(0, ...demotions),
    promotions,
    demotions,
    shares,
    memoryCheck: engine.mem.check(),
    placedBefore,
    placedAfter: engine.mem.placed(),
    stats: engine.policyStats(),
    statsByEpoch,
    engine,
  };
}

/** Pages per epoch of a MiB/s rate, as the policies convert it. */
export function pagesPerEpoch(mibPerSec: number, s: Scenario, periodMs = s.epochMs): number {
  const pageBytes = s.pageSize === '2m' ? 2 * 1048576 : 4096;
  const periodEpochs = Math.max(1, Math.round(periodMs / s.epochMs));
  return Math.max(1, Math.floor((mibPerSec * 1048576 * periodEpochs * s.epochMs) / 1000 / pageBytes));
}
