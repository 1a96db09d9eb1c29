// What every pool manager owes, for each one in the registry, over random pools and VM streams
// (fast-check): capacity is never granted twice (the grants of a device never exceed it, only
// heads hold any), every VM's memory is on capacity its host holds (its DRAM, its own grants),
// reclaims take only extents no VM uses (PoolLedger.reclaim refuses others: a throw fails the
// run), a VM that does not fit changes nothing (nor does a fallback placement that fails), and the same seed gives the same run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POOL_MANAGERS } from './registry';
import { arbPool, poolConfig, runPool, type TestPool } from '../pool/test-support';
import { POOL } from '../engine/snapshot';

describe.each(POOL_MANAGERS.map((m) => m.name))('pool manager %s', (name) => {
  const def = POOL_MANAGERS.find((m) => m.name === name)!;

  it('never grants capacity twice, keeps every VM on capacity its host holds, reclaims only free extents', () => {
    fc.assert(fc.property(arbPool, (t) => {
      const cfg = poolConfig(t, def);
      runPool(cfg, 60, (m, e) => {
        const why = m.ledger.check();
        if (why) throw new Error(`epoch ${e}: ${why}`);
        for (let d = 0; d < m.ledger.D; d++) expect(m.ledger.devGranted[d]).toBeLessThanOrEqual(m.ledger.devExtents[d]);
      });
    }), { numRuns: 60 });
  });

  it('changes nothing when a VM does not fit', () => {
    fc.assert(fc.property(arbPool, (t) => {
      const cfg = poolConfig(t, def);
      const m = runPool(cfg, 20);
      const L = m.ledger, mgr = m.manager;
      const before = [L.granted.slice(), L.used.slice(), L.dramUsed.slice(), L.coresUsed.slice()];
      const huge = { id: -1, cores: 1, extents: 1 << 30, lifetime: 1, untouched: 0.5, predictedUntouched: 0.5 };
      for (let h = 0; h < L.H; h++) {
        expect(mgr.fit(huge, h, L, { local: 0, pool: new Int32Array(L.D) })).toBe(false);
        if (mgr.fallback) expect(mgr.fallback(huge, h, L, { local: 0, pool: new Int32Array(L.D) })).toBe(false);
      }
      expect([L.granted, L.used, L.dramUsed, L.coresUsed]).toEqual(before);
    }), { numRuns: 30 });
  });

  it('is deterministic: the same pool and seed give the same epochs', () => {
    const t: TestPool = { hosts: 4, cores: 32, dram: 96, devices: [{ extents: 256, heads: [0, 1, 2, 3] }], arrivalsPerEpoch: 2, meanLifetimeEpochs: 15, seed: 7 };
    const rows = () => { const out: number[] = []; runPool(poolConfig(t, def), 50, (m) => out.push(...m.row)); return out; };
    const a = rows();
    expect(rows()).toEqual(a);
    expect(a.filter((_, i) => i % Object.keys(POOL).length === POOL.vmsRunning).some((v) => v > 0)).toBe(true);
  });
});
