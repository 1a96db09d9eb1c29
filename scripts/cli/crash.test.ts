// An unexpected exception (a bug, not bad input) is one line on stderr and exit code 1.
import { describe, expect, it, vi } from 'vitest';
import { main } from '../sim';

vi.mock('./report', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./report')>()),
  runAndWrite: () => {
    const e = new TypeError('cannot read properties of undefined');
    e.stack = 'TypeError: cannot read properties of undefined\n    at Engine.step (src/engine/engine.ts:1:1)';
    throw e;
  },
}));

describe('sim: unexpected errors', () => {
  it('exit 1, one stderr line, no stack trace', () => {
    let out = '';
    let err = '';
    const code = main(['--epochs', '1'], { out: (s) => { out += s; }, err: (s) => { err += s; } });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe('sim: internal error: cannot read properties of undefined\n');
  });
});
