import { describe, expect, it } from 'vitest';
import { statItems } from './policy-stats';

describe('statItems', () => {
  it('puts a learned model\'s accuracy, precision and recall first, as percentages', () => {
    const items = statItems({ runAccuracy: 0.7, recall: 0.5, accuracy: 0.84, precision: 0.9, evaluatedEpochs: 12 });
    expect(items.slice(0, 3).map((i) => `${i.label} ${i.value}`)).toEqual(['model accuracy 84 %', 'precision 90 %', 'recall 50 %']);
    expect(items[3]).toEqual({ key: 'runAccuracy', label: 'run accuracy', value: '70 %' });
    expect(items[4].value).toBe('12');
  });

  it('formats times, counts and fractions, and survives non-finite values', () => {
    expect(statItems({ scanSweepMs: 1000, hintFaults: 35158, hotThreshold: 2.345678, x: NaN }).map((i) => i.value))
      .toEqual(['1,000 ms', '35,158', '2.35', '–']);
    expect(statItems({ scanSweepMs: 1 })[0].label).toBe('scan sweep');
    expect(statItems({})).toEqual([]);
  });
});
