// A policy's own figures (engine.policyStats()), as its PolicyDef declares them (label, unit,
// scope, help): grouped by scope under a heading, each value with its unit. Keys never reach
// the screen; a value the policy did not declare is not shown.
import type { PolicyDef, StatScope, StatSpec } from '../src/policies/types';
import { STAT_SCOPES } from '../src/policies/types';
import { fmt, num, pct } from './format';

export interface StatItem {
  key: string;
  label: string;
  value: string;
  /** One line: what it counts (the tooltip and the accessible description). */
  help: string;
}

export interface StatGroup {
  scope: StatScope;
  /** "this epoch", "since the run started", "current". */
  title: string;
  items: StatItem[];
}

export const SCOPE_TITLES: Record<StatScope, string> = {
  epoch: 'this epoch',
  run: 'since the run started',
  now: 'current',
};

/** "1 page", "2 pages": a unit written as a plural loses its "s" for exactly one. */
function withUnit(v: number, unit: string, digits: number): string {
  const n = digits === 0 ? fmt(v, 0) : num(v, digits);
  const u = v === 1 && /[^s]s$/.test(unit) ? unit.slice(0, -1) : unit;
  return u === '' ? n : `${n} ${u}`;
}

/** A value in its declared unit: shares as percentages, times and latencies with their unit, counts as whole numbers. */
export function statValue(spec: Pick<StatSpec, 'unit'>, v: number): string {
  if (!Number.isFinite(v)) return '–';
  switch (spec.unit) {
    case 'share': return pct(v, 1);
    case 'ms': return withUnit(v, 'ms', 1);
    case 'ns': return withUnit(v, 'ns', 0);
    default: return withUnit(v, spec.unit, Number.isInteger(v) ? 0 : 2);
  }
}

/** The figures of `def` present in `stats`, grouped by scope in STAT_SCOPES order (empty groups left out). */
export function statGroups(def: Pick<PolicyDef, 'stats'> | undefined, stats: Record<string, number>): StatGroup[] {
  if (!def) return [];
  return STAT_SCOPES.map((scope) => ({
    scope,
    title: SCOPE_TITLES[scope],
    items: def.stats
      .filter((s) => s.scope === scope && Object.hasOwn(stats, s.key))
      .map((s) => ({ key: s.key, label: s.label, value: statValue(s, stats[s.key]), help: s.help })),
  })).filter((g) => g.items.length > 0);
}
