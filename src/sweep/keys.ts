// Sweep keys: what `--vary KEY=...` may name, behind one small interface. A key is either a path
// into the scenario format ("workloads.0.workingSetMB", "policy.params.scan_period_ms"), checked
// against the zod schema itself (schema.ts: the bounds declared there, so nothing is copied), or
// a named fabric generator ("hosts", "cxlDevices": src/scenario/generators.ts).
import { GENERATORS, GENERATOR_BOUNDS, GenerateError, generate, type GeneratorKey as GeneratorName } from '../scenario/generators';
import { scenarioObject, type Scenario } from '../scenario/schema';
import { RESERVED_KEYS } from '../scenario/validate';
import { leafOf, unwrap, type LeafSpec, type ZodNode } from '../scenario/fields';

/** Bad sweep input in the user's words: the CLI says it as one line and exits 2, the app shows it. */
export class SweepError extends Error {
  override name = 'SweepError';
}

/** A value a key takes: a number, or text for a choice ("2m", "zipf") or a name. */
export type SweepValue = number | string;

/** What a key's values are, from the schema (or the generator's bounds): scenario/fields.ts reads them. */
export type { LeafSpec };

/** One sweep key, parsed: its normal text (the column name), its values' kind and how to set one. */
export interface SweepKey {
  text: string;
  kind: 'path' | 'generator';
  leaf: LeafSpec;
  /** The scenario with this key at `v` (not parsed: the caller runs parseScenario). Throws SweepError. */
  apply(s: Scenario, v: SweepValue): Scenario;
}

/** Keys the sweep sets itself, or that are not a run's parameter. */
const OWN_OPTIONS: Record<string, string> = {
  seed: 'the seed is --seeds (app: Seeds)',
  epochs: 'the run length is --epochs (app: Epochs)',
  'policy.name': 'the policy is --policy (app: Policies)',
  version: 'the format version is not a parameter',
  // A sweep starts from the scenario as read, its platform's numbers already filled in: another
  // platform name would change the label and no number.
  platform: 'the platform\'s numbers are filled in when the scenario is read: sweep a number (hosts.0.clockGHz, devices.1.latencyNs) or run one scenario per platform',
};

/** "workloads[0].workingSetMB" or "workloads.0.workingSetMB" -> its segments. */
export function keySegments(text: string): (string | number)[] {
  const t = text.trim().replace(/\[(\d+)\]/g, '.$1');
  if (t === '' || t.startsWith('.') || t.endsWith('.') || t.includes('..')) throw new SweepError(`"${text}" is not a key (a scenario path such as workloads.0.workingSetMB, or ${GENERATORS.join(' / ')})`);
  return t.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The schema's leaf at a path, or the first segment the format does not have. */
export function schemaLeaf(path: readonly (string | number)[]): LeafSpec {
  let t: ZodNode = scenarioObject as unknown as ZodNode;
  const where = (i: number) => path.slice(0, i + 1).join('.');
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    t = unwrap(t);
    const type = t.def.type;
    if (type === 'object') {
      if (typeof seg !== 'string' || !t.def.shape || !Object.hasOwn(t.def.shape, seg)) {
        throw new SweepError(`${where(i)}: the scenario format has no such key${i ? ` (in ${where(i - 1)}: ${Object.keys(t.def.shape ?? {}).join(', ')})` : ''}`);
      }
      t = t.def.shape[seg];
    } else if (type === 'array') {
      if (typeof seg !== 'number') throw new SweepError(`${where(i)}: ${where(i - 1)} is a list: name an item by its number (${where(i - 1)}.0)`);
      t = t.def.element!;
    } else if (type === 'record') {
      if (typeof seg !== 'string' || RESERVED_KEYS.includes(seg)) throw new SweepError(`${where(i)}: not a key here`);
      t = t.def.valueType!;
    } else {
      throw new SweepError(`${where(i)}: ${where(i - 1)} is a single value, it has no ${JSON.stringify(String(seg))}`);
    }
  }
  const leaf = leafOf(t);
  if (leaf) return leaf;
  const type = unwrap(t).def.type;
  throw new SweepError(`${path.join('.')}: not a single number or choice (it is ${type === 'array' ? 'a list' : `an ${type}`}): name one of its fields`);
}

/** The scenario with `value` at `path`, copying only the objects on the way; the path must exist up to its last step. */
function setAt(root: Scenario, path: readonly (string | number)[], value: SweepValue): Scenario {
  const walk = (node: unknown, i: number): unknown => {
    if (i === path.length) return value;
    const seg = path[i];
    const where = path.slice(0, i).join('.');
    if (Array.isArray(node)) {
      if (typeof seg !== 'number' || seg >= node.length) throw new SweepError(`${path.slice(0, i + 1).join('.')}: the scenario's ${where} has ${node.length} item${node.length === 1 ? '' : 's'}`);
      const copy = [...node];
      copy[seg] = walk(node[seg], i + 1);
      return copy;
    }
    if (typeof node !== 'object' || node === null) throw new SweepError(`${path.slice(0, i).join('.')}: the scenario has none`);
    const next = Object.hasOwn(node, seg) ? (node as Record<string, unknown>)[seg] : undefined;
    if (next === undefined && i < path.length - 1) throw new SweepError(`${path.slice(0, i + 1).join('.')}: the scenario has none`);
    return { ...node, [seg]: walk(next, i + 1) };
  };
  return walk(root, 0) as Scenario;
}

/** A generator as a key: n is a whole number within the generator's bounds. */
function generatorKey(name: GeneratorName): SweepKey {
  const b = GENERATOR_BOUNDS[name];
  return {
    text: name,
    kind: 'generator',
    leaf: { kind: 'number', min: b.min, max: b.max, minInclusive: true, maxInclusive: true, integer: true },
    apply(s, v) {
      if (typeof v !== 'number') throw new SweepError(`${name}: expects a number (got "${v}")`);
      try {
        return generate(s, { [name]: v }) as Scenario;
      } catch (e) {
        if (e instanceof GenerateError) throw new SweepError(e.message);
        throw e;
      }
    },
  };
}

/** Parses a key: a generator's name, or a path the scenario format has to a single value. */
export function parseKey(text: string): SweepKey {
  const t = text.trim();
  if ((GENERATORS as string[]).includes(t)) return generatorKey(t as GeneratorName);
  const path = keySegments(t);
  const norm = path.join('.');
  if (Object.hasOwn(OWN_OPTIONS, norm)) throw new SweepError(`${norm}: not a key to vary (${OWN_OPTIONS[norm]})`);
  const leaf = schemaLeaf(path);
  return { text: norm, kind: 'path', leaf, apply: (s, v) => setAt(s, path, v) };
}

/** The names of the generator keys, for help texts. */
export const GENERATOR_KEYS = GENERATORS;
