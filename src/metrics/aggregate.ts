// The one aggregator of run figures, driven by the registry: the engine's run totals
// (src/engine/run-totals.ts) and the app's live figures (app/live.ts) both add epoch rows to it,
// so the same rows give the same figures, bit for bit: each figure's sum is accumulated in epoch
// order with the same operations (value x weight, value x epoch seconds) and divided the same way.
// RunPrefixes keeps, besides the running sums, the sums after each of the newest epochs, so the
// app can read the figures at an epoch a little behind the newest (the A/B comparison at equal
// epochs) in bounded memory.
import { Ring } from '../engine/ring';
import { METRICS, ROW_KEYS, type Aggregation, type Metric, type RunKey } from './registry';

/** The run's figures after `epochs` epochs, one per figure with a run aggregation. */
export type RunFigures = { epochs: number } & Record<RunKey, number>;

const column = new Map(ROW_KEYS.map((k, i) => [k as string, i] as const));

/** A run figure's sum: its accumulator slot, its row column and how it adds. */
interface Step {
  key: RunKey;
  run: Aggregation;
  /** Accumulator slot (-1: a ratio, which keeps no sum of its own). */
  slot: number;
  col: number;
  /** mean-by: the weight's column and accumulator slot; ratio: the two figures' slots. */
  weightCol: number;
  a: number;
  b: number;
}

function plan(): { steps: Step[]; slots: number } {
  const steps: Step[] = [];
  const slotOf = new Map<string, number>();
  let slots = 0;
  for (const m of METRICS as readonly Metric[]) {
    if (!m.run) continue;
    const slot = m.run.kind === 'ratio' ? -1 : slots++;
    slotOf.set(m.key, slot);
    steps.push({ key: m.key as RunKey, run: m.run, slot, col: column.get(m.key)!, weightCol: -1, a: -1, b: -1 });
  }
  for (const s of steps) {
    if (s.run.kind === 'mean-by') { s.weightCol = column.get(s.run.weight)!; s.a = slotOf.get(s.run.weight)!; }
    if (s.run.kind === 'ratio') { s.a = slotOf.get(s.run.of[0])!; s.b = slotOf.get(s.run.of[1])!; }
  }
  return { steps, slots };
}

const PLAN = plan();
/** Accumulators one set of run sums takes. */
export const RUN_SLOTS = PLAN.slots;

export class RunAggregator {
  /** The running sums (RUN_SLOTS). */
  readonly sums = new Float64Array(RUN_SLOTS);
  private readonly epochSec: number;

  constructor(private readonly epochMs: number) {
    this.epochSec = epochMs / 1000;
  }

  /** Adds one epoch's row (ROW_KEYS columns from `at`). */
  add(row: ArrayLike<number>, at = 0): void {
    const acc = this.sums;
    for (const s of PLAN.steps) {
      const v = row[at + s.col];
      switch (s.run.kind) {
        case 'sum': case 'epoch-mean': acc[s.slot] += v; break;
        case 'mean-by': acc[s.slot] += v * row[at + s.weightCol]; break;
        case 'time-rate': acc[s.slot] += v * this.epochSec; break;
        case 'last': acc[s.slot] = v; break;
        case 'ratio': break;
      }
    }
  }

  /**
   * The figures after `epochs` epochs from sums `acc` (these running sums unless given);
   * `now` gives a `last` figure's value now where the caller knows better than the newest row.
   */
  figures(epochs: number, now?: Partial<Record<RunKey, number>>, acc: ArrayLike<number> = this.sums, at = 0): RunFigures {
    const out = { epochs } as RunFigures;
    for (const s of PLAN.steps) {
      const v = s.slot >= 0 ? acc[at + s.slot] : 0;
      let f: number;
      switch (s.run.kind) {
        case 'sum': f = v; break;
        case 'last': f = now?.[s.key] ?? v; break;
        case 'epoch-mean': f = epochs > 0 ? v / epochs : 0; break;
        case 'time-rate': f = epochs > 0 ? v / ((epochs * this.epochMs) / 1000) : 0; break;
        case 'mean-by': { const w = acc[at + s.a]; f = w > 0 ? v / w : 0; break; }
        case 'ratio': f = s.run.combine(acc[at + s.a], acc[at + s.b]); break;
      }
      out[s.key] = f;
    }
    return out;
  }
}

/**
 * Run figures at any of the newest `capacity` epochs (and at 0): the running sums, and a ring
 * of the sums after each epoch. Rows must come in order from epoch 0; one out of order (a gap)
 * is not added, and the figures stay at the epochs before it.
 */
export class RunPrefixes {
  private readonly agg: RunAggregator;
  private readonly ring: Ring;
  /** RUN_SLOTS sums per ring slot: the sums after the epoch of that slot. */
  private readonly prefix: Float64Array;
  private readonly epochCol = column.get('epoch')!;
  /** Epochs added, in order from 0. */
  epochs = 0;

  constructor(epochMs: number, readonly capacity: number) {
    this.agg = new RunAggregator(epochMs);
    this.ring = new Ring(capacity);
    this.prefix = new Float64Array(capacity * RUN_SLOTS);
  }

  /** Adds a row if it is the next epoch; returns whether it was. */
  add(row: ArrayLike<number>, at = 0): boolean {
    if (row[at + this.epochCol] !== this.epochs) return false;
    this.agg.add(row, at);
    this.prefix.set(this.agg.sums, this.ring.push() * RUN_SLOTS);
    this.epochs++;
    return true;
  }

  /** The first n > 0 whose figures are still held (the ring's oldest). */
  get oldest(): number {
    return this.epochs - this.ring.count + 1;
  }

  /**
   * The figures over epochs [0, k), k = n clamped to what is held: at most the epochs added, at
   * least the ring's oldest (or 0). `epochs` in the result says which k it is.
   */
  figuresAt(n: number): RunFigures {
    const k = Math.max(0, Math.min(n, this.epochs));
    if (k === 0) return this.agg.figures(0, undefined, ZERO);
    const i = Math.max(k, this.oldest) - this.oldest;
    return this.agg.figures(this.oldest + i, undefined, this.prefix, this.ring.slot(i) * RUN_SLOTS);
  }
}

const ZERO = new Float64Array(RUN_SLOTS);
