// The worker's API as the app sees it. Kept free of worker globals so both tsconfigs
// (DOM for the app, WebWorker for the worker) can import it.
import type { EngineMeta } from '../src/meta';
import type { EpochSummary } from '../src/snapshot';
import type { Scenario } from '../src/scenario/schema';

/** What the engine must offer the runner: a subset of src/engine.ts's Engine. */
export interface EngineLike {
  readonly epoch: number;
  step(): EpochSummary;
  snapshot(history: EpochSummary[]): ArrayBuffer;
}

export interface SnapshotInfo {
  /** The run id the app passed to load(): snapshots of an older run are stale. */
  runId: number;
  /** Epochs completed when the snapshot was taken. */
  epoch: number;
  running: boolean;
}

/** Callbacks the app hands to subscribe() (wrapped in Comlink.proxy). */
export interface SimListener {
  /** A snapshot (transferred, not copied). The worker sends the next one only after this returns. */
  snapshot(buffer: ArrayBuffer, info: SnapshotInfo): void;
  /** The engine threw while stepping: the run stopped at `epoch`. */
  failed(message: string, runId: number): void;
}

export interface SimApi {
  /** Validates the scenario and builds a new engine (paused, epoch 0). Throws if it cannot run. */
  load(scenario: Scenario, runId: number): EngineMeta;
  play(): void;
  pause(): void;
  /** Pauses, runs `n` more epochs and resolves with the epoch count once they are done. */
  step(n: number): Promise<number>;
  /** Epochs per simulated second of wall time; Infinity = as fast as the engine goes. */
  setSpeed(epochsPerSecond: number): void;
  subscribe(listener: SimListener): void;
}
