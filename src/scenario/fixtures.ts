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
