import { describe, expect, it } from 'vitest';
import { queueDelayNs } from './latency';

describe('loaded latency curve', () => {
  it('is the fitted DDR curve: 81 + 27.3 u/(1-u) with u up to 0.83', () => {
    expect(queueDelayNs(0, 27.3)).toBe(0);
    expect(81 + queueDelayNs(1, 27.3)).toBeCloseTo(81 + (27.3 * 0.83) / 0.17, 9);
  });

  it('rises monotonically with utilisation', () => {
    let prev = -1;
    for (let u = 0; u <= 1; u += 0.05) {
      const q = queueDelayNs(u, 27.3);
      expect(q).toBeGreaterThan(prev);
      prev = q;
    }
  });
});
