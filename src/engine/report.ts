// The run report shared by the CLI (--format json/csv) and the app's "download run" button:
// the same engine and the same rows give the same bytes in Node and in the browser.
import type { Engine } from './engine';
import { NO_POD, podCounts, type PodCounts } from '../topology/pod-design';
import type { VmReportRow } from '../pool/engine-pool';
import type { PoolSummary } from '../pool/pool-summary';
import type { RunTotals } from './run-totals';
import { EPOCH_REPORT_KEYS, epochReportKeys, SUMMARY_KEYS, type EpochReportKey, type SummaryKey } from '../metrics/registry';
import { POOL_FIELDS, POOL_WIDTH, SUMMARY_FIELDS, SUMMARY_WIDTH, summaryRow, type EpochSummary } from './snapshot';

export type Write = (chunk: string) => void;

export interface DeviceReport {
  id: string;
  kind: import('../scenario/bounds').DeviceKind;
  tier: number;
  pages: number;
  capacityPages: number;
  bandwidthGBps: number;
  utilisation: number;
}

/** One workload over the run: its instructions, its slowdown against all-local, its compute side. */
export interface WorkloadReport {
  id: string;
  /** Instructions retired per second, run average. */
  instructionsPerSecond: number;
  /** Against the same load with every page on its host's local DRAM (%; < 0: faster). */
  slowdownPercent: number;
  /** Share of its references the LLC serves (the run's whole: the fill is fixed). */
  llcHitShare: number;
  /** Memory accesses per 1000 instructions, after the LLC. */
  memoryAccessesPerKiloInstr: number;
}

/** One host over the run, weighted as the summary's figures are (RunTotals.hosts). */
export interface HostReport {
  id: string;
  /** Instructions retired per second, run average. */
  instructionsPerSecond: number;
  /** Its instructions against its own all-local ones (%; < 0: faster). */
  slowdownPercent: number;
  /** Over the accesses memory served it. */
  amatNs: number;
  /** Share of all the accesses it issued that its own DRAM served. */
  localAccessShare: number;
}

/**
 * The run in one line: the registry's `summary` figures (src/metrics/registry.ts says what each
 * is and how the run aggregates it), in its order, then the pod and the pool.
 */
export type RunSummary = Pick<RunTotals, SummaryKey> & {
  /** The scenario's pod design and its hardware counted from the fabric (src/topology/pod-design.ts); design "none" and zeros without one. */
  pod: { design: string } & PodCounts;
  /** The pool and its VMs (src/pool/engine-pool.ts): run averages, totals, DRAM saved; zeros without a pool. */
  pool: PoolSummary;
};

/**
 * One event of the timeline that fired (Engine.eventOutcomes): when, what, whether it did it
 * and why not, the pages it moved, lost and isolated, and the ids it hit (its blast radius);
 * then its one-line summary, the shared regions it hit, machine checks and processes signalled.
 */
export interface EventReportRow {
  atMs: number;
  kind: string;
  target: string;
  ok: boolean;
  reason: string;
  pagesMoved: number;
  pagesLost: number;
  pagesIsolated: number;
  hostsHit: string[];
  vmsHit: number[];
  summary: string;
  regionsHit: string[];
  mces: number;
  signalled: number;
}

export interface RunReport {
  scenario: string;
  policy: string;
  seed: number;
  epochMs: number;
  pageBytes: number;
  summary: RunSummary;
  devices: DeviceReport[];
  workloads: WorkloadReport[];
  /** One row per host (scenario order). */
  hosts: HostReport[];
  /** One row per VM that ran (src/pool/model.ts VmRow); empty without a pool. */
  vms: VmReportRow[];
  /**
   * The scenario has a timeline (events): the JSON then has `events` and each epoch row
   * `pagesInaccessible`; without one the report is exactly what it was before timelines.
   */
  timeline: boolean;
  /** The timeline's events that fired, in time order. */
  events: EventReportRow[];
  /** One row of SUMMARY_FIELDS per epoch, row-major (the CLI writes the EPOCH_REPORT_KEYS columns). */
  epochRows: Float64Array;
  /** A scenario with a pool: one row of POOL_FIELDS per epoch (Engine.poolRow), row-major; null without one. */
  poolRows: Float64Array | null;
}

