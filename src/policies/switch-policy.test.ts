// The one "switch policy" rule (app menu, run B, lessons, CLI --policy).
import { describe, expect, it } from 'vitest';
import { tiny } from '../scenario/fixtures';
import { parseScenario } from '../scenario/validate';
import { POLICIES } from './registry';
import { switchPolicy } from './switch-policy';

const masked = () => {
  const s = tiny({ policy: 'weighted-interleave', params: {} });
  return { ...s, policy: { name: 'bind', params: {}, nodes: ['cxl0', 'cxl1'], weights: { cxl0: 3 } } };
};

describe('switchPolicy', () => {
  it('starts the new policy from its defaults, keeping the mask and weights only where it takes them', () => {
    for (const def of POLICIES) {
      if (def.name === 'bind') continue;
      const p = switchPolicy(masked(), def.name).policy;
      expect(p.name).toBe(def.name);
      expect(p.params).toEqual({});
      expect(p.nodes, def.name).toEqual(def.usesNodeMask ? ['cxl0', 'cxl1'] : []);
      expect(p.weights, def.name).toEqual(def.usesWeights ? { cxl0: 3 } : undefined);
    }
    // Named by hand: the node-mask policies, and the one that takes weights.
    expect(switchPolicy(masked(), 'interleave').policy).toMatchObject({ nodes: ['cxl0', 'cxl1'], weights: undefined });
    expect(switchPolicy(masked(), 'weighted-interleave').policy).toMatchObject({ nodes: ['cxl0', 'cxl1'], weights: { cxl0: 3 } });
    expect(switchPolicy(masked(), 'tpp').policy).toMatchObject({ nodes: [], weights: undefined });
  });

  it('changes nothing when the policy is already chosen, and leaves its input alone', () => {
    const s = { ...masked(), policy: { ...masked().policy, params: { x: 1 } } };
    expect(switchPolicy(s, 'bind')).toBe(s);
    switchPolicy(s, 'tpp');
    expect(s.policy).toEqual({ name: 'bind', params: { x: 1 }, nodes: ['cxl0', 'cxl1'], weights: { cxl0: 3 } });
  });

  it('gives a valid scenario for every policy; an unknown name is refused by the parser', () => {
    for (const def of POLICIES) expect(parseScenario(switchPolicy(masked(), def.name)).ok, def.name).toBe(true);
    const r = parseScenario(switchPolicy(masked(), 'nope'));
    expect(!r.ok && r.errors[0].path).toBe('policy.name');
  });
});
