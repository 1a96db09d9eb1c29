// The run's headline numbers, as an aria-live region updated a few times a second.
import { live } from '../actions';
import { fmt, fmtInt, pct, simTime } from '../format';
import { useApp } from '../store';
import { useLiveTick } from '../use-live';

export function MetricsPanel() {
  useLiveTick(400);
  const meta = useApp((s) => s.meta);
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const done = snap ? live.epochsDone : 0;
  const s = done > 0 ? snap!.summary : null;
  const items: [string, string, string][] = [
    ['epoch', 'Epoch', fmtInt(done)],
    ['time', 'Simulated time', simTime(done * (meta?.epochMs ?? 0))],
    ['amat', 'AMAT', s ? `${fmt(s.amatNs, 0)} ns` : '–'],
    ['throughput', 'Throughput', s ? `${fmt(s.throughputGBps, 1)} GB/s` : '–'],
    ['fast', 'Fast-tier share', s ? pct(s.fastTierAccessShare, 1) : '–'],
    ['migrations', 'Pages migrated', s ? fmtInt(live.totalMigrations) : '–'],
  ];
  return (
    <section className="metrics" aria-label="Live metrics" aria-live="polite">
      <h2 className="visually-hidden">Live metrics</h2>
      <dl>
        {items.map(([key, label, value]) => (
          <div key={key} className="metric">
            <dt>{label}</dt>
            <dd data-metric={key}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
