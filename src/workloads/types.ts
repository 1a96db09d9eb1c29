// The contract every access pattern implements (one file per pattern, listed in registry.ts).
// A pattern is declarations and maths, not a loop: its knobs, and the true access rate of each
// rank (rank 0 the hottest). WorkloadSampler (sampler.ts) turns the rates into seeded samples
// with one of its own specialised loops, so the per-sample path never calls into a pattern.
// Nothing here imports the scenario schema: the schema builds its pattern enum and the knobs'
// fields from the registry.

/** One number that shapes a pattern: a field of the workload in the scenario, bounds checked by the schema. */
export interface KnobSpec<K extends string = string> {
  /** The workload field (unique over all patterns; contract.test.ts checks). */
  key: K;
  /** Human words, no code names. */
  label: string;
  default: number;
  min: number;
  /** `min` itself is refused (a share that must be above 0). */
  minExclusive?: boolean;
  max: number;
  integer?: boolean;
  /** '' for a plain number; 'share' for a fraction 0..1. */
  unit: string;
  /** One line: what it changes. */
  help: string;
}

/** A pattern's knobs as read from its workload. */
export type KnobValues<K extends string> = { readonly [k in K]: number };

export interface WorkloadPattern<N extends string = string, K extends string = string> {
  /** The scenario's `pattern` value. */
  readonly name: N;
  /** One line for the pattern menu. */
  readonly help: string;
  readonly knobs: readonly KnobSpec<K>[];
  /**
   * How a sample picks a page. 'ranks': one rank by the rates (an alias table over ranks), the
   * rank's page through the workload's seeded layout of hot regions, which moves at a shift.
   * 'cursor': the next page in address order, wrapping; at a shift the cursor jumps to a seeded
   * page. A cursor's true rates in an epoch are the window it drew (the engine reads them from
   * the draws); `rankRates` is its rate over whole passes.
   */
  readonly draw: 'ranks' | 'cursor';
  /**
   * Every accessed rank is equally hot: with no idle pages (idleFraction 0) the sampler draws
   * pages uniformly, without a table or hot regions, and a huge page has no skew inside.
   */
  readonly flat: boolean;
  /**
   * The LLC footprint: whether a last-level cache can hold its hottest ranks (then the LLC is
   * water-filled over them by rate, physics/llc.ts). A scan's lines come round once a pass and
   * LRU evicts them before that: it takes no LLC space and gains none.
   */
  readonly cacheable: boolean;
  /**
   * Relative true access rate of ranks 0..active-1 of a space of n pages (the rest are idle),
   * written to out[0..active); not normalised, and not necessarily hottest first.
   */
  rankRates(k: KnobValues<K>, n: number, active: number, out: Float64Array): void;
  /**
   * Summed rate of the 4 KiB ranks a..b-1 (a < b <= active) when `total` 4 KiB ranks of which
   * the first `active` are accessed: a huge page's parts (skew inside 2 MiB pages, sampler.ts).
   * On the same scale as rankRates at 4 KiB.
   */
  runRate(k: KnobValues<K>, a: number, b: number, total: number, active: number): number;
}

/** A pattern with its name and knob keys kept literal (the registry's types derive from them). */
export function definePattern<const N extends string, const K extends string = never>(p: WorkloadPattern<N, K>): WorkloadPattern<N, K> {
  return p;
}
