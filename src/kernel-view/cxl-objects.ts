// The CXL objects Linux makes for a machine (drivers/cxl: the root "bus" from ACPI0017, one port
// per host bridge, one per switch upstream port, an endpoint per memdev; root decoders for the
// platform's windows (CFMWS), a region per CXL memory node with its DAX region and device),
// numbered in probe order. cxl-list.ts and daxctl.ts print them.
import type { Machine, CxlStage } from './machine';

export interface CxlMemdev { device: number; name: string; serial: number; host: number; bdf: string; ramBytes: number; stage: CxlStage }
export interface CxlEndpoint { id: number; memdev: CxlMemdev; depth: number; parentDport: string }
export interface CxlPort { id: number; kind: 'host-bridge' | 'switch'; host: string; depth: number; ports: CxlPort[]; endpoints: CxlEndpoint[]; dports: string[] }
export interface CxlRegion {
  id: number;
  /** Linux node it onlines as (the machine's LinuxNode id). */
  node: number;
  stage: CxlStage;
  members: CxlEndpoint[];
  granularityB: number;
  resource: bigint;
  sizeBytes: number;
  rootDecoder: string;
}
export interface CxlObjects { ports: CxlPort[]; regions: CxlRegion[]; memdevs: CxlMemdev[]; rootDecoders: { name: string; resource: bigint; sizeBytes: number; region: CxlRegion }[] }

const MIB = 1048576;
const WINDOW_BASE = 0x1000000000n; // the first CXL window above 64 GiB of system RAM, as a BIOS places CFMWS
const STAGE_AT = (s: CxlStage, at: CxlStage) => ['absent', 'enumerated', 'region', 'system-ram', 'online'].indexOf(s) >= ['absent', 'enumerated', 'region', 'system-ram', 'online'].indexOf(at);

export function cxlObjects(m: Machine): CxlObjects {
  const s = m.scenario;
  const idx = new Map<string, { kind: 'host' | 'switch' | 'cxl'; i: number }>();
  s.hosts.forEach((h, i) => idx.set(h.id, { kind: 'host', i }));
  s.switches.forEach((w, i) => idx.set(w.id, { kind: 'switch', i }));
  s.devices.forEach((d, i) => { if (d.kind === 'cxl') idx.set(d.id, { kind: 'cxl', i }); });
  const adj = new Map<string, string[]>();
  for (const l of s.links) {
    adj.set(l.a, [...(adj.get(l.a) ?? []), l.b]);
    adj.set(l.b, [...(adj.get(l.b) ?? []), l.a]);
  }
  let nextPort = 1;
  const memdevs: CxlMemdev[] = [];
  const byDevice = new Map<number, CxlEndpoint>();
  const visited = new Set<string>();
  const ports: CxlPort[] = [];
  const inServer = new Set(m.cxlDevices);
  let bus = 0;
  const hostBridge = (h: number): CxlPort => {
    const hb = `pci0000:${(0x0c + 0x10 * h).toString(16).padStart(2, '0').slice(-2)}`;
    return { id: nextPort++, kind: 'host-bridge', host: hb, depth: 1, ports: [], endpoints: [], dports: [] };
  };
  const endpoints: { ep: CxlEndpoint; port: CxlPort }[] = [];
  const grow = (port: CxlPort, from: string, h: number) => {
    for (const nb of adj.get(from) ?? []) {
      const x = idx.get(nb);
      if (!x || x.kind === 'host' || visited.has(nb)) continue;
      if (x.kind === 'cxl') {
        if (!inServer.has(x.i) || m.stageOf(x.i) === 'absent') continue;
        visited.add(nb);
        bus++;
        const bdf = `0000:${(0x0d + bus).toString(16).padStart(2, '0').slice(-2)}:00.0`;
        port.dports.push(`0000:${(0x0d + bus).toString(16).padStart(2, '0').slice(-2)}:00.0`.replace(':00.0', ':01.0'));
        const md: CxlMemdev = { device: x.i, name: `mem${memdevs.length}`, serial: memdevs.length, host: h, bdf, ramBytes: s.devices[x.i].capacityMB * MIB, stage: m.stageOf(x.i) };
        memdevs.push(md);
        const ep: CxlEndpoint = { id: 0, memdev: md, depth: port.depth + 1, parentDport: port.dports[port.dports.length - 1] };
        port.endpoints.push(ep);
        endpoints.push({ ep, port });
        byDevice.set(x.i, ep);
      } else {
        visited.add(nb);
        bus++;
        const sw: CxlPort = { id: 0, kind: 'switch', host: `0000:${(0x0d + bus).toString(16).padStart(2, '0').slice(-2)}:00.0`, depth: port.depth + 1, ports: [], endpoints: [], dports: [] };
        port.dports.push(sw.host.replace(':00.0', ':01.0'));
        grow(sw, nb, h);
        if (sw.endpoints.length || sw.ports.length) port.ports.push(sw);
      }
    }
  };
  for (const h of m.hosts) {
    const hb = hostBridge(h);
    grow(hb, s.hosts[h].id, h);
    if (hb.endpoints.length || hb.ports.length) ports.push(hb);
    else nextPort--;
  }
  // Port numbers: host bridges first (probed by cxl_acpi), then switch ports and endpoints in the order they are found.
  const number = (p: CxlPort) => { for (const c of p.ports) { c.id = nextPort++; } for (const c of p.ports) number(c); };
  ports.forEach(number);
  for (const { ep } of endpoints) ep.id = nextPort++;

  const regions: CxlRegion[] = [];
  const rootDecoders: CxlObjects['rootDecoders'] = [];
  let base = WINDOW_BASE;
  for (const n of m.all) {
    if (n.kind !== 'cxl') continue;
    const eps = n.devices.map((d) => byDevice.get(d)).filter((e): e is CxlEndpoint => !!e);
    if (eps.length === 0) continue;
    const set = s.interleaveSets?.find((x) => x.id === n.name);
    const minBytes = Math.min(...n.devices.map((d) => s.devices[d].capacityMB)) * MIB;
    const sizeBytes = Math.floor((minBytes * n.devices.length) / (256 * MIB)) * 256 * MIB || minBytes * n.devices.length;
    const region: CxlRegion = { id: regions.length, node: n.id, stage: n.stage, members: eps, granularityB: set?.granularityB ?? 4096, resource: base, sizeBytes, rootDecoder: `decoder0.${rootDecoders.length}` };
    rootDecoders.push({ name: region.rootDecoder, resource: base, sizeBytes, region });
    base += BigInt(Math.ceil(sizeBytes / (256 * MIB)) * 256 * MIB);
    if (STAGE_AT(n.stage, 'region')) regions.push(region);
  }
  return { ports, regions, memdevs, rootDecoders };
}

export { STAGE_AT };
