// The compute side of every host: how much a workload computes between two memory accesses,
// and so how many instructions each memory access stands for.
//
// A workload makes llcRefsPerKiloInstr references to the last-level cache per 1000
// instructions; the LLC serves hitShare of them (src/physics/llc.ts), memory the rest: m = refs/1000 x
// (1 - hitShare) memory accesses per instruction. With every access served by the caches an
// instruction costs baseCpi cycles. A host keeps cores x MLP misses in flight; each of those
// slots computes for a think time Z between two misses, Z = MLP x baseCpi / (clock x m), so
// that with a zero memory latency a core retires clock / baseCpi instructions per second, and
// memory accesses/s = N / (Z + AMAT) (the closed loop, src/physics/latency.ts). A host running several
// workloads splits its accesses by intensity; its Z is the access-weighted mean of theirs.
// Instructions/s = memory accesses/s x instructions per access (1 / m).
import { fillLlc, type LlcFill } from './llc';
import type { Scenario } from '../scenario/schema';
import type { WorkloadSampler } from '../workloads/sampler';

export class ComputeModel {
  /** Per host: compute time (ns) a miss slot spends between two misses. */
  readonly thinkNs: Float64Array;
  /** Per host: instructions retired per memory access (0 for a host that runs nothing). */
  readonly instrPerAccess: Float64Array;
  /** Per workload: memory accesses per instruction, after the LLC. */
  readonly missesPerInstr: Float64Array;
  /** [i * H + h]: share of host h's memory accesses that are workload i's. */
  readonly hostShare: Float64Array;
  readonly llc: LlcFill;
  private readonly H: number;
  private readonly W: number;
  /** Per workload, the hosts it runs on (ascending): workloadInstructions visits these, not W x H. */
  private readonly runsOn: Int32Array[];

  constructor(scenario: Scenario, hostIds: readonly string[], pageBytes: number, samplers: readonly WorkloadSampler[]) {
    const H = (this.H = hostIds.length), W = (this.W = scenario.workloads.length);
    const hostIndex = new Map(hostIds.map((id, h) => [id, h] as const));
    this.runsOn = scenario.workloads.map((w) => Int32Array.from(w.hosts.map((id) => hostIndex.get(id)!)).sort());
    this.llc = fillLlc(scenario, hostIds, pageBytes, samplers);
    this.missesPerInstr = new Float64Array(W);
    this.hostShare = new Float64Array(W * H);
    this.thinkNs = new Float64Array(H);
    this.instrPerAccess = new Float64Array(H);
    this.derive(scenario, hostIds);
  }

  /**
   * The workloads changed (a workload event): the arrays again, in place (the traffic solve
   * holds them), from their specs now and the LLC's hit shares (`hitShare`: per workload, the
   * new fill's for the one that changed; the others keep theirs).
   */
  refresh(scenario: Scenario, hostIds: readonly string[], hitShare?: ArrayLike<number>): void {
    if (hitShare) this.llc.hitShare.set(hitShare);
    this.derive(scenario, hostIds);
  }

  private derive(scenario: Scenario, hostIds: readonly string[]): void {
    const H = this.H;
    scenario.workloads.forEach((w, i) => { this.missesPerInstr[i] = (w.llcRefsPerKiloInstr / 1000) * (1 - this.llc.hitShare[i]); });
    this.hostShare.fill(0);
    this.thinkNs.fill(0);
    this.instrPerAccess.fill(0);
    hostIds.forEach((id, h) => {
      let total = 0;
      scenario.workloads.forEach((w) => { if (w.hosts.includes(id)) total += w.intensity; });
      if (total === 0) return;
      const host = scenario.hosts[h];
      let cyclesPerAccess = 0, instr = 0;
      scenario.workloads.forEach((w, i) => {
        if (!w.hosts.includes(id)) return;
        const share = w.intensity / total;
        this.hostShare[i * H + h] = share;
        instr += share / this.missesPerInstr[i];
        cyclesPerAccess += (share * w.baseCpi) / this.missesPerInstr[i];
      });
      this.instrPerAccess[h] = instr;
      this.thinkNs[h] = thinkTimeNs(host.mlp, host.clockGHz, cyclesPerAccess, 1);
    });
  }

  /** Instructions/s of each workload from each host's memory accesses/s (into out). */
  workloadInstructions(rate: ArrayLike<number>, out: Float64Array): Float64Array {
    const { H, W } = this;
    // In host order, as a pass over every host would add them (hosts it does not run on add 0).
    for (let i = 0; i < W; i++) {
      let ips = 0;
      const hosts = this.runsOn[i];
      for (let k = 0; k < hosts.length; k++) { const h = hosts[k]; ips += (rate[h] * this.hostShare[i * H + h]) / this.missesPerInstr[i]; }
      out[i] = ips;
    }
    return out;
  }
}

/**
 * The think time (ns) of one miss slot between two misses, Z = MLP x CPI / (clock x m), for m
 * memory accesses per instruction at `cpi` cycles per instruction: with a zero memory latency a
 * core then retires clock / CPI instructions per second. The pool's VMs use it too
 * (src/pool/engine-pool.ts: their misses per instruction, the platform's CPI).
 */
export function thinkTimeNs(mlp: number, clockGHz: number, cpi: number, accessesPerInstr: number): number {
  return (mlp * cpi) / (clockGHz * accessesPerInstr);
}

/**
 * Slowdown (%) of an instruction rate against the all-local reference: 0 when equal, < 0 when
 * faster. It is the difference in time to retire the same instructions as a share of the
 * slower of the two: 100 x (1 - ips / allLocal) when slower (the share of all-local's
 * instructions lost, as it always was), 100 x (allLocal / ips - 1) when faster (the share of
 * all-local's time saved). So it stays in (-100, 100] when the reference is pathological
 * (local DRAM at 0.1 GB/s made 1 - ips / allLocal read -24,317 %, a number that says nothing).
 */
export function slowdownPercent(ips: number, allLocal: number): number {
  if (!(allLocal > 0)) return 0;
  return ips <= allLocal ? 100 * (1 - ips / allLocal) : 100 * (allLocal / ips - 1);
}
