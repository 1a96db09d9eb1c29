// A scenario's timeline as the engine runs it: its events in time order (ties: scenario
// order), each at the first epoch boundary at or after its time; the fabric of the run (the
// scenario's devices and links, then the devices hot-add events bring in and their links, so
// that every table is sized once, within LIMITS); each workload's states over the timeline
// (its address space is sized at the largest working set it ever has).
import { resolvePlatform } from '../platform/platforms';
import type { MemoryDeviceSpec, Scenario, ScenarioRaw } from '../scenario/schema';
import type { EventSpec } from './types';
import { findEventKind } from './registry';
import type { EventKind } from './types';

export interface TimedEvent {
  /** Index in scenario.events. */
  index: number;
  /** The epoch at whose start it applies: the first boundary at or after its time. */
  epoch: number;
  spec: EventSpec;
  def: EventKind;
}

/** The epoch an event at `atMs` applies at: the first epoch boundary at or after it. */
export function eventEpoch(atMs: number, epochMs: number): number {
  return Math.ceil(atMs / epochMs - 1e-9);
}

export function timelineOf(s: Pick<Scenario, 'epochMs' | 'events'>): TimedEvent[] {
  const out: TimedEvent[] = [];
  (s.events ?? []).forEach((spec, index) => {
    const def = findEventKind(spec.kind);
    if (def) out.push({ index, epoch: eventEpoch(spec.atMs, s.epochMs), spec, def });
  });
  return out.sort((a, b) => a.spec.atMs - b.spec.atMs || a.index - b.index);
}

interface HotAddSpec {
  device: string;
  spec?: { name?: string; capacityMB: number; bandwidthGBps?: number; latencyNs?: number; adistance?: number; x?: number; y?: number };
  attach?: string;
  linkGBps?: number;
  zone?: 'normal' | 'movable';
}

/** The hot-add events that bring a device the scenario does not have, first of each id, in scenario order. */
export function declaredDevices(s: Pick<Scenario, 'events' | 'devices'>): HotAddSpec[] {
  const have = new Set(s.devices.map((d) => d.id));
  const out: HotAddSpec[] = [];
  for (const ev of s.events ?? []) {
    const h = ev as unknown as HotAddSpec & { kind: string };
    if (h.kind !== 'hot-add' || !h.spec || have.has(h.device)) continue;
    have.add(h.device);
    out.push(h);
  }
  return out;
}

/**
 * The run's fabric: the scenario, then each device a hot-add event declares (a CXL expander,
 * its numbers left out taken from the platform) and its link to the switch or host it
 * attaches to. The scenario itself when no event declares one.
 */
export function fabricOf(s: Scenario): Scenario {
  const extra = declaredDevices(s);
  if (extra.length === 0) return s;
  const raw = {
    ...s,
    devices: extra.map((h, i) => ({
      id: h.device, kind: 'cxl' as const, capacityMB: h.spec!.capacityMB, name: h.spec!.name,
      bandwidthGBps: h.spec!.bandwidthGBps, latencyNs: h.spec!.latencyNs, adistance: h.spec!.adistance,
      x: h.spec!.x ?? 100 + 120 * i, y: h.spec!.y ?? 400,
    })),
    links: extra.map((h) => ({ a: h.attach!, b: h.device, bandwidthGBps: h.linkGBps })),
  } as unknown as ScenarioRaw;
  const filled = resolvePlatform(raw, []);
  const devices = filled.devices.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as MemoryDeviceSpec);
  return { ...s, devices: [...s.devices, ...devices], links: [...s.links, ...filled.links] };
}

/** The scenario's device indices that start absent (declared by a hot-add event: they appear when it fires). */
export function absentAtStart(s: Scenario, fabric: Scenario): Set<number> {
  const out = new Set<number>();
  for (let d = s.devices.length; d < fabric.devices.length; d++) out.add(d);
  return out;
}

/** The zone a hot-add event onlines a declared device in. */
export function declaredZone(s: Pick<Scenario, 'events' | 'devices'>, id: string): 'normal' | 'movable' | undefined {
  return declaredDevices(s).find((h) => h.device === id)?.zone;
}

/**
 * Each workload's largest working set (MB) over the timeline: its address space's size. The
 * scenario's own when no workload event grows it.
 */
export function largestWorkingSets(s: Pick<Scenario, 'workloads' | 'events'>): number[] {
  const out = s.workloads.map((w) => w.workingSetMB);
  for (const ev of s.events ?? []) {
    if (ev.kind !== 'workload' || typeof ev.workingSetMB !== 'number') continue;
    const i = s.workloads.findIndex((w) => w.id === ev.workload);
    if (i >= 0) out[i] = Math.max(out[i], ev.workingSetMB);
  }
  return out;
}
