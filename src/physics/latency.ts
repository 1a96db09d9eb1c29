// Loaded latency and closed-loop traffic.
//
// Each host keeps cores x MLP misses in flight, and each of those slots computes for a think
// time between two misses, so its access rate is (misses in flight) / (think + its mean
// latency): traffic is an output (with no think time, a pure memory-miss generator). The
// solver's "hosts" are closed-loop classes: a class has its own misses in flight, think time,
// device shares, write share and paths, so the pool's VMs are classes of their own beside their
// host's workloads (src/engine/traffic.ts); the proof below is over any set of classes. Each resource (a device's read side, a
// full-duplex device's write side, each direction of each link) adds a queueing delay that
// grows with its load along the fitted DDR curve q(u) = k x/(1-x), x = 0.83 u, u = load /
// bandwidth; at u = 1 the resource is saturated and its queue grows until demand fits.
//
// Why this converges for every input: the equilibrium delays maximise the concave function
//   L(Q) = sum_h N_h ln A_h(Q) - sum_r H_r(Q_r),   A_h = think_h + idle_h + sum_r w_hr Q_r,
// (h over the classes: each term is concave in Q, so adding a class keeps L concave)
// whose gradient is (load the delays leave on r) - (load the curve allows at delay Q_r).
// Each coordinate has a unique maximiser, so Gauss-Seidel sweeps that solve each resource's
// one-dimensional equation exactly converge (coordinate ascent on a smooth concave function).
// The one-dimensional equation  load_r(Q) = allowed_r(Q)  is convex minus concave, so Newton
// steps from the left of its root climb to it monotonically. Sweeps stop when every
// resource's load matches its delay within TOLERANCE of its bandwidth.
//
// Reads and writes: a half-duplex device (DRAM, or CXL with DRAM-like media) carries reads and
// writes on one resource, a write costing writeCost reads; a full-duplex device (a CXL device
// with a write bandwidth) has a read and a write resource, each with its own bandwidth. Links
// carry reads on one direction and writes on the other.
import { CURVE_UMAX, LINE_BYTES } from '../platform/calibration';

/** Queueing delay (ns) at utilisation u in [0, 1] for coefficient k. */
export function queueDelayNs(u: number, k: number): number {
  const x = CURVE_UMAX * (u < 0 ? 0 : u > 1 ? 1 : u);
  return (k * x) / (1 - x);
}

export interface LoadInput {
  /** Closed-loop classes (hosts, then any extra classes such as VMs): at most the solver's capacity. */
  H: number;
  D: number;
  L: number;
  /** Misses in flight per host (0 = idle host). */
  outstanding: Float64Array;
  /** Compute time (ns) each miss slot spends between two misses: rate = outstanding / (think + latency). */
  thinkNs: Float64Array;
  /** Share of each host's accesses going to each device: [h * D + d], rows sum to 1 (or 0). */
  share: Float64Array;
  /** Write fraction of each host's accesses. */
  writeFraction: Float64Array;
  /** Idle latency host -> device (ns), NaN if unreachable: [h * D + d]. */
  idleNs: Float64Array;
  pathLinks: Int32Array[];
  /**
   * Per host, the devices it reaches (idleNs not NaN), ascending: the per-epoch passes visit
   * only these, so a solve costs the fabric's host -> device paths, not H x D. Absent: every
   * device is visited (the same figures, bit for bit: the lists keep index order).
   */
  reach?: Int32Array[];
  /** Read bandwidth of each device (bytes/s); for a half-duplex device, reads and writes share it. */
  deviceBw: Float64Array;
  /** Write bandwidth (bytes/s) of a full-duplex device; 0 = half duplex (writes use deviceBw at deviceWriteCost). */
  deviceWriteBw: Float64Array;
  deviceK: Float64Array;
  /** Read bandwidth one write costs on a half-duplex device (>= 1). */
  deviceWriteCost: Float64Array;
  linkBw: Float64Array; // bytes/s per direction
  linkK: Float64Array;
  /** Fixed background traffic (migrations), bytes/s: device reads / writes, link directions. */
  bgDeviceRead: Float64Array;
  bgDeviceWrite: Float64Array;
  bgLinkRead: Float64Array;
  bgLinkWrite: Float64Array;
  /** Shared regions' coherency (src/physics/coherency.ts): absent = none, and the solve is as without it. */
  coherency?: CoherencyLoad;
}

