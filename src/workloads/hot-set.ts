// Which ranks form a workload's hot set: the smallest set of hottest ranks that receives
// HOT_SET_SHARE of its accesses by the model's true rates.

/** The hot set is the smallest set of hottest pages that receives this share of the accesses. */
export const HOT_SET_SHARE = 0.8;
/**
 * Per-page hot-set marks, two bits per epoch slot (slot = epoch & 3): bit 2 x slot = the page
 * is wholly in the hot set, bit 2 x slot + 1 = it is in the boundary class of equally hot
 * pages, of which only a share is needed (WorkloadSampler.hotTieShare).
 */
export const HOT_SLOTS = 4;

/**
 * Hot-set class of each rank from its weight: ranks are visited hottest first (by weight; ties
 * form one class), whole classes join the hot set while their accesses stay below
 * HOT_SET_SHARE, and the class that reaches it is the boundary (2), of which `tie` is needed.
 */
export function hotClasses(w: Float64Array): { cls: Uint8Array; tie: number } {
  const n = w.length;
  let total = 0, sorted = true;
  for (let i = 0; i < n; i++) { total += w[i]; if (i > 0 && w[i] > w[i - 1]) sorted = false; }
  // zipf and most hot sets are already hottest first; a hot set whose "hot" pages are colder
  // than its cold ones is not.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (!sorted) order.sort((a, b) => w[b] - w[a] || a - b);
  const cls = new Uint8Array(n);
  const goal = HOT_SET_SHARE * total;
  let cum = 0, i = 0, tie = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && w[order[j]] === w[order[i]]) j++;
    const mass = w[order[i]] * (j - i);
    if (cum + mass < goal) {
      for (let k = i; k < j; k++) cls[order[k]] = 1;
      cum += mass;
      i = j;
      continue;
    }
    const need = Math.max(1, Math.ceil((goal - cum) / w[order[i]] - 1e-9));
    for (let k = i; k < j; k++) cls[order[k]] = 2;
    tie = Math.min(1, need / (j - i));
    break;
  }
  return { cls, tie };
}

/** Share of n equally hot pages the hot set needs (the smallest count that gets HOT_SET_SHARE). */
export function flatTieShare(n: number): number {
  return n > 0 ? Math.ceil(HOT_SET_SHARE * n - 1e-9) / n : 0;
}
