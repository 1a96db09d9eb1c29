// An engine that keeps every summary row it produced, so the run so far can be written as
// the CLI's JSON report (src/engine/report.ts): same engine, same rows, same bytes.
import type { Engine } from '../src/engine/engine';
import { putPoolRow, putRow, reportFrom, writeCsv, writeJson } from '../src/engine/report';
import { POOL_WIDTH, SUMMARY_WIDTH, type EpochSummary } from '../src/engine/snapshot';
import type { EngineLike } from './api';

const INITIAL_ROWS = 256;

export class RecordingEngine implements EngineLike {
  private rows = new Float64Array(INITIAL_ROWS * SUMMARY_WIDTH);
  /** A scenario with a pool: its figures of every epoch (POOL_FIELDS rows), as the CLI writes them. */
  private poolRows: Float64Array | null;
  private count = 0;

  constructor(readonly engine: Engine) {
    this.poolRows = engine.hasPool ? new Float64Array(INITIAL_ROWS * POOL_WIDTH) : null;
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
    if ((this.count + 1) * SUMMARY_WIDTH > this.rows.length) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
      if (this.poolRows) {
        const g = new Float64Array(this.poolRows.length * 2);
        g.set(this.poolRows);
        this.poolRows = g;
      }
    }
    if (this.poolRows) putPoolRow(this.poolRows, this.count, this.engine.poolRow());
    putRow(this.rows, this.count++, s);
    return s;
  }

  snapshot(history: EpochSummary[]): ArrayBuffer {
    return this.engine.snapshot(history);
  }

  policyStats(): Record<string, number> {
    return this.engine.policyStats();
  }

  /** The run so far in the CLI's `--format json` or `--format csv` form, byte for byte. */
  report(format: 'json' | 'csv' = 'json'): string {
    const parts: string[] = [];
    const rows = this.rows.slice(0, this.count * SUMMARY_WIDTH);
    if (format === 'csv') writeCsv(rows, (c) => parts.push(c), (this.engine.scenario.events?.length ?? 0) > 0);
    else writeJson(reportFrom(this.engine, rows, this.poolRows?.slice(0, this.count * POOL_WIDTH) ?? null), (c) => parts.push(c));
    return parts.join('');
  }
}
