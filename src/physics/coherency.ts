// Shared regions and what keeping their sharers' caches coherent costs (CXL 3.0 shared memory).
//
// A shared region is a workload mapped by more than one host (its `hosts`, the sharers). Each
// epoch, from the sharers' own sampled accesses by page, per host h and the node n a page is on:
//   s = h's accesses to pages another sharer also accessed this epoch (a sharer that touched a
//       page is taken to hold its lines: samples resolve pages, not lines, so this is an upper
//       bound of the lines actually held),
//   k = the same accesses weighted by how many other sharers hold the page,
//   m = coherence misses: h's reads of a page after another sharer wrote it, per page
//       min(h's reads, the others' writes) (each write invalidates a reader's copy at most once
//       and a reader re-fetches it at most once per read),
//   w = the region's write ratio (1 - readRatio).
// Per access served, the two modes of the workload's `coherency`:
// - device (HDM-DB, back-invalidate): each write to a line k other sharers hold makes the device
//   send k BISnp and collect k BIRsp (one message slot each, CAL.biMessageBytes); the write waits
//   one BI round trip (the snoops go out in parallel: CAL.biSnoopNs + twice the fabric path to
//   the farthest sharer). Latency w x s x round trip; traffic w x k messages each way. The
//   messages a sharer receives are charged to its own path: every sharer runs the same
//   workload, so what h's writes send to others equals, on average, what h receives.
// - software (no snoops): the writer does not know who holds a line, so every write to the
//   region is flushed (CLWB + fence) and waits for the device: latency w x (all accesses to the
//   region) x idle round trip to the device; readers invalidate (CLFLUSHOPT, CAL.swInvalidateNs)
//   before re-reading what another sharer wrote: m x invalidate. No messages.
// Both: coherence misses re-fetch the line (m lines read over the reader's path and from the
// device). Their latency is not added again: a sampled access is a memory access already.
// A hot lock (`lockPerAccess`: atomic operations on one line, in the region's first page, per
// memory access of the workload) is the hotspot: every other sharer spins on it, so each
// operation is a write to a line all S-1 others hold: device mode, S-1 BISnp + BIRsp + S-1
// re-fetches by the spinners, waiting one BI round trip; software mode, an uncached far atomic
// at the device (one read and one write of the line) with S-1 spinners re-reading it. Both add
// the operation's own idle latency (it is not a sampled access).
// With one sharer (not a shared region) or no writes and no lock, everything is 0.
import { CAL, LINE_BYTES } from '../platform/calibration';
import type { AddressSpaces } from '../engine/address-spaces';
import type { NodeIdArray } from '../ids';
import type { CoherencyLoad } from './latency';
import { NO_NODE } from '../policies/types';
import type { CoherencyMode } from '../scenario/bounds';
import type { Scenario } from '../scenario/schema';
import type { Topology } from '../topology/topology';

const NONE: number = NO_NODE;

export type { CoherencyMode };

interface Region {
  space: number;
  base: number;
  n: number;
  mode: CoherencyMode;
  write: number;
  lock: number;
  /** Per page of the region this epoch: sharers that accessed it, and their accesses together. */
  holders: Uint8Array;
  total: Uint32Array;
  /** Per node: one back-invalidate round trip (ns) to the farthest sharer. */
  rttNs: Float64Array;
}

/** The epoch's coherency figures over all hosts. */
export interface CoherencyFigures {
  /** Coherency bytes sent per second (each message once, however many links it crosses), GB/s. */
  trafficGBps: number;
  /** Latency coherency adds per access served, access-weighted over all hosts (ns). */
  latencyNs: number;
}

export class Coherency {
  /** What the load solve adds (LoadInput.coherency): per host ns per access, per resource lines per access. */
  readonly load: CoherencyLoad;
  /** Per host: coherency lines sent per access served (messages once each). */
  private readonly lines: Float64Array;
  private readonly regions: Region[];
  private readonly slots: { host: number; counts: Uint32Array }[] = [];
  private readonly R: number;
  /** Per node scratch of one sharer: all, shared, holder-weighted accesses and coherence misses (samples). */
  private readonly all: Float64Array;
  private readonly shared: Float64Array;
  private readonly held: Float64Array;
  private readonly miss: Float64Array;
  private readonly served: Float64Array;
  private readonly out: CoherencyFigures = { trafficGBps: 0, latencyNs: 0 };

