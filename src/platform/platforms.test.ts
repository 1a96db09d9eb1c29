import { describe, expect, it } from 'vitest';
import { listPresets, readPresetJson } from '../../scripts/cli/presets';
import { CAL, DEFAULT_PLATFORM, PLATFORM_IDS, PLATFORMS, type CxlDeviceProfile, type PlatformId } from './calibration';
import { platformNumbers } from './platforms';
import { parseScenario, formatErrors } from '../scenario/validate';

const base = {
  version: 1,
  hosts: [{ id: 'h0' }, { id: 'h1' }],
  devices: [
    { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 64 },
    { id: 'h1.dram', kind: 'dram', host: 'h1', capacityMB: 64 },
    { id: 'cxl0', kind: 'cxl', capacityMB: 64 },
  ],
  links: [{ a: 'h0', b: 'h1' }, { a: 'h0', b: 'cxl0' }],
  workloads: [{ id: 'w', hosts: ['h0'], pattern: 'uniform', workingSetMB: 32 }],
  policy: { name: 'first-touch' },
};

function parse(o: object) {
  const r = parseScenario(o);
  if (!r.ok) throw new Error(formatErrors(r.errors));
  return r.scenario;
}

function errors(o: object): string {
  const r = parseScenario(o);
  return r.ok ? '' : formatErrors(r.errors);
}

describe('platform profiles', () => {
  it('give every number a source, and say why where it is assumed', () => {
    for (const id of PLATFORM_IDS) {
      const numbers = platformNumbers(id);
      expect(numbers.length).toBeGreaterThanOrEqual(15); // dram 4, upi 2, cxl 5, host 4, plus variants
      for (const { key, number } of numbers) {
        expect(Number.isFinite(number.value) && number.value > 0, `${id} ${key}`).toBe(true);
        expect(number.unit, `${id} ${key}`).not.toBe('');
        // A source says where the number comes from, or (assumed) why it is what it is.
        expect(number.source.split(' ').length, `${id} ${key}: "${number.source}"`).toBeGreaterThanOrEqual(5);
      }
    }
    for (const [key, number] of Object.entries(CAL)) expect(number.source.length, key).toBeGreaterThan(10);
  });

  it('never cite one generation under another\'s name', () => {
    const text = (id: PlatformId) => platformNumbers(id).map((n) => n.number.source).join(' ');
    expect(text('spr-ddr5-cxl11')).not.toMatch(/DDR4|Cascade Lake|Skylake/);
    expect(text('skx-ddr4-numa')).not.toMatch(/DDR5|Sapphire Rapids/);
  });

  it('fill in what a scenario leaves out, from the platform it names (Sapphire Rapids by default)', () => {
    expect(DEFAULT_PLATFORM).toBe('spr-ddr5-cxl11');
    for (const id of [undefined, ...PLATFORM_IDS]) {
      const p = PLATFORMS[id ?? DEFAULT_PLATFORM];
      const s = parse(id ? { ...base, platform: id } : base);
      expect(s.platform).toBe(id ?? DEFAULT_PLATFORM);
      const [dram, , cxl] = s.devices;
      expect([dram.latencyNs, dram.bandwidthGBps, dram.writeCost, dram.loadedKNs]).toEqual([p.dram.latencyNs.value, p.dram.bandwidthGBps.value, p.dram.writeCost.value, p.dram.loadedKNs.value]);
      expect([cxl.latencyNs, cxl.bandwidthGBps, cxl.writeBandwidthGBps]).toEqual([p.cxl.latencyNs.value, p.cxl.bandwidthGBps.value, p.cxl.writeBandwidthGBps?.value]);
      expect(cxl.loadedKNs).toBeCloseTo(p.cxl.loadedKNs.value, 9);
      expect(cxl.writeCost).toBeUndefined();
      expect(s.links[0]).toMatchObject({ bandwidthGBps: p.upi.bandwidthGBps.value, latencyNs: p.upi.latencyNs.value });
      expect(s.links[1]).toMatchObject({ bandwidthGBps: p.cxl.linkGBps.value, latencyNs: 0 });
      expect(s.hosts[0].cores).toBe(p.host.cores.value);
      expect(s.hosts[0].mlp).toBe(CAL.mlpPerCore.value);
      expect([s.hosts[0].clockGHz, s.hosts[0].llcMB, s.workloads[0].baseCpi]).toEqual([p.host.clockGHz.value, p.host.llcMB.value, p.host.baseCpi.value]);
    }
  });

  it('keep what a scenario states, and scale the curve with a stated latency', () => {
    const s = parse({ ...base, devices: [{ ...base.devices[0], latencyNs: 232, bandwidthGBps: 100, writeCost: 2 }, base.devices[1], { ...base.devices[2], writeBandwidthGBps: 5 }] });
    expect(s.devices[0]).toMatchObject({ latencyNs: 232, bandwidthGBps: 100, writeCost: 2 });
    expect(s.devices[0].loadedKNs).toBeCloseTo(2 * PLATFORMS['spr-ddr5-cxl11'].dram.loadedKNs.value, 9);
    expect(s.devices[2].writeBandwidthGBps).toBe(5);
    // Parsing a parsed scenario changes nothing, not even the order of its keys (the app
    // tells a layout-only edit from a change by comparing JSON).
    for (const x of [s, parse(base), parse({ ...base, platform: 'skx-ddr4-numa' })]) expect(JSON.stringify(parse(x))).toBe(JSON.stringify(x));
  });

  it('refuse numbers that mean nothing for the device, and write costs below one read; a CXL device may have half-duplex media', () => {
    // A CXL device states half-duplex media (writeCost) or full-duplex reads and writes, not both.
    const both = errors({ ...base, devices: [base.devices[0], base.devices[1], { ...base.devices[2], writeCost: 1.2, writeBandwidthGBps: 10 }] });
    expect(both).toMatch(/devices\[2\]\.writeCost: .*half-duplex.*full-duplex.*not both/);
    const half = parse({ ...base, devices: [base.devices[0], base.devices[1], { ...base.devices[2], writeCost: 1.5 }] }).devices[2];
    expect([half.writeCost, half.writeBandwidthGBps]).toEqual([1.5, undefined]);
    const dramWriteBw = errors({ ...base, devices: [{ ...base.devices[0], writeBandwidthGBps: 10 }, base.devices[1], base.devices[2]] });
    expect(dramWriteBw).toMatch(/devices\[0\]\.writeBandwidthGBps: .*half duplex.*writeCost/);
    expect(errors({ ...base, devices: [{ ...base.devices[0], writeCost: 0 }, base.devices[1], base.devices[2]] })).toMatch(/devices\[0\]\.writeCost/);
    expect(errors({ ...base, platform: 'pentium-4' })).toMatch(/platform/);
  });
});

