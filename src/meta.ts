// What the engine tells its users once per loaded scenario: the derived, static facts.
export interface DeviceMeta {
  id: string;
  name: string;
  kind: 'dram' | 'cxl';
  /** Owning host of a DRAM device. */
  host?: string;
  /** Linux memory tier index, 0 = fastest. */
  tier: number;
  adistance: number;
  capacityPages: number;
  bandwidthGBps: number;
  latencyNs: number;
}

export interface HostMeta {
  id: string;
  name: string;
  cores: number;
}

export interface LinkMeta {
  a: string;
  b: string;
  bandwidthGBps: number;
  latencyNs: number;
}

export interface TierMeta {
  index: number;
  /** Abstract distance range of the tier, as in /sys/devices/virtual/memory_tiering. */
  adistanceStart: number;
  adistanceEnd: number;
  devices: string[];
}

export interface EngineMeta {
  hosts: HostMeta[];
  devices: DeviceMeta[];
  links: LinkMeta[];
  tiers: TierMeta[];
  /** Idle load-to-use latency (ns) from each host to each device; NaN = unreachable. */
  idleLatencyNs: number[][];
  /** numactl-style distance (local DRAM = 10) from each host to each device; 0 = unreachable. */
  distance: number[][];
  pageBytes: number;
  totalPages: number;
  heatGroups: number;
  epochMs: number;
}
