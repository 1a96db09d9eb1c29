// Every default hardware number, with its source (or labelled "assumed" with why). Numbers
// that depend on the machine live in one platform profile each (PLATFORMS): a scenario names
// its platform, and what it leaves out comes from there (src/platform/platforms.ts). Numbers of one
// generation are never shown under another's name. Sources below and in docs/domain-model.md
// (the published figures, one table per kind); "Mess" = Esmaili-Dokht et al., MICRO'24, curves
// published in bsc-mem/Mess-Results.

export interface Calibrated {
  value: number;
  unit: string;
  source: string;
  assumed?: boolean;
}

const SUN = 'Sun et al., "Demystifying CXL Memory with Genuine CXL-Ready Systems and Devices", MICRO\'23';
const MESS_SPR = 'Mess bandwidth-latency curves, 2 x Xeon Platinum 8480+ (Sapphire Rapids), 8 ch DDR5-4800 per socket (Mess-Results Systems/MN5/MN5-GPP)';
const MESS_CLX = 'Mess bandwidth-latency curves, 2 x Xeon Gold 5218 (Cascade Lake), 6 ch DDR4-2933 per socket (Mess-Results Systems/HPC/Intel-CLX)';
const POND = 'Pond (Li et al., ASPLOS\'23) Fig. 4, its two-socket emulation server';
const CSIT_CLX = 'FD.io CSIT "Calibration Data - Cascadelake", Intel MLC v3.7 on a two-socket Cascade Lake testbed';
const POND_POOL = 'Pond (Li et al., ASPLOS\'23): a pool of 8-16 sockets on a multi-headed memory controller without a switch adds 70-90 ns to NUMA-local DRAM (docs/domain-model.md, Latency)';
const MICRON_CZ120 = 'Micron CZ120 (x8 CXL 2.0 memory expansion module, DDR5): "up to 36 GB/s", measured with Intel MLC at a 2:1 read:write ratio (docs/domain-model.md, Bandwidth)';

