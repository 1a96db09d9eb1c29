// Scenario and UI state (React re-renders on these). Streamed simulation data lives in
// LiveData, not here.
import { create } from 'zustand';
import type { EngineMeta } from '../src/meta';
import type { Scenario } from '../src/scenario/schema';
import type { ScenarioError } from '../src/scenario/validate';

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, Infinity] as const;

export interface AppState {
  /** The scenario being run (always valid), or null while loading / on a broken link. */
  scenario: Scenario | null;
  /** Preset the scenario started from, if any. */
  presetName: string | null;
  /** Why the link in the address bar cannot be opened: shows the error screen. */
  linkErrors: ScenarioError[] | null;
  /** Facts the engine derived from the running scenario. */
  meta: EngineMeta | null;
  /** Whether the run plays, as the simulator worker last reported it (never guessed by the UI). */
  running: boolean;
  /** A scenario is being loaded: Play, Step and Restart cannot act until it is. */
  loading: boolean;
  /** Epochs per second (Infinity = as fast as possible). */
  speed: number;
  selected: string | null;
  /** The simulator failed or restarted. */
  simError: string | null;
  /** The last edit was refused (the running scenario is unchanged). */
  editError: string | null;
  /** Something was ignored but the page works (e.g. an unknown comparison policy in the link). */
  notice: string | null;
  /** Policy B of the A/B comparison (a second run of the same scenario and seed), or null. */
  compare: string | null;
  /** The heatmap page group (and page within it) the page inspector shows; page null = its default. */
  inspected: { group: number; page: number | null } | null;
}

export const useApp = create<AppState>(() => ({
  scenario: null,
  presetName: null,
  linkErrors: null,
  meta: null,
  running: false,
  loading: false,
  speed: 10,
  selected: null,
  simError: null,
  editError: null,
  notice: null,
  compare: null,
  inspected: null,
}));

const loadingBy = new Set<object>();

/** Marks one load (of a worker, or a preset fetch) as pending or done; `loading` is true while any is. */
export function markLoading(who: object, pending: boolean): void {
  if (pending) loadingBy.add(who);
  else loadingBy.delete(who);
  const loading = loadingBy.size > 0;
  if (useApp.getState().loading !== loading) useApp.setState({ loading });
}
