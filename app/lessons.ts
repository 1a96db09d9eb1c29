// The presets as lessons: each entry of public/presets/index.json may carry a "lesson" (the
// question it answers, what it shows, what to watch, one "try this" change). The file's order
// is the lesson order; the shape is declared once here and checked when the list is read.
import { z } from 'zod';
import '../src/scenario/schema'; // sets zod's jitless mode (CSP) before anything here parses
import { BOUNDS, COHERENCY_MODES, INTERLEAVE_GRANULARITY_B, ZONES } from '../src/scenario/bounds';
import type { Scenario } from '../src/scenario/schema';
import { switchPolicy } from '../src/policies/switch-policy';
import { DISCOVERY_PER } from '../src/kernel-view/discovery-per';
import { generate } from '../src/scenario/generators';
import { LIMITS } from '../src/scenario/limits';
import { parseScenario } from '../src/scenario/validate';
import { compareTarget } from '../src/scenario/link';
import { withAdistance, withCoherency, withInterleaveGranularity, withNodes, withPoolManager } from './scenario-edit';

const text = z.string().trim().min(1).max(800);

/**
 * One scenario change a lesson offers, applied in this order: CXL devices, policy, node mask,
 * abstract distances, coherency, pool manager, interleave granularity, zones; or a comparison
 * run B beside the lesson's own run (`compare`, as a link's "b=": a policy, manager:NAME or preset:NAME).
 */
export const TryChangeSchema = z.strictObject({
  /** The fabric grown (or cut) to this many CXL devices, each a copy of an existing one (src/scenario/generators.ts). */
  cxlDevices: z.number().int().min(0).max(LIMITS.devices).optional(),
  /** A policy name (it starts from its defaults, as picking it in the menu does). */
  policy: z.string().min(1).max(64).optional(),
  /** Device ids of the node mask. */
  nodes: z.array(z.string().min(1).max(64)).min(1).max(64).optional(),
  /** Abstract distance per device id. */
  adistance: z.record(z.string().min(1).max(64), z.number().int().min(BOUNDS.adistance.min).max(BOUNDS.adistance.max)).optional(),
  /** How every shared region keeps its sharers coherent (the workloads' `coherency`). */
  coherency: z.enum(COHERENCY_MODES).optional(),
  /** The pool manager of a scenario with a pool (src/pool-managers/registry.ts). */
  poolManager: z.string().min(1).max(64).optional(),
  /** The granularity of every interleave set (bytes). */
  interleaveGranularityB: z.number().int().refine((v) => (INTERLEAVE_GRANULARITY_B as readonly number[]).includes(v), `one of ${INTERLEAVE_GRANULARITY_B.join(', ')}`).optional(),
  /** Runs B beside the lesson's run, in lock-step (the A/B comparison): its "b=" value. */
  compare: z.string().min(1).max(64).refine((v) => compareTarget(v) !== null, 'a policy, manager:NAME or preset:NAME').optional(),
  /** The zone a device's memory is onlined in, per device id (what a hot-remove can take away). */
  zone: z.record(z.string().min(1).max(64), z.enum(ZONES)).optional(),
});

export const LessonSchema = z.strictObject({
  /** A few words for the preset menu ("Hot pages move"). */
  title: z.string().trim().min(1).max(40),
  question: text,
  shows: text,
  watch: text,
  tryThis: z.strictObject({
    /** The button's text: what the change is ("Switch the policy to linux-no-tiering"). */
    label: z.string().trim().min(1).max(80),
    /** What the user should see after it. */
    result: text,
    change: TryChangeSchema,
  }),
  /** A look at how Linux brought the lesson's CXL memory up (the Discovery panel, src/kernel-view/discovery.ts). */
  discovery: z.strictObject({
    /** The button's text ("See how Linux brings the expander up"). */
    label: z.string().trim().min(1).max(80),
    /** What to look for while stepping. */
    watch: text,
    /** All devices at once (default) or one after another. */
    per: z.enum(DISCOVERY_PER).optional(),
  }).optional(),
});

export type TryChange = z.infer<typeof TryChangeSchema>;
export type Lesson = z.infer<typeof LessonSchema>;

/** A lesson with its place in the order (1-based). */
export interface NumberedLesson extends Lesson {
  number: number;
  of: number;
}

/** Reads the "lesson" of an index entry: the lesson, null if there is none, or what is wrong with it. */
export function readLesson(raw: unknown): { lesson: Lesson | null } | { problem: string } {
  if (raw === undefined) return { lesson: null };
  const r = LessonSchema.safeParse(raw);
  if (r.success) return { lesson: r.data };
  const issue = r.error.issues[0];
  return { problem: `lesson.${issue.path.join('.')}: ${issue.message}` };
}

/** Numbers the lessons of a list in its order (entries without one are left out of the count). */
export function numberLessons<T extends { lesson: Lesson | null }>(entries: T[]): (Omit<T, 'lesson'> & { lesson: NumberedLesson | null })[] {
  const of = entries.filter((e) => e.lesson).length;
  let n = 0;
  return entries.map((e) => ({ ...e, lesson: e.lesson ? { ...e.lesson, number: ++n, of } : null }));
}

/**
 * The scenario with a lesson's change made (a comparison leaves it as it is: it adds run B).
 * Device ids it names must exist (an error naming the id, never a silently ignored change); the
 * result is validated when it is applied.
 */
export function applyTry(s: Scenario, change: TryChange): Scenario {
  const ids = new Set(s.devices.map((d) => d.id));
  const unknown = [...(change.nodes ?? []), ...Object.keys(change.adistance ?? {}), ...Object.keys(change.zone ?? {})].find((id) => !ids.has(id));
  if (unknown !== undefined) throw new Error(`the lesson's change names device "${unknown}", which this scenario does not have`);
  let next = s;
  if (change.cxlDevices !== undefined) {
    const r = parseScenario(generate(s, { cxlDevices: change.cxlDevices }));
    if (!r.ok) throw new Error(`the lesson's change to ${change.cxlDevices} CXL devices: ${r.errors[0]?.message ?? 'invalid'}`);
    next = r.scenario;
  }
  if (change.policy) next = switchPolicy(next, change.policy);
  if (change.nodes) next = withNodes(next, change.nodes);
  for (const [id, v] of Object.entries(change.adistance ?? {})) next = withAdistance(next, id, v);
  if (change.coherency) next = withCoherency(next, change.coherency);
  if (change.poolManager) next = withPoolManager(next, change.poolManager);
  if (change.interleaveGranularityB !== undefined) next = withInterleaveGranularity(next, change.interleaveGranularityB);
  if (change.zone) {
    const zone = change.zone;
    next = { ...next, devices: next.devices.map((d) => (zone[d.id] ? { ...d, zone: zone[d.id] } : d)) };
  }
  return next;
}