/** Numbers that do not depend on the platform generation. */
export const CAL = {
  switchHopNs: {
    value: 70, unit: 'ns', assumed: true,
    source: 'one CXL switch traversal. No per-hop figure is published. Pond\'s "+70-90 ns" is the whole added latency of a switchless 8-16 socket pool over local DRAM (not a hop), and it estimates "more than 180 ns" for rack-scale pools, which need switches; 70 ns sits inside that ~90-110 ns gap, as one hop',
  },
  cxlLinkX8GBps: { value: 31.5, unit: 'GB/s', source: 'PCIe 5.0 / CXL x8 at 32 GT/s, 128b/130b, per direction' },
  cxlLinkX16GBps: { value: 63, unit: 'GB/s', source: 'PCIe 5.0 / CXL x16 at 32 GT/s, 128b/130b, per direction' },
  linkLoadedK: { value: 10, unit: 'ns', source: 'queueing delay scale of a link', assumed: true },
  adistanceDram: { value: 576, unit: '', source: 'Linux MEMTIER_ADISTANCE_DRAM' },
  adistanceCxl: { value: 2880, unit: '', source: 'Linux MEMTIER_DEFAULT_DAX_ADISTANCE' },
  migratePageFixedNs: {
    value: 4000, unit: 'ns', assumed: true,
    source: 'migrate_pages work for one page besides the copy and TLB flushes: isolate it from the LRU, allocate on the target node, walk the rmap to install migration entries, remap, free. Nimble (Yan et al., ASPLOS\'19) found Linux migrating 4 KiB pages at well under 1 GB/s per thread, mostly in such kernel work; 4 us + the copy is ~0.8 GB/s',
  },
  migrateCopyGBps: { value: 4, unit: 'GB/s', source: 'one kernel thread copying a page to another node (copy_highpage, one page at a time): a few GB/s, below a streaming memcpy (Nimble, ASPLOS\'19, copies THPs single-threaded at that order)', assumed: true },
  hintFaultNs: { value: 1000, unit: 'ns', source: 'one NUMA hint fault (trap, PTE fix-up)', assumed: true },
  tlbShootdownNs: { value: 3000, unit: 'ns', source: 'the initiator of a TLB shootdown: send the IPIs and wait for every acknowledgement (an IPI round trip is ~1-3 us on current Xeons; LATR, ASPLOS\'18, and Amit, ATC\'17, measure shootdowns in the microseconds)', assumed: true },
  tlbFlushIpiNs: { value: 1000, unit: 'ns', source: 'each other core running the task: take the flush interrupt (over 1000 cycles), flush, return and refill its TLB', assumed: true },
  lruCheckNs: {
    value: 100, unit: 'ns', assumed: true,
    source: 'kswapd checking one LRU page: isolate it, walk its rmap and test-and-clear the accessed bit of its PTE (folio_referenced); a few hundred cycles for a page mapped once. It sets how long a page sits on the inactive list between the clearing of its bit and the check, and so how recently used a page must be to survive reclaim',
  },
  reclaimBatchPages: { value: 32, unit: 'pages', source: 'Linux SWAP_CLUSTER_MAX: kswapd isolates and demotes 32 pages at a time and flushes their TLB entries once per batch (TTU_BATCH_FLUSH)' },
  mlpPerCore: { value: 10, unit: 'misses', source: 'average L1D misses in flight per core (below the fill-buffer count)', assumed: true },
  llcRefsPerKiloInstr: {
    value: 10, unit: 'per 1000 instructions', assumed: true,
    source: 'accesses that miss the private caches (L1, L2) and look up the last-level cache, per 1000 instructions, of a moderately memory-intensive program: compute-bound code stays below 1, streaming kernels exceed 50; set it per workload',
  },
  maxLlcHitShare: {
    value: 0.99, unit: 'share', assumed: true,
    source: 'the last-level cache never serves all of a workload\'s references: cold, coherence and conflict misses remain, so at most 99 % hit even when the working set fits',
  },
  // Shared memory coherency (src/physics/coherency.ts).
  biSnoopNs: {
    value: 100, unit: 'ns', assumed: true,
    source: 'the fixed part of one CXL 3.0 back-invalidate round trip besides the fabric path: the device issues a BISnp, it crosses the host\'s CXL port (~20 ns each way: the CXL port latency target the CXL Consortium quotes for a pin-to-pin crossing), the host snoops its caches (~60 ns: a cross-core snoop on current Xeons is 50-100 ns) and answers with a BIRsp. No measured BI round trip is published (no HDM-DB device shipped)',
  },
  biMessageBytes: {
    value: 16, unit: 'B', assumed: true,
    source: 'one BISnp or BIRsp message takes one 16 B slot of a CXL flit (68 B flits carry 4 slots of 16 B; 256 B flits are also built of 16 B slots); assumed not packed with other messages, so the figure is an upper bound',
  },
  swInvalidateNs: {
    value: 30, unit: 'ns', assumed: true,
    source: 'a reader invalidating its own copy of a line before re-reading it (CLFLUSHOPT of a clean line, ordered by a fence): tens of cycles issued plus the fence; no citable per-line figure',
  },
  // The kernel's placement work that grows with the node count (src/physics/placement-work.ts):
  // one operation of each algorithm. No per-operation timing of these loops is published; each
  // is a few loads and compares, costed from the cycles such a loop body takes.
  zonelistZoneNs: {
    value: 30, unit: 'ns', assumed: true,
    source: 'one zone of an allocation\'s zonelist walk (get_page_from_freelist, mm/page_alloc.c): the nodemask and cpuset checks and zone_watermark_fast on a zone of another node, whose struct is likely a cache miss: about 100 cycles',
  },
  bestNodeNs: {
    value: 10, unit: 'ns', assumed: true,
    source: 'one node of find_next_best_node (mm/page_alloc.c), the loop establish_demotion_targets (mm/memory-tiers.c) calls for each preferred target: a nodemask test, node_distance (a SLIT lookup) and the load penalty, tens of cycles',
  },
  demotionLookupNs: {
    value: 30, unit: 'ns', assumed: true,
    source: 'next_demotion_node (mm/memory-tiers.c) for one demoted page: node_demotion[node] under rcu_read_lock and node_random over its preferred nodemask (a bitmap weight and find_nth_bit over MAX_NUMNODES bits)',
  },
  numaFaultStatNs: {
    value: 20, unit: 'ns', assumed: true,
    source: 'task_numa_fault (kernel/sched/fair.c) recording one hint fault in the task\'s per-node counters (numa_faults[] by node and private / shared, numa_faults_locality)',
  },
  numaPlacementNodeNs: {
    value: 20, unit: 'ns', assumed: true,
    source: 'one node of task_numa_placement (kernel/sched/fair.c): for private and shared faults, decay the memory and CPU fault counters and fold the buffers, a few dozen cycles',
  },
  kswapdWakeNs: {
    value: 2000, unit: 'ns', assumed: true,
    source: 'one kswapd wake-up for a node (wakeup_kswapd, mm/vmscan.c): a wake-up and context switch to the node\'s kswapd thread (1-2 us on current Xeons) and balance_pgdat checking the node\'s zone watermarks',
  },
  vmstatNodeNs: {
    value: 100, unit: 'ns', assumed: true,
    source: 'one node in refresh_cpu_vm_stats (mm/vmstat.c), run on every CPU each sysctl_stat_interval: its zone\'s and its pgdat\'s per-CPU counter diffs (about 10 zone_stat_item and 40 node_stat_item counters) read and cleared with this_cpu_xchg, a few ns each',
  },
  vmstatIntervalMs: { value: 1000, unit: 'ms', source: 'sysctl_stat_interval (vm.stat_interval, mm/vmstat.c): HZ, one second, by default' },
} satisfies Record<string, Calibrated>;

