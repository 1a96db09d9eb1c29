// The pool part of the scenario format (declared once, like schema.ts): which CXL devices are
// pooled (multi-headed or dynamic-capacity) and the scenario's pool: its manager, extent size,
// scale and the seeded VM stream. Defaults come from POOL_CAL (src/platform/calibration.ts).
import { z } from 'zod';
import { POOL_CAL } from '../platform/calibration';
import { ID_PATTERN, ID_RULE, POOL_DEVICE_KINDS } from './bounds';
import { LIMITS } from './limits';

// schema.ts imports this module before its own z.config line runs, and zod probes eval when the
// first object schema is built: jitless (strict CSP, see schema.ts) must be set here already.
z.config({ jitless: true });

const id = z.string().regex(ID_PATTERN, ID_RULE).max(LIMITS.idLength);

/**
 * A pooled CXL device: `mhd` = multi-headed device (each head a port to one host, capacity
 * assignable per head; Pond moves 1 GiB slices between heads at run time by hot-plug), `dcd` =
 * dynamic capacity device (CXL 3.0: extents handed to hosts and taken back at run time, no
 * reset). A CXL device without `pool` is a single-headed expander, as before.
 */
export const devicePoolSchema = z.object({
  kind: z.enum(POOL_DEVICE_KINDS),
  /** Hosts with a port (head) on the device; each needs a link path to it. */
  heads: z.array(id).min(1).max(LIMITS.hosts),
});

const weighted = (max: number, values: readonly number[], weights: readonly number[]) =>
  z.object({
    values: z.array(z.number().finite().positive().max(max)).min(1).max(16),
    weights: z.array(z.number().finite().positive().max(1e6)).min(1).max(16),
  })
    .refine((w) => w.values.length === w.weights.length, 'values and weights must have the same length')
    .default({ values: [...values], weights: [...weights] });

/** The seeded VM stream: arrivals, lifetimes, sizes and untouched memory (sources in POOL_CAL). */
export const vmStreamSchema = z.object({
  /** Mean VM arrivals per epoch (Poisson). */
  arrivalsPerEpoch: z.number().finite().min(0).max(64).default(1),
  /** Mean VM lifetime in epochs (exponential; at least one epoch). */
  meanLifetimeEpochs: z.number().finite().min(1).max(1e6).default(100),
  /** VM cores: whole cores drawn by weight. */
  cores: weighted(256, POOL_CAL.vmCores.values, POOL_CAL.vmCores.weights),
  /** VM memory per core (GiB of the modelled machine), drawn by weight. */
  gibPerCore: weighted(64, POOL_CAL.vmGiBPerCore.values, POOL_CAL.vmGiBPerCore.weights),
  /** Share of a VM's memory it never touches: uniform between these. */
  untouchedMin: z.number().finite().min(0).max(1).default(POOL_CAL.untouchedShare.min),
  untouchedMax: z.number().finite().min(0).max(1).default(POOL_CAL.untouchedShare.max),
  /** Memory accesses per 1000 instructions of every VM (its think time between misses). */
  missesPerKiloInstr: z.number().finite().min(0.01).max(1000).default(POOL_CAL.vmMissesPerKiloInstr.value),
  /**
   * Accesses each running VM draws per epoch over its touched pages (src/pool/vm-pages.ts): its
   * AMAT and pool share are their means. More samples, less noise; the cost is per VM.
   */
  samplesPerVm: z.number().int().min(1).max(4096).default(64),
}).refine((v) => v.untouchedMin <= v.untouchedMax, { message: 'untouchedMin must not exceed untouchedMax', path: ['untouchedMin'] });

