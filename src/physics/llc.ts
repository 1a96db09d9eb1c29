// Each host's (socket's) last-level cache. It keeps the lines its cores reference most, so it
// is water-filled over the workloads the host runs: a workload's ranks are offered in the
// order of their reference rate (its share of the host's references, by intensity, times the
// rank's probability), hottest first, until the LLC is full; the boundary rank is held in
// part. Memory sees only what misses: each workload's sampler leaves out the pages the LLC
// holds (WorkloadSampler.cachePages), so policies, AMAT and traffic are of memory accesses.
// A pattern that is not `cacheable` (a scan: it touches each line once a pass and LRU evicts
// it before it comes round again) takes part in no fill (it neither gains nor holds LLC space). A workload mapped by several
// hosts gets the smallest share any of its hosts' LLCs holds (one sampler per workload).
// Rank probabilities do not change as hot sets move (only which pages hold which rank), so the
// fill is computed once, when a run starts. The LLC is a capacity: a scale model (MB working
// sets standing for GB) states it scaled like its working sets (HostSpec.llcMB).
import { CAL } from '../platform/calibration';
import type { Scenario } from '../scenario/schema';
import type { WorkloadSampler } from '../workloads/sampler';

export interface LlcFill {
  /** Per workload: pages the LLC holds (fractional at the boundary rank). */
  cachedPages: Float64Array;
  /** Per workload: share of its references the LLC serves (the rank probability it holds). */
  hitShare: Float64Array;
}

/** Fills every host's LLC and tells each sampler which of its ranks the LLC holds. */
export function fillLlc(scenario: Scenario, hostIds: readonly string[], pageBytes: number, samplers: readonly WorkloadSampler[]): LlcFill {
  const W = scenario.workloads.length;
  const cachedPages = new Float64Array(W).fill(Infinity);
  const hitShare = new Float64Array(W);
  const ptr = new Float64Array(W);
  hostIds.forEach((id, h) => {
    const mine: number[] = [];
    let intensity = 0;
    scenario.workloads.forEach((w, i) => {
      if (!w.hosts.includes(id)) return;
      intensity += w.intensity;
      if (samplers[i].pattern.cacheable && samplers[i].n > 0) mine.push(i);
    });
    for (const i of mine) ptr[i] = 0;
    let room = (scenario.hosts[h].llcMB * 1048576) / pageBytes;
    // Hottest remaining rank first (ties: the first workload); whole ranks until the last.
    while (room > 0) {
      let best = -1, bestRate = -1;
      for (const i of mine) {
        if (ptr[i] >= samplers[i].n) continue;
        const rate = (scenario.workloads[i].intensity / intensity) * rankProbability(samplers[i], ptr[i]);
        if (rate > bestRate) { bestRate = rate; best = i; }
      }
      if (best < 0) break;
      const take = Math.min(1, room);
      ptr[best] += take;
      room -= take;
    }
    for (const i of mine) cachedPages[i] = Math.min(cachedPages[i], ptr[i]);
  });
  scenario.workloads.forEach((w, i) => {
    const s = samplers[i];
    let k = Number.isFinite(cachedPages[i]) ? cachedPages[i] : 0;
    // Held mass, capped: no LLC serves every reference of a workload.
    let held = 0;
    const whole = Math.floor(k);
    for (let r = 0; r < whole; r++) held += rankProbability(s, r);
    if (whole < s.n) held += (k - whole) * rankProbability(s, whole);
    const cap = CAL.maxLlcHitShare.value;
    if (held > cap) {
      held = 0;
      let r = 0;
      while (r < s.n && held + rankProbability(s, r) <= cap) held += rankProbability(s, r++);
      const p = r < s.n ? rankProbability(s, r) : 0;
      const part = p > 0 ? (cap - held) / p : 0;
      k = r + part;
      held += part * p;
    }
    cachedPages[i] = k;
    hitShare[i] = held;
    s.cachePages(k);
  });
  return { cachedPages, hitShare };
}

/** Probability of a workload's rank r (uniform: 1/n). */
function rankProbability(s: WorkloadSampler, r: number): number {
  return s.rankProb ? s.rankProb[r] : 1 / s.n;
}
