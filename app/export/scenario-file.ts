// "Export scenario": the running scenario as a JSON file, every number written out (the
// parsed form, platform numbers filled in), so `npm run sim -- --scenario FILE` runs exactly
// what the page's link runs, and a reader sees every figure the run used.
import type { Scenario } from '../../src/scenario/schema';

export function scenarioFileText(s: Scenario): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
