// The alias table a ranked workload samples from (Vose's alias method): one 32-bit draw per
// sample picks a slot and flips its coin, integer operations only (WorkloadSampler.sample).

const TWO32 = 4294967296;

/**
 * Alias table over a power-of-two number of slots (ranks past n have weight 0), 4 words per
 * slot (one 16-byte read): threshold, primary offset, alias offset, unused. A sample's top
 * `slotBits` bits pick the slot and its remaining low bits are the coin, compared with the
 * threshold in units of 2^-(32 - slotBits). The offsets are written by `labelSlots`.
 */
export interface AliasTable {
  table: Uint32Array;
  slotBits: number;
  /** Each slot's alias slot (the rank it gives when the coin says no). */
  alias: Int32Array;
}

/** The alias table of n rank weights (not normalised), offsets not yet written. */
export function aliasTable(weights: Float64Array, n: number): AliasTable {
  let bits = 1;
  while (1 << bits < n) bits++;
  const slots = 1 << bits;
  const padded = new Float64Array(slots);
  padded.set(weights);
  const { threshold, alias } = buildAlias(padded);
  const table = new Uint32Array(slots * 4);
  const unit = 2 ** (32 - bits) / TWO32; // threshold units: the coin has 32 - bits bits
  for (let i = 0; i < slots; i++) table[i * 4] = Math.floor(threshold[i] * unit);
  return { table, slotBits: bits, alias };
}

/** Writes the offsets of a rank -> offset permutation of n ranks into the table. */
export function labelSlots({ table, alias }: AliasTable, perm: Int32Array, n: number): void {
  for (let i = 0; i < alias.length; i++) {
    // Padding slots (rank >= n) never keep their own outcome; give them their alias's anyway.
    table[i * 4 + 1] = i < n ? perm[i] : perm[alias[i]];
    table[i * 4 + 2] = perm[alias[i]];
  }
}

/** Vose's alias method: thresholds in units of 2^32 and alias slots, from weights. */
export function buildAlias(w: Float64Array): { threshold: Float64Array; alias: Int32Array } {
  const n = w.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = (w[i] * n) / total;
  const alias = new Int32Array(n);
  const threshold = new Float64Array(n);
  const small = new Int32Array(n), large = new Int32Array(n);
  let ns = 0, nl = 0;
  for (let i = 0; i < n; i++) { alias[i] = i; if (q[i] < 1) small[ns++] = i; else large[nl++] = i; }
  while (ns > 0 && nl > 0) {
    const s = small[--ns], l = large[nl - 1];
    threshold[s] = q[s] * TWO32;
    alias[s] = l;
    q[l] = q[l] + q[s] - 1;
    if (q[l] < 1) { nl--; small[ns++] = l; }
  }
  while (nl > 0) threshold[large[--nl]] = TWO32;
  while (ns > 0) threshold[small[--ns]] = TWO32; // rounding leftovers
  return { threshold, alias };
}
