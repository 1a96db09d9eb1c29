// Run B of an A/B comparison, as the app uses it: its scenario (the same one with another
// policy or pool manager, or another preset) and the names both runs go by in every A/B view.
// The "b=" value and its reading are the link's (src/scenario/link.ts compareTarget).
import { switchPolicy } from '../src/policies/switch-policy';
import { compareTarget } from '../src/scenario/link';
import type { Scenario } from '../src/scenario/schema';
import type { ParseResult } from '../src/scenario/validate';
import { withPoolManager } from './scenario-edit';

/** Run B's scenario for run A's `s` ("b=" value `b`); a preset comes through `fetchPreset` (by name). */
export async function scenarioOfB(s: Scenario, b: string, fetchPreset: (name: string) => Promise<ParseResult>): Promise<{ ok: true; scenario: Scenario } | { ok: false; message: string }> {
  const t = compareTarget(b);
  if (!t) return { ok: false, message: `"${b}" is not a policy, manager:NAME or preset:NAME` };
  if (t.kind === 'policy') return { ok: true, scenario: switchPolicy(s, t.name) };
  if (t.kind === 'manager') {
    if (!s.pool) return { ok: false, message: `pool manager ${t.name}: this scenario has no pool` };
    return { ok: true, scenario: withPoolManager(s, t.name) };
  }
  const r = await fetchPreset(t.name);
  return r.ok ? { ok: true, scenario: r.scenario } : { ok: false, message: r.errors.map((e) => e.message).join('; ') };
}

/** The names of runs A and B in every A/B view: policies, pool managers, or presets (run A's by its preset, else its scenario's name). */
export function runNames(s: Scenario | null, presetName: string | null, b: string | null): { a: string; b: string | null } {
  const policy = s?.policy.name ?? '';
  const t = b ? compareTarget(b) : null;
  if (!b || !t || t.kind === 'policy') return { a: policy, b: t ? t.name : b };
  if (t.kind === 'manager') return { a: `${s?.pool?.manager ?? 'no'} pool manager`, b: `${t.name} pool manager` };
  return { a: presetName ?? s?.name ?? '', b: t.name };
}

/** What run B is, in words: "tpp", "the on-demand pool manager", "the octopus-pod preset". */
export function compareLabel(b: string): string {
  const t = compareTarget(b);
  if (!t || t.kind === 'policy') return t ? t.name : b;
  return t.kind === 'manager' ? `the ${t.name} pool manager` : `the ${t.name} preset`;
}
