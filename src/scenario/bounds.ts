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
  /** The timeline (src/events/): events in a scenario, and when one may fall (ms; also at most the run's end). */
  events: { max: LIMITS.events },
  eventAtMs: { min: 0, max: 1e9 },
  /** A hot-remove: share of the pages on memory in ZONE_NORMAL that are unmovable (assumed), and how long the operator lets it retry (ms, assumed). */
  unmovableShare: { min: 0, max: 1, default: 0.01 },
  offlineTimeoutMs: { min: 1, max: 3_600_000, default: 10_000 },
  /** A link degrading: its new bandwidth (GB/s) and added latency (ns); without either, it retrains at a quarter of its width. */
  linkGBps: { min: 0.1, max: 10_000 },
  linkNs: { min: 0, max: 100_000 },
  linkDegradeFactor: { default: 0.25 },
  /** A VM started by an event: cores, memory (GiB of the modelled machine), lifetime (ms). */
  vmCores: { min: 1, max: 1024, default: 4 },
  vmMemoryGiB: { min: 1, max: 1 << 20, default: 16 },
  vmLifetimeMs: { min: 1, max: 1e9, default: 1e9 },
  /** Extents an event grants or releases. */
  eventExtents: { min: 1, max: LIMITS.poolExtents, default: 1 },
} as const;

/** How memory is onlined (daxctl online-memory; --no-movable: ZONE_NORMAL): a device's `zone`, a hot-add's. */
export const ZONES = ['normal', 'movable'] as const;
export type ZoneName = (typeof ZONES)[number];

/** Whether v is a whole number within a bound. */
export function inIntBounds(v: number, b: { min: number; max: number }): boolean {
  return Number.isInteger(v) && v >= b.min && v <= b.max;
}
