// Interleave sets (CXL 2.0/3.0 HDM decoders): 2, 4, 8 or 16 devices whose capacity is striped
// at a granularity of 256 B to 16 KiB, so every address range uses them all. The set is one
// memory node (topology.ts buildNodes: a node over its devices, equal shares): its bandwidth is
// the members' together, its capacity k x the smallest member's, and it is only as available as
// its weakest member (removing any member device takes the whole node: topology-change.ts).
// Granularity g is simulated from the page table (MemberSpread): byte address a of the set
// lives on member (a / g) mod k, and a page's address is its frame x the page size. A page
// spanning at least k chunks (4 KiB pages at 256 B-1 KiB in a 4-way set; 2 MiB pages at any
// g) touches every member evenly: the node's equal shares, nothing extra to do. A page of
// fewer chunks touches only min(k, page/g) members (g = page: one), so under skew the members
// holding the hot pages carry more and the set delivers less than k x one device. The node's
// latency that policies see is then its members' weighted by where its accesses went; migration
// copies load the members of the page's frame.
// (Its scenario format is in scenario/schema.ts: a zod schema built before zod's jitless mode
// is set would probe `new Function` and break the app's CSP.)
import { adistanceOf, tierChunk, type NodeSpec } from './topology';
import { INTERLEAVE_GRANULARITY_B, INTERLEAVE_WAYS } from '../scenario/bounds';
import type { Scenario } from '../scenario/schema';

/** What is wrong with a scenario's interleave sets, each with its path. */
export function interleaveIssues(s: Pick<Scenario, 'devices' | 'interleaveSets'>, err: (path: string, msg: string) => void, taken: Set<string>): void {
  const byId = new Map(s.devices.map((d) => [d.id, d] as const));
  const used = new Set<string>();
  (s.interleaveSets ?? []).forEach((set, i) => {
    const at = `interleaveSets[${i}]`;
    if (taken.has(set.id)) err(`${at}.id`, `id "${set.id}" is used twice`);
    taken.add(set.id);
    if (!(INTERLEAVE_WAYS as readonly number[]).includes(set.devices.length)) err(`${at}.devices`, `an interleave set has ${INTERLEAVE_WAYS.slice(0, -1).join(', ')} or ${INTERLEAVE_WAYS[INTERLEAVE_WAYS.length - 1]} devices (got ${set.devices.length})`);
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

/**
 * Which members of an interleave set each of its frames lives on, for the sets whose pages do
 * not spread over every member (page / granularity < ways). Null when no set is uneven: then
 * the nodes' equal shares are exact and nothing is counted per page.
 */
export class MemberSpread {
  /** Per node: 1 when a page of it lives on fewer than all its members. */
  readonly uneven: Uint8Array;
  private readonly nodes: NodeSpec[];
  /** Per node: chunks of the granularity in a page (at least 1), pages in a chunk (at least 1), members a page touches. */
  private readonly chunksPerPage: Int32Array;
  private readonly pagesPerChunk: Int32Array;
  private readonly span: Int32Array;
  private readonly weight: Float64Array;

  private constructor(nodes: NodeSpec[], granularityB: number[], pageBytes: number, readonly D: number) {
    const N = nodes.length;
    this.nodes = nodes;
    this.uneven = new Uint8Array(N);
    this.chunksPerPage = new Int32Array(N);
    this.pagesPerChunk = new Int32Array(N);
    this.span = new Int32Array(N);
    this.weight = new Float64Array(N);
    nodes.forEach((node, n) => {
      const k = node.devices.length, g = granularityB[n];
      this.chunksPerPage[n] = Math.max(1, Math.floor(pageBytes / g));
      this.pagesPerChunk[n] = Math.max(1, Math.floor(g / pageBytes));
      this.span[n] = Math.min(k, this.chunksPerPage[n]);
      this.weight[n] = 1 / this.span[n];
      this.uneven[n] = k > 1 && this.span[n] < k ? 1 : 0;
    });
  }

  /** The spread of a scenario's sets at its page size, or null when every page spreads evenly. */
  static of(s: Pick<Scenario, 'interleaveSets'>, nodes: NodeSpec[], pageBytes: number, D: number): MemberSpread | null {
    const g = new Map((s.interleaveSets ?? []).map((set) => [set.id, set.granularityB] as const));
    const spread = new MemberSpread(nodes, nodes.map((n) => g.get(n.id) ?? pageBytes), pageBytes, D);
    return spread.uneven.includes(1) ? spread : null;
  }

  /** Adds c accesses (or bytes) to the page on frame f of uneven node n: out[row + device] for each member it touches. */
  add(out: Float64Array, row: number, n: number, f: number, c: number): void {
    const devices = this.nodes[n].devices, k = devices.length, span = this.span[n], x = c * this.weight[n];
    const first = Math.floor((f * this.chunksPerPage[n]) / this.pagesPerChunk[n]);
    for (let j = 0; j < span; j++) out[row + devices[(first + j) % k]] += x;
  }
}
