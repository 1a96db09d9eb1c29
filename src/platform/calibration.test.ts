// The calibration against its own sources (docs/domain-model.md): a pool preset's latency is
// Pond's, and a CZ120-class expander delivers the vendor's figure at the vendor's mix.
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../scripts/cli/presets';
import { PLATFORMS, type CxlDeviceProfile } from './calibration';
import { Engine } from '../engine/engine';
import { valid } from '../scenario/fixtures';
import { buildTopology } from '../topology/topology';

describe('calibration against its sources', () => {
  it('an 8-16 socket pool without a switch adds Pond\'s 70-90 ns to local DRAM (idle), on every socket of pond-pool', () => {
    const s = loadPreset('pond-pool'), t = buildTopology(s);
    const pool = s.devices.findIndex((d) => d.pool), D = s.devices.length;
    s.hosts.forEach((h, i) => {
      const local = s.devices.findIndex((d) => d.kind === 'dram' && d.host === h.id);
      const added = t.idleNs[i * D + pool] - t.idleNs[i * D + local];
      expect(added, h.id).toBeGreaterThanOrEqual(70);
      expect(added, h.id).toBeLessThanOrEqual(90);
    });
  });

  it('a CZ120-class expander delivers about 36 GB/s at 2:1 reads:writes (Micron, Intel MLC) behind its x8 link, and its link\'s 31.5 GB/s to reads alone', () => {
    const c: CxlDeviceProfile = PLATFORMS['spr-ddr5-cxl11'].cxlVariants.cz120;
    const run = (readRatio: number) => {
      const e = new Engine(valid({
        version: 1, seed: 3, samplesPerHost: 4096,
        hosts: [{ id: 'h0', cores: 64, mlp: 10, llcMB: 0 }],
        devices: [
          { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 8 },
          { id: 'cz', kind: 'cxl', capacityMB: 64, latencyNs: c.latencyNs.value, bandwidthGBps: c.bandwidthGBps.value, ...(c.writeCost ? { writeCost: c.writeCost.value } : { writeBandwidthGBps: c.writeBandwidthGBps!.value }) },
        ],
        links: [{ a: 'h0', b: 'cz', bandwidthGBps: c.linkGBps.value }],
        workloads: [{ id: 'w', hosts: ['h0'], pattern: 'uniform', workingSetMB: 48, readRatio, llcRefsPerKiloInstr: 1000 }],
        policy: { name: 'bind', nodes: ['cz'] },
      }));
      for (let i = 0; i < 4; i++) e.step();
      return e.runTotals().throughputGBps;
    };
    const mixed = run(2 / 3);
    expect(mixed).toBeGreaterThan(0.9 * 36);
    expect(mixed).toBeLessThan(1.1 * 36);
    expect(run(1)).toBeGreaterThan(0.95 * 31.5);
    expect(run(1)).toBeLessThan(31.5 + 1e-6);
  });
});