  /** The model of a scenario, or null when it has no shared region (nothing to add: runs stay as they were). */
  static create(scenario: Scenario, topo: Topology, spaces: AddressSpaces): Coherency | null {
    return scenario.workloads.some((w) => w.hosts.length > 1) ? new Coherency(scenario, topo, spaces) : null;
  }

  private constructor(private readonly scenario: Scenario, private readonly topo: Topology, private readonly spaces: AddressSpaces) {
    const { H, D, L, N } = topo;
    this.R = 2 * D + 2 * L;
    this.load = { addedNs: new Float64Array(H), weight: new Float64Array(H * this.R) };
    this.lines = new Float64Array(H);
    this.all = new Float64Array(N);
    this.shared = new Float64Array(N);
    this.held = new Float64Array(N);
    this.miss = new Float64Array(N);
    this.served = new Float64Array(H);
    const hostIndex = new Map(topo.hostIds.map((id, i) => [id, i] as const));
    this.regions = [];
    scenario.workloads.forEach((w, i) => {
      if (w.hosts.length < 2) return;
      const n = spaces.sizes[i];
      const sharers = w.hosts.map((h) => hostIndex.get(h)!);
      this.regions.push({
        space: i, base: spaces.bases[i], n, mode: w.coherency, write: 1 - w.readRatio, lock: w.lockPerAccess,
        holders: new Uint8Array(n), total: new Uint32Array(n),
        rttNs: Float64Array.from(topo.nodes, (node) => this.nodeMean(node.devices, node.shares, (d) => {
          let far = 0;
          for (const j of sharers) {
            const path = topo.idleNs[j * D + d] - scenario.devices[d].latencyNs;
            if (path > far) far = path;
          }
          return CAL.biSnoopNs.value + 2 * far;
        })),
      });
    });
  }

  /** Sharers of each shared region, by workload id (what meta lists). */
  static sharers(scenario: Scenario): { workload: string; hosts: string[]; coherency: CoherencyMode; lockPerAccess: number }[] {
    return scenario.workloads.filter((w) => w.hosts.length > 1).map((w) => ({ workload: w.id, hosts: w.hosts, coherency: w.coherency, lockPerAccess: w.lockPerAccess }));
  }

  /**
   * This epoch's coherency load from the sharers' sampled accesses and where their pages are
   * (pageNode); byNode gives each host's served samples, the unit "per access" is of.
   */
  measure(pageNode: NodeIdArray, byNode: Float64Array): void {
    const { H, N } = this.topo;
    const { addedNs, weight } = this.load;
    addedNs.fill(0);
    weight.fill(0);
    this.lines.fill(0);
    for (let h = 0; h < H; h++) {
      let t = 0;
      for (let n = 0; n < N; n++) t += byNode[h * N + n];
      this.served[h] = t;
    }
    for (const g of this.regions) this.region(g, pageNode);
  }

