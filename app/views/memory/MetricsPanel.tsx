// The run's headline numbers, each with its scope: one row for the epoch on screen, one for
// the run so far (access-weighted averages and totals, the CLI's summary of the same epochs).
// Each figure's label, tooltip, format and data-metric name are its row in the metric registry
// (src/metrics/registry.ts); this file only groups them into tables.
// Then the application's side, the same two scopes: slowdown against every page on its
// host's local DRAM under the same load, instructions retired per second, the CPU time
// tiering takes (hint faults, copies, TLB shootdowns) and the kernel's per-node placement work;
// per host in a fold below (a page of hosts at a time). Below: the
// policy's own figures (e.g. a learned model's accuracy) when it reports any. A screen reader
// hears a calm summary (every few seconds while playing), not every frame.
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { podCounts } from '../../../src/topology/pod-design';
import type { PodDesign } from '../../../src/scenario/schema';
import { findPolicy } from '../../../src/policies/registry';
import type { Scenario } from '../../../src/scenario/schema';
import { HOST, HOST_WIDTH } from '../../../src/engine/snapshot';
import { metric, type Metric, type RowKey, type RunKey } from '../../../src/metrics/registry';
import { live } from '../../actions';
import { epochLabel, epochSpan, fmt, fmtInt, metricText, pct, simTime } from '../../format';
import { linkTerm } from '../../glossary';
import { statGroups } from '../../policy-stats';
import { nodeNames } from '../../scenario-edit';
import { useApp } from '../../store';
import { fastTierText, localText } from '../../tier-labels';
import { useLiveTick } from '../../use-live';
import { Segments, Term } from '../teaching/Term';
import { ShowMore, usePaged } from '../shell/Paged';

/** While playing, the spoken summary changes at most this often. */
const ANNOUNCE_MS = 5000;

type Shown = Metric & { key: RunKey; id: string };
const panelMetrics = (...keys: RunKey[]) => keys.map((k) => metric(k) as Shown);
/** The panel's tables: the memory side, pages migrated (count, ▲ promoted, ▼ demoted), the application's side, shared regions' coherency. */
const MEMORY = panelMetrics('amatNs', 'throughputGBps', 'fastTierAccessShare', 'localAccessShare');
const [MIGRATIONS, PROMOTIONS, DEMOTIONS] = panelMetrics('migrations', 'promotions', 'demotions');
const APPLICATION = panelMetrics('slowdownPercent', 'instructionsPerSecond', 'migrationCpuPercent', 'placementCpuPercent');
const COHERENCY = panelMetrics('coherencyLatencyNs', 'coherencyTrafficGBps');
const [AMAT, THROUGHPUT, FAST, , SLOWDOWN, INSTRUCTIONS, MIGRATION_CPU, PLACEMENT_CPU] = [...MEMORY, ...APPLICATION];
const PAGES_UNPLACED = metric('pagesUnplaced') as Shown;
/** A pool's headline: its VMs' latency and slowdown, the memory stranded, the DRAM saved, the VMs turned away. */
const [VM_AMAT, VM_SLOWDOWN, STRANDED, STRANDED_PCT, DRAM_SAVED, VMS_REJECTED] = panelMetrics('vmAmatNs', 'vmSlowdownPercent', 'strandedGiB', 'strandedPercent', 'dramSavedPercent', 'vmsRejected');

