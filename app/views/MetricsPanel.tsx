// The run's headline numbers, each with its scope: one row for the epoch on screen, one for
// the run so far (access-weighted averages and totals, as the CLI's summary computes them).
// Below: the policy's own figures (e.g. a learned model's accuracy) when it reports any. A
// screen reader hears a calm summary (every few seconds while playing), not every frame.
import { useEffect, useRef, useState } from 'react';
import { live } from '../actions';
import { epochLabel, epochSpan, fmt, fmtInt, pct, simTime } from '../format';
import { statItems } from '../policy-stats';
import { useApp } from '../store';
import { useLiveTick } from '../use-live';
import { Term } from './Term';

/** While playing, the spoken summary changes at most this often. */
const ANNOUNCE_MS = 5000;

export function MetricsPanel() {
  useLiveTick();
  const meta = useApp((s) => s.meta);
  const running = useApp((s) => s.running);
  const policy = useApp((s) => s.scenario?.policy.name ?? '');
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const done = snap ? live.epochsDone : 0;
  const epochMs = meta?.epochMs ?? 0;
  const s = done > 0 ? snap!.summary : null;
  const run = live.figuresAt(done);
  const shown = done - 1;
  const stats = snap ? statItems(live.stats) : [];
  const dash = '–';
  const rows = [
    {
      scope: 'epoch',
      title: 'This epoch',
      detail: s ? epochLabel(shown, epochMs) : 'no epoch yet',
      amat: s ? `${fmt(s.amatNs, 0)} ns` : dash,
      throughput: s ? `${fmt(s.throughputGBps, 1)} GB/s` : dash,
      fast: s ? pct(s.fastTierAccessShare, 1) : dash,
      migrated: s ? [s.migrations, s.promotions, s.demotions] : null,
    },
    {
      scope: 'run',
      title: 'Run so far',
      detail: s ? `${epochSpan(0, shown, epochMs)}, access-weighted` : 'no epoch yet',
      amat: s && run.epochs === done ? `${fmt(run.amatNs, 0)} ns` : dash,
      throughput: s && run.epochs === done ? `${fmt(run.throughputGBps, 1)} GB/s` : dash,
      fast: s && run.epochs === done ? pct(run.fastTierAccessShare, 1) : dash,
      migrated: s ? [live.totalMigrations, live.totalPromotions, live.totalDemotions] : null,
    },
  ] as const;
  // data-metric names: the epoch row keeps the plain names, the run row adds "-run";
  // migrations are run totals under the plain names (what tests and the CLI summary count).
  const key = (scope: string, name: string, plainFor: 'epoch' | 'run') => (scope === plainFor ? name : `${name}-${scope}`);
  const spoken = s
    ? `${epochLabel(shown, epochMs)}: AMAT ${fmt(s.amatNs, 0)} ns, throughput ${fmt(s.throughputGBps, 1)} GB/s, fast-tier share ${pct(s.fastTierAccessShare, 1)}; run average AMAT ${fmt(run.amatNs, 0)} ns.`
    : 'No epoch has run yet.';

  return (
    <section className="metrics" aria-label="Live metrics" data-shown-epoch={shown}>
      <h2 className="visually-hidden">Live metrics</h2>
      <p className="metrics-head">
        <span><span className="muted">Epochs run</span> <strong data-metric="epoch">{fmtInt(done)}</strong></span>
        <span><span className="muted">Simulated time</span> <strong data-metric="time">{simTime(done * epochMs)}</strong></span>
      </p>
      <div className="table-scroll">
        <table className="metrics-table">
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">Scope</span></th>
              <th scope="col"><Term id="amat">AMAT</Term></th>
              <th scope="col">Throughput</th>
              <th scope="col" title="Share of accesses served by memory tier 0"><Term id="fast-tier">Fast-tier</Term> share</th>
              <th scope="col" title="Pages moved between devices: promoted to a faster tier (▲), demoted to a slower one (▼)">Pages migrated</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.scope} data-scope={r.scope}>
                <th scope="row">
                  {r.title}
                  <span className="scope-detail" data-testid={`scope-${r.scope}`}>{r.detail}</span>
                </th>
                <td data-metric={key(r.scope, 'amat', 'epoch')}>{r.amat}</td>
                <td data-metric={key(r.scope, 'throughput', 'epoch')}>{r.throughput}</td>
                <td data-metric={key(r.scope, 'fast', 'epoch')}>{r.fast}</td>
                <td>
                  {r.migrated ? (
                    <>
                      <span data-metric={key(r.scope, 'migrations', 'run')}>{fmtInt(r.migrated[0])}</span>
                      <span className="split">
                        ▲ <span data-metric={key(r.scope, 'promotions', 'run')}>{fmtInt(r.migrated[1])}</span>
                        {' '}▼ <span data-metric={key(r.scope, 'demotions', 'run')}>{fmtInt(r.migrated[2])}</span>
                      </span>
                    </>
                  ) : dash}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {s && (
        <p className="muted sample-ratio" data-testid="sample-ratio">
          In this epoch each <Term id="sample">sampled access</Term> stands for ≈ {fmtInt(Math.round(s.realAccessesPerSample))} real 64 B accesses.
        </p>
      )}
      {stats.length > 0 && (
        <p className="policy-stats" data-testid="policy-stats">
          <span className="muted">{policy}: </span>
          {stats.map((x, i) => (
            <span key={x.key} data-stat={x.key}>
              {i > 0 && ' · '}
              {x.label} <strong>{x.value}</strong>
            </span>
          ))}
        </p>
      )}
      <Announcer text={spoken} calm={running} />
    </section>
  );
}

/** A polite live region: at once when the run is paused, at most every ANNOUNCE_MS while it plays. */
function Announcer({ text, calm }: { text: string; calm: boolean }) {
  const [said, setSaid] = useState(text);
  const at = useRef(0);
  useEffect(() => {
    if (text === said) return;
    const wait = calm ? Math.max(0, at.current + ANNOUNCE_MS - performance.now()) : 0;
    const timer = setTimeout(() => {
      at.current = performance.now();
      setSaid(text);
    }, wait);
    return () => clearTimeout(timer);
  }, [text, said, calm]);
  return <p className="visually-hidden" role="status" aria-live="polite">{said}</p>;
}