/**
 * What coherency adds to each host's accesses, per access served: latency, and traffic on
 * resources in lines (64 B) per access, [h * R + r] over the solver's resources (r < D: a
 * device's reads; 2D + l: link l towards the hosts; 2D + L + l: towards the devices).
 */
export interface CoherencyLoad {
  addedNs: Float64Array;
  weight: Float64Array;
}

export interface LoadResult {
  /** Accesses per second per host. */
  rate: Float64Array;
  /**
   * Marginal latency host -> device (ns, [h * D + d]) when solve() was asked for it (empty until then): the loaded
   * latency plus the delay one more access there adds to everyone else's accesses on the same
   * resources (d(load x delay)/d load per resource): what a placement that minimises the
   * access-weighted latency equalises.
   */
  marginalNs: Float64Array;
  /**
   * With instructions per access given to solve(): the instructions/s all hosts lose per access/s
   * host h adds on device d ([h * D + d]): its own accesses' latency times what a ns of it costs
   * the host (instructions per access / (think + AMAT)), plus the delay it adds on each resource
   * times what a ns there costs the hosts loading it (their load-weighted mean of the same).
   * What a placement that maximises instructions retired equalises.
   */
  marginalIps: Float64Array;
  /** Mean latency per host (ns). */
  amatNs: Float64Array;
  /** Loaded latency host -> device (ns), reads and writes in the host's mix: [h * D + d]. */
  latencyNs: Float64Array;
  /** Queueing delay of each device's reads (ns). */
  deviceDelayNs: Float64Array;
  /** Delivered load / bandwidth of the device's busier side, 0..1. */
  deviceUtil: Float64Array;
  /** Delivered bytes/s per device (reads + writes, including background). */
  deviceBytes: Float64Array;
  /** Delivered read and write bytes/s per device (including background). */
  deviceReadBytes: Float64Array;
  deviceWriteBytes: Float64Array;
  /** Busier direction of each link: bytes/s and share of its bandwidth. */
  linkUtil: Float64Array;
  linkBytes: Float64Array;
  /** Delivered bytes/s on each link towards the hosts (reads) and towards the devices (writes). */
  linkReadBytes: Float64Array;
  linkWriteBytes: Float64Array;
  /** Coherency bytes/s on each link, both directions together (0 without LoadInput.coherency). */
  linkCoherencyBytes: Float64Array;
  /** Largest |load - load allowed by its delay| / bandwidth over the resources at the end. */
  residual: number;
  /** Gauss-Seidel sweeps taken. */
  sweeps: number;
  /** residual <= TOLERANCE (false only if MAX_SWEEPS ran out). */
  converged: boolean;
}

/** Convergence: every resource's load within this share of its bandwidth of what its delay allows. */
export const TOLERANCE = 1e-9;
/** A safety net, never the stopping rule; reaching it sets converged = false. */
const MAX_SWEEPS = 500;
const MAX_NEWTON = 60;
/** Delay of a resource that background traffic alone saturates (ns): its hosts stall. */
const MAX_DELAY_NS = 1e9;
const ONE_MINUS_ULP = 1 - 1e-12;
/** Sweeps mixed by Anderson acceleration, and how many past sweeps it combines. */
const ACCELERATED_SWEEPS = 100;
const MEMORY = 5;

export class LoadSolver {
  private readonly r: LoadResult;
  private readonly R: number;
  // Per resource: capacity (bytes/s), curve k, background bytes/s, delay.
  private readonly cap: Float64Array;
  private readonly kk: Float64Array;
  private readonly bg: Float64Array;
  private readonly Q: Float64Array;
  private readonly load: Float64Array;
  // Host-major incidence (host h: entries hStart[h]..hStart[h+1]): resource and weight.
  private readonly hStart: Int32Array;
  private hRes: Int32Array;
  private hW: Float64Array;
  // Resource-major incidence: host, weight, and w * N_h * bytes-per-access * 1e9 (so load = c / A_ns).
  private readonly rStart: Int32Array;
  private rHost: Int32Array;
  private rW: Float64Array;
  private rC: Float64Array;
  private readonly rFill: Int32Array;
  // Scratch for building one host's weights.
  private readonly acc: Float64Array;
  private readonly stamp: Int32Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  private readonly aBase: Float64Array;
  private readonly A: Float64Array;
  private readonly scale: Float64Array;
  // Anderson acceleration: sweep input and output, history of residual and output changes.
  private readonly x: Float64Array;
  private readonly g: Float64Array;
  private readonly unit: Float64Array;
  private readonly fPrev: Float64Array;
  private readonly gPrev: Float64Array;
  private readonly dF: Float64Array[];
  private readonly dG: Float64Array[];
  private readonly gram = new Float64Array(MEMORY * MEMORY);
  private readonly rhs = new Float64Array(MEMORY);
  private head = 0;
  private depth = 0;
  // marginalIps scratch (made on first use): per host, per resource.
  private hostValue: Float64Array | null = null;
  private resValue: Float64Array | null = null;
  private resLoad: Float64Array | null = null;

