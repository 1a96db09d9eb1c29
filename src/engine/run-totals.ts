// What a run adds up to since it started: access-weighted averages of the epoch figures,
// migration counts, each device's mean utilisation, and the application's instructions (all
// hosts and per workload) against the all-local reference.
import { slowdownPercent } from '../physics/compute';
import type { EpochSummary } from './snapshot';

export interface RunTotals {
  /** Over served accesses. */
  amatNs: number;
  throughputGBps: number;
  /** Shares of all sampled accesses (served or not), weighted by accesses issued. */
  fastTierAccessShare: number;
  localAccessShare: number;
  unplacedAccessShare: number;
  migrations: number;
  promotions: number;
  demotions: number;
  /** Pages destroyed by faults, over the run. */
  pagesLost: number;
  /** Pages with no device now (at the end of the run so far). */
  pagesUnplaced: number;
  /** Share of the hot set on its host's fast tier, weighted by each epoch's accesses issued. */
  hotSetFastShare: number;
  /** Hot-set shifts over the run. */
  hotSetShifts: number;
  deviceUtilisation: number[];
  /** Instructions retired over the run against all-local (%; < 0: faster than all-local). */
  slowdownPercent: number;
  /** Instructions retired per second over the run, all hosts. */
  instructionsPerSecond: number;
  /** Mean share (%) of all hosts' CPU time spent on tiering. */
  migrationCpuPercent: number;
  /** Shared regions: coherency bytes sent per second over the run (GB/s), latency added per access served (ns, access-weighted). */
  coherencyTrafficGBps: number;
  coherencyLatencyNs: number;
  /** Per workload (scenario order): instructions/s over the run and slowdown against all-local. */
  workloads: { instructionsPerSecond: number; slowdownPercent: number }[];
  /**
   * Per host (scenario order), weighted as the whole run's figures are: instructions/s over the
   * run, slowdown of its instructions against its own all-local ones, AMAT over the accesses
   * memory served it, local share of the accesses it issued.
   */
  hosts: { instructionsPerSecond: number; slowdownPercent: number; amatNs: number; localAccessShare: number }[];
}

export class RunAccumulator {
  private served = 0;
  private issued = 0;
  private latency = 0;
  private fast = 0;
  private local = 0;
  private unplaced = 0;
  private bytes = 0;
  private migrations = 0;
  private promotions = 0;
  private demotions = 0;
  private lost = 0;
  private instructions = 0;
  private allLocal = 0;
  private migrationCpu = 0;
  private hotSet = 0;
  private shifts = 0;
  private coherencyBytes = 0;
  private coherencyLatency = 0;
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

  constructor(devices: number, workloads: number, hosts = 0) {
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

  /**
   * Adds one epoch: its summary, the real accesses it served and issued (served plus those to
   * unplaced pages), its length and device utilisations.
   */
  add(s: EpochSummary, served: number, issued: number, epochSec: number, deviceUtil: Float64Array): void {
    for (let d = 0; d < this.util.length; d++) this.util[d] += deviceUtil[d];
    this.served += served;
    this.issued += issued;
    this.latency += s.amatNs * served;
    this.fast += s.fastTierAccessShare * issued;
    this.local += s.localAccessShare * issued;
    this.unplaced += s.unplacedAccessShare * issued;
    this.bytes += s.throughputGBps * epochSec;
    this.migrations += s.migrations;
    this.promotions += s.promotions;
    this.demotions += s.demotions;
    this.lost += s.pagesLost;
    this.instructions += s.instructionsPerSecond * epochSec;
    this.allLocal += s.allLocalInstructionsPerSecond * epochSec;
    this.migrationCpu += s.migrationCpuPercent;
    this.hotSet += s.hotSetFastShare * issued;
    this.shifts += s.hotSetShifts;
    this.coherencyBytes += s.coherencyTrafficGBps * epochSec;
    this.coherencyLatency += s.coherencyLatencyNs * served;
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
    const a = this.served, i = this.issued;
    const n = Math.max(1, epochs);
    return {
      amatNs: a > 0 ? this.latency / a : 0,
      throughputGBps: epochs > 0 ? this.bytes / ((epochs * epochMs) / 1000) : 0,
      fastTierAccessShare: i > 0 ? this.fast / i : 0,
      localAccessShare: i > 0 ? this.local / i : 0,
      unplacedAccessShare: i > 0 ? this.unplaced / i : 0,
      migrations: this.migrations,
      promotions: this.promotions,
      demotions: this.demotions,
      pagesLost: this.lost,
      pagesUnplaced,
      hotSetFastShare: i > 0 ? this.hotSet / i : 0,
      hotSetShifts: this.shifts,
      deviceUtilisation: Array.from(this.util, (u) => u / n),
      slowdownPercent: slowdownPercent(this.instructions, this.allLocal),
      instructionsPerSecond: epochs > 0 ? this.instructions / ((epochs * epochMs) / 1000) : 0,
      migrationCpuPercent: epochs > 0 ? this.migrationCpu / epochs : 0,
      coherencyTrafficGBps: epochs > 0 ? this.coherencyBytes / ((epochs * epochMs) / 1000) : 0,
      coherencyLatencyNs: a > 0 ? this.coherencyLatency / a : 0,
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
