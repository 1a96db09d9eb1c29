// Pod designs: how a pod's hosts reach its pooled memory, and what that hardware costs per host.
//
// - switch:  every host has one link to each of `hostPorts` CXL switches; the pool is
//            single-headed expanders, one link each, spread over the switches (one switch hop).
// - mhd:     Pond-style, fully connected: every host links to every multi-headed device (MHD);
//            an MHD has one head per host, so the pod has at most `devicePorts` hosts (8-16).
// - octopus: sparse (Octopus, Zhong et al., arXiv 2501.09020): low-port-count MHDs, each
//            connected to a chosen subset of hosts so that every pair of hosts shares exactly
//            one MHD. Built as the projective plane of order q = devicePorts - 1 (q prime): q^2+q+1
//            hosts and as many MHDs, each host on q+1 of them (hostPorts = devicePorts).
//
// counts() works on any scenario's fabric (what it has, not what it was built from); the cost
// counts the CXL hardware that differs between designs: device controllers (priced by their
// ports), switches, cables. DRAM is left out: the same capacity in every design.
import { POD_PRICES } from './calibration';
import type { ScenarioInput } from './scenario/schema';

export const POD_DESIGNS = ['switch', 'mhd', 'octopus'] as const;
export type PodDesign = (typeof POD_DESIGNS)[number];

export interface PodParams {
  design: PodDesign;
  /** switch and mhd: hosts in the pod (octopus: follows from devicePorts). */
  hosts?: number;
  /** CXL links per host (switch: switches; mhd: MHDs; octopus: = devicePorts). */
  hostPorts: number;
  /** Heads per MHD (mhd, octopus); switch: unused (expanders are single-headed). */
  devicePorts: number;
  /** switch: pooled expanders (default: one per host, the pool capacity of the MHD designs). */
  devices?: number;
}

/** The fabric of a pod: hosts, devices, switches and links, as a scenario lists them. */
export type PodFabric = Pick<Required<ScenarioInput>, 'hosts' | 'devices' | 'switches' | 'links'>;

export interface PodCounts {
  hosts: number;
  /** CXL devices with more than one link (heads), and with one. */
  mhds: number;
  expanders: number;
  switches: number;
  /** CXL links (cables): every link that is not a socket link between two hosts. */
  cables: number;
  /** Ports in use on CXL devices and on switches. */
  devicePorts: number;
  switchPorts: number;
  /** Devices' controllers + switches + cables, per host (USD, assumed prices: POD_PRICES). */
  costPerHostUSD: number;
}

export const NO_POD: PodCounts = { hosts: 0, mhds: 0, expanders: 0, switches: 0, cables: 0, devicePorts: 0, switchPorts: 0, costPerHostUSD: 0 };

/** Price of a CXL memory device controller with `ports` heads (a single-headed expander: 1). */
export function devicePriceUSD(ports: number): number {
  const p = POD_PRICES;
  return p.deviceBaseUSD.value + p.devicePerPortUSD.value * ports + p.devicePerPortSquaredUSD.value * ports * ports;
}

export function switchPriceUSD(ports: number): number {
  return POD_PRICES.switchBaseUSD.value + POD_PRICES.switchPerPortUSD.value * ports;
}

/** Counts and cost per host of a fabric (any scenario's). */
export function podCounts(f: { hosts: { id: string }[]; devices: { id: string; kind: string }[]; switches: { id: string }[]; links: { a: string; b: string }[] }): PodCounts {
  const hostIds = new Set(f.hosts.map((h) => h.id));
  const switchIds = new Set(f.switches.map((s) => s.id));
  const cxl = new Set(f.devices.filter((d) => d.kind === 'cxl').map((d) => d.id));
  const ports = new Map<string, number>();
  let cables = 0;
  for (const l of f.links) {
    if (hostIds.has(l.a) && hostIds.has(l.b)) continue; // a socket link (UPI), not CXL
    cables++;
    for (const end of [l.a, l.b]) if (cxl.has(end) || switchIds.has(end)) ports.set(end, (ports.get(end) ?? 0) + 1);
  }
  let mhds = 0, expanders = 0, devicePorts = 0, switchPorts = 0, cost = cables * POD_PRICES.cableUSD.value;
  for (const d of cxl) {
    const n = ports.get(d) ?? 0;
    if (n > 1) mhds++; else expanders++;
    devicePorts += n;
    cost += devicePriceUSD(Math.max(1, n));
  }
  for (const s of switchIds) {
    const n = ports.get(s) ?? 0;
    switchPorts += n;
    cost += switchPriceUSD(n);
  }
  const H = f.hosts.length;
  return { hosts: H, mhds, expanders, switches: switchIds.size, cables, devicePorts, switchPorts, costPerHostUSD: H > 0 ? cost / H : 0 };
}