  /**
   * capacity: the classes it can solve (LoadInput.H may be fewer). `usedPairsOnly`:
   * LoadResult.latencyNs only for the class -> device pairs with a share (the all-local reference
   * reads rates and AMATs alone; skipping the rest keeps its solve to the pairs it uses).
   */
  constructor(private readonly capacity: number, D: number, L: number, private readonly usedPairsOnly = false) {
    const H = capacity;
    const R = (this.R = 2 * D + 2 * L);
    this.r = {
      rate: new Float64Array(H),
      // Made on the first solve that asks for them (most solvers never do).
      marginalNs: new Float64Array(0),
      marginalIps: new Float64Array(0),
      amatNs: new Float64Array(H),
      latencyNs: new Float64Array(H * D).fill(NaN), // unreached pairs stay NaN (outputs visits reached ones)
      deviceDelayNs: new Float64Array(D),
      deviceUtil: new Float64Array(D),
      deviceBytes: new Float64Array(D),
      deviceReadBytes: new Float64Array(D),
      deviceWriteBytes: new Float64Array(D),
      linkUtil: new Float64Array(L),
      linkBytes: new Float64Array(L),
      linkReadBytes: new Float64Array(L),
      linkWriteBytes: new Float64Array(L),
      linkCoherencyBytes: new Float64Array(L),
      residual: 0,
      sweeps: 0,
      converged: true,
    };
    this.cap = new Float64Array(R);
    this.kk = new Float64Array(R);
    this.bg = new Float64Array(R);
    this.Q = new Float64Array(R);
    this.load = new Float64Array(R);
    // Incidence entries grow as the classes need them (a VM class touches a few resources of many).
    const nnz = Math.min(H * R, 1024);
    this.hStart = new Int32Array(H + 1);
    this.hRes = new Int32Array(nnz);
    this.hW = new Float64Array(nnz);
    this.rStart = new Int32Array(R + 1);
    this.rHost = new Int32Array(nnz);
    this.rW = new Float64Array(nnz);
    this.rC = new Float64Array(nnz);
    this.rFill = new Int32Array(R);
    this.acc = new Float64Array(R);
    this.stamp = new Int32Array(R).fill(-1);
    this.touched = new Int32Array(R);
    this.aBase = new Float64Array(H);
    this.A = new Float64Array(H);
    this.scale = new Float64Array(R);
    this.x = new Float64Array(R);
    this.g = new Float64Array(R);
    this.unit = new Float64Array(R);
    this.fPrev = new Float64Array(R);
    this.gPrev = new Float64Array(R);
    this.dF = Array.from({ length: MEMORY }, () => new Float64Array(R));
    this.dG = Array.from({ length: MEMORY }, () => new Float64Array(R));
  }

