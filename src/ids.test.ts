// Every id the engine stores in a typed array fits it, with the "none" value reserved: the
// static check that ties the array widths in ids.ts to LIMITS. Each largest id is stored and
// read back (a narrower array would wrap it: 4095 in a Uint8Array reads 255).
import { describe, expect, it } from 'vitest';
import { InitiatorIdArray, NO_NODE, NO_TIER, NodeIdArray, TierArray } from './ids';
import { LIMITS } from './scenario/limits';
import { parseScenario } from './scenario/validate';
import { Memory } from './engine/memory';
import { Engine } from './engine/engine';
import { tiny } from './scenario/fixtures';
import type { PolicyView } from './policies/types';
import { findPolicy } from './policies/registry';

/** The values as `array` stores them. */
const stored = (array: new (values: number[]) => ArrayLike<number>, values: number[]) => Array.from(new array(values));

describe('typed-array widths against LIMITS', () => {
  it('node ids 0..LIMITS.nodes-1 and NO_NODE fit NodeIdArray; NO_NODE is no valid node id', () => {
    expect(stored(NodeIdArray, [0, LIMITS.nodes - 1, NO_NODE])).toEqual([0, LIMITS.nodes - 1, NO_NODE]);
    expect(NO_NODE).toBeGreaterThanOrEqual(LIMITS.nodes);
  });

  it('a scenario holds at most LIMITS.nodes nodes (every device is one node, an interleave set one for several)', () => {
    // schema.ts caps devices (DRAM + CXL) at LIMITS.devices + LIMITS.hosts; validate.ts allows two DRAM devices per host.
    expect(LIMITS.devices + 2 * LIMITS.hosts).toBeLessThanOrEqual(LIMITS.nodes);
    // A 256-host, 512-device fabric: 768 to 1,024 memory nodes.
    expect(LIMITS.hosts).toBeGreaterThanOrEqual(256);
    expect(LIMITS.devices).toBeGreaterThanOrEqual(512);
  });

  it('the narrower per-device tables: the host of a device (Int16Array) and the device of a pool extent (Int16Array) hold every id', () => {
    expect(stored(Int16Array, [LIMITS.hosts - 1, -1])).toEqual([LIMITS.hosts - 1, -1]);
    expect(stored(Int16Array, [LIMITS.devices + 2 * LIMITS.hosts - 1])).toEqual([LIMITS.devices + 2 * LIMITS.hosts - 1]);
  });

  it('initiator ids 0..LIMITS.initiators-1 fit InitiatorIdArray; every host is an initiator', () => {
    expect(stored(InitiatorIdArray, [0, LIMITS.initiators - 1])).toEqual([0, LIMITS.initiators - 1]);
    expect(LIMITS.hosts).toBeLessThanOrEqual(LIMITS.initiators);
  });

  it('tier indices 0..LIMITS.tiers-1 and NO_TIER fit TierArray; NO_TIER is no valid tier', () => {
    expect(stored(TierArray, [0, LIMITS.tiers - 1, NO_TIER])).toEqual([0, LIMITS.tiers - 1, NO_TIER]);
    expect(NO_TIER).toBeGreaterThanOrEqual(LIMITS.tiers);
  });

  it('the engine stores page -> node and page -> initiator in those arrays', () => {
    expect(new Memory(4, [2, 2]).pageNode).toBeInstanceOf(NodeIdArray);
    const base = findPolicy('first-touch')!;
    let seen: PolicyView | null = null;
    new Engine(tiny({ workingSetMB: 1 }), { policy: { ...base, create: (init) => { seen = init.view; return base.create(init); } } });
    const view = seen! as PolicyView;
    expect(view.pageNode).toBeInstanceOf(NodeIdArray);
    expect(view.pageInitiator).toBeInstanceOf(InitiatorIdArray);
    expect(view.nodeTier).toBeInstanceOf(TierArray);
  });

  it('a scenario whose abstract distances form more than LIMITS.tiers tiers is refused, naming devices', () => {
    const n = LIMITS.tiers + 1;
    const devices = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, kind: 'cxl', capacityMB: 1, bandwidthGBps: 10, latencyNs: 250, adistance: 1 + 128 * i }));
    const r = parseScenario({
      version: 1, hosts: [{ id: 'h' }],
      devices: [{ id: 'h.dram', kind: 'dram', host: 'h', capacityMB: 1, bandwidthGBps: 10, latencyNs: 80 }, ...devices],
      links: devices.map((d) => ({ a: 'h', b: d.id, bandwidthGBps: 10 })),
      workloads: [{ id: 'w', hosts: ['h'], pattern: 'uniform', workingSetMB: 1 }], policy: { name: 'first-touch' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: 'devices', message: expect.stringContaining(`at most ${LIMITS.tiers}`) });
  });
});
