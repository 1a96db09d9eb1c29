import { describe, expect, it } from 'vitest';
import { NodeIdArray, InitiatorIdArray, TierArray } from '../ids';
import { Rng } from '../rng';
import { AGE_BUCKETS, ColdDemoter, DemotionTargets, LruClock, ageBucket, demotableDevices, runKswapd, type Watermarks } from './reclaim';
import { NO_NODE, Reason, type MigrationSink, type PolicyView } from './types';

/** H hosts, each with a DRAM node (tier 0), and C CXL nodes (tier 1) every host reaches. */
function world(H: number, C: number, P: number, seed: number) {
  const N = H + C, rng = new Rng(seed, 9);
  const pageNode = new NodeIdArray(P), pageInitiator = new InitiatorIdArray(P);
  const nodeTier = new TierArray(N);
  for (let n = H; n < N; n++) nodeTier[n] = 1;
  const cap = new Int32Array(N), free = new Int32Array(N);
  for (let p = 0; p < P; p++) {
    const h = rng.nextInt(H);
    pageInitiator[p] = h;
    const n = rng.nextFloat() < 0.1 ? NO_NODE : rng.nextFloat() < 0.5 ? h : H + rng.nextInt(C);
    pageNode[p] = n;
    if (n !== NO_NODE) cap[n]++;
  }
  for (let n = 0; n < N; n++) { free[n] = n < H ? 8 : 4000; cap[n] += free[n]; }
  const orders = Array.from({ length: H }, (_, h) => Int32Array.from([h, ...Array.from({ length: C }, (_, c) => H + c), ...Array.from({ length: H }, (_, o) => o).filter((o) => o !== h)]));
  const view = {
    epoch: 0, epochMs: 100, pageBytes: 4096, pages: P, nodes: N, hosts: H, initiators: H,
    pageNode, pageInitiator, nodeTier, tierCount: 2, nodeCapacity: cap, nodeFree: free,
    nodeOrder: (h: number) => orders[h],
    // Unused rates: pages used in the last epoch pass kswapd's referenced check (ColdDemoter's second pass).
    accessRate: new Float32Array(P),
  } as unknown as PolicyView & { epoch: number };
  const lru = new LruClock(P);
  return { view, lru, rng, N };
}

/** A sink that records what was queued and keeps free frames as the engine's queue does. */
function recorder(view: PolicyView, limit = Infinity) {
  const moves: number[] = [];
  const sink: MigrationSink = {
    migrate: (p, to) => {
      if (view.nodeFree[to] <= 0 || moves.length / 2 >= limit) return false;
      (view.nodeFree as Int32Array)[to]--;
      (view.nodeFree as Int32Array)[view.pageNode[p]]++;
      moves.push(p, to);
      return true;
    },
    remaining: () => Math.max(0, limit - moves.length / 2),
  };
  return { sink, moves };
}

/** kswapd as it was: two passes over every page for each node that needs room, one shared cursor. */
class PerNodeScan {
  private cursor = 0;
  demote(view: PolicyView, sink: MigrationSink, d: number, count: number, lru: LruClock, targets: DemotionTargets, wm: Watermarks): number {
    count = Math.min(count, sink.remaining(Reason.demote));
    if (!(count > 0)) return 0;
    const P = view.pages, dev = view.pageNode, host = view.pageInitiator, last = lru.lastAccess, e = view.epoch;
    const hist = new Int32Array(AGE_BUCKETS);
    for (let p = 0; p < P; p++) if (dev[p] === d) hist[ageBucket(e, last[p])]++;
    let cut = AGE_BUCKETS - 1, above = 0;
    while (cut > 1 && above + hist[cut] < count) above += hist[cut--];
    const fromCut = Math.min(count - above, hist[cut]);
    let taken = 0, takenCut = 0, p = this.cursor < P ? this.cursor : 0;
    for (let k = 0; k < P && taken < count; k++, p = p + 1 === P ? 0 : p + 1) {
      if (dev[p] !== d) continue;
      const b = ageBucket(e, last[p]);
      if (b < cut || (b === cut && takenCut >= fromCut)) continue;
      const to = targets.pick(view, host[p], view.nodeTier[d], wm.min);
      if (to < 0 || !sink.migrate(p, to, Reason.demote)) continue;
      taken++;
      if (b === cut) takenCut++;
    }
    // Then pages used in the last epoch (age 0), which pass kswapd's check here (rate 0).
    if (taken < count && cut <= 1) {
      for (let k = 0; k < P && taken < count; k++, p = p + 1 === P ? 0 : p + 1) {
        if (dev[p] !== d || ageBucket(e, last[p]) !== 0) continue;
        const to = targets.pick(view, host[p], view.nodeTier[d], wm.min);
        if (to < 0 || !sink.migrate(p, to, Reason.demote)) continue;
        taken++;
      }
    }
    this.cursor = p;
    return taken;
  }
}

describe('kswapd serves every node from one index', () => {
  it('queues exactly the demotions per-node scans of every page queued, epoch after epoch', () => {
    for (const [H, C, P, limit] of [[8, 3, 5000, Infinity], [16, 4, 20000, 700], [3, 1, 997, 40]] as const) {
      const runs = [0, 1].map(() => {
        const w = world(H, C, P, H * 7 + C);
        const targets = new DemotionTargets(w.view);
        const canDemote = demotableDevices(w.view, targets);
        const wm: Watermarks = { gap: new Int32Array(w.N), min: new Int32Array(w.N).fill(2), low: new Int32Array(w.N), high: new Int32Array(w.N), promo: new Int32Array(w.N) };
        return { ...w, targets, canDemote, wm };
      });
      const fast = new ColdDemoter(), slow = new PerNodeScan();
      for (let e = 0; e < 12; e++) {
        const got = runs.map((r, i) => {
          r.view.epoch = e;
          // The same ages in both worlds: about a third of the pages touched each epoch, some never.
          for (let p = 0; p < P; p++) if (r.rng.nextFloat() < 0.33) r.lru.lastAccess[p] = e - r.rng.nextInt(40);
          // Some CXL pages come back to their host's DRAM (promoted), which is again short of room.
          for (let p = 0; p < P; p++) if (r.view.pageNode[p] >= H && r.rng.nextFloat() < 0.1) (r.view.pageNode as NodeIdArray)[p] = r.view.pageInitiator[p];
          (r.view.nodeFree as Int32Array).fill(8, 0, H);
          const { sink, moves } = recorder(r.view, limit);
          // Every DRAM node asks for a varying amount of room: some nodes none, some more than they hold.
          const wake = Int32Array.from({ length: r.N }, (_, n) => (n < H ? 1 + ((n * 5 + e * 3) % 17) * 40 : 0));
          const demand = new Int32Array(r.N);
          const demoter = i === 0 ? fast : (slow as unknown as ColdDemoter);
          if (i === 1) (slow as unknown as { begin: () => void }).begin = () => {};
          const n = runKswapd(r.view, sink, r.lru, r.targets, demoter, r.wm, r.canDemote, wake, wake, demand);
          // Executed before the next epoch: the pages land where they were queued.
          for (let k = 0; k < moves.length; k += 2) (r.view.pageNode as NodeIdArray)[moves[k]] = moves[k + 1];
          return { n, moves };
        });
        expect(got[0].n, `H ${H} epoch ${e}`).toBeGreaterThan(0);
        expect(got[0].moves, `H ${H} epoch ${e}`).toEqual(got[1].moves);
      }
    }
  });
});
