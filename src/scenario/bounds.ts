// Bounds and enums of the scenario format, declared once: the zod schema (schema.ts,
// pool-schema.ts) is built from them, and every control of the app, the CLI's argument parser,
// the lessons and the topology checks read them here instead of copying the numbers.
import { LIMITS } from './limits';

/** What an id may hold: letters, digits, - _ . (not first), at most LIMITS.idLength characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const ID_RULE = 'letters, digits, - _ . only';

/** Memory device kinds: a host's DRAM, a CXL device. */
export const DEVICE_KINDS = ['dram', 'cxl'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
/** What an id of the fabric names: a host, a memory device or a switch. */
export type NodeKind = 'host' | DeviceKind | 'switch';
/** A pooled CXL device: multi-headed (`mhd`) or dynamic capacity (`dcd`). */
export const POOL_DEVICE_KINDS = ['mhd', 'dcd'] as const;
export type PoolDeviceKind = (typeof POOL_DEVICE_KINDS)[number];

/** Who keeps a shared region's sharers coherent (src/physics/coherency.ts). */
export const COHERENCY_MODES = ['device', 'software'] as const;
export type CoherencyMode = (typeof COHERENCY_MODES)[number];

/** Interleave sets (src/topology/interleave.ts): members in a set and bytes per stripe. */
export const INTERLEAVE_WAYS = [2, 4, 8, 16] as const;
export const INTERLEAVE_GRANULARITY_B = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

/** Numeric bounds (inclusive) and defaults of single fields. */
export const BOUNDS = {
  seed: { min: 0, max: 0xffffffff, default: 1 },
  /** Simulated ms per epoch; the app's views use the default until a run's meta arrives. */
  epochMs: { min: 1, max: 60_000, default: 100 },
  epochs: { min: 1, max: LIMITS.epochs, default: 200 },
  /** x / y of a node in the topology picture. */
  coord: { min: -10_000, max: 10_000 },
  /** A manual weighted-interleave weight: pages per round-robin cycle (the kernel's u8). */
  weight: { min: 1, max: 255 },
  /** Linux abstract distance of a memory device. */
  adistance: { min: 1, max: 100_000 },
  /** Ports, hosts and devices of a pod design (src/topology/pod-design.ts). */
  podPorts: { min: 1, max: 64 },
  interleaveGranularityB: { default: 4096 },
} as const;

/** Whether v is a whole number within a bound. */
export function inIntBounds(v: number, b: { min: number; max: number }): boolean {
  return Number.isInteger(v) && v >= b.min && v <= b.max;
}
