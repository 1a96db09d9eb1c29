// One epoch's work is bounded before anything runs (issue 6 item 11): a scenario whose epoch
// would stall the worker is refused with the knobs to turn; every preset and policy passes.
import { describe, expect, it } from 'vitest';
import { listPresets, loadPreset } from '../../scripts/cli/presets';
import { POLICIES } from '../policies/registry';
import { resolveParams } from '../policies/types';
import { LIMITS } from './limits';
import { formatErrors, parseScenario } from './validate';

/** The damos link: 0.1 ms sampling, 100,000 regions, 60 s epochs. */
function stallingDamos(): object {
  return { ...loadPreset('tpp-1to4'), epochMs: 60_000, policy: { name: 'damos', params: { sampleMs: 0.1, maxRegions: 100_000, minRegions: 10_000 }, nodes: [] } };
}

describe('the work budget of one epoch', () => {
  it("refuses the issue's damos scenario, naming the knobs", () => {
    const r = parseScenario(stallingDamos());
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : formatErrors(r.errors);
    expect(text).toMatch(/^policy: one epoch would take 1\.0e8 units of work, at most 5\.0e7: /);
    for (const knob of ['policy.params.maxRegions', 'policy.params.sampleMs', 'policy.params.aggrMs', 'epochMs', 'samplesPerHost']) expect(text).toContain(knob);
  });

  it('passes the same scenario with a sampling interval the budget allows', () => {
    const s = stallingDamos() as { policy: { params: Record<string, number> } };
    s.policy.params.sampleMs = 5;
    expect(parseScenario(s).ok).toBe(true);
  });

  it('passes every preset with every policy at its default parameters', () => {
    let checked = 0;
    for (const p of listPresets()) {
      for (const def of POLICIES) {
        const s = { ...loadPreset(p.name), policy: { name: def.name, params: resolveParams(def, {}), nodes: [] } };
        const r = parseScenario(s);
        expect(r.ok ? '' : formatErrors(r.errors), `${p.name} / ${def.name}`).toBe('');
        checked++;
      }
    }
    expect(checked).toBe(listPresets().length * POLICIES.length);
    expect(checked).toBeGreaterThan(50);
  });

  it('the largest scenario the limits allow fits the budget on the engine side', () => {
    expect(LIMITS.totalPages + LIMITS.totalSamples).toBeLessThan(LIMITS.epochWork);
  });
});
