// Every policy, by name. A new policy is one file beside its siblings plus one line here.
import type { PolicyDef } from './types';
import { firstTouch } from './first-touch';
import { bind } from './bind';
import { interleave } from './interleave';
import { weightedInterleave } from './weighted-interleave';

export const POLICIES: readonly PolicyDef[] = [firstTouch, bind, interleave, weightedInterleave];

export function findPolicy(name: string): PolicyDef | undefined {
  return POLICIES.find((p) => p.name === name);
}

export function policyNames(): string[] {
  return POLICIES.map((p) => p.name);
}
