// A field of the scenario format as a form shows it, read from the zod schema itself: its kind
// and bounds from the schema's checks (built from BOUNDS and LIMITS), its label, unit and help
// from the field's `.meta()` in schema.ts. Nothing here is typed twice: the sweep's keys
// (src/sweep/keys.ts) and the app's fabric editor both read the schema through these.
import { z } from 'zod';

/** What a field's values are, from the schema. */
export type LeafSpec =
  | { kind: 'number'; min: number; max: number; minInclusive: boolean; maxInclusive: boolean; integer: boolean }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'string' };

/** What schema.ts declares for a field a form shows (`.meta({ label, unit, help, unset })`). */
export interface FieldMeta {
  label: string;
  unit?: string;
  help?: string;
  /** Shown for an optional field left out: what stands in for it ("576 for DRAM, 2880 for CXL"). */
  unset?: string;
}

/** One field of an object of the format, as a form shows it. */
export interface FieldSpec extends FieldMeta {
  key: string;
  leaf: LeafSpec;
  /** The format lets it be left out (the platform or a rule fills it in). */
  optional: boolean;
}

// The few zod internals the walk reads (zod 4 classic: `def.type`, `shape`, `element`, checks).
export interface ZodNode {
  def: {
    type: string;
    innerType?: ZodNode;
    element?: ZodNode;
    shape?: Record<string, ZodNode>;
    valueType?: ZodNode;
    checks?: { _zod: { def: { check: string; value?: unknown; inclusive?: boolean; format?: string } } }[];
  };
  options?: readonly unknown[];
}

/** Wrappers that change nothing about the value's kind. */
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);

export function unwrap(t: ZodNode): ZodNode {
  while (WRAPPERS.has(t.def.type) && t.def.innerType) t = t.def.innerType;
  return t;
}

function numberLeaf(t: ZodNode): LeafSpec {
  let min = -Infinity, max = Infinity, minInclusive = true, maxInclusive = true, integer = false;
  for (const c of t.def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than' && typeof d.value === 'number' && d.value >= min) { min = d.value; minInclusive = d.inclusive !== false; }
    if (d.check === 'less_than' && typeof d.value === 'number' && d.value <= max) { max = d.value; maxInclusive = d.inclusive !== false; }
    if (d.check === 'number_format' && /int/.test(String(d.format))) integer = true;
  }
  return { kind: 'number', min, max, minInclusive, maxInclusive, integer };
}

/** A single value's leaf (number, choice or text), or null for a list, an object or anything else. */
export function leafOf(schema: ZodNode): LeafSpec | null {
  const t = unwrap(schema);
  switch (t.def.type) {
    case 'number': return numberLeaf(t);
    case 'enum': return { kind: 'enum', options: (t.options ?? []).map(String) };
    case 'string': return { kind: 'string' };
    default: return null;
  }
}

/** The label, unit and help schema.ts declares on a field (on its outermost wrapper), if any. */
export function fieldMeta(schema: unknown): FieldMeta | null {
  const m = z.globalRegistry.get(schema as z.ZodType) as Partial<FieldMeta> | undefined;
  return m && typeof m.label === 'string' ? (m as FieldMeta) : null;
}

/** The fields of an object schema that declare a label, in the schema's order: what a form of it shows. */
export function formFields(object: z.ZodObject): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const [key, schema] of Object.entries(object.shape)) {
    const meta = fieldMeta(schema);
    const leaf = meta ? leafOf(schema as unknown as ZodNode) : null;
    if (!meta || !leaf) continue;
    out.push({ key, ...meta, leaf, optional: (schema as unknown as ZodNode).def.type === 'optional' });
  }
  return out;
}

/** "at least 1, at most 1024, whole": a number field's rule in words (the validator's words). */
export function ruleText(leaf: LeafSpec): string {
  if (leaf.kind === 'enum') return `one of ${leaf.options.join(', ')}`;
  if (leaf.kind === 'string') return 'text';
  const parts: string[] = [];
  if (Number.isFinite(leaf.min)) parts.push(`${leaf.minInclusive ? 'at least' : 'more than'} ${leaf.min}`);
  if (Number.isFinite(leaf.max)) parts.push(`${leaf.maxInclusive ? 'at most' : 'less than'} ${leaf.max}`);
  if (leaf.integer) parts.push('a whole number');
  return parts.join(', ');
}
