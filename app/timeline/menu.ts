// What a device's or a link's context menu offers (the topology's, wired by the fabric editor):
// the registry's event kinds that can name that thing, each kept only where the scenario format
// accepts it, at a given time. Pure: app/timeline/actions.ts gives it the current time.
import { EVENT_KINDS } from '../../src/events/registry';
import type { EventSpec } from '../../src/events/types';
import type { Scenario } from '../../src/scenario/schema';
import { parseScenario } from '../../src/scenario/validate';
import { withEvent } from './form';

export interface MenuTarget {
  kind: 'device' | 'link';
  /** A device's id, or a link's name: its two ends, "a-b". */
  id: string;
}

/** One entry of the menu: what it says, and the event it adds (addEvent). */
export interface EventAction {
  label: string;
  event: EventSpec;
}

/**
 * The events `target` can take at `atMs`: each kind whose target is that kind of thing (or
 * whose command-line form accepts it: a poison on a device), kept when the scenario accepts it
 * there (the time aside: one past the run's end is refused, in words, when it is added).
 */
export function actionsAt(target: MenuTarget, scenario: Scenario, atMs: number): EventAction[] {
  const out: EventAction[] = [];
  for (const def of EVENT_KINDS) {
    const params = def.targetKey === target.kind ? { [def.targetKey]: target.id }
      : def.fromTarget ? def.fromTarget(target.id, {}, scenario) : null;
    if (!params || !(target.kind in params)) continue;
    const event: EventSpec = { atMs, kind: def.kind, ...params };
    if (!parseScenario(withEvent(scenario, { ...event, atMs: 0 }, null)).ok) continue;
    out.push({ label: `${def.label}: ${target.id}`, event });
  }
  return out;
}
