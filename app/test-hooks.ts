// Test-only hooks, documented for e2e tests: before the app starts, a test may set
//   window.__CXL_TEST_HOOKS__ = { loadDelayMs: 1500, stepDelayMs: 60000 }
// to make every simulator worker slow to load a scenario or to finish an epoch (busy waits in
// the worker, see WorkerDebug in workers/api.ts): the worker is named with them, as the worker
// API has no way to set them. The app itself never sets it.
import type { WorkerDebug } from '../workers/api';

const MAX_MS = 600_000;

function ms(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, MAX_MS) : 0;
}

/** The slow-downs a test asked for, or null (always, outside tests). */
function workerDebug(): WorkerDebug | null {
  const hooks = (globalThis as { __CXL_TEST_HOOKS__?: unknown }).__CXL_TEST_HOOKS__;
  if (typeof hooks !== 'object' || hooks === null) return null;
  const h = hooks as Record<string, unknown>;
  const out = { loadDelayMs: ms(h.loadDelayMs), stepDelayMs: ms(h.stepDelayMs) };
  return out.loadDelayMs || out.stepDelayMs ? out : null;
}

/** The name a new worker gets: the test's slow-downs, or none (always, outside tests). */
export function workerName(): string | undefined {
  const debug = workerDebug();
  return debug ? JSON.stringify(debug) : undefined;
}
