// The scenario as the engine takes it: the format (./schema.ts) parsed, its cross-field checks
// run, and every number it left out filled in from its platform. Kept apart from the format so
// that the modules the fill-in needs (platforms, workloads) may import the format's types.
import { resolvePlatform, type PlatformIssue } from '../platform/platforms';
import { shiftTimingIssues } from '../workloads/shift-clock';
import { poolIssues } from './pool-schema';
import { hostSchema, linkSchema, memoryDeviceSchema, PAGE_BYTES, scenarioObject, workloadSchema, type Scenario, type ScenarioRaw } from './schema';

/** Parses and fills every number the scenario left out from its platform. */
export const scenarioSchema = scenarioObject.transform((s, ctx): Scenario => {
  const issues: PlatformIssue[] = [...shiftTimingIssues(s.epochMs, s.workloads), ...poolIssues(s, PAGE_BYTES[s.pageSize])];
  const out = fillFromPlatform(s, issues);
  for (const i of issues) ctx.issues.push({ code: 'custom', message: i.message, path: i.path, input: s });
  return out;
});

/**
 * The parser's fill-in after zod's defaults: every number left out taken from the platform.
 * Also the link writer's (pack.ts), which asks what the parser would fill in without a parse.
 */
export function fillFromPlatform(s: ScenarioRaw, issues: PlatformIssue[] = []): Scenario {
  const out = resolvePlatform(s, issues);
  // Keys in schema order whether a number was given or filled in, so parsing a parsed
  // scenario gives the same JSON (the app compares scenarios by their JSON).
  return {
    ...out,
    hosts: out.hosts.map((h) => inOrder(h, hostKeys)),
    devices: out.devices.map((d) => inOrder(d, deviceKeys)),
    links: out.links.map((l) => inOrder(l, linkKeys)),
    workloads: out.workloads.map((w) => inOrder(w, workloadKeys)),
  };
}

const hostKeys = Object.keys(hostSchema.shape);
const deviceKeys = Object.keys(memoryDeviceSchema.shape);
const linkKeys = Object.keys(linkSchema.shape);
const workloadKeys = Object.keys(workloadSchema.shape);

function inOrder<T extends object>(o: T, keys: string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in o) out[k] = (o as Record<string, unknown>)[k];
  return out as T;
}

