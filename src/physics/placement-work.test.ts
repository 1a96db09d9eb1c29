// The kernel's placement work, counted as the real algorithms' operations: a zonelist walk
// visits k zones when k - 1 are full, establish_demotion_targets rebuilds on a hot-plug with
// (preferred + 1) x nodes visits per node that has a lower tier, next_demotion_node per batch,
// task_numa_fault only for top-tier nodes in tiering mode, vmstat per CPU per node per second;
// reported as the hosts' CPU time; memory tiers (one tier for like expanders) keep the
// demotion-target work to the top tier's nodes.
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { valid } from '../scenario/fixtures';
import { CAL, MEMTIER_CHUNK } from '../platform/calibration';
import { KERNEL_OPS, KERNEL_OP_NS, PlacementWork, type KernelOp } from './placement-work';
import { metric, SUMMARY_KEYS, EPOCH_REPORT_KEYS } from '../metrics/registry';

const MB_PAGES = 256; // 4 KiB pages per MB

/** One host, its DRAM and three direct expanders at `latencies` (distinct: a fixed zonelist order). */
function host3(policy: string, workingSetMB: number, latencies = [250, 300, 350], adistance?: (i: number) => number) {
  return valid({
    version: 1, seed: 1, samplesPerHost: 1024,
    hosts: [{ id: 'h0', cores: 8, llcMB: 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 4, latencyNs: 80 },
      ...latencies.map((latencyNs, i) => ({ id: `cxl${i}`, kind: 'cxl' as const, capacityMB: 4, latencyNs, ...(adistance ? { adistance: adistance(i) } : {}) })),
    ],
    links: latencies.map((_, i) => ({ a: 'h0', b: `cxl${i}` })),
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'uniform', workingSetMB }],
    policy: { name: policy },
  });
}

const cpuNs = (ops: Record<KernelOp, number>) => KERNEL_OPS.reduce((a, k) => a + ops[k] * KERNEL_OP_NS[k], 0);

describe('zonelist fallback walks (get_page_from_freelist)', () => {
  it('first-touch: a page placed on the k-th node of the zonelist visited k zones; pages that did not fall back count nothing', () => {
    // 4 MB DRAM, then cxl0 and cxl1 full, 2 MB on cxl2: 2, 3 and 4 zones per page.
    const e = new Engine(host3('first-touch', 14));
    const ops = e.placementOps();
    expect(ops.zonelistZone).toBe(4 * MB_PAGES * 2 + 4 * MB_PAGES * 3 + 2 * MB_PAGES * 4);
  });

  it('the sink counts a walk only when it fell back, and charges the initiator\'s host', () => {
    const w = new PlacementWork({ H: 2, N: 2, initiatorHost: Int32Array.of(0, 1, 1), order: [Int32Array.of(0, 1), Int32Array.of(1, 0)], nodeTier: [0, 1], nodeIdleNs: new Float64Array(4), fastNode: Uint8Array.of(1, 0), nodeHost: Int32Array.of(0, -1) }, [4, 4]);
    w.allocation(2, 1);
    w.allocation(2, 3);
    const ns = new Float64Array(2);
    w.drain(ns);
    expect(w.totalsByOp().zonelistZone).toBe(3);
    expect(Array.from(ns)).toEqual([0, 3 * CAL.zonelistZoneNs.value]);
  });
});

