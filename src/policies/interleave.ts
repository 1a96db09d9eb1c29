// MPOL_INTERLEAVE: pages round-robin over the node mask by their offset in the address
// space (as the kernel does for a VMA), falling back to the nearest node when one is full.
import type { PolicyDef } from './types';
import { maskedNodes } from './nodes';

export const interleave: PolicyDef = {
  name: 'interleave',
  description: 'MPOL_INTERLEAVE: round-robin pages over the node mask (all reachable nodes if empty)',
  params: [],
  stats: [],
  usesNodeMask: true,
  create: ({ nodes, view }) => {
    const perHost = maskedNodes(view, nodes);
    return {
      place: (page, host) => {
        const set = perHost[host];
        return set.length ? set[page % set.length] : -1;
      },
    };
  },
};
