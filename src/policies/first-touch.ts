// Linux's default local allocation: fill the faulting host's nearest node (its own DRAM),
// then fall back to the next nearest node with free memory. Nothing ever moves.
import type { PolicyDef } from './types';

export const firstTouch: PolicyDef = {
  name: 'first-touch',
  description: 'Linux default: fill local DRAM, then the next nearest node; no migration',
  params: [],
  stats: [],
  create: () => ({
    place: (_page, host, view) => view.nodeOrder(host)[0] ?? -1,
  }),
};