  /**
   * The equilibrium of `inp`; with `marginal`, also LoadResult.marginalNs, and with each host's
   * instructions per memory access, LoadResult.marginalIps.
   */
  solve(inp: LoadInput, marginal = false, instrPerAccess?: Float64Array): LoadResult {
    if (inp.H > this.capacity) throw new Error(`load solve: ${inp.H} classes, capacity ${this.capacity}`);
    this.resources(inp);
    this.incidence(inp);
    const { R, Q, x, g, cap, kk, bg, rStart } = this;
    // Resources no host uses keep the delay their background alone causes.
    for (let r = 0; r < R; r++) Q[r] = rStart[r] === rStart[r + 1] && cap[r] > 0 ? queueDelayNs(bg[r] / cap[r], kk[r]) : 0;
    this.depth = 0;
    let residual = this.refresh(inp);
    let sweeps = 0;
    while (residual > TOLERANCE && sweeps < MAX_SWEEPS) {
      sweeps++;
      // One Gauss-Seidel sweep: x -> g = T(x).
      x.set(Q);
      for (let r = 0; r < R; r++) if (rStart[r] < rStart[r + 1]) this.solveResource(r);
      g.set(Q);
      residual = this.refresh(inp);
      if (residual <= TOLERANCE || sweeps > ACCELERATED_SWEEPS) continue;
      // Anderson acceleration of the sweeps, kept only where it lowers the residual; after
      // ACCELERATED_SWEEPS plain sweeps alone finish (they converge from any point).
      if (this.accelerate()) {
        const tried = this.refresh(inp);
        if (tried < residual) residual = tried;
        else { Q.set(g); this.depth = 0; residual = this.refresh(inp); }
      }
    }
    const res = this.r;
    res.residual = residual;
    res.sweeps = sweeps;
    res.converged = residual <= TOLERANCE;
    this.outputs(inp);
    if (marginal) this.marginals(inp, instrPerAccess);
    return res;
  }

  /**
   * Anderson mixing (memory MEMORY) of the last sweeps: from the sweep inputs x_i and outputs
   * g_i, the combination of outputs whose residuals g_i - x_i cancel best. Writes it to Q;
   * false (Q untouched) until there is history.
   */
  private accelerate(): boolean {
    const { R, x, g, Q, dF, dG, fPrev, gPrev, gram, rhs, cap } = this;
    const slot = this.head;
    if (this.depth > 0) {
      const df = dF[slot], dg = dG[slot];
      for (let r = 0; r < R; r++) {
        // Residuals in units of each resource's own scale, so busy and idle resources weigh alike.
        const f = (g[r] - x[r]) * this.unit[r];
        df[r] = f - fPrev[r];
        dg[r] = g[r] - gPrev[r];
      }
      this.head = (slot + 1) % MEMORY;
    }
    for (let r = 0; r < R; r++) { fPrev[r] = (g[r] - x[r]) * this.unit[r]; gPrev[r] = g[r]; }
    const m = Math.min(this.depth, MEMORY);
    this.depth++;
    if (m === 0) return false;
    // Least squares min |f - dF gamma|: normal equations, lightly regularised.
    for (let i = 0; i < m; i++) {
      const di = dF[(this.head - 1 - i + 2 * MEMORY) % MEMORY];
      let b = 0;
      for (let r = 0; r < R; r++) b += di[r] * fPrev[r];
      rhs[i] = b;
      for (let j = 0; j <= i; j++) {
        const dj = dF[(this.head - 1 - j + 2 * MEMORY) % MEMORY];
        let s = 0;
        for (let r = 0; r < R; r++) s += di[r] * dj[r];
        gram[i * MEMORY + j] = gram[j * MEMORY + i] = s;
      }
    }
    let trace = 0;
    for (let i = 0; i < m; i++) trace += gram[i * MEMORY + i];
    if (!(trace > 0)) return false;
    for (let i = 0; i < m; i++) gram[i * MEMORY + i] += 1e-10 * trace;
    if (!solveSmall(gram, rhs, m, MEMORY)) return false;
    Q.set(g);
    for (let i = 0; i < m; i++) {
      const gi = dG[(this.head - 1 - i + 2 * MEMORY) % MEMORY], c = rhs[i];
      for (let r = 0; r < R; r++) Q[r] -= c * gi[r];
    }
    for (let r = 0; r < R; r++) {
      if (!(Q[r] > 0)) Q[r] = 0;
      else if (Q[r] > MAX_DELAY_NS) Q[r] = MAX_DELAY_NS;
      if (this.bg[r] >= cap[r]) Q[r] = g[r];
    }
    return true;
  }

