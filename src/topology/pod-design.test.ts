import { describe, expect, it } from 'vitest';
import { buildPod, finiteField, podCounts, podHeads, podIssue, projectivePlane, type PodParams } from './pod-design';

const fabric = (p: PodParams) => buildPod(p, { dramMB: 64, poolMB: 128 });
/** Hosts sharing a device with host a, by device heads. */
function sharesDevice(p: PodParams, a: number, b: number): boolean {
  const f = fabric(p);
  const devs = (h: number) => new Set(f.links.filter((l) => l.a === `h${h}`).map((l) => l.b));
  const da = devs(a);
  return [...devs(b)].some((d) => da.has(d));
}

describe('pod designs', () => {
  const octopus: PodParams = { design: 'octopus', hostPorts: 4, devicePorts: 4 };
  const fullSmall: PodParams = { design: 'mhd', hostPorts: 4, devicePorts: 4 };
  const fullSame: PodParams = { design: 'mhd', hosts: 13, hostPorts: 4, devicePorts: 16 };
  const switched: PodParams = { design: 'switch', hosts: 13, hostPorts: 4, devicePorts: 1 };

  it('octopus with 4-port MHDs: 13 hosts, 13 MHDs, every pair of hosts shares exactly one MHD', () => {
    for (const q of [2, 3, 5, 7]) {
      const lines = projectivePlane(q);
      const v = q * q + q + 1;
      expect(lines).toHaveLength(v);
      for (const l of lines) expect(l).toHaveLength(q + 1);
      for (let a = 0; a < v; a++) for (let b = a + 1; b < v; b++) expect(lines.filter((l) => l.includes(a) && l.includes(b))).toHaveLength(1);
    }
    const c = podCounts(fabric(octopus));
    expect(c).toMatchObject({ hosts: 13, mhds: 13, expanders: 0, switches: 0, cables: 52, devicePorts: 52, switchPorts: 0 });
    expect(sharesDevice(octopus, 0, 12)).toBe(true);
  });

  it('reaches about 3x the hosts of a fully connected pod of the same 4-port MHDs, at the same hardware cost per host', () => {
    const oct = podCounts(fabric(octopus)), full = podCounts(fabric(fullSmall));
    expect(full).toMatchObject({ hosts: 4, mhds: 4, cables: 16 });
    expect(oct.hosts / full.hosts).toBeCloseTo(3.25, 5);
    // Per host both buy one 4-head MHD and four cables: the saving Octopus reports is pooling's, not hardware's.
    expect(oct.costPerHostUSD).toBeCloseTo(full.costPerHostUSD, 6);
  });

  it('costs less per host than a fully connected pod of the same 13 hosts (which needs 13-head MHDs)', () => {
    const oct = podCounts(fabric(octopus)), full = podCounts(fabric(fullSame));
    expect(full).toMatchObject({ hosts: 13, mhds: 4, cables: 52, devicePorts: 52 });
    expect(oct.costPerHostUSD).toBeLessThan(full.costPerHostUSD);
  });

  it('a switched pod of the same size costs more per host: the switches cost more than the cheaper expanders save', () => {
    const oct = podCounts(fabric(octopus)), sw = podCounts(fabric(switched));
    expect(sw).toMatchObject({ hosts: 13, mhds: 0, expanders: 13, switches: 4, cables: 13 * 4 + 13 });
    expect(sw.costPerHostUSD).toBeGreaterThan(oct.costPerHostUSD);
  });

  it('octopus for every prime-power order: GF(p^k) fields, every pair of hosts on exactly one device, q + 1 ports each side', () => {
    for (const q of [4, 8, 9, 16]) {
      const { add, mul } = finiteField(q);
      // A field: every nonzero element has an inverse, and multiplication distributes over addition.
      for (let a = 1; a < q; a++) expect([...Array(q).keys()].filter((b) => mul[a * q + b] === 1), `GF(${q}) inverse of ${a}`).toHaveLength(1);
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) for (const c of [1, q - 1]) expect(mul[a * q + add[b * q + c]]).toBe(add[mul[a * q + b] * q + mul[a * q + c]]);
    }
    for (const q of [2, 3, 4, 5, 7, 8, 9, 11]) {
      const lines = projectivePlane(q), v = q * q + q + 1;
      expect(lines, `q = ${q}`).toHaveLength(v);
      const onHost = new Array<number>(v).fill(0);
      for (const l of lines) { expect(l, `q = ${q}`).toHaveLength(q + 1); for (const h of l) onHost[h]++; }
      expect(onHost.every((n) => n === q + 1), `q = ${q}`).toBe(true);
      const pairs = new Map<number, number>();
      for (const l of lines) for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) { const k = l[i] * v + l[j]; pairs.set(k, (pairs.get(k) ?? 0) + 1); }
      expect(pairs.size, `q = ${q}: every pair of hosts`).toBe((v * (v - 1)) / 2);
      expect([...pairs.values()].every((n) => n === 1), `q = ${q}: exactly one device per pair`).toBe(true);
    }
    // Within LIMITS.hosts (256): 5-port MHDs (GF(4), 21 hosts) build as a pod, each device with 5 heads.
    const five = podCounts(fabric({ design: 'octopus', hostPorts: 5, devicePorts: 5 }));
    expect(five).toMatchObject({ hosts: 21, mhds: 21, cables: 105, devicePorts: 105 });
    expect(podHeads({ design: 'octopus', hostPorts: 8, devicePorts: 8 }).hosts).toBe(57);
  });

  it('pooling efficiency from the graph: Octopus reaches (q+1)/(q^2+q+1) of the pool yet pools with every other host; full and switched pods reach all', () => {
    const oct = podCounts(fabric(octopus));
    expect(oct.poolReachPercent).toBeCloseTo((100 * 4) / 13, 6);
    expect(oct.sharingPairsPercent).toBeCloseTo(100, 6);
    expect(oct.poolPeers).toBeCloseTo(12, 6);
    for (const p of [fullSmall, fullSame, switched]) {
      const c = podCounts(fabric(p));
      expect(c.poolReachPercent, p.design).toBeCloseTo(100, 6);
      expect(c.sharingPairsPercent, p.design).toBeCloseTo(100, 6);
      expect(c.poolPeers, p.design).toBeCloseTo(c.hosts - 1, 6);
    }
    // Two hosts, each with its own expander: nothing is pooled.
    const own = { hosts: [{ id: 'a' }, { id: 'b' }], devices: [{ id: 'x', kind: 'cxl' }, { id: 'y', kind: 'cxl' }], switches: [], links: [{ a: 'a', b: 'x' }, { a: 'b', b: 'y' }] };
    expect(podCounts(own)).toMatchObject({ poolReachPercent: 0, sharingPairsPercent: 0, poolPeers: 0 });
  });

  it('refuses parameters that make no pod, saying why', () => {
    expect(podIssue({ design: 'octopus', hostPorts: 7, devicePorts: 7 })).toMatch(/prime power.*GF\(q\).*got 7: 6 is no prime power/);
    expect(podIssue({ design: 'octopus', hostPorts: 5, devicePorts: 5 })).toBeNull();
    expect(podIssue({ design: 'octopus', hostPorts: 17, devicePorts: 17 })).toMatch(/273 hosts \(GF\(16\)\), more than LIMITS\.hosts \(256\)/);
    expect(podIssue({ design: 'octopus', hostPorts: 2, devicePorts: 4 })).toMatch(/hostPorts must equal/);
    expect(podIssue({ design: 'mhd', hosts: 20, hostPorts: 2, devicePorts: 16 })).toMatch(/at most devicePorts/);
    expect(() => fabric({ design: 'switch', hosts: 0, hostPorts: 1, devicePorts: 1 })).toThrow(/whole numbers/);
  });
});
