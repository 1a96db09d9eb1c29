// The run's headline numbers, as an aria-live region updated a few times a second, and the
// policy's own figures (e.g. a learned model's accuracy) when it reports any.
import { live } from '../actions';
import { fmt, fmtInt, pct, simTime } from '../format';
import { statItems } from '../policy-stats';
import { useApp } from '../store';
import { useLiveTick } from '../use-live';

export function MetricsPanel() {
  useLiveTick(400);
  const meta = useApp((s) => s.meta);
  const policy = useApp((s) => s.scenario?.policy.name ?? '');
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const done = snap ? live.epochsDone : 0;
  const s = done > 0 ? snap!.summary : null;
  const items: [string, string, string, string?][] = [
    ['epoch', 'Epochs run', fmtInt(done)],
    ['time', 'Simulated time', simTime(done * (meta?.epochMs ?? 0))],
    ['amat', 'AMAT', s ? `${fmt(s.amatNs, 0)} ns` : '–'],
    ['throughput', 'Throughput', s ? `${fmt(s.throughputGBps, 1)} GB/s` : '–'],
    ['fast', 'Fast-tier share', s ? pct(s.fastTierAccessShare, 1) : '–'],
    ['migrations', 'Pages migrated', s ? fmtInt(live.totalMigrations) : '–', 'Pages moved between devices since the run started'],
    ['promotions', 'Promoted', s ? fmtInt(live.totalPromotions) : '–', 'Pages moved to a faster tier since the run started'],
    ['demotions', 'Demoted', s ? fmtInt(live.totalDemotions) : '–', 'Pages moved to a slower tier since the run started'],
  ];
  const stats = snap ? statItems(live.stats) : [];
  return (
    <section className="metrics" aria-label="Live metrics" aria-live="polite">
      <h2 className="visually-hidden">Live metrics</h2>
      <dl>
        {items.map(([key, label, value, title]) => (
          <div key={key} className="metric" title={title}>
            <dt>{label}</dt>
            <dd data-metric={key}>{value}</dd>
          </div>
        ))}
      </dl>
      {s && (
        <p className="muted sample-ratio" data-testid="sample-ratio">
          Each sampled access stands for ≈ {fmtInt(Math.round(s.realAccessesPerSample))} real 64 B accesses this epoch.
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
    </section>
  );
}
