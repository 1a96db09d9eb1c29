// The scenario format, declared once: validation, defaults and types all come from here.
import { z } from 'zod';
import { CAL, DEFAULT_PLATFORM, PLATFORM_IDS } from '../platform/calibration';
import { BOUNDS, COHERENCY_MODES, DEVICE_KINDS, ID_PATTERN, ID_RULE, INTERLEAVE_WAYS, ZONES } from './bounds';
import { EVENT_KINDS } from '../events/registry';
import type { EventSpec } from '../events/types';
import { LIMITS } from './limits';
import { devicePoolSchema, poolSchema } from './pool-schema';
import { PATTERN_KNOBS, PATTERN_NAMES, type PatternKnobKey } from '../workloads/registry';
import type { KnobSpec } from '../workloads/types';
import { numaSchema } from './numa-schema';

// Schema libraries that compile validators with `Function` break a strict CSP; zod's
// jitless mode avoids it.
z.config({ jitless: true });

export const SCENARIO_VERSION = 1;

const id = z.string().regex(ID_PATTERN, ID_RULE).max(LIMITS.idLength);
const name = z.string().max(LIMITS.nameLength);
const coord = z.number().finite().min(BOUNDS.coord.min).max(BOUNDS.coord.max);
const pos = (x: number, y: number) => ({ x: coord.default(x), y: coord.default(y) });
const positive = (max: number) => z.number().finite().positive().max(max);
/**
 * Physical quantities have physical minimums: a latency of 5e-324 ns or a bandwidth of
 * 1e-300 GB/s would pass `positive` and turn every figure into 0 or 1e304.
 */
const atLeast = (min: number, max: number) => z.number().finite().min(min).max(max);
const bandwidth = atLeast(0.1, 10_000); // GB/s

// Numbers marked "platform" may be left out: they come from the scenario's platform profile.
// `.meta()` labels a field for forms (src/scenario/fields.ts): the fabric editor's properties
// form shows the labelled fields of a node or link with these words and the schema's bounds.
const label = (l: string, unit?: string, help?: string, unset?: string) => ({ label: l, ...(unit ? { unit } : {}), ...(help ? { help } : {}), ...(unset ? { unset } : {}) });
const nameField = () => name.optional().meta(label('Name', undefined, 'What the pictures and reports call it; left empty: its id'));

export const hostSchema = z.object({
  id,
  name: nameField(),
  /** Default: the platform's cores per socket. */
  cores: z.number().int().min(1).max(1024).optional().meta(label('Cores', 'cores', 'Cores of the socket (default: the platform\'s cores per socket)')),
  /** Misses in flight per core. */
  mlp: atLeast(1, 256).optional().meta(label('Misses in flight per core', 'misses', 'Memory-level parallelism: cache misses one core keeps outstanding')),
  /** Core clock (platform). */
  clockGHz: atLeast(0.1, 10).optional().meta(label('Clock', 'GHz', 'Core clock (default: the platform\'s)')),
  /**
   * Last-level cache of the socket (platform). A scale model (MB working sets standing for the
   * GB of a real machine) states its LLC scaled by the same factor; 0 = no LLC modelled.
   */
  llcMB: z.number().finite().min(0).max(4096).optional().meta(label('Last-level cache', 'MB', 'LLC of the socket; a scale model scales it with its memory; 0 = no LLC modelled')),
  ...pos(100, 100),
});

