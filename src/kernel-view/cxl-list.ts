// `cxl list -BEMPDRu` for the scenario's machine, shaped as ndctl's cxl/filter.c nests it: the
// bus, its root decoders with their regions ("regions:decoder0.N"), host-bridge ports, switch
// ports under them, endpoints with their memdev and endpoint decoders; keys in cxl/json.c's
// order, sizes and hex as -u prints them. The cxl list importer reads it back.
import type { Scenario } from '../scenario/schema';
import { cxlObjects, STAGE_AT, type CxlEndpoint, type CxlObjects, type CxlPort } from './cxl-objects';
import { hex, humanSize, topLevel, type JsonC } from './json-c';
import { buildMachine, type Machine, type MachineState } from './machine';

export function cxlListText(m: Machine, human = true): string {
  const o = cxlObjects(m);
  if (o.memdevs.length === 0) return '';
  const nodeOfHost = new Map(m.all.filter((n) => n.cpuHost >= 0).map((n) => [n.cpuHost, n.id] as const));
  const regionOf = (ep: CxlEndpoint) => o.regions.find((r) => r.members.includes(ep));
  const memdev = (ep: CxlEndpoint): JsonC => ({
    memdev: ep.memdev.name,
    ram_size: humanSize(ep.memdev.ramBytes, human),
    serial: hex(ep.memdev.serial, human),
    numa_node: nodeOfHost.get(ep.memdev.host) ?? 0,
    host: ep.memdev.bdf,
  });
  const endpoint = (ep: CxlEndpoint): JsonC => {
    const r = regionOf(ep);
    const out: Record<string, JsonC> = { endpoint: `endpoint${ep.id}`, host: ep.memdev.name, parent_dport: ep.parentDport, depth: ep.depth, decoders_committed: r ? 1 : 0, memdev: memdev(ep) };
    if (r) {
      const pos = r.members.indexOf(ep);
      const per = r.sizeBytes / r.members.length;
      const dec: Record<string, JsonC> = { decoder: `decoder${ep.id}.0`, resource: hex(r.resource, human), size: humanSize(r.sizeBytes, human), interleave_ways: r.members.length };
      if (r.members.length > 1) dec.interleave_granularity = r.granularityB;
      Object.assign(dec, { region: `region${r.id}`, dpa_resource: hex(0, human), dpa_size: humanSize(per, human), mode: 'ram' });
      void pos;
      out[`decoders:endpoint${ep.id}`] = [dec];
    }
    return out;
  };
  const port = (p: CxlPort): JsonC => {
    const out: Record<string, JsonC> = { port: `port${p.id}`, host: p.host, depth: p.depth, decoders_committed: p.endpoints.concat(allEndpoints(p)).some((e) => regionOf(e)) ? 1 : 0 };
    if (p.ports.length) out[`ports:port${p.id}`] = p.ports.map(port);
    if (p.endpoints.length) out[`endpoints:port${p.id}`] = p.endpoints.map(endpoint);
    return out;
  };
  const bus: Record<string, JsonC> = { bus: 'root0', provider: 'ACPI.CXL' };
  bus['ports:root0'] = o.ports.map(port);
  const decoders = rootDecoders(o, human);
  if (decoders.length) bus['decoders:root0'] = decoders;
  return topLevel([bus], human);
}

function allEndpoints(p: CxlPort): CxlEndpoint[] {
  return p.ports.flatMap((c) => [...c.endpoints, ...allEndpoints(c)]);
}

function rootDecoders(o: CxlObjects, human: boolean): JsonC[] {
  return o.rootDecoders.map((d) => {
    const out: Record<string, JsonC> = { decoder: d.name, resource: hex(d.resource, human), size: humanSize(d.sizeBytes, human), interleave_ways: 1, max_available_extent: humanSize(STAGE_AT(d.region.stage, 'region') ? 0 : d.sizeBytes, human), volatile_capable: true, nr_targets: 1 };
    const r = d.region;
    if (STAGE_AT(r.stage, 'region')) {
      const reg: Record<string, JsonC> = { region: `region${r.id}`, resource: hex(r.resource, human), size: humanSize(r.sizeBytes, human), type: 'ram', interleave_ways: r.members.length, interleave_granularity: r.granularityB, decode_state: 'commit' };
      out[`regions:${d.name}`] = [reg];
    }
    return out;
  });
}

/** cxl list -BEMPDRu for the scenario's machine (host 0's server unless the state says). */
export function cxlListView(s: Scenario, state?: MachineState): string {
  return cxlListText(buildMachine(s, state));
}
