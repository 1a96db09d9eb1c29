// hwloc XML (`lstopo --of xml`, format v1, v2 and v3) -> a machine. NUMA nodes that hold CPUs
// become hosts with their DRAM; CPU-less nodes become memory: CXL where hwloc says so (subtype
// CXL-DRAM / CXL-NVM, a CXLDevice info naming the PCI device), attached through the PCI
// bridges above that device (each switch's upstream port one switch), an interleaved region
// an interleave set; HBM / DRAM subtypes stay DRAM of the host they are local to. CXL memory
// devices (OS devices with CXLRAMSize / CXLPMEMSize) that are not a NUMA node are CXL devices
// too, their volatile and persistent partitions both counted. Distances (distances2 or v1
// distances) are kept as the kernel's; memory attributes (Bandwidth, Latency and their
// Read / Write variants) set bandwidth and latency.
import { buildScenario, emptyDraft, sizeText, type MachineDraft } from './build';
import { ImportError, guarded, shown, type ImportResult, type Importer } from './types';
import { parseXml, type XmlElement } from './xml';

interface Obj {
  el: XmlElement;
  type: string;
  parent: Obj | null;
  infos: Map<string, string>;
}

const MAX_BITS = 1 << 17; // PUs a cpuset may name

/** An hwloc bitmap ("0x0000000f", "0xffffffff,0x00000001", ",,0x1", "0xf...f") as the set bits. */
function bitmap(text: string, what: string): number[] {
  const hit = bitmapCache.get(text);
  if (hit) return hit;
  const out = parseBitmap(text, what);
  if (bitmapCache.size > 10_000) bitmapCache.clear();
  bitmapCache.set(text, out);
  return out;
}
const bitmapCache = new Map<string, number[]>();

function parseBitmap(text: string, what: string): number[] {
  const words = text.trim().split(',');
  if (words.length * 32 > MAX_BITS) throw new ImportError(`${what}: bitmap ${shown(text)} is longer than ${MAX_BITS} bits`);
  const out: number[] = [];
  words.forEach((w, k) => {
    const bit0 = (words.length - 1 - k) * 32;
    if (w === '') return;
    if (k === 0 && w === '0xf...f') return; // infinitely set above: no PU is there
    const m = /^0x([0-9a-fA-F]{1,8})$/.exec(w);
    if (!m) throw new ImportError(`${what}: ${shown(text)} is not an hwloc bitmap`);
    const v = parseInt(m[1], 16);
    for (let b = 0; b < 32; b++) if ((v >>> b) & 1) out.push(bit0 + b);
  });
  return out;
}

function num(text: string | undefined, what: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*\d{1,20}(\.\d+)?\s*$/.test(text)) throw new ImportError(`${what} must be a number (got ${shown(text)})`);
  const v = Number(text);
  if (!Number.isFinite(v) || v > max) throw new ImportError(`${what} ${text.trim()} is too large`);
  return v;
}

/** "262144KiB" / "1048576 kB" / "2GiB" -> MiB. */
function sizeMB(text: string, what: string): number {
  const m = /^\s*(\d{1,20})\s*(B|KiB|kB|KB|MiB|MB|GiB|GB|TiB|TB)?\s*$/.exec(text);
  if (!m) throw new ImportError(`${what}: size ${shown(text)} is not a number with a unit`);
  const mul: Record<string, number> = { B: 1 / 1048576, KiB: 1 / 1024, kB: 1 / 1024, KB: 1 / 1024, MiB: 1, MB: 1, GiB: 1024, GB: 1024, TiB: 1048576, TB: 1048576 };
  return Number(m[1]) * mul[m[2] ?? 'B'];
}

const attr = (o: Obj, k: string) => o.el.attrs.get(k);

