// Small pools for the tests of src/pool and src/pool-managers.
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

/** A 16-socket pool sized as the Pond preset is (one MHD with a head on every host). */
export function pondLike(seed: number): TestPool {
  return { hosts: 16, cores: 48, dram: 192, devices: [{ extents: 768, heads: [...Array(16).keys()] }], arrivalsPerEpoch: 2.5, meanLifetimeEpochs: 40, seed };
}

export function runPool(cfg: PoolConfig, epochs: number, each?: (m: PoolModel, e: number) => void): PoolModel {
  const m = new PoolModel(cfg);
  for (let e = 0; e < epochs; e++) { m.step(e); each?.(m, e); }
  return m;
}
