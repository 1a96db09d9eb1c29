import { describe, expect, it } from 'vitest';
import { buildPod, podCounts, podIssue, projectivePlane, type PodParams } from './pod-design';

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

  it('refuses parameters that make no pod, saying why', () => {
    expect(podIssue({ design: 'octopus', hostPorts: 5, devicePorts: 5 })).toMatch(/prime/);
    expect(podIssue({ design: 'octopus', hostPorts: 2, devicePorts: 4 })).toMatch(/hostPorts must equal/);
    expect(podIssue({ design: 'mhd', hosts: 20, hostPorts: 2, devicePorts: 16 })).toMatch(/at most devicePorts/);
    expect(() => fabric({ design: 'switch', hosts: 0, hostPorts: 1, devicePorts: 1 })).toThrow(/whole numbers/);
  });
});
