import { describe, expect, it } from 'vitest';
import { bytes, epochLabel, epochSpan, fmt, fmtInt, gbps, metricText, nodeList, num, pct, scientific, secondsTick, simTime, tick } from './format';
import { metric } from '../src/metrics/registry';

describe('nodeList', () => {
  it('prints node numbers as Linux nodelist files do', () => {
    expect(nodeList([0])).toBe('0');
    expect(nodeList([2, 0, 1, 5, 7, 6])).toBe('0-2,5-7');
    expect(nodeList([1, 3])).toBe('1,3');
    expect(nodeList([])).toBe('');
  });
});

describe('numbers on screen never print as hundreds of digits', () => {
  it('ordinary values: grouped digits, the decimals asked for', () => {
    expect(fmt(132.4, 0)).toBe('132');
    expect(fmt(1234.56, 1)).toBe('1,234.6');
    expect(fmtInt(2_000_000)).toBe('2,000,000');
    expect(fmt(0, 1)).toBe('0.0');
    expect(pct(0.1234, 1)).toBe('12.3%');
    expect(gbps(17.8)).toBe('17.8 GB/s');
    expect(gbps(215)).toBe('215 GB/s');
  });

  it('huge values: a mantissa and a power of ten', () => {
    expect(fmt(1.5e304, 0)).toBe('1.5 × 10^304');
    expect(`${fmt(1.5e304, 0)} ns`.length).toBeLessThan(20);
    expect(fmtInt(Number.MAX_VALUE)).toBe('1.8 × 10^308');
    expect(fmt(-2e15, 1)).toBe('-2 × 10^15');
    expect(gbps(1e300)).toBe('1 × 10^300 GB/s');
    expect(scientific(123456)).toBe('1.2 × 10^5');
  });

  it('tiny values: never a misleading 0.0', () => {
    expect(fmt(5e-324, 1)).toBe('4.9 × 10^-324');
    expect(fmt(0.04, 1)).toBe('< 0.1');
    expect(fmt(-0.004, 2)).toBe('> -0.01');
    expect(pct(0.0004, 1)).toBe('< 0.1%');
    expect(num(1e-300)).toBe('1 × 10^-300');
  });

  it('not a number: a dash', () => {
    for (const v of [NaN, Infinity, -Infinity, undefined, null]) expect(fmt(v)).toBe('–');
  });

  it('axis ticks: SI prefixes, then scientific', () => {
    expect(tick(0)).toBe('0');
    expect(tick(250)).toBe('250');
    expect(tick(1500)).toBe('1.5k');
    expect(tick(20e6)).toBe('20M');
    expect(tick(0.5)).toBe('0.5');
    expect(tick(1.5e304)).toBe('1.5 × 10^304');
    expect(tick(1e-5)).toBe('1 × 10^-5');
  });

  it('simulated time is always in seconds', () => {
    expect(simTime(0)).toBe('0 s');
    expect(simTime(100)).toBe('0.1 s');
    expect(simTime(1250)).toBe('1.25 s');
    expect(simTime(5600)).toBe('5.6 s');
    expect(simTime(12_345)).toBe('12.3 s');
    expect(simTime(3_600_000)).toBe('3,600 s');
    expect(simTime(1e300)).toBe('1 × 10^297 s');
  });

  it('sizes', () => {
    expect(bytes(256, 4096)).toBe('1 MiB');
    expect(bytes(2 ** 20, 4096)).toBe('4 GiB');
    expect(bytes(3 * 2 ** 17, 4096)).toBe('1.5 GiB');
    expect(bytes(1e300, 4096)).toMatch(/× 10\^/);
  });
});

describe('epoch labels: one convention for every view', () => {
  it('0-based epochs like the CLI rows, with the simulated time at the epoch\'s end', () => {
    expect(epochLabel(0, 100)).toBe('epoch 0 (t = 0.1 s)');
    expect(epochLabel(55, 100)).toBe('epoch 55 (t = 5.6 s)');
    expect(epochLabel(9, 60_000)).toBe('epoch 9 (t = 600 s)');
    expect(epochSpan(0, 55, 100)).toBe('epochs 0–55 (t = 0–5.6 s)');
    expect(epochSpan(16, 16, 100)).toBe('epoch 16 (t = 1.6–1.7 s)');
    expect(epochSpan(1000, 1239, 100)).toBe('epochs 1,000–1,239 (t = 100–124 s)');
    expect(secondsTick(0.5)).toBe('0.5 s');
    expect(secondsTick(1500)).toBe('1,500 s');
  });
});

describe('a figure measured over nothing', () => {
  it('an AMAT of 0 ns (no access served: every page lost or unplaced) reads "–", not "0 ns"', () => {
    expect(metricText(metric('amatNs'), 0)).toBe('–');
    expect(metricText(metric('amatNs'), 212.4)).toBe('212 ns');
    expect(metricText(metric('vmAmatNs'), 0)).toBe('–');
    // Figures where 0 is a value keep it.
    expect(metricText(metric('throughputGBps'), 0)).toBe('0.0 GB/s');
  });
});
