// What the bring-up of CXL memory leaves to look at, beside the four kernel views: the PCI
// config space a device is found by (CXL.io), the platform's CEDT, the /sys/bus/cxl device
// list, the HDM decoders a region commits at each level, what `cxl create-region` and daxctl
// print, the memory blocks and the node's performance attributes. Each printer takes one
// machine picture (machine.ts) and its CXL objects (cxl-objects.ts), so every output of a
// discovery step agrees with the kernel views of the same state. Names, attributes and output
// shapes are checked against, and cited from, the kernel's and ndctl's documentation:
//   K-drv   Documentation/driver-api/cxl/linux/cxl-driver.rst (root, ports, endpoints, decoders, regions, interleave)
//   K-cedt  Documentation/driver-api/cxl/platform/acpi/cedt.rst (CHBS, CFMWS fields and restriction bits)
//   K-abi   Documentation/ABI/testing/sysfs-bus-cxl (decoderX.Y/devtype, interleave_ways, interleave_granularity)
//   K-node  Documentation/ABI/stable/sysfs-devices-node (nodeN/accessY/initiators/read_latency ...)
//   K-hot   Documentation/admin-guide/mm/memory-hotplug.rst (memoryN/state, valid_zones)
//   N-cr    ndctl Documentation/cxl/cxl-create-region.txt (its example output)
//   N-rd    ndctl Documentation/daxctl/daxctl-reconfigure-device.txt, daxctl-online-memory.txt
//   cxlpci  drivers/cxl/cxlpci.h (DVSEC ids: 0 PCIe DVSEC for CXL Devices, 8 Register Locator; vendor 0x1e98)
import type { CxlEndpoint, CxlObjects, CxlPort, CxlRegion } from './cxl-objects';
import { memoryBlockBytes } from './daxctl';
import { hex, humanSize, jsonC, type JsonC } from './json-c';
import type { Machine } from './machine';

/** One command and what it prints; `note` says where the text is abridged (shown beside it, never inside it). */
export interface BringUpOutput { command: string; output: string; note?: string }

// cxlpci: PCI_CLASS_MEMORY_CXL 0x0502, prog-if 0x10 (CXL memory device, CXL 2.0).
const CXL_CLASS = '0x050210';
// CXL 2.0 8.1.3 / 8.1.9: the DVSEC revisions and lengths QEMU's CXL type 3 device uses
// (include/hw/cxl/cxl_pci.h: PCIE_CXL2_DEVICE_DVSEC_REVID 1, length 0x38; REG_LOC_DVSEC_REVID 0, length 0x24).
const DVSEC_LINES = [
  '\tCapabilities: [e00 v1] Designated Vendor-Specific: Vendor=1e98 ID=0000 Rev=1 Len=56: CXL',
  '\tCapabilities: [e38 v1] Designated Vendor-Specific: Vendor=1e98 ID=0008 Rev=0 Len=36: CXL',
];

/** The endpoints of one or more CXL nodes (by the machine's node ids), in probe order. */
function endpointsOf(o: CxlObjects, devices: readonly number[]): CxlEndpoint[] {
  const want = new Set(devices);
  const out: CxlEndpoint[] = [];
  const walk = (p: CxlPort) => { for (const e of p.endpoints) if (want.has(e.memdev.device)) out.push(e); p.ports.forEach(walk); };
  o.ports.forEach(walk);
  return out;
}

/** CXL.io: the PCI core finds each device by its class code and its DVSECs (before any CXL driver binds). */
export function pciOutputs(o: CxlObjects, devices: readonly number[]): BringUpOutput[] {
  const eps = endpointsOf(o, devices);
  if (eps.length === 0) return [];
  const short = (bdf: string) => bdf.replace(/^0000:/, '');
  return [
    {
      command: `grep . ${eps.map((e) => `/sys/bus/pci/devices/${e.memdev.bdf}/class`).join(' ')}`,
      output: eps.length === 1 ? `${CXL_CLASS}\n` : eps.map((e) => `/sys/bus/pci/devices/${e.memdev.bdf}/class:${CXL_CLASS}\n`).join(''),
    },
    {
      command: `lspci -vvv -s ${short(eps[0].memdev.bdf)} | grep 'Designated Vendor-Specific'`,
      output: `${DVSEC_LINES.join('\n')}\n`,
      note: 'capability offsets are the device\'s own; these are an example',
    },
  ];
}

