// What the Events card (and a node's or link's context menu) does to the timeline. An event
// added, edited or removed is a scenario change like any other (applyScenario: the link carries
// it, the CLI runs it): the run restarts at epoch 0 and, the engine being deterministic, replays
// to where it was, paused, so the user is where they were with the new timeline ahead. Going
// back to an earlier epoch is the same replay without the change.
import type { EventSpec } from '../../src/events/types';
import type { Scenario } from '../../src/scenario/schema';
import { applyScenario, live, pause, play, restartRun, step } from '../actions';
import { useApp } from '../store';
import { checkEvent, withEvent, withoutEvent } from './form';
import { actionsAt, type EventAction, type MenuTarget } from './menu';

export type { EventAction, MenuTarget } from './menu';

/** The simulated time now: the epochs done, in ms (where an event added now applies: the next epoch's start). */
export function nowMs(epochMs: number, epochsDone = live.epochsDone): number {
  return epochsDone * epochMs;
}

/** Applies `next`, then replays the run to `at` epochs (paused; playing again if it was). */
async function applyAndReplay(next: Scenario): Promise<string | null> {
  const at = live.epochsDone;
  const wasRunning = useApp.getState().running;
  await pause();
  const ok = await applyScenario(next);
  if (!ok) return useApp.getState().editError ?? 'not applied';
  if (at > 0) await step(Math.min(at, next.epochs));
  if (wasRunning) play();
  return null;
}

/** Adds `ev` to the running scenario's timeline; resolves to why not (nothing changed), or null. */
export async function addEvent(ev: EventSpec): Promise<string | null> {
  const s = useApp.getState().scenario;
  if (!s) return 'no scenario is loaded';
  const bad = checkEvent(s, ev, null);
  return bad ?? applyAndReplay(withEvent(s, ev, null));
}

/** Puts `ev` in place of event `index`; resolves to why not, or null. */
export async function replaceEvent(index: number, ev: EventSpec): Promise<string | null> {
  const s = useApp.getState().scenario;
  if (!s || !s.events?.[index]) return 'no such event';
  const bad = checkEvent(s, ev, index);
  return bad ?? applyAndReplay(withEvent(s, ev, index));
}

/** Takes event `index` off the timeline; resolves to why not, or null. */
export async function removeEvent(index: number): Promise<string | null> {
  const s = useApp.getState().scenario;
  if (!s || !s.events?.[index]) return 'no such event';
  const picked = useApp.getState().eventPicked;
  if (picked !== null) useApp.setState({ eventPicked: picked === index ? null : picked > index ? picked - 1 : picked });
  return applyAndReplay(withoutEvent(s, index));
}

/** Goes back (or forward) to `epochs` epochs done: the run restarts and steps there, then waits, paused. */
export async function scrubTo(epochs: number): Promise<void> {
  const s = useApp.getState().scenario;
  if (!s) return;
  const n = Math.max(0, Math.min(Math.floor(epochs), s.epochs));
  await pause();
  if (n < live.epochsDone) await restartRun();
  const left = n - live.epochsDone;
  if (left > 0) await step(left);
}

/**
 * The events a device or a link can take now (app/timeline/menu.ts, at the current simulated
 * time): for the topology's context menu, each entry's label shown and its event given to addEvent.
 */
export function eventActionsFor(target: MenuTarget, scenario: Scenario, atMs = nowMs(scenario.epochMs)): EventAction[] {
  return actionsAt(target, scenario, atMs);
}
