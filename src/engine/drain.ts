// Memory going offline while the run goes on, as Linux's offline_pages() does it: the range is
// isolated (no new page lands there), its movable pages are migrated away, a pass at a time,
// and when nothing is left the memory goes offline. A page that cannot move fails every pass
// and the kernel retries (since Linux 4.15 it no longer gives up after 120 s or five failed
// passes: it retries until the writer of the state file gets a signal, commit "mm,
// memory_hotplug: do not fail offlining too early"); the simulated operator gives up after
// `timeoutMs` (`timeout 10 daxctl offline-memory ...`), and the offline fails with -EBUSY
// ("signal backoff"): the range is un-isolated and the node stays online, without the pages
// already moved. Unmovable pages are long-term pins (RDMA, vfio: FOLL_LONGTERM), which the
// kernel keeps out of ZONE_MOVABLE by migrating a page out of it before pinning it, so only
// memory onlined as ZONE_NORMAL can hold them. Kernel allocations (slab, page tables), which
// would make isolation itself fail at once ("failure to isolate range"), are not modelled:
// the simulator's pages are the workloads'.
//
// Moves go through the migration queue (MigrationQueue.evacuate) with their own reason
// (`offline` for memory taken offline, `evacuate` for a failing device drained), costed like
// every other migration (copy traffic, the owning host's CPU time), at the rate of one kernel
// thread doing migrate_pages (MigrationCost.pageNs per page: the writer's context does the work).
import type { Memory } from './memory';
import type { MigrationQueue } from './migrations';
import type { ReasonCode } from '../policies/types';
import type { KernelWorkSink } from '../physics/placement-work';

export interface Drain {
  node: number;
  /** Frames the node keeps (0: all of it goes). */
  keep: number;
  reason: ReasonCode;
  /** The event it serves (index in scenario.events), -1 for a change made through the API. */
  cause: number;
  /** Epoch it started in and the last epoch it may run (Infinity: no time-out). */
  start: number;
  deadline: number;
  /** Pages above the limit when it started; moved off so far (at the start of the newest epoch); pinned pages seen in the newest pass. */
  initial: number;
  moved: number;
  pinned: number;
  /** Pages that found no free frame their owner may use in the newest pass. */
  stuck: number;
}

export class Drains {
  readonly active: Drain[] = [];
  private readonly scratch: number[] = [];

  constructor(
    private readonly mem: Memory,
    private readonly queue: MigrationQueue,
    /** Per initiator: the nodes its pages may go to, zonelist order. */
    private readonly order: () => Int32Array[],
    private readonly owner: ArrayLike<number>,
    /** Pages one pass may queue (one kernel thread's migrations in an epoch). */
    private readonly perEpoch: number,
    /** The kernel's placement work: each page's walk down its owner's zonelist for a target (physics/placement-work.ts). */
    private readonly kernel?: KernelWorkSink,
  ) {}

  /** The drain of node n, if one is running. */
  of(n: number): Drain | undefined {
    return this.active.find((d) => d.node === n);
  }

  start(d: Omit<Drain, 'initial' | 'moved' | 'pinned' | 'stuck'> & { pinned?: number }): void {
    this.mem.isolate(d.node, d.keep);
    this.active.push({ ...d, initial: this.mem.pagesAbove(d.node, d.keep, this.scratch).length, moved: 0, pinned: d.pinned ?? 0, stuck: 0 });
  }

  remove(d: Drain): void {
    const i = this.active.indexOf(d);
    if (i >= 0) this.active.splice(i, 1);
  }

  /** Pages left above the drain's limit (its work still to do); what has left so far is its `moved`. */
  left(d: Drain): number {
    const n = this.mem.pagesAbove(d.node, d.keep, this.scratch).length;
    d.moved = Math.max(d.moved, d.initial - n);
    return n;
  }

  /**
   * One pass of every drain, after epoch `epoch` and before the policy decides: queue the
   * pages left above each limit to the nearest node with room their owner may use (the node
   * itself when it keeps frames below the limit), up to the pass's budget. `pinned` marks
   * pages that cannot move; they are counted and skipped, as offline_pages skips them.
   */
  pass(pinned: Uint8Array | null, viewFree: Int32Array): void {
    let budget = this.perEpoch;
    const order = this.order();
    for (const d of this.active) {
      d.pinned = 0;
      d.stuck = 0;
      const pages = this.mem.pagesAbove(d.node, d.keep, this.scratch);
      for (const p of pages) {
        if (pinned !== null && pinned[p] === 1) { d.pinned++; continue; }
        if (budget <= 0) continue;
        let to = -1;
        if (d.keep > 0 && viewFree[d.node] > 0) to = d.node;
        else {
          // alloc_migration_target's zonelist walk, the node going offline visited too (its frames are isolated).
          let zones = 0;
          for (const n of order[this.owner[p]]) { zones++; if (n !== d.node && viewFree[n] > 0) { to = n; break; } }
          this.kernel?.allocation(this.owner[p], zones);
        }
        if (to >= 0 && this.queue.evacuate(p, to, d.reason)) budget--; else d.stuck++;
      }
    }
  }
}
