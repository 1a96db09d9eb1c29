// /sys/devices/virtual/memory_tiering/ for the scenario's machine, as
// `grep . /sys/devices/virtual/memory_tiering/memory_tier*/nodelist` prints it (the shell's glob
// order): one memory_tierN per abstract-distance chunk (N = adistance >> 7, mm/memory-tiers.c),
// its nodelist in the kernel's "%*pbl" form. A node joins a tier when its memory comes online.
import type { Scenario } from '../scenario/schema';
import { bitmapList } from './json-c';
import { buildMachine, type Machine, type MachineState } from './machine';

export const TIERS_DIR = '/sys/devices/virtual/memory_tiering';

export function tiersText(m: Machine): string {
  const tiers = new Map<number, number[]>();
  for (const n of m.nodes) if (n.tier >= 0) tiers.set(n.tier, [...(tiers.get(n.tier) ?? []), n.id]);
  const names = [...tiers.keys()].map((t) => ({ t, name: `memory_tier${t}` })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return names.map(({ t, name }) => `${TIERS_DIR}/${name}/nodelist:${bitmapList(tiers.get(t)!)}\n`).join('');
}

export function tiersView(s: Scenario, state?: MachineState): string {
  return tiersText(buildMachine(s, state));
}