  private region(g: Region, pageNode: NodeIdArray): void {
    const S = this.spaces.sharedCounts(g.space, this.slots);
    const { holders, total, base, n } = g;
    holders.fill(0);
    total.fill(0);
    for (let j = 0; j < S; j++) {
      const c = this.slots[j].counts;
      for (let i = 0; i < n; i++) if (c[i] !== 0) { holders[i]++; total[i] += c[i]; }
    }
    const w = g.write, r = 1 - w;
    const { all, shared, held, miss } = this;
    const N = this.topo.N;
    for (let j = 0; j < S; j++) {
      const { host: h, counts } = this.slots[j];
      const t = this.served[h];
      if (!(t > 0)) continue;
      all.fill(0); shared.fill(0); held.fill(0); miss.fill(0);
      let mine = 0;
      for (let i = 0; i < n; i++) {
        const c = counts[i];
        if (c === 0) continue;
        const node = pageNode[base + i];
        if (node === NONE) continue;
        all[node] += c;
        mine += c;
        const others = holders[i] - 1;
        if (others > 0) {
          shared[node] += c;
          held[node] += c * others;
          const m = Math.min(r * c, w * (total[i] - c));
          miss[node] += m;
        }
      }
      let lat = 0, lines = 0;
      for (let node = 0; node < N; node++) {
        if (all[node] === 0) continue;
        const msgs = w * held[node] * (CAL.biMessageBytes.value / LINE_BYTES);
        if (g.mode === 'device') {
          lat += w * shared[node] * g.rttNs[node];
          this.charge(h, node, msgs + miss[node], msgs, miss[node]);
          lines += 2 * msgs + miss[node];
        } else {
          lat += w * all[node] * this.idle(h, node) + miss[node] * CAL.swInvalidateNs.value;
          this.charge(h, node, miss[node], 0, miss[node]);
          lines += miss[node];
        }
      }
      const lockNode = pageNode[base];
      if (g.lock > 0 && lockNode !== NONE && S > 1) {
        const ops = g.lock * mine, spin = S - 1;
        if (g.mode === 'device') {
          const msg = ops * spin * (CAL.biMessageBytes.value / LINE_BYTES);
          lat += ops * (this.idle(h, lockNode) + g.rttNs[lockNode]);
          this.charge(h, lockNode, ops * (1 + spin) + msg, msg, ops * (1 + spin));
          lines += ops * (1 + spin) + 2 * msg;
        } else {
          lat += ops * (this.idle(h, lockNode) + CAL.swInvalidateNs.value);
          this.charge(h, lockNode, ops * (1 + spin), ops, ops * (1 + spin));
          lines += ops * (2 + spin);
        }
      }
      this.load.addedNs[h] += lat / t;
      this.lines[h] += lines / t;
    }
  }

  /**
   * Adds lines (in samples; divided by h's served samples) to h's path to node's devices, by
   * their shares: towards the host (toHost), towards the device (toDevice), device reads.
   */
  private charge(h: number, node: number, toHost: number, toDevice: number, deviceRead: number): void {
    const { D, L, nodes, pathLinks } = this.topo;
    const { devices, shares } = nodes[node];
    const R = this.R, o = h * R, t = this.served[h], wt = this.load.weight;
    for (let k = 0; k < devices.length; k++) {
      const d = devices[k], s = shares[k] / t;
      wt[o + d] += deviceRead * s;
      const path = pathLinks[h * D + d];
      for (let x = 0; x < path.length; x++) {
        wt[o + 2 * D + path[x]] += toHost * s;
        wt[o + 2 * D + L + path[x]] += toDevice * s;
      }
    }
  }

  /** Idle load-to-use latency host -> node (its devices' by share): a flushed write or a far atomic waits for it. */
  private idle(h: number, node: number): number {
    const { idleNs, D, nodes } = this.topo;
    // A sharer that does not reach the device (no path) pays no round trip there.
    return this.nodeMean(nodes[node].devices, nodes[node].shares, (d) => idleNs[h * D + d] || 0);
  }

  private nodeMean(devices: Int32Array, shares: Float64Array, f: (d: number) => number): number {
    let x = 0;
    for (let k = 0; k < devices.length; k++) x += shares[k] * f(devices[k]);
    return x;
  }

  /** The epoch's figures from the hosts' served access rates (accesses/s) of the solve. */
  figures(hostRate: Float64Array): CoherencyFigures {
    let rate = 0, lat = 0, bytes = 0;
    for (let h = 0; h < hostRate.length; h++) {
      const r = hostRate[h];
      rate += r;
      lat += r * this.load.addedNs[h];
      bytes += r * this.lines[h] * LINE_BYTES;
    }
    this.out.trafficGBps = bytes / 1e9;
    this.out.latencyNs = rate > 0 ? lat / rate : 0;
    return this.out;
  }
}
