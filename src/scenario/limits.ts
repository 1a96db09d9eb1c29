// Hard bounds on untrusted scenarios, checked before anything is allocated.
export const LIMITS = {
  hosts: 64,
  devices: 96, // CXL devices (host DRAM is counted separately)
  switches: 16,
  links: 512,
  workloads: 64,
  nameLength: 80,
  idLength: 32,
  totalPages: 1 << 22, // tracked pages across all working sets
  totalFrames: 1 << 24, // tracked page frames across all devices
  samplesPerHost: 1 << 20,
  totalSamples: 1 << 23,
  epochs: 1_000_000,
  policyParams: 32,
  /** A shared link's payload (the part after "#s="). */
  urlChars: 16_384,
  /** Inflated JSON from a link or an imported file. */
  jsonBytes: 1 << 20,
} as const;
