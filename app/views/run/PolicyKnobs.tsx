// The selected policy's knobs: its parameters (ParamSpec) as labelled number inputs with a
// reset to the default, and for node-mask policies the mask (and weighted interleave's
// weights). Every edit is validated, then applied (the run restarts) and put in the link.
import { useId, useState } from 'react';
import { findPolicy } from '../../../src/policies/registry';
import type { ParamSpec } from '../../../src/policies/types';
import { autoWeights } from '../../../src/policies/weighted-interleave';
import { BOUNDS } from '../../../src/scenario/bounds';
import type { Scenario } from '../../../src/scenario/schema';
import { applyEdit } from '../../actions';
import { inNodeMask, memoryNodes, nodeNames, withNodes, withParam, withWeight } from '../../scenario-edit';
import { useApp } from '../../store';
import { NumberField } from './NumberField';
import { Term } from '../teaching/Term';

/** Policies whose manual weights mean something (the others ignore `policy.weights`). */

export function PolicyKnobs() {
  const scenario = useApp((s) => s.scenario)!;
  const def = findPolicy(scenario.policy.name);
  if (!def) return null;
  const empty = def.params.length === 0 && !def.usesNodeMask;
  return (
    <section className="card knobs" aria-labelledby="knobs-title">
      <div className="panel-head">
        <h2 id="knobs-title">Policy knobs: {def.name}</h2>
        {Object.keys(scenario.policy.params).length > 0 && (
          <button type="button" className="small" onClick={() => void applyEdit({ ...scenario, policy: { ...scenario.policy, params: {} } })}>
            Reset all to defaults
          </button>
        )}
      </div>
      {empty && <p className="muted">{def.name} has no parameters.</p>}
      {def.params.length > 0 && (
        <div className="param-grid">
          {def.params.map((p) => <ParamField key={`${p.key}:${scenario.policy.params[p.key] ?? ''}`} spec={p} scenario={scenario} />)}
        </div>
      )}
      {def.usesNodeMask && <NodeMask key={scenario.policy.nodes.join(',')} scenario={scenario} weights={def.usesWeights === true} />}
    </section>
  );
}

function ParamField({ spec, scenario }: { spec: ParamSpec; scenario: Scenario }) {
  const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 12 });
  const range = `${n(spec.min)}–${n(spec.max)}${spec.integer ? ', whole numbers' : ''}; default ${n(spec.default)}`;
  return (
    <NumberField
      label={spec.label}
      value={scenario.policy.params[spec.key]}
      defaultValue={spec.default}
      min={spec.min}
      max={spec.max}
      integer={spec.integer}
      unit={spec.unit}
      help={spec.help ? `${spec.help} (${range})` : range}
      commit={(v) => applyEdit(withParam(scenario, spec.key, v))}
      reset={() => void applyEdit(withParam(scenario, spec.key, undefined))}
      resetLabel={`Reset ${spec.label} to its default (${spec.default})`}
    />
  );
}

function NodeMask({ scenario, weights }: { scenario: Scenario; weights: boolean }) {
  const names = nodeNames(scenario);
  const [error, setError] = useState<string | null>(null);
  // The boxes as ticked, shown at once while the run restarts (re-keyed when the mask changes).
  const [pending, setPending] = useState<string[] | null>(null);
  const errorId = useId();
  // Memory nodes, not devices: an interleave set is one node of the mask.
  const devices = memoryNodes(scenario);
  const checked = (id: string) => (pending ? pending.includes(id) : inNodeMask(scenario, id));
  const masked = devices.filter((d) => inNodeMask(scenario, d.id));
  const auto = autoWeights(masked.map((d) => d.bandwidthGBps));
  const toggle = async (id: string, on: boolean) => {
    const next = devices.map((d) => d.id).filter((x) => (x === id ? on : checked(x)));
    if (next.length === 0) {
      setError('policy.nodes: keep at least one node in the mask');
      return;
    }
    setPending(next);
    const err = await applyEdit(withNodes(scenario, next));
    if (err) {
      setPending(null);
      setError(err);
    }
  };
  return (
    <fieldset className="node-mask" aria-describedby={error ? errorId : undefined}>
      <legend><Term id="node-mask">Node mask</Term> <span className="muted">(NUMA nodes the policy may allocate from)</span></legend>
      <div className="mask-list">
        {devices.map((d, i) => (
          <label key={d.id} className="check">
            <input type="checkbox" checked={checked(d.id)} onChange={(e) => void toggle(d.id, e.target.checked)} />
            node {i}: {names.get(d.id) ?? d.name}
          </label>
        ))}
      </div>
      {error && <span id={errorId} className="inline-error" role="alert">{error}</span>}
      {weights && (
        <div className="param-grid weights">
          {masked.map((d, i) => {
            const name = names.get(d.id) ?? d.name;
            const w = scenario.policy.weights?.[d.id];
            return (
              <NumberField
                key={`${d.id}:${w ?? ''}:${auto[i]}`}
                label={`Weight of ${name}`}
                value={w}
                defaultValue={auto[i]}
                min={BOUNDS.weight.min}
                max={BOUNDS.weight.max}
                integer
                help={`Pages per round-robin cycle; empty = automatic from bandwidth (${auto[i]})`}
                commit={(v) => applyEdit(withWeight(scenario, d.id, v))}
                reset={() => void applyEdit(withWeight(scenario, d.id, undefined))}
                resetLabel={`Reset the weight of ${name} to automatic (${auto[i]})`}
              />
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