describe('demotion targets (establish_demotion_targets, next_demotion_node)', () => {
  it('a rebuild at boot: (preferred + 1) x nodes for the DRAM node; the last tier none', () => {
    // One preferred target (the nearest expander): 2 x 4 nodes.
    expect(new Engine(host3('first-touch', 4)).placementOps()).toMatchObject({ bestNode: 8, rebuilds: 1 });
    // Three expanders at the same distance: all preferred, 4 x 4.
    expect(new Engine(host3('first-touch', 4, [250, 250, 250])).placementOps()).toMatchObject({ bestNode: 16, rebuilds: 1 });
  });

  it('a node losing all its memory, then getting it back (hot-remove, hot-add), rebuilds each time; a resize does not', () => {
    const e = new Engine(host3('first-touch', 4));
    const frames = e.mem.capacity[1];
    e.changeTopology({ kind: 'capacity', node: 1, frames: 0 });
    e.step();
    // Three nodes online: (1 + 1) x 3 more visits.
    expect(e.placementOps()).toMatchObject({ rebuilds: 2, bestNode: 8 + 6 });
    e.changeTopology({ kind: 'capacity', node: 1, frames });
    e.step();
    expect(e.placementOps()).toMatchObject({ rebuilds: 3, bestNode: 8 + 6 + 8 });
    e.changeTopology({ kind: 'capacity', node: 1, frames: frames - 1 });
    e.step();
    expect(e.placementOps().rebuilds).toBe(3);
  });

  it('a hot-remove event: each page the offline migrates walks its owner\'s zonelist, and the node going offline rebuilds the demotion targets once, when it is empty', () => {
    const s = valid({
      ...host3('first-touch', 10),
      devices: host3('first-touch', 10).devices.map((d) => (d.kind === 'cxl' ? { ...d, zone: 'movable' as const } : d)),
      epochs: 6,
      events: [{ atMs: 200, kind: 'hot-remove', device: 'cxl0' }],
    });
    const e = new Engine(s);
    // Boot: 4 MB on DRAM, 4 MB on cxl0 (2 zones each), 2 MB on cxl1 (3 zones).
    const boot = 4 * MB_PAGES * 2 + 2 * MB_PAGES * 3;
    e.step(); e.step();
    expect(e.placementOps()).toMatchObject({ zonelistZone: boot, rebuilds: 1, bestNode: 8 });
    // Epoch 2: the offline begins; its pass queues cxl0's 4 MB past the isolated node: 2 MB to cxl1 (3 zones), 2 MB to cxl2 (4 zones).
    e.step();
    expect(e.placementOps()).toMatchObject({ zonelistZone: boot + 2 * MB_PAGES * 3 + 2 * MB_PAGES * 4, rebuilds: 1 });
    // Epoch 3: cxl0 is empty and goes offline: three nodes online, (1 + 1) x 3 more visits.
    e.step();
    expect(e.mem.capacity[1]).toBe(0);
    expect(e.eventOutcomes()[0]).toMatchObject({ ok: true, state: 'done' });
    expect(e.placementOps()).toMatchObject({ rebuilds: 2, bestNode: 8 + 6 });
    e.step();
    expect(e.placementOps().rebuilds).toBe(2);
  });

  it('next_demotion_node once per batch of 32 demoted pages', () => {
    const w = new PlacementWork({ H: 1, N: 2, initiatorHost: Int32Array.of(0), order: [Int32Array.of(0, 1)], nodeTier: [0, 1], nodeIdleNs: new Float64Array(2), fastNode: Uint8Array.of(1, 0), nodeHost: Int32Array.of(0, -1) }, [1]);
    w.demotions(0, 33);
    w.drain(new Float64Array(1));
    expect(w.totalsByOp().demotionLookup).toBe(2);
  });
});

describe('NUMA fault statistics, kswapd, vmstat', () => {
  const topo = () => ({ H: 1, N: 3, initiatorHost: Int32Array.of(0), order: [Int32Array.of(0, 1, 2)], nodeTier: [0, 1, 1], nodeIdleNs: new Float64Array(3), fastNode: Uint8Array.of(1, 0, 0), nodeHost: Int32Array.of(0, -1, -1) });

  it('task_numa_fault keeps nothing for a slow-tier node (tiering mode); on a top-tier node one update, and task_numa_placement walks every node once per scan sequence', () => {
    const w = new PlacementWork(topo(), [8]);
    w.numaFault(0, 1, true);
    w.numaFault(0, 0, false);
    w.numaFault(0, 0, true);
    w.drain(new Float64Array(1));
    expect(w.totalsByOp()).toMatchObject({ numaFault: 2, numaPlacementNode: 3 });
  });

  it('kswapd: a wake-up per node woken, charged to the node\'s host or to the host of a page it took; its LRU checks are not counted', () => {
    const w = new PlacementWork(topo(), [8]);
    w.kswapd(0, -1);
    w.kswapd(2, 0);
    w.kswapd(2, -1); // no host and no page: nobody to charge
    const ns = new Float64Array(1);
    w.drain(ns);
    expect(w.totalsByOp()).toMatchObject({ kswapdWake: 2 });
    expect(ns[0]).toBe(2 * CAL.kswapdWakeNs.value);
  });

  it('refresh_cpu_vm_stats: every CPU folds every node with memory once per interval', () => {
    const w = new PlacementWork(topo(), [8]);
    w.epoch(CAL.vmstatIntervalMs.value * 2);
    w.rebuildDemotionTargets([1, 0, 1]); // node 1 offline: two left
    w.epoch(CAL.vmstatIntervalMs.value);
    w.drain(new Float64Array(1));
    expect(w.totalsByOp().vmstatNode).toBe(8 * 3 * 2 + 8 * 2);
  });
});

