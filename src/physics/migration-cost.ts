// CPU time the kernel spends moving pages, charged to the host whose task owns each page
// (that time is taken from its application: src/engine/traffic.ts).
//
// Two paths, as Linux moves pages:
// - promotion in the NUMA hint-fault path (numa_balancing's promote on fault): the faulting
//   thread migrates the page synchronously, stalling for the migrate_pages work and the copy.
//   No TLB shootdown per page: the PTE is already inaccessible (PROT_NONE since the NUMA
//   scan, whose range flush paid for it), and the kernel skips flushing a PTE no TLB can hold
//   (mm/rmap.c set_tlb_ubc_flush_pending: !pte_accessible). The trap itself is the policy's
//   charge (PolicyView.chargeStallNs, CAL.hintFaultNs).
// - every other move (kswapd demotion, balancing, evacuation) runs on a kernel thread that
//   takes a core from the application: the same per-page work plus a TLB shootdown (an IPI to
//   every other core running the task, which each stop to flush) per batch of pages unmapped
//   together (kswapd isolates SWAP_CLUSTER_MAX = 32 pages at a time and flushes once per batch).
// A 2 MiB page is one migration with a 2 MiB copy (and a batch of its own).
import { CAL } from '../platform/calibration';
import type { Scenario } from '../scenario/schema';

export class MigrationCost {
  /** CPU ns of one page moved in the fault path, and on a kernel thread before its shootdown share. */
  readonly pageNs: number;
  /** Pages unmapped per TLB shootdown on the kernel-thread path. */
  readonly batchPages: number;
  /** Per host: CPU ns of one TLB shootdown (initiator plus every other core of the task). */
  readonly shootdownNs: Float64Array;

  constructor(scenario: Scenario, pageBytes: number) {
    this.pageNs = CAL.migratePageFixedNs.value + pageBytes / CAL.migrateCopyGBps.value;
    this.batchPages = Math.max(1, Math.floor((CAL.reclaimBatchPages.value * 4096) / pageBytes));
    this.shootdownNs = Float64Array.from(scenario.hosts, (h) => CAL.tlbShootdownNs.value + (h.cores - 1) * CAL.tlbFlushIpiNs.value);
  }

  /** CPU ns host h spends on `faultPath` pages promoted on fault and `threaded` pages moved by a kernel thread. */
  hostNs(h: number, faultPath: number, threaded: number): number {
    const batches = Math.ceil(threaded / this.batchPages);
    return (faultPath + threaded) * this.pageNs + batches * this.shootdownNs[h];
  }
}
