// Which of the worker's run reports to believe. Snapshots and replies reach the app on
// different message ports, so an older report can arrive after a newer one: the worker
// numbers them (RunReport.seq) and only a newer report of the current run counts.
import type { RunReport } from '../workers/api';

export class RunStateMirror {
  private seq = -1;

  /** Whether `r` is the newest report of run `runId` so far (and so what the screen shows). */
  accept(r: Pick<RunReport, 'runId' | 'seq'>, runId: number): boolean {
    if (r.runId !== runId || r.seq <= this.seq) return false;
    this.seq = r.seq;
    return true;
  }

  /** A fresh worker numbers its reports from the start again. */
  reset(): void {
    this.seq = -1;
  }
}
