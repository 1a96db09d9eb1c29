// A sweep worker: the app's Sweep panel runs a sweep's rows on up to two of these, off the main
// thread; each row a run to completion (no snapshots: only its summary figures come back).
import * as Comlink from 'comlink';
import { SweepError } from '../src/sweep/keys';
import { planSweep, rowAt, rowScenario, type SweepPlan } from '../src/sweep/plan';
import { runFigures } from '../src/sweep/run';
import type { SweepWorkerApi } from './api';

let plan: SweepPlan | null = null;

const api: SweepWorkerApi = {
  init(base, spec, check) {
    try {
      plan = planSweep(base, spec, { check });
      return { ok: true, rows: plan.rows };
    } catch (e) {
      if (e instanceof SweepError) return { ok: false, message: e.message };
      throw e;
    }
  },
  row(index) {
    if (!plan) throw new Error('the sweep worker has no sweep');
    return runFigures(rowScenario(plan, rowAt(plan, index)));
  },
};

Comlink.expose(api);
