// The run's headline numbers, each with its scope: one row for the epoch on screen, one for
// the run so far (access-weighted averages and totals, as the CLI's summary computes them).
// Then the application's side, the same two scopes: slowdown against every page on its
// host's local DRAM under the same load, instructions retired per second, and the CPU time
// tiering takes (hint faults, copies, TLB shootdowns); per host in a fold below. Below: the
// policy's own figures (e.g. a learned model's accuracy) when it reports any. A screen reader
// hears a calm summary (every few seconds while playing), not every frame.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { podCounts } from '../../../src/topology/pod-design';
import type { PodDesign } from '../../../src/scenario/schema';
import { findPolicy } from '../../../src/policies/registry';
import type { Scenario } from '../../../src/scenario/schema';
import { HOST, HOST_WIDTH } from '../../../src/engine/snapshot';
import { live } from '../../actions';
import { epochLabel, epochSpan, fmt, fmtInt, pct, simTime, tick } from '../../format';
import { statGroups } from '../../policy-stats';
import { topologyNodes } from '../../scenario-edit';
import { useApp } from '../../store';
import { fastTierText, localText } from '../../tier-labels';
import { useLiveTick } from '../../use-live';
import { Term } from '../teaching/Term';

/** While playing, the spoken summary changes at most this often. */
const ANNOUNCE_MS = 5000;