/** The CEDT as `iasl -d` prints its subtables (K-cedt): a CHBS per host bridge, a CFMWS per fixed memory window. */
export function cedtOutput(o: CxlObjects, m: Machine): BringUpOutput {
  const hex = (n: number | bigint, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const field = (k: string, v: string) => `${k.padStart(25)} : ${v}\n`;
  const uid = (p: CxlPort) => m.hosts.indexOf(hostOfBridge(o, p));
  let out = '';
  for (const p of o.ports) {
    out += field('Subtable Type', '00 [CXL Host Bridge Structure]');
    out += field('Reserved', '00');
    out += field('Length', '0020');
    out += field('Associated host bridge', hex(uid(p), 8));
    out += field('Specification version', '00000001'); // 1: a CXL 2.0 host bridge (0: a 1.1 RCH)
    out += field('Reserved', '00000000');
    out += field('Register base', hex(0x10370400000n + BigInt(uid(p)) * 0x10000n, 16)); // assumed: where the platform maps its component registers
    out += field('Register length', '0000000000010000');
    out += '\n';
  }
  for (const d of o.rootDecoders) {
    const hbs = regionBridges(o, d.region);
    out += field('Subtable Type', '01 [CXL Fixed Memory Window Structure]');
    out += field('Reserved', '00');
    out += field('Length', hex(0x24 + 4 * hbs.length, 4));
    out += field('Reserved', '00000000');
    out += field('Window base address', hex(d.resource, 16));
    out += field('Window size', hex(d.sizeBytes, 16));
    out += field('Interleave Members (2^n)', hex(Math.log2(hbs.length), 2));
    out += field('Interleave Arithmetic', '00');
    out += field('Reserved', '0000');
    out += field('Granularity', hex(Math.log2(d.region.granularityB / 256), 8)); // HBIG: 0 = 256 B, 1 = 512 B, ...
    out += field('Restrictions', '0006'); // bit 1 CXL type 3 memory, bit 2 volatile (K-cedt)
    out += field('QtgId', '0000');
    hbs.forEach((p, i) => { out += field(i === 0 ? 'First Target' : 'Next Target', hex(uid(p), 8)); });
    out += '\n';
  }
  return { command: 'acpidump -n CEDT -b && iasl -d cedt.dat && cat cedt.dsl', output: out, note: 'the subtables only; the table header is left out' };
}

function hostOfBridge(o: CxlObjects, p: CxlPort): number {
  const first = (q: CxlPort): CxlEndpoint | undefined => q.endpoints[0] ?? q.ports.map(first).find((e) => e);
  return first(p)?.memdev.host ?? 0;
}

/** The host-bridge ports a region's members sit under (the root decoder's targets). */
function regionBridges(o: CxlObjects, r: CxlRegion): CxlPort[] {
  return o.ports.filter((p) => r.members.some((e) => pathTo(p, e) !== null));
}

/** The ports from `p` down to endpoint `e`'s parent port, or null when `e` is not below `p`. */
function pathTo(p: CxlPort, e: CxlEndpoint): CxlPort[] | null {
  if (p.endpoints.includes(e)) return [p];
  for (const c of p.ports) {
    const rest = pathTo(c, e);
    if (rest) return [p, ...rest];
  }
  return null;
}

/** An HDM decoder a region commits (K-drv "Decoders", "Interleave"). */
export interface CommittedDecoder { name: string; devtype: 'cxl_decoder_root' | 'cxl_decoder_switch' | 'cxl_decoder_endpoint'; ways: number; granularityB: number }

/**
 * The decoders a region commits at each level, root first. Linux programs "Cross-Link First"
 * interleave (K-drv): a decoder's ways are its immediate downstream targets in the region, its
 * granularity is its parent's granularity times the parent's ways; endpoint decoders carry the
 * whole set's ways and the region's granularity. Decoder names are decoder<port id>.<instance>;
 * a port's instance counts the regions committed through it before this one.
 */
export function regionDecoders(o: CxlObjects, r: CxlRegion): CommittedDecoder[] {
  const used = new Map<CxlPort, number>();
  for (const prev of o.regions) {
    if (prev === r) break;
    for (const p of portsOf(o, prev)) used.set(p, (used.get(p) ?? 0) + 1);
  }
  const bridges = regionBridges(o, r);
  const out: CommittedDecoder[] = [{ name: r.rootDecoder, devtype: 'cxl_decoder_root', ways: bridges.length, granularityB: r.granularityB }];
  const visit = (p: CxlPort, granularityB: number) => {
    const below = [...p.endpoints.filter((e) => r.members.includes(e)).map(() => null), ...p.ports.filter((c) => r.members.some((e) => pathTo(c, e)))];
    out.push({ name: `decoder${p.id}.${used.get(p) ?? 0}`, devtype: 'cxl_decoder_switch', ways: below.length, granularityB });
    for (const c of p.ports) if (r.members.some((e) => pathTo(c, e))) visit(c, granularityB * below.length);
  };
  for (const p of bridges) visit(p, r.granularityB * bridges.length);
  for (const e of r.members) out.push({ name: `decoder${e.id}.0`, devtype: 'cxl_decoder_endpoint', ways: r.members.length, granularityB: r.granularityB });
  return out;
}

function portsOf(o: CxlObjects, r: CxlRegion): CxlPort[] {
  const out = new Set<CxlPort>();
  for (const e of r.members) for (const p of o.ports) for (const q of pathTo(p, e) ?? []) out.add(q);
  return [...out];
}

/** `ls -1 /sys/bus/cxl/devices` (byte order, as `LC_ALL=C ls`): the objects drivers/cxl has made so far. */
export function sysCxlDevices(o: CxlObjects, opts: { rootOnly?: boolean } = {}): BringUpOutput {
  const names: string[] = ['root0'];
  o.rootDecoders.forEach((d) => names.push(d.name));
  const perPort = new Map<CxlPort, number>();
  for (const r of o.regions) for (const p of portsOf(o, r)) perPort.set(p, (perPort.get(p) ?? 0) + 1);
  const walk = (p: CxlPort, depth: number) => {
    if (opts.rootOnly && depth > 1) return;
    names.push(`port${p.id}`);
    // One HDM decoder per region through the port, at least one (assumed: the HDM Decoder Capability may have more).
    for (let k = 0; k < Math.max(1, perPort.get(p) ?? 0); k++) names.push(`decoder${p.id}.${k}`);
    if (opts.rootOnly) return;
    for (const e of p.endpoints) names.push(`endpoint${e.id}`, `decoder${e.id}.0`, e.memdev.name);
    p.ports.forEach((c) => walk(c, depth + 1));
  };
  o.ports.forEach((p) => walk(p, 1));
  if (!opts.rootOnly) for (const r of o.regions) names.push(`region${r.id}`, `dax_region${r.id}`);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { command: 'ls -1 /sys/bus/cxl/devices', output: names.map((n) => `${n}\n`).join('') };
}

/** The decoders a region committed, read back from sysfs (K-abi). */
export function decodersOutput(o: CxlObjects, r: CxlRegion): BringUpOutput {
  const decs = regionDecoders(o, r);
  return {
    command: `cd /sys/bus/cxl/devices && for d in ${decs.map((d) => d.name).join(' ')}; do echo $d $(cat $d/devtype $d/interleave_ways $d/interleave_granularity); done`,
    output: decs.map((d) => `${d.name} ${d.devtype} ${d.ways} ${d.granularityB}\n`).join(''),
  };
}

/** `cxl create-region` and what it prints (N-cr): the region, its interleave and its members' endpoint decoders. */
export function createRegionOutput(o: CxlObjects, r: CxlRegion): BringUpOutput {
  const ways = r.members.length;
  const region: Record<string, JsonC> = {
    region: `region${r.id}`,
    resource: hex(r.resource),
    size: humanSize(r.sizeBytes),
    type: 'ram',
    interleave_ways: ways,
    interleave_granularity: r.granularityB,
    decode_state: 'commit',
    mappings: r.members.map((e, i) => ({ position: i, memdev: e.memdev.name, decoder: `decoder${e.id}.0` })).reverse(),
  };
  return {
    command: `cxl create-region -t ram -d ${r.rootDecoder} -w ${ways} -g ${r.granularityB} -m ${r.members.map((e) => e.memdev.name).join(' ')}`,
    output: `${jsonC(region)}\ncreated 1 region\n`,
  };
}

/** `daxctl reconfigure-device --mode=system-ram --no-online`: the device goes to kmem, its blocks stay offline (N-rd). */
export function reconfigureOutput(r: CxlRegion): BringUpOutput {
  const dev: Record<string, JsonC> = { chardev: `dax${r.id}.0`, size: humanSize(r.sizeBytes), target_node: r.node, mode: 'system-ram' };
  return { command: `daxctl reconfigure-device --mode=system-ram --no-online --human dax${r.id}.0`, output: `${jsonC(dev)}\n` };
}

/** The memory blocks a region's range covers (`/sys/devices/system/memory/memoryN`, N = address / block size). */
export function regionBlocks(m: Machine, r: CxlRegion): { first: number; count: number } {
  const block = BigInt(memoryBlockBytes(m));
  // A region smaller than a block still shows the block it starts in.
  return { first: Number(r.resource / block), count: Math.max(1, Math.floor(r.sizeBytes / Number(block))) };
}

/** Each block's state (and once online, its zone) as `grep . .../memoryN/state` prints it (K-hot); at most the first and last block. */
export function blocksOutput(m: Machine, r: CxlRegion, online: boolean, zone: 'movable' | 'normal'): BringUpOutput {
  const { first, count } = regionBlocks(m, r);
  const ids = count <= 4 ? Array.from({ length: count }, (_, i) => first + i) : [first, first + count - 1];
  const files = online ? ['state', 'valid_zones'] : ['state'];
  const glob = `/sys/devices/system/memory/memory{${ids.length === count && count > 1 ? `${first}..${first + count - 1}` : ids.join(',')}}/${files.length > 1 ? `{${files.join(',')}}` : files[0]}`;
  const single = ids.length === 1 && files.length === 1;
  let out = '';
  for (const id of ids) {
    for (const f of files) {
      const v = f === 'state' ? (online ? 'online' : 'offline') : zone === 'movable' ? 'Movable' : 'Normal';
      out += single ? `${v}\n` : `/sys/devices/system/memory/memory${id}/${f}:${v}\n`;
    }
  }
  // Brace expansion expands each word in turn: memoryA/state memoryA/valid_zones memoryB/state ...
  return { command: `grep . ${ids.length === 1 ? glob.replace(/\{(\d+)\}/, '$1') : glob}`, output: out, note: count > ids.length ? `the first and the last of ${count} blocks` : undefined };
}

/** `daxctl online-memory` (N-rd): every block of the device onlined, movable unless --no-movable. */
export function onlineMemoryOutput(m: Machine, r: CxlRegion, zone: 'movable' | 'normal'): BringUpOutput {
  const { count } = regionBlocks(m, r);
  return {
    command: `daxctl online-memory${zone === 'normal' ? ' --no-movable' : ''} dax${r.id}.0`,
    output: `dax${r.id}.0: ${count} new ${count === 1 ? 'section' : 'sections'} onlined\nonlined memory for 1 device\n`,
  };
}

/** A node's access class 0 performance (HMAT / CDAT, K-node): latency in ns, bandwidth in MB/s, from its best initiator. */
export function nodeAccessOutput(node: number, perf: { readNs: number; writeNs: number; readMBps: number; writeMBps: number }): BringUpOutput {
  const dir = `/sys/devices/system/node/node${node}/access0/initiators`;
  const v = [perf.readMBps, perf.readNs, perf.writeMBps, perf.writeNs].map((x) => Math.round(x));
  const names = ['read_bandwidth', 'read_latency', 'write_bandwidth', 'write_latency'];
  return { command: `grep . ${dir}/{read,write}_{bandwidth,latency}`, output: names.map((n, i) => `${dir}/${n}:${v[i]}\n`).join('') };
}
