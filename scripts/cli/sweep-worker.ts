// A worker thread of `npm run sweep -- --jobs N`: plans the sweep it is given (checked by its
// parent already) and runs the rows it is asked for, one at a time.
import { parentPort } from 'node:worker_threads';
import { planSweep, type SweepPlan } from '../../src/sweep/plan';
import { runRow, type FromWorker, type ToWorker } from './sweep-pool';

let plan: SweepPlan | null = null;

parentPort!.on('message', (m: ToWorker) => {
  if (m.kind === 'init') {
    plan = planSweep(m.base, m.spec, { check: false });
    return;
  }
  let reply: FromWorker;
  try {
    reply = { kind: 'row', index: m.index, figures: runRow(plan!, m.index) };
  } catch (e) {
    reply = { kind: 'error', index: m.index, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
