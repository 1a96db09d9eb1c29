// What a node's or a link's context menu offers (right-click, Shift+F10, the ContextMenu key, or
// the properties form's "…" button): the entries of every provider in order. A feature adds its
// entries with one line, `registerNodeActions(myActions)` (or a row in NODE_ACTION_PROVIDERS),
// and the menu, its keyboard handling and focus return come with it.
import type { NodeKind } from '../../../src/scenario/bounds';
import { disconnect, nameOf, removeNode } from '../../../src/scenario/fabric-edit';
import type { Scenario } from '../../../src/scenario/schema';
import { commit, selectLink, startConnect, useEditor } from '../../editor';
import { useApp } from '../../store';
import { fmtInt } from '../../format';
import { addEvent, eventActionsFor } from '../../timeline/actions';

/** What a menu is about: a node of the picture, or the link between two. */
export type ActionTarget = { kind: 'node'; id: string; nodeKind: NodeKind } | { kind: 'link'; a: string; b: string };

export interface NodeAction {
  /** The entry's words ("Remove Host 1"). */
  label: string;
  run(): void | Promise<void>;
  /** Shown but not offered, with why (its title). */
  disabled?: string;
  /** Starts a group of its own (a line above it). */
  separator?: boolean;
}

/** Entries for a target, given the scenario on screen; none is fine. */
export type NodeActionProvider = (target: ActionTarget, scenario: Scenario) => NodeAction[];

/** The fabric editor's entries: properties, link, unlink, remove. */
export const editorActions: NodeActionProvider = (t, s) => {
  if (t.kind === 'link') {
    return [
      { label: 'Link properties', run: () => selectLink(t.a, t.b) },
      { label: `Remove the link ${nameOf(s, t.a)} – ${nameOf(s, t.b)}`, run: () => void commit(disconnect(s, t.a, t.b), { done: 'Link removed.' }) },
    ];
  }
  const name = nameOf(s, t.id);
  const links = s.links.filter((l) => l.a === t.id || l.b === t.id);
  return [
    { label: 'Properties', run: () => { useApp.setState({ selected: t.id }); useEditor.setState({ on: true, link: null, error: null }); } },
    t.nodeKind === 'dram'
      ? { label: 'Link to…', run: () => {}, disabled: 'DRAM sits on its host: link the host instead' }
      : { label: 'Link to…', run: () => startConnect(t.id) },
    ...links.map((l, i) => {
      const other = l.a === t.id ? l.b : l.a;
      return { label: `Remove the link to ${nameOf(s, other)}`, run: () => void commit(disconnect(s, t.id, other), { done: 'Link removed.' }), separator: i === 0 };
    }),
    { label: `Remove ${name}`, run: () => void commit(removeNode(s, t.id), { done: `Removed ${name}.` }), separator: true },
  ];
};

/**
 * The timeline's entries (issue 18): what a device or a link can suffer now, at the current
 * simulated time (fail, hot-remove, poison; a link's failure, degradation, recovery). Each adds
 * the event as the Timeline card would; a refusal says why in the edit error line.
 */
export const faultActions: NodeActionProvider = (t, s) => {
  const target = t.kind === 'link' ? { kind: 'link' as const, id: `${t.a}-${t.b}` }
    : t.nodeKind === 'host' || t.nodeKind === 'switch' ? null : { kind: 'device' as const, id: t.id };
  if (!target) return [];
  return eventActionsFor(target, s).map((a) => ({
    label: `${a.label} now (at ${fmtInt(a.event.atMs)} ms)`,
    run: async () => {
      const why = await addEvent(a.event);
      if (why) useApp.setState({ editError: `Not added: ${why}` });
    },
  }));
};

/** The providers, in menu order. Other features add theirs here or with registerNodeActions. */
export const NODE_ACTION_PROVIDERS: NodeActionProvider[] = [editorActions, faultActions];

/** Adds a provider (its entries come after those already there); returns how to take it out again. */
export function registerNodeActions(p: NodeActionProvider): () => void {
  NODE_ACTION_PROVIDERS.push(p);
  return () => {
    const i = NODE_ACTION_PROVIDERS.indexOf(p);
    if (i >= 0) NODE_ACTION_PROVIDERS.splice(i, 1);
  };
}

/** Every provider's entries for a target, in order; each provider's first entry starts a group. */
export function nodeActions(target: ActionTarget, scenario: Scenario): NodeAction[] {
  return NODE_ACTION_PROVIDERS.flatMap((p, i) => p(target, scenario).map((a, k) => (k === 0 && i > 0 ? { ...a, separator: true } : a)));
}