/** Significant digits kept for non-integer numbers. */
export const DIGITS = 6;

/** Integers as they are; other finite numbers to DIGITS significant digits; -0 -> 0. */
export function round(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x === 0 ? 0 : x;
  const r = Number(x.toPrecision(DIGITS));
  return r === 0 ? 0 : r;
}

/** The report of an engine that has run the epochs whose summary rows (and, with a pool, pool rows) are given. */
export function reportFrom(engine: Engine, rows: Float64Array, poolRows: Float64Array | null = null): RunReport {
  const scenario = engine.scenario;
  const totals = engine.runTotals();
  const stats = engine.deviceStats();
  const meta = engine.meta;
  return {
    scenario: scenario.name,
    policy: scenario.policy.name,
    seed: scenario.seed,
    epochMs: scenario.epochMs,
    pageBytes: meta.pageBytes,
    summary: {
      ...summaryOf(totals),
      pod: scenario.pod ? { design: scenario.pod.design, ...podCounts(scenario) } : { design: 'none', ...NO_POD },
      pool: engine.poolSummary(),
    },
    devices: meta.devices.map((d, i) => ({
      id: d.id,
      kind: d.kind,
      tier: d.tier,
      pages: stats[i].pages,
      capacityPages: d.capacityPages,
      bandwidthGBps: d.bandwidthGBps,
      utilisation: totals.deviceUtilisation[i],
    })),
    workloads: scenario.workloads.map((w, i) => ({
      id: w.id,
      instructionsPerSecond: totals.workloads[i].instructionsPerSecond,
      slowdownPercent: totals.workloads[i].slowdownPercent,
      llcHitShare: engine.compute.llc.hitShare[i],
      memoryAccessesPerKiloInstr: engine.compute.missesPerInstr[i] * 1000,
    })),
    hosts: engine.topo.hostIds.map((id, h) => ({ id, ...totals.hosts[h] })),
    vms: engine.vmRows(),
    timeline: (engine.scenario.events?.length ?? 0) > 0,
    events: engine.eventOutcomes().map((o) => ({
      atMs: o.atMs, kind: o.kind, target: o.target, ok: o.ok, reason: o.reason, pagesMoved: o.pagesMoved, pagesLost: o.pagesLost,
      pagesIsolated: o.pagesIsolated, hostsHit: o.hostsHit, vmsHit: o.vmsHit, summary: o.summary, regionsHit: o.regionsHit, mces: o.mces, signalled: o.signalled,
    })),
    epochRows: rows,
    poolRows: engine.hasPool ? poolRows : null,
  };
}

/** The registry's summary figures of the run totals, in the registry's order (the JSON's key order). */
function summaryOf(totals: RunTotals): Pick<RunTotals, SummaryKey> {
  const out = {} as Pick<RunTotals, SummaryKey>;
  for (const k of SUMMARY_KEYS) out[k] = totals[k];
  return out;
}

/** Columns of a summary row the CLI writes (with or without a timeline), and their names. */
const columnsOf = (keys: readonly EpochReportKey[]) => keys.map((k) => SUMMARY_FIELDS.indexOf(k));
const REPORT_COLUMNS = [columnsOf(epochReportKeys(false)), columnsOf(epochReportKeys(true))];

/** Writes summary rows of one epoch into a row-major Float64Array. */
export function putRow(rows: Float64Array, i: number, s: EpochSummary): void {
  const o = i * SUMMARY_WIDTH;
  for (let f = 0; f < SUMMARY_WIDTH; f++) rows[o + f] = s[SUMMARY_FIELDS[f]];
}

