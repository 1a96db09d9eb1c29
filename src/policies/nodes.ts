import type { PolicyView } from './types';

/** For each initiator: the mask's nodes its host reaches, in device order (all reachable if the mask is empty). */
export function maskedNodes(view: PolicyView, mask: number[]): number[][] {
  const out: number[][] = [];
  for (let h = 0; h < view.initiators; h++) {
    const reach = Array.from(view.nodeOrder(h)).sort((a, b) => a - b);
    out.push(mask.length ? reach.filter((d) => mask.includes(d)) : reach);
  }
  return out;
}