/**
 * Unit prices of a pod's CXL hardware (src/topology/pod-design.ts). No vendor publishes prices of CXL
 * memory controllers, MHDs or switches: every one is assumed, with the reasoning beside it.
 * The comparison between designs depends mostly on devicePerPortSquaredUSD (how fast a
 * controller's price grows with its heads) and on the switch prices.
 */
export const POD_PRICES = {
  deviceBaseUSD: { value: 300, unit: 'USD', assumed: true, source: 'a CXL memory controller ASIC and its board without DRAM, single-headed: a few hundred dollars, as a server NIC or RAID controller of similar silicon' },
  devicePerPortUSD: { value: 100, unit: 'USD per head', assumed: true, source: 'one x8 CXL port (PHY, controller logic, connector) on the device' },
  devicePerPortSquaredUSD: {
    value: 15, unit: 'USD per head^2', assumed: true,
    source: 'a multi-headed controller\'s die grows faster than its heads: every head reaches every DRAM channel through an internal crossbar (heads x channels) and the device tracks which head owns which capacity; 15 USD makes a 16-head MHD (5740 USD) cost 6x a 4-head one (940 USD)',
  },
  switchBaseUSD: { value: 3000, unit: 'USD', assumed: true, source: 'a CXL 2.0/3.0 switch ASIC with its board, power and management controller: priced like a PCIe 5.0 switch of 100+ lanes, thousands of dollars' },
  switchPerPortUSD: { value: 200, unit: 'USD per port', assumed: true, source: 'one x8 switch port with its retimer (switch ports to hosts need retimers at rack distances)' },
  cableUSD: { value: 100, unit: 'USD', assumed: true, source: 'one x8 CXL copper cable of about 1.5 m (the reach Octopus designs for) with its connectors' },
} satisfies Record<string, Calibrated>;

/**
 * A CXL memory device class: its idle latency behind its link, and its bandwidth, in one of two
 * shapes (exactly one of the write fields): full duplex, reads and writes each with their own
 * bandwidth (writeBandwidthGBps), or half-duplex media, reads and writes sharing bandwidthGBps
 * with a write costing writeCost reads, as DRAM's bus does. The link in front of either is full
 * duplex: reads one way, writes the other.
 */
export interface CxlDeviceProfile {
  name: string;
  latencyNs: Calibrated;
  bandwidthGBps: Calibrated;
  writeBandwidthGBps?: Calibrated;
  writeCost?: Calibrated;
  loadedKNs: Calibrated;
  /** Bandwidth per direction of the link that attaches it. */
  linkGBps: Calibrated;
}

export interface PlatformProfile {
  name: string;
  summary: string;
  /** A socket's local DRAM: idle latency, read bandwidth, loaded-curve k, write cost (half duplex). */
  dram: { latencyNs: Calibrated; bandwidthGBps: Calibrated; loadedKNs: Calibrated; writeCost: Calibrated };
  /** One socket-to-socket hop: added idle latency and bandwidth per direction. */
  upi: { latencyNs: Calibrated; bandwidthGBps: Calibrated };
  /** The platform's CXL expander (the default for a CXL device), and other device classes presets use. */
  cxl: CxlDeviceProfile;
  cxlVariants: Record<string, CxlDeviceProfile>;
  /**
   * What a host (one socket) is, including what the compute model needs: its core clock, its
   * last-level cache, and the CPI a workload on it has when every access hits the caches
   * (the default of a workload's baseCpi).
   */
  host: { cores: Calibrated; clockGHz: Calibrated; llcMB: Calibrated; baseCpi: Calibrated };
}

