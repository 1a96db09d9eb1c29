// The timeline as the Events card lists it: every event of the scenario in time order (the
// engine's order: time, then scenario order), with its status and what it did, as the engine
// reported them (LiveData.outcomes: the CLI report's `events` rows; never recomputed here).
import type { EventOutcome } from '../../src/engine/event-stream';
import { findEventKind } from '../../src/events/registry';
import { eventEpoch } from '../../src/events/timeline';
import type { EventSpec } from '../../src/events/types';
import type { Scenario } from '../../src/scenario/schema';
import { linkByName } from '../../src/topology/fabric';

export type EventStatus = 'pending' | 'running' | 'done' | 'failed';

export interface TimelineRow {
  /** Index in scenario.events (what edits and removals name). */
  index: number;
  spec: EventSpec;
  /** The registry's label of its kind ("Device failure"). */
  label: string;
  target: string;
  atMs: number;
  /** The epoch at whose start it applies. */
  epoch: number;
  status: EventStatus;
  /** The engine's outcome, once it fired. */
  outcome: EventOutcome | null;
  /** The Linux commands an operator would run or see for it (its kind's, src/events/). */
  linux: string[];
}

/** Every event of `s`, in time order, with the outcomes the engine reported so far. */
export function timelineRows(s: Scenario, outcomes: readonly EventOutcome[]): TimelineRow[] {
  const byIndex = new Map(outcomes.map((o) => [o.index, o] as const));
  const rows: TimelineRow[] = [];
  (s.events ?? []).forEach((spec, index) => {
    const def = findEventKind(spec.kind);
    if (!def) return;
    const o = byIndex.get(index);
    // A row still going offline when the run stopped comes with ok false and a reason that says so.
    const status: EventStatus = !o ? 'pending' : o.state === 'running' ? 'running' : o.state === 'pending' ? 'pending' : o.ok ? 'done' : 'failed';
    rows.push({
      index, spec, label: def.label, target: def.target(spec), atMs: spec.atMs, epoch: eventEpoch(spec.atMs, s.epochMs),
      status, outcome: o && o.state !== 'pending' ? o : null, linux: def.linux(spec, s),
    });
  });
  return rows.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

/** The status in words, as the list says it. */
export function statusText(r: TimelineRow): string {
  switch (r.status) {
    case 'pending': return 'pending';
    case 'running': return 'fired, still going';
    case 'done': return 'done';
    case 'failed': return 'failed';
  }
}

/** The fabric's nodes an event hit: the hosts of its blast radius, and the device or the link's ends it names. */
export function hitNodes(s: Scenario, o: EventOutcome): string[] {
  const out = new Set(o.hostsHit);
  if (s.devices.some((d) => d.id === o.target)) out.add(o.target);
  else if (o.kind.startsWith('link')) {
    const l = linkByName(s, o.target);
    if (l >= 0) { out.add(s.links[l].a); out.add(s.links[l].b); }
  }
  return [...out];
}

/**
 * The blast radius line of an outcome: the engine's own summary for a fault ("8 hosts, 0 VMs,
 * 96 MiB lost"), else nothing (the reason says what it did).
 */
export function blastLine(o: EventOutcome): string {
  return o.summary;
}

/**
 * The event whose blast radius the topology shows: the one picked in the list if it fired,
 * else the newest that fired and hit anything.
 */
export function shownOutcome(rows: readonly TimelineRow[], picked: number | null): TimelineRow | null {
  const fired = rows.filter((r) => r.outcome);
  const p = fired.find((r) => r.index === picked);
  if (p) return p;
  for (let i = fired.length - 1; i >= 0; i--) {
    const o = fired[i].outcome!;
    if (o.hostsHit.length || o.vmsHit.length || o.pagesLost || o.summary) return fired[i];
  }
  return null;
}
