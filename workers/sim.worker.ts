// The simulation worker: one Engine per run, driven by the Runner in ~10 ms slices.
import * as Comlink from 'comlink';
import { Engine } from '../src/engine';
import { parseScenario, formatErrors } from '../src/scenario/validate';
import type { Scenario } from '../src/scenario/schema';
import type { SimApi, SimListener } from './api';
import { groupInfo, pageInfo } from './inspect';
import { RecordingEngine } from './recorder';
import { Runner } from './runner';

let listener: Comlink.Remote<SimListener> | null = null;
let current: RecordingEngine | null = null;

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
    return listener.snapshot(Comlink.transfer(buffer, [buffer]), info);
  },
  fail(message, runId) {
    void listener?.failed(message, runId);
  },
});

const api: SimApi = {
  load(scenario: Scenario, runId: number) {
    // The app validated it already; the worker checks again at its own boundary.
    const parsed = parseScenario(scenario);
    if (!parsed.ok) throw new Error(`invalid scenario: ${formatErrors(parsed.errors)}`);
    // Build first: if the engine refuses the scenario, the current run stays as it was.
    const engine = new RecordingEngine(new Engine(parsed.scenario));
    current = engine;
    runner.load(engine, runId);
    return engine.engine.meta;
  },
  play: () => runner.play(),
  pause: () => runner.pause(),
  step: (n) => runner.step(n),
  setSpeed: (eps) => runner.setSpeed(eps),
  setLimit: (epochs) => runner.setLimit(typeof epochs === 'number' && epochs >= 0 ? Math.floor(epochs) : Infinity),
  subscribe(l) {
    listener = l as unknown as Comlink.Remote<SimListener>;
  },
  groupInfo: (group) => (current ? groupInfo(current.engine, group) : null),
  inspect: (page) => (current ? pageInfo(current.engine, page) : null),
  report: () => current?.reportJson() ?? null,
};

Comlink.expose(api);
