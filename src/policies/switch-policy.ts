// Switching a scenario to another policy: the one rule for the app's policy menu, run B of an
// A/B comparison, a lesson's change and the CLI's --policy. The new policy starts from its own
// defaults (no parameters given); it keeps the node mask and the manual interleave weights only
// if it takes them (PolicyDef.usesNodeMask / usesWeights), so a mask or weights it would ignore
// are dropped rather than carried along unseen. Picking the policy already chosen changes nothing.
import type { Scenario } from '../scenario/schema';
import { findPolicy } from './registry';

/** The scenario with policy `name` (not validated: an unknown name is refused by parseScenario). */
export function switchPolicy(s: Scenario, name: string): Scenario {
  if (s.policy.name === name) return s;
  const def = findPolicy(name);
  return {
    ...s,
    policy: {
      name,
      params: {},
      nodes: def?.usesNodeMask ? s.policy.nodes : [],
      weights: def?.usesWeights ? s.policy.weights : undefined,
    },
  };
}
