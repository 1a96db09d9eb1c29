// Hard bounds on untrusted scenarios, checked before anything is allocated.
export const LIMITS = {
  /**
   * A rack-scale fabric: 256 hosts and 512 CXL devices (with their DRAM, 768 to 1,024 memory
   * nodes; every id width in src/ids.ts holds them, ids.test.ts). One epoch's work stays bounded
   * by `epochWork`, not by these counts: the per-epoch loops are linear in pages and nodes.
   */
  hosts: 256,
  devices: 512, // CXL devices (host DRAM is counted separately)
  switches: 64,
  /** A host and a device link each, plus host-to-host and switch-to-switch links. */
  links: 2048,
  /** One per host and a few more (the generators copy each host's workloads, src/scenario/generators.ts). */
  workloads: 1024,
  /**
   * Memory nodes (what NUMA and the policies see: a device today; later an interleave set, a
   * host's slice of a multi-headed device, a dynamic-capacity region). Bounds NodeIdArray.
   */
  nodes: 4096,
  /** Initiators (who accesses: hosts today, VMs on hosts later). Bounds InitiatorIdArray. */
  initiators: 4096,
  /** Distinct memory tiers (abstract-distance chunks) among the nodes. Bounds TierArray. */
  tiers: 64,
  nameLength: 80,
  idLength: 32,
  totalPages: 1 << 22, // tracked pages across all working sets
  totalFrames: 1 << 24, // tracked page frames across all devices
  samplesPerHost: 1 << 20,
  totalSamples: 1 << 23,
  epochs: 1_000_000,
  policyParams: 32,
  /** Events in a scenario's timeline (src/events/). */
  events: 256,
  /**
   * Pools (src/pool/): VMs running at once, VM rows a run keeps for its report (later VMs still
   * run and count), and extents of every pooled device and host DRAM together (the ledger's size).
   */
  vms: 2048,
  vmRows: 1 << 16,
  /** Running VMs a snapshot carries to the app's VM table (the slowest first; the rest are counted). */
  vmSnapshotRows: 256,
  /** Epochs of pool rows the engine keeps for the snapshots' history (the app's charts miss none unless it falls this far behind). */
  poolHistoryRows: 4096,
  poolExtents: 1 << 20,
  /** Pages of the pool's page table (src/pool/vm-pages.ts; pages per extent are capped to fit). */
  vmPages: 1 << 22,
  /**
   * Work one epoch may ask for, in page / sample / check visits (a few ns each): the engine's
   * own (pages + sampled accesses), the pool's VM samples (samplesPerVm x maxRunning) plus the
   * policy's declared PolicyDef.workPerEpoch. About a
   * second per epoch on a laptop; beyond it Pause would wait for the epoch to end.
   */
  epochWork: 50_000_000,
  /** A shared link's payload (the part after "#s="). */
  urlChars: 16_384,
  /** Inflated JSON from a link or an imported file. */
  jsonBytes: 1 << 20,
} as const;
