// What every importer produces before it is a scenario: the machine as the file describes it
// (CPU nodes as hosts, memory as devices where the file attaches them, switches, the kernel's
// node numbers and distances), then one function that turns it into a valid scenario: the
// numbers the file leaves out come from the platform, labelled as assumed; a default workload
// so the machine runs at once; the scenario's own validator has the last word.
import { LIMITS } from '../scenario/limits';
import { CAL, DEFAULT_PLATFORM, PLATFORMS } from '../platform/calibration';
import { parseScenario, formatErrors } from '../scenario/validate';
import { NUMA_MAX_ID } from '../scenario/numa-schema';
import { ImportError, type ImportResult } from './types';

export interface HostDraft {
  id: string;
  name: string;
  /** CPUs (hardware threads) the file lists for it. */
  cpus: number;
  /** Cores when the file tells them apart from threads. */
  cores?: number;
  llcMB?: number;
}

export interface MemoryDraft {
  id: string;
  name: string;
  kind: 'dram' | 'cxl';
  capacityMB: number;
  /** The host it belongs to (DRAM) or hangs off (CXL), index into hosts. */
  host: number;
  /** CXL: switches between the host and it, host side first (indices into switches). */
  via?: number[];
  bandwidthGBps?: number;
  writeBandwidthGBps?: number;
  latencyNs?: number;
}

export interface MachineDraft {
  name: string;
  description: string;
  hosts: HostDraft[];
  memories: MemoryDraft[];
  switches: { id: string; name: string }[];
  interleaveSets: { id: string; devices: string[]; granularityB: number }[];
  /** Kernel node numbers: names (memory ids, or host ids for memoryless CPU nodes) with their numbers. */
  numa: { nodes: string[]; ids: number[]; distances?: number[][] };
  read: string[];
  assumed: string[];
}

export function emptyDraft(name: string, description: string): MachineDraft {
  return { name, description, hosts: [], memories: [], switches: [], interleaveSets: [], numa: { nodes: [], ids: [] }, read: [], assumed: [] };
}

