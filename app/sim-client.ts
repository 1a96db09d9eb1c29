// The app's side of the simulation worker: owns the Worker, restarts it if it dies or stops
// answering, feeds snapshots into LiveData and mirrors the worker's own run reports (playing
// or not) into the store. The main run and the A/B comparison's run B each have one.
import * as Comlink from 'comlink';
import type { EngineMeta } from '../src/engine/meta';
import type { Scenario } from '../src/scenario/schema';
import type { GroupInfo, PageInfo, RunReport, SimApi, SimListener } from '../workers/api';
import type { LiveData } from './live';
import { RunStateMirror } from './run-state';
import { markLoading, useApp, type AppState } from './store';
import { workerName } from './test-hooks';

/** `restarted`: the worker was stuck in a long epoch and was replaced first (the run stays paused). */
export type LoadOutcome = { ok: true; meta: EngineMeta; restarted: boolean } | { ok: false; message: string };

export interface SimClientOptions {
  /** The main run: mirrors meta and running into the store. Run B reports only its errors. */
  primary: boolean;
  /** Names the run in error messages, e.g. "The comparison run (B)". */
  label: string;
}

/** The message of a load() that a newer load() replaced before it finished. */
export const SUPERSEDED = 'superseded by a newer scenario';

const MAIN: SimClientOptions = { primary: true, label: 'The simulator' };

/** More crashes than this within RESTART_WINDOW_MS and the client stops restarting by itself. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 30_000;
/**
 * A worker silent this long while Pause or a new scenario waits for it is inside an epoch
 * too long to wait for: it is restarted, so Pause and edits always act within about a second.
 */
export const ANSWER_MS = 1000;

