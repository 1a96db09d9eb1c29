// One parse per edit: an edit is parsed once by applyScenario / applyEdit, writing the address
// bar parses nothing, and a scenario that came parsed (a link) is not parsed again.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPreset } from '../scripts/cli/presets';
import type { Scenario } from '../src/scenario/schema';

const parses = vi.hoisted(() => {
  // The address bar HashWriter writes to, in Node.
  const loc = { hash: '', pathname: '/', search: '', origin: 'http://localhost' };
  const entries: string[] = [''];
  Object.assign(globalThis, {
    location: loc,
    history: {
      state: null,
      get length() { return entries.length; },
      replaceState: (_s: unknown, _t: string, h: string) => { loc.hash = h; entries[entries.length - 1] = h; },
      pushState: (_s: unknown, _t: string, h: string) => { loc.hash = h; entries.push(h); },
    },
  });
  return { n: 0 };
});

vi.mock('../src/scenario/validate', async (importOriginal) => {
  const m = await importOriginal<typeof import('../src/scenario/validate')>();
  return { ...m, parseScenario: (v: unknown) => { parses.n++; return m.parseScenario(v); } };
});

const { applyEdit, applyParsedScenario, applyScenario, attachClient, openFromHash } = await import('./actions');
const { useApp } = await import('./store');
const { scenarioHash } = await import('./url-state');
const { withParam, withSeed } = await import('./scenario-edit');

/** A worker that loads anything at once (the worker parses at its own boundary, in its own thread). */
const loaded: Scenario[] = [];
/** Payloads the fake worker answers with, by seed (the real one encodes the scenario it loads). */
const payloadBySeed = new Map<number, string>();
const client = {
  onEpoch: null, setLimit() {}, setSpeed() {}, play: async () => {},
  // As the real client: the caller's `landed` runs once the run is loaded, before load resolves.
  load: async (s: Scenario, landed?: (link: string | undefined) => void) => {
    loaded.push(s);
    landed?.(payloadBySeed.get(s.seed));
    return { ok: true as const, meta: {}, restarted: false, link: payloadBySeed.get(s.seed) };
  },
};

describe('one parse per edit', () => {
  const s0 = loadPreset('tpp-1to4');

  beforeEach(async () => {
    attachClient(client as never);
    useApp.setState({ scenario: s0, presetName: 'tpp-1to4', editError: null });
    await Promise.resolve();
    parses.n = 0;
    loaded.length = 0;
  });

  it('applyScenario parses an edit once, and the address bar then holds it (written in a task of its own)', async () => {
    const before = location.hash;
    expect(await applyScenario(withSeed(s0, 42))).toBe(true);
    expect(parses.n).toBe(1);
    expect(loaded.map((s) => s.seed)).toEqual([42]);
    // Not in the task that applied the edit (it renders it), but right after.
    expect(location.hash).toBe(before);
    await new Promise((r) => setTimeout(r, 0));
    // An edit of a preset: the whole scenario, and the preset it came from.
    expect(location.hash).toBe(scenarioHash(withSeed(s0, 42), { preset: 'tpp-1to4' }));
  });

  it('applyEdit parses an edit once, whether it is applied or refused', async () => {
    expect(await applyEdit(withParam(s0, 'headroom_pct', 5))).toBeNull();
    expect(parses.n).toBe(1);
    expect(useApp.getState().scenario?.policy.params).toEqual({ headroom_pct: 5 });
    parses.n = 0;
    expect(await applyEdit(withParam(s0, 'headroom_pct', 500))).toMatch(/^policy\.params\.headroom_pct: /);
    expect(parses.n).toBe(1);
  });

  it('a refused edit is parsed once and leaves the scenario as it was', async () => {
    expect(await applyScenario({ ...s0, epochMs: 0 })).toBe(false);
    expect(parses.n).toBe(1);
    expect(useApp.getState().scenario).toBe(s0);
    expect(useApp.getState().editError).toMatch(/^Not applied: epochMs: /);
  });

  it('a link is parsed once, when it is read', async () => {
    const next = withSeed(s0, 7);
    location.hash = scenarioHash(next);
    parses.n = 0;
    await openFromHash();
    expect(parses.n).toBe(1);
    expect(loaded.map((s) => s.seed)).toEqual([7]);
    expect(useApp.getState().scenario?.seed).toBe(7);
  });

  it('the address bar takes the link payload the worker encoded: the page does not encode the edit', async () => {
    payloadBySeed.set(43, 'v2.FROM-THE-WORKER');
    expect(await applyScenario(withSeed(s0, 43))).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(location.hash).toMatch(/^#s=v2\.FROM-THE-WORKER(&|$)/);
    payloadBySeed.clear();
  });

  it('what the caller sets with the scenario (onApplied) runs once, right after the store holds it', async () => {
    const s = withSeed(s0, 44);
    const seen: (Scenario | null)[] = [];
    expect(await applyParsedScenario(s, { onApplied: () => seen.push(useApp.getState().scenario) })).toBe(true);
    expect(seen).toEqual([s]);
    // A refused one never calls it.
    useApp.setState({ scenario: s0 });
    const refused = { ...client, load: async () => ({ ok: false as const, message: 'no' }) };
    attachClient(refused as never);
    expect(await applyParsedScenario(withSeed(s0, 45), { onApplied: () => seen.push(null) })).toBe(false);
    expect(seen).toEqual([s]);
  });

  it('the scenario joins the store in the task the run lands in, with its meta (one render), not after load resolves', async () => {
    const order: string[] = [];
    const landing = { ...client, load: async (sc: Scenario, landed?: (link: string) => void) => {
      landed?.('v2.X');
      order.push('load resolves');
      return { ok: true as const, meta: {}, restarted: false, link: 'v2.X' };
    } };
    attachClient(landing as never);
    expect(await applyParsedScenario(withSeed(s0, 46), { onApplied: () => order.push(`store holds seed ${useApp.getState().scenario?.seed}`) })).toBe(true);
    expect(order).toEqual(['store holds seed 46', 'load resolves']);
  });
});
