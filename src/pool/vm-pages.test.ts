// The pool's page table (vm-pages.ts) over random pools, VM streams, grants and reclaims, for
// every pool manager: capacity is never granted twice, every page a VM owns is on capacity its
// host holds (its DRAM or its grants), a VM's sampled accesses hit only its own pages, and pages
// are conserved through departures and reclaims. Then what a user sees on pond-pool: zNUMA puts
// the untouched memory on the pool, so the pool serves far fewer accesses than it holds memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { POOL_MANAGERS } from '../pool-managers/registry';
import { buildTopology } from '../topology/topology';
import { EnginePool } from './engine-pool';
import { PoolModel } from './model';
import { arbPool, poolConfig } from './test-support';
import type { VmPerfInput } from './vm-pages';

/** Grants and reclaims beyond the manager's: device, host, extents (applied where the books allow). */
const arbOps = fc.array(fc.record({ grant: fc.boolean(), d: fc.nat(3), h: fc.nat(7), n: fc.integer({ min: 1, max: 40 }) }), { maxLength: 120 });

/** Every host's DRAM 100 + h ns, host h -> device d 1000 + 10 d + h ns: a latency names its node. */
function perfOf(H: number, D: number): VmPerfInput {
  const poolNs = new Float64Array(D * H);
  for (let d = 0; d < D; d++) for (let h = 0; h < H; h++) poolNs[d * H + h] = 1000 + 10 * d + h;
  return { localNs: Float64Array.from({ length: H }, (_, h) => 100 + h), poolNs, thinkNs: new Float64Array(H).fill(50) };
}

describe.each(POOL_MANAGERS.map((m) => m.name))('the pool\'s page table under %s', (name) => {
  const def = POOL_MANAGERS.find((m) => m.name === name)!;

  it('never grants capacity twice, keeps every page on capacity its owner\'s host holds, conserves pages, samples only own pages', () => {
    fc.assert(fc.property(arbPool, arbOps, (t, ops) => {
      const m = new PoolModel(poolConfig(t, def)), L = m.ledger, P = m.pages!, { H, D } = L, ppe = P.perExtent;
      const perf = perfOf(H, D);
      let op = 0;
      for (let e = 0; e < 40; e++) {
        m.step(e, perf);
        // A few grants and reclaims of the test's own each epoch, where the books allow them.
        for (let k = 0; k < 3 && op < ops.length; k++, op++) {
          const { grant, d, h, n } = ops[op];
          if (d >= D || h >= H || L.head[d * H + h] !== 1) continue;
          if (grant) L.grant(d, h, Math.min(n, L.devFree(d)));
          else L.reclaim(d, h, Math.min(n, L.grantFree(d, h)));
        }
        const why = P.check() ?? L.check();
        if (why) throw new Error(`epoch ${e}: ${why}`);
        expect(P.foreignHits).toBe(0);
        // Each pooled extent has one holder, and a device's holders add up to its grants (never beyond it).
        for (let d = 0; d < D; d++) {
          let held = 0;
          for (let x = P.devBase[d]; x < P.devBase[d + 1]; x++) if (P.extentHolder[x] >= 0) held++;
          expect(held).toBe(L.devGranted[d]);
          expect(held).toBeLessThanOrEqual(L.devExtents[d]);
        }
        let owned = 0, running = 0;
        for (let p = 0; p < P.pages; p++) if (P.pageOwner[p] >= 0) owned++;
        for (let s = 0; s < L.slots; s++) {
          if (L.vmId[s] < 0) continue;
          running += L.vmExtents[s] * ppe;
          // Its accesses cost only latencies of nodes it has pages on: all-local VMs exactly their host's DRAM.
          const f = m.vmFigures(s), h = L.vmHost[s];
          let pool = 0, hi = perf.localNs[h];
          for (let d = 0; d < D; d++) if (L.vmPool[s * D + d] > 0) { pool += L.vmPool[s * D + d]; hi = Math.max(hi, perf.poolNs[d * H + h]); }
          if (pool === 0) expect([f.amatNs, f.poolShare]).toEqual([perf.localNs[h], 0]);
          expect(f.amatNs).toBeGreaterThanOrEqual(perf.localNs[h]);
          expect(f.amatNs).toBeLessThanOrEqual(hi);
        }
        expect(owned).toBe(running);
      }
      // Everyone leaves: every page is free again, and what is not granted has no holder.
      for (let s = 0; s < L.slots; s++) L.depart(s);
      expect(P.allocated).toBe(0);
      expect(P.pageOwner.every((o) => o === -1)).toBe(true);
      expect(P.check()).toBeNull();
    }), { numRuns: 40 });
  });

  it('a pooled device its hosts no longer reach (NaN latency): accesses there are served by nothing, out of the AMAT and the pool share', () => {
    fc.assert(fc.property(arbPool, (t) => {
      const m = new PoolModel(poolConfig(t, def)), L = m.ledger, { H, D } = L;
      const perf = perfOf(H, D);
      perf.poolNs.fill(NaN, 0, H);
      for (let e = 0; e < 20; e++) {
        m.step(e, perf);
        for (let s = 0; s < L.slots; s++) {
          if (L.vmId[s] < 0) continue;
          const f = m.vmFigures(s), h = L.vmHost[s];
          expect(Number.isNaN(f.amatNs)).toBe(false);
          let other = 0;
          for (let d = 1; d < D; d++) other += L.vmPool[s * D + d];
          // Pool memory on device 0 only: what is served is its DRAM's (or nothing was).
          if (other === 0) { expect(f.poolShare).toBe(0); expect([perf.localNs[h], 0]).toContain(f.amatNs); }
        }
      }
    }), { numRuns: 20 });
  });

  it('refuses a page table that disagrees with the ledger', () => {
    const m = new PoolModel(poolConfig({ hosts: 2, cores: 32, dram: 16, devices: [{ extents: 64, heads: [0, 1] }], arrivalsPerEpoch: 3, meanLifetimeEpochs: 20, seed: 3 }, def));
    for (let e = 0; e < 20; e++) m.step(e, perfOf(2, 1));
    const P = m.pages!;
    const x = P.extentOwner.findIndex((o) => o >= 0);
    P.pageOwner[x * P.perExtent] = (P.extentOwner[x] + 1) % m.ledger.slots;
    expect(P.check()).toMatch(/page \d+ of extent \d+: owner/);
  });
});

