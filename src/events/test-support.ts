// Small fabrics for the timeline's tests (imported by tests only): one host with two expanders,
// three hosts sharing a region behind a switch, a pool of multi-headed devices with VMs.
import { valid } from '../scenario/fixtures';
import type { Scenario } from '../scenario/schema';
import type { EventSpec } from './types';
import { Engine } from '../engine/engine';

/** One host, its DRAM, two CXL expanders on their own links; a zipf workload "w" of 96 MB over 64 MB of DRAM. */
export function oneHost(o: { events?: EventSpec[]; policy?: string; zone?: 'normal' | 'movable'; epochs?: number; seed?: number; workingSetMB?: number } = {}): Scenario {
  return valid({
    version: 1, seed: o.seed ?? 1, samplesPerHost: 2048, epochMs: 100, epochs: o.epochs ?? 40,
    hosts: [{ id: 'h0', cores: 16, llcMB: 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 16 },
      { id: 'cxl0', kind: 'cxl', capacityMB: 32, ...(o.zone ? { zone: o.zone } : {}) },
      { id: 'cxl1', kind: 'cxl', capacityMB: 32 },
    ],
    links: [{ a: 'h0', b: 'cxl0' }, { a: 'h0', b: 'cxl1' }],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'zipf', workingSetMB: o.workingSetMB ?? 40, skew: 0.99 }],
    policy: { name: o.policy ?? 'first-touch' },
    ...(o.events ? { events: o.events } : {}),
  });
}

/**
 * Three hosts behind a switch, each with its DRAM, and two expanders pool0 (on the switch) and
 * pool1 (on its own link from sw0): a region "shared" mapped by all three (it lives on the
 * expanders, the only memory every sharer reaches), a private workload on h0 and one on h2.
 */
export function shared(o: { events?: EventSpec[]; policy?: string; epochs?: number; seed?: number } = {}): Scenario {
  return valid({
    version: 1, seed: o.seed ?? 3, samplesPerHost: 2048, epochMs: 100, epochs: o.epochs ?? 40,
    hosts: [{ id: 'h0', cores: 8, llcMB: 0 }, { id: 'h1', cores: 8, llcMB: 0 }, { id: 'h2', cores: 8, llcMB: 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 8 },
      { id: 'h1.dram', kind: 'dram', host: 'h1', capacityMB: 8 },
      { id: 'h2.dram', kind: 'dram', host: 'h2', capacityMB: 8 },
      { id: 'pool0', kind: 'cxl', capacityMB: 16 },
      { id: 'pool1', kind: 'cxl', capacityMB: 16 },
    ],
    switches: [{ id: 'sw0' }],
    links: [{ a: 'h0', b: 'sw0' }, { a: 'h1', b: 'sw0' }, { a: 'h2', b: 'sw0' }, { a: 'sw0', b: 'pool0' }, { a: 'sw0', b: 'pool1' }],
    workloads: [
      { id: 'shared', hosts: ['h0', 'h1', 'h2'], pattern: 'hotset', workingSetMB: 8, hotFraction: 0.1, hotShare: 0.9, readRatio: 0.9 },
      { id: 'own0', hosts: ['h0'], pattern: 'zipf', workingSetMB: 12, skew: 0.99 },
      { id: 'own2', hosts: ['h2'], pattern: 'zipf', workingSetMB: 4, skew: 0.99 },
    ],
    policy: { name: o.policy ?? 'first-touch' },
    ...(o.events ? { events: o.events } : {}),
  });
}

/** Four hosts with DRAM and two multi-headed devices (heads on all four) as a pool with a VM stream; a workload on h0. */
export function pooled(o: { events?: EventSpec[]; manager?: string; epochs?: number; seed?: number } = {}): Scenario {
  const hosts = ['h0', 'h1', 'h2', 'h3'];
  return valid({
    version: 1, seed: o.seed ?? 1, samplesPerHost: 1024, epochMs: 100, epochs: o.epochs ?? 40,
    hosts: hosts.map((id) => ({ id, cores: 32, llcMB: 0 })),
    devices: [
      ...hosts.map((h) => ({ id: `${h}.dram`, kind: 'dram' as const, host: h, capacityMB: 32 })),
      { id: 'mhd0', kind: 'cxl' as const, capacityMB: 128, pool: { kind: 'mhd' as const, heads: hosts } },
      { id: 'mhd1', kind: 'cxl' as const, capacityMB: 128, pool: { kind: 'mhd' as const, heads: hosts } },
    ],
    links: [...hosts.map((h) => ({ a: h, b: 'mhd0' })), ...hosts.map((h) => ({ a: h, b: 'mhd1' }))],
    workloads: [{ id: 'app', hosts: ['h0'], pattern: 'zipf', workingSetMB: 16, skew: 0.99 }],
    policy: { name: 'first-touch' },
    pool: { manager: o.manager ?? 'on-demand', scale: 1024, vms: { arrivalsPerEpoch: 2, meanLifetimeEpochs: 20 } },
    ...(o.events ? { events: o.events } : {}),
  });
}

/** Runs a scenario's epochs; returns the engine and its summary rows. */
export function run(s: Scenario, epochs = s.epochs): { engine: Engine; rows: ReturnType<Engine['step']>[] } {
  const engine = new Engine(s);
  const rows = [];
  for (let i = 0; i < epochs; i++) rows.push(engine.step());
  return { engine, rows };
}
