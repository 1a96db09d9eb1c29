// What a run adds up to since it started: access-weighted averages of the epoch figures,
// migration counts, and each device's mean utilisation.
import type { EpochSummary } from './snapshot';

export interface RunTotals {
  amatNs: number;
  throughputGBps: number;
  fastTierAccessShare: number;
  migrations: number;
  promotions: number;
  demotions: number;
  pagesLost: number;
  deviceUtilisation: number[];
}

export class RunAccumulator {
  private accesses = 0;
  private latency = 0;
  private fast = 0;
  private bytes = 0;
  private migrations = 0;
  private promotions = 0;
  private demotions = 0;
  private lost = 0;
  private readonly util: Float64Array;

  constructor(devices: number) {
    this.util = new Float64Array(devices);
  }

  /** Adds one epoch: its summary, the real accesses it served, its length and device utilisations. */
  add(s: EpochSummary, accesses: number, epochSec: number, deviceUtil: Float64Array): void {
    for (let d = 0; d < this.util.length; d++) this.util[d] += deviceUtil[d];
    this.accesses += accesses;
    this.latency += s.amatNs * accesses;
    this.fast += s.fastTierAccessShare * accesses;
    this.bytes += s.throughputGBps * epochSec;
    this.migrations += s.migrations;
    this.promotions += s.promotions;
    this.demotions += s.demotions;
    this.lost += s.pagesLost;
  }

  /** The totals after `epochs` epochs of `epochMs` each. */
  totals(epochs: number, epochMs: number): RunTotals {
    const a = this.accesses;
    const n = Math.max(1, epochs);
    return {
      amatNs: a > 0 ? this.latency / a : 0,
      throughputGBps: epochs > 0 ? this.bytes / ((epochs * epochMs) / 1000) : 0,
      fastTierAccessShare: a > 0 ? this.fast / a : 0,
      migrations: this.migrations,
      promotions: this.promotions,
      demotions: this.demotions,
      pagesLost: this.lost,
      deviceUtilisation: Array.from(this.util, (u) => u / n),
    };
  }
}
