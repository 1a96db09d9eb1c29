// The values of a sweep: a key's list ("64,128,256", ranges "1..64*2", "16..256+16"), the seeds
// ("1-5", "1,3,7", "1-3,10") and the policies. Pure text -> values, bounded before anything is
// expanded, so a range of a billion values is refused without building it.
import { BOUNDS } from '../scenario/bounds';
import { findPolicy, policyNames } from '../policies/registry';
import { SweepError, type LeafSpec, type SweepValue } from './keys';

/** Runs (points x policies x seeds) one sweep may ask for. */
export const MAX_RUNS = 10_000;

/** Range values keep 12 significant digits: 0.1..0.5+0.1 gives 0.3, not 0.30000000000000004. */
const tidy = (x: number) => Number(x.toPrecision(12));

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function num(text: string, what: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new SweepError(`${what}: "${t}" is not a number`);
  return Number(t);
}

/** "A..B*K" (A, A*K, A*K^2, ... up to B), "A..B+K" (A, A+K, ... up to B) or "A..B" (step 1). */
function expandRange(text: string, what: string): number[] {
  const m = /^(.+?)\.\.(.+?)(?:([*+])(.+))?$/.exec(text.trim());
  if (!m) throw new SweepError(`${what}: "${text}" is not a range (A..B, A..B+STEP or A..B*FACTOR)`);
  const a = num(m[1], what), b = num(m[2], what);
  const op = m[3] ?? '+';
  const k = m[4] === undefined ? 1 : num(m[4], what);
  if (b < a) throw new SweepError(`${what}: the range "${text}" ends below its start`);
  const out: number[] = [];
  if (op === '+') {
    if (!(k > 0)) throw new SweepError(`${what}: the step of "${text}" must be above 0`);
    const count = Math.floor(tidy((b - a) / k)) + 1;
    if (count > MAX_RUNS) throw new SweepError(`${what}: the range "${text}" has ${count} values; a sweep runs at most ${MAX_RUNS}`);
    for (let i = 0; i < count; i++) out.push(tidy(a + i * k));
  } else {
    if (!(k > 1)) throw new SweepError(`${what}: the factor of "${text}" must be above 1`);
    if (!(a > 0)) throw new SweepError(`${what}: a range by a factor ("${text}") starts above 0`);
    // At most log_k(b/a) + 1 values: a long loop is impossible once k > 1 and the count is checked.
    for (let v = a; v <= b * (1 + 1e-12); v = tidy(v * k)) {
      out.push(tidy(v));
      if (out.length > MAX_RUNS) throw new SweepError(`${what}: the range "${text}" has over ${MAX_RUNS} values; a sweep runs at most ${MAX_RUNS}`);
    }
  }
  return out;
}

/** A key's values: a comma list whose items are values or numeric ranges; each of the leaf's kind. */
export function parseValues(text: string, leaf: LeafSpec, what: string): SweepValue[] {
  const items = text.split(',').map((x) => x.trim());
  if (items.some((x) => x === '')) throw new SweepError(`${what}: an empty value in "${text}"`);
  const out: SweepValue[] = [];
  for (const item of items) {
    if (leaf.kind === 'number') {
      if (item.includes('..')) out.push(...expandRange(item, what));
      else out.push(num(item, what));
    } else {
      out.push(item);
    }
    if (out.length > MAX_RUNS) throw new SweepError(`${what}: over ${MAX_RUNS} values; a sweep runs at most ${MAX_RUNS}`);
  }
  const seen = new Set<SweepValue>();
  for (const v of out) {
    if (seen.has(v)) throw new SweepError(`${what}: the value ${v} is listed twice`);
    seen.add(v);
  }
  return out;
}

/** "1-5", "1,3,7", "1-3,10": distinct seeds within BOUNDS.seed, in the order given. */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((x) => x.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new SweepError(`seeds: "${part}" is not a seed or a range of seeds (1-5)`);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    for (const x of [a, b]) if (x < BOUNDS.seed.min || x > BOUNDS.seed.max) throw new SweepError(`seeds: ${x} is outside ${BOUNDS.seed.min}..${BOUNDS.seed.max}`);
    if (b < a) throw new SweepError(`seeds: the range "${part}" ends below its start`);
    if (b - a + 1 + out.length > MAX_RUNS) throw new SweepError(`seeds: over ${MAX_RUNS} seeds; a sweep runs at most ${MAX_RUNS}`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  if (new Set(out).size !== out.length) throw new SweepError(`seeds: a seed is listed twice in "${text}"`);
  return out;
}

/** "tpp,linux-tiering": known policies, distinct, in the order given. */
export function parsePolicies(text: string): string[] {
  const names = text.split(',').map((x) => x.trim());
  for (const n of names) if (!findPolicy(n)) throw new SweepError(`policy: unknown policy "${n}" (known: ${policyNames().join(', ')})`);
  if (new Set(names).size !== names.length) throw new SweepError(`policy: a policy is listed twice in "${text}"`);
  return names;
}

/** A value as a column shows it. */
export const valueText = (v: SweepValue) => String(v);
