// Words about memory tiers derived from the running scenario's real tiers (meta.tiers, each
// host's fastTier and localDevices), never from "DRAM = tier 0, CXL = tier 1".
import type { EngineMeta } from '../src/engine/meta';

type Names = ReadonlyMap<string, string>;

/** Past this many hosts with different fast tiers, the text counts hosts per tier instead. */
const MAX_LISTED = 4;

const nameOf = (meta: EngineMeta, names: Names, id: string) => names.get(id) ?? meta.devices.find((d) => d.id === id)?.name ?? id;

/** The devices of host `h`'s fast tier it reaches, by name. */
function fastDevices(meta: EngineMeta, h: number, names: Names): string[] {
  const t = meta.hosts[h].fastTier;
  return meta.devices
    .filter((d, i) => d.tier === t && Number.isFinite(meta.idleLatencyNs[h][i]))
    .map((d) => nameOf(meta, names, d.id));
}

/**
 * What "fast tier" means in this scenario, e.g. "tier 0: Host 0 DRAM, CXL x8 expander"; per
 * host when hosts differ ("Host 0: tier 0 (…); Host 1: tier 1 (…)").
 */
export function fastTierText(meta: EngineMeta, names: Names): string {
  const per = meta.hosts.map((h, i) => ({ host: names.get(h.id) ?? h.name, tier: h.fastTier, devices: fastDevices(meta, i, names) }));
  const reaching = per.filter((p) => p.devices.length > 0);
  if (reaching.length === 0) return 'no host reaches any memory';
  const key = (p: (typeof per)[number]) => `${p.tier}:${p.devices.join(',')}`;
  if (reaching.every((p) => key(p) === key(reaching[0]))) return `tier ${reaching[0].tier}: ${reaching[0].devices.join(', ')}`;
  // Many hosts (a 64-host fabric): one phrase, not a paragraph of 64 entries.
  const ownDram = (p: (typeof per)[number], i: number) => {
    const own = meta.hosts[i].localDevices.map((id) => nameOf(meta, names, id));
    return own.length > 0 && own.length === p.devices.length && own.every((d) => p.devices.includes(d));
  };
  if (per.every((p, i) => p.devices.length === 0 || (ownDram(p, i) && p.tier === reaching[0].tier))) {
    return `tier ${reaching[0].tier}: each host's own DRAM`;
  }
  if (reaching.length > MAX_LISTED) {
    const byTier = new Map<number, number>();
    for (const p of reaching) byTier.set(p.tier, (byTier.get(p.tier) ?? 0) + 1);
    return [...byTier].sort((a, b) => a[0] - b[0]).map(([t, n]) => `tier ${t} for ${n} hosts`).join(', ')
      + ' (the Memory tiers panel lists the nodes)';
  }
  return reaching.map((p) => `${p.host}: tier ${p.tier} (${p.devices.join(', ')})`).join('; ');
}

/** What "local node" means: each host's own DRAM ("Host 0 DRAM"; per host when there are several). */
export function localText(meta: EngineMeta, names: Names): string {
  const all = meta.hosts.flatMap((h) => h.localDevices.map((id) => nameOf(meta, names, id)));
  if (all.length === 0) return 'no host has its own DRAM';
  return meta.hosts.length === 1 ? all.join(', ') : "each host's own DRAM";
}

/**
 * Why NUMA distance and memory tier differ, in one sentence, with this scenario's own example
 * when it has remote-socket DRAM ("Socket 1 DRAM is farther from Socket 0 (distance 21) …").
 */
export function distanceVsTier(meta: EngineMeta, names: Names): string {
  const general = 'Memory tiers group memory by its type (abstract distance), not by the path to it, so NUMA distance (numactl) and memory tier (memory_tiering) differ';
  for (let h = 0; h < meta.hosts.length; h++) {
    const host = meta.hosts[h];
    const local = meta.devices.findIndex((d) => host.localDevices.includes(d.id));
    if (local < 0) continue;
    const remote = meta.devices.findIndex((d, i) => d.kind === 'dram' && !host.localDevices.includes(d.id)
      && meta.distance[h][i] > 0 && d.tier === meta.devices[local].tier);
    if (remote < 0) continue;
    const hn = names.get(host.id) ?? host.name;
    const rn = nameOf(meta, names, meta.devices[remote].id);
    const ln = nameOf(meta, names, meta.devices[local].id);
    return `${general}: ${rn} is farther from ${hn} than ${ln} (distance ${meta.distance[h][remote]} against ${meta.distance[h][local]}) yet in the same tier (tier ${meta.devices[local].tier}), because both are DRAM.`;
  }
  return `${general}: DRAM behind another socket is farther than local DRAM (a larger distance) yet in the same tier, because both are DRAM; a CXL expander sits in a lower tier unless its abstract distance is edited.`;
}
