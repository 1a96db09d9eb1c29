// Runs a sweep's rows [start, end) and hands each row's figures to `emit` in row order: in this
// thread (jobs 1) or on worker threads (scripts/cli/sweep-worker.ts), each given the base
// scenario and the sweep as written and asked for rows by index. A row computed early waits for
// the ones before it, so the output is the same bytes whatever the number of jobs.
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../../src/scenario/schema';
import { rowAt, rowScenario, type SweepPlan, type SweepSpec } from '../../src/sweep/plan';
import { runFigures } from '../../src/sweep/run';
import type { SweepFigures } from '../../src/sweep/columns';

/** What a worker thread is told: the sweep once, then rows by index. */
export type ToWorker = { kind: 'init'; base: Scenario; spec: SweepSpec } | { kind: 'row'; index: number };
/** What it answers: a row's figures, or why the row could not run. */
export type FromWorker = { kind: 'row'; index: number; figures: SweepFigures } | { kind: 'error'; index: number; message: string };

/** One row of the plan, run here (the worker threads call the same). */
export function runRow(plan: SweepPlan, index: number): SweepFigures {
  return runFigures(rowScenario(plan, rowAt(plan, index)));
}

export interface RowRange { start: number; end: number }

/** A row that could not run: its index and the engine's message. */
export class RowError extends Error {
  constructor(readonly index: number, message: string) {
    super(message);
  }
}

export async function runRows(plan: SweepPlan, spec: SweepSpec, range: RowRange, jobs: number, emit: (index: number, figures: SweepFigures) => void): Promise<void> {
  const n = range.end - range.start;
  if (jobs <= 1 || n <= 1) {
    for (let i = range.start; i < range.end; i++) {
      let figures: SweepFigures;
      try {
        figures = runRow(plan, i);
      } catch (e) {
        throw new RowError(i, e instanceof Error ? e.message : String(e));
      }
      emit(i, figures);
    }
    return;
  }
  const workers = Array.from({ length: Math.min(jobs, n) }, () => new Worker(new URL('./sweep-worker.mjs', import.meta.url)));
  const done = new Map<number, SweepFigures>();
  let next = range.start; // next row to hand out
  let written = range.start; // next row to emit
  try {
    await new Promise<void>((resolve, reject) => {
      const give = (w: Worker) => {
        if (next < range.end) w.postMessage({ kind: 'row', index: next++ } satisfies ToWorker);
      };
      for (const w of workers) {
        w.on('message', (m: FromWorker) => {
          if (m.kind === 'error') return reject(new RowError(m.index, m.message));
          done.set(m.index, m.figures);
          try {
            while (done.has(written)) {
              const f = done.get(written)!;
              done.delete(written);
              emit(written++, f);
            }
          } catch (e) {
            return reject(e);
          }
          if (written === range.end) return resolve();
          give(w);
        });
        w.on('error', (e) => reject(e));
        w.on('exit', (code) => { if (written < range.end) reject(new Error(`a sweep worker stopped (exit code ${code})`)); });
        w.postMessage({ kind: 'init', base: plan.base, spec } satisfies ToWorker);
        give(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
