// What the UI can do to the scenario and the run. Every scenario change goes through
// applyScenario: validated first, and only then given to the worker, the store and the URL.
import { parseScenario, formatErrors } from '../src/scenario/validate';
import type { Scenario } from '../src/scenario/schema';
import { LiveData } from './live';
import { DEFAULT_PRESET, fetchPreset, type PresetEntry } from './presets';
import { simKey } from './scenario-edit';
import type { SimClient } from './sim-client';
import { useApp } from './store';
import { HashWriter, readHash } from './url-state';

export const live = new LiveData();
export const hashWriter = new HashWriter();

let client: SimClient | null = null;
/** Newest scenario change: an older one finishing late must not win. */
let applySeq = 0;

export function attachClient(c: SimClient | null): void {
  client = c;
}

export function simClient(): SimClient | null {
  return client;
}

/**
 * Makes `next` the scenario. Layout-only edits keep the run going; anything else restarts
 * it at epoch 0. Returns false (and leaves everything as it was) if `next` is refused.
 */
export async function applyScenario(next: Scenario, opts: { presetName?: string | null } = {}): Promise<boolean> {
  const parsed = parseScenario(next);
  if (!parsed.ok) {
    useApp.setState({ editError: `Not applied: ${formatErrors(parsed.errors)}` });
    return false;
  }
  const s = parsed.scenario;
  const cur = useApp.getState().scenario;
  const presetName = opts.presetName === undefined ? useApp.getState().presetName : opts.presetName;
  const seq = ++applySeq;
  if (cur && simKey(cur) === simKey(s)) {
    useApp.setState({ scenario: s, presetName, editError: null });
    hashWriter.write(s);
    return true;
  }
  const wasRunning = useApp.getState().running;
  if (client) {
    const r = await client.load(s);
    if (seq !== applySeq) return false;
    if (!r.ok) {
      useApp.setState({ editError: `Not applied: this scenario cannot run (${r.message})` });
      return false;
    }
    // A running simulation keeps running, now from epoch 0 of the new scenario.
    if (wasRunning) client.play();
  }
  const selected = useApp.getState().selected;
  const ids = new Set([...s.hosts, ...s.devices, ...s.switches].map((n) => n.id));
  useApp.setState({ scenario: s, presetName, editError: null, linkErrors: null, selected: selected && ids.has(selected) ? selected : null });
  hashWriter.write(s, true);
  return true;
}

/** Loads the scenario named by the address bar (or the default preset if there is none). */
export async function openFromHash(): Promise<void> {
  const state = readHash(location.hash);
  if (state.kind === 'empty') return openPreset(DEFAULT_PRESET);
  if (state.kind === 'error') {
    hashWriter.cancel();
    client?.pause();
    useApp.setState({ linkErrors: state.errors, scenario: null, meta: null, running: false });
    return;
  }
  if (useApp.getState().scenario && client) {
    await applyScenario(state.scenario, { presetName: null });
  } else {
    useApp.setState({ scenario: state.scenario, presetName: null, linkErrors: null, editError: null });
  }
}

export async function openPreset(entry: Pick<PresetEntry, 'name' | 'file'>): Promise<void> {
  const r = await fetchPreset(entry.file);
  const cur = useApp.getState().scenario;
  if (!r.ok) {
    if (cur) useApp.setState({ editError: formatErrors(r.errors) });
    else useApp.setState({ linkErrors: r.errors });
    return;
  }
  if (cur && client) {
    await applyScenario(r.scenario, { presetName: entry.name });
  } else {
    useApp.setState({ scenario: r.scenario, presetName: entry.name, linkErrors: null, editError: null });
    hashWriter.write(r.scenario, true);
  }
}

/** The run the Playground starts when it mounts (a fresh worker). A link the engine refuses is a broken link. */
export async function startRun(c: SimClient, s: Scenario): Promise<void> {
  const r = await c.load(s);
  if (!r.ok && client === c && useApp.getState().scenario === s) {
    useApp.setState({ scenario: null, meta: null, linkErrors: [{ path: '', message: `this scenario cannot run: ${r.message}` }] });
  }
}

/** Restarts the current scenario from epoch 0. */
export async function restartRun(): Promise<void> {
  const { scenario, running } = useApp.getState();
  if (!client || !scenario) return;
  const r = await client.load(scenario);
  if (r.ok && running) client.play();
}
