// Scenario and UI state (React re-renders on these). Streamed simulation data lives in
// LiveData, not here.
import { create } from 'zustand';
import type { EngineMeta } from '../src/engine/meta';
import { DEFAULT_SPEED, type PanelName } from '../src/scenario/link';
import type { Scenario } from '../src/scenario/schema';
import type { ScenarioError } from '../src/scenario/validate';
import type { DiscoveryPer } from '../src/kernel-view/discovery';

export { SPEEDS } from '../src/scenario/link';

/** A sheet over the page: the shortcut help, the share dialog (link + QR), the exports, the sweep. */
export type Sheet = 'help' | 'share' | 'export' | 'sweep';

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
  /** Presentation mode: the topology and the chart fill the screen in large type. */
  present: boolean;
  /** Presentation mode shows its controls (one key toggles them). */
  presentControls: boolean;
  /** Read-only embedded view (a link's "embed=1"): no editing controls. */
  embed: boolean;
  /** The panels presentation and embed modes show, in order (null: their defaults). */
  panels: PanelName[] | null;
  /** The sheet open over the page, if any. */
  sheet: Sheet | null;
  /** The discovery step-through (Discovery panel): the step on screen and whether devices come up together or one by one; null: closed. */
  discovery: { step: number; per: DiscoveryPer } | null;
  /** Topology node ids the discovery step on screen lights (data-discovery on the topology's nodes); null: none. */
  discoveryLit: readonly string[] | null;
  /** The timeline event (index in scenario.events) picked in the Events card: its blast radius is the one drawn; null: the newest that hit anything. */
  eventPicked: number | null;
  /** The blast radius drawn: the topology node ids it hit (data-hit on the topology's nodes) and the event, in words; null: none. */
  blastHit: { ids: readonly string[]; what: string } | null;
}

export const useApp = create<AppState>(() => ({
  scenario: null,
  presetName: null,
  linkErrors: null,
  meta: null,
  running: false,
  loading: false,
  speed: DEFAULT_SPEED,
  selected: null,
  simError: null,
  editError: null,
  notice: null,
  compare: null,
  inspected: null,
  present: false,
  presentControls: false,
  embed: false,
  panels: null,
  sheet: null,
  discovery: null,
  discoveryLit: null,
  eventPicked: null,
  blastHit: null,
}));

const loadingBy = new Set<object>();

/** Marks one load (of a worker, or a preset fetch) as pending or done; `loading` is true while any is. */
export function markLoading(who: object, pending: boolean): void {
  if (pending) loadingBy.add(who);
  else loadingBy.delete(who);
  const loading = loadingBy.size > 0;
  if (useApp.getState().loading !== loading) useApp.setState({ loading });
}
