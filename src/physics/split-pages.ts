// Huge pages split by a policy (Memtis splits skewed huge pages, SOSP'23). With 2 MiB pages
// and hot regions smaller than a page, each page is `stride` parts (src/workloads/sampler.ts,
// partsPerPage) and the samplers fill each part's share of its page's accesses. A split page
// keeps its frame on its node (pageNode) for the parts it still holds, and its split-off parts
// (a bit mask over the parts) sit on `hotNode`, packed `stride` to a frame that the node
// reserves (Memory.reserve). A split page's accesses go to the two nodes by the parts' shares.
// Nothing here is used at 4 KiB pages or without skew inside pages (stride 1).
import { NodeIdArray } from '../ids';
import type { Memory } from '../engine/memory';
import { NO_NODE } from '../policies/types';

const NONE: number = NO_NODE;

/** Parts of all pages together stay within this (a Float32 share each). */
export const TOTAL_PARTS = 1 << 23;

export class SplitPages {
  /** Parts per page (1: no skew inside pages; a power of two). */
  readonly stride: number;
  /** [page * stride + j]: part j's share of its page's accesses in the epoch being simulated. */
  readonly share: Float32Array;
  /**
   * The same as the samplers leave it after drawing the epoch ahead (the engine draws one
   * epoch ahead, and a hot-set shift recomposes pages); copied to `share` as that epoch
   * becomes the current one (AddressSpaces).
   */
  readonly shareNext: Float32Array;
  /** Per page: the parts split off to hotNode (0 = the page is whole). */
  readonly mask: Uint32Array;
  /** Per page: node of its split-off parts (NO_NODE when whole). */
  readonly hotNode: NodeIdArray;
  /** Per node: split-off parts it holds. */
  readonly units: Int32Array;
  /** Pages split now. */
  count = 0;

  constructor(pages: number, nodes: number, stride: number) {
    let g = Math.max(1, stride);
    while (g > 1 && pages * g > TOTAL_PARTS) g >>= 1;
    this.stride = g;
    this.share = new Float32Array(g > 1 ? pages * g : 0);
    this.shareNext = new Float32Array(g > 1 ? pages * g : 0);
    this.mask = new Uint32Array(g > 1 ? pages : 0);
    this.hotNode = new NodeIdArray(g > 1 ? pages : 0).fill(NONE);
    this.units = new Int32Array(nodes);
  }

  /** Share of page p's accesses that its split-off parts get (0 when whole). */
  hotShare(p: number): number {
    let m = this.mask[p];
    if (m === 0) return 0;
    const base = p * this.stride;
    let s = 0;
    for (let j = 0; m !== 0; j++, m >>>= 1) if (m & 1) s += this.share[base + j];
    return s;
  }

  /** Frames node d needs for `units` parts. */
  framesFor(units: number): number {
    return Math.ceil(units / this.stride);
  }

  /** Splits off `mask`'s parts of page p onto node `to`, reserving frames there. False (nothing changes) if it has no room. */
  split(mem: Memory, p: number, mask: number, to: number): boolean {
    const k = popcount(mask);
    const need = this.framesFor(this.units[to] + k) - mem.reserved(to);
    if (need > mem.free[to]) return false;
    for (let i = 0; i < need; i++) mem.reserve(to);
    this.units[to] += k;
    this.mask[p] = mask;
    this.hotNode[p] = to;
    this.count++;
    return true;
  }

  /** Page p is whole again (its split-off parts back with the rest): frames on their node given back. */
  merge(mem: Memory, p: number): void {
    const m = this.mask[p];
    if (m === 0) return;
    const d = this.hotNode[p];
    this.units[d] -= popcount(m);
    this.mask[p] = 0;
    this.hotNode[p] = NONE;
    this.count--;
    const spare = mem.reserved(d) - this.framesFor(this.units[d]);
    for (let i = 0; i < spare; i++) mem.unreserve(d);
  }

  /** Every page whose split-off parts are on node d becomes whole (before d's frames change). */
  releaseNode(mem: Memory, d: number): void {
    if (this.count === 0) return;
    for (let p = 0; p < this.mask.length; p++) if (this.mask[p] !== 0 && this.hotNode[p] === d) this.merge(mem, p);
  }
}

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
