// Default hardware numbers, each traced to ../shared/docs/domain-model.md (or labelled
// "assumed" where no public figure exists). The UI shows these labels next to the values.

export interface Calibrated {
  value: number;
  unit: string;
  source: string;
  assumed?: boolean;
}

export const CAL = {
  dramLatencyNs: { value: 81, unit: 'ns', source: 'Intel MLC idle latency, Sapphire Rapids class' },
  upiLatencyNs: { value: 55, unit: 'ns', source: 'remote socket DRAM ~131-140 ns (MLC/CSIT) minus local 81 ns' },
  upiBandwidthGBps: { value: 64, unit: 'GB/s', source: 'SPR UPI 2.0, 4 links x 16 GT/s', assumed: true },
  dramBandwidthGBps: { value: 215, unit: 'GB/s', source: '8ch DDR5-4800 = 307 GB/s theoretical; fitted curve saturates at ~216 GB/s (Mess, MICRO\'24)' },
  dramLoadedK: { value: 27.3, unit: 'ns', source: 'fitted DDR curve L(u) = 81 + 27.3 u/(1-u)' },
  dramWriteCost: { value: 1.3, unit: 'x', source: 'write-heavy mixes saturate earlier (Mess); factor assumed', assumed: true },
  cxlLatencyNs: { value: 250, unit: 'ns', source: 'SPR + CXL 1.1 x8 expander, direct attach' },
  cxlBandwidthGBps: { value: 17.8, unit: 'GB/s', source: 'CXL x8 expander, reads' },
  cxlFastBandwidthGBps: { value: 36, unit: 'GB/s', source: 'Micron CZ120 class x8, vendor figure' },
  cxlWriteBandwidthGBps: { value: 13.6, unit: 'GB/s', source: 'full duplex: a 1:1 read:write mix reaches 27.2 GB/s, 13.6 each way', assumed: true },
  cxlLinkX8GBps: { value: 31.5, unit: 'GB/s', source: 'PCIe 5.0 / CXL x8, per direction' },
  cxlLinkX16GBps: { value: 63, unit: 'GB/s', source: 'PCIe 5.0 / CXL 2.0 x16, per direction' },
  switchHopNs: { value: 70, unit: 'ns', source: 'one CXL switch hop: not published reliably (Pond: pool +70-90 ns)', assumed: true },
  linkLoadedK: { value: 10, unit: 'ns', source: 'queueing delay scale of a link', assumed: true },
  loadedKPerIdleNs: { value: 27.3 / 81, unit: 'ns/ns', source: 'DDR fitted curve shape applied per device', assumed: true },
  adistanceDram: { value: 576, unit: '', source: 'Linux MEMTIER_ADISTANCE_DRAM' },
  adistanceCxl: { value: 2880, unit: '', source: 'Linux MEMTIER_DEFAULT_DAX_ADISTANCE' },
  migratePageFixedNs: { value: 2000, unit: 'ns', source: 'kernel cost to unmap, copy-setup, remap and flush TLBs for one page (migrate_pages)', assumed: true },
  migrateCopyGBps: { value: 10, unit: 'GB/s', source: 'one kernel thread copying pages', assumed: true },
  hintFaultNs: { value: 1000, unit: 'ns', source: 'one NUMA hint fault (trap, PTE fix-up)', assumed: true },
  coresPerHost: { value: 32, unit: 'cores', source: 'a typical SPR socket, assumed', assumed: true },
  mlpPerCore: { value: 10, unit: 'misses', source: 'outstanding L1D misses (fill buffers) per core', assumed: true },
} satisfies Record<string, Calibrated>;

/** Linux's memory tier chunk: abstract distances within one 128 chunk share a tier. */
export const MEMTIER_CHUNK = 128;

/** Loaded-latency curves are fitted up to this utilisation of the curve's scale. */
export const CURVE_UMAX = 0.83;

export const LINE_BYTES = 64;
