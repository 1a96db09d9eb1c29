// What the UI can do to the scenario and the run(s). Every scenario change goes through
// applyScenario (or applyEdit): parsed once, and only then given to the worker(s), the store
// and the URL; a scenario that comes parsed already (a link, a preset) is not parsed again.
// With an A/B comparison on, run B (the same scenario and seed with policy B or pool manager B,
// or another preset: app/compare-target.ts) follows every command, in lock-step.
import { knownPayload } from '../src/scenario/codec';
import { DEFAULT_SPEED } from '../src/scenario/link';
import { compareLabel, runNames, scenarioOfB } from './compare-target';
import { parseScenario, formatErrors } from '../src/scenario/validate';
import type { Scenario } from '../src/scenario/schema';
import { frameSource } from './frame';
import { LiveData } from './live';
import { DEFAULT_PRESET, fetchPreset, fetchPresetIndex, fetchNamedPreset, fetchPresetScenarioNames, loadPresetScenario, presetCatalog, presetScenario, type PresetEntry } from './presets';
import { simKey } from './scenario-edit';
import { SUPERSEDED, type SimClient } from './sim-client';
import { markLoading, useApp } from './store';
import { HashWriter, readHash, type HashState } from './url-state';
import { download, slug } from './export/download';
import { scenarioFileText } from './export/scenario-file';
import type { SweepView } from '../src/sweep/text';
import { useSweep } from './sweep-state';

export const live = new LiveData();
/** Run B of the A/B comparison. */
export const liveB = new LiveData();
frameSource(live);
frameSource(liveB);
export const hashWriter = new HashWriter();

let client: SimClient | null = null;
let clientB: SimClient | null = null;
/** Newest scenario change: an older one finishing late must not win. */
let applySeq = 0;

export function attachClient(c: SimClient | null): void {
  client = c;
  lockStep();
}

export function attachCompareClient(c: SimClient | null): void {
  clientB = c;
  lockStep();
}

/** How many epochs one run of an A/B pair may play ahead of the other. */
const LOCK_STEP_WINDOW = 2;

/**
 * Keeps the A/B pair in lock-step while playing: each snapshot of one run lets the other play
 * at most LOCK_STEP_WINDOW epochs further, so neither pulls ahead at any speed.
 */
function lockStep(): void {
  if (client && clientB) {
    const a = client, b = clientB;
    a.onEpoch = (ea) => b.setLimit(ea + LOCK_STEP_WINDOW);
    b.onEpoch = (eb) => a.setLimit(eb + LOCK_STEP_WINDOW);
  } else if (client) {
    client.onEpoch = null;
    client.setLimit(null);
  }
}

export function simClient(): SimClient | null {
  return client;
}

/** A preset's scenario by its name (run B of a preset comparison). */
async function presetByName(name: string) {
  const list = await fetchPresetIndex().catch(() => []);
  return fetchPreset(list.find((p) => p.name === name)?.file ?? `${name}.json`);
}

/** Settles when run B's newest load has: Play and Step wait for it, so both runs move together. */
let bLoaded: Promise<unknown> = Promise.resolve();
/** Bumped by Pause: a Play still waiting for run B's load is dropped. */
let playSeq = 0;

/** Loads run B of `s` ("b=" value `b`); says so in the store if run B cannot run. */
async function loadB(c: SimClient, s: Scenario, b: string): Promise<boolean> {
  const loading = scenarioOfB(s, b, presetByName).then((r) => (r.ok ? c.load(r.scenario) : { ok: false as const, message: r.message }));
  bLoaded = loading.catch(() => {});
  const r = await loading;
  if (!r.ok && r.message !== SUPERSEDED) {
    useApp.setState({ simError: `The comparison run (B, ${compareLabel(b)}) cannot run: ${r.message}` });
  }
  return r.ok;
}

/**
 * Makes `next` (an edit of the scenario) the scenario. Layout-only edits keep the run going;
 * anything else restarts it at epoch 0. Returns false (and leaves everything as it was) if
 * `next` is refused.
 */
