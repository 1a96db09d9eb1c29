// The app's side of the simulation worker: owns the Worker, restarts it if it dies, feeds
// snapshots into LiveData and mirrors the run state into the store.
import * as Comlink from 'comlink';
import type { EngineMeta } from '../src/meta';
import type { Scenario } from '../src/scenario/schema';
import type { SimApi, SimListener } from '../workers/api';
import type { LiveData } from './live';
import { useApp } from './store';

export type LoadOutcome = { ok: true; meta: EngineMeta } | { ok: false; message: string };

/** More crashes than this within RESTART_WINDOW_MS and the client stops restarting by itself. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 30_000;

export class SimClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<SimApi> | null = null;
  /** Rejects when the current worker dies, so no call waits forever on a dead worker. */
  private dead: Promise<never> = new Promise(() => {});
  private markDead: (err: Error) => void = () => {};
  private runId = 0;
  /** Snapshots of the run being loaded that arrived before load() answered (another port). */
  private early: { buffer: ArrayBuffer; epoch: number }[] = [];
  /** The scenario the worker runs: what a restart reloads. */
  private current: Scenario | null = null;
  private speed = 10;
  private crashes: number[] = [];
  private disposed = false;

  constructor(private readonly live: LiveData) {
    this.spawn();
  }

  async load(scenario: Scenario): Promise<LoadOutcome> {
    const api = this.api;
    if (!api) return { ok: false, message: 'the simulator is not running' };
    const runId = ++this.runId;
    this.early = [];
    try {
      const meta = await this.guard(api.load(scenario, runId));
      if (runId !== this.runId) return { ok: false, message: 'superseded by a newer scenario' };
      this.current = scenario;
      this.live.reset(meta, runId);
      for (const e of this.early) this.live.push(e.buffer, runId, e.epoch);
      this.early = [];
      useApp.setState({ meta, running: false });
      return { ok: true, meta };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  play(): void {
    if (!this.api || !this.current) return;
    void this.guard(this.api.play()).catch(() => {});
    useApp.setState({ running: true });
  }

  pause(): void {
    if (!this.api) return;
    void this.guard(this.api.pause()).catch(() => {});
    useApp.setState({ running: false });
  }

  async step(n = 1): Promise<void> {
    if (!this.api || !this.current) return;
    useApp.setState({ running: false });
    try {
      await this.guard(this.api.step(n));
    } catch {
      // A failed step is reported through the listener's failed() or the crash handler.
    }
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
    useApp.setState({ simError: null, running: false });
    if (this.current) await this.reloadAfterRestart(this.current);
  }

  dispose(): void {
    this.disposed = true;
    this.kill();
  }

  private spawn(): void {
    // Literal URL: Vite bundles the worker from this expression.
    const worker = new Worker(new URL('../workers/sim.worker.ts', import.meta.url), { type: 'module' });
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
    const listener: SimListener = {
      snapshot: (buffer, info) => {
        if (info.runId !== this.runId) return;
        if (this.live.runId === info.runId) this.live.push(buffer, info.runId, info.epoch);
        else this.early.push({ buffer, epoch: info.epoch });
      },
      failed: (message, runId) => {
        if (runId !== this.runId) return;
        useApp.setState({ running: false, simError: `The simulation stopped with an error: ${message}` });
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
    if (this.crashes.length > MAX_RESTARTS) {
      useApp.setState({ running: false, simError: `The simulator stopped (${reason}) and keeps failing; press "Restart simulator" to try again.` });
      return;
    }
    this.spawn();
    useApp.setState({ running: false, simError: `The simulator stopped (${reason}); it was restarted from the current scenario at epoch 0.` });
    if (this.current) void this.reloadAfterRestart(this.current);
  }

  private async reloadAfterRestart(scenario: Scenario): Promise<void> {
    const r = await this.load(scenario);
    if (!r.ok && r.message !== 'superseded by a newer scenario') {
      useApp.setState({ simError: `The simulator could not reload the scenario: ${r.message}` });
    }
  }

  private guard<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.dead]);
  }
}