/** Writes the pool row of one epoch (Engine.poolRow) into a row-major Float64Array. */
export function putPoolRow(rows: Float64Array, i: number, pool: Float64Array): void {
  rows.set(pool.subarray(0, POOL_WIDTH), i * POOL_WIDTH);
}

export const CHUNK_LINES = 1000;

/** The JSON report: one object; scalars and flat objects each on one line, rounded. */
export function writeJson(r: RunReport, write: Write): void {
  const num = (x: number) => JSON.stringify(round(x)); // NaN / Infinity -> null
  const flat = (o: object) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v));
  let out = '{\n';
  out += `  "scenario": ${JSON.stringify(r.scenario)},\n`;
  out += `  "policy": ${JSON.stringify(r.policy)},\n`;
  out += `  "seed": ${num(r.seed)},\n`;
  out += `  "epochMs": ${num(r.epochMs)},\n`;
  out += `  "pageBytes": ${num(r.pageBytes)},\n`;
  out += `  "summary": ${flat(r.summary)},\n`;
  out += `  "devices": [\n${r.devices.map((d) => `    ${flat(d)}`).join(',\n')}\n  ],\n`;
  out += `  "workloads": [\n${r.workloads.map((w) => `    ${flat(w)}`).join(',\n')}\n  ],\n`;
  out += `  "hosts": [\n${r.hosts.map((h) => `    ${flat(h)}`).join(',\n')}\n  ],\n`;
  out += r.vms.length ? `  "vms": [\n${r.vms.map((v) => `    ${flat(v)}`).join(',\n')}\n  ],\n` : '  "vms": [],\n';
  if (r.timeline) out += r.events.length ? `  "events": [\n${r.events.map((v) => `    ${flat(v)}`).join(',\n')}\n  ],\n` : '  "events": [],\n';
  out += '  "epochs": [';
  const n = r.epochRows.length / SUMMARY_WIDTH;
  const pool = r.poolRows;
  const keys = epochReportKeys(r.timeline), cols = REPORT_COLUMNS[r.timeline ? 1 : 0];
  for (let i = 0; i < n; i++) {
    let line = i === 0 ? '\n    {' : ',\n    {';
    for (let f = 0; f < cols.length; f++) {
      line += `${f ? ',' : ''}"${keys[f]}":${num(r.epochRows[i * SUMMARY_WIDTH + cols[f]])}`;
    }
    // A pool's figures of the epoch, last, as one object (a scenario without a pool: nothing).
    if (pool) {
      line += ',"pool":{';
      for (let f = 0; f < POOL_WIDTH; f++) line += `${f ? ',' : ''}"${POOL_FIELDS[f]}":${num(pool[i * POOL_WIDTH + f])}`;
      line += '}';
    }
    out += line + '}';
    if ((i + 1) % CHUNK_LINES === 0) { write(out); out = ''; }
  }
  out += n ? '\n  ]\n}\n' : ']\n}\n';
  write(out);
}

/** The CSV header of a run without a timeline. */
export const CSV_HEADER = EPOCH_REPORT_KEYS.join(',');

/** The CSV header of a run, with or without a timeline (its columns: epochReportKeys). */
export function csvHeader(timeline: boolean): string {
  return epochReportKeys(timeline).join(',');
}

/** The CSV report: csvHeader, then one csvLine per recorded epoch, each line ending in "\n" (the CLI streams the same lines). */
export function writeCsv(rows: Float64Array, write: Write, timeline = false): void {
  let out = csvHeader(timeline) + '\n';
  const n = rows.length / SUMMARY_WIDTH;
  for (let i = 0; i < n; i++) {
    out += csvLine(summaryRow(rows, i), timeline) + '\n';
    if ((i + 1) % CHUNK_LINES === 0) { write(out); out = ''; }
  }
  write(out);
}

export function csvLine(s: EpochSummary, timeline = false): string {
  return epochReportKeys(timeline).map((f) => {
    const v = round(s[f]);
    return Number.isFinite(v) ? String(v) : '';
  }).join(',');
}

