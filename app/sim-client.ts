// The app's side of the simulation worker: owns the Worker, restarts it if it dies or stops
// answering, feeds snapshots into LiveData and mirrors the worker's own run reports (playing
// or not) into the store. The main run and the A/B comparison's run B each have one.
// While the run plays a watchdog listens for the worker: silence (no snapshot, no reply to a
// ping) for STALL_MS means it is stuck or gone. A worker that died or stuck is replaced, and
// the new one replays the scenario up to the epoch the page had reached (the engine is
// deterministic: the same run) before the run goes on, playing if it was.
import * as Comlink from 'comlink';
import type { EngineMeta } from '../src/engine/meta';
import type { EventOutcome } from '../src/engine/event-stream';
import type { Scenario } from '../src/scenario/schema';
import type { GroupInfo, PageInfo, RunReport, SimApi, SimListener } from '../workers/api';
import type { LiveData } from './live';
import { RunStateMirror } from './run-state';
import { markLoading, useApp, type AppState } from './store';
import { workerName } from './test-hooks';
import { fmtInt } from './format';
import { Recoveries, WATCH_MS, Watchdog } from './watchdog';

/** `restarted`: the worker was stuck in a long epoch and was replaced first (the run stays paused). */
/** `link`: the scenario's link payload, encoded by the worker (workers/api.ts). */
export type LoadOutcome = { ok: true; meta: EngineMeta; restarted: boolean; link: string } | { ok: false; message: string };

export interface SimClientOptions {
  /** The main run: mirrors meta and running into the store. Run B reports only its errors. */
  primary: boolean;
  /** Names the run in error messages, e.g. "The comparison run (B)". */
  label: string;
}

/** The message of a load() that a newer load() replaced before it finished. */
export const SUPERSEDED = 'superseded by a newer scenario';

const MAIN: SimClientOptions = { primary: true, label: 'The simulator' };

/**
 * A worker silent this long while Pause or a new scenario waits for it is inside an epoch
 * too long to wait for: it is restarted, so Pause and edits always act within about a second.
 */
export const ANSWER_MS = 1000;
/** How often a replay's progress is told. */
const PROGRESS_MS = 500;

