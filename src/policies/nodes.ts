import type { PolicyView } from './types';

/** For each host: the mask's devices it can reach, in device order (all reachable if the mask is empty). */
export function maskedNodes(view: PolicyView, mask: number[]): number[][] {
  const out: number[][] = [];
  for (let h = 0; h < view.hosts; h++) {
    const reach = Array.from(view.nodeOrder(h)).sort((a, b) => a - b);
    out.push(mask.length ? reach.filter((d) => mask.includes(d)) : reach);
  }
  return out;
}
