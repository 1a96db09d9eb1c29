// Pod designs: how a pod's hosts reach its pooled memory, and what that hardware costs per host.
//
// - switch:  every host has one link to each of `hostPorts` CXL switches; the pool is
//            single-headed expanders, one link each, spread over the switches (one switch hop).
// - mhd:     Pond-style, fully connected: every host links to every multi-headed device (MHD);
//            an MHD has one head per host, so the pod has at most `devicePorts` hosts (8-16).
// - octopus: sparse (Octopus, Zhong et al., arXiv 2501.09020): low-port-count MHDs, each
//            connected to a chosen subset of hosts so that every pair of hosts shares exactly
//            one MHD. Built as the projective plane of order q = devicePorts - 1 over the finite
//            field GF(q) (q a prime power: 3, 4, 5, 6, 8, 9, 10, 12 ... ports): q^2+q+1 hosts
//            and as many MHDs, each host on q+1 of them (hostPorts = devicePorts); LIMITS.hosts
//            bounds q (256 hosts: up to 14 ports, 183 hosts).
//
// counts() works on any scenario's fabric (what it has, not what it was built from); the cost
// counts the CXL hardware that differs between designs: device controllers (priced by their
// ports), switches, cables. DRAM is left out: the same capacity in every design.
import { POD_PRICES } from '../platform/calibration';
import { BOUNDS, inIntBounds } from '../scenario/bounds';
import { LIMITS } from '../scenario/limits';
import type { PodDesign, ScenarioInput } from '../scenario/schema';

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
  /**
   * Pooling efficiency, counted from the fabric (podPooling): the share of the pod's pooled
   * capacity a host reaches (mean over hosts, %), the share of host pairs that share a pooled
   * device (%), and how many other hosts each host pools with (mean).
   */
  poolReachPercent: number;
  sharingPairsPercent: number;
  poolPeers: number;
}

export const NO_POD: PodCounts = { hosts: 0, mhds: 0, expanders: 0, switches: 0, cables: 0, devicePorts: 0, switchPorts: 0, costPerHostUSD: 0, poolReachPercent: 0, sharingPairsPercent: 0, poolPeers: 0 };

/** Price of a CXL memory device controller with `ports` heads (a single-headed expander: 1). */
export function devicePriceUSD(ports: number): number {
  const p = POD_PRICES;
  return p.deviceBaseUSD.value + p.devicePerPortUSD.value * ports + p.devicePerPortSquaredUSD.value * ports * ports;
}

export function switchPriceUSD(ports: number): number {
  return POD_PRICES.switchBaseUSD.value + POD_PRICES.switchPerPortUSD.value * ports;
}

type AnyFabric = { hosts: { id: string }[]; devices: { id: string; kind: string; capacityMB?: number }[]; switches: { id: string }[]; links: { a: string; b: string }[] };

/**
 * Pooling efficiency of a fabric, from its graph: the CXL devices each host reaches (a cable,
 * or through switches; never through another host), and of those the pooled ones (reached by
 * two hosts or more). Pond's savings grow with the hosts whose demand one pool evens out (about
 * 7 % less DRAM at 8-16 sockets); Octopus gives up a global pool (a host reaches q + 1 of
 * q^2 + q + 1 devices) but keeps every pair of hosts on a shared device, and reports savings
 * close to a fully connected pool's. These are the two sides: how much of the pool a host can
 * draw on, and with how many others it shares.
 */
export function podPooling(f: AnyFabric): Pick<PodCounts, 'poolReachPercent' | 'sharingPairsPercent' | 'poolPeers'> {
  const H = f.hosts.length;
  const switchIds = new Set(f.switches.map((s) => s.id));
  const cxl = new Map(f.devices.filter((d) => d.kind === 'cxl').map((d) => [d.id, d.capacityMB ?? 1] as const));
  const adj = new Map<string, string[]>();
  for (const l of f.links) for (const [x, y] of [[l.a, l.b], [l.b, l.a]]) (adj.get(x) ?? adj.set(x, []).get(x)!).push(y);
  const reach = f.hosts.map((h) => {
    const seen = new Set<string>([h.id]), devs = new Set<string>(), todo = [h.id];
    while (todo.length > 0) {
      for (const y of adj.get(todo.pop()!) ?? []) {
        if (seen.has(y)) continue;
        seen.add(y);
        if (cxl.has(y)) devs.add(y); else if (switchIds.has(y)) todo.push(y);
      }
    }
    return devs;
  });
  const sharers = new Map<string, number>();
  for (const r of reach) for (const d of r) sharers.set(d, (sharers.get(d) ?? 0) + 1);
  const pooled = [...cxl.keys()].filter((d) => (sharers.get(d) ?? 0) > 1);
  const total = pooled.reduce((a, d) => a + cxl.get(d)!, 0);
  if (H === 0 || total === 0) return { poolReachPercent: 0, sharingPairsPercent: 0, poolPeers: 0 };
  let reached = 0, pairs = 0;
  for (let a = 0; a < H; a++) {
    for (const d of pooled) if (reach[a].has(d)) reached += cxl.get(d)!;
    for (let b = a + 1; b < H; b++) if (pooled.some((d) => reach[a].has(d) && reach[b].has(d))) pairs++;
  }
  const allPairs = (H * (H - 1)) / 2;
  return { poolReachPercent: (100 * reached) / (H * total), sharingPairsPercent: allPairs > 0 ? (100 * pairs) / allPairs : 0, poolPeers: H > 0 ? (2 * pairs) / H : 0 };
}

