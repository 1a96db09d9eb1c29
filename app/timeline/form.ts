// The injector's form, derived from the event registry (src/events/): each kind's parameters
// are read off its zod schema (type, bounds, whole or not, default, optional, enum values, the
// field's description), so a kind added or a bound changed there shows here with no edit. The
// unit comes from the field's name (the scenario format names its units: capacityMB, timeoutMs),
// and what a field that names something may name (a device, a link...) from the scenario.
import type { z } from 'zod';
import { findEventKind } from '../../src/events/registry';
import type { EventKind, EventSpec } from '../../src/events/types';
import { policyNames } from '../../src/policies/registry';
import type { Scenario } from '../../src/scenario/schema';
import { formatErrors, parseScenario, type ScenarioError } from '../../src/scenario/validate';

/** One choice of a field that names something: the id written, the words shown. */
export interface Choice {
  value: string;
  label: string;
}

export interface FormField {
  key: string;
  /** What the input is: a number, one of a list, or free text. */
  type: 'number' | 'choice' | 'text';
  /** The field is the kind's target (what the list and the command line name). */
  target: boolean;
  optional: boolean;
  /** The schema's default, if any (the placeholder; left empty, the schema fills it in). */
  defaultValue?: number | string;
  min?: number;
  max?: number;
  /** The bound is exclusive (a value must be above `min`). */
  minExclusive?: boolean;
  integer?: boolean;
  unit?: string;
  /** The field's own description in the registry, if it declares one. */
  help?: string;
  choices?: Choice[];
}

/** The injector's form of a kind: its fields, and those it cannot edit (nested objects, knob maps), named. */
export interface EventForm {
  kind: string;
  label: string;
  help: string;
  fields: FormField[];
  /** Parameters the form leaves to the scenario file (their defaults apply). */
  skipped: string[];
}

/** Units by the end of a field's name, as the scenario format spells them. */
const UNIT_SUFFIX: readonly [RegExp, string][] = [
  [/MB$/, 'MB'], [/GiB$/, 'GiB'], [/Ms$/, 'ms'], [/GBps$/, 'GB/s'], [/Ns$/, 'ns'], [/Share$|Ratio$|Fraction$/, '0–1'],
];

export function unitOf(key: string): string | undefined {
  return UNIT_SUFFIX.find(([re]) => re.test(key))?.[1];
}

type Def = { type: string; innerType?: z.ZodType; defaultValue?: unknown; checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean } } }[]; options?: z.ZodType[]; values?: unknown[]; entries?: Record<string, string> };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** What a field naming `key` may name in scenario `s` (null: the key names nothing of the fabric). */
export function choicesFor(key: string, s: Scenario): Choice[] | null {
  const named = (xs: readonly { id: string; name?: string }[]) => xs.map((x) => ({ value: x.id, label: x.name && x.name !== x.id ? `${x.name} (${x.id})` : x.id }));
  switch (key) {
    case 'device': return named(s.devices);
    case 'host': return named(s.hosts);
    case 'workload': return named(s.workloads);
    case 'attach': return named([...s.switches, ...s.hosts]);
    case 'link': return s.links.map((l) => ({ value: `${l.a}-${l.b}`, label: `${l.a} – ${l.b}` }));
    case 'policy': return policyNames().map((p) => ({ value: p, label: p }));
    default: return null;
  }
}

