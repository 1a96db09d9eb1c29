// Memory hot-plug and device failures do not restart NUMA balancing: a policy that declares
// onRestructure keeps its per-page state (the scanner's, the LRU ages, its counts) through a
// change of the topology's structure and rebuilds only its node tables (demotion targets, the
// top tier, watermarks), as the kernel's hot-plug notifiers do.
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { oneHost } from '../events/test-support';
import { POLICIES } from './registry';

describe.each(['tpp', 'linux-tiering'])('%s through a device failure', (policy) => {
  it('keeps counting where it was (no restart), and demotes only to nodes that are still there', () => {
    const failAt = 25;
    const e = new Engine(oneHost({ policy, epochs: 60, events: [{ atMs: failAt * 100, kind: 'device-fail', device: 'cxl1' }] }));
    for (let i = 0; i < failAt; i++) e.step();
    const before = e.policyStats();
    expect(before.hintFaults).toBeGreaterThan(0);
    e.step(); // the failure fires at the start of this epoch
    expect(e.eventOutcomes()[0].ok).toBe(true);
    const after = e.policyStats();
    // A restarted policy would count again from 0.
    expect(after.hintFaults).toBeGreaterThanOrEqual(before.hintFaults);
    expect(after.promotionsQueued).toBeGreaterThanOrEqual(before.promotionsQueued);
    for (let i = failAt + 1; i < 60; i++) e.step();
    expect(e.mem.check()).toBeNull();
    const cxl1 = e.topo.deviceNode[e.scenario.devices.findIndex((d) => d.id === 'cxl1')];
    expect(e.mem.used(cxl1)).toBe(0);
  });
});

describe('damos through a device failure', () => {
  it('keeps its regions and counts (no restart), and ends with nothing on the failed device', () => {
    const failAt = 25;
    const e = new Engine(oneHost({ policy: 'damos', epochs: 60, events: [{ atMs: failAt * 100, kind: 'device-fail', device: 'cxl1' }] }));
    for (let i = 0; i < failAt; i++) e.step();
    const before = e.policyStats();
    expect(before.kswapdDemotions).toBeGreaterThan(0);
    e.step(); // the failure fires at the start of this epoch
    expect(e.eventOutcomes()[0].ok).toBe(true);
    const after = e.policyStats();
    // Restarted, DAMON would count from 0 again with its first regions.
    expect(after.kswapdDemotions).toBeGreaterThanOrEqual(before.kswapdDemotions);
    expect(after.quotaUsedHot).toBeGreaterThanOrEqual(before.quotaUsedHot);
    expect(after.regions).toBe(before.regions);
    for (let i = failAt + 1; i < 60; i++) e.step();
    expect(e.mem.check()).toBeNull();
    const cxl1 = e.topo.deviceNode[e.scenario.devices.findIndex((d) => d.id === 'cxl1')];
    expect(e.mem.used(cxl1)).toBe(0);
  });
});

it('every policy that keeps tables derived from the topology says how it rebuilds them, or is started again', () => {
  // The engine starts a policy without onRestructure again; those with it are listed here, so
  // adding one is a decision (and this test names it).
  const keep = POLICIES.filter((p) => {
    const e = new Engine(oneHost({ policy: p.name, epochs: 2 }));
    return typeof (e as unknown as { policy: { onRestructure?: unknown } }).policy.onRestructure === 'function';
  }).map((p) => p.name);
  expect(keep).toEqual(['linux-tiering', 'tpp', 'damos']);
});