export const PLATFORMS = {
  'spr-ddr5-cxl11': {
    name: 'Sapphire Rapids, DDR5-4800, CXL 1.1 ASIC expander',
    summary: 'A 4th-gen Xeon (Sapphire Rapids) socket with 8 channels of DDR5-4800 and a directly attached CXL 1.1 Type-3 expander built on an ASIC controller with one DDR5-4800 channel, as measured by Sun et al. (MICRO\'23, "CXL-A"); DRAM curves from Mess (MICRO\'24) on the same generation.',
    dram: {
      latencyNs: { value: 116, unit: 'ns', source: `${MESS_SPR}: unloaded latency of the local 100 %-read curve (116.3 ns; 114-116 ns over all read/write mixes)` },
      bandwidthGBps: { value: 233, unit: 'GB/s', source: `${MESS_SPR}: local 100 %-read curve saturates at 233 GB/s (76 % of 8 x 38.4 GB/s)` },
      loadedKNs: { value: 22, unit: 'ns', source: `fitted to ${MESS_SPR}, 100 % reads: +7 ns at 74 GB/s, +14 ns at 117 GB/s, +50 ns at 198 GB/s, +107 ns at 233 GB/s match k = 22 ns on q(u) = k x/(1-x), x = 0.83 u` },
      writeCost: { value: 1.5, unit: 'x', source: `${MESS_SPR}: saturation at 233 GB/s with 100 % reads, ~205 GB/s at 75-80 %, ~190 GB/s at 50 %: a write costs 1.4-1.6 reads` },
    },
    upi: {
      latencyNs: { value: 78, unit: 'ns', source: `${MESS_SPR}: remote unloaded 194.3 ns minus local 116.3 ns` },
      bandwidthGBps: { value: 126, unit: 'GB/s', source: `${MESS_SPR}: the remote 100 %-read curve saturates at 126 GB/s (the socket link, not the remote DRAM)` },
    },
    cxl: {
      name: 'CXL 1.1 x8 ASIC expander (one DDR5-4800 channel)',
      latencyNs: {
        value: 250, unit: 'ns', assumed: true,
        source: `no MLC figure for ${SUN}'s CXL-A found in a citable form; 250 ns is inside the 140-410 ns range over CXL devices (Melody, 2024) and near CXL-A = 1.35 x the remote-socket latency (${SUN}, memo loads) x 194 ns (Mess SPR remote) = 262 ns`,
      },
      bandwidthGBps: { value: 17.8, unit: 'GB/s', source: `${SUN} §4.2: CXL-A reads at ~46 % of its DDR5-4800 channel's 38.4 GB/s` },
      writeBandwidthGBps: {
        value: 13.6, unit: 'GB/s', assumed: true,
        source: 'full duplex: a 1:1 read:write mix reaching ~27.2 GB/s (docs/domain-model.md, Bandwidth: expander measurements; primary source not found) is 13.6 GB/s each way, so writes alone are bounded there',
      },
      loadedKNs: { value: 47, unit: 'ns', source: 'the DDR5 curve (k 22 ns at 116 ns idle) scaled to 250 ns idle: no published loaded curve of the expander', assumed: true },
      linkGBps: CAL.cxlLinkX8GBps,
    },
    cxlVariants: {
      cz120: {
        name: 'Micron CZ120-class x8 expander',
        latencyNs: { value: 250, unit: 'ns', source: 'taken equal to the platform\'s ASIC expander: no idle figure found', assumed: true },
        bandwidthGBps: {
          value: 42, unit: 'GB/s',
          source: `half-duplex DDR5 media, reads and writes sharing it at writeCost: ${MICRON_CZ120}, i.e. 24 GB/s of reads and 12 of writes at once, which cost 24 + 1.5 x 12 = 42 GB/s of reads. Reads alone are bound by the x8 link (31.5 GB/s). Full-duplex limits of 36 GB/s of reads and 27.5 of writes would deliver 47 GB/s at 2:1 (the link's 31.5 each way), 1.3x the vendor's figure`,
        },
        writeCost: { value: 1.5, unit: 'x', source: `the DDR5 media's write cost: ${MESS_SPR}, a write costs 1.4-1.6 reads (assumed to hold behind the expander's controller)`, assumed: true },
        loadedKNs: { value: 47, unit: 'ns', source: 'as the platform\'s ASIC expander: no loaded curve published', assumed: true },
        linkGBps: CAL.cxlLinkX8GBps,
      },
      'pond-pool': {
        name: 'Pond-class pool: a multi-headed memory controller shared by 8-16 sockets, no switch',
        latencyNs: { value: 196, unit: 'ns', source: `${POND_POOL}: 80 ns, the middle of that range, over this platform's local DRAM (116 ns). The platform's direct-attached expander (250 ns) would be +134 ns, beyond Pond's range` },
        bandwidthGBps: { value: 17.8, unit: 'GB/s', source: 'taken equal to the platform\'s ASIC expander (one DDR5-4800 channel): no bandwidth of Pond\'s controller is published (VM accesses do not load devices in this model; only the host workloads do)', assumed: true },
        writeBandwidthGBps: { value: 13.6, unit: 'GB/s', source: 'taken equal to the platform\'s ASIC expander, as its reads', assumed: true },
        loadedKNs: { value: 36.8, unit: 'ns', source: 'the platform expander\'s curve scaled to 196 ns idle (47 x 196 / 250), what a CXL device given only its latency gets', assumed: true },
        linkGBps: CAL.cxlLinkX8GBps,
      },
    },
    host: {
      cores: { value: 32, unit: 'cores', source: `${SUN}: its testbed's Xeon 6430 has 32 cores per socket` },
      clockGHz: { value: 2.1, unit: 'GHz', source: 'Intel Xeon Gold 6430 (the Sun et al. testbed CPU) base clock 2.1 GHz; all-core turbo runs higher, so the compute side is if anything slow' },
      llcMB: { value: 60, unit: 'MB', source: `${SUN}: Xeon 6430, 60 MB LLC per socket (1.875 MB per core)` },
      baseCpi: { value: 0.5, unit: 'cycles/instr', source: 'CPI with no memory stalls: no per-platform figure; IPC ~2 on a wide out-of-order core', assumed: true },
    },
  },
  'skx-ddr4-numa': {
    name: 'Skylake/Cascade Lake, DDR4, CXL emulated by a remote socket (TPP/Pond era)',
    summary: 'A two-socket Xeon Skylake-SP/Cascade Lake server with 6 channels of DDR4 per socket, where "CXL memory" is the other socket\'s DRAM reached over UPI with that socket\'s cores unused: how TPP (ASPLOS\'23) and Pond (ASPLOS\'23) measured before CXL hardware existed.',
    dram: {
      latencyNs: { value: 78, unit: 'ns', source: `${POND}: local DRAM 78 ns` },
      bandwidthGBps: { value: 111, unit: 'GB/s', source: `${MESS_CLX}: the 100 %-read curve saturates at 111 GB/s (79 % of 6 x 23.5 GB/s)` },
      loadedKNs: { value: 19, unit: 'ns', source: `fitted to ${MESS_CLX} at saturation: +93 ns at 111 GB/s (90 ns unloaded) = 4.88 k` },
      writeCost: { value: 1.5, unit: 'x', source: `${MESS_CLX}: 111 GB/s with 100 % reads against ~89 GB/s at 50 % reads` },
    },
    upi: {
      latencyNs: { value: 64, unit: 'ns', source: `${POND}: remote 142 ns minus local 78 ns` },
      bandwidthGBps: { value: 51.3, unit: 'GB/s', source: `${CSIT_CLX}: --bandwidth_matrix, reads from the other socket 51.3 GB/s` },
    },
    cxl: {
      name: 'remote-socket DRAM standing in for CXL (CPU-less NUMA node)',
      latencyNs: { value: 142, unit: 'ns', source: `${POND}: remote-socket DRAM 142 ns, the emulated CXL latency (TPP: "CXL adds around 50-100 nanoseconds")` },
      bandwidthGBps: { value: 111, unit: 'GB/s', source: `the remote socket's DDR4 (${MESS_CLX}); the UPI link in front of it binds first` },
      writeBandwidthGBps: { value: 74, unit: 'GB/s', source: 'the remote DDR4 at write cost 1.5 (111 / 1.5); its read/write mix limit is not modelled because the UPI link binds first', assumed: true },
      loadedKNs: { value: 19, unit: 'ns', source: `the remote socket's own DDR4 curve (${MESS_CLX})` },
      linkGBps: { value: 51.3, unit: 'GB/s', source: `the socket link: ${CSIT_CLX}, cross-socket reads 51.3 GB/s` },
    },
    cxlVariants: {},
    host: {
      cores: { value: 24, unit: 'cores', source: `${CSIT_CLX}: 2 x 24 cores (96 logical CPUs)` },
      clockGHz: { value: 2.3, unit: 'GHz', source: 'base clock of the 24-core Xeon Gold parts of that generation (e.g. Gold 6252N); the testbed\'s exact part is not stated', assumed: true },
      llcMB: { value: 33, unit: 'MB', source: '1.375 MB of L3 per core on Skylake-SP/Cascade Lake x 24 cores', assumed: true },
      baseCpi: { value: 0.6, unit: 'cycles/instr', source: 'CPI with no memory stalls: no per-platform figure', assumed: true },
    },
  },
} satisfies Record<string, PlatformProfile>;