/** Bytes as the importers' notes say them. */
export function sizeText(mb: number): string {
  if (mb >= 1024 * 1024) return `${round2(mb / 1048576)} TiB`;
  if (mb >= 1024) return `${round2(mb / 1024)} GiB`;
  return `${round2(mb)} MiB`;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

const PAGE_MB = { '4k': 4 / 1024, '2m': 2 } as const;
/** Machines up to this much memory run at 4 KiB pages; larger ones at 2 MiB, so their frames fit the simulator's table. */
const SMALL_MACHINE_MB = 4096;

const inRange = (x: number | undefined, min: number, max: number) => x !== undefined && Number.isFinite(x) && x >= min && x <= max;

/** The draft as a validated scenario, with what was read and what was assumed. */
export function buildScenario(draft: MachineDraft): ImportResult {
  const d = draft;
  const p = PLATFORMS[DEFAULT_PLATFORM];
  if (d.hosts.length === 0) throw new ImportError('no NUMA node with CPUs and no CXL memory device: nothing to build a machine from');
  if (d.hosts.length > LIMITS.hosts) throw new ImportError(`${d.hosts.length} NUMA nodes with CPUs; the simulator takes at most ${LIMITS.hosts} hosts`);
  const cxl = d.memories.filter((m) => m.kind === 'cxl').length;
  if (cxl > LIMITS.devices) throw new ImportError(`${cxl} CXL memory devices; the simulator takes at most ${LIMITS.devices}`);
  if (d.switches.length > LIMITS.switches) throw new ImportError(`${d.switches.length} CXL switches; the simulator takes at most ${LIMITS.switches}`);
  if (d.memories.length === 0) throw new ImportError('no memory: no NUMA node has memory and no CXL memory device has capacity');
  const assumed = [...d.assumed];
  const read = [...d.read];
  assumed.push(`platform: ${p.name} (every number the file does not give: DRAM ${p.dram.latencyNs.value} ns and ${p.dram.bandwidthGBps.value} GB/s, CXL expander ${p.cxl.latencyNs.value} ns and ${p.cxl.bandwidthGBps.value} GB/s, socket link ${p.upi.latencyNs.value} ns, CXL link ${p.cxl.linkGBps.value} GB/s)`);

  const totalMB = d.memories.reduce((a, m) => a + m.capacityMB, 0);
  const pageSize: '4k' | '2m' = totalMB <= SMALL_MACHINE_MB ? '4k' : '2m';
  if (pageSize === '2m') assumed.push(`2 MiB pages: ${sizeText(totalMB)} of memory, more than ${sizeText(SMALL_MACHINE_MB)} (4 KiB pages would make the simulator's frame table large; at most ${LIMITS.totalFrames} frames)`);
  const pageMB = PAGE_MB[pageSize];

  // Layout: hosts in a row, their DRAM above, switches by depth below, CXL memory at the bottom.
  const H = d.hosts.length;
  const step = Math.min(220, Math.floor(9000 / Math.max(1, H)));
  const hx = (h: number) => 120 + h * step;
  const hosts = d.hosts.map((h, i) => {
    const cores = h.cores ?? h.cpus;
    const out: Record<string, unknown> = { id: h.id, name: h.name.slice(0, LIMITS.nameLength), x: hx(i), y: 130 };
    if (cores >= 1) out.cores = Math.min(1024, cores);
    if (inRange(h.llcMB, 0, 4096)) out.llcMB = round2(h.llcMB!);
    return out;
  });
  for (const h of d.hosts) if ((h.cores ?? h.cpus) > 1024) assumed.push(`${h.id}: ${h.cores ?? h.cpus} cores capped at the simulator's 1024`);
  const depthOf = new Map<number, number>();
  for (const m of d.memories) (m.via ?? []).forEach((sw, k) => depthOf.set(sw, Math.max(depthOf.get(sw) ?? 0, k)));
  const swCount = new Map<number, number>();
  const switches = d.switches.map((w, i) => {
    const depth = depthOf.get(i) ?? 0;
    const k = swCount.get(depth) ?? 0;
    swCount.set(depth, k + 1);
    return { id: w.id, name: w.name.slice(0, LIMITS.nameLength), x: 160 + k * 180, y: 240 + depth * 80 };
  });
  const bottom = 260 + Math.max(0, ...[...depthOf.values()].map((x) => x + 1)) * 80;
  let cx = 0;
  const dramCount = new Map<number, number>();
  const devices = d.memories.map((m) => {
    const out: Record<string, unknown> = { id: m.id, name: m.name.slice(0, LIMITS.nameLength), kind: m.kind, capacityMB: m.capacityMB };
    if (m.kind === 'dram') {
      const k = dramCount.get(m.host) ?? 0;
      dramCount.set(m.host, k + 1);
      Object.assign(out, { host: d.hosts[m.host].id, x: hx(m.host) + k * 40, y: 40 - k * 20 });
    } else {
      Object.assign(out, { x: 120 + (cx++ % 48) * 150, y: bottom + Math.floor(cx / 48) * 60 });
    }
    if (m.bandwidthGBps !== undefined) {
      if (inRange(m.bandwidthGBps, 0.1, 10_000)) out.bandwidthGBps = round2(m.bandwidthGBps);
      else assumed.push(`${m.id}: bandwidth ${round2(m.bandwidthGBps)} GB/s is outside the simulator's 0.1-10000 GB/s: the platform's kept`);
    }
    if (m.writeBandwidthGBps !== undefined && m.kind === 'cxl') {
      if (inRange(m.writeBandwidthGBps, 0.1, 10_000)) out.writeBandwidthGBps = round2(m.writeBandwidthGBps);
      else assumed.push(`${m.id}: write bandwidth ${round2(m.writeBandwidthGBps)} GB/s is outside 0.1-10000 GB/s: the platform's kept`);
    }
    if (m.latencyNs !== undefined) {
      // The file's latency is what the CPU sees; each switch on the way adds its hop in the simulator.
      const hops = (m.via ?? []).length;
      const own = m.latencyNs - hops * CAL.switchHopNs.value;
      if (hops > 0 && inRange(own, 1, 100_000)) {
        out.latencyNs = round2(own);
        assumed.push(`${m.id}: the file's ${m.latencyNs} ns includes ${hops} switch hop${hops > 1 ? 's' : ''} of ${CAL.switchHopNs.value} ns (assumed): the device itself ${round2(own)} ns`);
      } else if (inRange(m.latencyNs, 1, 100_000)) out.latencyNs = round2(m.latencyNs);
      else assumed.push(`${m.id}: latency ${m.latencyNs} ns is outside the simulator's 1-100000 ns: the platform's kept`);
    }
    return out;
  });

  const links: Record<string, unknown>[] = [];
  const linked = new Set<string>();
  const link = (a: string, b: string) => {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (linked.has(key)) return;
    linked.add(key);
    links.push({ a, b });
  };
  // Socket links: every pair while they fit, else a ring (the file does not say how sockets connect).
  if (H > 1) {
    const mesh = (H * (H - 1)) / 2 + d.memories.length + 2 * d.switches.length <= LIMITS.links;
    if (mesh) for (let a = 0; a < H; a++) for (let b = a + 1; b < H; b++) link(d.hosts[a].id, d.hosts[b].id);
    else for (let a = 0; a < H; a++) link(d.hosts[a].id, d.hosts[(a + 1) % H].id);
    assumed.push(mesh ? 'sockets: each pair joined by one socket link (the file does not say how sockets connect)' : `sockets: joined in a ring (${H} hosts: a link between every pair would exceed ${LIMITS.links} links)`);
  }
  for (const m of d.memories) {
    if (m.kind !== 'cxl') continue;
    const path = [d.hosts[m.host].id, ...(m.via ?? []).map((k) => d.switches[k].id), m.id];
    for (let k = 0; k + 1 < path.length; k++) link(path[k], path[k + 1]);
  }
  if (links.length > LIMITS.links) throw new ImportError(`the machine needs ${links.length} links; the simulator takes at most ${LIMITS.links}`);

  // The default workload: one per host, zipf, sized to spill into CXL memory where there is some.
  const hostDram = d.hosts.map((_, h) => d.memories.filter((m) => m.kind === 'dram' && m.host === h).reduce((a, m) => a + m.capacityMB, 0));
  const anyCxl = d.memories.some((m) => m.kind === 'cxl');
  const want = hostDram.map((mb) => (mb > 0 ? mb * (anyCxl ? 1.25 : 0.75) : (0.5 * totalMB) / H));
  const sum = want.reduce((a, x) => a + x, 0);
  const maxPages = Math.min(LIMITS.totalPages, LIMITS.epochWork - H * 16_384) * 0.9;
  const scale = Math.min(1, (0.9 * totalMB) / sum, (maxPages * pageMB) / sum);
  const workloads = d.hosts.map((h, i) => ({
    id: `app.${h.id}`.slice(0, LIMITS.idLength),
    hosts: [h.id],
    pattern: 'zipf',
    workingSetMB: Math.max(pageMB, Math.floor((want[i] * scale) / pageMB) * pageMB),
    skew: 0.99,
  }));
  assumed.push(`workload: one zipf (s = 0.99) per host, its working set ${anyCxl ? '1.25 x its DRAM, so it spills into CXL memory' : '0.75 x its DRAM'}${scale < 1 ? ', scaled to fit all memory' : ''}; policy first-touch (Linux's default)`);

  const numa: Record<string, unknown> = { nodes: d.numa.nodes, ids: d.numa.ids };
  if (d.numa.ids.some((x) => x > NUMA_MAX_ID)) throw new ImportError(`node number ${Math.max(...d.numa.ids)} is above Linux's ${NUMA_MAX_ID}`);
  if (d.numa.distances) numa.distances = d.numa.distances;

  const raw: Record<string, unknown> = {
    version: 1,
    name: d.name.slice(0, LIMITS.nameLength),
    description: d.description.slice(0, 2000),
    platform: DEFAULT_PLATFORM,
    pageSize,
    epochs: 100,
    hosts,
    devices,
    switches,
    links,
    workloads,
    policy: { name: 'first-touch', params: {}, nodes: [] },
    numa,
  };
  if (d.interleaveSets.length) raw.interleaveSets = d.interleaveSets;
  const r = parseScenario(raw);
  if (!r.ok) throw new ImportError(`the machine does not fit the simulator: ${formatErrors(r.errors.slice(0, 3))}`);
  return { ok: true, scenario: r.scenario, read, assumed };
}
