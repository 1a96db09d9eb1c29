// A fixed-capacity ring of slots, oldest first: the bookkeeping every bounded history shares
// (the migration event ring, the app's summary rows, pool rows, heat columns and run-figure
// prefixes). It holds no data: its owner keeps one or more typed arrays of `capacity` rows and
// writes row `slot` of each, so one ring can index several columns (rows of one width or
// parallel arrays of ids) without copying. Full, a push drops the oldest row.
export class Ring {
  /** Rows held (0..capacity). */
  count = 0;
  /** Slot of the oldest row. */
  private start = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1) || !Number.isInteger(capacity)) throw new Error(`ring: capacity must be a positive integer (got ${capacity})`);
  }

  /** Slot of the i-th oldest row (0 <= i < count). */
  slot(i: number): number {
    const s = this.start + i;
    return s >= this.capacity ? s - this.capacity : s;
  }

  /** Slot of the newest row, or -1 when empty. */
  get newest(): number {
    return this.count > 0 ? this.slot(this.count - 1) : -1;
  }

  /**
   * The slots oldest first as two contiguous runs, [a, b) then [c, d) (the second empty unless
   * the rows wrap): a scan of many rows walks plain index ranges instead of calling slot() per row.
   */
  runs(): [number, number, number, number] {
    const end = this.start + this.count;
    return end <= this.capacity ? [this.start, end, 0, 0] : [this.start, this.capacity, 0, end - this.capacity];
  }

  /** Takes the slot of a new newest row (the oldest one's when full) for the caller to write. */
  push(): number {
    if (this.count < this.capacity) return this.slot(this.count++);
    const s = this.start;
    this.start = s + 1 === this.capacity ? 0 : s + 1;
    return s;
  }

  clear(): void {
    this.count = 0;
    this.start = 0;
  }
}