/** A reason the parameters make no pod, or null. */
export function podIssue(p: PodParams): string | null {
  const int = (x: number | undefined) => x === undefined || (Number.isInteger(x) && x >= 1 && x <= 64);
  if (!int(p.hosts) || !int(p.hostPorts) || !int(p.devicePorts) || !int(p.devices)) return 'hosts, hostPorts, devicePorts and devices are whole numbers from 1 to 64';
  if (p.design === 'octopus') {
    const q = p.devicePorts - 1;
    if (!isPrime(q)) return `octopus: devicePorts - 1 must be a prime (a projective plane of that order): 3, 4, 6 or 8 ports (got ${p.devicePorts})`;
    if (p.hostPorts !== p.devicePorts) return `octopus: hostPorts must equal devicePorts (${p.devicePorts}) for every pair of hosts to share one device`;
    if (q * q + q + 1 > 64) return 'octopus: more than 64 hosts';
  }
  if (p.design === 'mhd' && (p.hosts ?? p.devicePorts) > p.devicePorts) return `mhd: a fully connected pod has at most devicePorts (${p.devicePorts}) hosts`;
  return null;
}

function isPrime(q: number): boolean {
  if (q < 2) return false;
  for (let i = 2; i * i <= q; i++) if (q % i === 0) return false;
  return true;
}

/** Which hosts each MHD of an octopus pod connects: the lines of the projective plane of order q. */
export function projectivePlane(q: number): number[][] {
  // Points of PG(2, q): (1, a, b), (0, 1, a), (0, 0, 1); lines are the same triples, and a point
  // lies on a line when their dot product is 0 mod q.
  const pts: number[][] = [];
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) pts.push([1, a, b]);
  for (let a = 0; a < q; a++) pts.push([0, 1, a]);
  pts.push([0, 0, 1]);
  return pts.map((l) => pts.flatMap((p, i) => ((l[0] * p[0] + l[1] * p[1] + l[2] * p[2]) % q === 0 ? [i] : [])));
}

/** The hosts of each device (its heads) of a design. */
export function podHeads(p: PodParams): { hosts: number; heads: number[][]; switches: number } {
  const why = podIssue(p);
  if (why) throw new Error(why);
  if (p.design === 'octopus') {
    const q = p.devicePorts - 1;
    return { hosts: q * q + q + 1, heads: projectivePlane(q), switches: 0 };
  }
  const H = p.hosts ?? p.devicePorts;
  if (p.design === 'mhd') return { hosts: H, heads: Array.from({ length: p.hostPorts }, () => Array.from({ length: H }, (_, h) => h)), switches: 0 };
  return { hosts: H, heads: Array.from({ length: p.devices ?? H }, () => []), switches: p.hostPorts };
}

/**
 * The fabric of a design: hosts h0.. with their DRAM, pooled devices pool0.. and switches sw0..,
 * laid out in rows. Capacities and link bandwidths are the caller's (the platform fills the rest).
 */
export function buildPod(p: PodParams, o: { dramMB: number; poolMB: number; linkGBps?: number }): PodFabric {
  const { hosts: H, heads, switches: S } = podHeads(p);
  const D = heads.length;
  const span = Math.max(H, D) * 90;
  const x = (i: number, n: number) => Math.round(60 + ((i + 0.5) * span) / n);
  const bw = o.linkGBps === undefined ? {} : { bandwidthGBps: o.linkGBps };
  const hosts = Array.from({ length: H }, (_, i) => ({ id: `h${i}`, name: `Host ${i}`, x: x(i, H), y: 90 }));
  const devices = [
    ...hosts.map((h) => ({ id: `${h.id}.dram`, kind: 'dram' as const, host: h.id, capacityMB: o.dramMB, x: h.x, y: 20 })),
    ...heads.map((_, d) => ({ id: `pool${d}`, name: `${S > 0 ? 'Expander' : `${heads[d].length}-head MHD`} ${d}`, kind: 'cxl' as const, capacityMB: o.poolMB, x: x(d, D), y: S > 0 ? 420 : 320 })),
  ];
  const switches = Array.from({ length: S }, (_, s) => ({ id: `sw${s}`, name: `CXL switch ${s}`, x: x(s, S), y: 250 }));
  const links = S > 0
    ? [
        ...hosts.flatMap((h) => switches.map((s) => ({ a: h.id, b: s.id, ...bw }))),
        ...heads.map((_, d) => ({ a: `sw${d % S}`, b: `pool${d}`, ...bw })),
      ]
    : heads.flatMap((hs, d) => hs.map((h) => ({ a: `h${h}`, b: `pool${d}`, ...bw })));
  return { hosts, devices, switches, links };
}
