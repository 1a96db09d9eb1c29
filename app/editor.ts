// The fabric editor's state and its one way to change the scenario: an edit (src/scenario/
// fabric-edit.ts, already checked by the validator) goes through applyScenario, so the run, the
// link (#s=), the CLI's scenario file and the exports follow it; undo and redo walk the
// scenarios before and after each edit. A refusal stays in the editor, inline, and the
// running scenario is left as it was.
import { create } from 'zustand';
import type { EditResult } from '../src/scenario/fabric-edit';
import { connect, nameOf } from '../src/scenario/fabric-edit';
import { sameScenario } from '../src/scenario/link';
import type { Scenario } from '../src/scenario/schema';
import { applyParsedScenario } from './actions';
import { EditHistory } from './edit-history';
import { simKey } from './scenario-edit';
import { useApp } from './store';

export interface EditorState {
  /** Edit mode: the palette, the properties form and the picture's editing keys. */
  on: boolean;
  /** The link the properties form shows (a node's is useApp's `selected`). */
  link: { a: string; b: string } | null;
  /** Connect mode: the node a new link starts from, waiting for its other end. */
  connectFrom: string | null;
  /** Why the last edit was refused, and the form field it names (inline there). */
  error: { text: string; field?: string } | null;
  /** What the last edit did, for screen readers and the status line. */
  status: string;
  canUndo: boolean;
  canRedo: boolean;
  /** A node the picture should focus once it is drawn (the one an edit added). */
  focusId: string | null;
}

export const useEditor = create<EditorState>(() => ({
  on: false, link: null, connectFrom: null, error: null, status: '', canUndo: false, canRedo: false, focusId: null,
}));

const history = new EditHistory<Scenario>();
/** simKey of the scenario the editor last applied: a scenario changed elsewhere (a preset, a link) ends the history. */
let expected: string | null = null;

function sync(): void {
  useEditor.setState({ canUndo: history.canUndo, canRedo: history.canRedo });
}

useApp.subscribe((st, prev) => {
  if (st.scenario === prev.scenario || !st.scenario || expected === null) return;
  // Dragging a node changes only the layout: the history stays.
  if (simKey(st.scenario) === expected) return;
  history.clear();
  expected = null;
  sync();
});

export function setEditing(on: boolean): void {
  useEditor.setState({ on, connectFrom: null, error: null, ...(on ? {} : { link: null }) });
}

interface CommitOptions {
  /** What the status line says once it is applied. */
  done?: string;
  /** A scenario of its own (a new fabric, a pod): no preset in the address bar's short form. */
  fresh?: boolean;
  /** The form field the edit was of: a refusal is shown there. */
  field?: string;
}

/** Applies an edit (or shows why it was refused): the history records what it replaced. */
export async function commit(r: EditResult, o: CommitOptions = {}): Promise<boolean> {
  if (!r.ok) {
    useEditor.setState({ error: { text: r.reason, field: o.field }, status: '' });
    return false;
  }
  const before = useApp.getState().scenario;
  // The same scenario again (a field committed twice, Enter then blur): nothing to record.
  if (before && !o.fresh && sameScenario(before, r.scenario)) return true;
  // Recorded and shown as the scenario is applied, so that the page renders the edit once.
  const ok = await apply(r.scenario, o.fresh, () => {
    if (before) history.record(before);
    if (r.id) useApp.setState({ selected: r.id });
    useEditor.setState({ error: null, status: o.done ?? 'Applied.', focusId: r.id ?? null, ...(r.id ? { link: null } : {}) });
    sync();
  });
  if (!ok) {
    useEditor.setState({ error: { text: useApp.getState().editError ?? 'not applied', field: o.field } });
    return false;
  }
  return true;
}

async function apply(s: Scenario, fresh = false, onApplied?: () => void): Promise<boolean> {
  const prevExpected = expected;
  expected = simKey(s);
  // Every scenario here came from parseScenario (an edit's check, or one applied before).
  const ok = await applyParsedScenario(s, { ...(fresh ? { presetName: null } : {}), onApplied });
  if (!ok) expected = prevExpected;
  return ok;
}

async function walk(dir: 'undo' | 'redo'): Promise<void> {
  const cur = useApp.getState().scenario;
  if (!cur) return;
  const target = dir === 'undo' ? history.undo(cur) : history.redo(cur);
  if (!target) return;
  const ok = await apply(target, false, () => {
    const { selected } = useApp.getState();
    useEditor.setState({ error: null, connectFrom: null, status: dir === 'undo' ? 'Undone.' : 'Redone.', link: null });
    if (selected && !target.hosts.some((h) => h.id === selected) && !target.devices.some((d) => d.id === selected) && !target.switches.some((w) => w.id === selected)) useApp.setState({ selected: null });
    sync();
  });
  if (!ok) {
    history.revert(dir, target);
    sync();
  }
}

export const undo = () => walk('undo');
export const redo = () => walk('redo');

/** Connect mode: `from` is the first end; the next node picked (pointer or Enter) is the other. */
export function startConnect(from: string): void {
  const s = useApp.getState().scenario;
  useEditor.setState({
    on: true, connectFrom: from, error: null,
    status: `Linking from ${s ? nameOf(s, from) : from}: pick the other end (click it, or focus it and press Enter); Escape cancels.`,
  });
}

export function cancelConnect(): void {
  if (useEditor.getState().connectFrom) useEditor.setState({ connectFrom: null, status: 'Linking cancelled.' });
}

/** The other end picked: the link is made (or refused, with the reason). */
export async function finishConnect(to: string): Promise<void> {
  const from = useEditor.getState().connectFrom;
  const s = useApp.getState().scenario;
  if (!from || !s) return;
  useEditor.setState({ connectFrom: null });
  await commit(connect(s, from, to), { done: `Linked ${nameOf(s, from)} and ${nameOf(s, to)}.` });
}

/** The form shows a link (and the picture marks it). */
export function selectLink(a: string, b: string): void {
  useApp.setState({ selected: null });
  useEditor.setState({ on: true, link: { a, b }, error: null });
}
