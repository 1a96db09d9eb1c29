// Every workload access pattern, by name. A new pattern is one file beside its siblings plus one
// line here: the scenario schema's pattern enum and knob fields, the app's pattern menu and
// contract.test.ts all read this list.
import type { KnobSpec, WorkloadPattern } from './types';
import { uniform } from './uniform';
import { zipf } from './zipf';
import { hotset } from './hotset';
import { scan } from './scan';

export const PATTERNS = [uniform, zipf, hotset, scan] as const;

export type PatternName = (typeof PATTERNS)[number]['name'];
/** Every pattern's knobs' keys: fields of a workload. */
export type PatternKnobKey = (typeof PATTERNS)[number]['knobs'][number]['key'];
/** A registered pattern, read with any workload (which has every pattern's knobs). */
export type PatternDef = WorkloadPattern<PatternName, PatternKnobKey>;

export const PATTERN_NAMES = PATTERNS.map((p) => p.name) as readonly PatternName[] as readonly [PatternName, ...PatternName[]];

/** Every pattern's knobs in registry order (the schema's workload fields, in this order). */
export const PATTERN_KNOBS: readonly KnobSpec<PatternKnobKey>[] = PATTERNS.flatMap((p): readonly KnobSpec<PatternKnobKey>[] => p.knobs);

export function findPattern(name: string): PatternDef | undefined {
  return PATTERNS.find((p) => p.name === name);
}

/** The pattern of a valid workload (the schema admits registered names only). */
export function patternOf(name: PatternName): PatternDef {
  const p = findPattern(name);
  if (!p) throw new Error(`unknown workload pattern "${name}"`);
  return p;
}