/** Counts, cost per host and pooling efficiency of a fabric (any scenario's). */
export function podCounts(f: AnyFabric): PodCounts {
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
  return { hosts: H, mhds, expanders, switches: switchIds.size, cables, devicePorts, switchPorts, costPerHostUSD: H > 0 ? cost / H : 0, ...podPooling(f) };
}

/** A reason the parameters make no pod, or null. */
export function podIssue(p: PodParams): string | null {
  const { min, max } = BOUNDS.podPorts;
  const int = (x: number | undefined) => x === undefined || inIntBounds(x, BOUNDS.podPorts);
  if (!int(p.hosts) || !int(p.hostPorts) || !int(p.devicePorts) || !int(p.devices)) return `hosts, hostPorts, devicePorts and devices are whole numbers from ${min} to ${max}`;
  if (p.design === 'octopus') {
    const q = p.devicePorts - 1;
    if (primePower(q) === null) return `octopus: devicePorts - 1 must be a prime power, the order of a finite field GF(q) that builds the projective plane: 3, 4, 5, 6, 8, 9, 10, 12 ... ports (got ${p.devicePorts}: ${q} is no prime power)`;
    if (p.hostPorts !== p.devicePorts) return `octopus: hostPorts must equal devicePorts (${p.devicePorts}) for every pair of hosts to share one device`;
    if (q * q + q + 1 > LIMITS.hosts) return `octopus: devicePorts ${p.devicePorts} makes ${q * q + q + 1} hosts (GF(${q})), more than LIMITS.hosts (${LIMITS.hosts})`;
  }
  if (p.design === 'mhd' && (p.hosts ?? p.devicePorts) > p.devicePorts) return `mhd: a fully connected pod has at most devicePorts (${p.devicePorts}) hosts`;
  return null;
}

/** q = p^k: [p, k], or null when q is no prime power. */
export function primePower(q: number): [number, number] | null {
  if (!Number.isInteger(q) || q < 2) return null;
  let p = 2;
  while (q % p !== 0) p++;
  let k = 0;
  for (let x = q; x > 1; x /= p, k++) if (x % p !== 0) return null;
  return [p, k];
}

/**
 * The finite field GF(p^k) as addition and multiplication tables over 0..q-1: an element is a
 * polynomial over GF(p) of degree below k (its base-p digits), multiplied modulo a monic
 * polynomial of degree k chosen irreducible by search (the first with no zero divisors).
 */
export function finiteField(q: number): { add: Int32Array; mul: Int32Array } {
  const pk = primePower(q);
  if (pk === null) throw new Error(`GF(${q}): ${q} is no prime power`);
  const [p, k] = pk;
  const digits = (x: number) => Array.from({ length: k }, (_, i) => Math.floor(x / p ** i) % p);
  const value = (d: number[]) => d.reduce((v, c, i) => v + c * p ** i, 0);
  const add = new Int32Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) {
    const da = digits(a), db = digits(b);
    add[a * q + b] = value(da.map((c, i) => (c + db[i]) % p));
  }
  // Candidate moduli x^k + (lower terms m, base-p digits).
  for (let m = 0; m < q; m++) {
    const low = digits(m), mul = new Int32Array(q * q);
    let field = true;
    for (let a = 1; a < q && field; a++) for (let b = 1; b < q; b++) {
      const da = digits(a), db = digits(b), prod = new Array<number>(2 * k).fill(0);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) prod[i + j] = (prod[i + j] + da[i] * db[j]) % p;
      // x^t = -(low) x^(t-k) for t >= k: reduce from the top.
      for (let t = 2 * k - 1; t >= k; t--) {
        const c = prod[t];
        if (c === 0) continue;
        prod[t] = 0;
        for (let i = 0; i < k; i++) prod[t - k + i] = (((prod[t - k + i] - c * low[i]) % p) + p) % p;
      }
      const v = value(prod.slice(0, k));
      if (v === 0) { field = false; break; }
      mul[a * q + b] = v;
    }
    if (field) return { add, mul };
  }
  throw new Error(`GF(${q}): no irreducible polynomial found`); // unreachable: one exists for every degree
}

/** Which hosts each MHD of an octopus pod connects: the lines of the projective plane of order q (a prime power). */
export function projectivePlane(q: number): number[][] {
  // Points of PG(2, q) over GF(q): (1, a, b), (0, 1, a), (0, 0, 1); lines are the same triples,
  // and a point lies on a line when their dot product is 0 in the field.
  const { add, mul } = finiteField(q);
  const pts: number[][] = [];
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) pts.push([1, a, b]);
  for (let a = 0; a < q; a++) pts.push([0, 1, a]);
  pts.push([0, 0, 1]);
  const dot = (l: number[], x: number[]) => add[add[mul[l[0] * q + x[0]] * q + mul[l[1] * q + x[1]]] * q + mul[l[2] * q + x[2]]];
  return pts.map((l) => pts.flatMap((x, i) => (dot(l, x) === 0 ? [i] : [])));
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
