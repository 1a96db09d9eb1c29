// Every policy, by name. A new policy is one file beside its siblings plus one line here.
import type { PolicyDef } from './types';
import { firstTouch } from './first-touch';
import { bind } from './bind';
import { interleave } from './interleave';
import { weightedInterleave } from './weighted-interleave';
import { linuxNoTiering } from './linux-no-tiering';
import { linuxTiering } from './linux-tiering';
import { tpp } from './tpp';
import { memtis } from './memtis';
import { colloid } from './colloid';
import { damos } from './damos';
import { learned } from './learned';
import { oracle } from './oracle';
import { optimal } from './optimal';

export const POLICIES: readonly PolicyDef[] = [firstTouch, bind, interleave, weightedInterleave, linuxNoTiering, linuxTiering, tpp, memtis, colloid, damos, learned, oracle, optimal];

export function findPolicy(name: string): PolicyDef | undefined {
  return POLICIES.find((p) => p.name === name);
}

export function policyNames(): string[] {
  return POLICIES.map((p) => p.name);
}