export async function applyScenario(next: Scenario, opts: ApplyOptions = {}): Promise<boolean> {
  const parsed = parseScenario(next);
  if (!parsed.ok) {
    useApp.setState({ editError: `Not applied: ${formatErrors(parsed.errors)}` });
    return false;
  }
  return applyParsed(parsed.scenario, opts);
}

interface ApplyOptions {
  presetName?: string | null;
  /**
   * Runs right after the store takes the scenario, in the same task and before React renders
   * it: what the caller changes with it (the editor's selection and status) is drawn in the
   * same render, not in a second one (64 hosts: the picture and its panels twice).
   */
  onApplied?: () => void;
  /** "replace": a link being opened (Back, Forward, typed) rewrites its own history entry; else the change is a new entry. */
  history?: 'push' | 'replace';
  /** Rapid edits of this kind share a history entry (app/url-state.ts). */
  coalesce?: string;
}

/** The address bar's preset (options.preset) and, once fetched, its scenario: the short link "#preset=" needs it. */
function setOrigin(name: string | null): void {
  if (hashWriter.originName === name && (name === null || presetScenario(name))) return;
  hashWriter.setOrigin(name, name ? presetScenario(name) : null);
  if (!name || presetScenario(name)) return;
  void loadPresetScenario(name).then((shipped) => {
    const s = useApp.getState().scenario;
    if (!shipped || hashWriter.originName !== name || !s) return;
    hashWriter.setOrigin(name, shipped);
    hashWriter.write(s, { immediate: true }); // the same entry, in its short form if it is the preset
  }, () => {});
}

/**
 * applyScenario for a scenario parseScenario just gave (the fabric editor's operations parse
 * each edit once: parsing it again would double the edit's main-thread time on a large fabric).
 */
export function applyParsedScenario(s: Scenario, opts: Pick<ApplyOptions, 'presetName' | 'onApplied'> = {}): Promise<boolean> {
  return applyParsed(s, opts);
}

/** applyScenario for a scenario parseScenario gave (a link's, a preset's, an edit's just parsed). */
async function applyParsed(s: Scenario, opts: ApplyOptions = {}): Promise<boolean> {
  const cur = useApp.getState().scenario;
  const presetName = opts.presetName === undefined ? useApp.getState().presetName : opts.presetName;
  const history = opts.history ?? 'push';
  const seq = ++applySeq;
  if (cur && simKey(cur) === simKey(s)) {
    useApp.setState({ scenario: s, presetName, editError: null });
    opts.onApplied?.();
    setOrigin(presetName);
    hashWriter.write(s, { history, coalesce: opts.coalesce ?? 'layout' });
    return true;
  }
  const wasRunning = useApp.getState().running;
  if (client) {
    const b = clientB, policyB = useApp.getState().compare;
    let landed = false;
    // Without a run B to wait for, the scenario joins the store as the run's meta does, in the
    // same task and render (sim-client load's `landed`), unless a newer change came meanwhile.
    const land = b && policyB ? undefined : (link: string) => {
      if (seq !== applySeq) return;
      // The worker encoded the scenario's link: the address bar takes it from there.
      knownPayload(s, link);
      landed = true;
      store(s, presetName, history, opts);
    };
    const [r] = await Promise.all([client.load(s, land), b && policyB ? loadB(b, s, policyB) : Promise.resolve(true)]);
    if (seq !== applySeq) return landed;
    if (!r.ok) {
      useApp.setState({ editError: `Not applied: this scenario cannot run (${r.message})` });
      return false;
    }
    knownPayload(s, r.link);
    // A running simulation keeps running, now from epoch 0 of the new scenario (unless its
    // worker had to be restarted out of a long epoch: then it waits, paused).
    if (wasRunning && !r.restarted) play();
    if (landed) return true;
  }
  store(s, presetName, history, opts);
  return true;
}

