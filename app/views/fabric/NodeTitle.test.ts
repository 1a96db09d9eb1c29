import { describe, expect, it } from 'vitest';
import { fitTitle, MIN_SQUEEZE } from './NodeTitle';

describe('fitTitle', () => {
  it('keeps a name that fits as it is', () => {
    expect(fitTitle('Host 0 DRAM', 80, 148)).toEqual({ text: 'Host 0 DRAM', squeeze: false });
  });
  it('draws a somewhat long name whole, narrower ("Remote socket (emulated CXL)" was cut at 21 characters)', () => {
    expect(fitTitle('Remote socket (emulated CXL)', 190, 148)).toEqual({ text: 'Remote socket (emulated CXL)', squeeze: true });
  });
  it('cuts only a name that would shrink below MIN_SQUEEZE, keeping what fits at that squeeze', () => {
    const name = 'A very long memory expander name that no box holds';
    const r = fitTitle(name, 400, 148);
    expect(r.squeeze).toBe(true);
    expect(r.text.endsWith('…')).toBe(true);
    expect((r.text.length - 1) / name.length * 400 * MIN_SQUEEZE).toBeLessThanOrEqual(148);
  });
});
