// The whole run at a fixed size, as trace viewers keep it: BUCKETS buckets of `width` epochs,
// each with the minimum and maximum of every kept field over its epochs. When the run outgrows
// them, neighbouring buckets merge pairwise and the width doubles, so memory never grows with
// the run (the summary ring keeps the newest epochs at full resolution beside it).

export const BUCKETS = 512;

export class Decimated {
  /** Epochs per bucket: 1, 2, 4, ... */
  width = 1;
  /** Buckets in use (the last one may be partly filled). */
  count = 0;
  /** Epochs added (the run's epochs 0 .. epochs - 1). */
  epochs = 0;
  /** Bucket b, field f: min at min[b * fields + f]. */
  readonly min: Float64Array;
  readonly max: Float64Array;

  /** `columns`: the summary row's columns to keep, in this order. */
  constructor(readonly columns: readonly number[]) {
    this.min = new Float64Array(BUCKETS * columns.length);
    this.max = new Float64Array(BUCKETS * columns.length);
  }

  get fields(): number {
    return this.columns.length;
  }

  clear(): void {
    this.width = 1;
    this.count = 0;
    this.epochs = 0;
  }

  /** The next epoch's summary row, at `o` in `rows`. */
  add(rows: Float64Array, o: number): void {
    let b = Math.floor(this.epochs / this.width);
    if (b >= BUCKETS) {
      this.halve();
      b = Math.floor(this.epochs / this.width);
    }
    const F = this.columns.length, at = b * F;
    const fresh = b >= this.count;
    for (let f = 0; f < F; f++) {
      const v = rows[o + this.columns[f]];
      if (fresh || v < this.min[at + f]) this.min[at + f] = v;
      if (fresh || v > this.max[at + f]) this.max[at + f] = v;
    }
    if (fresh) this.count = b + 1;
    this.epochs++;
  }

  /** First epoch of bucket b. */
  firstEpoch(b: number): number {
    return b * this.width;
  }

  /** Merges buckets pairwise: half as many, twice as wide. */
  private halve(): void {
    const F = this.columns.length;
    const n = Math.ceil(this.count / 2);
    for (let b = 0; b < n; b++) {
      const l = 2 * b * F, r = (2 * b + 1) * F, to = b * F;
      const right = 2 * b + 1 < this.count;
      for (let f = 0; f < F; f++) {
        this.min[to + f] = right ? Math.min(this.min[l + f], this.min[r + f]) : this.min[l + f];
        this.max[to + f] = right ? Math.max(this.max[l + f], this.max[r + f]) : this.max[l + f];
      }
    }
    this.count = n;
    this.width *= 2;
  }
}
