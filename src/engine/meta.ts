// What the engine tells its users once per loaded scenario: the derived, static facts.
import type { DeviceKind, PoolDeviceKind } from '../scenario/bounds';
import type { Scenario } from '../scenario/schema';
import type { TierMeta, Topology } from '../topology/topology';
import { Coherency, type CoherencyMode } from '../physics/coherency';
import { findEventKind } from '../events/registry';
import { DEVICE_STATES, linkState, type DeviceState, type FabricState, type LinkState } from '../topology/fabric';

export interface DeviceMeta {
  id: string;
  name: string;
  kind: DeviceKind;
  /** Owning host of a DRAM device. */
  host?: string;
  /** Linux memory tier index, 0 = fastest. */
  tier: number;
  adistance: number;
  capacityPages: number;
  bandwidthGBps: number;
  latencyNs: number;
  /** online, absent (a hot-add event brings it later), offlining, offline, failed (src/topology/fabric.ts); absent from a meta made without a fabric state: online. */
  state?: DeviceState;
}

export interface HostMeta {
  id: string;
  name: string;
  cores: number;
  /**
   * The host's fast tier: the best memory tier index among the devices it reaches (what
   * "fast-tier share" means for this host); 255 if it reaches no memory.
   */
  fastTier: number;
  /** Ids of the host's own DRAM devices (what "local share" means for this host). */
  localDevices: string[];
}

export interface LinkMeta {
  a: string;
  b: string;
  /** Now: a degraded link's figures, not its scenario's. */
  bandwidthGBps: number;
  latencyNs: number;
  /** up, degraded, down; absent: up. */
  state?: LinkState;
}

/** A workload's address space: its pages [firstPage, firstPage + pages) of the global page index. */
export interface WorkloadMeta {
  id: string;
  hosts: string[];
  firstPage: number;
  pages: number;
}

/** A pooled CXL device: its index in `devices`, kind and heads (host indices, one port each). */
export interface PooledDeviceMeta {
  device: number;
  kind: PoolDeviceKind;
  heads: number[];
}

/** The pool's static facts (null without a pool): what the app's pool panel and topology label. */
export interface PoolMeta {
  manager: string;
  /** Extent (slice) size, GiB of the modelled machine. */
  extentGiB: number;
  /** MB of the modelled machine per MB of the scenario's devices. */
  scale: number;
  /** In the order of the snapshot's pool device rows. */
  devices: PooledDeviceMeta[];
}

export interface EngineMeta {
  /**
   * Changes with the topology during a run (0 at load, +1 per epoch whose start applied
   * changes): snapshots carry it, and the UI redraws static views when it moves.
   */
  version: number;
  hosts: HostMeta[];
  devices: DeviceMeta[];
  links: LinkMeta[];
  tiers: TierMeta[];
  /** The workloads' address spaces, back to back in page order (what a heatmap row covers). */
  workloads: WorkloadMeta[];
  /** Shared regions (workloads mapped by more than one host): their sharers and coherency. */
  sharedRegions: { workload: string; hosts: string[]; coherency: CoherencyMode; lockPerAccess: number }[];
  pool: PoolMeta | null;
  /** Idle load-to-use latency (ns) from each host to each device; NaN = unreachable. */
  idleLatencyNs: number[][];
  /** numactl-style distance (local DRAM = 10) from each host to each device; 0 = unreachable. */
  distance: number[][];
  pageBytes: number;
  totalPages: number;
  heatGroups: number;
  epochMs: number;
  /** The scenario's timeline (events[], scenario order): when, what kind, what it names; the snapshot's stream says what each did. */
  timeline?: { atMs: number; kind: string; target: string }[];
}

/** The static facts of a scenario as the engine laid it out. */
export function buildMeta(scenario: Scenario, topo: Topology, capacityPages: ArrayLike<number>, pageBytes: number, totalPages: number, heatGroups: number, layout: { bases: readonly number[]; sizes: readonly number[] }, version = 0, state?: FabricState): EngineMeta {
  const { H, D } = topo;
  return {
    version,
    hosts: scenario.hosts.map((h, i) => ({
      id: h.id, name: h.name ?? h.id, cores: h.cores, fastTier: topo.initiatorFastTier[i],
      localDevices: topo.deviceIds.filter((_, d) => topo.hostLocal[i * D + d] === 1),
    })),
    devices: scenario.devices.map((d, i) => ({
      id: d.id, name: d.name ?? d.id, kind: d.kind, host: d.host, tier: topo.deviceTier[i],
      adistance: topo.deviceAdistance[i], capacityPages: capacityPages[i], bandwidthGBps: d.bandwidthGBps, latencyNs: d.latencyNs,
      state: state ? DEVICE_STATES[state.device[i]] : 'online',
    })),
    links: scenario.links.map((l, i) => (state
      ? { a: l.a, b: l.b, bandwidthGBps: state.linkGBps[i], latencyNs: state.linkNs[i], state: linkState(scenario, state, i) }
      : { a: l.a, b: l.b, bandwidthGBps: l.bandwidthGBps, latencyNs: l.latencyNs, state: 'up' as const })),
    // Copies: the topology's tables are refreshed in place when the fabric changes; a meta stays as it was.
    tiers: topo.tiers.map((t) => ({ ...t, devices: [...t.devices] })),
    workloads: scenario.workloads.map((w, i) => ({ id: w.id, hosts: w.hosts, firstPage: layout.bases[i], pages: layout.sizes[i] })),
    sharedRegions: Coherency.sharers(scenario),
    pool: poolMeta(scenario),
    idleLatencyNs: Array.from({ length: H }, (_, h) => Array.from(topo.idleNs.subarray(h * D, h * D + D))),
    distance: topo.distance.map((r) => [...r]),
    pageBytes,
    totalPages,
    heatGroups,
    epochMs: scenario.epochMs,
    timeline: (scenario.events ?? []).map((e) => ({ atMs: e.atMs, kind: e.kind, target: findEventKind(e.kind)?.target(e) ?? '' })),
  };
}

function poolMeta(scenario: Scenario): PoolMeta | null {
  const pool = scenario.pool;
  if (!pool) return null;
  const host = new Map(scenario.hosts.map((h, i) => [h.id, i] as const));
  return {
    manager: pool.manager, extentGiB: pool.extentGiB, scale: pool.scale,
    devices: scenario.devices.flatMap((d, i) => (d.pool ? [{ device: i, kind: d.pool.kind, heads: d.pool.heads.map((h) => host.get(h)!) }] : [])),
  };
}
