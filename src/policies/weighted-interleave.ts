// MPOL_WEIGHTED_INTERLEAVE (Linux 6.9+): round-robin in proportion to per-node weights.
// Auto weights follow the kernel's formula over the nodes in the mask:
//   w_i = max(1, floor(32 * bw_i / sum(bw))), then all divided by their gcd.
import type { PolicyDef } from './types';
import { maskedNodes } from './nodes';

export function autoWeights(bandwidths: number[]): number[] {
  const total = bandwidths.reduce((a, b) => a + b, 0);
  const w = bandwidths.map((bw) => Math.max(1, Math.floor((32 * bw) / total)));
  // A host that reaches no node of the mask (its memory all gone: a timeline's faults) has no weights.
  const g = w.reduce((a, b) => gcd(a, b), 0);
  return w.map((x) => x / g);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export const weightedInterleave: PolicyDef = {
  name: 'weighted-interleave',
  description: 'MPOL_WEIGHTED_INTERLEAVE: pages spread over the node mask in proportion to bandwidth weights',
  params: [],
  stats: [],
  usesNodeMask: true,
  usesWeights: true,
  create: ({ nodes, view, weights, deviceBandwidthGBps }) => {
    // One weighted cycle per host: slot k of the cycle names the node for offset k.
    const cycles = maskedNodes(view, nodes).map((set) => {
      const w = autoWeights(set.map((d) => deviceBandwidthGBps[d]));
      const cycle: number[] = [];
      set.forEach((d, i) => {
        for (let k = 0; k < (weights.get(d) ?? w[i]); k++) cycle.push(d);
      });
      return Int32Array.from(cycle);
    });
    return {
      place: (page, host) => {
        const c = cycles[host];
        return c.length ? c[page % c.length] : -1;
      },
    };
  },
};