export const memoryDeviceSchema = z.object({
  id,
  name: nameField(),
  kind: z.enum(DEVICE_KINDS),
  /** Host a DRAM device belongs to (its socket). CXL devices attach through links. */
  host: id.optional(),
  capacityMB: positive(1 << 24).meta(label('Capacity', 'MB', 'Memory the device holds (a scale model: MB standing for GB)')),
  /** Read bandwidth (platform). A DRAM device's reads and writes share it. */
  bandwidthGBps: bandwidth.optional().meta(label('Read bandwidth', 'GB/s', 'Read bandwidth of the device (DRAM: reads and writes share it)')),
  /** Idle latency of the device itself (platform); links and switches on the way add theirs. */
  latencyNs: atLeast(1, 100_000).optional().meta(label('Idle latency', 'ns', 'Latency of the device itself; links and switches on the way add theirs')),
  /** Queueing coefficient of the loaded-latency curve; default: the platform curve scaled by idle latency. */
  loadedKNs: atLeast(0.01, 100_000).optional().meta(label('Queueing coefficient', 'ns', 'How fast latency grows with load (the loaded-latency curve\'s k)')),
  /**
   * Half duplex (DRAM; a CXL device whose media is, e.g. a CZ120-class one): reads and writes
   * share bandwidthGBps and a write costs this many reads (platform). At least 1: a write holds
   * the bus at least as long as a read, plus the turnaround. A CXL device's link stays full duplex.
   */
  writeCost: z.number().finite().min(1).max(10).optional().meta(label('Write cost', 'reads', 'Half-duplex media: a write costs this many reads of the read bandwidth')),
  /** CXL only, full duplex: the bandwidth of writes (platform); reads have bandwidthGBps. Not with writeCost. */
  writeBandwidthGBps: bandwidth.optional().meta(label('Write bandwidth', 'GB/s', 'CXL only, full duplex: the bandwidth of writes')),
  /** Linux abstract distance; default 576 for DRAM and 2880 for CXL. */
  adistance: z.number().int().min(BOUNDS.adistance.min).max(BOUNDS.adistance.max).optional()
    .meta(label('Abstract distance', undefined, 'Linux\'s abstract distance: which memory tier the device joins', '576 for DRAM, 2880 for CXL')),
  /** CXL only: a pooled device (multi-headed or dynamic capacity, src/scenario/pool-schema.ts); absent: a single-headed expander. */
  pool: devicePoolSchema.optional(),
  /**
   * How Linux onlined its memory: ZONE_NORMAL (absent: memory the firmware hands over at boot)
   * or ZONE_MOVABLE (daxctl online-memory's default: movable pages only). What a hot-remove can
   * take away depends on it (src/engine/drain.ts).
   */
  zone: z.enum(ZONES).optional().meta(label('Zone', undefined, 'How Linux onlined its memory: what a hot-remove can take away', 'memory the firmware handed over at boot')),
  ...pos(100, 250),
});

export const switchSchema = z.object({
  id,
  name: nameField(),
  hopLatencyNs: z.number().finite().min(0).max(100_000).default(CAL.switchHopNs.value).meta(label('Hop latency', 'ns', 'Latency a path adds for each pass through the switch')),
  ...pos(300, 200),
});

export const linkSchema = z.object({
  a: id,
  b: id,
  /** Per direction (platform: a socket link between two hosts, else the CXL device link). */
  bandwidthGBps: bandwidth.optional().meta(label('Bandwidth', 'GB/s', 'Per direction (default: a socket link between two hosts, else the platform\'s CXL link)')),
  /** Added idle latency (platform: the socket hop between two hosts, else 0). */
  latencyNs: z.number().finite().min(0).max(100_000).optional().meta(label('Added latency', 'ns', 'Idle latency the link adds to every path through it')),
});

/** A pattern's knob as a workload field: finite, within its declared bounds, its default filled in. */
function knobField(k: KnobSpec): z.ZodDefault<z.ZodNumber> {
  let f = z.number().finite();
  if (k.integer) f = f.int();
  f = k.minExclusive ? f.gt(k.min) : f.min(k.min);
  return f.max(k.max).default(k.default);
}

function patternKnobFields(): Record<PatternKnobKey, z.ZodDefault<z.ZodNumber>> {
  return Object.fromEntries(PATTERN_KNOBS.map((k) => [k.key, knobField(k)])) as Record<PatternKnobKey, z.ZodDefault<z.ZodNumber>>;
}