export const poolSchema = z.object({
  /** Pool manager (src/pool-managers/registry.ts). */
  manager: z.string().max(LIMITS.idLength).default('on-demand'),
  /**
   * VM placement: best fit on cores (src/pool/scheduler.ts), the only one, so the engine reads
   * no choice here. The key stays because every pool link and exported scenario carries it.
   */
  scheduler: z.enum(['best-fit']).default('best-fit'),
  /** Extent (slice) size in GiB of the modelled machine. */
  extentGiB: z.number().finite().min(1 / 64).max(1024).default(POOL_CAL.extentGiB.value),
  /**
   * MB of the modelled machine each MB of the scenario's devices stands for (a scale model whose
   * MB stand for GB: 1024). Pool figures are in GiB of the modelled machine.
   */
  scale: z.number().finite().min(1).max(1 << 20).default(1),
  /** Most VMs running at once; arrivals beyond it are rejected. */
  maxRunning: z.number().int().min(1).max(LIMITS.vms).default(1024),
  /** Pond's untouched-memory prediction: seeded error and its conservative margin. */
  predictionErrorSd: z.number().finite().min(0).max(1).default(POOL_CAL.predictionErrorSd.value),
  predictionMargin: z.number().finite().min(0).max(1).default(POOL_CAL.predictionMargin.value),
  vms: vmStreamSchema.prefault({}),
});

export type DevicePoolSpec = z.infer<typeof devicePoolSchema>;
export type PoolSpec = z.output<typeof poolSchema>;
export type VmStreamSpec = z.output<typeof vmStreamSchema>;

interface PoolIssue { path: (string | number)[]; message: string }

/** What the pool part of a parsed scenario gets wrong beyond single fields (names, sizes). */
/**
 * Pages of the pool's page table per extent (src/pool/vm-pages.ts): an extent's bytes in the
 * scenario's units (extent / scale) over the page size, at least 1, and capped so that all
 * `extents` (host DRAM and pooled devices) fit LIMITS.vmPages. Capped or below one page, a
 * simulated page stands for more memory than the page size (all of an extent's pages are
 * alike, so the figures do not change; only the page table is coarser).
 */
export function vmPagesPerExtent(pool: Pick<PoolSpec, 'extentGiB' | 'scale'>, pageBytes: number, extents: number): number {
  const derived = Math.floor((pool.extentGiB * 1073741824) / pool.scale / pageBytes);
  return Math.max(1, Math.min(derived, Math.floor(LIMITS.vmPages / Math.max(1, extents))));
}

export function poolIssues(s: {
  hosts: { id: string }[];
  devices: { kind: string; capacityMB: number; host?: string; pool?: DevicePoolSpec }[];
  pool?: PoolSpec;
}, pageBytes: number): PoolIssue[] {
  const out: PoolIssue[] = [];
  const hosts = new Set(s.hosts.map((h) => h.id));
  let pooled = false;
  s.devices.forEach((d, i) => {
    if (!d.pool) return;
    pooled = true;
    if (d.kind !== 'cxl') out.push({ path: ['devices', i, 'pool'], message: 'only a CXL device can be pooled' });
    const seen = new Set<string>();
    d.pool.heads.forEach((h, k) => {
      if (!hosts.has(h)) out.push({ path: ['devices', i, 'pool', 'heads', k], message: `no host "${h}"` });
      if (seen.has(h)) out.push({ path: ['devices', i, 'pool', 'heads', k], message: `host "${h}" has one head already` });
      seen.add(h);
    });
  });
  if (pooled && !s.pool) out.push({ path: ['pool'], message: 'pooled devices need the scenario\'s pool section (its manager and VM stream)' });
  if (s.pool) {
    // The ledger: every host's DRAM and every pooled device in extents, bounded before allocating.
    const extentMB = s.pool.extentGiB * 1024;
    let extents = 0;
    for (const d of s.devices) if (d.pool || d.kind === 'dram') extents += Math.floor((d.capacityMB * s.pool.scale) / extentMB);
    if (extents > LIMITS.poolExtents) out.push({ path: ['pool', 'extentGiB'], message: `host DRAM and pooled devices make ${extents} extents of ${s.pool.extentGiB} GiB; at most ${LIMITS.poolExtents} (a larger extent or a smaller scale)` });
    // The page table: at least one page per extent, at most LIMITS.vmPages in all.
    else if (extents * vmPagesPerExtent(s.pool, pageBytes, extents) > LIMITS.vmPages) out.push({ path: ['pool', 'extentGiB'], message: `the pool's page table would hold more than ${LIMITS.vmPages} pages (${extents} extents)` });
  }
  return out;
}