function gather(root: XmlElement): { objects: Obj[]; top: XmlElement[] } {
  const objects: Obj[] = [];
  const stack: { el: XmlElement; parent: Obj | null }[] = root.children.filter((c) => c.name === 'object').reverse().map((el) => ({ el, parent: null }));
  while (stack.length) {
    const { el, parent } = stack.pop()!;
    const infos = new Map<string, string>();
    for (const c of el.children) if (c.name === 'info') { const n = c.attrs.get('name'), v = c.attrs.get('value'); if (n !== undefined && v !== undefined && !infos.has(n)) infos.set(n, v); }
    const o: Obj = { el, type: el.attrs.get('type') ?? '', parent, infos };
    objects.push(o);
    const kids = el.children.filter((c) => c.name === 'object');
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ el: kids[k], parent: o });
  }
  return { objects, top: root.children };
}

const NON_DEFAULT = new Set(['HBM', 'SPM', 'NVM', 'GPUMemory', 'CXL-DRAM', 'CXL-NVM']);

function build(text: string): ImportResult {
  const root = parseXml(text);
  if (root.name !== 'topology') throw new ImportError(`the root element is <${root.name}>, not hwloc's <topology>`);
  const version = root.attrs.get('version') ?? '1.x';
  const { objects } = gather(root);
  if (!objects.some((o) => o.type === 'Machine' || o.type === 'System')) throw new ImportError('no <object type="Machine">: not an hwloc topology');
  const d: MachineDraft = emptyDraft('', '');
  const hostname = objects.find((o) => o.type === 'Machine')?.infos.get('HostName') ?? [...root.children].find((c) => c.name === 'info' && c.attrs.get('name') === 'HostName')?.attrs.get('value');
  d.name = `Imported machine${hostname ? ` ${hostname}` : ''} (hwloc XML)`;
  d.read.push(`hwloc XML, format ${version}`);

  // PUs and the cores that hold them.
  const pus = new Map<number, Obj>();
  for (const o of objects) {
    if (o.type !== 'PU') continue;
    const idx = num(attr(o, 'os_index'), 'PU os_index', MAX_BITS);
    if (idx !== undefined) pus.set(idx, o);
  }
  if (pus.size === 0) throw new ImportError('no PU (processing unit) objects: no CPUs to run on');
  const coreOf = (pu: Obj): Obj | null => { for (let p = pu.parent; p; p = p.parent) if (p.type === 'Core') return p; return null; };

  // NUMA nodes.
  interface Numa { o: Obj; os: number; gp: string | undefined; mb: number; cpuset: number[]; cpus: Set<number>; subtype: string; cxlBdfs: string[]; pus: number[] }
  const numas: Numa[] = [];
  const seenOs = new Set<number>();
  for (const o of objects) {
    if (o.type !== 'NUMANode') continue;
    const os = num(attr(o, 'os_index'), 'NUMANode os_index', 1023) ?? numas.length;
    if (seenOs.has(os)) throw new ImportError(`two NUMA nodes have os_index ${os}`);
    seenOs.add(os);
    const bytes = num(attr(o, 'local_memory'), `NUMANode ${os} local_memory`) ?? 0;
    const cxl = o.infos.get('CXLDevice');
    const cpuset = bitmap(attr(o, 'cpuset') ?? '0x0', `NUMANode ${os} cpuset`);
    numas.push({
      o, os, gp: attr(o, 'gp_index'), mb: bytes / 1048576, cpuset, cpus: new Set(cpuset),
      subtype: attr(o, 'subtype') ?? '', cxlBdfs: cxl ? cxl.split(',').map((x) => x.trim()).filter(Boolean) : [], pus: [],
    });
  }
  if (numas.length === 0) throw new ImportError('no NUMANode objects: the file says nothing about memory');
  numas.sort((a, b) => a.os - b.os);
  const isDefault = (n: Numa) => !NON_DEFAULT.has(n.subtype) && n.cxlBdfs.length === 0;
  // Each PU to one node: a default (DRAM) node before HBM / CXL ones, the most local, the lowest number.
  for (const pu of [...pus.keys()].sort((a, b) => a - b)) {
    let best: Numa | null = null;
    for (const n of numas) {
      if (!n.cpus.has(pu)) continue;
      if (!best || (isDefault(n) && !isDefault(best)) || (isDefault(n) === isDefault(best) && n.cpuset.length < best.cpuset.length)) best = n;
    }
    best?.pus.push(pu);
  }
  const cpuNodes = numas.filter((n) => n.pus.length > 0);
  if (cpuNodes.length === 0) throw new ImportError('no NUMA node holds a PU: cannot tell which CPUs use which memory');
  const hostOfNode = new Map<Numa, number>();
  const hostOfPu = new Map<number, number>();
  // Last-level caches: L3 (v2/v3 "L3Cache", v1 "Cache" of depth 3).
  const l3 = objects.filter((o) => (o.type === 'L3Cache' || (o.type === 'Cache' && attr(o, 'depth') === '3')) && attr(o, 'subtype') !== 'MemorySideCache');
  for (const n of cpuNodes) {
    const h = d.hosts.length;
    hostOfNode.set(n, h);
    for (const p of n.pus) hostOfPu.set(p, h);
    const cores = new Set<Obj>();
    let coreless = 0;
    for (const p of n.pus) { const c = coreOf(pus.get(p)!); if (c) cores.add(c); else coreless++; }
    const mine = new Set(n.pus);
    let llc = 0;
    for (const c of l3) {
      const set = bitmap(attr(c, 'cpuset') ?? '0x0', 'L3 cache cpuset');
      if (set.length && set.every((x) => mine.has(x))) llc += (num(attr(c, 'cache_size'), 'cache_size') ?? 0) / 1048576;
    }
    d.hosts.push({ id: `h${n.os}`, name: `Node ${n.os} CPUs`, cpus: n.pus.length, cores: cores.size + coreless, llcMB: llc > 0 ? llc : undefined });
    d.read.push(`node ${n.os}: ${n.pus.length} PUs in ${cores.size + coreless} cores${llc > 0 ? `, ${Math.round(llc * 100) / 100} MB L3` : ''}, ${n.mb > 0 ? sizeText(n.mb) : 'no memory (memoryless)'}`);
  }
  if (l3.length === 0) d.assumed.push('LLC: the file has no L3 cache: the platform\'s');

  // Which host an object is local to: the host owning most of its nearest ancestor's cpuset.
  const hostNear = (o: Obj | null): number => {
    for (let p = o; p; p = p.parent) {
      const cs = attr(p, 'cpuset');
      if (cs === undefined) continue;
      const count = new Map<number, number>();
      for (const b of bitmap(cs, `${p.type} cpuset`)) { const h = hostOfPu.get(b); if (h !== undefined) count.set(h, (count.get(h) ?? 0) + 1); }
      let best = -1, bestN = 0;
      for (const [h, c] of count) if (c > bestN || (c === bestN && h < best)) { best = h; bestN = c; }
      if (best >= 0) return best;
    }
    return 0;
  };

  // PCI: each device's bridges up to its host bridge; an upstream switch port (every other bridge below the root port) is a switch.
  const pciByBus = new Map<string, Obj>();
  for (const o of objects) if (o.type === 'PCIDev') { const b = attr(o, 'pci_busid'); if (b) pciByBus.set(b.toLowerCase(), o); }
  const switchIndex = new Map<Obj, number>();
  const pathOf = (dev: Obj): { host: number; via: number[] } => {
    const chain: Obj[] = [];
    let p = dev.parent;
    for (; p && p.type === 'Bridge' && attr(p, 'bridge_type') !== '0-1'; p = p.parent) chain.unshift(p);
    const host = hostNear(p && p.type === 'Bridge' ? p.parent : p);
    const via: number[] = [];
    for (let k = 1; k < chain.length; k += 2) {
      const usp = chain[k];
      let idx = switchIndex.get(usp);
      if (idx === undefined) {
        idx = d.switches.length;
        switchIndex.set(usp, idx);
        const bus = attr(usp, 'pci_busid') ?? `bridge ${attr(usp, 'gp_index') ?? idx}`;
        const vendor = usp.infos.get('PCIVendor');
        d.switches.push({ id: `sw${idx}`, name: `Switch at ${bus}${vendor ? ` (${vendor})` : ''}` });
        d.read.push(`switch sw${idx}: upstream port ${bus}${vendor ? `, ${vendor}` : ''}`);
      }
      via.push(idx);
    }
    return { host, via };
  };

  // Memory attributes: the best value over initiators (the local one) per target node, by gp_index.
  const attrs = new Map<string, Map<string, number>>();
  for (const ma of root.children) {
    if (ma.name !== 'memattr') continue;
    const nm = ma.attrs.get('name') ?? '';
    if (!/^(Read|Write)?(Bandwidth|Latency)$/.test(nm)) continue;
    const lower = nm.endsWith('Latency');
    for (const v of ma.children) {
      if (v.name !== 'memattr_value' || v.attrs.get('target_obj_type') !== 'NUMANode') continue;
      const gp = v.attrs.get('target_obj_gp_index');
      const val = num(v.attrs.get('value'), `memattr ${nm} value`);
      if (gp === undefined || val === undefined || val === 0) continue;
      const m = attrs.get(gp) ?? new Map<string, number>();
      attrs.set(gp, m);
      const old = m.get(nm);
      if (old === undefined || (lower ? val < old : val > old)) m.set(nm, val);
    }
  }
  const perf = (n: Numa) => {
    const m = n.gp !== undefined ? attrs.get(n.gp) : undefined;
    if (!m) return {};
    const bw = m.get('Bandwidth') ?? m.get('ReadBandwidth');
    const lat = m.get('Latency') ?? m.get('ReadLatency');
    const wbw = m.get('WriteBandwidth');
    const gb = (x: number | undefined) => (x === undefined ? undefined : (x * 1.048576) / 1000); // MiB/s -> GB/s
    const out = { bandwidthGBps: gb(bw), writeBandwidthGBps: gb(wbw), latencyNs: lat };
    const said = [bw !== undefined ? `bandwidth ${bw} MiB/s` : '', wbw !== undefined ? `write bandwidth ${wbw} MiB/s` : '', lat !== undefined ? `latency ${lat} ns` : ''].filter(Boolean);
    if (said.length) d.read.push(`node ${n.os} memory attributes (best initiator): ${said.join(', ')}`);
    return out;
  };

  // Distances: the NUMA latency matrix (v2/v3 distances2, or v1 distances over the NUMA nodes).
  const dist = readDistances(root, numas, d);

  // Memory of each NUMA node.
  const maxOs = Math.max(...numas.map((n) => n.os));
  const nameOf = new Map<Numa, string>();
  const usedBdf = new Set<string>();
  const nearestHost = (n: Numa): number => {
    if (dist) {
      let best = -1, bestD = Infinity;
      for (const c of cpuNodes) { const v = dist.get(n.os)?.get(c.os); if (v !== undefined && v < bestD) { bestD = v; best = hostOfNode.get(c)!; } }
      if (best >= 0) return best;
    }
    const count = new Map<number, number>();
    for (const b of n.cpuset) { const h = hostOfPu.get(b); if (h !== undefined) count.set(h, (count.get(h) ?? 0) + 1); }
    let best = 0, bestN = 0;
    for (const [h, c] of count) if (c > bestN) { best = h; bestN = c; }
    return best;
  };
  for (const n of numas) {
    const host = hostOfNode.get(n);
    if (host !== undefined) {
      if (n.mb > 0) { d.memories.push({ id: `node${n.os}`, name: `Node ${n.os} ${n.subtype || 'DRAM'}`, kind: 'dram', capacityMB: n.mb, host, ...perf(n) }); nameOf.set(n, `node${n.os}`); }
      else nameOf.set(n, `h${n.os}`);
      continue;
    }
    if (n.mb <= 0) { d.read.push(`node ${n.os}: no CPUs and no memory: left out`); continue; }
    const isCxl = n.cxlBdfs.length > 0 || n.subtype.startsWith('CXL');
    const p = perf(n);
    if (!isCxl && (n.subtype === 'HBM' || n.subtype === 'DRAM')) {
      const h = nearestHost(n);
      d.memories.push({ id: `node${n.os}`, name: `Node ${n.os} ${n.subtype}`, kind: 'dram', capacityMB: n.mb, host: h, ...p });
      d.read.push(`node ${n.os}: ${sizeText(n.mb)} ${n.subtype}, no CPUs: DRAM of ${d.hosts[h].id}`);
      nameOf.set(n, `node${n.os}`);
      continue;
    }
    const ways = Number(n.o.infos.get('CXLDeviceInterleaveWays') ?? n.cxlBdfs.length);
    const devs = n.cxlBdfs.map((b) => pciByBus.get(b.toLowerCase()));
    for (const b of n.cxlBdfs) usedBdf.add(b.toLowerCase());
    if (devs.length > 1 && [2, 4, 8, 16].includes(devs.length) && ways === devs.length) {
      const members: string[] = [];
      devs.forEach((dev, k) => {
        const id = `node${n.os}.${k}`;
        const path = dev ? pathOf(dev) : { host: nearestHost(n), via: [] };
        d.memories.push({ id, name: `${n.cxlBdfs[k]} (node ${n.os}, ${k + 1}/${devs.length})`, kind: 'cxl', capacityMB: n.mb / devs.length, host: path.host, via: path.via, ...p });
        members.push(id);
      });
      d.interleaveSets.push({ id: `node${n.os}`, devices: members, granularityB: 4096 });
      d.read.push(`node ${n.os}: ${sizeText(n.mb)} CXL memory interleaved over ${devs.length} devices (${n.cxlBdfs.join(', ')})`);
      d.assumed.push(`node ${n.os}: interleave granularity 4096 B (hwloc does not record it); each device holds an equal share`);
    } else {
      const dev = devs[0];
      const path = dev ? pathOf(dev) : { host: nearestHost(n), via: [] };
      d.memories.push({ id: `node${n.os}`, name: `Node ${n.os} ${isCxl ? 'CXL memory' : n.subtype || 'memory'}${n.cxlBdfs[0] ? ` (${n.cxlBdfs[0]})` : ''}`, kind: 'cxl', capacityMB: n.mb, host: path.host, via: path.via, ...p });
      if (isCxl) d.read.push(`node ${n.os}: ${sizeText(n.mb)} CXL memory${n.cxlBdfs.length ? ` behind ${n.cxlBdfs.join(', ')}` : ` (subtype ${n.subtype})`}${path.via.length ? `, through ${path.via.map((k) => d.switches[k].id).join(' -> ')}` : ''}`);
      else {
        d.read.push(`node ${n.os}: ${sizeText(n.mb)}, no CPUs${n.subtype ? `, subtype ${n.subtype}` : ''}`);
        d.assumed.push(`node ${n.os}: ${n.subtype ? `${n.subtype} memory is modelled as` : 'the file does not say what CPU-less memory is: taken as'} a CXL-attached slow tier, linked to ${d.hosts[path.host].id}${dist ? ' (the nearest by distance)' : ''}`);
      }
      if (n.cxlBdfs.length > 1) d.assumed.push(`node ${n.os}: ${n.cxlBdfs.length}-way interleave is not one the simulator takes (2, 4, 8, 16): one device`);
      if (dev === undefined && n.cxlBdfs.length) d.assumed.push(`node ${n.os}: PCI device ${n.cxlBdfs[0]} is not in the file: linked straight to ${d.hosts[path.host].id}`);
    }
    nameOf.set(n, `node${n.os}`);
  }

  // CXL memory devices that are not (part of) a NUMA node: offline memory the simulator onlines.
  let nextId = maxOs + 1;
  const extra: { name: string; id: number }[] = [];
  for (const o of objects) {
    if (o.type !== 'OSDev') continue;
    const ram = o.infos.get('CXLRAMSize'), pmem = o.infos.get('CXLPMEMSize');
    if (attr(o, 'subtype') !== 'CXLMem' && ram === undefined && pmem === undefined) continue;
    const name = attr(o, 'name') ?? `cxlmem${nextId}`;
    const bus = o.parent && o.parent.type === 'PCIDev' ? (attr(o.parent, 'pci_busid') ?? '').toLowerCase() : '';
    const ramMB = ram !== undefined ? sizeMB(ram, `${name} CXLRAMSize`) : 0;
    const pmemMB = pmem !== undefined ? sizeMB(pmem, `${name} CXLPMEMSize`) : 0;
    const parts = [ramMB > 0 ? `${sizeText(ramMB)} volatile (CXLRAMSize)` : '', pmemMB > 0 ? `${sizeText(pmemMB)} persistent (CXLPMEMSize)` : ''].filter(Boolean).join(' + ');
    if (bus && usedBdf.has(bus)) { d.read.push(`${name} at ${bus}: ${parts || 'no capacity'}, already a NUMA node`); continue; }
    if (ramMB + pmemMB <= 0) { d.read.push(`${name}: no capacity: left out`); continue; }
    const path = o.parent && o.parent.type === 'PCIDev' ? pathOf(o.parent) : { host: hostNear(o.parent), via: [] };
    const taken = (x: string) => d.memories.some((m) => m.id === x) || d.hosts.some((h) => h.id === x) || d.switches.some((w) => w.id === x);
    const devId = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(name) && !taken(name) ? name : `mem.${nextId}`;
    d.memories.push({ id: devId, name: `${name}${bus ? ` at ${bus}` : ''}`, kind: 'cxl', capacityMB: ramMB + pmemMB, host: path.host, via: path.via });
    d.read.push(`${name}${bus ? ` at ${bus}` : ''}: CXL memory device, ${parts}${path.via.length ? `, through ${path.via.map((k) => d.switches[k].id).join(' -> ')}` : ''}`);
    d.assumed.push(`${name}: not a NUMA node in the file (its memory is offline there): onlined as system RAM as node ${nextId}${pmemMB > 0 ? ' (its persistent partition through a DAX device in system-ram mode)' : ''}`);
    extra.push({ name: devId, id: nextId++ });
  }
  // DAX devices: what they are is read; their memory is a NUMA node above or a CXL device's.
  for (const o of objects) {
    if (o.type !== 'OSDev' || !o.infos.has('DAXType')) continue;
    const size = o.infos.get('Size');
    d.read.push(`${attr(o, 'name') ?? 'DAX device'}: ${o.infos.get('DAXType')} DAX device${size ? ` of ${sizeText(sizeMB(size, 'DAX Size'))}` : ''}${o.infos.has('DAXParent') ? ` (${o.infos.get('DAXParent')})` : ''}: not onlined in the file, left out (its memory is not a NUMA node)`);
  }

  for (const n of numas) { const nm = nameOf.get(n); if (nm) { d.numa.nodes.push(nm); d.numa.ids.push(n.os); } }
  for (const x of extra) { d.numa.nodes.push(x.name); d.numa.ids.push(x.id); }
  if (dist) {
    const ids = d.numa.ids;
    if (ids.every((a) => ids.every((b) => dist.get(a)?.get(b) !== undefined))) d.numa.distances = ids.map((a) => ids.map((b) => dist.get(a)!.get(b)!));
    else d.assumed.push(`distances: the file's matrix leaves out node${ids.filter((a) => !dist.has(a)).length === 1 ? '' : 's'} ${ids.filter((a) => !dist.has(a)).join(', ')}: every distance derived from the fabric`);
  } else d.assumed.push('distances: none in the file: derived from the fabric (SLIT-style, from idle latencies)');
  d.description = `Imported from hwloc XML (format ${version}): ${numas.length} NUMA nodes, ${d.hosts.length} with CPUs. Sizes, CPUs, distances and memory attributes are the file's; what it leaves out comes from the platform.`;
  return buildScenario(d);
}

