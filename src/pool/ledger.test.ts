import { describe, expect, it } from 'vitest';
import { PoolLedger } from './ledger';

const shape = { hostCores: [8, 8], hostDram: [4, 4], devices: [{ id: 'p', kind: 'dcd' as const, extents: 10, heads: [0, 1] }], maxRunning: 4 };

describe('PoolLedger', () => {
  it('refuses a grant beyond the device, to a host without a head, and a reclaim of used extents', () => {
    const l = new PoolLedger({ ...shape, devices: [{ ...shape.devices[0], heads: [0] }] });
    l.grant(0, 0, 6);
    expect(() => l.grant(0, 0, 5)).toThrow(/4 free extents, 5 asked/);
    expect(() => l.grant(0, 1, 1)).toThrow(/no head/);
    l.admit(0, 0, 2, 4, Int32Array.of(5), 10, 0.5);
    expect(() => l.reclaim(0, 0, 2)).toThrow(/1 free, 2 to reclaim/);
    l.reclaim(0, 0, 1);
    expect(l.check()).toBeNull();
    expect([l.extentsGranted, l.extentsReclaimed]).toEqual([6, 1]);
  });

  it('refuses a VM on capacity its host does not hold', () => {
    const l = new PoolLedger(shape);
    l.grant(0, 1, 3);
    expect(() => l.admit(0, 0, 2, 0, Int32Array.of(1), 5, 0)).toThrow(/too few free extents/);
    expect(() => l.admit(0, 1, 2, 5, Int32Array.of(0), 5, 0)).toThrow(/lacks DRAM/);
    expect(() => l.admit(0, 1, 9, 0, Int32Array.of(0), 5, 0)).toThrow(/lacks cores/);
    const s = l.admit(0, 1, 2, 1, Int32Array.of(3), 5, 0);
    l.depart(s);
    expect(l.check()).toBeNull();
    expect([l.used[1], l.dramUsed[1], l.coresUsed[1], l.running]).toEqual([0, 0, 0, 0]);
  });

  it('check() finds books that do not add up', () => {
    const l = new PoolLedger(shape);
    l.grant(0, 0, 2);
    l.admit(0, 0, 1, 0, Int32Array.of(2), 5, 0);
    l.granted[0] = 1; // a VM now uses more than its host was granted
    expect(l.check()).toMatch(/VMs use 2 extents, only 1 granted/);
    l.granted[0] = 2;
    l.granted[1] = 9; // granted twice over: 11 of 10
    expect(l.check()).toMatch(/device 0: 11 extents granted of 10/);
  });
});
