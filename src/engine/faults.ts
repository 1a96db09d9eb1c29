// What the timeline's events do to a running engine (src/events/types.ts EventContext), as
// Linux and the hardware behave:
// - a device fails: every page on it is lost (a member of an interleave set takes the whole
//   set: every address stripes over all members), attributed to the event, and the blast
//   radius is counted: the hosts whose processes had pages there (a shared region's sharers,
//   all of them), the VMs with pool memory on it (stopped: their memory is gone), the shared
//   regions hit, the bytes lost;
// - memory goes offline (hot-remove): src/engine/drain.ts; it comes back or grows (hot-add),
//   onlined as ZONE_MOVABLE or ZONE_NORMAL;
// - a link fails or degrades: paths are recomputed; a host that no longer reaches a node
//   cannot access its pages there (pagesInaccessible, never served, never lost; they come
//   back with the link); a slower link shows in the loaded latency of the next solve;
// - a page is poisoned: each host of its owner that consumes it takes a machine check,
//   memory_failure() isolates the frame for good and every process that maps the page is
//   sent SIGBUS (a shared region: every sharer); its data is lost;
// - the pool's books: extents granted or released, VMs started or stopped, a pooled device gone.
// Every change of the fabric ends in FaultHost.retopo(): the topology rebuilt in place, the
// policy told, the meta's version moved.
import { Rng, Stream } from '../rng';
import type { Scenario } from '../scenario/schema';
import { NO_NODE } from '../ids';
import { LIMITS } from '../scenario/limits';
import type { Applied, EventContext, Zone } from '../events/types';
import { EVENT_VM_IDS, type EnginePool } from '../pool/engine-pool';
import type { SplitPages } from '../physics/split-pages';
import { DEVICE_STATE, linkByName, serves, type FabricState } from '../topology/fabric';
import { nodeFrames, type Topology } from '../topology/topology';
import { Reason } from '../policies/types';
import type { Drain, Drains } from './drain';
import { EVENT_STATUS, STREAM, type EventStream } from './event-stream';
import type { Memory } from './memory';
import type { MigrationQueue } from './migrations';

const NONE: number = NO_NODE;
const GIB = 1024 * 1024 * 1024;

/** Pages lost to faults: by whom (the event's index + 2; 1 = a change made through the API; 0 = not lost). */
export class LostPages {
  by: Int16Array | null = null;
  /** Since the run started, and at the start of this epoch. */
  total = 0;
  now = 0;

  constructor(private readonly pages: number) {}

  /** Page p (already off its frame) is lost, because of event `cause` (-1: the API). */
  mark(p: number, cause: number): void {
    const by = (this.by ??= new Int16Array(this.pages));
    if (by[p] !== 0) return;
    by[p] = cause + 2;
    this.total++;
    this.now++;
  }

  isLost(p: number): boolean {
    return this.by !== null && this.by[p] !== 0;
  }
}

/** What faults.ts reads and changes of the engine (Engine implements it). */
export interface FaultHost {
  readonly epoch: number;
  readonly fabric: Scenario;
  readonly state: FabricState;
  readonly topo: Topology;
  readonly mem: Memory;
  readonly pageBytes: number;
  readonly pageInitiator: ArrayLike<number>;
  /** First page and pages of each workload's address space. */
  readonly bases: readonly number[];
  readonly sizes: readonly number[];
  readonly rate: Float32Array;
  readonly split: SplitPages;
  readonly queue: MigrationQueue;
  readonly drains: Drains;
  readonly stream: EventStream;
  readonly pool: EnginePool | null;
  readonly lost: LostPages;
  /** Per node: how its memory was onlined. */
  readonly zone: Zone[];
  /** Pages that cannot move (made on first use). */
  pinned(): Uint8Array;
  /** The fabric's state changed: rebuild the topology, tell the policy, move the meta's version. */
  retopo(): void;
  switchPolicy(name: string, params: Record<string, number>, cause: number): Applied;
  changeWorkload(w: number, patch: Record<string, number | string>, cause: number): Applied;
}

/** An integer with thousands separators, as en-US writes it ("28,588"): by hand, because
 * toLocaleString builds an Intl formatter per call (the first costs ~15 ms: ICU loading), in the epoch a fault lands. */
