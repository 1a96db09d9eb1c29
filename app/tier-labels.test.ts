// What the fast-tier sentence says, from a scenario's real tiers: short for one host, one
// phrase for a 64-host fabric (not a paragraph of 64 entries), per host when hosts differ.
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/engine';
import { fabric64 } from '../src/scenario/fixtures';
import type { Scenario } from '../src/scenario/schema';
import { loadPreset } from '../scripts/cli/presets';
import { topologyNodes } from './scenario-edit';
import { fastTierText } from './tier-labels';

function text(s: Scenario): string {
  // The words depend on the topology only: one small workload keeps the engine cheap to build.
  const meta = new Engine({ ...s, workloads: [{ ...s.workloads[0], workingSetMB: 64 }] }).meta;
  return fastTierText(meta, new Map(topologyNodes(s).map((n) => [n.id, n.name] as const)));
}

describe('fastTierText', () => {
  it('names the devices when every host has the same fast tier', () => {
    expect(text(loadPreset('tpp-1to4'))).toBe('tier 0: Host 0 DRAM');
  });

  it('says "each host\'s own DRAM" for a 64-host fabric instead of listing 64 hosts', () => {
    const t = text(fabric64());
    expect(t).toBe("tier 0: each host's own DRAM");
  });

  it('counts hosts per tier when many hosts differ', () => {
    const s = fabric64();
    // Hosts 0-3 lose their DRAM: their best reachable tier is CXL.
    const gone = new Set(s.devices.filter((d) => d.kind === 'dram' && ['h0', 'h1', 'h2', 'h3'].includes(d.host ?? '')).map((d) => d.id));
    expect(gone.size).toBe(4);
    const t = text({ ...s, devices: s.devices.filter((d) => !gone.has(d.id)) });
    expect(t).toMatch(/^tier 0 for 60 hosts, tier 1 for 4 hosts/);
  });
});
