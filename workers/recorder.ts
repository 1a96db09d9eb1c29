// An engine that keeps the summary rows it produced, so the run so far can be written as the
// CLI's JSON report (src/engine/report.ts): same engine, same rows, same bytes. The CLI runs a
// scenario for its `epochs`; the app may play on past them (a booth demo plays for hours), and
// then the report is the CLI's run of the scenario, frozen when it ended: the recording stops
// there, so the worker's memory does not grow with the run.
import type { Engine } from '../src/engine/engine';
import { putPoolRow, putRow, reportFrom, writeCsv, writeJson, type RunReport } from '../src/engine/report';
import { POOL_WIDTH, SUMMARY_WIDTH, type EpochSummary } from '../src/engine/snapshot';
import type { EngineLike } from './api';

const INITIAL_ROWS = 256;

export class RecordingEngine implements EngineLike {
  private rows: Float64Array;
  /** A scenario with a pool: its figures of every epoch (POOL_FIELDS rows), as the CLI writes them. */
  private poolRows: Float64Array | null;
  private count = 0;
  /** Epochs recorded at most: the scenario's (the CLI's run). */
  readonly recordEpochs: number;
  /** The report as of the last recorded epoch, once the run went past it (the engine moved on). */
  private final: RunReport | null = null;

  constructor(readonly engine: Engine) {
    this.recordEpochs = engine.scenario.epochs;
    const initial = Math.max(1, Math.min(INITIAL_ROWS, this.recordEpochs));
    this.rows = new Float64Array(initial * SUMMARY_WIDTH);
    this.poolRows = engine.hasPool ? new Float64Array(initial * POOL_WIDTH) : null;
  }

  get epoch(): number {
    return this.engine.epoch;
  }

  /** Summary rows recorded so far (one per epoch). */
  get rowCount(): number {
    return this.count;
  }

  step(): EpochSummary {
    const s = this.engine.step();
    if (this.count >= this.recordEpochs) return s;
    if ((this.count + 1) * SUMMARY_WIDTH > this.rows.length) {
      const grown = new Float64Array(Math.min(this.rows.length * 2, this.recordEpochs * SUMMARY_WIDTH));
      grown.set(this.rows);
      this.rows = grown;
      if (this.poolRows) {
        const g = new Float64Array((grown.length / SUMMARY_WIDTH) * POOL_WIDTH);
        g.set(this.poolRows);
        this.poolRows = g;
      }
    }
    if (this.poolRows) putPoolRow(this.poolRows, this.count, this.engine.poolRow());
    putRow(this.rows, this.count++, s);
    // The scenario's last epoch: its report is kept as it is now (a copy: the engine moves on).
    if (this.count === this.recordEpochs) this.final = structuredClone(this.current());
    return s;
  }

  private current(): RunReport {
    return reportFrom(this.engine, this.rows.slice(0, this.count * SUMMARY_WIDTH), this.poolRows?.slice(0, this.count * POOL_WIDTH) ?? null);
  }

  snapshot(history: EpochSummary[]): ArrayBuffer {
    return this.engine.snapshot(history);
  }

  policyStats(): Record<string, number> {
    return this.engine.policyStats();
  }

  /**
   * The run so far in the CLI's `--format json` or `--format csv` form, byte for byte: at most
   * the scenario's epochs (past them, the CLI's whole run of the scenario).
   */
  report(format: 'json' | 'csv' = 'json'): string {
    const parts: string[] = [];
    // A timeline adds its column to the CSV (the CLI's rule); the JSON's events come from the report.
    if (format === 'csv') writeCsv(this.rows.slice(0, this.count * SUMMARY_WIDTH), (c) => parts.push(c), (this.engine.scenario.events?.length ?? 0) > 0);
    else writeJson(this.final ?? this.current(), (c) => parts.push(c));
    return parts.join('');
  }
}