/** The store takes a scenario applyParsed accepted; the address bar follows. */
function store(s: Scenario, presetName: string | null, history: 'push' | 'replace', opts: ApplyOptions): void {
  const { selected, inspected } = useApp.getState();
  const ids = new Set([...s.hosts, ...s.devices, ...s.switches].map((n) => n.id));
  const groups = useApp.getState().meta?.heatGroups ?? 0;
  useApp.setState({
    scenario: s, presetName, editError: null, linkErrors: null,
    selected: selected && ids.has(selected) ? selected : null,
    inspected: inspected && inspected.group < groups ? { group: inspected.group, page: null } : null,
  });
  opts.onApplied?.();
  setOrigin(presetName);
  // An edit's link is written in a task of its own, after the one that renders it (its payload
  // comes encoded from the worker; comparing it with the history entry's still takes a few ms
  // at 64 hosts); a link being opened is rewritten at once.
  hashWriter.write(s, history === 'push' ? { soon: true, history, coalesce: opts.coalesce } : { immediate: true, history, coalesce: opts.coalesce });
}

/** A link asked to start playing ("play=1"): Play once its run has loaded. */
let playWhenLoaded = false;

/** The address bar's link read, a short one's preset fetched first (null: a newer navigation took over meanwhile). */
async function readAddress(hash: string): Promise<Exclude<HashState, { kind: 'short' }> | null> {
  const state = readHash(hash);
  if (state.kind !== 'short') return state;
  markLoading(presetFetch, true);
  try {
    const catalog = await presetCatalog(state.target);
    if (hashWriter.current !== hash) return null;
    const r = readHash(hash, catalog);
    return r.kind === 'short' ? null : r;
  } catch (e) {
    return { kind: 'error', errors: [{ path: 'link', message: `the preset list could not be loaded (${e instanceof Error ? e.message : String(e)})` }] };
  } finally {
    markLoading(presetFetch, false);
  }
}

/**
 * The preset an opened link's scenario came from, fetched (the address bar's short form needs
 * it): the one the link declares ("preset="), or for an older link the one whose scenario has
 * its name. A declared preset this app does not have is ignored with a notice.
 */
async function originOf(s: Scenario, declared: string | undefined): Promise<{ name: string | null; notice?: string }> {
  try {
    if (declared !== undefined) {
      if (await loadPresetScenario(declared)) return { name: declared };
      return { name: null, notice: `The link's preset "${declared}" is not one this app has; the Preset menu shows the scenario's own name.` };
    }
    const name = (await fetchPresetScenarioNames()).get(s.name) ?? null;
    if (name) await loadPresetScenario(name);
    return { name };
  } catch {
    return { name: null };
  }
}

/**
 * Loads the scenario named by the address bar (or the default preset if there is none), with
 * the link's options. It rewrites the history entry it opens (Back and Forward add none).
 */
export async function openFromHash(): Promise<void> {
  const hash = location.hash;
  hashWriter.opened(hash);
  const state = await readAddress(hash);
  if (!state) return;
  if (state.kind === 'empty') return openPreset(DEFAULT_PRESET, { history: 'replace' });
  if (state.kind === 'error') {
    void pause();
    useApp.setState({ linkErrors: state.errors, scenario: null, meta: null, running: false });
    return;
  }
  const o = state.options;
  const compare = o.b ?? null;
  const origin = await originOf(state.scenario, o.preset);
  if (hashWriter.current !== hash) return; // Back again, or another link, while the presets loaded
  const presetName = origin.name;
  const notice = [state.notice, origin.notice].filter(Boolean).join(' ') || null;
  hashWriter.setOptions({ b: o.b, speed: o.speed, present: o.present, embed: o.embed, panels: o.panels, sweep: o.sweep });
  useApp.setState({
    compare, notice,
    present: o.present ?? false, embed: o.embed ?? false, panels: o.panels ?? null,
  });
  // A link with a sweep opens the Sweep panel set up with it (it runs when asked: Run sweep).
  if (o.sweep && !o.embed) {
    useSweep.setState({ view: o.sweep });
    useApp.setState({ sheet: 'sweep' });
  }
  setSpeed(o.speed ?? DEFAULT_SPEED, false);
  playWhenLoaded = o.play === true;
  if (useApp.getState().scenario && client) {
    const ok = await applyParsed(state.scenario, { presetName, history: 'replace' });
    if (ok && playWhenLoaded) { playWhenLoaded = false; play(); }
  } else {
    useApp.setState({ scenario: state.scenario, presetName, linkErrors: null, editError: null });
    setOrigin(presetName);
  }
  // An ignored option leaves the address: the notice says why.
  if (notice) hashWriter.write(useApp.getState().scenario ?? state.scenario, { immediate: true });
}