export type PlatformId = keyof typeof PLATFORMS;
export const PLATFORM_IDS = Object.keys(PLATFORMS) as [PlatformId, ...PlatformId[]];
/** The platform a scenario that names none runs on. */
export const DEFAULT_PLATFORM: PlatformId = 'spr-ddr5-cxl11';

/** Linux's memory tier chunk: abstract distances within one 128 chunk share a tier. */
export const MEMTIER_CHUNK = 128;

/** Loaded-latency curves are fitted up to this utilisation of the curve's scale. */
export const CURVE_UMAX = 0.83;

export const LINE_BYTES = 64;

const POND_PAPER = 'Pond (Li et al., "Pond: CXL-Based Memory Pooling Systems for Cloud Platforms", ASPLOS\'23)';

/**
 * Pools and VMs (src/pool/, src/pool-managers/): the VM stream's distributions and what Pond
 * reports, which the pool presets are calibrated against (README, "Where the pool presets land").
 */
export const POOL_CAL = {
  extentGiB: { value: 1, unit: 'GiB', source: `${POND_PAPER}: pool memory is assigned to hosts in 1 GiB slices` },
  vmCores: {
    values: [2, 4, 8, 16, 32], weights: [0.35, 0.3, 0.2, 0.1, 0.05], unit: 'cores', assumed: true,
    source: 'VM sizes in cores: most VMs are small (Cortez et al., "Resource Central", SOSP\'17, Azure: most VMs have 1-4 cores); the weights are assumed',
  },
  vmGiBPerCore: {
    values: [2, 4, 8], weights: [0.2, 0.5, 0.3], unit: 'GiB per core', assumed: true,
    source: 'Azure\'s compute-, general- and memory-optimised series (F, D, E) give 2, 4 and 8 GiB per vCPU (Azure VM size documentation); the mix is assumed',
  },
  untouchedShare: {
    min: 0, max: 1, unit: 'share of a VM\'s memory', assumed: true,
    source: `${POND_PAPER}: the median VM leaves about half of its memory untouched; the uniform 0..1 shape (median 0.5) is assumed`,
  },
  lifetime: { value: 'exponential', unit: 'epochs', source: 'VM lifetimes: exponential with the stream\'s mean (assumed; Azure\'s are heavy-tailed, Resource Central SOSP\'17)', assumed: true },
  predictionErrorSd: {
    value: 0.1, unit: 'share of memory', assumed: true,
    source: `${POND_PAPER} §4 predicts each VM's untouched memory from its metadata with a gradient-boosted model tuned for few over-predictions; here the prediction is the true share plus seeded noise (sum of 12 uniforms ~ N(0, sd)) minus a margin`,
  },
  predictionMargin: {
    value: 0.2, unit: 'share of memory', assumed: true,
    source: `the conservative offset Pond's model trades savings for few over-predictions with: ${POND_PAPER} tunes its models for a target percentage of VMs (TP, 98 % in its evaluation) within the slowdown margin; two standard deviations of the error (2 x 0.1) over-predict about 2 % of VMs. At 0.1 (one sd) 16 % were over-predicted`,
  },
  vmReadShare: { value: 0.7, unit: 'share of accesses', assumed: true, source: 'reads among a VM\'s memory accesses: a workload\'s default (its readRatio); no VM mix is modelled' },
  vmMissesPerKiloInstr: { value: 5, unit: 'per 1000 instructions', assumed: true, source: 'memory accesses per 1000 instructions of a VM after its caches: a moderately memory-bound cloud workload (assumed)' },
  pondDramSavedPercent: { value: 7, unit: '%', source: `${POND_PAPER}: pooling across 8-16 sockets cuts the DRAM a cluster needs by about 7 % at a 1-5 % slowdown` },
  pondStrandedAt75: { value: 6, unit: '% of memory', source: `${POND_PAPER}: stranded memory reaches a median of 6 % of memory when 75 % of cores are rented` },
  pondStrandedAt85: { value: 10, unit: '% of memory', source: `${POND_PAPER}: over 10 % when 85 % of cores are rented` },
} as const;