describe('placementCpuPercent', () => {
  it('is a registry row beside migrationCpuPercent, in the CLI\'s epochs and summary, averaged over epochs', () => {
    const m = metric('placementCpuPercent');
    expect(m).toMatchObject({ unit: '%', scope: 'epoch', run: { kind: 'epoch-mean' }, epochs: true, summary: true, id: 'placement-cpu' });
    expect(SUMMARY_KEYS.indexOf('placementCpuPercent')).toBe(SUMMARY_KEYS.indexOf('migrationCpuPercent') + 1);
    expect(EPOCH_REPORT_KEYS).toContain('placementCpuPercent');
  });

  it('epoch 0 carries the boot and fault-in work; it is reported, and takes nothing from the application (no other figure moves)', () => {
    const e = new Engine(host3('first-touch', 14));
    const boot = cpuNs(e.placementOps());
    const row = e.step();
    const cpu = 8 * (e.scenario.epochMs / 1000) * 1e9;
    expect(row.placementCpuPercent).toBeCloseTo((100 * boot) / cpu, 9);
    expect(row.migrationCpuPercent).toBe(0);
    const silent = new Engine(host3('first-touch', 14, [250, 300, 350]));
    const { placementCpuPercent: _p, ...others } = silent.step();
    const { placementCpuPercent: _q, ...same } = row;
    expect(same).toEqual(others);
    // Epoch 1 pays only the vmstat upkeep of epoch 0: 8 CPUs x 4 nodes x 0.1 intervals.
    expect(e.step().placementCpuPercent).toBeCloseTo((100 * 8 * 4 * 0.1 * CAL.vmstatNodeNs.value) / cpu, 12);
  });

  it('grows with the nodes a host sees: the same host with 2 and with 32 expanders', () => {
    const run = (n: number) => {
      const e = new Engine(host3('linux-tiering', 6, Array.from({ length: n }, () => 250)));
      const rows = Array.from({ length: 3 }, () => e.step().placementCpuPercent);
      return { boot: rows[0], upkeep: rows[2], rebuild: e.placementOps().bestNode };
    };
    const two = run(2), many = run(32);
    // The per-node upkeep in proportion to the nodes (33 against 3), the rebuild as their square.
    expect(many.upkeep / two.upkeep).toBeCloseTo(33 / 3, 9);
    expect(many.rebuild).toBe((32 + 1) * 33);
    expect(two.rebuild).toBe((2 + 1) * 3);
    expect(many.boot).toBeGreaterThan(two.boot);
  });
});

describe('memory tiers (grouping nodes by abstract distance)', () => {
  // Each expander its own tier: the per-node distance order, as if nodes were not grouped.
  const own = (i: number) => CAL.adistanceCxl.value + (i + 1) * MEMTIER_CHUNK;
  const latencies = (n: number) => Array.from({ length: n }, (_, i) => 250 + 10 * i);

  it('the rebuild: only the top tier\'s nodes need targets when like expanders share a tier; every expander but the last when each is its own', () => {
    for (const n of [2, 8, 32]) {
      const grouped = new Engine(host3('first-touch', 4, latencies(n))).placementOps().bestNode;
      const flat = new Engine(host3('first-touch', 4, latencies(n), own)).placementOps().bestNode;
      // (preferred 1 + 1) x (n + 1) nodes, once for the DRAM node, or for n nodes.
      expect(grouped).toBe(2 * (n + 1));
      expect(flat).toBe(n * 2 * (n + 1));
    }
  });

  it('over a run of linux-tiering with 8 expanders, the demotion-target work (rebuilds, next_demotion_node) and the placement CPU are smaller with them in one tier', () => {
    const work = (adistance?: (i: number) => number) => {
      const e = new Engine(host3('linux-tiering', 30, latencies(8), adistance));
      let cpu = 0;
      for (let k = 0; k < 20; k++) cpu += e.step().placementCpuPercent;
      const ops = e.placementOps();
      return { target: ops.bestNode * KERNEL_OP_NS.bestNode + ops.demotionLookup * KERNEL_OP_NS.demotionLookup, lookups: ops.demotionLookup, cpu };
    };
    const grouped = work(), flat = work(own);
    expect(grouped.lookups).toBeGreaterThan(0);
    expect(grouped.target).toBeLessThan(flat.target);
    expect(grouped.cpu).toBeLessThan(flat.cpu);
  });
});
