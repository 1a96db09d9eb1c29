// Interleave sets (CXL 2.0/3.0 HDM decoders): 2, 4, 8 or 16 devices whose capacity is striped
// at a granularity of 256 B to 16 KiB, so every address range uses them all. The set is one
// memory node (topology.ts buildNodes: a node over its devices, equal shares): its bandwidth is
// the members' together, its capacity k x the smallest member's, and it is only as available as
// its weakest member (removing any member device takes the whole node: topology-change.ts).
// The model spreads a set's traffic evenly over its members, as striping at any of these
// granularities does on average over many pages; the granularity is recorded, not simulated
// (at 16 KiB one 4 KiB page sits on one member, but the pages of a working set still spread).
// (Its scenario format is in scenario/schema.ts: a zod schema built before zod's jitless mode
// is set would probe `new Function` and break the app's CSP.)
import { adistanceOf, tierChunk } from './topology';
import type { Scenario } from './scenario/schema';

export const INTERLEAVE_WAYS = [2, 4, 8, 16] as const;
export const INTERLEAVE_GRANULARITY_B = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

/** What is wrong with a scenario's interleave sets, each with its path. */
export function interleaveIssues(s: Pick<Scenario, 'devices' | 'interleaveSets'>, err: (path: string, msg: string) => void, taken: Set<string>): void {
  const byId = new Map(s.devices.map((d) => [d.id, d] as const));
  const used = new Set<string>();
  (s.interleaveSets ?? []).forEach((set, i) => {
    const at = `interleaveSets[${i}]`;
    if (taken.has(set.id)) err(`${at}.id`, `id "${set.id}" is used twice`);
    taken.add(set.id);
    if (!(INTERLEAVE_WAYS as readonly number[]).includes(set.devices.length)) err(`${at}.devices`, `an interleave set has 2, 4, 8 or 16 devices (got ${set.devices.length})`);
    if (!(INTERLEAVE_GRANULARITY_B as readonly number[]).includes(set.granularityB)) err(`${at}.granularityB`, `must be one of ${INTERLEAVE_GRANULARITY_B.join(', ')} bytes (got ${set.granularityB})`);
    const first = byId.get(set.devices[0]);
    set.devices.forEach((d, j) => {
      const dev = byId.get(d);
      if (!dev) return err(`${at}.devices[${j}]`, `no memory device "${d}"`);
      if (dev.kind !== 'cxl') err(`${at}.devices[${j}]`, `"${d}" is DRAM: only CXL devices interleave in a set`);
      if (used.has(d)) err(`${at}.devices[${j}]`, `"${d}" is already in an interleave set`);
      used.add(d);
      if (first && tierChunk(adistanceOf(dev)) !== tierChunk(adistanceOf(first))) err(`${at}.devices[${j}]`, `"${d}" is in another memory tier than "${first.id}" (abstract distance ${adistanceOf(dev)} against ${adistanceOf(first)})`);
    });
  });
}
