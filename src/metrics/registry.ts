// Every figure of an epoch row and of the run, declared once: its name, unit, scope, how the
// run aggregates it, where the CLI writes it, its label, one-line help and number format. The
// snapshot's row layout (src/engine/snapshot.ts), the run totals (src/engine/run-totals.ts via
// ./aggregate.ts), the CLI report's JSON and CSV (src/engine/report.ts), the app's live run
// figures (app/live.ts, the same aggregator), the metrics panel, the A/B compare table and the
// glossary links read these rows. Adding a figure is one row here plus the code that computes
// its epoch value (Engine.step); its run figure, report columns and on-screen format follow.
import { slowdownPercent } from '../physics/compute';

/**
 * What one number is in: 'share' 0..1 (of accesses or pages), '%' 0..100, counts of pages or
 * events, real accesses, or a physical unit.
 */
export type Unit = 'epoch' | 'ms' | 'ns' | 'GB/s' | 'GiB' | 'share' | '%' | 'pages' | 'count' | 'accesses' | 'instructions/s';

/**
 * How the run's figure comes from the epoch rows (each epoch counted once, in order):
 * - sum: the values added up (counts over the run);
 * - mean-by: the values weighted by another figure of the row, summed, over that figure's sum
 *   (served or issued accesses: an access-weighted mean); 0 when the weights sum to 0;
 * - time-rate: value x epoch seconds, summed, over the run's seconds (a rate over the run);
 * - epoch-mean: the values added up over the epochs (every epoch counts the same);
 * - last: the newest epoch's value (state now; the engine gives its own value now);
 * - ratio: `combine` of two other figures' sums (e.g. slowdown from the instructions retired
 *   and the all-local ones).
 */
export type Aggregation =
  | { kind: 'sum' }
  | { kind: 'mean-by'; weight: string }
  | { kind: 'time-rate' }
  | { kind: 'epoch-mean' }
  | { kind: 'last' }
  | { kind: 'ratio'; of: readonly [string, string]; combine: (a: number, b: number) => number };

/**
 * How the app writes a value: `fixed` as "597 ns" (digits after the point, the unit after a
 * space; `signed`: "+4.1 %"), `share` a 0..1 share as "42.0%", `integer` "1,234", `si` with an SI
 * prefix and a suffix ("9.5G/s").
 */
export type Format =
  /** `noneAtZero`: 0 means nothing was measured (an AMAT over no access served): shown as "–", never "0 ns". */
  | { style: 'fixed'; digits: number; signed?: boolean; noneAtZero?: boolean }
  | { style: 'share'; digits: number }
  | { style: 'integer' }
  | { style: 'si'; suffix: string };

/**
 * The A/B comparison of a figure: which way wins and how the gap is told, relative to the
 * loser's value or in percentage points (shares); `wins` is the winner's sentence, `{gap}`
 * standing for the gap ("{gap} lower AMAT than" + the loser's name).
 */
export interface CompareSpec {
  better: 'lower' | 'higher';
  /** relative: over the loser's value; points: percentage points (a share's x 100, a % figure's as is). */
  gap: 'relative' | 'points';
  wins: string;
  /** A pool's figure: compared only when both runs have a pool. */
  pool?: boolean;
}

export interface Metric {
  /** The name everywhere: the row column, the JSON key, the field of RunTotals and of the app's run figures. */
  key: string;
  unit: Unit;
  /** What an epoch row holds: a figure over the epoch, or the state at its end ('current'). */
  scope: 'epoch' | 'current';
  /** How the run aggregates it; absent: no run figure (the epoch's number, its time, a sampling ratio). */
  run?: Aggregation;
  /** In the CLI's epoch rows (JSON `epochs`, the CSV columns); false: only the app's stream (the weights). */
  epochs: boolean;
  /** In the CLI's `summary`, as the run figure. */
  summary: boolean;
  /** The app's name for it: its column header. */
  label: string;
  /** One line on what it counts: the column's tooltip. */
  help: string;
  format: Format;
  /** The app's `data-metric` name of its cells, where the metrics panel shows it. */
  id?: string;
  /** The glossary entry (app/glossary.ts id) its label links to. */
  term?: string;
  /** Compared in the A/B table (run figures over the same epochs). */
  compare?: CompareSpec;
  /**
   * In the CLI's epoch rows only for a scenario with a timeline (`events`): a run without one
   * writes exactly the columns it always wrote.
   */
  timeline?: true;
}