export class SimClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<SimApi> | null = null;
  /** Rejects when the current worker dies, so no call waits forever on a dead worker. */
  private dead: Promise<never> = new Promise(() => {});
  private markDead: (err: Error) => void = () => {};
  private runId = 0;
  /** Snapshots of the run being loaded that arrived before load() answered (another port). */
  private early: { buffer: ArrayBuffer; epoch: number; stats: Record<string, number> }[] = [];
  /** The scenario the worker runs: what a restart reloads. */
  private current: Scenario | null = null;
  private speed = 10;
  private crashes: number[] = [];
  private disposed = false;
  private readonly mirror = new RunStateMirror();
  /** When the worker last said anything (a reply or a snapshot): silence is measured from here. */
  private lastHeard = 0;
  /** Whether the current worker has answered at all: one still starting up is not stuck. */
  private heard = false;
  /** Epochs completed of the current run, reported with each snapshot (the A/B lock-step listens). */
  onEpoch: ((epoch: number) => void) | null = null;

  constructor(private readonly live: LiveData, private readonly opts: SimClientOptions = MAIN) {
    this.spawn();
  }

  /** Store updates: run state only from the main run; errors and notices from either. */
  private setState(patch: Partial<Pick<AppState, 'meta' | 'running' | 'simError' | 'notice'>>): void {
    const { simError, notice, ...run } = patch;
    const out: Partial<AppState> = this.opts.primary ? run : {};
    if (simError !== undefined) out.simError = simError;
    if (notice !== undefined) out.notice = notice;
    if (Object.keys(out).length) useApp.setState(out);
  }

  /** A run report from the worker: the one source of "playing or not". */
  private reported(r: RunReport): void {
    if (this.mirror.accept(r, this.runId)) this.setState({ running: r.running });
  }

  async load(scenario: Scenario): Promise<LoadOutcome> {
    if (!this.api) return { ok: false, message: 'the simulator is not running' };
    const runId = ++this.runId;
    this.early = [];
    markLoading(this, true);
    let restarted = false;
    try {
      // A worker inside a long epoch hears nothing: make sure it listens before handing it the run.
      restarted = await this.responsive('the new scenario');
      if (runId !== this.runId) return { ok: false, message: SUPERSEDED };
      const { meta, report } = await this.guard(this.api!.load(scenario, runId));
      if (runId !== this.runId) return { ok: false, message: SUPERSEDED };
      this.current = scenario;
      this.live.reset(meta, runId);
      for (const e of this.early) this.live.enqueue(e.buffer, runId, e.epoch, e.stats);
      this.early = [];
      this.setState({ meta });
      this.reported(report);
      return { ok: true, meta, restarted };
    } catch (e) {
      // The fresh worker refused the new scenario: it must still run the old one.
      if (restarted && runId === this.runId && this.current) void this.reloadAfterRestart(this.current);
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    } finally {
      if (runId === this.runId) markLoading(this, false);
    }
  }

  /** Asks the worker to play; the store shows Pause once the worker says it plays. */
  async play(): Promise<void> {
    if (!this.api || !this.current) return;
    try {
      this.reported(await this.guard(this.api.play()));
    } catch { /* a dead worker is reported by the crash handler */ }
  }

  /** Asks the worker to pause; if it does not answer within ANSWER_MS it is restarted, paused at epoch 0. */
  async pause(): Promise<void> {
    if (!this.api) return;
    try {
      this.reported(await this.watched(this.api.pause(), 'Pause', true));
    } catch { /* restarted or dead: reported already */ }
  }

  /** Pauses and runs `n` more epochs (0: just pauses); resolves with the epochs done, or null if it failed. */
  async step(n = 1): Promise<number | null> {
    if (!this.api || !this.current) return null;
    try {
      return await this.guard(this.api.step(n));
    } catch {
      // A failed step is reported through the listener's failed() or the crash handler.
      return null;
    }
  }

  /** Page range of a heatmap group of the current run (null: no run / no such group). */
  async groupInfo(group: number): Promise<GroupInfo | null> {
    if (!this.api || !this.current) return null;
    try {
      return await this.guard(this.api.groupInfo(group));
    } catch {
      return null;
    }
  }

  /** One page's state and migrations (null: no run / no such page). */
  async inspect(page: number): Promise<PageInfo | null> {
    if (!this.api || !this.current) return null;
    try {
      return await this.guard(this.api.inspect(page));
    } catch {
      return null;
    }
  }

  /** The run so far as the CLI's `--format json` (or csv) text (null if there is no run). */
  async report(format: 'json' | 'csv' = 'json'): Promise<string | null> {
    if (!this.api || !this.current) return null;
    try {
      return await this.guard(this.api.report(format));
    } catch {
      return null;
    }
  }

  /** Playing stops at this many completed epochs until raised; null = no limit. */
  setLimit(epochs: number | null): void {
    if (this.api) void this.guard(this.api.setLimit(epochs)).catch(() => {});
  }

  setSpeed(epochsPerSecond: number): void {
    this.speed = epochsPerSecond;
    if (this.api) void this.guard(this.api.setSpeed(epochsPerSecond)).catch(() => {});
  }

  /** Starts a fresh worker on the current scenario (after repeated crashes, on request). */
  async restart(): Promise<void> {
    this.crashes = [];
    this.kill();
    this.spawn();
    this.setState({ simError: null, running: false });
    if (this.current) await this.reloadAfterRestart(this.current);
  }

  dispose(): void {
    this.disposed = true;
    markLoading(this, false);
    this.kill();
  }

  /**
   * `p`, watched: if the worker says nothing at all for ANSWER_MS while it is pending, the
   * worker is stuck in a long epoch and is restarted (`reload`: with its current scenario,
   * paused at epoch 0), and `p` rejects.
   */
  private watched<T>(p: Promise<T>, what: string, reload: boolean): Promise<T> {
    const worker = this.worker;
    const since = performance.now();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const check = () => {
      timer = null;
      if (this.worker !== worker || this.disposed) return;
      const silent = performance.now() - Math.max(since, this.lastHeard);
      if (silent >= ANSWER_MS && this.heard) this.stuck(what, reload);
      else timer = setTimeout(check, Math.max(50, ANSWER_MS - silent));
    };
    timer = setTimeout(check, ANSWER_MS);
    return this.guard(p).finally(() => { if (timer) clearTimeout(timer); });
  }

  /** Resolves once the worker listens: at once (false), or after a stuck one was replaced by a fresh worker (true). */
  private async responsive(what: string): Promise<boolean> {
    const api = this.api;
    if (!api) throw new Error('the simulator is not running');
    try {
      await this.watched(api.ping(), what, false);
      return false;
    } catch (e) {
      if (this.api === api) throw e; // died: the crash handler reports it
      return true;
    }
  }

  private stuck(what: string, reload: boolean): void {
    this.kill();
    this.spawn();
    this.setState({ running: false });
    const restart = reload ? 'the run is back at epoch 0, paused' : 'the new scenario starts at epoch 0, paused';
    this.setState({
      notice: `${this.opts.label} did not answer ${what} within ${ANSWER_MS / 1000} s (an epoch of this scenario takes longer than that), so it was restarted: ${restart}.`,
    });
    if (reload && this.current) void this.reloadAfterRestart(this.current);
  }

  private spawn(): void {
    // Literal URL: Vite bundles the worker from this expression.
    // Named only when a test asked for slow-downs (app/test-hooks.ts).
    const worker = new Worker(new URL('../workers/sim.worker.ts', import.meta.url), { type: 'module', name: workerName() });
    this.worker = worker;
    this.dead = new Promise<never>((_, reject) => { this.markDead = reject; });
    this.dead.catch(() => {}); // observed through guard(); never an unhandled rejection
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      this.crashed(ev.message || 'the worker failed to start or threw an uncaught error');
    });
    worker.addEventListener('messageerror', () => this.crashed('a message from the worker could not be read'));
    const api = Comlink.wrap<SimApi>(worker);
    this.api = api;
    this.mirror.reset();
    this.lastHeard = performance.now();
    this.heard = false;
    const listener: SimListener = {
      snapshot: (buffer, info) => {
        this.heardNow();
        if (info.runId !== this.runId) return;
        if (info.meta) this.setState({ meta: info.meta }); // the topology changed: redraw what depends on it
        const stats = info.stats ?? {};
        if (this.live.runId === info.runId) this.live.enqueue(buffer, info.runId, info.epoch, stats);
        else this.early.push({ buffer, epoch: info.epoch, stats });
        this.reported(info);
        this.onEpoch?.(info.epoch);
      },
      failed: (message, runId) => {
        this.heardNow();
        if (runId !== this.runId) return;
        // The runner's last snapshot already reported the run stopped.
        const who = this.opts.primary ? 'The simulation' : this.opts.label;
        this.setState({ simError: `${who} stopped with an error: ${message}` });
      },
    };
    void this.guard(api.subscribe(Comlink.proxy(listener))).catch(() => {});
    void this.guard(api.setSpeed(this.speed)).catch(() => {});
  }

  private kill(): void {
    this.markDead(new Error('the worker was stopped'));
    if (this.api) this.api[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private crashed(reason: string): void {
    if (this.disposed || !this.worker) return;
    this.kill();
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < RESTART_WINDOW_MS);
    this.crashes.push(now);
    const who = this.opts.label;
    if (this.crashes.length > MAX_RESTARTS) {
      this.setState({ running: false, simError: `${who} stopped (${reason}) and keeps failing; press "Restart simulator" to try again.` });
      return;
    }
    this.spawn();
    this.setState({ running: false, simError: `${who} stopped (${reason}); it was restarted from the current scenario at epoch 0.` });
    if (this.current) void this.reloadAfterRestart(this.current);
  }

  private async reloadAfterRestart(scenario: Scenario): Promise<void> {
    const r = await this.load(scenario);
    if (!r.ok && r.message !== SUPERSEDED) {
      this.setState({ simError: `${this.opts.label} could not reload the scenario: ${r.message}` });
    }
  }

  /** `p`, or a rejection as soon as the worker dies; every answer counts as a sign of life. */
  private guard<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p.then((v) => { this.heardNow(); return v; }), this.dead]);
  }

  private heardNow(): void {
    this.lastHeard = performance.now();
    this.heard = true;
  }
}
