// Page frames per memory node and the page -> (node, frame) map, all in typed arrays.
// Invariant: every allocated page sits on exactly one frame of one node; a node never
// holds more pages than it has frames. A frame may also be reserved (no page: it holds the
// split-off parts of huge pages, src/physics/split-pages.ts); used + reserved + free = capacity.
import { NodeIdArray } from '../ids';
import { NO_NODE } from '../policies/types';

// Imported binding copied to a module constant: hot loops read it without a getter.
const NONE: number = NO_NODE;
const RESERVED = -2;

export class Memory {
  readonly pages: number;
  readonly nodes: number;
  readonly pageNode: NodeIdArray;
  readonly pageFrame: Int32Array;
  readonly capacity: Int32Array;
  /** Free frames per node (the height of its free stack). */
  readonly free: Int32Array;
  /** Frame -> page (or -1), all nodes back to back from frameBase[d]. */
  private frameOwner: Int32Array;
  private freeStack: Int32Array;
  private frameBase: Int32Array;
  /** Per node, frames reserved for split-off parts of huge pages (rare: plain lists). */
  private readonly reservedFrames: number[][];

  constructor(pages: number, capacities: ArrayLike<number>) {
    this.pages = pages;
    this.nodes = capacities.length;
    this.pageNode = new NodeIdArray(pages).fill(NONE);
    this.pageFrame = new Int32Array(pages).fill(-1);
    this.capacity = Int32Array.from(capacities);
    this.free = Int32Array.from(capacities);
    this.frameBase = new Int32Array(this.nodes + 1);
    for (let d = 0; d < this.nodes; d++) this.frameBase[d + 1] = this.frameBase[d] + this.capacity[d];
    const total = this.frameBase[this.nodes];
    this.frameOwner = new Int32Array(total).fill(-1);
    this.reservedFrames = Array.from({ length: this.nodes }, () => []);
    this.freeStack = new Int32Array(total);
    // Stack top holds the lowest frame, so frames are handed out in address order.
    for (let d = 0; d < this.nodes; d++) {
      const base = this.frameBase[d], cap = this.capacity[d];
      for (let i = 0; i < cap; i++) this.freeStack[base + i] = cap - 1 - i;
    }
  }

  /**
   * Changes node n's frames (an extent granted or reclaimed, a device gone: 0). Pages on frames
   * beyond the new size are released and returned, for the caller to place by its rule
   * (evacuate or lose); every other page keeps its frame. Rare: rebuilds the frame tables.
   */
  setCapacity(n: number, frames: number): number[] {
    if (this.reservedFrames[n].length > 0) throw new Error(`node ${n} still has reserved frames`); // released first (SplitPages.releaseNode)
    const old = this.capacity[n];
    const displaced: number[] = [];
    for (let f = frames; f < old; f++) {
      const p = this.pageAt(n, f);
      if (p >= 0) { this.release(p); displaced.push(p); }
    }
    const base = new Int32Array(this.nodes + 1);
    for (let d = 0; d < this.nodes; d++) base[d + 1] = base[d] + (d === n ? frames : this.capacity[d]);
    const owner = new Int32Array(base[this.nodes]).fill(-1);
    const stack = new Int32Array(base[this.nodes]);
    for (let d = 0; d < this.nodes; d++) {
      const keep = Math.min(d === n ? frames : this.capacity[d], this.capacity[d]);
      owner.set(this.frameOwner.subarray(this.frameBase[d], this.frameBase[d] + keep), base[d]);
      // New frames go to the bottom of the stack (highest first), the old free ones on top in their order.
      let top = base[d];
      if (d === n) for (let f = frames - 1; f >= old; f--) stack[top++] = f;
      for (let i = 0; i < this.free[d]; i++) {
        const f = this.freeStack[this.frameBase[d] + i];
        if (d !== n || f < frames) stack[top++] = f;
      }
      this.free[d] = top - base[d];
    }
    this.capacity[n] = frames;
    this.frameBase = base;
    this.frameOwner = owner;
    this.freeStack = stack;
    return displaced;
  }

  /** Places an unplaced page on node d. False if d is full. */
  alloc(page: number, d: number): boolean {
    if (this.free[d] <= 0 || this.pageNode[page] !== NONE) return false;
    const frame = this.freeStack[this.frameBase[d] + --this.free[d]];
    this.frameOwner[this.frameBase[d] + frame] = page;
    this.pageNode[page] = d;
    this.pageFrame[page] = frame;
    return true;
  }

  /** Removes a page from its frame (it becomes unplaced). */
  release(page: number): void {
    const d = this.pageNode[page];
    if (d === NONE) return;
    const frame = this.pageFrame[page];
    this.frameOwner[this.frameBase[d] + frame] = -1;
    this.freeStack[this.frameBase[d] + this.free[d]++] = frame;
    this.pageNode[page] = NONE;
    this.pageFrame[page] = -1;
  }

  /** Moves a placed page to node d. False (nothing changes) if d is full or the same. */
  move(page: number, d: number): boolean {
    const from = this.pageNode[page];
    if (from === NONE || from === d || this.free[d] <= 0) return false;
    this.release(page);
    return this.alloc(page, d);
  }

  /** Takes a free frame of node d for split-off parts of huge pages. False if d is full. */
  reserve(d: number): boolean {
    if (this.free[d] <= 0) return false;
    const frame = this.freeStack[this.frameBase[d] + --this.free[d]];
    this.frameOwner[this.frameBase[d] + frame] = RESERVED;
    this.reservedFrames[d].push(frame);
    return true;
  }

  /** Gives back one reserved frame of node d. */
  unreserve(d: number): void {
    const frame = this.reservedFrames[d].pop();
    if (frame === undefined) return;
    this.frameOwner[this.frameBase[d] + frame] = -1;
    this.freeStack[this.frameBase[d] + this.free[d]++] = frame;
  }

  /** Frames of node d reserved for split-off parts. */
  reserved(d: number): number {
    return this.reservedFrames[d].length;
  }

  /** Pages currently on some node (conservation checks: this never changes by migrating). */
  placed(): number {
    let n = 0;
    for (let d = 0; d < this.nodes; d++) n += this.capacity[d] - this.free[d] - this.reservedFrames[d].length;
    return n;
  }

  /** Page on frame f of node d, or -1 (-2: reserved for split-off parts). */
  pageAt(d: number, frame: number): number {
    return this.frameOwner[this.frameBase[d] + frame];
  }

  /** Checks every invariant; returns a description of the first violation, or null. */
  check(): string | null {
    const used = new Int32Array(this.nodes);
    for (let p = 0; p < this.pages; p++) {
      const d = this.pageNode[p];
      if (d === NONE) continue;
      if (d >= this.nodes) return `page ${p} on unknown node ${d}`;
      used[d]++;
      if (this.frameOwner[this.frameBase[d] + this.pageFrame[p]] !== p) return `page ${p} frame mismatch`;
    }
    for (let d = 0; d < this.nodes; d++) {
      const r = this.reservedFrames[d].length;
      if (used[d] + r + this.free[d] !== this.capacity[d]) return `node ${d}: ${used[d]} used + ${r} reserved + ${this.free[d]} free != ${this.capacity[d]}`;
      if (used[d] > this.capacity[d]) return `node ${d} over capacity`;
    }
    return null;
  }
}
