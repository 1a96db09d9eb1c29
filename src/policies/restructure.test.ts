// Memory hot-plug and device failures do not restart NUMA balancing: a policy that declares
// onRestructure keeps its per-page state (the scanner's, the LRU ages, its counts) through a
// change of the topology's structure and rebuilds only its node tables (demotion targets, the
// top tier, watermarks), as the kernel's hot-plug notifiers do.
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { oneHost } from '../events/test-support';
import { POLICIES } from './registry';

/**
 * `policy` played through cxl1's failure at epoch 25 of 60: `counts` are the figures a restart
 * would set back to 0 (each must be counted before, and be at least as high in the epoch of the
 * failure); `same` those it would change at once. Memory stays consistent and the failed device
 * ends with nothing on it.
 */
function keepsThroughFailure(policy: string, counts: string[], same: string[] = []): void {
  const failAt = 25;
  const e = new Engine(oneHost({ policy, epochs: 60, events: [{ atMs: failAt * 100, kind: 'device-fail', device: 'cxl1' }] }));
  for (let i = 0; i < failAt; i++) e.step();
  const before = e.policyStats();
  expect(before[counts[0]]).toBeGreaterThan(0);
  e.step(); // the failure fires at the start of this epoch
  expect(e.eventOutcomes()[0].ok).toBe(true);
  const after = e.policyStats();
  for (const k of counts) expect(after[k], k).toBeGreaterThanOrEqual(before[k]);
  for (const k of same) expect(after[k], k).toBe(before[k]);
  for (let i = failAt + 1; i < 60; i++) e.step();
  expect(e.mem.check()).toBeNull();
  const cxl1 = e.topo.deviceNode[e.scenario.devices.findIndex((d) => d.id === 'cxl1')];
  expect(e.mem.used(cxl1)).toBe(0);
}

describe.each(['tpp', 'linux-tiering'])('%s through a device failure', (policy) => {
  it('keeps counting where it was (no restart), and demotes only to nodes that are still there', () => {
    keepsThroughFailure(policy, ['hintFaults', 'promotionsQueued']);
  });
});

it('damos through a device failure keeps its regions and counts (no restart: DAMON\'s regions are address ranges)', () => {
  keepsThroughFailure('damos', ['kswapdDemotions', 'quotaUsedHot'], ['regions']);
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
