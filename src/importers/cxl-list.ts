// `cxl list` JSON (ndctl's cxl tool: any mix of -B -P -E -M -D -R -X -T, with or without -u) ->
// a machine. Memdevs become CXL devices (ram_size and pmem_size both count), attached below the
// ports the listing nests them under: a port under the bus is a host bridge (part of the host),
// a port under a port a switch. Regions with 2, 4, 8 or 16 ways become interleave sets at
// their granularity. The hosts are the NUMA nodes the memdevs name (numa_node); their DRAM is
// not in the listing and is assumed.
import { buildScenario, emptyDraft, sizeText } from './build';
import { ImportError, guarded, shown, type ImportResult, type Importer } from './types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JObj = { [k: string]: Json };

interface Node {
  kind: 'bus' | 'port' | 'endpoint' | 'decoder' | 'region' | 'memdev';
  o: JObj;
  parent: Node | null;
  path: string;
}

const MAX_DEPTH = 64;
const SKIP = new Set(['mappings', 'targets', 'dports', 'daxregion', 'health', 'alert_config', 'partition_info', 'firmware', 'media_errors', 'injectable_protocol_errors']);

const own = (o: JObj, k: string): Json | undefined => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const str = (o: JObj, k: string): string | undefined => { const v = own(o, k); return typeof v === 'string' ? v : undefined; };

/** A size as cxl list prints it: bytes, "0x10000000", or -u's "256.00 MiB (268.44 MB)". In MiB. */
export function cxlSizeMB(v: Json | undefined, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0 || v > 2 ** 60) throw new ImportError(`${what}: ${v} is not a size in bytes`);
    return v / 1048576;
  }
  if (typeof v !== 'string') throw new ImportError(`${what}: expected a size (got ${typeof v})`);
  const t = v.trim();
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) return Number(BigInt(t) / 1024n) / 1024;
  if (/^\d{1,19}$/.test(t)) return Number(t) / 1048576;
  const m = /^(\d{1,12}(?:\.\d{1,6})?)\s*(KiB|MiB|GiB|TiB)(?:\s*\([^)]{0,40}\))?$/.exec(t);
  if (!m) throw new ImportError(`${what}: ${shown(t)} is not a size cxl list prints`);
  const mul: Record<string, number> = { KiB: 1 / 1024, MiB: 1, GiB: 1024, TiB: 1048576 };
  return Number(m[1]) * mul[m[2]];
}

function intOf(v: Json | undefined, what: string, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^(0x[0-9a-fA-F]{1,8}|\d{1,10})$/.test(v.trim()) ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) throw new ImportError(`${what}: expected a whole number up to ${max} (got ${shown(JSON.stringify(v))})`);
  return n;
}

function kindOf(o: JObj): Node['kind'] | null {
  if (typeof own(o, 'bus') === 'string') return 'bus';
  if (typeof own(o, 'port') === 'string') return 'port';
  if (typeof own(o, 'endpoint') === 'string') return 'endpoint';
  if (typeof own(o, 'decoder') === 'string') return 'decoder';
  if (typeof own(o, 'region') === 'string') return 'region';
  if (typeof own(o, 'memdev') === 'string') return 'memdev';
  return null;
}

