// An engine that keeps every summary row it produced, so the run so far can be written as
// the CLI's JSON report (src/engine/report.ts): same engine, same rows, same bytes.
import type { Engine } from '../src/engine/engine';
import { putRow, reportFrom, writeCsv, writeJson } from '../src/engine/report';
import { SUMMARY_WIDTH, type EpochSummary } from '../src/engine/snapshot';
import type { EngineLike } from './api';

const INITIAL_ROWS = 256;

export class RecordingEngine implements EngineLike {
  private rows = new Float64Array(INITIAL_ROWS * SUMMARY_WIDTH);
  private count = 0;

  constructor(readonly engine: Engine) {}

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
    }
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
    if (format === 'csv') writeCsv(rows, (c) => parts.push(c));
    else writeJson(reportFrom(this.engine, rows), (c) => parts.push(c));
    return parts.join('');
  }
}
