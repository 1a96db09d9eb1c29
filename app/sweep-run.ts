// Runs a sweep's rows on at most two Web Workers (workers/sweep.worker.ts), off the main thread:
// the first worker checks every point once, then both take rows by index until none is left.
// Cancel terminates them: a run in the middle of an epoch stops at once.
import * as Comlink from 'comlink';
import type { Scenario } from '../src/scenario/schema';
import type { SweepPlan, SweepSpec } from '../src/sweep/plan';
import type { SweepFigures } from '../src/sweep/columns';
import type { SweepWorkerApi } from '../workers/api';

/** Workers a sweep may use: the page's own run and the machine keep the rest. */
export const MAX_SWEEP_WORKERS = 2;

export type SweepEnd = { kind: 'done' } | { kind: 'cancelled' } | { kind: 'error'; message: string };

export interface SweepHandle {
  cancel(): void;
  /** Settles once: every row done, cancelled, or the first error. */
  end: Promise<SweepEnd>;
}

export function startSweep(plan: SweepPlan, spec: SweepSpec, onRow: (index: number, figures: SweepFigures) => void): SweepHandle {
  const base: Scenario = plan.base;
  const count = Math.max(1, Math.min(MAX_SWEEP_WORKERS, plan.rows));
  // Literal URL: Vite bundles the worker from this expression.
  const workers = Array.from({ length: count }, () => new Worker(new URL('../workers/sweep.worker.ts', import.meta.url), { type: 'module' }));
  const apis = workers.map((w) => Comlink.wrap<SweepWorkerApi>(w));
  let settle: (e: SweepEnd) => void = () => {};
  const end = new Promise<SweepEnd>((resolve) => { settle = resolve; });
  let over = false;
  const finish = (e: SweepEnd) => {
    if (over) return;
    over = true;
    for (const w of workers) w.terminate();
    settle(e);
  };
  for (const w of workers) {
    w.addEventListener('error', (ev) => { ev.preventDefault(); finish({ kind: 'error', message: ev.message || 'a sweep worker failed' }); });
  }
  let next = 0;
  let done = 0;
  const drive = async (api: Comlink.Remote<SweepWorkerApi>) => {
    while (!over && next < plan.rows) {
      const i = next++;
      const figures = await api.row(i);
      if (over) return;
      onRow(i, figures);
      if (++done === plan.rows) finish({ kind: 'done' });
    }
  };
  void (async () => {
    try {
      // The first worker checks every point (the scenario's own rules); the others trust it.
      const first = await apis[0].init(base, spec, true);
      if (!first.ok) return finish({ kind: 'error', message: first.message });
      await Promise.all(apis.slice(1).map((a) => a.init(base, spec, false)));
      await Promise.all(apis.map(drive));
    } catch (e) {
      finish({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  })();
  return { cancel: () => finish({ kind: 'cancelled' }), end };
}
