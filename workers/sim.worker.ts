// The simulation worker: one Engine per run, driven by the Runner in ~10 ms slices.
import * as Comlink from 'comlink';
import { Engine } from '../src/engine/engine';
import { encodeScenario } from '../src/scenario/codec';
import { parseScenario, formatErrors } from '../src/scenario/validate';
import type { Scenario } from '../src/scenario/schema';
import type { EngineLike, SimApi, SimListener, WorkerDebug } from './api';
import { groupInfo, pageInfo } from './inspect';
import { RecordingEngine } from './recorder';
import { Runner } from './runner';

let listener: Comlink.Remote<SimListener> | null = null;
let current: RecordingEngine | null = null;
/** EngineMeta.version the app last received (with load() or a snapshot). */
let sentMetaVersion = 0;
/** The event outcomes the app last received, as JSON: sent again only when they change. */
let sentEvents = '[]';
/** Test-only slow-downs from the worker's name (see WorkerDebug); none in the app. */
const debug: WorkerDebug = readDebug(self.name);

function readDebug(name: string): WorkerDebug {
  if (!name) return {};
  try {
    const d = JSON.parse(name) as Record<string, unknown> | null;
    return { loadDelayMs: Number(d?.loadDelayMs) || 0, stepDelayMs: Number(d?.stepDelayMs) || 0 };
  } catch {
    return {};
  }
}

/** A busy wait: like a slow engine, it keeps the worker from reading any message meanwhile. */
function spin(ms: number | undefined): void {
  if (!ms || !(ms > 0)) return;
  const end = performance.now() + Math.min(ms, 600_000);
  while (performance.now() < end) { /* busy on purpose */ }
}

/** The engine as the runner drives it: with the test-only epoch delay when one is set. */
function driven(engine: RecordingEngine): EngineLike {
  if (!debug.stepDelayMs) return engine;
  return {
    get epoch() { return engine.epoch; },
    step() { spin(debug.stepDelayMs); return engine.step(); },
    snapshot: (history) => engine.snapshot(history),
    policyStats: () => engine.policyStats(),
  };
}

// A MessageChannel hop yields to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
let queued: (() => void) | null = null;
channel.port1.onmessage = () => {
  const fn = queued;
  queued = null;
  fn?.();
};

const runner = new Runner({
  now: () => performance.now(),
  yieldNow(fn) {
    queued = fn;
    channel.port2.postMessage(0);
  },
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  send(buffer, info) {
    if (!listener) return Promise.resolve();
    // The topology changed since the last snapshot: the app gets the new static facts with it.
    const meta = current?.engine.meta;
    if (meta && meta.version !== sentMetaVersion) { sentMetaVersion = meta.version; info = { ...info, meta }; }
    // What the timeline's events did (the report's rows, from the engine): a few rows, sent when they change.
    if (current && (current.engine.scenario.events?.length ?? 0) > 0) {
      const events = current.engine.eventOutcomes();
      const text = JSON.stringify(events);
      if (text !== sentEvents) { sentEvents = text; info = { ...info, events }; }
    }
    return listener.snapshot(Comlink.transfer(buffer, [buffer]), info);
  },
  fail(message, runId) {
    void listener?.failed(message, runId);
  },
});

const api: SimApi = {
  load(scenario: Scenario, runId: number) {
    // The app validated it already; the worker checks again at its own boundary.
    spin(debug.loadDelayMs);
    const parsed = parseScenario(scenario);
    if (!parsed.ok) throw new Error(`invalid scenario: ${formatErrors(parsed.errors)}`);
    // Build first: if the engine refuses the scenario, the current run stays as it was.
    const engine = new RecordingEngine(new Engine(parsed.scenario));
    current = engine;
    sentMetaVersion = engine.engine.meta.version;
    sentEvents = '[]';
    runner.load(driven(engine), runId);
    // The scenario as the page sent it (its copy: the same JSON), so the payload is the page's own.
    return { meta: engine.engine.meta, report: runner.report(), link: encodeScenario(scenario) };
  },
  play() {
    runner.play();
    return runner.report();
  },
  pause() {
    runner.pause();
    return runner.report();
  },
  ping: () => runner.report(),
  step: (n) => runner.step(n),
  replay: (n) => runner.replay(n),
  setSpeed: (eps) => runner.setSpeed(eps),
  setLimit: (epochs) => runner.setLimit(typeof epochs === 'number' && epochs >= 0 ? Math.floor(epochs) : Infinity),
  subscribe(l) {
    listener = l as unknown as Comlink.Remote<SimListener>;
  },
  groupInfo: (group) => (current ? groupInfo(current.engine, group) : null),
  inspect: (page) => (current ? pageInfo(current.engine, page) : null),
  report: (format = 'json') => current?.report(format) ?? null,
};

Comlink.expose(api);