/**
 * The rows, in the order of the epoch row (and so of the CLI's JSON `epochs` keys, the CSV
 * columns and, for those with `summary`, the JSON `summary` keys). The two weights come last:
 * they ride in the app's stream so its run figures are the CLI's, bit for bit.
 */
export const METRICS = [
  {
    key: 'epoch', unit: 'epoch', scope: 'epoch', epochs: true, summary: false,
    label: 'Epoch', help: 'The epoch\'s number, from 0', format: { style: 'integer' },
  },
  {
    key: 'timeMs', unit: 'ms', scope: 'epoch', epochs: true, summary: false,
    label: 'Time', help: 'Simulated time at the epoch\'s start (epoch x epoch length)', format: { style: 'fixed', digits: 0 },
  },
  {
    key: 'amatNs', unit: 'ns', scope: 'epoch', run: { kind: 'mean-by', weight: 'servedAccesses' }, epochs: true, summary: true,
    label: 'AMAT', help: 'Average memory access time over the accesses served (those to unplaced pages left out), coherency\'s added latency included',
    format: { style: 'fixed', digits: 0, noneAtZero: true }, id: 'amat', term: 'amat',
    compare: { better: 'lower', gap: 'relative', wins: '{gap} lower AMAT than' },
  },
  {
    key: 'throughputGBps', unit: 'GB/s', scope: 'epoch', run: { kind: 'time-rate' }, epochs: true, summary: true,
    label: 'Throughput', help: 'Bytes served per second, all hosts: 64 B per access served',
    format: { style: 'fixed', digits: 1 }, id: 'throughput',
    compare: { better: 'higher', gap: 'relative', wins: '{gap} higher throughput than' },
  },
  {
    key: 'fastTierAccessShare', unit: 'share', scope: 'epoch', run: { kind: 'mean-by', weight: 'issuedAccesses' }, epochs: true, summary: true,
    label: 'Fast-tier share', help: 'Share of all accesses served by the accessing host\'s fast tier, its best reachable memory tier',
    format: { style: 'share', digits: 1 }, id: 'fast', term: 'fast-tier',
    compare: { better: 'higher', gap: 'points', wins: 'fast tier serves {gap} more of the accesses than with' },
  },
  // The host's own DRAM: a part of the fast tier's share on today's fabrics.
  {
    key: 'localAccessShare', unit: 'share', scope: 'epoch', run: { kind: 'mean-by', weight: 'issuedAccesses' }, epochs: true, summary: true,
    label: 'Local node', help: 'Share of all accesses served by the accessing host\'s own DRAM, its local NUMA node',
    format: { style: 'share', digits: 1 }, id: 'local',
  },
  {
    key: 'unplacedAccessShare', unit: 'share', scope: 'epoch', run: { kind: 'mean-by', weight: 'issuedAccesses' }, epochs: true, summary: true,
    label: 'Unplaced share', help: 'Share of all accesses that went to pages with no memory: no tier serves them (fast tier + slower tiers + unplaced = 1)',
    format: { style: 'share', digits: 1 },
  },
  {
    key: 'migrations', unit: 'pages', scope: 'epoch', run: { kind: 'sum' }, epochs: true, summary: true,
    label: 'Pages migrated', help: 'Pages moved between devices', format: { style: 'integer' }, id: 'migrations',
  },
  {
    key: 'promotions', unit: 'pages', scope: 'epoch', run: { kind: 'sum' }, epochs: true, summary: false,
    label: 'Promoted', help: 'Pages moved to a faster tier', format: { style: 'integer' }, id: 'promotions', term: 'promotion',
  },
  {
    key: 'demotions', unit: 'pages', scope: 'epoch', run: { kind: 'sum' }, epochs: true, summary: false,
    label: 'Demoted', help: 'Pages moved to a slower tier', format: { style: 'integer' }, id: 'demotions', term: 'demotion',
  },
  {
    key: 'pagesLost', unit: 'pages', scope: 'epoch', run: { kind: 'sum' }, epochs: true, summary: true,
    label: 'Pages lost', help: 'Pages destroyed by a fault (a device failed, a poisoned page), each attributed to its event: they do not come back', format: { style: 'integer' },
  },
  {
    key: 'pagesUnplaced', unit: 'pages', scope: 'current', run: { kind: 'last' }, epochs: true, summary: true,
    label: 'Pages unplaced', help: 'Pages with no device (a strict policy could not place them), at the end of the epoch; lost pages are not counted here (placed + unplaced + lost = all pages)',
    format: { style: 'integer' }, id: 'unplaced-pages',
  },
  // A link or a path gone: pages on memory some host that maps them no longer reaches (src/engine/faults.ts).
  {
    key: 'pagesInaccessible', unit: 'pages', scope: 'current', run: { kind: 'last' }, epochs: true, summary: false, timeline: true,
    label: 'Pages inaccessible', help: 'Pages on memory that some host mapping them can no longer reach (a link down): never served to it, never lost; they come back with the link',
    format: { style: 'integer' },
  },
  {
    key: 'realAccessesPerSample', unit: 'accesses', scope: 'epoch', epochs: true, summary: false,
    label: 'Real accesses per sample', help: 'Real 64 B accesses each sampled access stands for', format: { style: 'integer' }, term: 'sample',
  },
  // The hot set is found per address space, then pooled (src/engine/address-spaces.ts).
  {
    key: 'hotSetFastShare', unit: 'share', scope: 'current', run: { kind: 'mean-by', weight: 'issuedAccesses' }, epochs: true, summary: true,
    label: 'Hot set in fast memory', help: 'Share of the hot set\'s pages on their host\'s fast tier at the end of the epoch (the hot set: the smallest set of hottest pages that receives 80 % of the accesses by the workload model\'s true rates)',
    format: { style: 'share', digits: 1 }, term: 'hot-set',
  },
  {
    key: 'hotSetShifts', unit: 'count', scope: 'epoch', run: { kind: 'sum' }, epochs: true, summary: true,
    label: 'Hot-set shifts', help: 'Hot-set shifts that happened during the epoch', format: { style: 'integer' },
  },
  // The time difference as a share of the slower run's (physics/compute.ts slowdownPercent): per epoch
  // from its rates, over the run from the sums; within (-100, 100] even when all-local is pathological.
  {
    key: 'slowdownPercent', unit: '%', scope: 'epoch',
    run: { kind: 'ratio', of: ['instructionsPerSecond', 'allLocalInstructionsPerSecond'], combine: slowdownPercent }, epochs: true, summary: true,
    label: 'Slowdown vs all-local', help: 'Instructions retired against the same load with every page on its host\'s local DRAM, no migrations: the extra time as a share of the slower of the two (negative: faster than all-local)',
    format: { style: 'fixed', digits: 1, signed: true }, id: 'slowdown',
    compare: { better: 'lower', gap: 'points', wins: '{gap} less slowdown vs all-local than' },
  },
  {
    key: 'instructionsPerSecond', unit: 'instructions/s', scope: 'epoch', run: { kind: 'time-rate' }, epochs: true, summary: true,
    label: 'Instructions', help: 'Instructions retired per second, all hosts', format: { style: 'si', suffix: '/s' }, id: 'instructions',
  },
  {
    key: 'allLocalInstructionsPerSecond', unit: 'instructions/s', scope: 'epoch', run: { kind: 'time-rate' }, epochs: true, summary: false,
    label: 'Instructions, all-local', help: 'Instructions per second the same load would retire with every page on its host\'s local DRAM',
    format: { style: 'si', suffix: '/s' },
  },
  {
    key: 'migrationCpuPercent', unit: '%', scope: 'epoch', run: { kind: 'epoch-mean' }, epochs: true, summary: true,
    label: 'CPU migrating', help: 'Share of the hosts\' CPU time spent on tiering: hint faults, page copies, TLB shootdowns, kswapd',
    format: { style: 'fixed', digits: 1 }, id: 'migration-cpu',
  },
  // The kernel's per-node work, counted as operations of its algorithms (src/physics/placement-work.ts).
  {
    key: 'placementCpuPercent', unit: '%', scope: 'epoch', run: { kind: 'epoch-mean' }, epochs: true, summary: true,
    label: 'CPU placing', help: 'Share of the hosts\' CPU time the kernel spends on work that grows with the memory nodes it sees: zonelist fallback walks, demotion-target tables and lookups, NUMA fault statistics, kswapd wake-ups and LRU checks, per-node vmstat upkeep (counted and reported; not taken from the application\'s instructions)',
    format: { style: 'fixed', digits: 4 }, id: 'placement-cpu',
  },
  // Shared regions (src/physics/coherency.ts); both coherency figures are 0 without one.
  {
    key: 'coherencyTrafficGBps', unit: 'GB/s', scope: 'epoch', run: { kind: 'time-rate' }, epochs: true, summary: true,
    label: 'Coherency traffic', help: 'Coherency bytes sent per second: invalidations and their answers, re-reads of lines another sharer wrote, lock operations; each message counted once',
    format: { style: 'fixed', digits: 2 }, id: 'coherency-traffic',
  },
  {
    key: 'coherencyLatencyNs', unit: 'ns', scope: 'epoch', run: { kind: 'mean-by', weight: 'servedAccesses' }, epochs: true, summary: true,
    label: 'Added latency per access', help: 'Latency coherency adds per memory access, averaged over every access served (writes waiting for invalidations or flushes, lock operations); included in AMAT',
    format: { style: 'fixed', digits: 1 }, id: 'coherency-latency',
  },
  // The pool's headline (src/pool/model.ts, its POOL row; all 0 without a pool). They ride in the
  // app's stream only: the CLI writes them in each epoch's `pool` and in summary.pool already.
  {
    key: 'vmAmatNs', unit: 'ns', scope: 'epoch', run: { kind: 'mean-by', weight: 'vmsRunning' }, epochs: false, summary: false,
    label: 'VM AMAT', help: 'Mean loaded latency of the running VMs\' memory accesses (their host\'s DRAM and the pool), mean over the VMs; over the run, over VM-epochs',
    format: { style: 'fixed', digits: 0, noneAtZero: true }, id: 'vm-amat', term: 'amat',
    compare: { better: 'lower', gap: 'relative', wins: '{gap} lower VM AMAT than', pool: true },
  },
  {
    key: 'vmSlowdownPercent', unit: '%', scope: 'epoch', run: { kind: 'mean-by', weight: 'vmsRunning' }, epochs: false, summary: false,
    label: 'VM slowdown vs all-local', help: 'The running VMs\' slowdown against the same load with all of each VM\'s memory on its host\'s DRAM, mean over the VMs; over the run, over VM-epochs (summary.pool.slowdownPercent)',
    format: { style: 'fixed', digits: 1, signed: true }, id: 'vm-slowdown',
    compare: { better: 'lower', gap: 'points', wins: 'VMs {gap} less slowed than with', pool: true },
  },
  {
    key: 'strandedGiB', unit: 'GiB', scope: 'current', run: { kind: 'epoch-mean' }, epochs: false, summary: false,
    label: 'Stranded memory', help: 'Free memory (DRAM and granted pool extents) on hosts whose cores are all rented: nobody can use it. GiB of the modelled machine at the end of the epoch; over the run, the mean over epochs',
    format: { style: 'fixed', digits: 0 }, id: 'stranded', term: 'stranding',
    compare: { better: 'lower', gap: 'relative', wins: '{gap} less memory stranded than', pool: true },
  },
  {
    key: 'strandedPercent', unit: '%', scope: 'current', run: { kind: 'epoch-mean' }, epochs: false, summary: false,
    label: 'Stranded, % of memory', help: 'Stranded memory as a share of all host DRAM and pool capacity; over the run, the mean over epochs (summary.pool.strandedPercent)',
    format: { style: 'fixed', digits: 1 }, id: 'stranded-percent',
  },
  {
    key: 'dramSavedPercent', unit: '%', scope: 'current', run: { kind: 'last' }, epochs: false, summary: false,
    label: 'DRAM saved', help: 'The DRAM the pool saves for the same VMs on the same sockets: each socket\'s peak of VM memory without the pool against its peak of local memory plus the pool\'s peak grants, counted from the run so far (summary.pool.dramSavedPercent at the run\'s end)',
    format: { style: 'fixed', digits: 1 }, id: 'dram-saved',
    compare: { better: 'higher', gap: 'points', wins: 'saves {gap} more DRAM than', pool: true },
  },
  {
    key: 'vmsRejected', unit: 'count', scope: 'epoch', run: { kind: 'sum' }, epochs: false, summary: false,
    label: 'VMs rejected', help: 'VM arrivals no host could take (cores or memory); over the run, the total (summary.pool.vmsRejected)',
    format: { style: 'integer' }, id: 'vms-rejected',
    compare: { better: 'lower', gap: 'relative', wins: '{gap} fewer VMs rejected than', pool: true },
  },
  {
    key: 'vmsRunning', unit: 'count', scope: 'current', run: { kind: 'sum' }, epochs: false, summary: false,
    label: 'VMs running', help: 'VMs running at the end of the epoch; over the run, VM-epochs: the weight of the VMs\' means',
    format: { style: 'integer' }, id: 'vms-running',
  },
  {
    key: 'servedAccesses', unit: 'accesses', scope: 'epoch', run: { kind: 'sum' }, epochs: false, summary: false,
    label: 'Accesses served', help: 'Real accesses served in the epoch, all hosts: the weight of the means over served accesses', format: { style: 'integer' },
  },
  {
    key: 'issuedAccesses', unit: 'accesses', scope: 'epoch', run: { kind: 'sum' }, epochs: false, summary: false,
    label: 'Accesses issued', help: 'Real accesses issued in the epoch, all hosts: served plus those to unplaced pages; the weight of the shares', format: { style: 'integer' },
  },
] as const satisfies readonly Metric[];

