// "Why did this page move": the heatmap's selected page group, one page of it, and that
// page's device and tier, access history over the last 32 epochs, tier over time (rebuilt
// from its migrations) and the migrations themselves with their reasons.
import { useEffect, useState } from 'react';
import { MEMTIER_CHUNK } from '../../../src/platform/calibration';
import type { EngineMeta } from '../../../src/engine/meta';
import type { GroupInfo, PageInfo } from '../../../workers/api';
import { simClient } from '../../actions';
import { fmtInt } from '../../format';
import { pageStrip, STRIP_EPOCHS, type StripCell } from '../../page-history';
import { nodeNames } from '../../scenario-edit';
import { useApp } from '../../store';
import { useLiveTick } from '../../use-live';
import { groupPages } from './Heatmap';

const REASON_HELP: Record<string, string> = {
  promote: 'a hot page moved to a faster tier',
  demote: 'a cold page moved to a slower tier (reclaim or proactive demotion)',
  balance: 'moved to balance load between tiers',
  evacuate: 'moved off a failing or removed device',
};

export function PageInspector() {
  const inspected = useApp((s) => s.inspected);
  const meta = useApp((s) => s.meta);
  if (!inspected || !meta || inspected.group >= meta.heatGroups) {
    return (
      <section className="card inspector" aria-labelledby="inspector-title">
        <h2 id="inspector-title">Page inspector</h2>
        <p className="hint">Pick a page group on the heatmap (click a row, or focus it, use the arrow keys and press Enter) to see where its pages live and why they moved.</p>
      </section>
    );
  }
  return <Inspector group={inspected.group} page={inspected.page} meta={meta} />;
}

function Inspector({ group, page, meta }: { group: number; page: number | null; meta: EngineMeta }) {
  const scenario = useApp((s) => s.scenario)!;
  const tick = useLiveTick(500);
  const [groupInfo, setGroupInfo] = useState<GroupInfo | null>(null);
  const [info, setInfo] = useState<PageInfo | null>(null);
  const [first, end] = groupInfo && groupInfo.group === group ? [groupInfo.first, groupInfo.end] : groupPages(group, meta.heatGroups, meta.totalPages);
  const shown = page ?? (groupInfo && groupInfo.group === group ? groupInfo.pick : null);

  // The group's default page, once per group (and run).
  useEffect(() => {
    let alive = true;
    void simClient()?.groupInfo(group).then((g) => { if (alive) setGroupInfo(g); });
    return () => { alive = false; };
  }, [group, meta]);

  // The page itself, refreshed as the run goes on.
  useEffect(() => {
    if (shown === null) return;
    let alive = true;
    void simClient()?.inspect(shown).then((p) => { if (alive) setInfo(p); });
    return () => { alive = false; };
  }, [shown, tick, meta]);

  const names = nodeNames(scenario);
  const devIndex = new Map(meta.devices.map((d, i) => [d.id, i] as const));
  const tierOf = (id: string | null) => (id === null ? null : meta.devices[devIndex.get(id) ?? -1]?.tier ?? null);
  const setPage = (p: number | null) => useApp.setState({ inspected: { group, page: p } });
  const current = info && info.page === shown ? info : null;

  return (
    <section className="card inspector" aria-labelledby="inspector-title">
      <div className="panel-head">
        <h2 id="inspector-title">Page inspector: group {group + 1} of {meta.heatGroups}</h2>
        <button type="button" className="small" onClick={() => useApp.setState({ inspected: null })}>Close</button>
      </div>
      <p className="inspector-range">
        Pages {fmtInt(first)}–{fmtInt(end - 1)} <span className="muted">({fmtInt(end - first)} pages of {fmtInt(meta.totalPages)})</span>
      </p>
      <PagePicker key={`${group}:${shown}`} page={shown} first={first} end={end} onPick={setPage} isDefault={page === null} />
      {current ? (
        <PageDetails info={current} meta={meta} names={names} tierOf={tierOf} />
      ) : (
        <p className="muted" role="status">Loading page…</p>
      )}
    </section>
  );
}

function PagePicker({ page, first, end, onPick, isDefault }: { page: number | null; first: number; end: number; onPick(p: number | null): void; isDefault: boolean }) {
  const [draft, setDraft] = useState(page === null ? '' : String(page));
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    const v = Number(draft.trim());
    if (draft.trim() === '' || !Number.isInteger(v) || v < first || v >= end) {
      setError(`a page number from ${fmtInt(first)} to ${fmtInt(end - 1)}`);
      return;
    }
    setError(null);
    if (v !== page) onPick(v);
  };
  return (
    <div className="page-picker">
      <label className="field">
        <span>Page</span>
        <input
          type="number"
          min={first}
          max={end - 1}
          step={1}
          value={draft}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => { if (e.key === 'Enter') apply(); }}
        />
      </label>
      <button type="button" className="small" disabled={page === null || page <= first} onClick={() => page !== null && onPick(page - 1)} aria-label="Previous page">‹ prev</button>
      <button type="button" className="small" disabled={page === null || page >= end - 1} onClick={() => page !== null && onPick(page + 1)} aria-label="Next page">next ›</button>
      <button type="button" className="small" disabled={isDefault} onClick={() => onPick(null)} title="The group's page accessed most recently (most often among those)">
        most recently accessed
      </button>
      {error && <span className="inline-error" role="alert">{error}</span>}
    </div>
  );
}