export class SimClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<SimApi> | null = null;
  /** Rejects when the current worker dies, so no call waits forever on a dead worker. */
  private dead: Promise<never> = new Promise(() => {});
  private markDead: (err: Error) => void = () => {};
  private runId = 0;
  /** Snapshots of the run being loaded that arrived before load() answered (another port). */
  private early: { buffer: ArrayBuffer; epoch: number; stats: Record<string, number>; meta?: EngineMeta; events?: EventOutcome[] }[] = [];
  /** The scenario the worker runs: what a restart reloads. */
  private current: Scenario | null = null;
  private speed = 10;
  private readonly recoveries = new Recoveries();
  private disposed = false;
  private readonly mirror = new RunStateMirror();
  /** When the worker last said anything (a reply or a snapshot): silence is measured from here. */
  private readonly watchdog = new Watchdog(performance.now());
  /** Whether the current worker has answered at all: one still starting up is not stuck. */
  private heard = false;
  /** Whether the worker last reported the run playing (what the watchdog guards). */
  private playing = false;
  /** The run id a fresh worker replays up to where the page was (any newer load ends it). */
  private replayRun = -1;
  /** Whether the run plays on once the replay is done. */
  private replayPlays = false;
  private watchTimer: ReturnType<typeof setInterval> | null = null;
  /** The run id of the newest load the app asked for (not a recovery's): a recovery never replaces it. */
  private userLoad = -1;
  /** The run id of the load under way, if any. */
  private pendingLoad = -1;
  /** Says how far a replay has come (set by a recovery), at most every PROGRESS_MS. */
  private replayProgress: ((done: number) => void) | null = null;
  private lastProgress = 0;
  /** The A/B lock-step's limit, sent again to a fresh worker (as the speed is). */
  private limit: number | null = null;
  /** A load() is with the worker: building an engine may take seconds, and says nothing meanwhile. */
  private building = 0;
  /** Epochs completed of the current run, reported with each snapshot (the A/B lock-step listens). */
  onEpoch: ((epoch: number) => void) | null = null;

  /** A fresh worker is replaying the run up to where the page was (the watchdog guards that too). */
  private get replaying(): boolean {
    return this.replayRun === this.runId;
  }

  constructor(private readonly live: LiveData, private readonly opts: SimClientOptions = MAIN) {
    live.onMeta = (meta) => this.setState({ meta });
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
    if (!this.mirror.accept(r, this.runId)) return;
    this.playing = r.running;
    this.setState({ running: r.running });
  }

  /**
   * `landed`: called once the run is loaded, right after the store takes its meta and state, in
   * the same task: what the caller puts in the store then (the scenario) is rendered with them,
   * in one render (64 hosts: the picture and the cards that read both rendered twice per edit).
   */
  async load(scenario: Scenario, landed?: (link: string) => void): Promise<LoadOutcome> {
    this.recoveries.newRun();
    return this.loadRun(scenario, true, true, landed);
  }

  /**
   * `user`: the app asked for it (a recovery never replaces it). `retry`: a worker that dies
   * under the load is replaced and the load goes to the fresh one, once.
   */
  private async loadRun(scenario: Scenario, user: boolean, retry = true, landed?: (link: string) => void): Promise<LoadOutcome> {
    if (!this.api) return { ok: false, message: 'the simulator is not running' };
    const runId = ++this.runId;
    this.pendingLoad = runId;
    if (user) this.userLoad = runId;
    this.early = [];
    markLoading(this, true);
    let restarted = false;
    let used: Comlink.Remote<SimApi> | null = null;
    let loaded: Extract<LoadOutcome, { ok: true }> | null = null;
    try {
      // A worker inside a long epoch hears nothing: make sure it listens before handing it the run.
      restarted = await this.responsive('the new scenario');
      if (runId !== this.runId) return { ok: false, message: SUPERSEDED };
      used = this.api!;
      const { meta, report, link } = await this.whileBuilding(used.load(scenario, runId));
      if (runId !== this.runId) return { ok: false, message: SUPERSEDED };
      this.current = scenario;
      this.live.reset(meta, runId);
      for (const e of this.early) this.live.enqueue(e.buffer, runId, e.epoch, e.stats, e.meta, e.events);
      this.early = [];
      this.setState({ meta });
      this.reported(report);
      loaded = { ok: true, meta, restarted, link };
    } catch (e) {
      if (retry && runId === this.runId && used && this.api && this.api !== used) return this.loadRun(scenario, user, false, landed);
      // The fresh worker refused the new scenario: it must still run the old one, where it was.
      if (restarted && runId === this.runId && this.current) void this.resumeAt(this.current, this.live.latestEpochs, false);
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    } finally {
      if (runId === this.runId) markLoading(this, false);
      if (this.pendingLoad === runId) this.pendingLoad = -1;
    }
    landed?.(loaded.link);
    return loaded;
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
    this.limit = epochs;
    if (this.api) void this.guard(this.api.setLimit(epochs)).catch(() => {});
  }

  setSpeed(epochsPerSecond: number): void {
    this.speed = epochsPerSecond;
    if (this.api) void this.guard(this.api.setSpeed(epochsPerSecond)).catch(() => {});
  }

  /** Starts a fresh worker on the current scenario, at the epoch the page shows (after repeated crashes, on request). */
  async restart(): Promise<void> {
    this.recoveries.clear();
    const at = this.live.latestEpochs;
    this.kill();
    this.spawn();
    this.setState({ simError: null, running: false });
    if (this.current) await this.resumeAt(this.current, at, false);
  }

  dispose(): void {
    this.disposed = true;
    markLoading(this, false);
    this.kill();
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
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
      const silent = performance.now() - Math.max(since, this.watchdog.lastHeard);
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
    const at = this.live.latestEpochs;
    this.kill();
    this.spawn();
    this.setState({ running: false });
    const said = `${this.opts.label} did not answer ${what} within ${ANSWER_MS / 1000} s (an epoch of this scenario takes longer than that), so it was restarted`;
    if (!reload || !this.current) {
      this.setState({ notice: `${said}: the new scenario starts at epoch 0, paused.` });
      return;
    }
    if (at === 0) {
      this.setState({ notice: `${said}: the run is back at epoch 0, paused.` });
      void this.resumeAt(this.current, 0, false);
      return;
    }
    this.setState({ notice: `${said}: it catches up to epoch ${fmtInt(at)}, then waits, paused.` });
    this.replayProgress = (done) => this.setState({ notice: `${said}: it catches up to epoch ${fmtInt(at)} (${fmtInt(done)} replayed so far), then waits, paused.` });
    void this.resumeAt(this.current, at, false).then((ok) => {
      if (ok) this.setState({ notice: `${said}, and resumed at epoch ${fmtInt(at)} (replayed from the scenario: the same run), paused.` });
    });
  }

  /**
   * The watchdog: while the run plays (or a fresh worker replays it), a worker silent for
   * PING_AFTER_MS is pinged; silent for STALL_MS it is stuck (an endless epoch) or gone (closed,
   * crashed without an error event), and is replaced.
   */
  private watch(): void {
    const guarding = !this.disposed && !!this.api && this.heard && this.building === 0 && (this.playing || this.replaying);
    const verdict = this.watchdog.look(performance.now(), guarding);
    if (verdict === 'stalled') {
      this.stalled(performance.now() - this.watchdog.lastHeard);
    } else if (verdict === 'ping') {
      void this.guard(this.api!.ping()).then((r) => this.reported(r), () => {});
    }
  }

  private stalled(silentMs: number): void {
    const wasReplaying = this.replaying;
    this.recover(
      `stopped answering while the run ${wasReplaying ? 'caught up' : 'played'} (nothing heard for ${(silentMs / 1000).toFixed(1)} s)`,
      'notice',
    );
  }

  /**
   * Replaces a worker that died or stuck: a fresh one replays the scenario up to the epoch the
   * page had reached and plays on if the run was playing. More failures than MAX_RESTARTS within
   * RESTART_WINDOW_MS and it gives up, saying so.
   */
  private recover(what: string, as: 'notice' | 'simError'): void {
    const at = this.live.latestEpochs;
    const wasPlaying = this.replaying ? this.replayPlays : this.playing;
    this.kill();
    const who = this.opts.label;
    const plan = this.recoveries.next(Date.now(), at);
    if (plan === 'give-up') {
      this.setState({ running: false, simError: `${who} ${what} and keeps failing; press "Restart simulator" to try again (it resumes at epoch ${fmtInt(at)}).` });
      return;
    }
    this.spawn();
    // Failed again where it was resumed: playing on would only run into the same epoch again.
    const again = plan === 'paused' ? ` again at epoch ${fmtInt(at)} (its next epoch may take too long to compute here)` : '';
    const plays = wasPlaying && plan === 'resume';
    const say = (text: string) => this.setState(as === 'notice' ? { notice: text } : { simError: text });
    this.setState({ running: false });
    if (this.pendingLoad === this.runId && this.userLoad === this.runId) {
      // A new scenario is on its way (it goes to the fresh worker): the old run is not resumed over it.
      say(`${who} ${what}; it was restarted, and the new scenario goes to the fresh one.`);
      return;
    }
    const then = plays ? ', then plays on' : ', then waits, paused';
    say(`${who} ${what}${again}; it was restarted and catches up to epoch ${fmtInt(at)}${then}.`);
    // A long run takes a while to replay: the notice counts the epochs as the worker reports them.
    this.replayProgress = (done) => say(`${who} ${what}${again}; it was restarted and catches up to epoch ${fmtInt(at)} (${fmtInt(done)} replayed so far)${then}.`);
    if (!this.current) return;
    void this.resumeAt(this.current, at, plays).then((ok) => {
      if (ok) say(`${who} ${what}${again}; it was restarted and resumed at epoch ${fmtInt(at)} (replayed from the scenario: the same run)${plays ? ', playing' : ', paused'}.`);
    });
  }

  /**
   * Loads `scenario` on the (fresh) worker and replays it to `at` epochs without streaming them:
   * the page keeps the data it has and takes the run from there. Resolves whether it did.
   */
  private async resumeAt(scenario: Scenario, at: number, play: boolean): Promise<boolean> {
    if (at <= 0 || this.live.runId < 0) {
      const r = await this.loadRun(scenario, false);
      if (!r.ok && r.message !== SUPERSEDED) this.setState({ simError: `${this.opts.label} could not reload the scenario: ${r.message}` });
      if (r.ok && play) await this.play();
      return r.ok;
    }
    if (!this.api) return false;
    const runId = ++this.runId;
    this.early = [];
    markLoading(this, true);
    // From here until the replay is done the worker's snapshots are only signs of life.
    this.replayRun = runId;
    this.replayPlays = play;
    try {
      await this.whileBuilding(this.api.load(scenario, runId));
      if (runId !== this.runId) return false;
      this.current = scenario;
      this.heardNow();
      const reached = await this.guard(this.api.replay(at));
      if (runId !== this.runId) return false;
      this.replayRun = -1;
      this.replayProgress = null;
      // What the worker sent before it got here was its replay: the page has those epochs already.
      this.early = [];
      if (reached !== at) throw new Error(`the replay reached epoch ${reached}, not ${at}`);
      this.live.resume(runId);
      if (play) await this.play();
      return true;
    } catch (e) {
      if (this.replayRun === runId) { this.replayRun = -1; this.replayProgress = null; }
      if (runId === this.runId && this.api) this.setState({ simError: `${this.opts.label} could not resume the run: ${e instanceof Error ? e.message : String(e)}` });
      return false;
    } finally {
      if (runId === this.runId) markLoading(this, false);
    }
  }

  private spawn(): void {
    this.playing = false;
    this.replayRun = -1;
    this.replayProgress = null;
    this.watchdog.reset(performance.now());
    if (!this.watchTimer) {
      this.watchTimer = setInterval(() => this.watch(), WATCH_MS);
    }
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
    this.heard = false;
    const listener: SimListener = {
      snapshot: (buffer, info) => {
        this.heardNow();
        // A fresh worker catching up (its epoch 0 included) has nothing the page lacks.
        if (info.runId === this.runId && info.replaying && this.replaying) this.replayed(info.epoch);
        if (info.runId !== this.runId || info.replaying || this.replaying) return;
        // info.meta: the topology changed; the store takes it when the snapshot is committed
        // (live.onMeta), so every view redraws with the new topology and its data together.
        const stats = info.stats ?? {};
        if (this.live.runId === info.runId) this.live.enqueue(buffer, info.runId, info.epoch, stats, info.meta, info.events);
        else this.early.push({ buffer, epoch: info.epoch, stats, meta: info.meta, events: info.events });
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
    if (this.limit !== null) void this.guard(api.setLimit(this.limit)).catch(() => {});
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
    this.recover(`stopped (${reason})`, 'simError');
  }

  /** guard(p) for a load: the watchdog leaves a worker alone while it builds an engine (the answer restarts its clock). */
  private async whileBuilding<T>(p: Promise<T>): Promise<T> {
    this.building++;
    try {
      return await this.guard(p);
    } finally {
      this.building--;
    }
  }

  /** `p`, or a rejection as soon as the worker dies; every answer counts as a sign of life. */
  private guard<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p.then((v) => { this.heardNow(); return v; }), this.dead]);
  }

  private replayed(done: number): void {
    const now = performance.now();
    if (!this.replayProgress || now - this.lastProgress < PROGRESS_MS) return;
    this.lastProgress = now;
    this.replayProgress(done);
  }

  private heardNow(): void {
    this.watchdog.heard(performance.now());
    this.heard = true;
  }
}