type Row = (typeof METRICS)[number];
/** Every figure of an epoch row. */
export type RowKey = Row['key'];
/** The figures with a run figure. */
export type RunKey = Extract<Row, { run: unknown }>['key'];
/** The run figures of the CLI's summary. */
export type SummaryKey = Extract<Row, { summary: true }>['key'];
/** The figures of the CLI's epoch rows. */
export type EpochReportKey = Extract<Row, { epochs: true }>['key'];

const keysWhere = <K extends RowKey>(keep: (m: Metric) => boolean) => (METRICS as readonly Metric[]).filter(keep).map((m) => m.key as K);

/** The epoch row's columns, in order: the snapshot's summary rows and the app's history. */
export const ROW_KEYS: readonly RowKey[] = keysWhere<RowKey>(() => true);
/** The CLI's epoch columns (JSON `epochs` keys, CSV header) of a run without a timeline, in row order. */
export const EPOCH_REPORT_KEYS: readonly EpochReportKey[] = keysWhere<EpochReportKey>((m) => m.epochs && !m.timeline);
/** The CLI's epoch columns of a run with a timeline (events): those and the timeline's (pagesInaccessible), in row order. */
export const EPOCH_TIMELINE_KEYS: readonly EpochReportKey[] = keysWhere<EpochReportKey>((m) => m.epochs);

