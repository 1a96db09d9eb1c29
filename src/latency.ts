// Loaded latency and closed-loop traffic.
//
// Each host keeps cores x MLP misses in flight, so its access rate is (misses in flight) /
// (its mean latency): traffic is an output. Each device and link adds a queueing delay that
// grows with its utilisation along the fitted DDR curve  q(u) = k x/(1-x), x = 0.83 u,
// where u = demand / bandwidth (u = 1 is the device's saturation ceiling). Queues settle in
// microseconds, far below an epoch, so each epoch is solved to its equilibrium by damped
// iteration; past saturation an integral term raises the delay until demand fits.
import { CURVE_UMAX, LINE_BYTES } from './calibration';

/** Queueing delay (ns) at utilisation u in [0, 1] for coefficient k. */
export function queueDelayNs(u: number, k: number): number {
  const x = CURVE_UMAX * (u < 0 ? 0 : u > 1 ? 1 : u);
  return (k * x) / (1 - x);
}

export interface LoadInput {
  H: number;
  D: number;
  L: number;
  /** Misses in flight per host (0 = idle host). */
  outstanding: Float64Array;
  /** Share of each host's accesses going to each device: [h * D + d], rows sum to 1 (or 0). */
  share: Float64Array;
  /** Write fraction of each host's accesses. */
  writeFraction: Float64Array;
  idleNs: Float64Array;
  pathLinks: Int32Array[];
  deviceBw: Float64Array; // bytes/s
  deviceK: Float64Array;
  deviceWriteCost: Float64Array;
  linkBw: Float64Array; // bytes/s per direction
  linkK: Float64Array;
  /** Fixed background traffic (migrations), bytes/s: device reads / writes, link directions. */
  bgDeviceRead: Float64Array;
  bgDeviceWrite: Float64Array;
  bgLinkRead: Float64Array;
  bgLinkWrite: Float64Array;
}

export interface LoadResult {
  /** Accesses per second per host. */
  rate: Float64Array;
  /** Mean latency per host (ns). */
  amatNs: Float64Array;
  /** Loaded latency host -> device (ns): [h * D + d]. */
  latencyNs: Float64Array;
  deviceDelayNs: Float64Array;
  /** Delivered demand / bandwidth, 0..1. */
  deviceUtil: Float64Array;
  /** Delivered bytes/s per device (reads + writes, including background). */
  deviceBytes: Float64Array;
  linkUtil: Float64Array;
  linkBytes: Float64Array;
}

const ITERATIONS = 60;

export class LoadSolver {
  private readonly r: LoadResult;
  /** Read-equivalent demand (writes weighted by the device's write cost). */
  private readonly devDemand: Float64Array;
  private readonly devBytes: Float64Array;
  private readonly devSat: Float64Array;
  private readonly linkDelay: Float64Array;
  private readonly linkSat: Float64Array;
  private readonly linkRead: Float64Array;
  private readonly linkWrite: Float64Array;

  constructor(H: number, D: number, L: number) {
    this.r = {
      rate: new Float64Array(H),
      amatNs: new Float64Array(H),
      latencyNs: new Float64Array(H * D),
      deviceDelayNs: new Float64Array(D),
      deviceUtil: new Float64Array(D),
      deviceBytes: new Float64Array(D),
      linkUtil: new Float64Array(L),
      linkBytes: new Float64Array(L),
    };
    this.devDemand = new Float64Array(D);
    this.devBytes = new Float64Array(D);
    this.devSat = new Float64Array(D);
    this.linkDelay = new Float64Array(L);
    this.linkSat = new Float64Array(L);
    this.linkRead = new Float64Array(L);
    this.linkWrite = new Float64Array(L);
  }

