import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINE_BYTES } from '../platform/calibration';
import { LoadSolver, TOLERANCE, queueDelayNs, type LoadInput, type LoadResult } from './latency';

describe('loaded latency curve', () => {
  it('is the domain model\'s fitted DDR curve L = 81 + 27.3 x/(1-x) ns, x = B / 259 GB/s, up to x = 0.83', () => {
    // queueDelayNs takes u = B / the most the socket delivers, 0.83 x 259 = 214.97 GB/s.
    const latency = (gbps: number) => 81 + queueDelayNs(gbps / (0.83 * 259), 27.3);
    expect(latency(0)).toBe(81);
    expect(latency(129.5)).toBeCloseTo(108.3, 9); // x = 0.5: 27.3 x 0.5 / 0.5 = 27.3
    expect(latency(194.25)).toBeCloseTo(162.9, 9); // x = 0.75: 27.3 x 0.75 / 0.25 = 81.9
    expect(latency(0.83 * 259)).toBeCloseTo(214.288235, 6); // x = 0.83: 27.3 x 0.83 / 0.17 = 133.288235
    expect(latency(300)).toBeCloseTo(214.288235, 6); // past the fitted range: saturated
  });

  it('rises monotonically with utilisation', () => {
    let prev = -1;
    for (let u = 0; u <= 1; u += 0.05) {
      const q = queueDelayNs(u, 27.3);
      expect(q).toBeGreaterThan(prev);
      prev = q;
    }
  });
});

const GB = 1e9;

interface DeviceSpec { bw: number; writeBw?: number; writeCost?: number; idle: number; k?: number }
interface HostSpec { outstanding: number; share: number[]; wf: number; think?: number }

/** A LoadInput from plain numbers (GB/s, ns); every host reaches every device over `paths`. */
function input(devices: DeviceSpec[], hosts: HostSpec[], links: number[] = [], paths: number[][][] = []): LoadInput {
  const H = hosts.length, D = devices.length, L = links.length;
  const idle = new Float64Array(H * D);
  const pathLinks: Int32Array[] = [];
  for (let h = 0; h < H; h++) {
    for (let d = 0; d < D; d++) {
      idle[h * D + d] = devices[d].idle;
      pathLinks.push(Int32Array.from(paths[h]?.[d] ?? []));
    }
  }
  return {
    H, D, L,
    outstanding: Float64Array.from(hosts, (h) => h.outstanding),
    thinkNs: Float64Array.from(hosts, (h) => h.think ?? 0),
    share: Float64Array.from(hosts.flatMap((h) => h.share)),
    writeFraction: Float64Array.from(hosts, (h) => h.wf),
    idleNs: idle,
    pathLinks,
    deviceBw: Float64Array.from(devices, (d) => d.bw * GB),
    deviceWriteBw: Float64Array.from(devices, (d) => (d.writeBw ?? 0) * GB),
    deviceK: Float64Array.from(devices, (d) => d.k ?? 0.19 * d.idle),
    deviceWriteCost: Float64Array.from(devices, (d) => d.writeCost ?? 1),
    linkBw: Float64Array.from(links, (b) => b * GB),
    linkK: new Float64Array(L).fill(10),
    bgDeviceRead: new Float64Array(D),
    bgDeviceWrite: new Float64Array(D),
    bgLinkRead: new Float64Array(L),
    bgLinkWrite: new Float64Array(L),
  };
}

/** Outstanding misses that would fill `gbps` at an idle latency of `idleNs` (Little's law). */
const toFill = (gbps: number, idleNs: number) => (gbps * GB * idleNs * 1e-9) / LINE_BYTES;

/** Every resource's delivered load as a share of its bandwidth (device read, device write, link directions). */
function deliveredShares(inp: LoadInput, r: LoadResult): number[] {
  const out: number[] = [];
  for (let d = 0; d < inp.D; d++) {
    if (inp.deviceWriteBw[d] > 0) {
      out.push(r.deviceReadBytes[d] / inp.deviceBw[d], r.deviceWriteBytes[d] / inp.deviceWriteBw[d]);
    } else {
      out.push((r.deviceReadBytes[d] + r.deviceWriteBytes[d] * inp.deviceWriteCost[d]) / inp.deviceBw[d]);
    }
  }
  for (let l = 0; l < inp.L; l++) out.push(r.linkReadBytes[l] / inp.linkBw[l], r.linkWriteBytes[l] / inp.linkBw[l]);
  return out;
}

const gbps = fc.double({ min: 0.1, max: 2000, noNaN: true });
const ns = fc.double({ min: 1, max: 5000, noNaN: true });