  /** Capacity, curve and background of every resource. */
  private resources(inp: LoadInput): void {
    const { D, L } = inp;
    const { cap, kk, bg } = this;
    for (let d = 0; d < D; d++) {
      const full = inp.deviceWriteBw[d] > 0;
      cap[d] = inp.deviceBw[d];
      kk[d] = inp.deviceK[d];
      bg[d] = inp.bgDeviceRead[d] + (full ? 0 : inp.bgDeviceWrite[d] * inp.deviceWriteCost[d]);
      cap[D + d] = full ? inp.deviceWriteBw[d] : 0;
      kk[D + d] = inp.deviceK[d];
      bg[D + d] = full ? inp.bgDeviceWrite[d] : 0;
    }
    for (let l = 0; l < L; l++) {
      cap[2 * D + l] = cap[2 * D + L + l] = inp.linkBw[l];
      kk[2 * D + l] = kk[2 * D + L + l] = inp.linkK[l];
      bg[2 * D + l] = inp.bgLinkRead[l];
      bg[2 * D + L + l] = inp.bgLinkWrite[l];
    }
    for (let r = 0; r < this.R; r++) this.unit[r] = 1 / (kk[r] + 1);
  }

  /** Which resources each host's accesses load, with what weight per access (both ways round). */
  private incidence(inp: LoadInput): void {
    const { H, D, L, share, idleNs, pathLinks } = inp;
    const { acc, touched, hStart } = this;
    this.stamp.fill(-1);
    let n = 0;
    for (let h = 0; h < H; h++) {
      hStart[h] = n;
      let base = inp.thinkNs[h];
      if (inp.outstanding[h] > 0) {
        this.nTouched = 0;
        const wf = inp.writeFraction[h];
        const devs = inp.reach?.[h];
        const nd = devs ? devs.length : D;
        for (let j = 0; j < nd; j++) {
          const d = devs ? devs[j] : j;
          const s = share[h * D + d];
          if (!(s > 0)) continue;
          base += s * idleNs[h * D + d];
          const rd = s * (1 - wf), wr = s * wf;
          if (inp.deviceWriteBw[d] > 0) { this.add(h, d, rd); this.add(h, D + d, wr); } else this.add(h, d, rd + wr * inp.deviceWriteCost[d]);
          const path = pathLinks[h * D + d];
          for (let k = 0; k < path.length; k++) { this.add(h, 2 * D + path[k], rd); this.add(h, 2 * D + L + path[k], wr); }
        }
        const coh = inp.coherency;
        // Coherency is the hosts' (its rows); classes past them (VMs) share no region.
        if (coh && h < coh.addedNs.length) {
          const R = this.R;
          base += coh.addedNs[h];
          for (let r = 0; r < R; r++) this.add(h, r, coh.weight[h * R + r]);
        }
        const t = this.nTouched;
        if (n + t > this.hRes.length) this.grow(n + t);
        const { hRes, hW } = this;
        // Resources in index order, so every later pass visits them deterministically.
        const list = touched.subarray(0, t).sort();
        for (let i = 0; i < t; i++) { hRes[n] = list[i]; hW[n] = acc[list[i]]; n++; }
      }
      this.aBase[h] = base;
    }
    hStart[H] = n;
    // Transpose into resource-major lists.
    const { rStart, rFill, rHost, rW, rC, R, hRes, hW } = this;
    rStart.fill(0);
    for (let i = 0; i < n; i++) rStart[hRes[i] + 1]++;
    for (let r = 0; r < R; r++) rStart[r + 1] += rStart[r];
    rFill.set(rStart.subarray(0, R));
    for (let h = 0; h < H; h++) {
      const c = inp.outstanding[h] * LINE_BYTES * 1e9;
      for (let i = hStart[h]; i < hStart[h + 1]; i++) {
        const j = rFill[hRes[i]]++;
        rHost[j] = h; rW[j] = hW[i]; rC[j] = hW[i] * c;
      }
    }
  }