/** The NUMA latency matrix as [from os_index][to os_index], or null. */
function readDistances(root: XmlElement, numas: { os: number; gp: string | undefined }[], d: MachineDraft): Map<number, Map<number, number>> | null {
  const els = root.children.filter((c) => c.name === 'distances2' && c.attrs.get('type') === 'NUMANode');
  const pick = els.find((e) => e.attrs.get('name') === 'NUMALatency') ?? els.find((e) => (Number(e.attrs.get('kind') ?? 0) & 4) !== 0);
  if (pick) {
    const n = num(pick.attrs.get('nbobjs'), 'distances2 nbobjs', 1024) ?? 0;
    const indexing = pick.attrs.get('indexing') ?? 'os';
    const idx = pick.children.filter((c) => c.name === 'indexes').map((c) => c.text).join(' ').trim().split(/\s+/).filter(Boolean);
    const vals = pick.children.filter((c) => c.name === 'u64values').map((c) => c.text).join(' ').trim().split(/\s+/).filter(Boolean);
    if (idx.length !== n) throw new ImportError(`distances2: ${idx.length} indexes for nbobjs="${n}"`);
    if (vals.length !== n * n) throw new ImportError(`distances2: ${vals.length} values for ${n} x ${n} nodes (truncated?)`);
    const os = idx.map((x) => {
      const v = num(x, 'distances2 index');
      const node = indexing === 'gp' ? numas.find((m) => m.gp === x) : numas.find((m) => m.os === v);
      if (!node) throw new ImportError(`distances2: index ${x} (${indexing}) is not a NUMA node of the file`);
      return node.os;
    });
    const values = vals.map((v) => num(v, 'distances2 value')!);
    if (values.some((v) => v > 255)) {
      d.assumed.push(`distances: the file's ${pick.attrs.get('name') ?? 'NUMA'} values go above 255, so they are not ACPI SLIT distances: derived from the fabric instead`);
      return null;
    }
    const out = new Map<number, Map<number, number>>();
    os.forEach((a, i) => { const row = new Map<number, number>(); os.forEach((b, j) => row.set(b, values[i * n + j])); out.set(a, row); });
    d.read.push(`distances: ${pick.attrs.get('name') ?? 'NUMA latency'} matrix over ${n} nodes`);
    return out;
  }
  // v1: <distances nbobjs relative_depth latency_base><latency value/>..., over the NUMA nodes in logical (document) order.
  const v1 = root.children.find((c) => c.name === 'distances') ?? null;
  const anyV1 = v1 ?? findDeep(root, 'distances');
  if (anyV1) {
    const n = num(anyV1.attrs.get('nbobjs'), 'distances nbobjs', 1024) ?? 0;
    const base = Number(anyV1.attrs.get('latency_base') ?? '1');
    const lat = anyV1.children.filter((c) => c.name === 'latency').map((c) => Number(c.attrs.get('value')));
    if (n !== numas.length) { d.assumed.push(`distances: the file's v1 matrix is over ${n} objects, not its ${numas.length} NUMA nodes: derived from the fabric`); return null; }
    if (lat.length !== n * n || lat.some((x) => !Number.isFinite(x)) || !Number.isFinite(base)) throw new ImportError(`distances: ${lat.length} latency values for ${n} x ${n} objects (truncated?)`);
    const values = lat.map((x) => Math.round(x * base));
    if (values.some((v) => v < 0 || v > 255)) { d.assumed.push('distances: the v1 values are not ACPI SLIT distances (0-255): derived from the fabric'); return null; }
    const order = [...numas].sort((a, b) => a.os - b.os); // hwloc v1 lists NUMA nodes by os_index in logical order
    const out = new Map<number, Map<number, number>>();
    order.forEach((a, i) => { const row = new Map<number, number>(); order.forEach((b, j) => row.set(b.os, values[i * n + j])); out.set(a.os, row); });
    d.read.push(`distances: v1 latency matrix over ${n} nodes (base ${base})`);
    return out;
  }
  return null;
}

function findDeep(root: XmlElement, name: string): XmlElement | null {
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.name === name) return e;
    for (const c of e.children) stack.push(c);
  }
  return null;
}

export const hwlocImporter: Importer = {
  id: 'hwloc-xml',
  name: 'hwloc XML (lstopo --of xml)',
  detect(text: string): number {
    const head = text.slice(0, 4096);
    if (!/<topology[\s>]/.test(head)) return 0;
    return /<object\s[^>]*type=["'](Machine|System)["']/.test(head) ? 1 : 0.7;
  },
  parse: (text) => guarded(() => build(text)),
};