export const workloadSchema = z.object({
  id,
  /** Hosts that map this address space (more than one: a shared region). */
  hosts: z.array(id).min(1).max(LIMITS.hosts),
  /** The access pattern (src/workloads/registry.ts). */
  pattern: z.enum(PATTERN_NAMES),
  workingSetMB: positive(1 << 24),
  readRatio: z.number().finite().min(0).max(1).default(0.7),
  /** Every pattern's own knobs (zipf's skew, hotset's hotFraction and hotShare), as each pattern declares them. */
  ...patternKnobFields(),
  /** Re-draw which pages are hot every this many simulated ms (0 = never). */
  shiftEveryMs: z.number().finite().min(0).max(1e9).default(0),
  /**
   * zipf / hotset: hot memory comes in contiguous regions of this many MiB at seeded places, as
   * a program's hot data structures do; the hottest ranks fill one region, the next ranks the
   * next one (below one page: single pages scattered). With 2 MiB pages, regions smaller than a
   * page put hot and cold memory inside one page (skew inside huge pages, workloads/sampler.ts partsPerPage).
   */
  hotRegionMB: z.number().finite().min(0).max(1 << 24).default(4),
  /**
   * uniform / zipf / hotset: share of the working set that is allocated but idle, never
   * accessed, in regions at seeded places (the coldest ranks). Datacenter applications leave
   * most of their memory cold for minutes (TPP, Maruf et al., ASPLOS'23) and VMs half of theirs
   * untouched (Pond, Li et al., ASPLOS'23). hotset: hotFraction is of the whole working set and
   * its hot pages are never idle. A scan walks everything.
   */
  idleFraction: z.number().finite().min(0).max(0.99).default(0),
  /**
   * Share of each of its hosts' misses in flight (cores x mlp) this workload keeps busy: 1 = all
   * of them, 0.001 = an almost idle host. A host's workloads that ask for more than all of them
   * together (intensities summing above 1) share them in proportion.
   */
  intensity: z.number().finite().gt(0).max(1000).default(1),
  /**
   * Compute side: accesses that miss the private caches and reach the last-level cache, per
   * 1000 instructions (the LLC absorbs the hottest lines; memory sees the rest).
   */
  llcRefsPerKiloInstr: z.number().finite().min(0.01).max(1000).default(CAL.llcRefsPerKiloInstr.value),
  /** Cycles per instruction when every access hits the caches (platform). */
  baseCpi: atLeast(0.05, 100).optional(),
  /**
   * A shared region (more than one host): who keeps the sharers' caches coherent. 'device':
   * CXL 3.0 back-invalidate (HDM-DB), 'software': writers flush, readers invalidate
   * (src/physics/coherency.ts). Ignored with one host.
   */
  coherency: z.enum(COHERENCY_MODES).default('device'),
  /** A shared region's hot lock: atomic operations on one lock line per memory access (0 = none). */
  lockPerAccess: z.number().finite().min(0).max(1).default(0),
});

export const policySchema = z.object({
  name: z.string().max(LIMITS.idLength),
  params: z.record(z.string().max(LIMITS.idLength), z.number().finite()).default({})
    .refine((p) => Object.keys(p).length <= LIMITS.policyParams, `at most ${LIMITS.policyParams} parameters`),
  /** NUMA node mask (device ids) for bind / interleave policies; empty = all reachable. */
  nodes: z.array(id).max(LIMITS.devices + LIMITS.hosts).default([]),
  /** Manual interleave weights by device id (overrides the bandwidth-derived ones). */
  weights: z.record(id, z.number().int().min(BOUNDS.weight.min).max(BOUNDS.weight.max)).optional(),
});

/** An interleave set (src/topology/interleave.ts checks the rest): member CXL devices in stripe order, bytes per stripe. */
export const interleaveSetSchema = z.object({
  id,
  devices: z.array(id).min(INTERLEAVE_WAYS[0]).max(INTERLEAVE_WAYS[INTERLEAVE_WAYS.length - 1]),
  granularityB: z.number().int().default(BOUNDS.interleaveGranularityB.default),
});

/**
 * An event of the timeline (src/events/: one kind per file, its parameters declared there): at
 * `atMs` of simulated time, applied at the start of the first epoch at or after it.
 */
