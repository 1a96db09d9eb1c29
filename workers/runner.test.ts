import { describe, expect, it } from 'vitest';
import { SUMMARY_FIELDS, type EpochSummary } from '../src/engine/snapshot';
import type { EngineLike, SnapshotInfo } from './api';
import { Runner, SLICE_MS, type RunnerHost } from './runner';

/** A clock, a scheduler and an app under the test's control. */
class FakeHost implements RunnerHost {
  t = 0;
  yields: (() => void)[] = [];
  timers: { at: number; fn: () => void; live: boolean }[] = [];
  sent: { rows: number[]; info: SnapshotInfo; ack: () => void }[] = [];
  failures: string[] = [];
  autoAck = true;

  now = () => this.t;
  yieldNow(fn: () => void) { this.yields.push(fn); }
  after(ms: number, fn: () => void) {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return () => { timer.live = false; };
  }
  send(buffer: ArrayBuffer, info: SnapshotInfo) {
    const rows = Array.from(new Float64Array(buffer));
    return new Promise<void>((resolve) => {
      this.sent.push({ rows, info, ack: resolve });
      if (this.autoAck) resolve();
    });
  }
  fail(message: string) { this.failures.push(message); }

  /** Runs queued work; lets timers fire as the clock reaches them, up to `untilMs`. */
  async drain(untilMs = this.t) {
    for (let guard = 0; guard < 100_000; guard++) {
      await Promise.resolve();
      const fn = this.yields.shift();
      if (fn) { fn(); continue; }
      const due = this.timers.filter((x) => x.live).sort((a, b) => a.at - b.at)[0];
      if (!due || due.at > untilMs) break;
      this.t = Math.max(this.t, due.at);
      due.live = false;
      due.fn();
    }
    this.t = Math.max(this.t, untilMs);
    await Promise.resolve();
  }

  epochsSent() { return this.sent.flatMap((s) => s.rows); }
}

/** Each step costs `costMs` of the fake clock; a snapshot is the list of row epochs. */
function fakeEngine(host: FakeHost, costMs = 1, failAt = -1): EngineLike {
  let epoch = 0;
  return {
    get epoch() { return epoch; },
    step() {
      if (epoch === failAt) throw new Error('engine broke');
      epoch++;
      host.t += costMs;
      const s = {} as EpochSummary;
      for (const f of SUMMARY_FIELDS) s[f] = 0;
      s.epoch = epoch;
      return s;
    },
    snapshot: (history) => Float64Array.from(history.map((h) => h.epoch)).buffer,
  };
}

