// Runs an engine in short time slices and streams its snapshots, one in flight at a time.
// No worker globals here: the clock, the scheduler and the channel back to the app are
// injected, so the same code runs in the worker and in unit tests.
import type { EpochSummary } from '../src/engine/snapshot';
import type { EngineLike, RunReport, SnapshotInfo } from './api';

export interface RunnerHost {
  now(): number;
  /** Run `fn` as soon as pending messages (e.g. Pause) have been handled. */
  yieldNow(fn: () => void): void;
  /** Run `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
  /** Deliver a snapshot; resolves once the app has taken it. */
  send(buffer: ArrayBuffer, info: SnapshotInfo): Promise<unknown>;
  fail(message: string, runId: number): void;
}

/** Longest stretch of engine work between two yields. */
export const SLICE_MS = 10;
/** While playing, epochs owed beyond this many seconds' worth are dropped, not burst later. */
const MAX_BACKLOG_S = 0.25;

interface StepWaiter {
  resolve(epoch: number): void;
  reject(err: Error): void;
}

export class Runner {
  private engine: EngineLike | null = null;
  private runId = 0;
  private running = false;
  private speed = 10;
  /** Epochs owed by play time, fractional. */
  private credit = 0;
  private lastTick = 0;
  private stepsLeft = 0;
  /** Of stepsLeft, the epochs the app has already (a replay): stepped, never streamed. */
  private silentLeft = 0;
  /** Playing stops short of this epoch count (the A/B lock-step window); Step ignores it. */
  private limit = Infinity;
  private waiters: StepWaiter[] = [];
  private pending: EpochSummary[] = [];
  /** A snapshot is due even without new epochs (a fresh run). */
  private dirty = false;
  private inFlight = false;
  private scheduled = false;
  private cancelTimer: (() => void) | null = null;
  /** Orders every report (snapshot or reply) this runner gives. */
  private seq = 0;

  constructor(private readonly host: RunnerHost) {}

  load(engine: EngineLike, runId: number): void {
    this.rejectWaiters(new Error('the run was replaced'));
    this.cancelDelayed();
    this.engine = engine;
    this.runId = runId;
    this.running = false;
    this.credit = 0;
    this.stepsLeft = 0;
    this.silentLeft = 0;
    this.limit = Infinity;
    this.pending = [];
    this.dirty = true;
    this.flush();
  }

  play(): void {
    if (!this.engine || this.running) return;
    this.running = true;
    // One epoch right away, so Play answers at once even at slow speeds.
    this.credit = 1;
    this.lastTick = this.host.now();
    this.dirty = true;
    this.kick();
  }

  pause(): void {
    if (!this.running) return;
    this.running = false;
    this.credit = 0;
    this.cancelDelayed();
    this.dirty = true; // tell the app the run stopped
    this.flush();
  }

  step(n: number): Promise<number> {
    if (!this.engine) return Promise.reject(new Error('no scenario loaded'));
    this.pause();
    const count = Math.max(0, Math.floor(n));
    if (count === 0) return Promise.resolve(this.engine.epoch);
    this.stepsLeft += count;
    const done = new Promise<number>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  /**
   * Pauses and runs `n` epochs the app already holds (a fresh worker catching up with a run
   * its predecessor had reached): stepped as fast as the engine goes, never streamed. Snapshots
   * flagged `replaying` say it is alive meanwhile; resolves with the epoch count once done.
   */
  replay(n: number): Promise<number> {
    const count = Math.max(0, Math.floor(n));
    const done = this.step(count);
    this.silentLeft += count;
    return done;
  }

  setSpeed(epochsPerSecond: number): void {
    this.speed = epochsPerSecond > 0 ? epochsPerSecond : 1;
    if (this.running) {
      this.cancelDelayed();
      this.kick();
    }
  }

  /** Play no further than `epochs` completed epochs until raised (Infinity: no limit). */
  setLimit(epochs: number): void {
    const raised = epochs > this.limit;
    this.limit = Number.isNaN(epochs) ? Infinity : epochs;
    if (raised && this.running) this.kick();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The run's state now, numbered after every report given before. */
  report(): RunReport {
    return { runId: this.runId, epoch: this.engine?.epoch ?? 0, running: this.running, seq: ++this.seq };
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.host.yieldNow(() => {
      this.scheduled = false;
      this.tick();
    });
  }

  private cancelDelayed(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private tick(): void {
    const engine = this.engine;
    if (!engine) return;
    const start = this.host.now();
    const unlimited = !Number.isFinite(this.speed);
    if (this.running && !unlimited) {
      this.credit += ((start - this.lastTick) * this.speed) / 1000;
      this.credit = Math.min(this.credit, Math.max(1, this.speed * MAX_BACKLOG_S));
    }
    this.lastTick = start;
    const canPlay = () => this.running && engine.epoch < this.limit && (unlimited || this.credit >= 1);
    try {
      do {
        if (this.stepsLeft > 0) {
          if (this.silentLeft > 0) {
            engine.step();
            this.silentLeft--;
            this.dirty = true; // a sign of life for the app
          } else {
            this.pending.push(engine.step());
          }
          if (--this.stepsLeft === 0) this.resolveWaiters(engine.epoch);
        } else if (canPlay()) {
          this.pending.push(engine.step());
          if (!unlimited) this.credit -= 1;
        } else {
          break;
        }
      } while (this.host.now() - start < SLICE_MS);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.running = false;
      this.stepsLeft = 0;
      this.silentLeft = 0;
      this.rejectWaiters(new Error(message));
      this.dirty = true;
      this.flush();
      this.host.fail(message, this.runId);
      return;
    }
    this.flush();
    if (this.stepsLeft > 0 || canPlay()) {
      this.kick();
    } else if (this.running && engine.epoch < this.limit) {
      const wait = ((1 - this.credit) * 1000) / this.speed;
      this.cancelDelayed();
      this.cancelTimer = this.host.after(wait, () => {
        this.cancelTimer = null;
        this.kick();
      });
    }
  }

  /** Sends what is pending unless a snapshot is still with the app (then the ack sends it). */
  private flush(): void {
    const engine = this.engine;
    if (!engine || this.inFlight || (this.pending.length === 0 && !this.dirty)) return;
    const rows = this.pending;
    this.pending = [];
    this.dirty = false;
    const buffer = engine.snapshot(rows);
    const info: SnapshotInfo = { ...this.report(), stats: engine.policyStats?.() ?? {} };
    if (this.silentLeft > 0) info.replaying = true;
    this.inFlight = true;
    const settle = () => {
      this.inFlight = false;
      this.flush();
    };
    this.host.send(buffer, info).then(settle, settle);
  }

  private resolveWaiters(epoch: number): void {
    const w = this.waiters;
    this.waiters = [];
    for (const x of w) x.resolve(epoch);
  }

  private rejectWaiters(err: Error): void {
    const w = this.waiters;
    this.waiters = [];
    for (const x of w) x.reject(err);
  }
}
