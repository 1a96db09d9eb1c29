// A 256-host fabric runs: the 64-host fabric grown by the generators to LIMITS.hosts hosts and
// 128 CXL devices (384 memory nodes), small working sets so it takes seconds. Node ids above
// 255 are stored and read back, every host's figures are finite, and the epoch's work follows
// the pages, not the number of hosts times the number of nodes.
import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { fabric64, valid } from '../scenario/fixtures';
import { generate } from '../scenario/generators';
import { LIMITS } from '../scenario/limits';

function fabric256(policy: string) {
  const base = fabric64({ policy });
  return valid(generate({ ...base, samplesPerHost: 256, workloads: base.workloads.map((w) => ({ ...w, workingSetMB: 2 })) }, { hosts: LIMITS.hosts, cxlDevices: 128 }));
}

describe('a 256-host fabric', () => {
  it('runs a few epochs of linux-tiering: pages on nodes past 255, every host row finite', () => {
    const s = fabric256('linux-tiering');
    expect(s.hosts).toHaveLength(256);
    const e = new Engine(s);
    expect(e.topo.N).toBe(384);
    const rows = [e.step(), e.step(), e.step()];
    for (const r of rows) {
      expect(Number.isFinite(r.amatNs) && r.amatNs > 0).toBe(true);
      expect(r.pagesUnplaced).toBe(0);
      expect(Number.isFinite(r.placementCpuPercent)).toBe(true);
    }
    // The last hosts' DRAM nodes are past 255: their pages are stored there and read back.
    const last = e.topo.nodeIds.indexOf('h255.dram');
    expect(last).toBeGreaterThan(255);
    let onLast = 0;
    for (let p = 0; p < e.pages; p++) if (e.pageState(p).device === 'h255.dram') onLast++;
    expect(onLast).toBeGreaterThan(0);
    const hosts = e.runTotals().hosts;
    expect(hosts).toHaveLength(256);
    for (const h of hosts) expect(Number.isFinite(h.amatNs) && h.amatNs > 0 && Number.isFinite(h.instructionsPerSecond)).toBe(true);
  }, 120_000);
});
