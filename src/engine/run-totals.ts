// What a run adds up to since it started: the run figures of the registry (src/metrics/registry.ts,
// aggregated by src/metrics/aggregate.ts: access-weighted averages, rates over the run, counts),
// each device's mean utilisation, and the application's instructions per workload against the
// all-local reference.
import { slowdownPercent } from '../physics/compute';
import { RunAggregator, type RunFigures } from '../metrics/aggregate';
import { ROW_KEYS } from '../metrics/registry';
import type { EpochSummary } from './snapshot';

/**
 * The registry's run figures (amatNs and coherencyLatencyNs over served accesses; the shares
 * and hotSetFastShare weighted by accesses issued; counts summed; pagesUnplaced now; rates and
 * slowdown over the run's instructions), per device, per workload and per host.
 */
export type RunTotals = RunFigures & {
  deviceUtilisation: number[];
  /** Per workload (scenario order): instructions/s over the run and slowdown against all-local. */
  workloads: { instructionsPerSecond: number; slowdownPercent: number }[];
  /**
   * Per host (scenario order), weighted as the whole run's figures are: instructions/s over the
   * run, slowdown of its instructions against its own all-local ones, AMAT over the accesses
   * memory served it, local share of the accesses it issued.
   */
  hosts: { instructionsPerSecond: number; slowdownPercent: number; amatNs: number; localAccessShare: number }[];
};

export class RunAccumulator {
  private readonly figures: RunAggregator;
  /** The epoch's summary as a row, for the aggregator. */
  private readonly row = new Float64Array(ROW_KEYS.length);
  private readonly util: Float64Array;
  private readonly wInstr: Float64Array;
  private readonly wLocal: Float64Array;
  /** Per host: accesses served and issued, latency x served, local share x issued, instructions, all-local instructions. */
  private readonly hServed: Float64Array;
  private readonly hIssued: Float64Array;
  private readonly hLatency: Float64Array;
  private readonly hLocal: Float64Array;
  private readonly hInstr: Float64Array;
  private readonly hAllLocal: Float64Array;

  constructor(devices: number, workloads: number, epochMs: number, hosts = 0) {
    this.figures = new RunAggregator(epochMs);
    this.util = new Float64Array(devices);
    this.wInstr = new Float64Array(workloads);
    this.wLocal = new Float64Array(workloads);
    this.hServed = new Float64Array(hosts);
    this.hIssued = new Float64Array(hosts);
    this.hLatency = new Float64Array(hosts);
    this.hLocal = new Float64Array(hosts);
    this.hInstr = new Float64Array(hosts);
    this.hAllLocal = new Float64Array(hosts);
  }

  /**
   * Adds one epoch of host h: the real accesses memory served it and it issued, its AMAT and
   * local share (of all it issued), its instructions/s and its all-local instructions/s.
   */
  addHost(h: number, served: number, issued: number, amatNs: number, localShare: number, ips: number, allLocalIps: number, epochSec: number): void {
    this.hServed[h] += served;
    this.hIssued[h] += issued;
    this.hLatency[h] += amatNs * served;
    this.hLocal[h] += localShare * issued;
    this.hInstr[h] += ips * epochSec;
    this.hAllLocal[h] += allLocalIps * epochSec;
  }

  /** Adds one epoch: its summary (its served and issued accesses weigh the means) and device utilisations. */
  add(s: EpochSummary, deviceUtil: Float64Array): void {
    for (let d = 0; d < this.util.length; d++) this.util[d] += deviceUtil[d];
    for (let f = 0; f < ROW_KEYS.length; f++) this.row[f] = s[ROW_KEYS[f]];
    this.figures.add(this.row);
  }

  /** Adds one epoch's instructions/s per workload, as run and all-local. */
  addWorkloads(ips: Float64Array, allLocal: Float64Array, epochSec: number): void {
    for (let i = 0; i < ips.length; i++) {
      this.wInstr[i] += ips[i] * epochSec;
      this.wLocal[i] += allLocal[i] * epochSec;
    }
  }

  /** The totals after `epochs` epochs of `epochMs` each, with `pagesUnplaced` pages unplaced now. */
  totals(epochs: number, epochMs: number, pagesUnplaced: number): RunTotals {
    const n = Math.max(1, epochs);
    return {
      ...this.figures.figures(epochs, { pagesUnplaced }),
      deviceUtilisation: Array.from(this.util, (u) => u / n),
      workloads: Array.from(this.wInstr, (x, i) => ({
        instructionsPerSecond: epochs > 0 ? x / ((epochs * epochMs) / 1000) : 0,
        slowdownPercent: slowdownPercent(x, this.wLocal[i]),
      })),
      hosts: Array.from(this.hInstr, (x, h) => ({
        instructionsPerSecond: epochs > 0 ? x / ((epochs * epochMs) / 1000) : 0,
        slowdownPercent: slowdownPercent(x, this.hAllLocal[h]),
        amatNs: this.hServed[h] > 0 ? this.hLatency[h] / this.hServed[h] : 0,
        localAccessShare: this.hIssued[h] > 0 ? this.hLocal[h] / this.hIssued[h] : 0,
      })),
    };
  }
}
