import { describe, expect, it } from 'vitest';
import { findPolicy, POLICIES } from '../src/policies/registry';
import { statGroups, statValue } from './policy-stats';

describe('statGroups', () => {
  it('groups colloid\'s figures by scope, with human labels and units, and no keys', () => {
    const colloid = findPolicy('colloid')!;
    const stats = Object.fromEntries(colloid.stats.map((s, i) => [s.key, s.unit === 'share' ? 0.25 : i + 1]));
    const groups = statGroups(colloid, stats);
    expect(groups.map((g) => g.title)).toEqual(['this epoch']);
    const promoted = groups[0].items.find((i) => i.key === 'promoted')!;
    expect(promoted.label).toBe('Promotions queued');
    expect(promoted.value).toBe('7 pages');
    expect(promoted.help).toMatch(/fast tier/);
    expect(groups[0].items.find((i) => i.key === 'defaultShare')!.value).toBe('25.0%');
  });

  it('puts a learned model\'s figures under "this epoch" and "since the run started"', () => {
    const learned = findPolicy('learned')!;
    const stats = { accuracy: 0.84, runAccuracy: 0.7, evaluatedEpochs: 12, undeclared: 3 };
    const groups = statGroups(learned, stats);
    expect(groups.map((g) => [g.title, g.items.map((i) => `${i.label} ${i.value}`)])).toEqual([
      ['this epoch', ['Accuracy 84.0%']],
      ['since the run started', ['Accuracy 70.0%', 'Epochs scored 12 epochs']],
    ]);
  });

  it('every declared figure of every policy reads as words and a unit', () => {
    for (const p of POLICIES) {
      for (const s of p.stats) {
        expect(s.label, `${p.name}.${s.key}`).not.toMatch(/[a-z][A-Z]|_/);
        expect(statValue(s, 1)).not.toBe('–');
      }
    }
  });

  it('formats one of a unit, times, fractions and non-finite values', () => {
    expect(statValue({ unit: 'pages' }, 1)).toBe('1 page');
    expect(statValue({ unit: 'faults' }, 35158)).toBe('35,158 faults');
    expect(statValue({ unit: 'ms' }, 1000)).toBe('1,000 ms');
    expect(statValue({ unit: 'bin' }, 2.345678)).toBe('2.35 bin');
    expect(statValue({ unit: 'pages' }, NaN)).toBe('–');
    expect(statGroups(undefined, { x: 1 })).toEqual([]);
  });
});
