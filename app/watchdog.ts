// When to call a simulator worker stuck or gone, and what to do about it: pure decisions with
// the clock passed in, so app/sim-client.ts acts on them and unit tests can drive them.

/** Playing, and silent this long: the worker is asked whether it is there (a lock-step wait is silent too). */
export const PING_AFTER_MS = 750;
/** Playing (or catching up), silent this long, a ping unanswered: the worker is stuck or gone. */
export const STALL_MS = 1500;
/** How often the watchdog looks. */
export const WATCH_MS = 250;
/**
 * A gap between two looks longer than this: the page itself was not running (a long task, a
 * throttled background tab) and silence measured across it is not the worker's.
 */
const PAGE_PAUSED_MS = 4 * WATCH_MS + 500;

export type WatchVerdict = 'fine' | 'ping' | 'stalled';

export class Watchdog {
  /** When the worker last said anything (a reply or a snapshot). */
  lastHeard: number;
  private lastLook: number;
  private pinged = false;

  constructor(now: number) {
    this.lastHeard = now;
    this.lastLook = now;
  }

  /** A sign of life (any reply or snapshot). */
  heard(now: number): void {
    this.lastHeard = now;
    this.pinged = false;
  }

  /** A fresh worker: its clock starts now. */
  reset(now: number): void {
    this.lastHeard = now;
    this.lastLook = now;
    this.pinged = false;
  }

  /**
   * One look, every WATCH_MS. `guarding`: the run plays or a fresh worker catches up (and no
   * engine is being built, which says nothing for seconds). Asks for one ping per silence.
   */
  look(now: number, guarding: boolean): WatchVerdict {
    const gap = now - this.lastLook;
    this.lastLook = now;
    if (gap > PAGE_PAUSED_MS) {
      // Silence starts over: what the worker sent meanwhile may still wait behind this look.
      this.lastHeard = Math.max(this.lastHeard, now);
      this.pinged = false;
      return 'fine';
    }
    if (!guarding) return 'fine';
    const silent = now - this.lastHeard;
    if (silent >= STALL_MS) return 'stalled';
    if (silent >= PING_AFTER_MS && !this.pinged) {
      this.pinged = true;
      return 'ping';
    }
    return 'fine';
  }
}

/** More failures than this within RESTART_WINDOW_MS and the client stops restarting by itself. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 30_000;

/**
 * `resume`: replay to the epoch and go on as before. `paused`: it failed again at the epoch
 * it was resumed at (the next epoch itself is what fails, e.g. one too long to compute here):
 * resume there but do not play into it again. `give-up`: too many failures, or a third at the
 * same epoch.
 */
export type RecoveryPlan = 'resume' | 'paused' | 'give-up';

/** The failures of one client's workers, to tell a one-off from a failure that repeats. */
export class Recoveries {
  private times: number[] = [];
  private atEpoch = -1;
  private sameEpoch = 0;

  next(now: number, epoch: number): RecoveryPlan {
    this.times = this.times.filter((t) => now - t < RESTART_WINDOW_MS);
    this.times.push(now);
    this.sameEpoch = epoch === this.atEpoch ? this.sameEpoch + 1 : 0;
    this.atEpoch = epoch;
    if (this.times.length > MAX_RESTARTS || this.sameEpoch >= 2) return 'give-up';
    return this.sameEpoch === 1 ? 'paused' : 'resume';
  }

  /** A new scenario: its epochs are not the old run's. */
  newRun(): void {
    this.atEpoch = -1;
    this.sameEpoch = 0;
  }

  /** A fresh start on request (Restart simulator). */
  clear(): void {
    this.times = [];
    this.atEpoch = -1;
    this.sameEpoch = 0;
  }
}