/** Random fabrics: 1-5 devices (half or full duplex), 0-3 links, 1-5 hosts at any load. */
const scenario = fc
  .record({
    devices: fc.array(fc.record({
      bw: gbps,
      full: fc.boolean(),
      writeBw: gbps,
      writeCost: fc.double({ min: 1, max: 10, noNaN: true }),
      idle: ns,
      kPerIdle: fc.double({ min: 0.01, max: 3, noNaN: true }),
    }), { minLength: 1, maxLength: 5 }),
    links: fc.array(gbps, { maxLength: 3 }),
    hosts: fc.array(fc.record({
      load: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e5, noNaN: true })),
      think: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
      weights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: 5, maxLength: 5 }),
      wf: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
      pathBits: fc.array(fc.nat(7), { minLength: 5, maxLength: 5 }),
    }), { minLength: 1, maxLength: 5 }),
    background: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3000, noNaN: true })),
  })
  .map(({ devices, links, hosts, background }) => {
    const D = devices.length;
    const hs: HostSpec[] = hosts.map((h) => {
      const w = h.weights.slice(0, D);
      const t = w.reduce((a, b) => a + b, 0);
      return { outstanding: t > 0 ? h.load : 0, share: w.map((x) => (t > 0 ? x / t : 0)), wf: h.wf, think: h.think };
    });
    const paths = hosts.map((h) => devices.map((_, d) => links.map((_, l) => l).filter((l) => (h.pathBits[d] >> l) & 1)));
    const inp = input(
      devices.map((d) => ({ bw: d.bw, writeBw: d.full ? d.writeBw : 0, writeCost: d.writeCost, idle: d.idle, k: d.kPerIdle * d.idle })),
      hs, links, paths,
    );
    // Migration copies on the first device and link (sometimes more than they can carry).
    inp.bgDeviceRead[0] = background * 0.5 * GB;
    inp.bgDeviceWrite[0] = background * 0.5 * GB;
    if (inp.L > 0) inp.bgLinkRead[0] = background * 0.2 * GB;
    return inp;
  });

