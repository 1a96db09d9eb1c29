// Links named by their two ends ("a-b", either way round; ids may hold "-" themselves: src/topology/fabric.ts).
import { linkByName } from '../topology/fabric';
import type { EventIssue, ScenarioFacts } from './types';

export function linkIssue(name: string, s: ScenarioFacts): EventIssue[] {
  return linkByName(s, name) >= 0 ? [] : [{ key: 'link', message: `no link "${name}" (a link is named by its two ends, "a-b")` }];
}
