// Page frames per memory node and the page -> (node, frame) map, all in typed arrays.
// Invariant: every allocated page sits on exactly one frame of one node; a node never
// holds more pages than it has frames. A frame may also be reserved (no page: it holds the
// split-off parts of huge pages, src/physics/split-pages.ts), isolated (a node going
// offline: frames at or above its limit take no new page, and one a page leaves stays empty
// until the offline completes or is cancelled) or poisoned (memory_failure() took it out of
// use for good); used + reserved + free + isolated + poisoned = capacity.
import { NodeIdArray } from '../ids';
import { NO_NODE } from '../policies/types';

// Imported binding copied to a module constant: hot loops read it without a getter.
const NONE: number = NO_NODE;
const RESERVED = -2;
const POISONED = -3;

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
  /** Per node: frames at or above it are isolated (an offline in progress; capacity when none). */
  readonly limit: Int32Array;
  /** Per node: empty isolated frames (not on the free stack), and poisoned frames. */
  readonly isolated: Int32Array;
  readonly poisoned: Int32Array;

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
    this.limit = Int32Array.from(capacities);
    this.isolated = new Int32Array(this.nodes);
    this.poisoned = new Int32Array(this.nodes);
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
   * (evacuate or lose); every other page keeps its frame. Rare: growing past the node's slot
   * rebuilds the frame tables.
   */
  setCapacity(n: number, frames: number): number[] {
    if (this.reservedFrames[n].length > 0) throw new Error(`node ${n} still has reserved frames`); // released first (SplitPages.releaseNode)
    this.unisolate(n);
    const old = this.capacity[n];
    const displaced: number[] = [];
    for (let f = frames; f < old; f++) {
      const p = this.pageAt(n, f);
      if (p >= 0) { this.release(p); displaced.push(p); }
      else if (p === POISONED) this.poisoned[n]--;
    }
    // Within the node's slot (a shrink, or growing back into what a shrink left) the tables
    // change in place: a device failing at 64 hosts does not copy every node's frames.
    const at = this.frameBase[n];
    if (frames <= this.frameBase[n + 1] - at) {
      // Frames beyond the new size read empty, a poisoned one forgotten with its frame, so a growth back starts clean.
      if (frames < old) this.frameOwner.fill(-1, at + frames, at + old);
      const stack = this.freeStack;
      let top = at;
      if (frames > old) {
        const before = stack.slice(at, at + this.free[n]);
        for (let f = frames - 1; f >= old; f--) stack[top++] = f;
        for (let i = 0; i < before.length; i++) stack[top++] = before[i];
      } else {
        for (let i = 0; i < this.free[n]; i++) { const f = stack[at + i]; if (f < frames) stack[top++] = f; }
      }
      this.free[n] = top - at;
      this.capacity[n] = frames;
      this.limit[n] = frames;
      return displaced;
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
    this.limit[n] = frames;
    this.frameBase = base;
    this.frameOwner = owner;
    this.freeStack = stack;
    return displaced;
  }

  /**
   * Starts taking node n down to `frames` frames (an offline): its free frames at or above
   * that limit leave the free stack, and every frame a page leaves there stays empty, so pages
   * can be migrated off while the rest of the node keeps serving. setCapacity(n, frames)
   * finishes it once nothing is left above the limit; unisolate(n) cancels it.
   */
  isolate(n: number, frames: number): void {
    this.unisolate(n);
    const base = this.frameBase[n];
    let top = base, iso = 0;
    for (let i = 0; i < this.free[n]; i++) {
      const f = this.freeStack[base + i];
      if (f < frames) this.freeStack[top++] = f; else iso++;
    }
    this.free[n] = top - base;
    this.isolated[n] = iso;
    this.limit[n] = Math.min(frames, this.capacity[n]);
  }

  /** Cancels an offline of node n: its empty isolated frames go back on the free stack. */
  unisolate(n: number): void {
    if (this.limit[n] >= this.capacity[n]) return;
    const base = this.frameBase[n];
    for (let f = this.capacity[n] - 1; f >= this.limit[n]; f--) {
      if (this.frameOwner[base + f] === -1) this.freeStack[base + this.free[n]++] = f;
    }
    this.isolated[n] = 0;
    this.limit[n] = this.capacity[n];
  }

  /** Pages on node n's frames at or above `from` (an offline's work left), in frame order. */
  pagesAbove(n: number, from: number, out: number[] = []): number[] {
    out.length = 0;
    const base = this.frameBase[n];
    for (let f = Math.max(0, from); f < this.capacity[n]; f++) {
      const p = this.frameOwner[base + f];
      if (p >= 0) out.push(p);
    }
    return out;
  }

  /**
   * memory_failure() on page p's frame: the page leaves it and the frame is never used again
   * (it stays counted in the node's capacity as poisoned). Returns the node, or NONE.
   */
  poison(page: number): number {
    const d = this.pageNode[page];
    if (d === NONE) return NONE;
    const frame = this.pageFrame[page];
    this.frameOwner[this.frameBase[d] + frame] = POISONED;
    this.poisoned[d]++;
    this.pageNode[page] = NONE;
    this.pageFrame[page] = -1;
    return d;
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
    this.freeFrame(d, frame);
    this.pageNode[page] = NONE;
    this.pageFrame[page] = -1;
  }

  /** An emptied frame: back on the free stack, or isolated when an offline is taking it. */
  private freeFrame(d: number, frame: number): void {
    if (frame >= this.limit[d]) this.isolated[d]++;
    else this.freeStack[this.frameBase[d] + this.free[d]++] = frame;
  }

  /** Moves a placed page to node d (its own node: to a frame below an offline's limit). False (nothing changes) if d is full, or the same node and the page is not above its limit. */
  move(page: number, d: number): boolean {
    const from = this.pageNode[page];
    if (from === NONE || this.free[d] <= 0) return false;
    if (from === d && this.pageFrame[page] < this.limit[d]) return false;
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
    this.freeFrame(d, frame);
  }

  /** Frames of node d reserved for split-off parts. */
  reserved(d: number): number {
    return this.reservedFrames[d].length;
  }

  /** Pages currently on some node (conservation checks: this never changes by migrating). */
  placed(): number {
    let n = 0;
    for (let d = 0; d < this.nodes; d++) n += this.capacity[d] - this.free[d] - this.reservedFrames[d].length - this.isolated[d] - this.poisoned[d];
    return n;
  }

  /** Pages on node d. */
  used(d: number): number {
    return this.capacity[d] - this.free[d] - this.reservedFrames[d].length - this.isolated[d] - this.poisoned[d];
  }

  /** Page on frame f of node d, or -1 (-2: reserved for split-off parts, -3: poisoned). */
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
      const r = this.reservedFrames[d].length, iso = this.isolated[d], poi = this.poisoned[d];
      if (used[d] + r + this.free[d] + iso + poi !== this.capacity[d]) return `node ${d}: ${used[d]} used + ${r} reserved + ${this.free[d]} free + ${iso} isolated + ${poi} poisoned != ${this.capacity[d]}`;
      if (used[d] > this.capacity[d]) return `node ${d} over capacity`;
      let fi = 0, fp = 0;
      for (let f = 0; f < this.capacity[d]; f++) {
        const o = this.frameOwner[this.frameBase[d] + f];
        if (o === POISONED) fp++;
        else if (o === -1 && f >= this.limit[d]) fi++;
      }
      if (fi !== iso || fp !== poi) return `node ${d}: ${fi} empty frames above its limit (books: ${iso} isolated), ${fp} poisoned (books: ${poi})`;
      for (let i = 0; i < this.free[d]; i++) if (this.freeStack[this.frameBase[d] + i] >= this.limit[d]) return `node ${d}: a free frame above its offline limit`;
    }
    return null;
  }
}