export const EVENT_SCHEMAS: Record<string, z.ZodObject> = Object.fromEntries(EVENT_KINDS.map((k) => [k.kind, z.object({
  atMs: z.number().finite().min(BOUNDS.eventAtMs.min).max(BOUNDS.eventAtMs.max),
  kind: z.literal(k.kind),
}).extend(k.params.shape)]));
export const eventSchema = z.discriminatedUnion('kind', Object.values(EVENT_SCHEMAS) as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<EventSpec>;

/** Pod designs (src/topology/pod-design.ts builds each). */
export const POD_DESIGNS = ['switch', 'mhd', 'octopus'] as const;
export type PodDesign = (typeof POD_DESIGNS)[number];

const podPorts = z.number().int().min(BOUNDS.podPorts.min).max(BOUNDS.podPorts.max);
export const podSchema = z.object({
  design: z.enum(POD_DESIGNS).meta(label('Design', undefined, 'switch: hosts reach single-headed expanders through CXL switches; mhd: every host cabled to every multi-headed device; octopus: every pair of hosts shares exactly one MHD')),
  hosts: podPorts.optional().meta(label('Hosts', 'hosts', 'switch and mhd: hosts in the pod (octopus: follows from the ports)', 'as many as device ports')),
  hostPorts: podPorts.meta(label('Host ports', 'links', 'CXL links per host (switch: switches; mhd: MHDs; octopus: equal to device ports)')),
  devicePorts: podPorts.meta(label('Device ports', 'heads', 'Heads per MHD (octopus: a prime power plus one: 3, 4, 5, 6, 8, 9, 10, 12)')),
  devices: podPorts.optional().meta(label('Pooled devices', 'devices', 'switch: pooled expanders', 'one per host')),
});

/** The format as written (src/scenario/parse.ts fills in what it leaves to the platform). */
export const scenarioObject = z.object({
  version: z.literal(SCENARIO_VERSION),
  name: name.default('Untitled scenario'),
  description: z.string().max(2000).optional(),
  /** The machine generation the numbers left out come from (src/platform/calibration.ts PLATFORMS). */
  platform: z.enum(PLATFORM_IDS).default(DEFAULT_PLATFORM),
  seed: z.number().int().min(BOUNDS.seed.min).max(BOUNDS.seed.max).default(BOUNDS.seed.default),
  /** Simulated time covered by one epoch. */
  epochMs: z.number().finite().min(BOUNDS.epochMs.min).max(BOUNDS.epochMs.max).default(BOUNDS.epochMs.default),
  /** Default run length (the CLI; the app runs until paused). */
  epochs: z.number().int().min(BOUNDS.epochs.min).max(BOUNDS.epochs.max).default(BOUNDS.epochs.default),
  pageSize: z.enum(['4k', '2m']).default('4k'),
  /** Sampled accesses per host per epoch; each stands for many real 64 B accesses. */
  samplesPerHost: z.number().int().min(64).max(LIMITS.samplesPerHost).default(16_384),
  hosts: z.array(hostSchema).min(1).max(LIMITS.hosts),
  devices: z.array(memoryDeviceSchema).min(1).max(LIMITS.devices + LIMITS.hosts),
  switches: z.array(switchSchema).max(LIMITS.switches).default([]),
  links: z.array(linkSchema).max(LIMITS.links).default([]),
  workloads: z.array(workloadSchema).min(1).max(LIMITS.workloads),
  policy: policySchema,
  /** Interleave sets: CXL devices striped together into one memory node (src/topology/interleave.ts). */
  interleaveSets: z.array(interleaveSetSchema).max(LIMITS.devices).optional(),
  /** The pod design the fabric was built from (src/topology/pod-design.ts): the report counts its hardware and cost per host. */
  pod: podSchema.optional(),
  /** Pooled memory and the VMs that use it (src/scenario/pool-schema.ts); absent: no pool, no VMs. */
  pool: poolSchema.optional(),
  /** How the kernel numbers the machine's NUMA nodes and their distances (src/scenario/numa-schema.ts); absent: derived from the fabric. */
  numa: numaSchema.optional(),
  /** The timeline: what happens to the fabric during the run, in time order (src/events/); absent: nothing. */
  events: z.array(eventSchema).max(BOUNDS.events.max).optional(),
});

/** A scenario as written: numbers may be left to its platform. */
export type ScenarioRaw = z.output<typeof scenarioObject>;


type Resolved<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
export type HostSpec = Resolved<z.output<typeof hostSchema>, 'cores' | 'mlp' | 'clockGHz' | 'llcMB'>;
/** writeCost is set on DRAM devices and half-duplex CXL devices, writeBandwidthGBps on full-duplex CXL devices. */
export type MemoryDeviceSpec = Resolved<z.output<typeof memoryDeviceSchema>, 'bandwidthGBps' | 'latencyNs' | 'loadedKNs'>;
export type LinkSpec = Resolved<z.output<typeof linkSchema>, 'bandwidthGBps' | 'latencyNs'>;
/** A workload with its compute side resolved (baseCpi from the platform where left out). */
export type ResolvedWorkload = Resolved<z.output<typeof workloadSchema>, 'baseCpi'>;
/** A parsed scenario: every number resolved. */
export type Scenario = Omit<ScenarioRaw, 'hosts' | 'devices' | 'links' | 'workloads'> & { hosts: HostSpec[]; devices: MemoryDeviceSpec[]; links: LinkSpec[]; workloads: ResolvedWorkload[] };
export type ScenarioInput = z.input<typeof scenarioObject>;
export type SwitchSpec = z.infer<typeof switchSchema>;
export type WorkloadSpec = z.infer<typeof workloadSchema>;
export type PolicySpec = z.infer<typeof policySchema>;

export const PAGE_BYTES = { '4k': 4096, '2m': 2 * 1024 * 1024 } as const;
