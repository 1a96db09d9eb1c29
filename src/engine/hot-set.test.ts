// The hot set in fast memory (issue 9): hotSetFastShare and hotSetShifts in every epoch row
// and the run summary.
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { Stream } from '../rng';
import { withPolicy } from '../scenario/fixtures';
import { PAGE_BYTES } from '../scenario/schema';
import { hotClasses, HOT_SET_SHARE } from '../workloads/hot-set';
import { WorkloadSampler } from '../workloads/sampler';
import { runEngine as run } from '../policies/test-support';


describe('the hot set', () => {
  it('is the smallest set of hottest ranks that receives 80 % of the accesses', () => {
    // zipf-like weights: 10 + 6 = 16 of 20 is exactly 80 %; 10 + 6 + 3 would be more than needed.
    const { cls, tie } = hotClasses(Float64Array.from([10, 6, 3, 1]));
    expect(Array.from(cls)).toEqual([1, 2, 0, 0]);
    expect(tie).toBe(1);
    // A hot set of 15 % of the pages with 90 % of the accesses: 8/9 of those pages suffice.
    const n = 1000, k = 150;
    const w = Float64Array.from({ length: n }, (_, r) => (r < k ? 0.9 / k : 0.1 / (n - k)));
    const h = hotClasses(w);
    expect(Array.from(h.cls.subarray(0, k)).every((c) => c === 2)).toBe(true);
    expect(Array.from(h.cls.subarray(k)).every((c) => c === 0)).toBe(true);
    expect(h.tie).toBeCloseTo(Math.ceil((HOT_SET_SHARE / 0.9) * k) / k, 12);
    // "Hot" pages colder than the cold ones: the cold ones are the hot set.
    const inverted = hotClasses(Float64Array.from({ length: 10 }, (_, r) => (r < 5 ? 0.05 / 5 : 0.95 / 5)));
    expect(Array.from(inverted.cls)).toEqual([0, 0, 0, 0, 0, 2, 2, 2, 2, 2]);
  });

  it('hotSetFastShare counts the hot pages on their host\'s fast tier at the end of each epoch', () => {
    const s = withPolicy(loadPreset('tpp-1to4'), 'first-touch', {}, 3);
    const { e, rows } = run(s, 3);
    // The same seeded sampler as the engine's first workload: its hottest pages are the hot set.
    const w = s.workloads[0];
    const n = Math.floor((w.workingSetMB * 1048576) / PAGE_BYTES[s.pageSize]);
    const sampler = new WorkloadSampler(w, 0, n, s.seed, Stream.workload * 1000);
    const hot = sampler.hottestOffsets(Math.round(w.hotFraction * n));
    let fast = 0;
    for (const p of hot) if (e.pageState(p).device === 'h0.dram') fast++;
    for (const r of rows) expect(r.hotSetFastShare).toBeCloseTo(fast / hot.length, 12);
    // first-touch fills DRAM with the first addresses; the hot pages are elsewhere as often.
    expect(rows[2].hotSetFastShare).toBeGreaterThan(0.1);
    expect(rows[2].hotSetFastShare).toBeLessThan(0.3);
  }, 60_000);

  it('a policy that keeps the hot set in DRAM shows it; the run summary is the access-weighted average', () => {
    const { e, rows } = run(withPolicy(loadPreset('tpp-1to4'), 'oracle', {}, 40), 40);
    expect(rows[0].hotSetFastShare).toBeLessThan(0.3);
    expect(rows[39].hotSetFastShare).toBeGreaterThan(0.95);
    const t = e.runTotals();
    const lo = Math.min(...rows.map((r) => r.hotSetFastShare)), hi = Math.max(...rows.map((r) => r.hotSetFastShare));
    expect(t.hotSetFastShare).toBeGreaterThan(lo);
    expect(t.hotSetFastShare).toBeLessThan(hi);
    expect(t.hotSetShifts).toBe(0);
  }, 60_000);

  it('hotSetShifts counts the shifts of each epoch, also inside an epoch', () => {
    const shifting = loadPreset('hot-set-shift'); // every 5 s, epochs of 100 ms
    const { e, rows } = run(withPolicy(shifting, 'first-touch', {}, 101), 101);
    rows.forEach((r) => expect(r.hotSetShifts, `epoch ${r.epoch}`).toBe(r.epoch === 50 || r.epoch === 100 ? 1 : 0));
    expect(e.runTotals().hotSetShifts).toBe(2);
    // The hot set moved away from DRAM at the shift.
    expect(rows[50].hotSetFastShare).not.toBe(rows[49].hotSetFastShare);
    const fast = withPolicy({ ...shifting, workloads: [{ ...shifting.workloads[0], shiftEveryMs: 25 }] }, 'first-touch', {}, 3);
    expect(run(fast, 3).rows.map((r) => r.hotSetShifts)).toEqual([3, 4, 4]);
  }, 60_000);
});
