// The kernel's placement work as the fabric grows (issue 20; src/physics/placement-work.ts), for
// `npm run papers`: the many-nodes preset (four hosts on a switched pool, linux-tiering, seed 1,
// its own run length) with the pool grown to more expanders, and the fabric grown to 64 hosts
// with one expander per host, as a pool grows with the hosts it serves. Returns its figures by
// key; papers.ts puts them beside the others.
import { Engine } from '../src/engine/engine';
import { KERNEL_OPS, KERNEL_OP_NS } from '../src/physics/placement-work';
import { CAL, MEMTIER_CHUNK } from '../src/platform/calibration';
import { valid } from '../src/scenario/fixtures';
import { generate } from '../src/scenario/generators';
import type { Scenario } from '../src/scenario/schema';
import { loadPreset } from './cli/presets';

const PRESET = 'many-nodes';

/** One run: its summary placementCpuPercent, the last epoch's (the steady per-node upkeep), and per host its operations. */
function measure(s: Scenario) {
  const e = new Engine(s);
  let last = 0;
  for (let i = 0; i < s.epochs; i++) last = e.step().placementCpuPercent;
  const ops = e.placementOps(), H = s.hosts.length;
  const perHost = Object.fromEntries(KERNEL_OPS.map((k) => [k, ops[k] / H])) as Record<(typeof KERNEL_OPS)[number], number>;
  // Each operation's share of the run's placement CPU time.
  const ns = KERNEL_OPS.reduce((a, k) => a + ops[k] * KERNEL_OP_NS[k], 0);
  const share = Object.fromEntries(KERNEL_OPS.map((k) => [k, ns > 0 ? (ops[k] * KERNEL_OP_NS[k]) / ns : 0])) as Record<(typeof KERNEL_OPS)[number], number>;
  // The last epoch's share as CPU time per host per second (every host here alike).
  const lastUs = (last / 100) * s.hosts[0].cores * 1e6;
  return { summary: e.runTotals().placementCpuPercent, last, lastUs, perHost, share, nodes: e.topo.order[0].length };
}

const grown = (o: { hosts?: number; cxlDevices?: number }, edit: (s: Record<string, unknown>) => Record<string, unknown> = (s) => s) =>
  valid(edit(generate(loadPreset(PRESET), o) as unknown as Record<string, unknown>));

export function placementFigures(): Map<string, number> {
  const F = new Map<string, number>();
  const base = loadPreset(PRESET);
  const put = (k: string, v: number) => F.set(`placement.${k}`, v);
  put('hosts', base.hosts.length);
  put('expanders', base.devices.filter((d) => d.kind === 'cxl').length);
  put('vmstatNs', CAL.vmstatNodeNs.value);

  // Lesson: the same four hosts, the pool grown to 64 expanders.
  const few = measure(base), many = measure(grown({ cxlDevices: 64 }));
  put('few.nodes', few.nodes);
  put('many.nodes', many.nodes);
  put('few.last', few.last);
  put('many.last', many.last);
  put('few.lastUs', few.lastUs);
  put('many.lastUs', many.lastUs);
  put('cores', base.hosts[0].cores);
  put('lastRatio', many.last / few.last);
  put('few.summary', few.summary);
  put('many.summary', many.summary);
  put('few.rebuild', few.perHost.bestNode);
  put('many.rebuild', many.perHost.bestNode);
  put('many.lookups', many.perHost.demotionLookup);
  // 32 expanders in one tier, and each in a tier of its own (abstract distances a chunk apart;
  // at most 64 tiers): what grouping them saves.
  const tiered = (own: boolean) => measure(grown({ cxlDevices: 32 }, (s) => {
    let i = 0;
    const devices = (s.devices as { kind: string }[]).map((d) => (d.kind === 'cxl' && own ? { ...d, adistance: CAL.adistanceCxl.value + MEMTIER_CHUNK * ++i } : d));
    return { ...s, devices };
  }));
  const one = tiered(false), own = tiered(true);
  put('tiers32.one.rebuild', one.perHost.bestNode);
  put('tiers32.own.rebuild', own.perHost.bestNode);
  put('tiers32.one.summary', one.summary);
  put('tiers32.own.summary', own.summary);

  // README: 4 -> 64 hosts on the switched pool, one expander per host.
  const four = few, sixtyFour = measure(grown({ hosts: 64, cxlDevices: 64 }));
  put('h64.summary', sixtyFour.summary);
  put('h64.ratio', sixtyFour.summary / four.summary);
  put('h4.zones', four.perHost.zonelistZone);
  put('h64.zones', sixtyFour.perHost.zonelistZone);
  put('h64.zonesRatio', sixtyFour.perHost.zonelistZone / four.perHost.zonelistZone);
  put('h64.zonesShare', sixtyFour.share.zonelistZone);
  put('h64.rebuild', sixtyFour.perHost.bestNode);
  put('h64.last', sixtyFour.last);
  put('h64.lastUs', sixtyFour.lastUs);
  return F;
}
