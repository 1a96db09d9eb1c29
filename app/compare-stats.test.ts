import { describe, expect, it } from 'vitest';
import { RUN_KEYS } from '../src/metrics/registry';
import type { RunFigures } from './live';
import { verdicts } from './compare-stats';

const zero = Object.fromEntries(RUN_KEYS.map((k) => [k, 0])) as Omit<RunFigures, 'epochs'>;
const fig = (amatNs: number, throughputGBps: number, fastTierAccessShare: number, epochs = 10): RunFigures => ({ ...zero, epochs, amatNs, throughputGBps, fastTierAccessShare });

describe('verdicts', () => {
  it('names the winner of each figure and the gap', () => {
    const v = verdicts(fig(100, 30, 0.8), fig(130, 20, 0.3), 'tpp', 'first-touch');
    expect(v.map((x) => x.text)).toEqual([
      'tpp: 23 % lower AMAT than first-touch',
      'tpp: 50 % higher throughput than first-touch',
      'tpp: fast tier serves 50 points more of the accesses than with first-touch',
      'Slowdown vs all-local: a tie (tpp and first-touch within half a point)',
    ]);
    expect(v.slice(0, 3).every((x) => x.winner === 'a')).toBe(true);
    expect(v.map((x) => x.metric)).toEqual(['amatNs', 'throughputGBps', 'fastTierAccessShare', 'slowdownPercent']);
  });

  it('compares a slowdown in percentage points, and a pool\'s figures only when both runs have a pool', () => {
    const a = { ...fig(100, 10, 0.5), slowdownPercent: 12, vmSlowdownPercent: 4, strandedGiB: 30, vmsRejected: 9, dramSavedPercent: 10, vmAmatNs: 140 };
    const b = { ...fig(100, 10, 0.5), slowdownPercent: 2, vmSlowdownPercent: 1, strandedGiB: 10, vmsRejected: 3, dramSavedPercent: 25, vmAmatNs: 140 };
    expect(verdicts(a, b, 'static', 'on-demand').map((x) => x.metric)).toEqual(['amatNs', 'throughputGBps', 'fastTierAccessShare', 'slowdownPercent']);
    const pooled = verdicts(a, b, 'static', 'on-demand', true);
    expect(pooled.find((x) => x.metric === 'slowdownPercent')?.text).toBe('on-demand: 10 points less slowdown vs all-local than static');
    expect(pooled.find((x) => x.metric === 'strandedGiB')?.text).toBe('on-demand: 67 % less memory stranded than static');
    expect(pooled.find((x) => x.metric === 'vmsRejected')?.text).toBe('on-demand: 67 % fewer VMs rejected than static');
    expect(pooled.find((x) => x.metric === 'dramSavedPercent')?.text).toBe('on-demand: saves 15 points more DRAM than static');
    expect(pooled.find((x) => x.metric === 'vmAmatNs')?.winner).toBeNull();
  });

  it('a throughput against none is won by far', () => {
    expect(verdicts(fig(100, 0, 0.5), fig(100, 3, 0.5), 'a', 'b')[1]).toEqual({ metric: 'throughputGBps', winner: 'b', text: 'b: far higher throughput than a' });
  });

  it('B can win, and near-equal figures are ties', () => {
    const v = verdicts(fig(200, 10, 0.5), fig(100, 10.001, 0.501), 'a-pol', 'b-pol');
    expect(v[0]).toMatchObject({ winner: 'b', text: 'b-pol: 50 % lower AMAT than a-pol' });
    expect(v[1].winner).toBeNull();
    expect(v[2].winner).toBeNull();
  });

  it('says nothing before both runs have an epoch', () => {
    expect(verdicts(fig(1, 1, 1, 0), fig(1, 1, 1), 'a', 'b')).toEqual([]);
  });
});

describe('verdicts: wording', () => {
  it('one point, not "1 points"', () => {
    const f = (fast: number) => fig(100, 10, fast, 4);
    expect(verdicts(f(0.5), f(0.49), 'a', 'b').find((v) => v.metric === 'fastTierAccessShare')?.text).toBe('a: fast tier serves 1 point more of the accesses than with b');
  });
});
