import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { LIMITS } from './limits';
import { vmPagesPerExtent } from './pool-schema';
import { parseScenario } from './validate';

const dcd = loadPreset('dcd-pool');
const errors = (s: unknown) => { const r = parseScenario(s); return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`); };

describe('the pool part of the scenario format', () => {
  it('fills the pool section from its defaults (POOL_CAL) and keeps a scenario without one unchanged', () => {
    const r = parseScenario({ ...dcd, pool: { scale: 1024 } });
    expect(r.ok && r.scenario.pool).toMatchObject({ manager: 'on-demand', extentGiB: 1, vms: { arrivalsPerEpoch: 1, cores: { values: [2, 4, 8, 16, 32] } } });
    const plain = parseScenario(loadPreset('tpp-1to4'));
    expect(plain.ok && 'pool' in plain.scenario).toBe(false);
  });

  it('names what is wrong and where: heads, device kind, a missing pool section, too many extents', () => {
    const devices = dcd.devices.map((d) => (d.id === 'dcd0' ? { ...d, pool: { kind: 'dcd', heads: ['h0', 'h9', 'h0'] } } : d));
    expect(errors({ ...dcd, devices })).toEqual(expect.arrayContaining([
      expect.stringMatching(/^devices\[4\]\.pool\.heads\[1\]: no host "h9"/),
      expect.stringMatching(/^devices\[4\]\.pool\.heads\[2\]: host "h0" has one head already/),
    ]));
    const dramPooled = dcd.devices.map((d, i) => (i === 0 ? { ...d, pool: { kind: 'mhd', heads: ['h0'] } } : d));
    expect(errors({ ...dcd, devices: dramPooled })).toEqual([expect.stringMatching(/^devices\[0\]\.pool: only a CXL device can be pooled/)]);
    const { pool: _pool, ...noPool } = dcd;
    expect(errors(noPool)).toEqual([expect.stringMatching(/^pool: pooled devices need the scenario's pool section/)]);
    expect(errors({ ...dcd, pool: { ...dcd.pool, extentGiB: 1 / 64, scale: 1 << 20 } })).toEqual([expect.stringMatching(new RegExp(`^pool\\.extentGiB: .* at most ${LIMITS.poolExtents}`))]);
    expect(errors({ ...dcd, pool: { ...dcd.pool, maxRunning: LIMITS.vms + 1 } })).toEqual([expect.stringMatching(/^pool\.maxRunning/)]);
    expect(errors({ ...dcd, pool: { ...dcd.pool, vms: { untouchedMin: 0.8, untouchedMax: 0.2 } } })).toEqual([expect.stringMatching(/untouchedMin must not exceed untouchedMax/)]);
  });

  it('sizes the pool\'s page table: an extent\'s scenario bytes in pages, at least one, capped to LIMITS.vmPages', () => {
    // pond-pool: 1 GiB extents at scale 1024 are 1 MiB of the scenario, 256 pages of 4 KiB.
    expect(vmPagesPerExtent({ extentGiB: 1, scale: 1024 }, 4096, 3840)).toBe(256);
    expect(vmPagesPerExtent({ extentGiB: 1, scale: 1024 }, 2 << 20, 3840)).toBe(1);
    expect(vmPagesPerExtent({ extentGiB: 64, scale: 1 }, 4096, 1000)).toBe(Math.floor(LIMITS.vmPages / 1000));
    // Every ledger the format admits has a page table within the bound.
    expect(LIMITS.poolExtents * vmPagesPerExtent({ extentGiB: 1024, scale: 1 }, 4096, LIMITS.poolExtents)).toBeLessThanOrEqual(LIMITS.vmPages);
    expect(errors({ ...dcd, pool: { ...dcd.pool, vms: { samplesPerVm: 0 } } })).toEqual([expect.stringMatching(/^pool\.vms\.samplesPerVm/)]);
  });
});
