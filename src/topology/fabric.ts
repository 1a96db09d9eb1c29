// The fabric as it stands during a run: which devices are there (a device a hot-add event
// brings in is declared from the start, absent, so no table sized by devices or links ever
// grows: a run's hosts, devices, links, nodes and initiators are fixed at load, within LIMITS),
// which links are up and at what bandwidth and latency. The engine changes it at epoch
// boundaries (src/engine/engine.ts applyTopologyChanges) and rebuilds the topology from it
// (buildTopology(fabric, state)), refreshing the tables in place (refreshTopology) so that
// every holder of a topology array sees the new one.
// Structural types, not the scenario format's: the event kinds (which the format imports) read links through here.
interface Links { readonly links: readonly { a: string; b: string }[] }
interface Fabric { readonly devices: readonly unknown[]; readonly links: readonly { a: string; b: string; bandwidthGBps: number; latencyNs: number }[] }

/** What a device is doing: its code is its index. */
export const DEVICE_STATES = ['online', 'absent', 'offlining', 'offline', 'failed'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];
export const DEVICE_STATE = { online: 0, absent: 1, offlining: 2, offline: 3, failed: 4 } as const;

/** What a link is doing: up at its own figures, degraded (another bandwidth or latency), down. */
export const LINK_STATES = ['up', 'degraded', 'down'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export interface FabricState {
  /** Per device: DEVICE_STATE code. */
  readonly device: Uint8Array;
  /** Per link: 1 up (degraded or not), 0 down. */
  readonly linkUp: Uint8Array;
  /** Per link: bandwidth (GB/s, per direction) and added latency (ns) now. */
  readonly linkGBps: Float64Array;
  readonly linkNs: Float64Array;
}

/** Whether device d holds and serves pages now: online, or online while its memory goes offline. */
export function serves(state: FabricState | undefined, d: number): boolean {
  if (!state) return true;
  const s = state.device[d];
  return s === DEVICE_STATE.online || s === DEVICE_STATE.offlining;
}

/** The state of a fabric as a run starts: every device online but those in `absent`, every link up at its own figures. */
export function initialState(fabric: Fabric, absent: ReadonlySet<number> = new Set()): FabricState {
  return {
    device: Uint8Array.from(fabric.devices, (_, d) => (absent.has(d) ? DEVICE_STATE.absent : DEVICE_STATE.online)),
    linkUp: new Uint8Array(fabric.links.length).fill(1),
    linkGBps: Float64Array.from(fabric.links, (l) => l.bandwidthGBps),
    linkNs: Float64Array.from(fabric.links, (l) => l.latencyNs),
  };
}

/** A link's state in words, against its scenario figures. */
export function linkState(fabric: Fabric, state: FabricState, l: number): LinkState {
  if (state.linkUp[l] === 0) return 'down';
  const s = fabric.links[l];
  return state.linkGBps[l] !== s.bandwidthGBps || state.linkNs[l] !== s.latencyNs ? 'degraded' : 'up';
}

/**
 * The link joining two ids, either way round; -1 if none. A link is named by its two ends,
 * "a-b" (ids may hold "-" themselves: linkByName tries every split).
 */
export function linkBetween(fabric: Links, a: string, b: string): number {
  return fabric.links.findIndex((l) => (l.a === a && l.b === b) || (l.a === b && l.b === a));
}

/** The link a name "a-b" stands for (any "-" may be the separator), or -1. */
export function linkByName(fabric: Links, name: string): number {
  for (let i = name.indexOf('-'); i > 0; i = name.indexOf('-', i + 1)) {
    const l = linkBetween(fabric, name.slice(0, i), name.slice(i + 1));
    if (l >= 0) return l;
  }
  return -1;
}

/** The name a link goes by in events and reports: its two ends, "a-b". */
export function linkName(fabric: Links, l: number): string {
  return `${fabric.links[l].a}-${fabric.links[l].b}`;
}