  solve(inp: LoadInput): LoadResult {
    const { H, D, L, share, pathLinks } = inp;
    const r = this.r;
    const dq = r.deviceDelayNs;
    dq.fill(0); this.devSat.fill(0); this.linkDelay.fill(0); this.linkSat.fill(0);
    for (let it = 0; it < ITERATIONS; it++) {
      this.latencies(inp);
      // Host rates from Little's law, then the demand they put on devices and links.
      this.demand(inp);
      const damp = it < ITERATIONS - 1 ? 0.5 : 1;
      for (let d = 0; d < D; d++) {
        const u = this.devDemand[d] / inp.deviceBw[d];
        // Integral term: grows while demand exceeds the ceiling, so the loop throttles itself.
        const ref = inp.deviceK[d] + 1;
        this.devSat[d] = Math.max(0, this.devSat[d] + (u - 1) * ref * 4);
        const target = queueDelayNs(u, inp.deviceK[d]) + this.devSat[d];
        dq[d] = dq[d] + damp * (target - dq[d]);
      }
      for (let l = 0; l < L; l++) {
        const u = Math.max(this.linkRead[l], this.linkWrite[l]) / inp.linkBw[l];
        this.linkSat[l] = Math.max(0, this.linkSat[l] + (u - 1) * (inp.linkK[l] + 1) * 4);
        const target = queueDelayNs(u, inp.linkK[l]) + this.linkSat[l];
        this.linkDelay[l] = this.linkDelay[l] + damp * (target - this.linkDelay[l]);
      }
    }
    this.latencies(inp);
    this.demand(inp);
    // Whatever small excess is left after the iterations is clipped: a host cannot get more
    // than its saturated devices deliver.
    for (let h = 0; h < H; h++) {
      let f = 1;
      for (let d = 0; d < D; d++) {
        if (share[h * D + d] > 0) {
          const u = this.devDemand[d] / inp.deviceBw[d];
          if (u > 1) f = Math.min(f, 1 / u);
          for (const l of pathLinks[h * D + d]) {
            const ul = Math.max(this.linkRead[l], this.linkWrite[l]) / inp.linkBw[l];
            if (ul > 1) f = Math.min(f, 1 / ul);
          }
        }
      }
      r.rate[h] *= f;
    }
    this.demand(inp);
    for (let d = 0; d < D; d++) {
      r.deviceBytes[d] = this.devBytes[d];
      r.deviceUtil[d] = Math.min(1, this.devDemand[d] / inp.deviceBw[d]);
    }
    for (let l = 0; l < L; l++) {
      r.linkBytes[l] = Math.max(this.linkRead[l], this.linkWrite[l]);
      r.linkUtil[l] = Math.min(1, r.linkBytes[l] / inp.linkBw[l]);
    }
    return r;
  }

  /** Loaded latency per host/device and each host's mean; sets rates from Little's law. */
  private latencies(inp: LoadInput): void {
    const { H, D, share, idleNs, pathLinks } = inp;
    const r = this.r;
    for (let h = 0; h < H; h++) {
      let amat = 0;
      for (let d = 0; d < D; d++) {
        const i = h * D + d;
        let lat = idleNs[i] + r.deviceDelayNs[d];
        const path = pathLinks[i];
        for (let k = 0; k < path.length; k++) lat += this.linkDelay[path[k]];
        r.latencyNs[i] = lat;
        if (share[i] > 0) amat += share[i] * lat;
      }
      r.amatNs[h] = amat;
      r.rate[h] = amat > 0 ? (inp.outstanding[h] / amat) * 1e9 : 0;
    }
  }

  private demand(inp: LoadInput): void {
    const { H, D, share, pathLinks } = inp;
    const r = this.r;
    for (let d = 0; d < D; d++) {
      this.devDemand[d] = inp.bgDeviceRead[d] + inp.bgDeviceWrite[d] * inp.deviceWriteCost[d];
      this.devBytes[d] = inp.bgDeviceRead[d] + inp.bgDeviceWrite[d];
    }
    this.linkRead.set(inp.bgLinkRead);
    this.linkWrite.set(inp.bgLinkWrite);
    for (let h = 0; h < H; h++) {
      const bytes = r.rate[h] * LINE_BYTES;
      if (bytes === 0) continue;
      const wf = inp.writeFraction[h];
      for (let d = 0; d < D; d++) {
        const s = share[h * D + d];
        if (s === 0) continue;
        const b = bytes * s;
        this.devDemand[d] += b * (1 - wf + wf * inp.deviceWriteCost[d]);
        this.devBytes[d] += b;
        const path = pathLinks[h * D + d];
        for (let k = 0; k < path.length; k++) {
          this.linkRead[path[k]] += b * (1 - wf);
          this.linkWrite[path[k]] += b * wf;
        }
      }
    }
  }
}
