// What every policy owes, checked for each one in the registry on the same skewed workload:
// pages are conserved through its migrations, runs are deterministic, declared rate limits
// hold in every epoch, and every figure and knob it shows says what it is in human words.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICIES } from './registry';
import { pagesPerEpoch, runScenario, sharedScenario, skewedScenario } from './test-support';
import { NO_NODE, Reason, STAT_SCOPES } from './types';
import { Engine } from '../engine/engine';
import { valid } from '../scenario/fixtures';
import { formatErrors, parseScenario } from '../scenario/validate';
import { decodeSnapshot, HOST, HOST_WIDTH } from '../engine/snapshot';

/** A code name: camelCase, snake_case, or a path / dotted sysctl (kernel names belong in help). */
const CODE_NAME = /[a-z][A-Z]|[A-Za-z0-9]_[A-Za-z0-9]|\/|\b[a-z]+\.[a-z_]+\b/;

describe('CODE_NAME', () => {
  it('catches the leaks seen in the app and passes plain words', () => {
    for (const bad of ['deltaP', 'default_latency_ns', 'faultsInactive', '/sys/kernel/mm/numa/demotion_enabled', 'vm.watermark_scale_factor', 'migrate_hot: minimum nr_accesses']) {
      expect(bad).toMatch(CODE_NAME);
    }
    for (const ok of ['Hot threshold', 'L2 penalty', 'PEBS sample period', 'Fast-tier headroom', 'Promotions refused for lack of room']) {
      expect(ok).not.toMatch(CODE_NAME);
    }
  });
});

/** Small limits, in each policy's own parameters, so that they bind. */
const RATE_LIMITED: Record<string, Record<string, number>> = {
  memtis: { rateMBps: 2, periodMs: 100 },
  colloid: { rateMBps: 8 },
  learned: { rateMBps: 2 },
  oracle: { rateMBps: 4 },
};