describe('closed-loop solver', () => {
  it('never delivers more than a bandwidth, converges, and gives finite results (random fabrics, any load)', () => {
    fc.assert(fc.property(scenario, (inp) => {
      const r = new LoadSolver(inp.H, inp.D, inp.L).solve(inp);
      expect(r.converged).toBe(true);
      expect(r.residual).toBeLessThanOrEqual(TOLERANCE);
      for (const u of deliveredShares(inp, r)) expect(u).toBeLessThanOrEqual(1 + 1e-12);
      for (let h = 0; h < inp.H; h++) {
        expect(Number.isFinite(r.rate[h]) && r.rate[h] >= 0).toBe(true);
        expect(Number.isFinite(r.amatNs[h])).toBe(true);
      }
      for (const x of r.deviceUtil) expect(x >= 0 && x <= 1).toBe(true);
      for (const x of r.linkUtil) expect(x >= 0 && x <= 1).toBe(true);
    }), { numRuns: 400, seed: 7 });
  });

  it('under overload the bottleneck delivers at least 97 % of its bandwidth (10x, 100x, 1e4x)', () => {
    const cases: { name: string; dev: DeviceSpec; wf: number; link?: number; peak: number }[] = [
      { name: 'DDR5 socket, reads', dev: { bw: 215, writeCost: 1.5, idle: 116 }, wf: 0, peak: 215 },
      { name: 'DDR5 socket, 30 % writes', dev: { bw: 215, writeCost: 1.5, idle: 116 }, wf: 0.3, peak: 215 / (0.7 + 0.3 * 1.5) },
      { name: 'x8 expander, reads', dev: { bw: 17.8, writeBw: 13.6, idle: 250 }, wf: 0, peak: 17.8 },
      { name: 'x8 expander, writes', dev: { bw: 17.8, writeBw: 13.6, idle: 250 }, wf: 1, peak: 13.6 },
      { name: 'x8 expander, 1:1', dev: { bw: 17.8, writeBw: 13.6, idle: 250 }, wf: 0.5, peak: 27.2 },
      { name: '1 ns device', dev: { bw: 0.1, writeCost: 1, idle: 1 }, wf: 0.2, peak: 0.1 },
      { name: 'link-bound', dev: { bw: 215, writeCost: 1, idle: 250 }, wf: 0, link: 31.5, peak: 31.5 },
    ];
    for (const c of cases) {
      for (const factor of [10, 100, 1e4]) {
        const inp = input([c.dev], [{ outstanding: factor * toFill(c.peak, c.dev.idle), share: [1], wf: c.wf }], c.link ? [c.link] : [], c.link ? [[[0]]] : []);
        const r = new LoadSolver(1, 1, inp.L).solve(inp);
        const delivered = r.deviceBytes[0] / GB;
        expect(delivered, `${c.name} at ${factor}x`).toBeGreaterThanOrEqual(0.97 * c.peak);
        expect(delivered, `${c.name} at ${factor}x`).toBeLessThanOrEqual(c.peak * (1 + 1e-9));
      }
    }
  });

  it('a full-duplex expander limits reads and writes separately: pure writes stay under its write bandwidth', () => {
    const inp = input([{ bw: 17.8, writeBw: 13.6, idle: 250 }], [{ outstanding: 1e4, share: [1], wf: 1 }]);
    const r = new LoadSolver(1, 1, 0).solve(inp);
    expect(r.deviceWriteBytes[0] / GB).toBeLessThanOrEqual(13.6);
    expect(r.deviceWriteBytes[0] / GB).toBeGreaterThan(13.6 * 0.97);
    expect(r.deviceReadBytes[0]).toBe(0);
  });

  it('a half-duplex device with write cost 1 never delivers more than its bandwidth', () => {
    const inp = input([{ bw: 215, writeCost: 1, idle: 116 }], [{ outstanding: 1e6, share: [1], wf: 0.5 }]);
    const r = new LoadSolver(1, 1, 0).solve(inp);
    expect(r.deviceBytes[0] / GB).toBeLessThanOrEqual(215);
    expect(r.deviceBytes[0] / GB).toBeGreaterThan(0.97 * 215);
  });

  it('a 1 ns device lightly loaded has an AMAT of 1 ns plus the curve\'s queueing', () => {
    const inp = input([{ bw: 100, writeCost: 1, idle: 1, k: 0.19 }], [{ outstanding: 0.1, share: [1], wf: 0 }]);
    const r = new LoadSolver(1, 1, 0).solve(inp);
    // By hand: 0.1 misses x 64 B every A ns over 100 GB/s is u = 0.064 / A, and
    // A = 1 + 0.19 x/(1-x), x = 0.83 u; iterated: A = 1.010542 ns at u = 0.063332.
    expect(r.deviceBytes[0] / (100 * GB)).toBeCloseTo(0.063332, 6);
    expect(r.amatNs[0]).toBeCloseTo(1.010542, 6);
    // Saturated by a whole socket's misses, Little's law sets the AMAT: misses x 64 B / bandwidth
    // = 320 x 64 B / 215 GB/s = 95.2558 ns.
    const busy = input([{ bw: 215, writeCost: 1, idle: 1, k: 0.19 }], [{ outstanding: 320, share: [1], wf: 0 }]);
    const b = new LoadSolver(1, 1, 0).solve(busy);
    expect(b.amatNs[0]).toBeCloseTo(95.2558, 4);
  });

  it('keeps delivering the peak as load grows past saturation (no collapse)', () => {
    let prev = 0;
    for (const factor of [1, 2, 5, 10, 100, 1e3, 1e4, 1e5]) {
      const inp = input([{ bw: 17.8, writeBw: 13.6, idle: 250 }], [{ outstanding: factor * toFill(17.8, 250), share: [1], wf: 0.3 }]);
      const d = new LoadSolver(1, 1, 0).solve(inp).deviceBytes[0];
      expect(d).toBeGreaterThanOrEqual(prev * (1 - 1e-9));
      prev = d;
    }
  });

  it('a host that computes between misses issues outstanding / (think + AMAT) of them (Little\'s law)', () => {
    fc.assert(fc.property(scenario, (inp) => {
      const r = new LoadSolver(inp.H, inp.D, inp.L).solve(inp);
      for (let h = 0; h < inp.H; h++) {
        if (!(r.rate[h] > 0)) continue;
        // Where no bandwidth clips it, the closed loop holds exactly (to the solver's tolerance).
        const loop = (inp.outstanding[h] * 1e9) / (inp.thinkNs[h] + r.amatNs[h]);
        expect(r.rate[h]).toBeLessThanOrEqual(loop * (1 + 1e-9));
      }
    }), { numRuns: 200, seed: 11 });
    const dev = { bw: 233, writeCost: 1.5, idle: 116, k: 22 };
    const memoryBound = new LoadSolver(1, 1, 0).solve(input([dev], [{ outstanding: 320, share: [1], wf: 0.3 }]));
    const rate0 = memoryBound.rate[0], amat0 = memoryBound.amatNs[0];
    expect(rate0).toBeCloseTo((320 * 1e9) / amat0, 0);
    // 200 ns of compute per miss slot: fewer misses, a lighter DRAM, a lower AMAT.
    const computing = new LoadSolver(1, 1, 0).solve(input([dev], [{ outstanding: 320, share: [1], wf: 0.3, think: 200 }]));
    expect(computing.rate[0]).toBeCloseTo((320 * 1e9) / (200 + computing.amatNs[0]), 0);
    expect(computing.rate[0]).toBeLessThan(rate0);
    expect(computing.amatNs[0]).toBeLessThan(amat0);
  });

  it('gives marginal latencies: the loaded latency plus what one more access costs the others', () => {
    const dev = { bw: 233, writeCost: 1.5, idle: 116, k: 22 };
    const idle = new LoadSolver(1, 1, 0).solve(input([dev], [{ outstanding: 1, share: [1], wf: 0 }]), true);
    expect(idle.marginalNs[0]).toBeCloseTo(idle.latencyNs[0], 0);
    // Half way up the curve (x = 0.83 u = 0.5): the queue is Q = 22 x 0.5 / 0.5 = 22 ns, so the
    // latency is 138 ns; the misses in flight that load it so are, by Little's law,
    // B x L / 64 B = (0.5 / 0.83 x 233 GB/s) x 138 ns / 64 B = 302.65. One more access adds its
    // own Q and B dQ/dB = x dQ/dx = 22 x 0.5 / 0.5^2 = 44 ns to the others: 116 + 22 + 44 = 182 ns.
    const half = new LoadSolver(1, 1, 0).solve(input([dev], [{ outstanding: ((0.5 / 0.83) * 233 * 138) / 64, share: [1], wf: 0 }]), true);
    expect(half.latencyNs[0]).toBeCloseTo(138, 6);
    expect(half.marginalNs[0]).toBeCloseTo(182, 6);
    // Saturated (2000 misses in flight): Little's law gives 2000 x 64 B / 233 GB/s = 549.356 ns,
    // Q = 433.356 ns past the curve's end, where the same Q + Q (k + Q) / k carries on:
    // 116 + 433.356 + 433.356 x 455.356 / 22 = 9518.968 ns.
    const busy = new LoadSolver(1, 1, 0).solve(input([dev], [{ outstanding: 2000, share: [1], wf: 0 }]), true);
    expect(busy.latencyNs[0]).toBeCloseTo(549.356, 3);
    expect(busy.marginalNs[0]).toBeCloseTo(9518.968, 3);
  });

  it('gives marginal costs in instructions/s that match the solved change of a small move (below saturation)', () => {
    // Two hosts of different compute (think time, instructions per access) over DRAM and a CXL
    // device behind a link: moving 1e-4 of a host's accesses from DRAM to CXL changes the
    // instructions retired by about -rate x (marginalIps[CXL] - marginalIps[DRAM]) x 1e-4. The
    // marginals hold the rates fixed (no closed-loop feedback), so they overstate congestion a
    // little: within 30 % here, at 64 % DRAM utilisation.
    const devs = [{ bw: 100, writeCost: 1.5, idle: 116, k: 22 }, { bw: 36, writeBw: 27, idle: 250, k: 47 }];
    const mk = (share: number[]) => input(devs, [{ outstanding: 200, share: share.slice(0, 2), wf: 0.3, think: 50 }, { outstanding: 100, share: share.slice(2), wf: 0.1, think: 200 }], [30], [[[], [0]], [[], [0]]]);
    const ipa = Float64Array.from([20, 50]);
    const base = [0.8, 0.2, 0.6, 0.4];
    const ips = (x: number[]) => { const r = new LoadSolver(2, 2, 1).solve(mk(x)); return r.rate[0] * ipa[0] + r.rate[1] * ipa[1]; };
    const r = new LoadSolver(2, 2, 1).solve(mk(base), true, ipa);
    expect(r.deviceUtil[0]).toBeGreaterThan(0.5);
    expect(r.deviceUtil[0]).toBeLessThan(0.8);
    for (const h of [0, 1]) {
      const x = base.slice();
      x[h * 2] -= 1e-4; x[h * 2 + 1] += 1e-4;
      const solved = (ips(x) - ips(base)) / 1e-4;
      const predicted = -r.rate[h] * (r.marginalIps[h * 2 + 1] - r.marginalIps[h * 2]);
      expect(solved).toBeLessThan(0);
      expect(predicted / solved, `host ${h}`).toBeGreaterThan(0.9);
      expect(predicted / solved, `host ${h}`).toBeLessThan(1.3);
    }
  });

  it('is deterministic and does not depend on what it solved before', () => {
    fc.assert(fc.property(scenario, scenario, (a, b) => {
      if (a.H !== b.H || a.D !== b.D || a.L !== b.L) return;
      const reused = new LoadSolver(a.H, a.D, a.L);
      reused.solve(b);
      const x = Array.from(reused.solve(a).amatNs);
      const y = Array.from(new LoadSolver(a.H, a.D, a.L).solve(a).amatNs);
      expect(x).toEqual(y);
    }), { numRuns: 100, seed: 3 });
  });
});
