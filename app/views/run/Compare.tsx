// The A/B comparison: the "Compare with…" picker, and the panel that says who wins over the
// run so far at equal epochs (the figures the metric registry marks for comparison: AMAT,
// throughput, fast-tier share of each, and the gaps).
import { useId } from 'react';
import { POLICIES } from '../../../src/policies/registry';
import { live, liveB, setCompare } from '../../actions';
import { COMPARED, verdicts } from '../../compare-stats';
import { epochSpan, fmtInt, metricText } from '../../format';
import { useApp } from '../../store';
import { useLiveTick } from '../../use-live';

export function ComparePicker() {
  const compare = useApp((s) => s.compare);
  const helpId = useId();
  return (
    <>
      <label className="field">
        <span>Compare with</span>
        <select value={compare ?? ''} aria-describedby={helpId} onChange={(e) => setCompare(e.target.value || null)}>
          <option value="">off</option>
          {POLICIES.map((p) => <option key={p.name} value={p.name} title={p.description}>{p.name}</option>)}
        </select>
      </label>
      <span id={helpId} className="visually-hidden">
        Runs the same scenario and seed with a second policy (B) in step with this one; turning it on restarts both runs at epoch 0.
      </span>
    </>
  );
}

/** `compact`: the verdict sentences only (presentation mode), without the table. */
export function CompareCard({ compact = false }: { compact?: boolean } = {}) {
  const compare = useApp((s) => s.compare);
  const policyA = useApp((s) => s.scenario?.policy.name ?? '');
  const embed = useApp((s) => s.embed);
  useLiveTick(0, true);
  if (!compare) return null;
  const n = Math.min(live.summedEpochs, liveB.summedEpochs);
  const a = live.figuresAt(n), b = liveB.figuresAt(n);
  const nameA = policyA === compare ? `${policyA} (A)` : policyA;
  const nameB = policyA === compare ? `${compare} (B)` : compare;
  const v = verdicts(a, b, nameA, nameB);
  const rows = COMPARED.map((m) => [m.label, metricText(m, a[m.key]), metricText(m, b[m.key]), m.key] as const);
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
