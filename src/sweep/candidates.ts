// The keys a sweep of this scenario can vary, with their bounds and current values, derived from
// the declarations (not typed again here): the scenario format's zod schema (whose bounds come
// from scenario/bounds.ts BOUNDS and each pattern's KnobSpec), the policy's ParamSpec list, the
// workload patterns' knobs (workloads/registry.ts: only the knobs of each workload's own
// pattern) and the fabric generators. The app's Sweep panel and `npm run sweep -- --list-keys` read it.
import { findPolicy } from '../policies/registry';
import type { Scenario } from '../scenario/schema';
import { findPattern, PATTERN_KNOBS } from '../workloads/registry';
import { GENERATOR_KEYS, parseKey, schemaLeaf, type LeafSpec, type SweepValue } from './keys';

export interface SweepCandidate {
  /** The key as --vary and the link write it. */
  key: string;
  /** What it is, in words (a knob's or a parameter's label; else the field's name). */
  label: string;
  /** What it belongs to: "Scenario", "Workload app", "Host h0", "Policy tpp", "Fabric"... */
  group: string;
  leaf: LeafSpec;
  /** Its value in the scenario (the generators: the count), if it has one. */
  current?: SweepValue;
  unit?: string;
  help?: string;
}

/**
 * Fields that are not a run's parameter: a node's place in the picture, a device's kind, the
 * pod's declaration (its hardware is counted from the fabric), the kernel's node numbering and
 * the platform (its numbers are filled in when the scenario is read); the seed, run length and
 * policy name have their own controls.
 */
const NOT_PARAMETERS = new Set(['x', 'y', 'kind', 'pod', 'numa', 'seed', 'epochs', 'version', 'policy', 'platform']);

const ITEM_GROUP: Record<string, (item: Record<string, unknown>) => string> = {
  hosts: (h) => `Host ${String(h.id)}`,
  devices: (d) => `Device ${String(d.id)}`,
  switches: (w) => `Switch ${String(w.id)}`,
  links: (l) => `Link ${String(l.a)}–${String(l.b)}`,
  workloads: (w) => `Workload ${String(w.id)}`,
  interleaveSets: (x) => `Interleave set ${String(x.id)}`,
};

const knobOf = (key: string) => PATTERN_KNOBS.find((k) => k.key === key);

/** Every candidate key of `s` (numbers and choices), the policy's parameters for `policies` (default: the scenario's), then the generators. */
export function sweepCandidates(s: Scenario, policies: readonly string[] = [s.policy.name]): SweepCandidate[] {
  const out: SweepCandidate[] = [];
  const walk = (value: unknown, path: (string | number)[], group: string) => {
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if (NOT_PARAMETERS.has(k) || v === undefined) continue;
      const p = [...path, k];
      if (Array.isArray(v)) {
        const name = ITEM_GROUP[k];
        if (path.length === 0 && name) v.forEach((item, i) => walk(item, [...p, i], name(item as Record<string, unknown>)));
        continue;
      }
      if (typeof v === 'object' && v !== null) {
        walk(v, p, path.length === 0 ? k[0].toUpperCase() + k.slice(1) : group);
        continue;
      }
      let leaf: LeafSpec;
      try {
        leaf = schemaLeaf(p);
      } catch {
        continue; // not a path the format declares (never for a parsed scenario)
      }
      if (leaf.kind === 'string') continue;
      // A workload offers only its own pattern's knobs: another pattern's do nothing to it.
      const knob = knobOf(k);
      if (path[0] === 'workloads' && knob) {
        const w = s.workloads[path[1] as number];
        if (!findPattern(w.pattern)?.knobs.some((x) => x.key === k)) continue;
      }
      out.push({ key: p.join('.'), label: knob?.label ?? k, group, leaf, current: v as SweepValue, ...(knob ? { unit: knob.unit, help: knob.help } : {}) });
    }
  };
  walk(s, [], 'Scenario');
  const seen = new Set<string>();
  for (const name of policies) {
    const def = findPolicy(name);
    for (const p of def?.params ?? []) {
      const key = `policy.params.${p.key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        key, label: p.label, group: `Policy ${def!.name}`,
        leaf: { kind: 'number', min: p.min, max: p.max, minInclusive: true, maxInclusive: true, integer: p.integer === true },
        current: name === s.policy.name ? (s.policy.params[p.key] ?? p.default) : p.default,
        ...(p.unit ? { unit: p.unit } : {}), ...(p.help ? { help: p.help } : {}),
      });
    }
  }
  const counts: Record<string, number> = { hosts: s.hosts.length, cxlDevices: s.devices.filter((d) => d.kind === 'cxl').length };
  for (const g of GENERATOR_KEYS) {
    out.push({ key: g, label: `${g === 'hosts' ? 'hosts' : 'CXL devices'} (fabric generator)`, group: 'Fabric', leaf: parseKey(g).leaf, current: counts[g] });
  }
  return out;
}

/** "[1, 1024], whole", "(0, 1000]", "one of 4k, 2m": a leaf's bounds in words. */
export function boundsText(leaf: LeafSpec): string {
  if (leaf.kind === 'enum') return `one of ${leaf.options.join(', ')}`;
  if (leaf.kind === 'string') return 'text';
  const lo = Number.isFinite(leaf.min) ? `${leaf.minInclusive ? '[' : '('}${leaf.min}` : '(-inf';
  const hi = Number.isFinite(leaf.max) ? `${leaf.max}${leaf.maxInclusive ? ']' : ')'}` : 'inf)';
  return `${lo}, ${hi}${leaf.integer ? ', whole' : ''}`;
}
