import { describe, expect, it } from 'vitest';
import { RunStateMirror } from './run-state';

describe('RunStateMirror', () => {
  it('believes only the newest report of the current run, whatever order they arrive in', () => {
    const m = new RunStateMirror();
    expect(m.accept({ runId: 2, seq: 5 }, 2)).toBe(true);
    // An older snapshot arriving after the reply to Pause: ignored.
    expect(m.accept({ runId: 2, seq: 4 }, 2)).toBe(false);
    expect(m.accept({ runId: 2, seq: 5 }, 2)).toBe(false);
    // A report of the run being replaced: ignored.
    expect(m.accept({ runId: 1, seq: 9 }, 2)).toBe(false);
    expect(m.accept({ runId: 2, seq: 6 }, 2)).toBe(true);
    m.reset();
    expect(m.accept({ runId: 2, seq: 1 }, 2)).toBe(true);
  });
});
