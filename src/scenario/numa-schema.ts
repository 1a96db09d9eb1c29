// The NUMA part of the scenario format: how the kernel numbered a machine's memory nodes and
// the distance matrix its firmware gave (ACPI SLIT, as `numactl --hardware` prints it). Absent
// in presets (the kernel views then number nodes and derive distances from the fabric); an
// imported machine keeps its own, so its kernel views print the file back.
import { z } from 'zod';
import { LIMITS } from './limits';

// Set before the first object schema is built (see pool-schema.ts).
z.config({ jitless: true });

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, - _ . only').max(LIMITS.idLength);

/** Memory nodes plus memoryless CPU nodes: every device or set, and a host without DRAM. */
export const NUMA_MAX_NODES = LIMITS.devices + 3 * LIMITS.hosts;
/** Linux's largest node number + 1 on x86-64 (CONFIG_NODES_SHIFT = 10). */
export const NUMA_MAX_ID = 1023;

export const numaSchema = z.object({
  /**
   * The NUMA nodes, each named by what holds it: a memory device, an interleave set, or a host
   * without DRAM of its own (a memoryless node with CPUs).
   */
  nodes: z.array(id).min(1).max(NUMA_MAX_NODES),
  /** Linux node numbers, one per entry of `nodes` (default 0, 1, ...); distinct. */
  ids: z.array(z.number().int().min(0).max(NUMA_MAX_ID)).max(NUMA_MAX_NODES).optional(),
  /** SLIT distances [i][j] between nodes[i] and nodes[j]: 10 = local, 255 = unreachable (a u8 in ACPI). */
  distances: z.array(z.array(z.number().int().min(0).max(255)).max(NUMA_MAX_NODES)).max(NUMA_MAX_NODES).optional(),
});

export type NumaSpec = z.infer<typeof numaSchema>;

/** What the NUMA section gets wrong against the rest of the scenario, each with its path. */
export function numaIssues(
  s: { numa?: NumaSpec; hosts: { id: string }[]; devices: { id: string; kind: string; host?: string }[]; interleaveSets?: { id: string; devices: string[] }[] },
  err: (path: string, message: string) => void,
): void {
  const numa = s.numa;
  if (!numa) return;
  const members = new Map<string, string>();
  for (const set of s.interleaveSets ?? []) for (const d of set.devices) members.set(d, set.id);
  const withDram = new Set(s.devices.filter((d) => d.kind === 'dram').map((d) => d.host));
  const nodes = new Set<string>([...s.devices.filter((d) => !members.has(d.id)).map((d) => d.id), ...(s.interleaveSets ?? []).map((x) => x.id)]);
  const memoryless = new Set(s.hosts.filter((h) => !withDram.has(h.id)).map((h) => h.id));
  const seen = new Set<string>();
  numa.nodes.forEach((n, i) => {
    if (seen.has(n)) err(`numa.nodes[${i}]`, `"${n}" is listed twice`);
    seen.add(n);
    if (members.has(n)) err(`numa.nodes[${i}]`, `"${n}" is a member of interleave set "${members.get(n)}", one NUMA node: name "${members.get(n)}"`);
    else if (!nodes.has(n) && !memoryless.has(n)) err(`numa.nodes[${i}]`, `no memory device, interleave set or host without DRAM "${n}"`);
  });
  const n = numa.nodes.length;
  if (numa.ids) {
    if (numa.ids.length !== n) err('numa.ids', `has ${numa.ids.length} numbers for ${n} nodes`);
    const ids = new Set<number>();
    numa.ids.forEach((x, i) => { if (ids.has(x)) err(`numa.ids[${i}]`, `node number ${x} is used twice`); ids.add(x); });
  }
  if (numa.distances) {
    if (numa.distances.length !== n) err('numa.distances', `has ${numa.distances.length} rows for ${n} nodes`);
    numa.distances.forEach((row, i) => { if (row.length !== n) err(`numa.distances[${i}]`, `has ${row.length} columns for ${n} nodes`); });
  }
}