  /** Room for n incidence entries (doubling, contents kept). */
  private grow(n: number): void {
    let size = this.hRes.length * 2;
    while (size < n) size *= 2;
    const more = <T extends Int32Array | Float64Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(size); b.set(a); return b; };
    this.hRes = more(this.hRes); this.hW = more(this.hW);
    this.rHost = new Int32Array(size); this.rW = new Float64Array(size); this.rC = new Float64Array(size);
  }

  /** Adds weight w of host h's accesses to resource r (h's scratch row). */
  private add(h: number, r: number, w: number): void {
    if (w === 0) return;
    if (this.stamp[r] !== h) { this.stamp[r] = h; this.acc[r] = 0; this.touched[this.nTouched++] = r; }
    this.acc[r] += w;
  }

  /** Host latencies from the delays, then loads, then the worst resource's mismatch. */
  private refresh(inp: LoadInput): number {
    const { H } = inp;
    const { A, aBase, hStart, hRes, hW, Q, load, bg, cap, kk, R, rStart } = this;
    load.set(bg);
    for (let h = 0; h < H; h++) {
      let a = aBase[h];
      for (let i = hStart[h]; i < hStart[h + 1]; i++) a += hW[i] * Q[hRes[i]];
      A[h] = a;
      if (hStart[h] === hStart[h + 1] || !(a > 0)) continue;
      const bytes = (inp.outstanding[h] * LINE_BYTES * 1e9) / a;
      for (let i = hStart[h]; i < hStart[h + 1]; i++) load[hRes[i]] += hW[i] * bytes;
    }
    let worst = 0;
    for (let r = 0; r < R; r++) {
      // Unused, or filled by background alone (its hosts stall at MAX_DELAY_NS): nothing to match.
      if (rStart[r] === rStart[r + 1] || bg[r] >= cap[r]) continue;
      const miss = Math.abs(load[r] - allowed(Q[r], cap[r], kk[r])) / cap[r];
      if (miss > worst) worst = miss;
    }
    return worst;
  }

  /**
   * Sets resource r's delay so that the load its hosts put on it (the other delays fixed)
   * equals what the curve allows at that delay. f(Q) = load(Q) - allowed(Q) is convex and
   * decreasing, so Newton from the left of the root climbs to it without overshooting (and
   * one step from the right lands on its left).
   */
  private solveResource(r: number): void {
    const { Q, A, cap, kk, bg, rStart, rHost, rW, rC } = this;
    const C = cap[r], k = kk[r], b = bg[r];
    const q0 = Q[r];
    const a0 = rStart[r], a1 = rStart[r + 1];
    // Background alone fills it: its hosts stall (and the copies are delivered only up to C).
    let q = b >= C ? MAX_DELAY_NS : q0;
    for (let it = 0; it < MAX_NEWTON && q < MAX_DELAY_NS; it++) {
      let f = b, fp = 0;
      const dq = q - q0;
      for (let j = a0; j < a1; j++) {
        const a = A[rHost[j]] + rW[j] * dq;
        const t = rC[j] / a;
        f += t;
        fp -= (t * rW[j]) / a;
      }
      f -= allowed(q, C, k);
      fp -= allowedSlope(q, C, k);
      if (Math.abs(f) <= TOLERANCE * 1e-2 * C || !(fp < 0)) break;
      let next = q - f / fp;
      if (next < 0) next = 0;
      if (next > MAX_DELAY_NS) next = MAX_DELAY_NS;
      if (next === q) break;
      q = next;
    }
    if (q !== q0) {
      const dq = q - q0;
      for (let j = a0; j < a1; j++) A[rHost[j]] += rW[j] * dq;
      Q[r] = q;
    }
  }

  /** Rates, latencies and delivered traffic from the converged delays. */
  private outputs(inp: LoadInput): void {
    const { H, D, L, share, idleNs, pathLinks } = inp;
    const res = this.r;
    const { A, Q, load, cap, bg, scale, hStart, hRes, R } = this;
    // Whatever tolerance is left (and background alone over a bandwidth) is clipped, so no
    // resource ever delivers more than its bandwidth.
    for (let r = 0; r < R; r++) {
      const hostLoad = load[r] - bg[r];
      scale[r] = load[r] > cap[r] && hostLoad > 0 ? Math.max(0, cap[r] - bg[r]) / hostLoad * ONE_MINUS_ULP : 1;
    }
    for (let h = 0; h < H; h++) {
      let f = 1;
      for (let i = hStart[h]; i < hStart[h + 1]; i++) if (scale[hRes[i]] < f) f = scale[hRes[i]];
      const a = A[h];
      res.rate[h] = hStart[h] < hStart[h + 1] && a > 0 ? ((inp.outstanding[h] * 1e9) / a) * f : 0;
    }
    const rdB = res.deviceReadBytes, wrB = res.deviceWriteBytes;
    for (let d = 0; d < D; d++) {
      const full = inp.deviceWriteBw[d] > 0;
      // Background over a bandwidth is delivered only up to it.
      const wc = full ? 0 : inp.deviceWriteCost[d];
      const bgLoad = inp.bgDeviceRead[d] + inp.bgDeviceWrite[d] * wc;
      const fr = bgLoad > cap[d] ? cap[d] / bgLoad : 1;
      const fw = full ? (inp.bgDeviceWrite[d] > cap[D + d] ? cap[D + d] / inp.bgDeviceWrite[d] : 1) : fr;
      rdB[d] = inp.bgDeviceRead[d] * fr;
      wrB[d] = inp.bgDeviceWrite[d] * fw;
    }
    const lr = res.linkReadBytes, lw = res.linkWriteBytes;
    for (let l = 0; l < L; l++) {
      lr[l] = Math.min(inp.bgLinkRead[l], inp.linkBw[l]);
      lw[l] = Math.min(inp.bgLinkWrite[l], inp.linkBw[l]);
    }
    for (let h = 0; h < H; h++) {
      const wf = inp.writeFraction[h];
      const bytes = res.rate[h] * LINE_BYTES;
      let amat = 0;
      // Unreached pairs stay NaN (set once, below): only the host's own paths are visited.
      const devs = inp.reach?.[h];
      const nd = devs ? devs.length : D;
      for (let j = 0; j < nd; j++) {
        const d = devs ? devs[j] : j;
        const i = h * D + d;
        if (this.usedPairsOnly && !(share[i] > 0)) continue;
        const idle = idleNs[i];
        if (idle !== idle) { res.latencyNs[i] = NaN; continue; }
        const path = pathLinks[i];
        let rd = Q[d], wr: number;
        if (inp.deviceWriteBw[d] > 0) wr = Q[D + d]; else wr = Q[d] * inp.deviceWriteCost[d];
        for (let k = 0; k < path.length; k++) { rd += Q[2 * D + path[k]]; wr += Q[2 * D + L + path[k]]; }
        const lat = idle + (1 - wf) * rd + wf * wr;
        res.latencyNs[i] = lat;
        const s = share[i];
        if (!(s > 0)) continue;
        amat += s * lat;
        if (bytes > 0) {
          const b = bytes * s;
          rdB[d] += b * (1 - wf);
          wrB[d] += b * wf;
          for (let k = 0; k < path.length; k++) { lr[path[k]] += b * (1 - wf); lw[path[k]] += b * wf; }
        }
      }
      res.amatNs[h] = amat + (inp.coherency && h < inp.coherency.addedNs.length ? inp.coherency.addedNs[h] : 0);
    }
    if (inp.coherency) this.coherencyBytes(inp, inp.coherency);
    for (let d = 0; d < D; d++) {
      res.deviceDelayNs[d] = Q[d];
      res.deviceBytes[d] = rdB[d] + wrB[d];
      const full = inp.deviceWriteBw[d] > 0;
      const u = full
        ? Math.max(rdB[d] / cap[d], wrB[d] / cap[D + d])
        : (rdB[d] + wrB[d] * inp.deviceWriteCost[d]) / cap[d];
      res.deviceUtil[d] = Math.min(1, u);
    }
    for (let l = 0; l < L; l++) {
      res.linkBytes[l] = Math.max(lr[l], lw[l]);
      res.linkUtil[l] = Math.min(1, res.linkBytes[l] / inp.linkBw[l]);
    }
  }

  /** Delivered coherency bytes on devices' reads and on links (their own row, and in the totals). */
  private coherencyBytes(inp: LoadInput, coh: CoherencyLoad): void {
    const { H, D, L } = inp;
    const res = this.r, R = this.R, cb = res.linkCoherencyBytes;
    cb.fill(0);
    for (let h = 0; h < Math.min(H, coh.addedNs.length); h++) {
      const bytes = res.rate[h] * LINE_BYTES;
      if (!(bytes > 0)) continue;
      const o = h * R;
      for (let d = 0; d < D; d++) res.deviceReadBytes[d] += bytes * coh.weight[o + d];
      for (let l = 0; l < L; l++) {
        const rd = bytes * coh.weight[o + 2 * D + l], wr = bytes * coh.weight[o + 2 * D + L + l];
        res.linkReadBytes[l] += rd; res.linkWriteBytes[l] += wr; cb[l] += rd + wr;
      }
    }
  }

  /**
   * Marginal latencies from the converged delays: for each resource an access loads, its delay
   * Q plus load x dQ/dload, which on the curve Q = k x/(1-x) is Q (k + Q) / k (the same
   * expression carries on past the curve's end, growing with the queue).
   */
  private marginals(inp: LoadInput, ipa?: Float64Array): void {
    const { H, D, L, idleNs, pathLinks } = inp;
    const { Q, kk } = this;
    const res = this.r;
    if (res.marginalNs.length < this.capacity * D) { res.marginalNs = new Float64Array(this.capacity * D); res.marginalIps = new Float64Array(this.capacity * D); }
    const queue = (r: number) => (kk[r] > 0 ? (Q[r] * (kk[r] + Q[r])) / kk[r] : 0);
    const extra = (r: number) => Q[r] + queue(r);
    /** The sum over the resources an access of host h to device d loads, reads and writes in h's mix. */
    const along = (h: number, d: number, f: (r: number) => number) => {
      const wf = inp.writeFraction[h];
      let rd = f(d);
      let wr = inp.deviceWriteBw[d] > 0 ? f(D + d) : f(d) * inp.deviceWriteCost[d];
      const path = pathLinks[h * D + d];
      for (let k = 0; k < path.length; k++) { rd += f(2 * D + path[k]); wr += f(2 * D + L + path[k]); }
      return (1 - wf) * rd + wf * wr;
    };
    for (let h = 0; h < H; h++) {
      for (let d = 0; d < D; d++) {
        const i = h * D + d;
        const idle = idleNs[i];
        res.marginalNs[i] = idle !== idle ? NaN : idle + along(h, d, extra);
      }
    }
    if (!ipa) return;
    // What a ns of latency costs each host (instructions/s per access/s), and each resource's
    // load-weighted mean of it over the hosts that load it.
    const { R, hStart, hRes, hW } = this;
    const value = (this.hostValue ??= new Float64Array(H));
    const acc = (this.resValue ??= new Float64Array(R)), den = (this.resLoad ??= new Float64Array(R));
    acc.fill(0);
    den.fill(0);
    for (let h = 0; h < H; h++) {
      const n = inp.outstanding[h], r = res.rate[h];
      // d(instructions/s)/d(AMAT) = ipa x rate^2 / (N x 1e9) over the host's rate: per access/s and ns.
      value[h] = n > 0 ? (ipa[h] * r) / (n * 1e9) : 0;
      for (let i = hStart[h]; i < hStart[h + 1]; i++) { acc[hRes[i]] += value[h] * r * hW[i]; den[hRes[i]] += r * hW[i]; }
    }
    for (let r = 0; r < R; r++) acc[r] = den[r] > 0 ? acc[r] / den[r] : 0;
    for (let h = 0; h < H; h++) {
      const u = value[h];
      for (let d = 0; d < D; d++) {
        const i = h * D + d;
        const idle = idleNs[i];
        res.marginalIps[i] = idle !== idle ? NaN : u * (idle + along(h, d, (r) => Q[r])) + along(h, d, (r) => acc[r] * queue(r));
      }
    }
  }

}

