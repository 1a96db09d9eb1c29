// MPOL_BIND: allocate only from the nodes in the mask, nearest first. When every node of the
// mask is full the allocation fails (the kernel would OOM-kill); the engine counts such pages.
import { NO_NODE, type PolicyDef } from './types';

export const bind: PolicyDef = {
  name: 'bind',
  description: 'MPOL_BIND: only the nodes in the node mask, nearest first; fails when they are full',
  params: [],
  stats: [],
  usesNodeMask: true,
  create: ({ nodes }) => {
    const allowed = new Set(nodes);
    return {
      strict: true,
      place: (_page, host, view) => {
        for (const d of view.nodeOrder(host)) {
          if ((allowed.size === 0 || allowed.has(d)) && view.nodeFree[d] > 0) return d;
        }
        return NO_NODE;
      },
    };
  },
};
