import { describe, expect, it } from 'vitest';
import { runScenario, skewedScenario } from './test-support';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('learned', () => {
  const EPOCHS = 40;
  const first = runScenario(skewedScenario('first-touch'), EPOCHS);
  const learned = runScenario(skewedScenario('learned'), EPOCHS);

  it('keeps a larger share of accesses on DRAM than first-touch on a skewed 1:4 workload', () => {
    expect(learned.totals.fastTierAccessShare).toBeGreaterThan(first.totals.fastTierAccessShare + 0.2);
    expect(learned.totals.amatNs).toBeLessThan(first.totals.amatNs);
  });

  it('reports accuracy, precision and recall in [0, 1] every epoch', () => {
    expect(learned.statsByEpoch).toHaveLength(EPOCHS);
    for (const st of learned.statsByEpoch) {
      for (const k of ['accuracy', 'precision', 'recall', 'persistenceAccuracy', 'alwaysColdAccuracy', 'runAccuracy', 'runPrecision', 'runRecall']) {
        expect(st[k]).toBeGreaterThanOrEqual(0);
        expect(st[k]).toBeLessThanOrEqual(1);
      }
    }
    expect(learned.stats.evaluatedEpochs).toBe(EPOCHS - 1);
  });

  // Trivial baselines on the same epochs: "same as last epoch" (persistence) and "always cold".
  // The first 10 epochs are the model's warm-up (it starts from zero weights).
  it('predicts next-epoch accesses better than "same as last epoch" and "always cold"', () => {
    const after = learned.statsByEpoch.slice(10);
    const acc = mean(after.map((s) => s.accuracy));
    expect(acc).toBeGreaterThan(mean(after.map((s) => s.persistenceAccuracy)));
    expect(acc).toBeGreaterThan(mean(after.map((s) => s.alwaysColdAccuracy)));
    // It does predict accesses (not "always cold" in disguise), and mostly correctly.
    expect(mean(after.map((s) => s.recall))).toBeGreaterThan(0.05);
    expect(mean(after.map((s) => s.precision))).toBeGreaterThan(0.5);
  });

});
