// The worker's API as the app sees it. Kept free of worker globals so both tsconfigs
// (DOM for the app, WebWorker for the worker) can import it.
import type { EventOutcome, MigrationEvent } from '../src/engine/engine';
import type { EngineMeta } from '../src/engine/meta';
import type { EpochSummary } from '../src/engine/snapshot';
import type { Scenario } from '../src/scenario/schema';

/** What the engine must offer the runner: a subset of src/engine/engine.ts's Engine. */
export interface EngineLike {
  readonly epoch: number;
  step(): EpochSummary;
  snapshot(history: EpochSummary[]): ArrayBuffer;
  /** Figures the policy wants shown (sent with every snapshot). */
  policyStats?(): Record<string, number>;
}

/**
 * The run's state as the worker reports it: the app shows Play / Pause from these and nothing
 * else. Snapshots and replies travel on different message ports and may arrive out of order:
 * `seq` (one counter per worker) says which report is newer.
 */
export interface RunReport {
  /** The run id the app passed to load(): reports of an older run are stale. */
  runId: number;
  /** Epochs completed. */
  epoch: number;
  running: boolean;
  seq: number;
}

export interface SnapshotInfo extends RunReport {
  /** The policy's own figures at that epoch (e.g. a learned model's accuracy); may be empty. */
  stats: Record<string, number>;
  /** The run's new static facts, when the topology changed since the last snapshot sent (EngineMeta.version). */
  meta?: EngineMeta;
  /** Sent while replaying epochs the app already holds (SimApi.replay): a sign of life, not data. */
  replaying?: boolean;
  /**
   * What the timeline's events that fired did (Engine.eventOutcomes: the CLI report's `events`
   * rows), when that changed since the last snapshot sent; absent: as before.
   */
  events?: EventOutcome[];
}

/**
 * Test-only slow-downs (busy waits, so the worker hears nothing meanwhile, like a slow engine):
 * e2e tests set them through window.__CXL_TEST_HOOKS__ (app/test-hooks.ts), which names the
 * worker with them (WorkerOptions.name, JSON); the worker reads its name once when it starts.
 * Not part of SimApi: without test hooks a worker has no name and no way to be slowed.
 */
export interface WorkerDebug {
  /** Extra time each load() takes before it builds the engine. */
  loadDelayMs?: number;
  /** Extra time each epoch takes. */
  stepDelayMs?: number;
}

/** A heatmap page group: its pages [first, end) and the one the inspector shows first. */
export interface GroupInfo {
  group: number;
  first: number;
  end: number;
  /** The page accessed most recently (most often among those); `first` if none was. */
  pick: number;
}

/** Everything the page inspector shows about one page, as of `epoch` completed epochs. */
export interface PageInfo {
  page: number;
  epoch: number;
  /** Device id holding the page, null if it holds none. */
  device: string | null;
  /** Bit i set = a sampled access i epochs before `epoch` (bit 0 = epoch - 1). */
  history: number;
  /** Its migrations still in the engine's event ring, oldest first (at most the last MAX_PAGE_EVENTS). */
  events: MigrationEvent[];
  /** Events older than the ones listed (dropped from the list or from the ring). */
  truncated: boolean;
}

/** Callbacks the app hands to subscribe() (wrapped in Comlink.proxy). */
export interface SimListener {
  /** A snapshot (transferred, not copied). The worker sends the next one only after this returns. */
  snapshot(buffer: ArrayBuffer, info: SnapshotInfo): void;
  /** The engine threw while stepping: the run stopped at `epoch`. */
  failed(message: string, runId: number): void;
}

export interface SimApi {
  /**
   * Validates the scenario and builds a new engine (paused, epoch 0). Throws if it cannot run.
   * `link`: the scenario's link payload (encodeScenario of the scenario as sent), so that the
   * page's address bar does not encode a large fabric on its main thread.
   */
  load(scenario: Scenario, runId: number): { meta: EngineMeta; report: RunReport; link: string };
  play(): RunReport;
  pause(): RunReport;
  /** Answers at once when the worker is listening (a worker inside a long epoch cannot). */
  ping(): RunReport;
  /** Pauses, runs `n` more epochs and resolves with the epoch count once they are done. */
  step(n: number): Promise<number>;
  /**
   * Pauses and runs `n` epochs without streaming them (a fresh worker catching up with the run
   * the app already shows: the engine is deterministic, so it reaches the same state).
   */
  replay(n: number): Promise<number>;
  /** Epochs per simulated second of wall time; Infinity = as fast as the engine goes. */
  setSpeed(epochsPerSecond: number): void;
  /** Playing stops at this many completed epochs until raised (A/B lock-step); null = no limit. */
  setLimit(epochs: number | null): void;
  subscribe(listener: SimListener): void;
  /** Page range of heatmap group `group`; null if there is no run or no such group. */
  groupInfo(group: number): GroupInfo | null;
  /** One page's state and migrations; null if there is no run or no such page. */
  inspect(page: number): PageInfo | null;
  /** The run so far as the CLI's `--format json` (or csv) text, byte for byte; null if there is no run. */
  report(format?: 'json' | 'csv'): string | null;
}

/**
 * The sweep worker (workers/sweep.worker.ts): given a sweep once, it runs its rows by index to
 * completion, one call each (src/sweep/: the same plan and row runs as `npm run sweep`).
 */
export interface SweepWorkerApi {
  /** Plans the sweep over `base`; `check`: also parse every point (the first worker does, once). */
  init(base: Scenario, spec: import('../src/sweep/plan').SweepSpec, check: boolean): { ok: true; rows: number } | { ok: false; message: string };
  /** Runs row `index` and returns its figures (as the CLI's row: sim's summary, flattened). */
  row(index: number): import('../src/sweep/columns').SweepFigures;
}