describe.each(POLICIES.map((p) => p.name))('policy %s', (name) => {
  it('conserves pages and is deterministic', () => {
    const a = runScenario(skewedScenario(name), 25);
    const b = runScenario(skewedScenario(name), 25);
    expect(a.memoryCheck).toBeNull();
    expect(a.placedBefore).toBe(a.engine.pages - a.engine.oomPages);
    expect(a.placedAfter).toBe(a.placedBefore);
    expect(b.totals).toEqual(a.totals);
    expect(b.promotions).toEqual(a.promotions);
  }, 60_000);

  it('runs a pool whose VMs load the devices beside the hosts (pond-pool: the VMs are extra classes of the load solve)', () => {
    const raw = JSON.parse(readFileSync(new URL('../../public/presets/pond-pool.json', import.meta.url), 'utf8'));
    const e = new Engine(valid({ ...raw, policy: { name } }));
    for (let i = 0; i < 12; i++) e.step();
    expect(e.mem.check()).toBeNull();
    expect(e.poolSummary().vmsStarted).toBeGreaterThan(0);
  }, 60_000);

  it('conserves pages through a topology change: DRAM shrinks under its pages, then grows back', () => {
    const e = new Engine(skewedScenario(name));
    for (let i = 0; i < 5; i++) e.step();
    const placed = e.mem.placed(), full = e.mem.capacity[0], version = e.meta.version;
    const onDram = () => e.mem.used(0);
    expect(onDram()).toBeGreaterThan(full / 2);
    e.changeTopology({ kind: 'capacity', node: 0, frames: full >> 1 });
    const r = e.step();
    expect(e.meta.version).toBe(version + 1);
    expect(e.meta.devices[0].capacityPages).toBe(full >> 1);
    expect(r.pagesLost).toBe(0);
    expect(e.mem.check()).toBeNull();
    expect(e.mem.placed()).toBe(placed); // evacuated to CXL, none lost
    for (let i = 0; i < 5; i++) e.step();
    expect(e.mem.check()).toBeNull();
    expect(e.mem.placed()).toBe(placed);
    expect(onDram()).toBeLessThanOrEqual(full >> 1);
    // The pages left through the migration queue, reason offline (capacity given back).
    expect(e.stream.all().filter((x) => x.kind === 'migrate' && x.code === Reason.offline).reduce((a, x) => a + x.value, 0)).toBeGreaterThan(0);
    e.changeTopology({ kind: 'capacity', node: 0, frames: full });
    for (let i = 0; i < 5; i++) e.step();
    // The meta moves with each change applied: the shrink as it starts (its new limit: nothing the
    // meta or the policy reads changes when its pages have left), the growth.
    expect(e.meta.version).toBe(version + 2);
    expect(e.mem.check()).toBeNull();
    expect(e.mem.placed()).toBe(placed);
  }, 60_000);

  it('allocates on the local node first even when an expander is faster at idle (zonelist by distance, not latency)', () => {
    const base = skewedScenario(name);
    const s = valid({ ...base, devices: base.devices.map((d) => (d.kind === 'cxl' ? { ...d, latencyNs: 50 } : d)) });
    const e = new Engine(s);
    // The working set is five times DRAM: every policy's first choice for its pages fills it.
    expect(e.mem.capacity[0] - e.mem.free[0]).toBeGreaterThanOrEqual(0.9 * e.mem.capacity[0]);
  });

  it('keeps a shared address space where every sharer reaches it: every host runs, no AMAT below what served it', () => {
    const e = new Engine(sharedScenario(name));
    const rows = Array.from({ length: 10 }, () => e.step());
    const { topo, mem } = e;
    const [base, n] = [0, e.meta.workloads[0].pages]; // the shared space is the first
    for (let p = base; p < base + n; p++) {
      const d = mem.pageNode[p];
      expect(topo.nodeIds[d], `page ${p}`).toBe('pool0'); // the one node h0, h1 and h2 all reach
    }
    for (const r of rows) expect(r.unplacedAccessShare).toBe(0);
    const v = decodeSnapshot(e.snapshot(rows));
    for (let h = 0; h < topo.H; h++) {
      const row = v.host.subarray(h * HOST_WIDTH, (h + 1) * HOST_WIDTH);
      expect(row[HOST.instructionsPerSecond], topo.hostIds[h]).toBeGreaterThan(0);
      // AMAT is at least the idle latency of the nearest memory the host reaches.
      let idle = Infinity;
      for (let d = 0; d < topo.D; d++) if (topo.idleNs[h * topo.D + d] < idle) idle = topo.idleNs[h * topo.D + d];
      expect(row[HOST.amatNs], topo.hostIds[h]).toBeGreaterThanOrEqual(idle);
    }
  }, 60_000);

  it('keeps every page inside a node mask: allocation, promotion and demotion (MPOL_BIND)', () => {
    // DRAM, the expander, and a second expander outside the mask.
    const base = skewedScenario(name);
    const three = (nodes: string[]) => valid({
      ...base,
      devices: [...base.devices, { ...base.devices[1], id: 'cxl1' }],
      links: [...base.links, { a: 'h0', b: 'cxl1', bandwidthGBps: 63 }],
      policy: { ...base.policy, nodes },
    });
    for (const nodes of [['h0.dram', 'cxl1'], ['cxl0']]) {
      const e = new Engine(three(nodes));
      const inMask = new Set(nodes.map((id) => e.topo.nodeIds.indexOf(id)));
      let promotions = 0;
      for (let i = 0; i < 15; i++) {
        promotions += e.step().promotions;
        for (let p = 0; p < e.pages; p++) {
          const d = e.mem.pageNode[p];
          if (d !== NO_NODE && !inMask.has(d)) throw new Error(`${nodes.join(',')}: page ${p} on ${e.topo.nodeIds[d]} in epoch ${i}`);
        }
      }
      expect(e.mem.check()).toBeNull();
      // The expander alone holds the whole working set: nothing is left unplaced, nothing goes up.
      if (nodes.length === 1) { expect(e.oomPages).toBe(0); expect(promotions).toBe(0); }
    }
  }, 60_000);

  it('refuses a node mask naming a member of an interleave set, saying which node to name', () => {
    const base = skewedScenario(name);
    const r = parseScenario({
      ...base,
      devices: [...base.devices, { ...base.devices[1], id: 'cxl1' }],
      links: [...base.links, { a: 'h0', b: 'cxl1', bandwidthGBps: 63 }],
      interleaveSets: [{ id: 'set0', devices: ['cxl0', 'cxl1'] }],
      policy: { ...base.policy, nodes: ['cxl0'] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatErrors(r.errors)).toContain('policy.nodes[0]: "cxl0" is a member of interleave set "set0", one NUMA node: name "set0"');
  });

  it('declares every statistic it reports once, in human words with a unit, scope and help', () => {
    const def = POLICIES.find((p) => p.name === name)!;
    const declared = def.stats.map((s) => s.key);
    expect(new Set(declared).size).toBe(declared.length);
    for (const s of def.stats) {
      expect(s.label.trim(), s.key).not.toBe('');
      expect(s.label, s.key).not.toMatch(CODE_NAME);
      expect(s.unit.trim(), s.key).not.toBe('');
      expect(STAT_SCOPES, s.key).toContain(s.scope);
      expect(s.help.trim(), s.key).not.toBe('');
    }
    // What stats() returns, before and after it has run: exactly the declared keys.
    const r = runScenario(skewedScenario(name), 12);
    expect(r.statsByEpoch.length).toBe(12);
    for (const st of r.statsByEpoch) expect(Object.keys(st).sort()).toEqual([...declared].sort());
    for (const v of Object.values(r.stats)) expect(Number.isFinite(v)).toBe(true);
  }, 60_000);

  it('labels its knobs in human words, each with a help line', () => {
    const def = POLICIES.find((p) => p.name === name)!;
    for (const p of def.params) {
      expect(p.label, p.key).not.toMatch(CODE_NAME);
      expect(p.help?.trim(), p.key).toBeTruthy();
    }
  });

  const params = RATE_LIMITED[name];
  if (params) it('never migrates more than its rate limit in an epoch', () => {
    const s = skewedScenario(name, params);
    const limit = pagesPerEpoch(params.rateMBps, s, params.periodMs ?? s.epochMs);
    const r = runScenario(s, 15);
    expect(r.totals.promotions).toBeGreaterThan(0);
    expect(r.maxPromotions).toBeLessThanOrEqual(limit);
    expect(r.maxDemotions).toBeLessThanOrEqual(limit);
  }, 60_000);
});
