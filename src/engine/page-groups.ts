// The heatmap's page groups: contiguous page ranges, each group's sampled accesses (heat), the
// share of its pages on their host's fast tier and the share with no memory at all, per epoch,
// with rings of past epochs' columns for snapshots that carry several epochs.
import type { InitiatorIdArray, NodeIdArray } from '../ids';
import { NO_NODE } from '../policies/types';
import type { EpochSummary } from './snapshot';
import type { Topology } from '../topology/topology';

const NONE: number = NO_NODE;
export const HEAT_GROUPS = 128;
/** Epochs of heatmap columns kept for snapshots that carry several epochs. */
const HEAT_RING = 256;

export class PageGroups {
  readonly count: number;
  /** Sampled accesses per group in the epoch last simulated (the heatmap column). */
  readonly heat: Float64Array;
  /** Share of each group's pages on their host's fast tier. */
  readonly fast: Float64Array;
  /** Share of each group's pages with no device (unplaced). */
  readonly unplaced: Float64Array;
  private readonly start: Int32Array;
  private readonly heatRing: Float64Array;
  private readonly fastRing: Float64Array;
  private readonly unplacedRing: Float64Array;
  /** Pages on a fast-tier device and with no device, of the group last counted. */
  private nFast = 0;
  private nNone = 0;

  /** "Fast" is per host (topology.ts fastFor); where it is the same for every host, per device. */
  constructor(pages: number, private readonly pageInitiator: InitiatorIdArray, private readonly topo: Pick<Topology, 'N' | 'fastFor' | 'fastNode' | 'fastUniform'>) {
    const G = (this.count = Math.min(HEAT_GROUPS, Math.max(1, pages)));
    this.start = new Int32Array(G + 1);
    for (let g = 0; g <= G; g++) this.start[g] = Math.floor((g * pages) / G);
    this.heat = new Float64Array(G);
    this.fast = new Float64Array(G);
    this.unplaced = new Float64Array(G);
    this.heatRing = new Float64Array(HEAT_RING * G);
    this.fastRing = new Float64Array(HEAT_RING * G);
    this.unplacedRing = new Float64Array(HEAT_RING * G);
  }

  /** First page and one past the last page of group g. */
  range(g: number): [number, number] {
    return [this.start[g], this.start[g + 1]];
  }

  /** Placement only (a fresh run, before any epoch): where each group's pages are. */
  place(pageNode: NodeIdArray): void {
    for (let g = 0; g < this.count; g++) this.group(g, null, null, pageNode);
  }

  /** After epoch `epoch`: each group's heat and placement, and each page's history bits. */
  pass(epoch: number, counts: Uint32Array, history: Uint32Array, pageNode: NodeIdArray): void {
    const G = this.count;
    for (let g = 0; g < G; g++) this.group(g, counts, history, pageNode);
    const at = (epoch % HEAT_RING) * G;
    this.heatRing.set(this.heat, at);
    this.fastRing.set(this.fast, at);
    this.unplacedRing.set(this.unplaced, at);
  }

  /** One group in one pass over its pages (without counts: placement only). */
  private group(g: number, counts: Uint32Array | null, history: Uint32Array | null, pageNode: NodeIdArray): void {
    const a = this.start[g], b = this.start[g + 1];
    if (counts && history) this.heat[g] = this.topo.fastUniform ? this.byNode(a, b, counts, history, pageNode) : this.byInitiator(a, b, counts, history, pageNode);
    else this.byInitiator(a, b, null, null, pageNode);
    this.fast[g] = b > a ? this.nFast / (b - a) : 0;
    this.unplaced[g] = b > a ? this.nNone / (b - a) : 0;
  }

  // The two loops differ only in how "fast" is looked up: one array load per page matters over
  // millions of pages, and most fabrics need only the per-node table. Each returns the heat.
  private byNode(a: number, b: number, counts: Uint32Array, history: Uint32Array, pageNode: NodeIdArray): number {
    const fastDev = this.topo.fastNode;
    let heat = 0, fast = 0, none = 0;
    for (let p = a; p < b; p++) {
      const c = counts[p];
      heat += c;
      history[p] = (history[p] << 1) | (c !== 0 ? 1 : 0);
      const d = pageNode[p];
      if (d === NONE) none++;
      else if (fastDev[d] === 1) fast++;
    }
    this.nFast = fast; this.nNone = none;
    return heat;
  }

  private byInitiator(a: number, b: number, counts: Uint32Array | null, history: Uint32Array | null, pageNode: NodeIdArray): number {
    const owner = this.pageInitiator, fastFor = this.topo.fastFor, N = this.topo.N;
    let heat = 0, fast = 0, none = 0;
    for (let p = a; p < b; p++) {
      if (counts && history) {
        const c = counts[p];
        heat += c;
        history[p] = (history[p] << 1) | (c !== 0 ? 1 : 0);
      }
      const d = pageNode[p];
      if (d === NONE) none++;
      else if (fastFor[owner[p] * N + d] === 1) fast++;
    }
    this.nFast = fast; this.nNone = none;
    return heat;
  }

  /**
   * The heat and placement columns of the given epochs, row by row (zeros for an epoch not
   * yet simulated, `done` being the number simulated, or no longer in the rings).
   */
  columns(rows: readonly EpochSummary[], done: number): { heatRows: Float64Array; fastRows: Float64Array; unplacedRows: Float64Array } {
    const G = this.count;
    const heatRows = new Float64Array(rows.length * G);
    const fastRows = new Float64Array(rows.length * G);
    const unplacedRows = new Float64Array(rows.length * G);
    rows.forEach((s, i) => {
      if (s.epoch >= 0 && s.epoch < done && done - s.epoch <= HEAT_RING) {
        const k = (s.epoch % HEAT_RING) * G;
        heatRows.set(this.heatRing.subarray(k, k + G), i * G);
        fastRows.set(this.fastRing.subarray(k, k + G), i * G);
        unplacedRows.set(this.unplacedRing.subarray(k, k + G), i * G);
      }
    });
    return { heatRows, fastRows, unplacedRows };
  }
}
