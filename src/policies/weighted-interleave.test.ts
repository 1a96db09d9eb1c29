// The auto weights against the kernel's formula worked by hand (mm/mempolicy.c,
// reduce_interleave_weights, weightiness 32): w = max(1, floor(32 x bw / sum(bw))), then / gcd.
import { describe, expect, it } from 'vitest';
import { autoWeights } from './weighted-interleave';

describe('weighted-interleave auto weights', () => {
  it('are the kernel\'s for a given set of bandwidths', () => {
    // DDR5 socket, x8 expander, CZ120-class expander: 32 x (215, 17.8, 36) / 268.8 = 25.6, 2.1, 4.3.
    expect(autoWeights([215, 17.8, 36])).toEqual([25, 2, 4]);
    // TPP's shape, DRAM and one CZ120: 32 x (215, 36) / 251 = 27.4, 4.6.
    expect(autoWeights([215, 36])).toEqual([27, 4]);
    // 32 x (300, 100) / 400 = 24, 8, divided by their gcd 8.
    expect(autoWeights([300, 100])).toEqual([3, 1]);
    // Equal bandwidths: 16, 16, then 1:1.
    expect(autoWeights([64, 64])).toEqual([1, 1]);
    // A device too slow for a whole weight still gets 1: 32 x 1 / 1001 = 0.03.
    expect(autoWeights([1000, 1])).toEqual([31, 1]);
  });
});
