import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, USAGE, UsageError, parseArgs, parseInteger } from './args';
import { BOUNDS } from '../../src/scenario/bounds';
import { LIMITS } from '../../src/scenario/limits';

const fails = (argv: string[], pattern: RegExp) => {
  expect(() => parseArgs(argv)).toThrowError(UsageError);
  expect(() => parseArgs(argv)).toThrowError(pattern);
};

describe('parseArgs', () => {
  it('defaults to the default preset, json, no overrides', () => {
    expect(parseArgs([])).toEqual({ command: 'run', source: { kind: 'preset', name: DEFAULT_PRESET }, overrides: {}, format: 'json' });
  });

  it('reads every option, in both "--k v" and "--k=v" forms', () => {
    expect(parseArgs(['--preset', 'two-socket', '--policy=interleave', '--epochs', '7', '--seed=0', '--format', 'csv'])).toEqual({
      command: 'run', source: { kind: 'preset', name: 'two-socket' }, overrides: { policy: 'interleave', epochs: 7, seed: 0 }, format: 'csv',
    });
    expect(parseArgs(['--scenario', 'a.json'])).toMatchObject({ source: { kind: 'scenario', file: 'a.json' } });
    expect(parseArgs(['--url', 'v1.abc'])).toMatchObject({ source: { kind: 'url', link: 'v1.abc' } });
    expect(parseArgs(['--seed', String(0xffffffff), '--epochs', String(LIMITS.epochs)])).toMatchObject({ overrides: { seed: 0xffffffff, epochs: LIMITS.epochs } });
  });

  it('takes the seed and epoch bounds of the scenario format (src/scenario/bounds.ts)', () => {
    expect(parseArgs(['--seed', String(BOUNDS.seed.max), '--epochs', String(BOUNDS.epochs.max)])).toMatchObject({ overrides: { seed: BOUNDS.seed.max, epochs: BOUNDS.epochs.max } });
    fails(['--seed', String(BOUNDS.seed.max + 1)], new RegExp(`between ${BOUNDS.seed.min} and ${BOUNDS.seed.max}`));
    fails(['--epochs', String(BOUNDS.epochs.min - 1)], new RegExp(`between ${BOUNDS.epochs.min} and ${BOUNDS.epochs.max}`));
    expect(USAGE).toContain(`${BOUNDS.seed.min}..${BOUNDS.seed.max}`);
  });

  it('ignores a lone "--" separator', () => {
    expect(parseArgs(['--', '--epochs', '3'])).toMatchObject({ overrides: { epochs: 3 } });
  });

  it('knows the informational commands', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['-h', '--epochs', '3'])).toEqual({ command: 'help' });
    expect(parseArgs(['--list-presets'])).toEqual({ command: 'list-presets' });
    expect(parseArgs(['--list-policies'])).toEqual({ command: 'list-policies' });
  });

  it('refuses a missing option value', () => {
    fails(['--epochs'], /--epochs needs a value/);
    fails(['--preset', '--epochs', '3'], /--preset needs a value/);
    fails(['--seed='], /--seed needs a value/);
  });

  it('refuses unknown options and stray arguments', () => {
    fails(['--bogus'], /unknown option "--bogus"/);
    fails(['--bogus=1'], /unknown option "--bogus"/);
    fails(['-x'], /unexpected argument "-x"/);
    fails(['two-socket'], /unexpected argument "two-socket"/);
    fails(['--help=yes'], /--help takes no value/);
  });

  it('refuses bad numbers for --epochs and --seed', () => {
    fails(['--epochs', '-1'], /--epochs must not be negative/);
    fails(['--epochs', 'ten'], /--epochs expects a number/);
    fails(['--epochs', '2.5'], /--epochs must be a whole number/);
    fails(['--epochs', '0'], /--epochs must be between 1 and/);
    fails(['--epochs', String(LIMITS.epochs + 1)], /--epochs must be between 1 and/);
    fails(['--seed', '-5'], /--seed must not be negative/);
    fails(['--seed', '4294967296'], /--seed must be between 0 and 4294967295/);
    fails(['--seed', '0x10'], /--seed must be written as plain digits/);
    fails(['--seed', '1e3'], /--seed must be written as plain digits/);
    fails(['--seed', 'NaN'], /--seed expects a number/);
  });

  it('refuses an unknown format', () => {
    fails(['--format', 'xml'], /--format must be json or csv \(got "xml"\)/);
  });

  it('refuses more than one scenario source, or a repeated option', () => {
    fails(['--preset', 'a', '--url', 'v1.x'], /use only one of --preset, --scenario, --url/);
    fails(['--scenario', 'f.json', '--preset', 'a'], /use only one of/);
    fails(['--epochs', '2', '--epochs', '3'], /--epochs is given more than once/);
  });

  it('keeps error messages on one short line', () => {
    try {
      parseArgs(['--format', 'x'.repeat(500) + '\nmore']);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
      expect((e as Error).message.length).toBeLessThan(120);
    }
  });
});

describe('parseInteger', () => {
  it('accepts plain digits with surrounding space', () => {
    expect(parseInteger('n', ' 42 ', 0, 100)).toBe(42);
    expect(parseInteger('n', '007', 0, 100)).toBe(7);
  });
});
