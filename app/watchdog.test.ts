import { describe, expect, it } from 'vitest';
import { MAX_RESTARTS, PING_AFTER_MS, Recoveries, RESTART_WINDOW_MS, STALL_MS, WATCH_MS, Watchdog } from './watchdog';

/** Looks every WATCH_MS from `from` to `to` (inclusive); returns each verdict that was not 'fine', with its time. */
function looks(w: Watchdog, from: number, to: number, guarding = true): [number, string][] {
  const out: [number, string][] = [];
  for (let t = from; t <= to; t += WATCH_MS) {
    const v = w.look(t, guarding);
    if (v !== 'fine') out.push([t, v]);
  }
  return out;
}

describe('Watchdog', () => {
  it('pings once after PING_AFTER_MS of silence while guarding, and calls a worker stalled after STALL_MS', () => {
    const w = new Watchdog(0);
    w.heard(0);
    const seen = looks(w, WATCH_MS, 2000);
    expect(seen).toEqual([[PING_AFTER_MS, 'ping'], [STALL_MS, 'stalled'], [1750, 'stalled'], [2000, 'stalled']]);
  });

  it('a worker that keeps answering is never stalled, and one that answers the ping is not either', () => {
    const w = new Watchdog(0);
    for (let t = WATCH_MS; t <= 10_000; t += WATCH_MS) {
      if (t % 500 === 0) w.heard(t); // a snapshot every half second
      expect(w.look(t, true)).toBe('fine');
    }
    // Silent (a lock-step wait), pinged, answers the ping: fine again, and pinged again next silence.
    expect(looks(w, 10_250, 10_750)).toEqual([[10_750, 'ping']]);
    w.heard(10_800);
    expect(looks(w, 11_000, 12_000)).toEqual([[11_750, 'ping']]);
  });

  it('does not guard a paused run or one whose engine is being built', () => {
    const w = new Watchdog(0);
    expect(looks(w, WATCH_MS, 60_000, false)).toEqual([]);
    // Guarding again: silence counts from the last sign of life.
    expect(w.look(60_250, true)).toBe('stalled');
  });

  it('silence across a gap in the page\'s own looks (a long task, a background tab) is not the worker\'s', () => {
    const w = new Watchdog(0);
    expect(w.look(WATCH_MS, true)).toBe('fine');
    // The page slept 10 s: the silence starts over when it wakes.
    expect(w.look(10_250, true)).toBe('fine');
    expect(looks(w, 10_500, 10_250 + STALL_MS)).toEqual([[10_250 + PING_AFTER_MS, 'ping'], [10_250 + STALL_MS, 'stalled']]);
  });

  it('a fresh worker starts a fresh clock', () => {
    const w = new Watchdog(0);
    w.reset(5000);
    expect(w.look(5250, true)).toBe('fine');
    expect(looks(w, 5500, 6500)).toEqual([[5750, 'ping'], [6500, 'stalled']]);
  });
});

describe('Recoveries', () => {
  it('resumes a one-off failure, and again for failures at later epochs', () => {
    const r = new Recoveries();
    expect(r.next(0, 100)).toBe('resume');
    expect(r.next(20_000, 5000)).toBe('resume');
    expect(r.next(40_000, 9000)).toBe('resume');
  });

  it('a failure again at the epoch it resumed at stops playing there, a third gives up', () => {
    const r = new Recoveries();
    expect(r.next(0, 0)).toBe('resume');
    expect(r.next(2000, 0)).toBe('paused');
    expect(r.next(4000, 0)).toBe('give-up');
  });

  it(`more than ${MAX_RESTARTS} failures within ${RESTART_WINDOW_MS / 1000} s give up; older ones are forgotten`, () => {
    const r = new Recoveries();
    for (let i = 0; i < MAX_RESTARTS; i++) expect(r.next(i * 1000, i * 10)).toBe('resume');
    expect(r.next(MAX_RESTARTS * 1000, 999)).toBe('give-up');
    const s = new Recoveries();
    for (let i = 0; i < 10; i++) expect(s.next(i * RESTART_WINDOW_MS, i)).toBe('resume');
  });

  it('a new scenario or a restart on request forgets the epoch; a restart forgets the count too', () => {
    const r = new Recoveries();
    r.next(0, 0);
    r.newRun();
    expect(r.next(1000, 0)).toBe('resume');
    r.next(2000, 7);
    r.clear();
    expect(r.next(3000, 7)).toBe('resume');
    expect(r.next(3100, 8)).toBe('resume');
    expect(r.next(3200, 9)).toBe('resume');
    expect(r.next(3300, 10)).toBe('give-up');
  });
});