describe('Runner', () => {
  it('playing stops at the lock-step limit and resumes when it is raised; Step ignores it', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    const engine = fakeEngine(host);
    r.load(engine, 1);
    r.setSpeed(Infinity);
    r.setLimit(5);
    r.play();
    await host.drain(1000);
    expect(engine.epoch).toBe(5);
    expect(r.isRunning).toBe(true);
    r.setLimit(8);
    await host.drain(2000);
    expect(engine.epoch).toBe(8);
    const stepped = r.step(3);
    await host.drain(3000);
    await expect(stepped).resolves.toBe(11);
  });

  it('sends a snapshot of a fresh run at once', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host), 7);
    await host.drain();
    expect(host.sent).toHaveLength(1);
    expect(host.sent[0].info).toEqual({ runId: 7, epoch: 0, running: false, seq: expect.any(Number), stats: {} });
  });

  it('step(n) runs exactly n epochs and reports every one of them', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host), 1);
    const done = r.step(25);
    await host.drain();
    await expect(done).resolves.toBe(25);
    expect(host.epochsSent()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('yields between slices of about SLICE_MS', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host, 3), 1);
    await host.drain();
    void r.step(20);
    host.yields.shift()?.();
    // 3 ms per epoch: a 10 ms slice holds 4 epochs (the last one starts at 9 ms).
    expect(host.t).toBeLessThanOrEqual(SLICE_MS + 3);
    expect(host.yields).toHaveLength(1);
  });

  it('coalesces: while a snapshot is with the app, rows pile up and go in the next one', async () => {
    const host = new FakeHost();
    host.autoAck = false;
    const r = new Runner(host);
    r.load(fakeEngine(host, 4), 1);
    void r.step(10);
    await host.drain();
    // Only the load snapshot went out; ten epochs wait for its ack.
    expect(host.sent).toHaveLength(1);
    host.sent[0].ack();
    await host.drain();
    expect(host.sent).toHaveLength(2);
    expect(host.sent[1].rows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('plays at the requested speed and stops on pause', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host, 0.1), 1);
    r.setSpeed(20);
    r.play();
    await host.drain(1000);
    const played = host.epochsSent().length;
    expect(played).toBeGreaterThanOrEqual(19);
    expect(played).toBeLessThanOrEqual(22);
    r.pause();
    await host.drain(3000);
    expect(host.epochsSent().length).toBe(played);
    expect(host.sent.at(-1)?.info.running).toBe(false);
  });

  it('at unlimited speed still yields after every slice', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host, 1), 1);
    r.setSpeed(Infinity);
    r.play();
    for (let i = 0; i < 5; i++) host.yields.shift()?.();
    r.pause();
    await host.drain();
    const n = host.epochsSent().length;
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThanOrEqual(5 * (SLICE_MS + 1));
  });

  it('a failing engine stops the run and says why', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host, 1, 3), 1);
    const done = r.step(10);
    await host.drain();
    await expect(done).rejects.toThrow('engine broke');
    expect(host.failures).toEqual(['engine broke']);
    expect(host.epochsSent()).toEqual([1, 2, 3]);
    expect(r.isRunning).toBe(false);
  });

  it('load replaces the run: old step waiters are rejected, new snapshots carry the new id', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host, 1), 1);
    const old = r.step(1000);
    host.yields.shift()?.();
    r.load(fakeEngine(host, 1), 2);
    await expect(old).rejects.toThrow('replaced');
    await host.drain();
    expect(host.sent.at(-1)?.info).toEqual({ runId: 2, epoch: 0, running: false, seq: expect.any(Number), stats: {} });
  });
});

describe('Runner: run state reports', () => {
  it('every snapshot and every reply says whether the run plays, numbered in the order given', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host), 7);
    const reports = [host.sent[0].info, r.report()];
    r.setSpeed(100);
    r.play();
    reports.push(r.report());
    await host.drain(30);
    reports.push(host.sent[host.sent.length - 1].info);
    r.pause();
    reports.push(r.report(), host.sent[host.sent.length - 1].info);
    expect(reports.map((x) => x.running)).toEqual([false, false, true, true, false, false]);
    expect(reports.every((x) => x.runId === 7)).toBe(true);
    // The pause's snapshot is numbered before the reply given after it.
    const seqs = host.sent.map((x) => x.info.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(reports[4].seq).toBeGreaterThan(reports[5].seq);
    expect(reports[3].seq).toBeGreaterThan(reports[2].seq);
  });

  it('a failed epoch reports the run stopped', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    r.load(fakeEngine(host, 1, 3), 1);
    r.setSpeed(Infinity);
    r.play();
    await host.drain(100);
    expect(host.failures).toEqual(['engine broke']);
    expect(host.sent[host.sent.length - 1].info.running).toBe(false);
    expect(r.report().running).toBe(false);
  });
});

describe('Runner.replay', () => {
  it('steps the epochs the app holds without streaming them, says it is alive meanwhile, then streams from there', async () => {
    const host = new FakeHost();
    const r = new Runner(host);
    const engine = fakeEngine(host, 3);
    r.load(engine, 1);
    await host.drain();
    host.sent.length = 0;
    const done = r.replay(50);
    await host.drain(1000);
    expect(await done).toBe(50);
    expect(engine.epoch).toBe(50);
    // No epoch streamed; the snapshots on the way are flagged (the app only hears a sign of life).
    expect(host.epochsSent()).toEqual([]);
    expect(host.sent.length).toBeGreaterThan(1);
    expect(host.sent.slice(0, -1).every((s) => s.info.replaying)).toBe(true);
    expect(host.sent.at(-1)!.info.replaying).toBeUndefined();
    const two = r.step(2);
    await host.drain(2000);
    expect(await two).toBe(52);
    expect(host.epochsSent()).toEqual([51, 52]);
  });
});