/** The CLI's epoch columns of a run, with or without a timeline. */
export function epochReportKeys(timeline: boolean): readonly EpochReportKey[] {
  return timeline ? EPOCH_TIMELINE_KEYS : EPOCH_REPORT_KEYS;
}
/** The CLI's `summary` keys before `pod` and `pool`, in row order. */
export const SUMMARY_KEYS: readonly SummaryKey[] = keysWhere<SummaryKey>((m) => m.summary);
/** The figures the run aggregates, in row order. */
export const RUN_KEYS: readonly RunKey[] = keysWhere<RunKey>((m) => m.run !== undefined);

const byKey = new Map<string, Metric>(METRICS.map((m) => [m.key, m] as const));

/** The row of a figure. */
export function metric(key: RowKey): Metric {
  return byKey.get(key)!;
}

/** Where a run figure stands: 'current' for the state now (a `last` figure), else over the run so far. */
export function runScope(m: Metric): 'run' | 'current' {
  return m.run?.kind === 'last' ? 'current' : 'run';
}

/** The rows' own checks (metrics.test.ts runs them): names unique, aggregations pointing at figures that can carry them. */
export function registryProblems(rows: readonly Metric[] = METRICS): string[] {
  const out: string[] = [];
  const keys = new Map(rows.map((m) => [m.key, m] as const));
  if (keys.size !== rows.length) out.push('duplicate keys');
  const ids = rows.flatMap((m) => (m.id ? [m.id] : []));
  if (new Set(ids).size !== ids.length) out.push('duplicate ids');
  for (const m of rows) {
    const r = m.run;
    if (m.summary && !r) out.push(`${m.key}: in the summary without a run figure`);
    if (r?.kind === 'mean-by' && keys.get(r.weight)?.run?.kind !== 'sum') out.push(`${m.key}: weight ${r.weight} is not a summed figure`);
    if (r?.kind === 'ratio') {
      for (const k of r.of) {
        const kind = keys.get(k)?.run?.kind;
        if (kind !== 'sum' && kind !== 'time-rate') out.push(`${m.key}: ${k} is not a summed figure`);
      }
    }
  }
  return out;
}