/** Every cxl object of the listing with the object it nests under (iterative, depth-bounded). */
function walk(root: Json): Node[] {
  const out: Node[] = [];
  const stack: { v: Json; parent: Node | null; path: string; depth: number }[] = [{ v: root, parent: null, path: '', depth: 0 }];
  while (stack.length) {
    const { v, parent, path, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) throw new ImportError(`${path || 'the listing'}: nested deeper than ${MAX_DEPTH}`);
    if (Array.isArray(v)) {
      for (let k = v.length - 1; k >= 0; k--) stack.push({ v: v[k], parent, path: `${path}[${k}]`, depth: depth + 1 });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const kind = kindOf(v);
    const node = kind ? { kind, o: v, parent, path } : null;
    if (node) out.push(node);
    const keys = Object.keys(v);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k];
      if (SKIP.has(key)) continue;
      const child = v[key];
      if (child !== null && typeof child === 'object') stack.push({ v: child, parent: node ?? parent, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return out;
}

interface Memdev { name: string; ramMB: number; pmemMB: number; serial?: string; numa?: number; host?: string; parent: Node | null; path: string }

function build(text: string): ImportResult {
  let root: Json;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (e) {
    throw new ImportError(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (root === null || typeof root !== 'object') throw new ImportError('a cxl list listing is a JSON object or array');
  const nodes = walk(root);
  const memdevs = new Map<string, Memdev>();
  for (const n of nodes) {
    if (n.kind !== 'memdev') continue;
    const name = str(n.o, 'memdev')!;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(name)) throw new ImportError(`${n.path}.memdev: ${shown(name)} is not a memdev name`);
    const ram = cxlSizeMB(own(n.o, 'ram_size'), `${n.path}.ram_size`) ?? 0;
    const pmem = cxlSizeMB(own(n.o, 'pmem_size'), `${n.path}.pmem_size`) ?? 0;
    const numa = intOf(own(n.o, 'numa_node'), `${n.path}.numa_node`, 1023);
    const serialV = own(n.o, 'serial');
    const old = memdevs.get(name);
    // The same memdev may be listed twice (under an endpoint and under a port): the nested one wins.
    if (old && old.parent && !n.parent) continue;
    memdevs.set(name, { name, ramMB: ram, pmemMB: pmem, serial: serialV === undefined ? undefined : String(serialV), numa, host: str(n.o, 'host'), parent: n.parent, path: n.path });
  }
  if (memdevs.size === 0) {
    const ep = nodes.find((n) => n.kind === 'endpoint');
    throw new ImportError(ep ? `${str(ep.o, 'endpoint')} names memdev ${shown(str(ep.o, 'host') ?? '?')} but the listing has no memdev objects: list them too (cxl list -BEMPDRu)` : 'no memdev in the listing: nothing to import (list memdevs: cxl list -M, or cxl list -BEMPDRu)');
  }
  const d = emptyDraft('Imported machine (cxl list)', '');
  for (const b of nodes.filter((n) => n.kind === 'bus')) d.read.push(`bus ${str(b.o, 'bus')}${str(b.o, 'provider') ? ` (${str(b.o, 'provider')})` : ''}`);

  // Hosts: the NUMA nodes the memdevs are local to.
  const numaIds = [...new Set([...memdevs.values()].map((m) => m.numa ?? -1))].sort((a, b) => a - b);
  const hostIndex = new Map<number, number>();
  for (const n of numaIds) {
    hostIndex.set(n, d.hosts.length);
    d.hosts.push({ id: n >= 0 ? `h${n}` : 'h0', name: n >= 0 ? `Node ${n} CPUs` : 'Host', cpus: 0 });
  }
  if (numaIds.includes(-1) && numaIds.length > 1) {
    // A memdev without numa_node goes to the first host that has one.
    hostIndex.set(-1, hostIndex.get(numaIds[1])!);
    d.hosts.shift();
    for (const [k, v] of hostIndex) hostIndex.set(k, Math.max(0, v - 1));
  }
  d.assumed.push(numaIds.some((n) => n >= 0) ? 'hosts: one per NUMA node the memdevs name (numa_node); their cores from the platform' : 'host: one (the listing names no NUMA node); its cores from the platform');

  // Switches: ports nested under ports (a port right under the bus is a host bridge, part of the host).
  const switchOf = new Map<Node, number>();
  const viaOf = (m: Memdev): { via: number[]; chain: string[] } => {
    const ports: Node[] = [];
    for (let p = m.parent; p; p = p.parent) if (p.kind === 'port') ports.unshift(p);
    const via: number[] = [];
    ports.forEach((p, k) => {
      if (k === 0 && p.parent?.kind === 'bus') return; // the host bridge
      let i = switchOf.get(p);
      if (i === undefined) {
        i = d.switches.length;
        switchOf.set(p, i);
        const nm = str(p.o, 'port')!;
        d.switches.push({ id: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(nm) ? nm : `sw${i}`, name: `Switch ${nm}${str(p.o, 'host') ? ` (${str(p.o, 'host')})` : ''}` });
        d.read.push(`switch ${nm}: upstream port ${str(p.o, 'host') ?? '?'}`);
      }
      via.push(i);
    });
    return { via, chain: ports.map((p) => `${str(p.o, 'port')} (${str(p.o, 'host') ?? '?'})`) };
  };

  const list = [...memdevs.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const cxlMB = new Map<number, number>();
  for (const m of list) {
    const total = m.ramMB + m.pmemMB;
    const parts = [m.ramMB > 0 ? `${sizeText(m.ramMB)} volatile (ram_size)` : '', m.pmemMB > 0 ? `${sizeText(m.pmemMB)} persistent (pmem_size)` : ''].filter(Boolean).join(' + ');
    if (total <= 0) { d.read.push(`${m.name}: no capacity: left out`); continue; }
    const host = hostIndex.get(m.numa ?? -1) ?? 0;
    const { via, chain } = viaOf(m);
    d.memories.push({ id: m.name, name: `${m.name}${m.serial !== undefined ? ` (serial ${m.serial})` : ''}`, kind: 'cxl', capacityMB: total, host, via });
    cxlMB.set(host, (cxlMB.get(host) ?? 0) + total);
    d.read.push(`${m.name}: ${parts}${m.numa !== undefined ? `, NUMA node ${m.numa}` : ''}${m.host ? `, at ${m.host}` : ''}${chain.length ? `, below ${chain.join(' > ')}` : ''}`);
  }
  const persistent = list.filter((m) => m.pmemMB > 0).map((m) => m.name);
  if (persistent.length) d.assumed.push(`${persistent.join(', ')}: persistent partition${persistent.length > 1 ? 's' : ''} onlined as system RAM through a DAX device (daxctl reconfigure-device --mode=system-ram)`);
  if (d.memories.length === 0) throw new ImportError('no memdev has capacity (ram_size or pmem_size)');
  for (let h = 0; h < d.hosts.length; h++) {
    const mb = Math.max(1024, Math.ceil((2 * (cxlMB.get(h) ?? 0)) / 1024) * 1024);
    d.memories.push({ id: `${d.hosts[h].id}.dram`, name: `${d.hosts[h].name} DRAM`, kind: 'dram', capacityMB: mb, host: h });
    d.assumed.push(`${d.hosts[h].id}: DRAM ${sizeText(mb)} (cxl list does not show it): twice its CXL memory, at least 1 GiB`);
  }

  // Decoders: read, not modelled.
  for (const n of nodes) {
    if (n.kind !== 'decoder') continue;
    const size = cxlSizeMB(own(n.o, 'size'), `${n.path}.size`);
    const flags = [own(n.o, 'volatile_capable') === true ? 'volatile' : '', own(n.o, 'pmem_capable') === true ? 'pmem' : ''].filter(Boolean).join('+');
    const ways = own(n.o, 'interleave_ways'), targets = own(n.o, 'nr_targets');
    d.read.push(`${str(n.o, 'decoder')}: ${size !== undefined ? sizeText(size) : 'no'} window${flags ? ` (${flags})` : ''}${typeof ways === 'number' ? `, ${ways} way${ways === 1 ? '' : 's'}` : ''}${typeof targets === 'number' ? `, ${targets} target${targets === 1 ? '' : 's'}` : ''}${str(n.o, 'region') ? `, in ${str(n.o, 'region')}` : ''}`);
  }

  // Regions: members from mappings (-T) or from the endpoint decoders that name the region.
  const inSet = new Set<string>();
  const nodeIdOf = new Map<string, number>();
  const hostNuma = new Set(numaIds.filter((n) => n >= 0));
  const seenRegion = new Set<string>();
  for (const n of nodes) {
    if (n.kind !== 'region') continue;
    const name = str(n.o, 'region')!;
    if (seenRegion.has(name)) continue;
    seenRegion.add(name);
    const ways = intOf(own(n.o, 'interleave_ways'), `${n.path}.interleave_ways`, 16) ?? 1;
    const gran = intOf(own(n.o, 'interleave_granularity'), `${n.path}.interleave_granularity`, 1 << 20);
    const size = cxlSizeMB(own(n.o, 'size'), `${n.path}.size`);
    let members: string[] = [];
    const maps = own(n.o, 'mappings');
    if (Array.isArray(maps)) {
      const byPos = maps.filter((x): x is JObj => x !== null && typeof x === 'object' && !Array.isArray(x)).map((x) => ({ pos: intOf(own(x, 'position'), `${n.path}.mappings.position`, 15) ?? 0, memdev: str(x, 'memdev') })).sort((a, b) => a.pos - b.pos);
      members = byPos.map((x) => x.memdev).filter((x): x is string => !!x);
    } else {
      for (const dn of nodes) {
        if (dn.kind !== 'decoder' || str(dn.o, 'region') !== name) continue;
        const ep = dn.parent?.kind === 'endpoint' ? str(dn.parent.o, 'host') : undefined;
        if (ep && !members.includes(ep)) members.push(ep);
      }
    }
    members = members.filter((m) => d.memories.some((x) => x.id === m && x.kind === 'cxl'));
    const daxDevs = (() => { const dr = own(n.o, 'daxregion'); const devs = dr && typeof dr === 'object' && !Array.isArray(dr) ? own(dr as JObj, 'devices') : undefined; return Array.isArray(devs) ? devs : []; })();
    const target = daxDevs.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? intOf(own(x as JObj, 'target_node'), `${n.path}.daxregion.devices.target_node`, 1023) : undefined)).find((x) => x !== undefined);
    d.read.push(`${name}: ${size !== undefined ? sizeText(size) : '?'} ${str(n.o, 'type') ?? ''} region, ${ways} way${ways === 1 ? '' : 's'}${gran !== undefined ? ` at ${gran} B` : ''}${members.length ? ` over ${members.join(', ')}` : ''}${target !== undefined ? `, DAX target node ${target}` : ''}`.replace('  ', ' '));
    const free = members.filter((m) => !inSet.has(m));
    if (ways > 1 && [2, 4, 8, 16].includes(ways) && free.length === ways && members.length === ways) {
      let g = gran ?? 4096;
      if (![256, 512, 1024, 2048, 4096, 8192, 16384].includes(g)) { d.assumed.push(`${name}: granularity ${g} B is not one the simulator takes: 4096 B`); g = 4096; }
      d.interleaveSets.push({ id: name, devices: members, granularityB: g });
      for (const m of members) inSet.add(m);
      if (target !== undefined && !hostNuma.has(target)) nodeIdOf.set(name, target);
    } else if (ways > 1) {
      d.assumed.push(`${name}: ${ways}-way interleave over ${members.length} memdev${members.length === 1 ? '' : 's'} in the listing is not a set the simulator takes (2, 4, 8, 16 ways, each memdev in one set): its memdevs are separate nodes`);
    } else if (members.length === 1 && target !== undefined && !hostNuma.has(target)) nodeIdOf.set(members[0], target);
  }

  // NUMA numbers: hosts' from numa_node, CXL nodes' from their DAX target_node, the rest after them.
  const used = new Set<number>();
  for (const h of d.hosts) {
    const n = Number(h.id.slice(1));
    d.numa.nodes.push(`${h.id}.dram`);
    d.numa.ids.push(n);
    used.add(n);
  }
  const cxlNodes = [...d.interleaveSets.map((x) => x.id), ...d.memories.filter((m) => m.kind === 'cxl' && !inSet.has(m.id)).map((m) => m.id)];
  for (const nm of cxlNodes) { const t = nodeIdOf.get(nm); if (t !== undefined && !used.has(t)) { used.add(t); } else nodeIdOf.delete(nm); }
  let next = Math.max(-1, ...used) + 1;
  for (const nm of cxlNodes) {
    const id = nodeIdOf.get(nm) ?? next++;
    d.numa.nodes.push(nm);
    d.numa.ids.push(id);
  }
  if (cxlNodes.some((nm) => !nodeIdOf.has(nm))) d.assumed.push('NUMA numbers of CXL memory the listing does not place (no DAX target_node): the next free ones');
  d.assumed.push('distances: cxl list has none: derived from the fabric');
  d.description = `Imported from cxl list: ${d.memories.filter((m) => m.kind === 'cxl').length} memdevs${d.switches.length ? `, ${d.switches.length} switches` : ''}${d.interleaveSets.length ? `, ${d.interleaveSets.length} interleaved regions` : ''}. Capacities, switches and regions are the listing's; the hosts, their DRAM and every latency and bandwidth are assumed.`;
  return buildScenario(d);
}

export const cxlListImporter: Importer = {
  id: 'cxl-list',
  name: 'cxl list JSON',
  detect(text: string): number {
    const head = text.slice(0, 4096).trimStart();
    if (!head.startsWith('{') && !head.startsWith('[')) return 0;
    return /"(memdev|bus|endpoint|decoder|port|region)"\s*:/.test(head) ? 0.9 : /"(memdevs|buses|anon memdevs|root decoders)"\s*:/.test(head) ? 0.8 : 0;
  },
  parse: (text) => guarded(() => build(text)),
};