describe('VM accesses on pond-pool', () => {
  /** Over epochs 100-299: mean over running VMs with pool memory of the pool's share of their memory and of their accesses. */
  function shares(manager: string): { memory: number; accesses: number } {
    const s = loadPreset('pond-pool');
    const scenario = { ...s, pool: { ...s.pool!, manager } };
    const topo = buildTopology(scenario);
    const pool = new EnginePool(scenario, topo), L = pool.model.ledger, D = L.D;
    // The idle latencies host -> device stand for the traffic solve's loaded ones.
    const lat = Float64Array.from(topo.idleNs);
    let memory = 0, accesses = 0, n = 0;
    for (let e = 0; e < 300; e++) {
      pool.step(e, lat);
      if (e < 100) continue;
      for (let v = 0; v < L.slots; v++) {
        if (L.vmId[v] < 0 || L.vmLocal[v] === L.vmExtents[v]) continue;
        let p = 0;
        for (let d = 0; d < D; d++) p += L.vmPool[v * D + d];
        memory += p / L.vmExtents[v];
        accesses += pool.model.vmFigures(v).poolShare;
        n++;
      }
    }
    expect(n).toBeGreaterThan(1000);
    return { memory: memory / n, accesses: accesses / n };
  }

  it('pond (zNUMA): the pool holds much of the VMs\' memory but serves few of their accesses; on-demand without zNUMA: about as many as it holds', () => {
    const pond = shares('pond'), spread = shares('on-demand');
    expect(pond.memory).toBeGreaterThan(0.2);
    expect(pond.accesses).toBeLessThan(pond.memory / 4);
    expect(spread.accesses).toBeGreaterThan(spread.memory * 0.85);
    expect(spread.accesses).toBeLessThan(spread.memory * 1.15);
  });
});