function PageDetails({ info, meta, names, tierOf }: {
  info: PageInfo;
  meta: EngineMeta;
  names: ReadonlyMap<string, string>;
  tierOf(id: string | null): number | null;
}) {
  const cells = pageStrip(info.history, info.events, info.device, info.epoch);
  const tier = tierOf(info.device);
  const tierMeta = tier === null ? null : meta.tiers[tier];
  const accessed = cells.filter((c) => c.accessed).length;
  const name = (id: string | null) => (id === null ? 'nowhere' : names.get(id) ?? id);
  return (
    <div className="page-details">
      <p data-testid="page-where">
        Page <strong>{fmtInt(info.page)}</strong> is on <strong>{name(info.device)}</strong>
        {tier !== null && (
          <>, tier <strong>{tier}</strong>{tierMeta && <span className="muted"> (memory_tier{Math.floor(tierMeta.adistanceStart / MEMTIER_CHUNK)})</span>}</>
        )}
        {' '}after epoch {fmtInt(Math.max(0, info.epoch - 1))}; accessed in {accessed} of the last {cells.length} epochs.
      </p>
      {cells.length > 0 ? (
        <div className="strips">
          <Strip
            title="Accessed"
            cells={cells}
            fill={(c) => (c.accessed ? 'on' : 'off')}
            text={(c) => `epoch ${c.epoch}: ${c.accessed ? 'accessed' : 'not accessed'}`}
            summary={`Access history over epochs ${cells[0].epoch} to ${cells.at(-1)!.epoch}: accessed in ${accessed} of ${cells.length} epochs.`}
          />
          <Strip
            title="Tier"
            cells={cells}
            fill={(c) => `tier${Math.min(2, tierOf(c.device) ?? 2)}`}
            label={(c) => String(tierOf(c.device) ?? '?')}
            text={(c) => `epoch ${c.epoch}: on ${name(c.device)}, tier ${tierOf(c.device) ?? '?'}`}
            summary={tierSummary(cells, tierOf)}
          />
          <div className="strip-axis" aria-hidden="true">
            {cells.length >= 12 ? (
              <span className="strip-axis-labels" style={{ marginLeft: `${((STRIP_EPOCHS - cells.length) / STRIP_EPOCHS) * 100}%` }}>
                <span>epoch {cells[0].epoch}</span><span>newest →</span><span>epoch {cells.at(-1)!.epoch}</span>
              </span>
            ) : (
              // Too few cells to label both ends under them: one label at the newest end.
              <span className="strip-axis-labels end">
                <span>{cells.length > 1 ? `epochs ${cells[0].epoch}–${cells.at(-1)!.epoch}` : `epoch ${cells[0].epoch}`}</span>
              </span>
            )}
          </div>
        </div>
      ) : (
        <p className="muted">No epochs yet: press Step or Play.</p>
      )}
      <table className="migrations">
        <caption>Migrations of page {fmtInt(info.page)} ({info.events.length}{info.truncated ? ', newest only' : ''})</caption>
        <thead><tr><th scope="col">Epoch</th><th scope="col">From → to</th><th scope="col">Reason</th></tr></thead>
        <tbody>
          {info.events.length === 0 ? (
            <tr><td colSpan={3} className="muted">This page has not moved since the run started.</td></tr>
          ) : (
            [...info.events].reverse().map((e, i) => (
              <tr key={`${e.epoch}:${i}`}>
                <td>{fmtInt(e.epoch)}</td>
                <td>{name(e.from)} (tier {tierOf(e.from)}) → {name(e.to)} (tier {tierOf(e.to)})</td>
                <td><span className={`reason ${e.reason}`} title={REASON_HELP[e.reason]}>{e.reason}</span></td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** "tier 1 until epoch 40, then tier 0": the tier strip in words. */
function tierSummary(cells: StripCell[], tierOf: (id: string | null) => number | null): string {
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= cells.length; i++) {
    if (i === cells.length || tierOf(cells[i].device) !== tierOf(cells[start].device)) {
      const t = tierOf(cells[start].device);
      runs.push(`tier ${t ?? 'unknown'} in epochs ${cells[start].epoch} to ${cells[i - 1].epoch}`);
      start = i;
    }
  }
  return `Tier over time: ${runs.join(', then ')}.`;
}

function Strip({ title, cells, fill, text, summary, label }: {
  title: string;
  cells: StripCell[];
  fill(c: StripCell): string;
  text(c: StripCell): string;
  summary: string;
  label?(c: StripCell): string;
}) {
  return (
    <div className="strip-row">
      <span className="strip-title" aria-hidden="true">{title}</span>
      <div className="strip" role="img" aria-label={summary}>
        {cells.map((c, i) => (
          <span
            key={c.epoch}
            className={`cell ${fill(c)}`}
            title={text(c)}
            // Newest on the right: a short run's cells start part-way along.
            style={i === 0 ? { gridColumnStart: STRIP_EPOCHS - cells.length + 1 } : undefined}
          >
            {label?.(c)}
          </span>
        ))}
      </div>
    </div>
  );
}