export function MetricsPanel() {
  useLiveTick();
  const meta = useApp((s) => s.meta);
  const running = useApp((s) => s.running);
  const scenario = useApp((s) => s.scenario);
  const policy = scenario?.policy.name ?? '';
  const names = useMemo(() => (scenario ? nodeNames(scenario) : new Map<string, string>()), [scenario]);
  // The fast tier and the local node are the hosts' own: their tooltips name them in this scenario.
  // Once per run and scenario, not on every live tick, and in a deferred render: an edit's own
  // renders (its run's meta, then its scenario) do not wait for these sentences (64 hosts: a few ms each).
  const tip = useDeferredValue(useMemo(() => ({ meta, names }), [meta, names]));
  const here = useMemo<Partial<Record<RowKey, string>>>(() => (tip.meta ? { fastTierAccessShare: fastTierText(tip.meta, tip.names), localAccessShare: localText(tip.meta, tip.names) } : {}), [tip]);
  const help = (m: Metric) => (here[m.key as RowKey] ? `${m.help} (here ${here[m.key as RowKey]})` : m.help);
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const done = snap ? live.epochsDone : 0;
  const epochMs = meta?.epochMs ?? 0;
  const s = done > 0 ? snap!.summary : null;
  const run = live.figuresAt(done);
  const shownEpoch = done - 1;
  const groups = snap ? statGroups(findPolicy(policy), live.stats) : [];
  const hostPage = usePaged(meta?.hosts.length ?? 0);
  const dash = '–';
  // The run's figures are shown only when they cover every epoch shown.
  const runKnown = s !== null && run.epochs === done;
  const rows = [
    { scope: 'epoch', title: 'This epoch', detail: s ? epochLabel(shownEpoch, epochMs) : 'no epoch yet', value: (m: Shown) => (s ? metricText(m, s[m.key]) : dash), known: s !== null },
    { scope: 'run', title: 'Run so far', detail: s ? `${epochSpan(0, shownEpoch, epochMs)}, access-weighted` : 'no epoch yet', value: (m: Shown) => (runKnown ? metricText(m, run[m.key]) : dash), known: runKnown },
  ] as const;
  // data-metric names: the epoch row keeps the plain names, the run row adds "-run";
  // migrations are run totals under the plain names (what tests and the CLI summary count).
  const key = (scope: string, name: string, plainFor: 'epoch' | 'run') => (scope === plainFor ? name : `${name}-${scope}`);
  const spoken = s
    ? `${epochLabel(shownEpoch, epochMs)}: AMAT ${metricText(AMAT, s.amatNs)}, throughput ${metricText(THROUGHPUT, s.throughputGBps)}, fast-tier share ${metricText(FAST, s.fastTierAccessShare)}, slowdown against all-local ${metricText(SLOWDOWN, s.slowdownPercent)}; run average AMAT ${metricText(AMAT, run.amatNs)}.`
    : 'No epoch has run yet.';

  return (
    <section className="metrics" aria-label="Live metrics" data-shown-epoch={shownEpoch}>
      <h2 className="visually-hidden">Live metrics</h2>
      <p className="metrics-head">
        <span><span className="muted">Epochs run</span> <strong data-metric="epoch">{fmtInt(done)}</strong></span>
        <span><span className="muted">Simulated time</span> <strong data-metric="time">{simTime(done * epochMs)}</strong></span>
        {scenario && done > scenario.epochs && (
          <span className="past-end" data-testid="past-end">
            past the scenario&apos;s {fmtInt(scenario.epochs)} epochs: the command line stops there, and so does a downloaded report; the page plays on
          </span>
        )}
      </p>
      <div className="table-scroll">
        <table className="metrics-table">
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">Scope</span></th>
              {MEMORY.map((m) => <th key={m.key} scope="col" title={help(m)}><MetricLabel m={m} /></th>)}
              <th scope="col" title={`${MIGRATIONS.help}: promoted to a faster tier (▲), demoted to a slower one (▼)`}><MetricLabel m={MIGRATIONS} /></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.scope} data-scope={r.scope}>
                <th scope="row">
                  {r.title}
                  <span className="scope-detail" data-testid={`scope-${r.scope}`}>{r.detail}</span>
                </th>
                {MEMORY.map((m) => <td key={m.key} data-metric={key(r.scope, m.id, 'epoch')}>{r.value(m)}</td>)}
                <td>
                  {r.known ? (
                    <>
                      <span data-metric={key(r.scope, MIGRATIONS.id, 'run')}>{r.value(MIGRATIONS)}</span>
                      <span className="split">
                        ▲ <span data-metric={key(r.scope, PROMOTIONS.id, 'run')}>{r.value(PROMOTIONS)}</span>
                        {' '}▼ <span data-metric={key(r.scope, DEMOTIONS.id, 'run')}>{r.value(DEMOTIONS)}</span>
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
        rows={rows.map((r) => ({ title: r.title, cells: APPLICATION.map((m) => [key(r.scope, m.id, 'epoch'), r.value(m)]) }))}
        columns={APPLICATION.map((m) => [m.label, m.help])}
      />
      {meta?.pool && <PoolHeadline rows={rows} keyOf={key} known={s !== null} running={s ? s.vmsRunning : NaN} />}
      {meta && meta.sharedRegions.length > 0 && (
        <ScopeTable
          label="Shared regions' coherency"
          head="Coherency"
          testId="coherency"
          caption={`Shared regions: ${meta.sharedRegions.map((r) => `${r.workload} (${r.hosts.length} sharers: ${r.hosts.map((h) => names.get(h) ?? h).join(', ')}; ${r.coherency === 'device' ? 'device-managed, back-invalidate' : 'software-managed'}${r.lockPerAccess > 0 ? ', hot lock' : ''})`).join(' · ')}`}
          rows={rows.map((r) => ({ title: r.title, cells: COHERENCY.map((m) => [key(r.scope, m.id, 'epoch'), r.value(m)]) }))}
          columns={COHERENCY.map((m) => [m.label, m.help])}
        />
      )}
      {scenario?.pod && <PodCost scenario={scenario} />}
      {snap && meta && meta.hosts.length > 0 && s && (
        <details className="per-host">
          <summary>Per host, {epochLabel(shownEpoch, epochMs)}</summary>
          <table className="metrics-table">
            <thead>
              <tr><th scope="col">Host</th>{APPLICATION.map((m) => <th key={m.key} scope="col">{m.label}</th>)}</tr>
            </thead>
            <tbody>
              {hostPage.rows.map((i) => {
                const h = meta.hosts[i];
                const row = (f: number) => snap.host[i * HOST_WIDTH + f];
                return (
                  <tr key={h.id} data-host={h.id}>
                    <th scope="row">{h.name}</th>
                    <td data-metric="host-slowdown">{metricText(SLOWDOWN, row(HOST.slowdownPercent))}</td>
                    <td>{metricText(INSTRUCTIONS, row(HOST.instructionsPerSecond))}</td>
                    <td data-metric="host-migration-cpu">{metricText(MIGRATION_CPU, row(HOST.migrationCpuPercent))}</td>
                    <td data-metric="host-placement-cpu">{metricText(PLACEMENT_CPU, row(HOST.placementCpuPercent))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ShowMore paged={hostPage} what="hosts" />
        </details>
      )}
      {s && (
        <p className="muted sample-ratio" data-testid="sample-ratio">
          In this epoch each <Term id="sample">sampled access</Term> stands for ≈ {fmtInt(Math.round(s.realAccessesPerSample))} real 64 B accesses.
        </p>
      )}
      {meta && tip.meta && <p className="muted tier-note" data-testid="fast-tier">Fast tier: {here.fastTierAccessShare} · local node: {here.localAccessShare}</p>}
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

type ScopeRow = { scope: string; title: string; detail: string; value: (m: Shown) => string; known: boolean };

/**
 * A pool's own headline, in the panel's two scopes: its VMs' AMAT and slowdown (means over the
 * running VMs; over the run, over VM-epochs), the memory stranded (GiB and % of all memory; over
 * the run, the mean over epochs), the DRAM the pool saves (counted from the run so far: one
 * figure, in the run row) and the VMs rejected (this epoch, and in total).
 */
function PoolHeadline({ rows, keyOf, known, running }: { rows: readonly ScopeRow[]; keyOf: (scope: string, name: string, plainFor: 'epoch' | 'run') => string; known: boolean; running: number }) {
  const head = (m: Shown, unit = '') => <th scope="col" title={m.help}><MetricLabel m={m} />{unit && <span className="muted"> ({unit})</span>}</th>;
  return (
    <div className="table-scroll">
      <table className="metrics-table pool-headline" aria-label="VMs and the pool" data-testid="pool-headline">
        <caption className="muted">VMs and the pool{known ? ` · ${fmtInt(running)} VMs running` : ''}: GiB of the modelled machine</caption>
        <thead>
          <tr>
            <th scope="col">VMs</th>
            {head(VM_AMAT, 'ns')}
            {head(VM_SLOWDOWN, '%')}
            {head(STRANDED, 'GiB, % of memory')}
            {head(DRAM_SAVED, '%')}
            {head(VMS_REJECTED)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.scope} data-scope={r.scope}>
              <th scope="row">{r.title}</th>
              <td data-metric={keyOf(r.scope, VM_AMAT.id, 'epoch')}>{r.value(VM_AMAT)}</td>
              <td data-metric={keyOf(r.scope, VM_SLOWDOWN.id, 'epoch')}>{r.value(VM_SLOWDOWN)}</td>
              <td>
                <span data-metric={keyOf(r.scope, STRANDED.id, 'epoch')}>{r.value(STRANDED)}</span>{' '}
                <span className="split" data-metric={keyOf(r.scope, STRANDED_PCT.id, 'epoch')}>{r.known ? `(${r.value(STRANDED_PCT)})` : ''}</span>
              </td>
              {r.scope === 'run'
                ? <td data-metric={DRAM_SAVED.id}>{r.value(DRAM_SAVED)}</td>
                : <td className="muted" title="Counted from the peaks of the run so far: one figure, in the row below">so far ↓</td>}
              <td data-metric={keyOf(r.scope, VMS_REJECTED.id, 'epoch')}>{r.value(VMS_REJECTED)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A figure's label, its glossary term (if any) a link. */
function MetricLabel({ m }: { m: Metric }) {
  return m.term ? <Segments parts={linkTerm(m.label, m.term)} /> : <>{m.label}</>;
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
      <strong data-metric={PAGES_UNPLACED.id}>{metricText(PAGES_UNPLACED, pages)}</strong> pages (<span data-metric="unplaced-share">{pct(workingSet > 0 ? pages / workingSet : 0, 1)}</span> of
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