export function MetricsPanel() {
  useLiveTick();
  const meta = useApp((s) => s.meta);
  const running = useApp((s) => s.running);
  const scenario = useApp((s) => s.scenario);
  const policy = scenario?.policy.name ?? '';
  const names = useMemo(() => new Map(scenario ? topologyNodes(scenario).map((n) => [n.id, n.name] as const) : []), [scenario]);
  const fastHelp = meta ? `Share of all accesses served by the accessing host's fast tier, its best reachable memory tier (here ${fastTierText(meta, names)})` : '';
  const localHelp = meta ? `Share of all accesses served by the accessing host's own DRAM, its local NUMA node (here ${localText(meta, names)})` : '';
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const done = snap ? live.epochsDone : 0;
  const epochMs = meta?.epochMs ?? 0;
  const s = done > 0 ? snap!.summary : null;
  const run = live.figuresAt(done);
  const shown = done - 1;
  const groups = snap ? statGroups(findPolicy(policy), live.stats) : [];
  const dash = '–';
  const rows = [
    {
      scope: 'epoch',
      title: 'This epoch',
      detail: s ? epochLabel(shown, epochMs) : 'no epoch yet',
      amat: s ? `${fmt(s.amatNs, 0)} ns` : dash,
      throughput: s ? `${fmt(s.throughputGBps, 1)} GB/s` : dash,
      fast: s ? pct(s.fastTierAccessShare, 1) : dash,
      local: s ? pct(s.localAccessShare, 1) : dash,
      migrated: s ? [s.migrations, s.promotions, s.demotions] : null,
      slowdown: s ? signedPct(s.slowdownPercent) : dash,
      instructions: s ? `${tick(s.instructionsPerSecond)}/s` : dash,
      migrationCpu: s ? `${fmt(s.migrationCpuPercent, 1)} %` : dash,
      coherencyNs: s ? `${fmt(s.coherencyLatencyNs, 1)} ns` : dash,
      coherencyGBps: s ? `${fmt(s.coherencyTrafficGBps, 2)} GB/s` : dash,
    },
    {
      scope: 'run',
      title: 'Run so far',
      detail: s ? `${epochSpan(0, shown, epochMs)}, access-weighted` : 'no epoch yet',
      amat: s && run.epochs === done ? `${fmt(run.amatNs, 0)} ns` : dash,
      throughput: s && run.epochs === done ? `${fmt(run.throughputGBps, 1)} GB/s` : dash,
      fast: s && run.epochs === done ? pct(run.fastTierAccessShare, 1) : dash,
      local: s && run.epochs === done ? pct(run.localAccessShare, 1) : dash,
      migrated: s ? [live.totalMigrations, live.totalPromotions, live.totalDemotions] : null,
      slowdown: s && run.epochs === done ? signedPct(run.slowdownPercent) : dash,
      instructions: s && run.epochs === done ? `${tick(run.instructionsPerSecond)}/s` : dash,
      migrationCpu: s && run.epochs === done ? `${fmt(run.migrationCpuPercent, 1)} %` : dash,
      coherencyNs: s && run.epochs === done ? `${fmt(run.coherencyLatencyNs, 1)} ns` : dash,
      coherencyGBps: s && run.epochs === done ? `${fmt(run.coherencyTrafficGBps, 2)} GB/s` : dash,
    },
  ] as const;
  // data-metric names: the epoch row keeps the plain names, the run row adds "-run";
  // migrations are run totals under the plain names (what tests and the CLI summary count).
  const key = (scope: string, name: string, plainFor: 'epoch' | 'run') => (scope === plainFor ? name : `${name}-${scope}`);
  const spoken = s
    ? `${epochLabel(shown, epochMs)}: AMAT ${fmt(s.amatNs, 0)} ns, throughput ${fmt(s.throughputGBps, 1)} GB/s, fast-tier share ${pct(s.fastTierAccessShare, 1)}, slowdown against all-local ${signedPct(s.slowdownPercent)}; run average AMAT ${fmt(run.amatNs, 0)} ns.`
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
              <th scope="col" title={fastHelp}><Term id="fast-tier">Fast-tier</Term> share</th>
              <th scope="col" title={localHelp}>Local node</th>
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
                <td data-metric={key(r.scope, 'local', 'epoch')}>{r.local}</td>
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
      <ScopeTable
        label="Application"
        rows={rows.map((r) => ({ title: r.title, cells: [
          [key(r.scope, 'slowdown', 'epoch'), r.slowdown], [key(r.scope, 'instructions', 'epoch'), r.instructions], [key(r.scope, 'migration-cpu', 'epoch'), r.migrationCpu],
        ] }))}
        columns={[
          ['Slowdown vs all-local', 'Instructions retired against the same load with every page on its host\'s local DRAM, no migrations (negative: faster than all-local)'],
          ['Instructions', 'Instructions retired per second, all hosts'],
          ['CPU migrating', 'Share of the hosts\' CPU time spent on tiering: hint faults, page copies, TLB shootdowns, kswapd'],
        ]}
      />
      {meta && meta.sharedRegions.length > 0 && (
        <ScopeTable
          label="Shared regions' coherency"
          head="Coherency"
          testId="coherency"
          caption={`Shared regions: ${meta.sharedRegions.map((r) => `${r.workload} (${r.hosts.length} sharers: ${r.hosts.map((h) => names.get(h) ?? h).join(', ')}; ${r.coherency === 'device' ? 'device-managed, back-invalidate' : 'software-managed'}${r.lockPerAccess > 0 ? ', hot lock' : ''})`).join(' · ')}`}
          rows={rows.map((r) => ({ title: r.title, cells: [[key(r.scope, 'coherency-latency', 'epoch'), r.coherencyNs], [key(r.scope, 'coherency-traffic', 'epoch'), r.coherencyGBps]] }))}
          columns={[
            ['Added latency per access', 'Latency coherency adds per memory access, averaged over every access served (writes waiting for invalidations or flushes, lock operations); included in AMAT'],
            ['Coherency traffic', 'Coherency bytes sent per second: invalidations and their answers, re-reads of lines another sharer wrote, lock operations; each message counted once'],
          ]}
        />
      )}
      {scenario?.pod && <PodCost scenario={scenario} />}
      {snap && meta && meta.hosts.length > 0 && s && (
        <details className="per-host">
          <summary>Per host, {epochLabel(shown, epochMs)}</summary>
          <table className="metrics-table">
            <thead>
              <tr><th scope="col">Host</th><th scope="col">Slowdown vs all-local</th><th scope="col">Instructions</th><th scope="col">CPU migrating</th></tr>
            </thead>
            <tbody>
              {meta.hosts.map((h, i) => {
                const row = (f: number) => snap.host[i * HOST_WIDTH + f];
                return (
                  <tr key={h.id} data-host={h.id}>
                    <th scope="row">{h.name}</th>
                    <td data-metric="host-slowdown">{signedPct(row(HOST.slowdownPercent))}</td>
                    <td>{tick(row(HOST.instructionsPerSecond))}/s</td>
                    <td data-metric="host-migration-cpu">{fmt(row(HOST.migrationCpuPercent), 1)} %</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      )}
      {s && (
        <p className="muted sample-ratio" data-testid="sample-ratio">
          In this epoch each <Term id="sample">sampled access</Term> stands for ≈ {fmtInt(Math.round(s.realAccessesPerSample))} real 64 B accesses.
        </p>
      )}
      {meta && <p className="muted tier-note" data-testid="fast-tier">Fast tier: {fastTierText(meta, names)} · local node: {localText(meta, names)}</p>}
      {s && <Unplaced pages={s.pagesUnplaced} workingSet={meta?.totalPages ?? 0} epochShare={s.unplacedAccessShare} runShare={run.epochs === done ? run.unplacedAccessShare : NaN} />}
      {groups.length > 0 && (
        <section className="policy-stats" data-testid="policy-stats" aria-label={`${policy}: its own figures`}>
          <h3>{policy}: its own figures</h3>
          {groups.map((g) => (
            <div key={g.scope} className="stat-group" data-scope={g.scope}>
              <h4>{g.title}</h4>
              <ul>
                {g.items.map((x) => <Stat key={x.key} statKey={x.key} label={x.label} value={x.value} help={x.help} />)}
              </ul>
            </div>
          ))}
        </section>
      )}
      <Announcer text={spoken} calm={running} />
    </section>
  );
}

/** A table of figures in the panel's two scopes (this epoch, run so far): a row per scope, a column per figure (name, tooltip). */
function ScopeTable({ label, head = label, caption, testId, columns, rows }: {
  label: string; head?: string; caption?: string; testId?: string;
  columns: [string, string][]; rows: { title: string; cells: [string, string][] }[];
}) {
  return (
    <div className="table-scroll">
      <table className="metrics-table" aria-label={label} data-testid={testId}>
        {caption && <caption className="muted">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {columns.map(([name, title]) => <th key={name} scope="col" title={title}>{name}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.title}>
              <th scope="row">{r.title}</th>
              {r.cells.map(([metric, v]) => <td key={metric} data-metric={metric}>{v}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The pod's hardware and its cost per host (assumed unit prices: src/platform/calibration.ts POD_PRICES), as the CLI's summary.pod. */
function PodCost({ scenario }: { scenario: Scenario }) {
  const c = useMemo(() => podCounts(scenario), [scenario]);
  const design = scenario.pod ? POD_DESIGN_NAMES[scenario.pod.design] : '';
  return (
    <p className="muted pod-cost" data-testid="pod-cost">
      Pod ({design}): {fmtInt(c.hosts)} hosts, {fmtInt(c.mhds)} multi-headed devices, {fmtInt(c.expanders)} single-headed expanders, {fmtInt(c.switches)} switches, {fmtInt(c.cables)} CXL cables ·{' '}
      <span title="CXL device controllers, switches and cables divided by the hosts; DRAM left out (the same in every design). Every unit price is assumed: no vendor publishes them">
        hardware cost per host <strong data-metric="pod-cost-per-host">${fmtInt(c.costPerHostUSD)}</strong> (assumed prices)
      </span>{' '}·{' '}
      <span title="Pooling efficiency, counted from the pod's fabric (not a run average): the pooled CXL capacity (devices two or more hosts reach) each host can reach, mean over hosts; and how many of the other hosts share a pooled device with it. Pond: the DRAM a pool saves grows with the hosts that pool together (about 7 % at 8-16 sockets); Octopus trades reach for size and keeps every pair of hosts on a shared device">
        each host reaches <strong data-metric="pod-pool-reach">{fmt(c.poolReachPercent, 0)} %</strong> of the pool and pools with{' '}
        <strong data-metric="pod-pool-peers">{fmt(c.poolPeers, 1)}</strong> other hosts ({fmt(c.sharingPairsPercent, 0)} % of host pairs share a device), counted from the fabric
      </span>
    </p>
  );
}

const POD_DESIGN_NAMES: Record<PodDesign, string> = { switch: 'switch-based', mhd: 'multi-headed devices, fully connected', octopus: 'Octopus, sparse' };

/** A slowdown in percent with its sign: "+4.1 %", "-15.7 %" (faster than all-local). */
function signedPct(v: number): string {
  const t = fmt(v, 1);
  return `${v > 0 && t !== '< 0.1' ? '+' : ''}${t} %`;
}

/** One policy figure: its label (the help as tooltip and accessible description) and value. */
function Stat({ statKey, label, value, help }: { statKey: string; label: string; value: string; help: string }) {
  const id = useId();
  return (
    <li data-stat={statKey}>
      <span title={help} aria-describedby={id}>{label}</span> <strong>{value}</strong>
      <span id={id} className="visually-hidden">{help}</span>
    </li>
  );
}

/**
 * Pages a policy could not place (strict bind with full nodes): how many, their share of the
 * working set, and what that means. Nothing when every page has memory.
 */
function Unplaced({ pages, workingSet, epochShare, runShare }: { pages: number; workingSet: number; epochShare: number; runShare: number }) {
  if (!(pages > 0) && !(runShare > 0)) return null;
  return (
    <p className="unplaced-note" data-testid="unplaced">
      <span className="unplaced-swatch" aria-hidden="true" />
      <strong data-metric="unplaced-pages">{fmtInt(pages)}</strong> pages (<span data-metric="unplaced-share">{pct(workingSet > 0 ? pages / workingSet : 0, 1)}</span> of
      the working set) have <strong>no memory</strong>: Linux would OOM-kill the task under strict bind; the simulator keeps running.
      {' '}Their accesses ({pct(epochShare, 1)} this epoch{Number.isFinite(runShare) ? `, ${pct(runShare, 1)} over the run` : ''}) are served by no tier:
      {' '}AMAT leaves them out, and the fast-tier share counts them as not fast.
    </p>
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
