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
  /** The host's LLC and the workload's references per 1000 instructions (default 0 and 1000). */
  llcMB?: number;
  llcRefsPerKiloInstr?: number;
}

/**
 * One host, its DRAM and two directly attached CXL expanders (x8 and CZ120-class). A memory
 * test bench: no LLC and a workload that does little but miss (a memory-miss generator, as
 * the engine was before it had a compute side), unless `compute` says otherwise.
 */
export function tiny(o: TinyOptions = {}): Scenario {
  return valid({
    version: 1,
    seed: o.seed ?? 1,
    samplesPerHost: o.samplesPerHost ?? 4096,
    hosts: [{ id: 'h0', cores: o.cores ?? 32, mlp: o.mlp ?? 10, llcMB: o.llcMB ?? 0 }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: o.dramMB ?? 64, bandwidthGBps: 215, latencyNs: 81 },
      { id: 'cxl0', kind: 'cxl', capacityMB: o.cxlMB ?? 128, bandwidthGBps: 17.8, latencyNs: 250 },
      { id: 'cxl1', kind: 'cxl', capacityMB: o.cxlMB ?? 128, bandwidthGBps: 36, latencyNs: 250 },
    ],
    links: [
      { a: 'h0', b: 'cxl0', bandwidthGBps: 31.5 },
      { a: 'h0', b: 'cxl1', bandwidthGBps: 31.5 },
    ],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: o.pattern ?? 'zipf', workingSetMB: o.workingSetMB ?? 96, skew: 0.99, llcRefsPerKiloInstr: o.llcRefsPerKiloInstr ?? 1000 }],
    policy: { name: o.policy ?? 'first-touch', params: o.params ?? {} },
  });
}

/** The same scenario run with another policy (its parameters, default unless given). */
export function withPolicy(s: Scenario, policy: string, params: Record<string, number> = {}, epochs?: number): Scenario {
  return valid({ ...s, epochs: epochs ?? s.epochs, policy: { ...s.policy, name: policy, params } });
}

/**
 * The largest fabric the limits allow in hosts: 64 named hosts with their DRAM behind 4
 * switches, 32 CXL expanders, laid out on a grid (or, with `scatter`, every node moved by a
 * seeded random offset of up to 2000 units: a hand-dragged layout, the worst case for a link).
 */
export function fabric64(o: { scatter?: boolean; policy?: string } = {}): Scenario {
  let state = 12345;
  // A tiny LCG: fixtures stay independent of the engine's RNG.
  const jitter = () => {
    if (!o.scatter) return 0;
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % 2000;
  };
  const hosts = Array.from({ length: 64 }, (_, i) => ({ id: `h${i}`, name: `Host ${i}`, x: 80 + (i % 16) * 150 + jitter(), y: 120 + Math.floor(i / 16) * 400 + jitter() }));
  const drams = hosts.map((h) => ({ id: `${h.id}.dram`, kind: 'dram' as const, host: h.id, capacityMB: 16, x: h.x + jitter(), y: h.y - 70 + jitter() }));
  const cxl = Array.from({ length: 32 }, (_, i) => ({ id: `c${i}`, name: `Expander ${i}`, kind: 'cxl' as const, capacityMB: 128, x: 80 + (i % 16) * 150 + jitter(), y: 320 + Math.floor(i / 16) * 400 + jitter() }));
  const switches = Array.from({ length: 4 }, (_, i) => ({ id: `sw${i}`, name: `Switch ${i}`, x: 400 + i * 500 + jitter(), y: 250 + jitter() }));
  const links = [
    ...hosts.map((h, i) => ({ a: h.id, b: `sw${i % 4}`, bandwidthGBps: 63 })),
    ...cxl.map((c, i) => ({ a: `sw${i % 4}`, b: c.id })),
    { a: 'sw0', b: 'sw1', bandwidthGBps: 63 }, { a: 'sw1', b: 'sw2', bandwidthGBps: 63 }, { a: 'sw2', b: 'sw3', bandwidthGBps: 63 },
  ];
  const workloads = hosts.map((h, i) => ({ id: `w${i}`, hosts: [h.id], pattern: 'zipf' as const, workingSetMB: 64, skew: 0.99 }));
  return valid({
    version: 1, name: '64 hosts, 4 switches, 32 CXL expanders', seed: 7, samplesPerHost: 16384,
    hosts, devices: [...drams, ...cxl], switches, links, workloads, policy: { name: o.policy ?? 'first-touch' },
  });
}