export function fmt(n: number): string {
  const s = String(Math.abs(Math.round(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) out += (i > 0 && (s.length - i) % 3 === 0 ? ',' : '') + s[i];
  return n < -0.5 ? `-${out}` : out;
}
/** Bytes as the summary says them: "3.2 GiB", "768 MiB", "4 KiB". */
export function sizeText(bytes: number): string {
  const units = [['GiB', GIB], ['MiB', 1 << 20], ['KiB', 1 << 10]] as const;
  for (const [u, b] of units) if (bytes >= b) { const x = bytes / b; return `${x >= 10 ? x.toFixed(0) : x.toFixed(1).replace(/\.0$/, '')} ${u}`; }
  return `${bytes} B`;
}
/** "a, b and c" (at most `max` named, then "and N more"). */
export function listWords(xs: readonly (string | number)[], max = 6): string {
  const s = xs.map(String);
  if (s.length <= 1) return s.join('');
  if (s.length > max) return `${s.slice(0, max).join(', ')} and ${s.length - max} more`;
  return `${s.slice(0, -1).join(', ')} and ${s[s.length - 1]}`;
}

/** The one-line blast radius: "16 hosts, 41 VMs, 3.2 GiB lost". */
export function blastSummary(hosts: number, vms: number, bytes: number): string {
  return `${hosts} host${hosts === 1 ? '' : 's'}, ${vms} VM${vms === 1 ? '' : 's'}, ${sizeText(bytes)} lost`;
}

/** The EventContext of one event, applied at the start of epoch host.epoch. */
export class FaultOps implements EventContext {
  private rngOf: Rng | null = null;

  constructor(private readonly e: FaultHost, private readonly seed: number, private readonly cause: number) {}

  get epoch(): number { return this.e.epoch; }
  get epochMs(): number { return this.e.fabric.epochMs; }

  /** The event's own seeded stream (its index picks it): the same event draws the same page. */
  private get rng(): Rng {
    return (this.rngOf ??= new Rng(this.seed, Stream.events * 1000 + Math.max(0, this.cause)));
  }

  device(id: string): number { return this.e.fabric.devices.findIndex((d) => d.id === id); }
  link(name: string): number { return linkByName(this.e.fabric, name); }
  workload(id: string): number { return this.e.fabric.workloads.findIndex((w) => w.id === id); }
  host(id: string): number { return this.e.fabric.hosts.findIndex((h) => h.id === id); }

  private id(d: number): string { return this.e.fabric.devices[d].id; }

  /** The workload a page belongs to (binary search over the address spaces). */
  private workloadOf(p: number): number {
    const b = this.e.bases;
    let lo = 0, hi = b.length - 1;
    while (lo < hi) { const m = (lo + hi + 1) >> 1; if (b[m] <= p) lo = m; else hi = m - 1; }
    return lo;
  }

  /** Pages leave their node for good (a device gone): counted, attributed, with who held them. */
  private losePages(pages: readonly number[], hosts: Set<number>, perWorkload: Int32Array): void {
    const { mem, split, lost, topo } = this.e, owner = this.e.pageInitiator;
    for (const p of pages) {
      if (split.count > 0 && split.mask[p] !== 0) split.merge(mem, p);
      mem.release(p);
      lost.mark(p, this.cause);
      for (const h of topo.initiators[owner[p]].hosts) hosts.add(h);
      perWorkload[this.workloadOf(p)]++;
    }
  }

  failDevice(d: number): Applied {
    const h = this.e, { topo, mem, state, stream } = h;
    if (state.device[d] === DEVICE_STATE.failed) return { ok: false, reason: `${this.id(d)} has already failed` };
    if (!serves(state, d)) return { ok: false, reason: `${this.id(d)} is not online (${['online', 'absent', 'going offline', 'offline', 'failed'][state.device[d]]}): nothing on it to lose` };
    const n = topo.deviceNode[d], members = Array.from(topo.nodes[n].devices);
    const drain = h.drains.of(n);
    if (drain) this.endDrain(drain, false, `${this.id(d)} failed while its memory was going offline`);
    h.split.releaseNode(mem, n);
    const hosts = new Set<number>(), perWorkload = new Int32Array(h.fabric.workloads.length);
    const pages = mem.pagesAbove(n, 0);
    this.losePages(pages, hosts, perWorkload);
    mem.setCapacity(n, 0);
    for (const m of members) state.device[m] = m === d ? DEVICE_STATE.failed : DEVICE_STATE.offline;
    const vms: number[] = [];
    let vmBytes = 0;
    if (h.pool) for (const m of members) {
      const hit = h.pool.failDevice(m);
      vms.push(...hit.vms);
      for (const x of hit.hosts) hosts.add(x);
      vmBytes += hit.gib * GIB;
    }
    const regions = h.fabric.workloads.filter((w, i) => perWorkload[i] > 0 && w.hosts.length > 1).map((w) => w.id);
    const hostIds = [...hosts].sort((a, b) => a - b).map((x) => topo.hostIds[x]);
    if (pages.length > 0) stream.record(h.epoch, STREAM.lost, 0, pages.length, this.cause);
    for (const v of vms) stream.record(h.epoch, STREAM.vm, v, 1, this.cause);
    h.retopo();
    const bytes = pages.length * h.pageBytes + vmBytes;
    const set = members.length > 1 ? ` with its interleave set ${topo.nodeIds[n]} (${listWords(members.map((m) => this.id(m)))})` : '';
    const what = h.fabric.workloads.map((w, i) => (perWorkload[i] > 0 ? `${fmt(perWorkload[i])} of ${w.id}` : '')).filter(Boolean);
    return {
      ok: true,
      reason: `${this.id(d)} failed${set}: ${fmt(pages.length)} pages lost${what.length ? ` (${listWords(what)})` : ''}${regions.length ? `, shared region${regions.length > 1 ? 's' : ''} ${listWords(regions)}` : ''}${vms.length ? `; ${vms.length} VM${vms.length > 1 ? 's' : ''} with pool memory on it stopped` : ''}`,
      summary: blastSummary(hosts.size, vms.length, bytes),
      pagesLost: pages.length, hostsHit: hostIds, vmsHit: vms, regionsHit: regions,
    };
  }

  offlineDevice(d: number, o: { unmovableShare: number; timeoutMs: number }): Applied {
    const h = this.e, { topo, mem, state } = h;
    if (!serves(state, d)) return { ok: false, reason: `${this.id(d)} is not online: nothing to take offline` };
    const n = topo.deviceNode[d], members = Array.from(topo.nodes[n].devices);
    if (h.drains.of(n)) return { ok: false, reason: `${this.id(d)} is already going offline` };
    if (h.pool) {
      const busy = members.map((m) => h.pool!.inUse(m)).flat();
      if (busy.length > 0) return { ok: false, reason: `VM${busy.length > 1 ? 's' : ''} ${listWords(busy)} hold${busy.length > 1 ? '' : 's'} pool memory on ${this.id(d)}: a host declines to release capacity in use (CXL dynamic capacity release); stop ${busy.length > 1 ? 'them' : 'it'} first` };
    }
    for (const m of members) state.device[m] = DEVICE_STATE.offlining;
    h.split.releaseNode(mem, n);
    // Long-term pins exist only where the kernel lets them: ZONE_NORMAL.
    let pins = 0;
    if (h.zone[n] === 'normal' && o.unmovableShare > 0) {
      const pinned = h.pinned(), rng = this.rng;
      for (const p of mem.pagesAbove(n, 0)) if (rng.nextFloat() < o.unmovableShare) { pinned[p] = 1; pins++; }
    }
    const left = mem.used(n);
    const epochs = Math.max(1, Math.ceil(o.timeoutMs / h.fabric.epochMs));
    h.drains.start({ node: n, keep: 0, reason: Reason.offline, cause: this.cause, start: h.epoch, deadline: h.epoch + epochs, pinned: pins });
    h.retopo();
    return { ok: true, pending: true, reason: `${this.id(d)} going offline: ${fmt(left)} pages to migrate off, in ${h.zone[n] === 'normal' ? 'ZONE_NORMAL' : 'ZONE_MOVABLE'}` };
  }

  /**
   * Ends a drain: done (the memory leaves: the node keeps `keep` frames) or failed (the range
   * goes back into use). Writes the outcome of the event it serves.
   */
  endDrain(dr: Drain, ok: boolean, why?: string): void {
    endDrain(this.e, dr, ok, why);
  }

  onlineDevice(d: number, o: { capacityMB?: number; zone?: Zone }): Applied {
    const h = this.e, { topo, mem, state } = h;
    const n = topo.deviceNode[d], members = Array.from(topo.nodes[n].devices);
    const zone = o.zone ?? h.zone[n];
    const framesOf = (mb: number) => Math.floor((mb * 1048576) / h.pageBytes);
    let others = 0;
    for (let k = 0; k < topo.N; k++) if (k !== n) others += mem.capacity[k];
    if (state.device[d] === DEVICE_STATE.offlining) return { ok: false, reason: `${this.id(d)} is going offline` };
    if (serves(state, d)) {
      if (o.capacityMB === undefined) return { ok: false, reason: `${this.id(d)} is already online (give capacityMB to add an extent to it)` };
      const frames = mem.capacity[n] + framesOf(o.capacityMB);
      if (others + frames > LIMITS.totalFrames) return { ok: false, reason: `the memory would total ${others + frames} frames, more than ${LIMITS.totalFrames}` };
      mem.setCapacity(n, frames);
      h.zone[n] = zone;
      h.retopo();
      return { ok: true, reason: `${fmt(framesOf(o.capacityMB))} pages (${o.capacityMB} MB) added to ${this.id(d)}, onlined as ${zone === 'movable' ? 'ZONE_MOVABLE' : 'ZONE_NORMAL'}` };
    }
    const devFrames = h.fabric.devices.map((x) => framesOf(x.capacityMB));
    const frames = o.capacityMB !== undefined && members.length === 1 ? framesOf(o.capacityMB) : nodeFrames([topo.nodes[n]], devFrames)[0];
    if (others + frames > LIMITS.totalFrames) return { ok: false, reason: `the memory would total ${others + frames} frames, more than ${LIMITS.totalFrames}` };
    for (const m of members) state.device[m] = DEVICE_STATE.online;
    mem.setCapacity(n, frames);
    h.zone[n] = zone;
    if (h.pool) for (const m of members) h.pool.restoreDevice(m);
    h.retopo();
    const set = members.length > 1 ? ` with its interleave set ${topo.nodeIds[n]}` : '';
    return { ok: true, reason: `${this.id(d)} online${set}: ${fmt(frames)} pages, as ${zone === 'movable' ? 'ZONE_MOVABLE' : 'ZONE_NORMAL'}; tiers regroup and policies may use it` };
  }

  setLink(l: number, o: { up: boolean; bandwidthGBps?: number; latencyNs?: number; restore?: boolean; factor?: number }): Applied {
    const h = this.e, { topo, state } = h, link = h.fabric.links[l];
    const name = `${link.a}-${link.b}`;
    const before = Float64Array.from(topo.nodeIdleNs);
    const was = { up: state.linkUp[l] === 1, gbps: state.linkGBps[l], ns: state.linkNs[l] };
    if (o.restore) { state.linkUp[l] = 1; state.linkGBps[l] = link.bandwidthGBps; state.linkNs[l] = link.latencyNs; }
    else {
      state.linkUp[l] = o.up ? 1 : 0;
      if (o.bandwidthGBps !== undefined) state.linkGBps[l] = o.bandwidthGBps;
      else if (o.factor !== undefined) state.linkGBps[l] = link.bandwidthGBps * o.factor;
      if (o.latencyNs !== undefined) state.linkNs[l] = o.latencyNs;
    }
    h.retopo();
    // Who lost (or got back) reach to memory holding their pages.
    const { H, N } = topo;
    const lostReach: string[] = [], gotBack: string[] = [];
    let pagesCut = 0;
    const cut = new Uint8Array(H * N);
    for (let x = 0; x < H; x++) for (let n = 0; n < N; n++) {
      const b = before[x * N + n], a = topo.nodeIdleNs[x * N + n];
      if (b === b && a !== a) cut[x * N + n] = 1;
    }
    if (cut.some((v) => v === 1)) {
      const hit = new Uint8Array(H), owner = h.pageInitiator, node = h.mem.pageNode;
      for (let p = 0; p < node.length; p++) {
        const n = node[p];
        if (n === NONE) continue;
        let any = false;
        for (const x of topo.initiators[owner[p]].hosts) if (cut[x * N + n] === 1) { hit[x] = 1; any = true; }
        if (any) pagesCut++;
      }
      hit.forEach((v, x) => { if (v) lostReach.push(topo.hostIds[x]); });
    }
    for (let x = 0; x < H; x++) {
      let back = false;
      for (let n = 0; n < N; n++) if (before[x * N + n] !== before[x * N + n] && topo.nodeIdleNs[x * N + n] === topo.nodeIdleNs[x * N + n]) back = true;
      if (back) gotBack.push(topo.hostIds[x]);
    }
    const figs = `${was.gbps} -> ${state.linkGBps[l]} GB/s, +${was.ns} -> +${state.linkNs[l]} ns`;
    let reason: string;
    if (state.linkUp[l] === 0) reason = `link ${name} down: ${lostReach.length ? `${listWords(lostReach)} lost their path to memory holding ${fmt(pagesCut)} of their pages (inaccessible, not lost: they come back with the link)` : 'every host keeps a path to its memory'}`;
    else if (!was.up) reason = `link ${name} up again${gotBack.length ? `: ${listWords(gotBack)} reach their memory again` : ''} (${state.linkGBps[l]} GB/s, +${state.linkNs[l]} ns)`;
    else reason = `link ${name} ${o.restore ? 'restored' : 'degraded'}: ${figs}; loaded latency follows from the next solve`;
    return { ok: true, reason, hostsHit: lostReach };
  }

  poison(o: { workload?: number; device?: number; page?: number }): Applied {
    const h = this.e, { topo, mem, stream } = h, rng = this.rng;
    let p = -1;
    if (o.workload !== undefined && o.workload >= 0) {
      const base = h.bases[o.workload], size = h.sizes[o.workload];
      if (o.page !== undefined) p = o.page < size ? base + o.page : -1;
      else {
        let placed = 0;
        for (let q = base; q < base + size; q++) if (mem.pageNode[q] !== NONE) placed++;
        if (placed > 0) {
          let k = rng.nextInt(placed);
          for (let q = base; q < base + size; q++) if (mem.pageNode[q] !== NONE && k-- === 0) { p = q; break; }
        }
      }
      if (p < 0) return { ok: false, reason: `workload ${h.fabric.workloads[o.workload].id} has no page ${o.page !== undefined ? o.page : 'in memory'} to poison` };
    } else if (o.device !== undefined && o.device >= 0) {
      const d = o.device;
      if (!serves(h.state, d)) return { ok: false, reason: `${this.id(d)} is not online` };
      const on = mem.pagesAbove(topo.deviceNode[d], 0);
      if (on.length > 0) p = on[rng.nextInt(on.length)];
      else if (h.pool) {
        const vm = h.pool.poisonPage(d, rng);
        if (vm >= 0) {
          stream.record(h.epoch, STREAM.mce, h.pool.vmHost(vm), 1, this.cause);
          stream.record(h.epoch, STREAM.vm, vm, 1, this.cause);
          stream.record(h.epoch, STREAM.isolated, 0, 1, this.cause);
          const host = topo.hostIds[h.pool.vmHost(vm)];
          return { ok: true, reason: `a page of VM ${vm}'s memory on ${this.id(d)}: machine check on ${host}, memory_failure() isolated it, KVM injected the error into the guest`, pagesIsolated: 1, hostsHit: [host], vmsHit: [vm], mces: 1, signalled: 1 };
        }
      }
      if (p < 0) return { ok: false, reason: `${this.id(d)} holds no page to poison` };
    } else return { ok: false, reason: 'a poison names a workload or a device' };
    const w = this.workloadOf(p), spec = h.fabric.workloads[w];
    const node = mem.pageNode[p];
    const sharers = topo.initiators[h.pageInitiator[p]].hosts;
    // Consumed: its accesses raise a machine check in each host that reads it; a cold page is
    // found by the patrol scrubber instead (memory_failure() all the same, no machine check).
    const consumed = h.rate[p] > 0;
    if (h.split.count > 0 && h.split.mask[p] !== 0) h.split.merge(mem, p);
    mem.poison(p);
    h.lost.mark(p, this.cause);
    h.queue.pinned?.fill(0, p, p + 1);
    const hostIds = sharers.map((x) => topo.hostIds[x]);
    if (consumed) for (const x of sharers) stream.record(h.epoch, STREAM.mce, x, 1, this.cause);
    for (const x of sharers) stream.record(h.epoch, STREAM.signal, x, 1, this.cause);
    stream.record(h.epoch, STREAM.isolated, 0, 1, this.cause);
    stream.record(h.epoch, STREAM.lost, 0, 1, this.cause);
    const where = node !== NONE ? ` on ${topo.nodeIds[node]}` : '';
    return {
      ok: true,
      reason: `page ${p - h.bases[w]} of ${spec.id}${where}: ${consumed ? `machine check on ${listWords(hostIds)} (each consumed it)` : 'found by the patrol scrubber (not consumed: no machine check)'}; memory_failure() isolated the frame; SIGBUS to the process${sharers.length > 1 ? 'es' : ''} on ${listWords(hostIds)}`,
      summary: blastSummary(sharers.length, 0, h.pageBytes),
      pagesLost: 1, pagesIsolated: 1, hostsHit: hostIds, regionsHit: spec.hosts.length > 1 ? [spec.id] : [],
      mces: consumed ? sharers.length : 0, signalled: sharers.length,
    };
  }

  switchPolicy(name: string, params: Record<string, number>): Applied {
    return this.e.switchPolicy(name, params, this.cause);
  }

  changeWorkload(w: number, patch: Record<string, number | string>): Applied {
    return this.e.changeWorkload(w, patch, this.cause);
  }

  private withPool<T extends Applied>(f: (p: EnginePool) => T): Applied {
    return this.e.pool ? f(this.e.pool) : { ok: false, reason: 'the scenario has no pool' };
  }

  grantExtents(d: number, h: number, n: number): Applied {
    return this.withPool((p) => p.grant(d, h, n));
  }

  releaseExtents(d: number, h: number, n: number): Applied {
    return this.withPool((p) => p.release(d, h, n));
  }

  startVm(o: { host: number; cores: number; memoryGiB: number; lifetimeMs: number }): Applied {
    const epochs = Math.max(1, Math.round(o.lifetimeMs / this.e.fabric.epochMs));
    return this.withPool((p) => p.startVm({ host: o.host, cores: o.cores, memoryGiB: o.memoryGiB, epochs, id: EVENT_VM_IDS + Math.max(0, this.cause) }, this.e.epoch));
  }

  stopVm(id: number): Applied {
    return this.withPool((p) => p.stopVm(id));
  }
}

/** Ends a drain (drain.ts): done, its memory leaves; or failed, its range back in use. Writes its event's outcome. */
export function endDrain(h: FaultHost, dr: Drain, ok: boolean, why?: string): void {
  const { topo, mem, state, stream } = h, n = dr.node, members = Array.from(topo.nodes[n].devices);
  const out = dr.cause >= 0 ? stream.outcomes[dr.cause] : undefined;
  const name = topo.nodeIds[n];
  h.drains.remove(dr);
  if (ok) {
    h.split.releaseNode(mem, n);
    mem.setCapacity(n, dr.keep);
    if (dr.keep === 0) {
      for (const m of members) state.device[m] = DEVICE_STATE.offline;
      if (h.pool) for (const m of members) h.pool.offlineDevice(m);
    }
  } else {
    mem.unisolate(n);
    for (const m of members) if (state.device[m] === DEVICE_STATE.offlining) state.device[m] = DEVICE_STATE.online;
  }
  if (out) {
    out.state = ok ? 'done' : 'failed';
    out.ok = ok;
    out.endEpoch = h.epoch;
    out.pagesMoved = dr.moved;
    const ms = (h.epoch - dr.start) * h.fabric.epochMs;
    if (ok) out.reason = `${name} offline after ${fmt(ms)} ms: ${fmt(dr.moved)} pages migrated off (reason offline)`;
    else if (why) out.reason = why;
    else {
      const owner = h.pinned(), blockers: number[] = [];
      for (const p of mem.pagesAbove(n, 0)) if (owner[p] === 1 && blockers.length < 3) blockers.push(p);
      const wl = (p: number) => { let w = 0; while (w + 1 < h.bases.length && h.bases[w + 1] <= p) w++; return `page ${p - h.bases[w]} of ${h.fabric.workloads[w].id}`; };
      const parts: string[] = [];
      if (dr.pinned > 0) parts.push(`${fmt(dr.pinned)} unmovable page${dr.pinned > 1 ? 's' : ''} (long-term pins, which only ZONE_NORMAL holds: ${listWords(blockers.map(wl))}${dr.pinned > blockers.length ? ', ...' : ''}) blocked it`);
      if (dr.stuck > 0) parts.push(`${fmt(dr.stuck)} page${dr.stuck > 1 ? 's' : ''} found no free frame their owner may use`);
      out.reason = `offline of ${name} gave up after ${fmt(ms)} ms (-EBUSY, signal backoff: offline_pages retries until its writer gives up): ${parts.join('; ') || 'pages were left'}; ${fmt(dr.moved)} movable pages had migrated off first; ${name} stays online`;
    }
    stream.record(h.epoch, STREAM.event, dr.cause, ok ? EVENT_STATUS.done : EVENT_STATUS.failed, dr.cause);
  }
  // A node that shrank and keeps frames: the policy has seen its new limit since the drain
  // began (nodeCapacity is the limit), so nothing it reads changes now.
  if (!ok || dr.keep === 0) h.retopo();
}