/** The preset being fetched (a fetch counts as loading: Play waits for it). */
const presetFetch = {};

/** Opens a preset as it ships; a new history entry unless `history` is "replace" (the first screen). */
export async function openPreset(entry: Pick<PresetEntry, 'name' | 'file'>, opts: { history?: 'push' | 'replace' } = {}): Promise<void> {
  markLoading(presetFetch, true);
  const r = await fetchNamedPreset(entry).finally(() => markLoading(presetFetch, false));
  const cur = useApp.getState().scenario;
  if (!r.ok) {
    if (cur) useApp.setState({ editError: formatErrors(r.errors) });
    else useApp.setState({ linkErrors: r.errors });
    return;
  }
  if (cur && client) {
    await applyParsed(r.scenario, { presetName: entry.name, history: opts.history });
  } else {
    useApp.setState({ scenario: r.scenario, presetName: entry.name, linkErrors: null, editError: null });
    setOrigin(entry.name);
    hashWriter.write(r.scenario, { immediate: true });
  }
}

/** The run the Playground starts when it mounts (a fresh worker). A link the engine refuses is a broken link. */
export async function startRun(c: SimClient, s: Scenario): Promise<void> {
  const r = await c.load(s);
  if (r.ok && playWhenLoaded && client === c) {
    playWhenLoaded = false;
    play();
  }
  // Superseded: the user picked another scenario while this one was loading; that one runs.
  if (!r.ok && r.message !== SUPERSEDED && client === c && useApp.getState().scenario === s) {
    useApp.setState({ scenario: null, meta: null, linkErrors: [{ path: '', message: `this scenario cannot run: ${r.message}` }] });
  }
}

/**
 * Starts run B on a fresh comparison worker. Both runs start together at epoch 0: a main run
 * that has already moved on is restarted too.
 */
export async function startCompare(c: SimClient, policy: string): Promise<void> {
  const { scenario, running } = useApp.getState();
  if (!scenario) return;
  const restartA = client !== null && (live.latestEpochs > 0 || running);
  if (restartA) void client!.pause();
  const [okB] = await Promise.all([loadB(c, scenario, policy), restartA ? client!.load(scenario) : Promise.resolve(null)]);
  if (okB && running && clientB === c) play();
}

/** Turns the A/B comparison on (run B: a "b=" value, app/compare-target.ts) or off (null); the link follows. */
export function setCompare(b: string | null): void {
  if (useApp.getState().compare === b) return;
  useApp.setState({ compare: b, notice: null });
  writeOptions({ b: b ?? undefined });
}

/** The sweep of the open Sweep panel into the address bar ("sweep="), or out of it (null: the panel closed). */
export function setSweepLink(view: SweepView | null): void {
  writeOptions({ sweep: view ?? undefined });
}

/** Puts view options into the address bar (the scenario stays as it is). */
function writeOptions(patch: Parameters<HashWriter['setOptions']>[0]): void {
  hashWriter.setOptions(patch);
  const s = useApp.getState().scenario;
  if (s) hashWriter.write(s, { immediate: true });
}

/** Whether presentation mode put the page in fullscreen (so leaving one leaves the other). */
let presentFullscreen = false;

/**
 * Presentation mode on or off (the address bar says "present=1" while it is on). Turned on by
 * a key or a click it also asks for fullscreen (a browser may refuse; a link cannot ask), and
 * leaving that fullscreen (Esc in the browser) leaves presentation mode too.
 */
export function setPresent(on: boolean): void {
  if (useApp.getState().present === on) return;
  useApp.setState({ present: on, presentControls: false });
  writeOptions({ present: on || undefined });
  if (typeof document === 'undefined') return;
  if (on && !document.fullscreenElement && navigator.userActivation?.isActive !== false) {
    document.documentElement.requestFullscreen?.().then(() => { presentFullscreen = true; }, () => {});
  } else if (!on && presentFullscreen) {
    presentFullscreen = false;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  }
}