/** Presets model the papers' machines at this scale: 1 MB of working set stands for 100 MB. */
const PRESET_SCALE = 100;

describe('presets', () => {
  /** The CXL device classes and link speeds a preset on this platform may state. */
  const classes = (p: (typeof PLATFORMS)[PlatformId]): CxlDeviceProfile[] => [p.cxl, ...Object.values(p.cxlVariants)];

  it('name their platform, and every hardware number they state is that platform\'s', () => {
    for (const { name } of listPresets()) {
      const raw = readPresetJson(name) as {
        platform?: PlatformId;
        description: string;
        hosts: { cores?: number; clockGHz?: number; llcMB?: number }[];
        devices: { kind: string; latencyNs?: number; bandwidthGBps?: number; writeBandwidthGBps?: number; writeCost?: number; loadedKNs?: number }[];
        links: { a: string; b: string; bandwidthGBps?: number; latencyNs?: number }[];
        switches?: { hopLatencyNs?: number }[];
      };
      expect(raw.platform, name).toBeDefined();
      const p = PLATFORMS[raw.platform!];
      for (const d of raw.devices) {
        expect(d.loadedKNs, name).toBeUndefined();
        if (d.kind === 'dram') {
          if (d.latencyNs !== undefined) expect(d.latencyNs, name).toBe(p.dram.latencyNs.value);
          if (d.bandwidthGBps !== undefined) expect(d.bandwidthGBps, name).toBe(p.dram.bandwidthGBps.value);
          if (d.writeCost !== undefined) expect(d.writeCost, name).toBe(p.dram.writeCost.value);
        } else {
          const match = classes(p).some((c) => (d.latencyNs ?? p.cxl.latencyNs.value) === c.latencyNs.value
            && (d.bandwidthGBps ?? p.cxl.bandwidthGBps.value) === c.bandwidthGBps.value
            && (c.writeCost
              ? d.writeCost === c.writeCost.value && d.writeBandwidthGBps === undefined
              : d.writeCost === undefined && (d.writeBandwidthGBps ?? p.cxl.writeBandwidthGBps?.value) === c.writeBandwidthGBps?.value));
          expect(match, `${name}: ${JSON.stringify(d)}`).toBe(true);
        }
      }
      const speeds = [p.upi.bandwidthGBps, ...classes(p).map((c) => c.linkGBps), CAL.cxlLinkX8GBps, CAL.cxlLinkX16GBps].map((c) => c.value);
      for (const l of raw.links) {
        if (l.bandwidthGBps !== undefined) expect(speeds, `${name}: ${l.a}-${l.b}`).toContain(l.bandwidthGBps);
        if (l.latencyNs !== undefined) expect([0, p.upi.latencyNs.value], `${name}: ${l.a}-${l.b}`).toContain(l.latencyNs);
      }
      for (const w of raw.switches ?? []) if (w.hopLatencyNs !== undefined) expect(w.hopLatencyNs, name).toBe(CAL.switchHopNs.value);
      // Presets are scale models (MB working sets for the GB of the papers' machines): the LLC,
      // a capacity, is scaled like them and the description says so; clocks are the platform's.
      for (const h of raw.hosts) {
        if (h.clockGHz !== undefined) expect(h.clockGHz, name).toBe(p.host.clockGHz.value);
        if (h.llcMB === undefined) continue;
        expect(h.llcMB, name).toBeCloseTo(p.host.llcMB.value / PRESET_SCALE, 9);
        expect(raw.description, name).toContain(`1:${PRESET_SCALE}`);
      }
    }
  });

  it('run TPP\'s experiment on the platform TPP measured', () => {
    expect((readPresetJson('tpp-1to4') as { platform: string }).platform).toBe('skx-ddr4-numa');
  });
});
