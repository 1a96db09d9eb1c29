// Small pools for the tests of src/pool and src/pool-managers.
import fc from 'fast-check';
import type { PoolManagerDef } from '../pool-managers/types';
import { poolSchema } from '../scenario/pool-schema';
import type { PoolShape } from './ledger';
import { PoolModel, type PoolConfig } from './model';
import { bestFit } from './scheduler';

export interface TestPool {
  hosts: number;
  cores: number;
  dram: number;
  /** Pooled devices: extents and head hosts. */
  devices: { extents: number; heads: number[] }[];
  arrivalsPerEpoch: number;
  meanLifetimeEpochs: number;
  seed: number;
  maxRunning?: number;
  /** Pages of the page table per extent (default 4). */
  pagesPerExtent?: number;
}

export function poolConfig(t: TestPool, manager: PoolManagerDef): PoolConfig {
  const spec = poolSchema.parse({ vms: { arrivalsPerEpoch: t.arrivalsPerEpoch, meanLifetimeEpochs: t.meanLifetimeEpochs } });
  const shape: PoolShape = {
    hostCores: Array<number>(t.hosts).fill(t.cores),
    hostDram: Array<number>(t.hosts).fill(t.dram),
    devices: t.devices.map((d, i) => ({ id: `p${i}`, kind: 'mhd' as const, extents: d.extents, heads: d.heads })),
    maxRunning: t.maxRunning ?? 256,
  };
  return { shape, extentGiB: 1, stream: spec.vms, seed: t.seed, prediction: { errorSd: spec.predictionErrorSd, margin: spec.predictionMargin }, manager, scheduler: bestFit, pagesPerExtent: t.pagesPerExtent ?? 4 };
}

/** Random pools for property tests: 1-8 hosts, up to 4 pooled devices with random heads, a VM stream, 1-8 pages per extent. */
export const arbPool: fc.Arbitrary<TestPool> = fc.integer({ min: 1, max: 8 }).chain((hosts) => fc.record({
  hosts: fc.constant(hosts),
  cores: fc.integer({ min: 8, max: 64 }),
  dram: fc.integer({ min: 0, max: 256 }),
  devices: fc.array(fc.record({
    extents: fc.integer({ min: 0, max: 512 }),
    heads: fc.uniqueArray(fc.integer({ min: 0, max: hosts - 1 }), { minLength: 1, maxLength: hosts }),
  }), { maxLength: 4 }),
  arrivalsPerEpoch: fc.double({ min: 0, max: 6, noNaN: true }),
  meanLifetimeEpochs: fc.double({ min: 1, max: 40, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1000 }),
  maxRunning: fc.integer({ min: 1, max: 64 }),
  pagesPerExtent: fc.integer({ min: 1, max: 8 }),
}));

/** A 16-socket pool sized as the Pond preset is (one MHD with a head on every host). */
export function pondLike(seed: number): TestPool {
  return { hosts: 16, cores: 48, dram: 192, devices: [{ extents: 768, heads: [...Array(16).keys()] }], arrivalsPerEpoch: 2.5, meanLifetimeEpochs: 40, seed };
}

export function runPool(cfg: PoolConfig, epochs: number, each?: (m: PoolModel, e: number) => void): PoolModel {
  const m = new PoolModel(cfg);
  for (let e = 0; e < epochs; e++) { m.step(e); each?.(m, e); }
  return m;
}
