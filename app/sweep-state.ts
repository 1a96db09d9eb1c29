// The Sweep panel's state, kept while the panel is closed (a sweep runs on): the sweep as the
// link writes it, its plan over the scenario it started from, each row's figures as they come,
// and how it ended. The rows' CSV is the CLI's (src/sweep/format.ts), byte for byte.
import { create } from 'zustand';
import type { Scenario } from '../src/scenario/schema';
import { csvHeader, csvRow } from '../src/sweep/format';
import { SweepError } from '../src/sweep/keys';
import { planSweep, rowAt, type SweepPlan } from '../src/sweep/plan';
import type { SweepFigures } from '../src/sweep/columns';
import type { SweepView } from '../src/sweep/text';
import { startSweep, type SweepHandle } from './sweep-run';

export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface SweepState {
  /** The sweep in the form (and the link), or null before one is set up. */
  view: SweepView | null;
  status: SweepStatus;
  /** Why the sweep could not run (status 'error'). */
  message: string | null;
  /** The plan of the sweep last started, over the scenario it started from. */
  plan: SweepPlan | null;
  /** Each row's figures, by row index (null until it is done); filled in place, `done` counts them. */
  figures: (SweepFigures | null)[];
  done: number;
}

export const useSweep = create<SweepState>(() => ({ view: null, status: 'idle', message: null, plan: null, figures: [], done: 0 }));

let handle: SweepHandle | null = null;

/** Plans the sweep over `base` and starts it; a sweep still running is cancelled first. Returns the error text, if any. */
export function runSweep(base: Scenario, view: SweepView): string | null {
  cancelSweep();
  let plan: SweepPlan;
  try {
    // Key, values and size here at once; every point's own check in the first worker.
    plan = planSweep(base, view.spec, { check: false });
  } catch (e) {
    const message = e instanceof SweepError ? e.message : String(e);
    useSweep.setState({ view, status: 'error', message, plan: null, figures: [], done: 0 });
    return message;
  }
  const figures = new Array<SweepFigures | null>(plan.rows).fill(null);
  useSweep.setState({ view, status: 'running', message: null, plan, figures, done: 0 });
  const h = startSweep(plan, view.spec, (i, f) => {
    if (handle !== h) return;
    // Filled in place (10,000 rows copied per row would be quadratic): `done` tells readers it moved.
    useSweep.getState().figures[i] = f;
    useSweep.setState({ done: useSweep.getState().done + 1 });
  });
  handle = h;
  void h.end.then((end) => {
    if (handle !== h) return;
    handle = null;
    if (end.kind === 'done') useSweep.setState({ status: 'done' });
    else if (end.kind === 'cancelled') useSweep.setState({ status: 'cancelled' });
    else useSweep.setState({ status: 'error', message: end.message });
  });
  return null;
}

export function cancelSweep(): void {
  handle?.cancel();
}

/** The sweep's rows as `npm run sweep -- --format csv` prints them (null until every row is done). */
export function sweepCsv(s: Pick<SweepState, 'plan' | 'figures'> = useSweep.getState()): string | null {
  const { plan, figures } = s;
  if (!plan || figures.some((f) => f === null)) return null;
  let out = csvHeader(plan) + '\n';
  figures.forEach((f, i) => { out += csvRow(plan, rowAt(plan, i), f!) + '\n'; });
  return out;
}