/** Load (bytes/s) a resource carries when its queueing delay is q: the curve inverted, capped at its bandwidth. */
function allowed(q: number, C: number, k: number): number {
  if (!(k > 0)) return C;
  const x = q / (k + q);
  return x >= CURVE_UMAX ? C : (C * x) / CURVE_UMAX;
}

function allowedSlope(q: number, C: number, k: number): number {
  if (!(k > 0)) return 0;
  const x = q / (k + q);
  if (x >= CURVE_UMAX) return 0;
  return (C * k) / (CURVE_UMAX * (k + q) * (k + q));
}

/** Solves the m x m system a y = b in place (b becomes y), Gaussian elimination with pivoting. */
function solveSmall(a: Float64Array, b: Float64Array, m: number, stride: number): boolean {
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(a[i * stride + c]) > Math.abs(a[p * stride + c])) p = i;
    if (!(Math.abs(a[p * stride + c]) > 0)) return false;
    if (p !== c) {
      for (let j = 0; j < m; j++) { const t = a[c * stride + j]; a[c * stride + j] = a[p * stride + j]; a[p * stride + j] = t; }
      const t = b[c]; b[c] = b[p]; b[p] = t;
    }
    for (let i = c + 1; i < m; i++) {
      const f = a[i * stride + c] / a[c * stride + c];
      for (let j = c; j < m; j++) a[i * stride + j] -= f * a[c * stride + j];
      b[i] -= f * b[c];
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < m; j++) s -= a[i * stride + j] * b[j];
    b[i] = s / a[i * stride + i];
  }
  return true;
}