/** The form of event kind `def` over scenario `s`. */
export function formOf(def: EventKind, s: Scenario): EventForm {
  const fields: FormField[] = [];
  const skipped: string[] = [];
  for (const [key, schema] of Object.entries(def.params.shape as Record<string, z.ZodType>)) {
    let inner = schema;
    let optional = false;
    let defaultValue: unknown;
    for (let d = defOf(inner); d.type === 'optional' || d.type === 'default'; d = defOf(inner)) {
      if (d.type === 'default') defaultValue = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
      optional = true;
      inner = d.innerType!;
    }
    const d = defOf(inner);
    const help = (schema as { description?: string }).description ?? (inner as { description?: string }).description;
    const base = { key, target: key === def.targetKey, optional, help, unit: unitOf(key) };
    const dflt = typeof defaultValue === 'number' || typeof defaultValue === 'string' ? defaultValue : undefined;
    if (d.type === 'number') {
      const f: FormField = { ...base, type: 'number', defaultValue: dflt };
      for (const c of d.checks ?? []) {
        const cd = c._zod.def;
        if (cd.check === 'greater_than') { f.min = cd.value; f.minExclusive = cd.inclusive === false; }
        else if (cd.check === 'less_than') f.max = cd.value;
        else if (cd.check === 'number_format' || (inner as { isInt?: boolean }).isInt) f.integer = true;
      }
      if ((inner as { isInt?: boolean }).isInt) f.integer = true;
      fields.push(f);
    } else if (d.type === 'enum') {
      const values = Object.values(d.entries ?? {});
      fields.push({ ...base, type: 'choice', defaultValue: dflt, choices: values.map((v) => ({ value: v, label: v })) });
    } else if (d.type === 'string' || d.type === 'union') {
      // A union of an id and literals ("any"): the literals are choices too.
      const literals = (d.options ?? []).flatMap((o) => (defOf(o).type === 'literal' ? (defOf(o).values ?? []).map(String) : []));
      const named = choicesFor(key, s);
      if (named) fields.push({ ...base, type: 'choice', defaultValue: dflt, choices: [...literals.map((v) => ({ value: v, label: v })), ...named] });
      else fields.push({ ...base, type: 'text', defaultValue: dflt });
    } else {
      skipped.push(key);
    }
  }
  return { kind: def.kind, label: def.label, help: def.help, fields, skipped };
}

/** The values a form holds: what the user typed or picked, by key ('' = left empty). */
export type FormValues = Record<string, string>;

/** A form's values as a fresh event has them: targets and required choices on their first choice, the rest empty (the schema's defaults apply). */
export function initialValues(form: EventForm): FormValues {
  const out: FormValues = {};
  for (const f of form.fields) {
    out[f.key] = f.type === 'choice' && !f.optional && f.choices?.length ? f.choices[0].value : '';
    // A target that is optional (poison: a workload or a device) starts on the first kind of target.
    if (f.type === 'choice' && f.target && f.optional && f.defaultValue === undefined && f.choices?.length) out[f.key] = f.choices[0].value;
  }
  return out;
}

/** The values of an event already on the timeline (for editing it). */
export function valuesOf(form: EventForm, ev: EventSpec): FormValues {
  const out: FormValues = {};
  for (const f of form.fields) out[f.key] = ev[f.key] === undefined ? '' : String(ev[f.key]);
  return out;
}

/**
 * The event a form's values make, at `atMs` (a number typed; NaN when it is not one): empty
 * fields are left out (the schema's default applies), numbers parsed. What is wrong is the
 * scenario format's business (checkEvent).
 */
export function eventOf(form: EventForm, atMs: number, values: FormValues, keep: Record<string, unknown> = {}): EventSpec {
  const ev: EventSpec = { ...keep, atMs, kind: form.kind };
  for (const f of form.fields) {
    const t = (values[f.key] ?? '').trim();
    if (t === '') { delete ev[f.key]; continue; }
    ev[f.key] = f.type === 'number' ? (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN) : t;
  }
  return ev;
}

/** A number typed into a time field: NaN when it is not one (the format then says what is wrong). */
export function parseMs(text: string): number {
  const t = text.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/** The scenario with `ev` put on its timeline: added (index null) or in place of event `index`. */
export function withEvent(s: Scenario, ev: EventSpec, index: number | null): Scenario {
  const events = [...(s.events ?? [])];
  if (index === null) events.push(ev);
  else events[index] = ev;
  return { ...s, events };
}

/** The scenario without event `index`. */
export function withoutEvent(s: Scenario, index: number): Scenario {
  const events = (s.events ?? []).filter((_, i) => i !== index);
  return { ...s, events: events.length ? events : undefined };
}

/**
 * Whether the scenario with `ev` (added, or in place of `index`) is valid: null, or the
 * format's errors about that event, in words (the rest of the scenario is already valid).
 */
export function checkEvent(s: Scenario, ev: EventSpec, index: number | null): string | null {
  const next = withEvent(s, ev, index);
  const r = parseScenario(next);
  if (r.ok) return null;
  const at = index ?? next.events!.length - 1;
  const mine = r.errors.filter((e: ScenarioError) => e.path === `events[${at}]` || e.path.startsWith(`events[${at}].`) || e.path.startsWith(`events.${at}`) || e.path === 'events');
  return formatErrors(mine.length ? mine : r.errors);
}

/** The kind's definition (the registry's), or undefined for a kind this build does not have. */
export const kindOf = (kind: string): EventKind | undefined => findEventKind(kind);
