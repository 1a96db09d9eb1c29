// The A/B comparison: the "Compare with…" picker (another policy, another pool manager for a
// scenario with a pool, or another preset: run B, in lock-step with run A), and the panel that
// says who wins over the run so far at equal epochs (the figures the metric registry marks for
// comparison, a pool's where both runs have one, and the gaps).
import { useEffect, useId, useState } from 'react';
import { POLICIES } from '../../../src/policies/registry';
import { POOL_MANAGERS } from '../../../src/pool-managers/registry';
import { compareValue } from '../../../src/scenario/link';
import { live, liveB, setCompare } from '../../actions';
import { COMPARED, verdicts } from '../../compare-stats';
import { epochSpan, fmtInt, metricText } from '../../format';
import { fetchPresetIndex, presetLabel, type PresetEntry } from '../../presets';
import { useApp } from '../../store';
import { useLiveTick } from '../../use-live';
import { useRunPolicies } from './RunPair';

export function ComparePicker() {
  const compare = useApp((s) => s.compare);
  const pooled = useApp((s) => s.scenario?.pool !== undefined);
  const [presets, setPresets] = useState<PresetEntry[]>([]);
  useEffect(() => {
    let alive = true;
    fetchPresetIndex().then((l) => { if (alive) setPresets(l); }, () => {});
    return () => { alive = false; };
  }, []);
  const helpId = useId();
  const value = (kind: 'manager' | 'preset', name: string) => compareValue({ kind, name });
  return (
    <>
      <label className="field">
        <span>Compare with</span>
        <select value={compare ?? ''} aria-describedby={helpId} onChange={(e) => setCompare(e.target.value || null)}>
          <option value="">off</option>
          <optgroup label="another policy">
            {POLICIES.map((p) => <option key={p.name} value={p.name} title={p.description}>{p.name}</option>)}
          </optgroup>
          {pooled && (
            <optgroup label="another pool manager">
              {POOL_MANAGERS.map((m) => <option key={m.name} value={value('manager', m.name)} title={m.description}>pool manager {m.name}</option>)}
            </optgroup>
          )}
          <optgroup label="another preset">
            {presets.map((p) => <option key={p.name} value={value('preset', p.name)} title={p.description}>preset {presetLabel(p)}</option>)}
          </optgroup>
          {compare && !compare.includes(':') && !POLICIES.some((p) => p.name === compare) && <option value={compare}>{compare}</option>}
        </select>
      </label>
      <span id={helpId} className="visually-hidden">
        Runs a second run (B) in step with this one: the same scenario and seed with another policy or pool manager, or another preset; turning it on restarts both runs at epoch 0.
      </span>
    </>
  );
}

/** `compact`: the verdict sentences only (presentation mode), without the table. */
export function CompareCard({ compact = false }: { compact?: boolean } = {}) {
  const names = useRunPolicies();
  const embed = useApp((s) => s.embed);
  useLiveTick(0, true);
  if (!names.b) return null;
  const policyA = names.a, compare = names.b;
  const n = Math.min(live.summedEpochs, liveB.summedEpochs);
  const a = live.figuresAt(n), b = liveB.figuresAt(n);
  const nameA = policyA === compare ? `${policyA} (A)` : policyA;
  const nameB = policyA === compare ? `${compare} (B)` : compare;
  // A pool's figures when both runs have one.
  const pooled = live.meta?.pool != null && liveB.meta?.pool != null;
  const v = verdicts(a, b, nameA, nameB, pooled);
  const rows = COMPARED.filter((m) => pooled || !m.compare.pool).map((m) => [m.label, metricText(m, a[m.key]), metricText(m, b[m.key]), m.key] as const);
  const winner = (m: string) => v.find((x) => x.metric === m)?.winner ?? null;
  return (
    <section className="card compare" aria-labelledby="compare-title">
      <div className="panel-head">
        <h2 id="compare-title">A/B: who wins</h2>
        {!embed && <button type="button" className="small" onClick={() => setCompare(null)}>Stop comparing</button>}
      </div>
      <p className="hint" data-testid="compare-epochs">
        A ({policyA}) has run <strong data-run="a">{fmtInt(live.epochsDone)}</strong> epochs, B ({compare}) <strong data-run="b">{fmtInt(liveB.epochsDone)}</strong>; compared at equal epochs.
      </p>
      {n === 0 ? (
        <p className="hint">Both runs start at epoch 0 with the same scenario and seed. Press Play or Step: they move in step.</p>
      ) : (
        <>
          {!compact && <table className="compare-table">
            <caption>
              Run average <span className="scope-inline" data-testid="compare-scope">over {epochSpan(0, n - 1, live.meta?.epochMs ?? 0)} of both runs, access-weighted</span>
            </caption>
            <thead>
              <tr><th scope="col">Figure</th><th scope="col">A: {policyA}</th><th scope="col">B: {compare}</th></tr>
            </thead>
            <tbody>
              {rows.map(([label, va, vb, m]) => (
                <tr key={m}>
                  <th scope="row">{label}</th>
                  <td className={winner(m) === 'a' ? 'win' : undefined}>{va}</td>
                  <td className={winner(m) === 'b' ? 'win' : undefined}>{vb}</td>
                </tr>
              ))}
            </tbody>
          </table>}
          <ul className="verdicts" data-testid="verdicts">
            {v.map((x) => <li key={x.metric}>{x.text}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}