if (typeof document !== 'undefined') {
  document.addEventListener('fullscreenchange', () => {
    if (document.fullscreenElement || !presentFullscreen) return;
    presentFullscreen = false;
    setPresent(false);
  });
}

/** Fullscreen on or off by itself ("F"): presentation mode stays as it is. */
export function toggleFullscreen(): void {
  presentFullscreen = false;
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}

/** Restarts the current scenario from epoch 0 (both runs). */
export async function restartRun(): Promise<void> {
  const { scenario, running, compare } = useApp.getState();
  if (!client || !scenario) return;
  const [r] = await Promise.all([client.load(scenario), clientB && compare ? loadB(clientB, scenario, compare) : Promise.resolve(true)]);
  if (r.ok && running) play();
}

export function play(): void {
  if (!clientB) {
    void client?.play();
    return;
  }
  const seq = playSeq;
  void bLoaded.then(() => {
    if (seq !== playSeq) return;
    void client?.play();
    void clientB?.play();
  });
}

/** Pauses both runs, then steps the one behind so they stop at the same epoch. */
export async function pause(): Promise<void> {
  playSeq++;
  const a = client, b = clientB;
  await Promise.all([a?.pause(), b?.pause()]);
  if (!a || !b) return;
  const [ea, eb] = await Promise.all([a.step(0), b.step(0)]);
  if (ea === null || eb === null || ea === eb) return;
  await (ea < eb ? a.step(eb - ea) : b.step(ea - eb));
}

export async function step(n = 1): Promise<void> {
  if (clientB) await bLoaded;
  await Promise.all([client?.step(n), clientB?.step(n)]);
}

/** Epochs per second for both runs; `remember`: the address bar keeps it ("speed=", unless the default). */
export function setSpeed(epochsPerSecond: number, remember = true): void {
  useApp.setState({ speed: epochsPerSecond });
  client?.setSpeed(epochsPerSecond);
  clientB?.setSpeed(epochsPerSecond);
  if (remember) writeOptions({ speed: epochsPerSecond === DEFAULT_SPEED ? undefined : epochsPerSecond });
}

/** Restarts the simulator worker(s) after a crash the clients gave up on. */
export async function restartSimulators(): Promise<void> {
  await Promise.all([client?.restart(), clientB?.restart()]);
}

/** Downloads run A (or B) so far as the CLI's `--format json` (or csv) report, byte for byte. */
export async function downloadRun(which: 'a' | 'b' = 'a', format: 'json' | 'csv' = 'json'): Promise<void> {
  const c = which === 'a' ? client : clientB;
  const s = useApp.getState().scenario;
  const text = await c?.report(format);
  if (!text || !s) return;
  const { presetName, compare } = useApp.getState();
  const names = runNames(s, presetName, compare);
  const run = which === 'a' ? names.a : names.b ?? 'b';
  // Past the scenario's epochs the report is the CLI's run of the scenario (workers/recorder.ts).
  const epochs = Math.min(s.epochs, (which === 'a' ? live : liveB).latestEpochs);
  download(text, `${slug(s.name)}-${slug(run)}-${epochs}-epochs.${format}`, format === 'json' ? 'application/json' : 'text/csv');
}

/** Downloads the scenario as a JSON file that `npm run sim -- --scenario FILE` runs as this page's link does. */
export function exportScenario(): void {
  const s = useApp.getState().scenario;
  if (s) download(scenarioFileText(s), `${slug(s.name)}.scenario.json`, 'application/json');
}

/**
 * For inline editors: validates `next` and applies it. Resolves to the validation errors
 * ("devices[1].adistance: …"), leaving the running scenario alone, or to null once applied.
 */
export async function applyEdit(next: Scenario): Promise<string | null> {
  const parsed = parseScenario(next);
  if (!parsed.ok) return formatErrors(parsed.errors);
  const ok = await applyParsed(parsed.scenario, { coalesce: 'field' });
  return ok ? null : useApp.getState().editError ?? 'not applied';
}
