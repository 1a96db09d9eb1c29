// Small scenario builders shared by tests and the benchmark (pure; no file access).
import { parseScenario, formatErrors } from './validate';
import type { Scenario, ScenarioInput } from './schema';

export function valid(input: ScenarioInput | unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(formatErrors(r.errors));
  return r.scenario;
}

export interface TinyOptions {
  workingSetMB?: number;
  dramMB?: number;
  cxlMB?: number;
  pattern?: 'uniform' | 'zipf' | 'hotset' | 'scan';
  policy?: string;
  seed?: number;
  cores?: number;
  mlp?: number;
  samplesPerHost?: number;
  params?: Record<string, number>;
}

/** One host, its DRAM and two directly attached CXL expanders (x8 and CZ120-class). */
export function tiny(o: TinyOptions = {}): Scenario {
  return valid({
    version: 1,
    seed: o.seed ?? 1,
    samplesPerHost: o.samplesPerHost ?? 4096,
    hosts: [{ id: 'h0', cores: o.cores ?? 32, mlp: o.mlp ?? 10 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: o.dramMB ?? 64, bandwidthGBps: 215, latencyNs: 81 },
      { id: 'cxl0', kind: 'cxl', capacityMB: o.cxlMB ?? 128, bandwidthGBps: 17.8, latencyNs: 250 },
      { id: 'cxl1', kind: 'cxl', capacityMB: o.cxlMB ?? 128, bandwidthGBps: 36, latencyNs: 250 },
    ],
    links: [
      { a: 'h0', b: 'cxl0', bandwidthGBps: 31.5 },
      { a: 'h0', b: 'cxl1', bandwidthGBps: 31.5 },
    ],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: o.pattern ?? 'zipf', workingSetMB: o.workingSetMB ?? 96, skew: 0.99 }],
    policy: { name: o.policy ?? 'first-touch', params: o.params ?? {} },
  });
}

/** The same scenario run with another policy (its parameters, default unless given). */
export function withPolicy(s: Scenario, policy: string, params: Record<string, number> = {}, epochs?: number): Scenario {
  return valid({ ...s, epochs: epochs ?? s.epochs, policy: { ...s.policy, name: policy, params } });
}

/**
 * 64 hosts behind 4 chained switches, 32 CXL devices, 1M pages of working set in all (64 MiB
 * of zipf per host), laid out for the topology picture: the benchmarks' large fabric.
 */
export function largeFabric(policy = 'first-touch'): Scenario {
  const hosts = Array.from({ length: 64 }, (_, i) => ({ id: `h${i}`, x: 80 + (i % 32) * 150, y: i < 32 ? 160 : 640 }));
  const drams = hosts.map((h, i) => ({ id: `${h.id}.dram`, kind: 'dram' as const, host: h.id, capacityMB: 16, bandwidthGBps: 215, latencyNs: 81, x: h.x, y: i < 32 ? 60 : 740 }));
  const cxl = Array.from({ length: 32 }, (_, i) => ({ id: `c${i}`, kind: 'cxl' as const, capacityMB: 128, bandwidthGBps: 17.8, latencyNs: 250, x: 80 + i * 150, y: 480 }));
  const switches = Array.from({ length: 4 }, (_, i) => ({ id: `sw${i}`, x: 680 + i * 1200, y: 320 }));
  const links = [
    ...hosts.map((h, i) => ({ a: h.id, b: `sw${i % 4}`, bandwidthGBps: 63 })),
    ...cxl.map((c, i) => ({ a: `sw${i % 4}`, b: c.id, bandwidthGBps: 31.5 })),
    { a: 'sw0', b: 'sw1', bandwidthGBps: 63 }, { a: 'sw1', b: 'sw2', bandwidthGBps: 63 }, { a: 'sw2', b: 'sw3', bandwidthGBps: 63 },
  ];
  const workloads = hosts.map((h, i) => ({ id: `w${i}`, hosts: [h.id], pattern: 'zipf' as const, workingSetMB: 64, skew: 0.99 }));
  return valid({ version: 1, name: '64 hosts, 32 CXL devices', seed: 7, samplesPerHost: 16384, hosts, devices: [...drams, ...cxl], switches, links, workloads, policy: { name: policy } });
}
