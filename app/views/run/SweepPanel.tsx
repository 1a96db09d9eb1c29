// The Sweep panel (a sheet opened from the controls): pick a parameter of the scenario with its
// bounds (src/sweep/candidates.ts: from the schema, the policies' parameters and the patterns'
// knobs), its values, policies, seeds and epochs; the sweep runs on Web Workers with a progress
// bar and Cancel, the chart plots a figure against the parameter, each point opens its run. The
// sweep is in the link while the panel is open; its rows download as the CLI's CSV.
import { useEffect, useId, useMemo, useState } from 'react';
import { metric, SUMMARY_KEYS, type RowKey } from '../../../src/metrics/registry';
import { POLICIES } from '../../../src/policies/registry';
import type { Scenario } from '../../../src/scenario/schema';
import { boundsText, sweepCandidates, type SweepCandidate } from '../../../src/sweep/candidates';
import { sweepColumns } from '../../../src/sweep/format';
import { rowAt, rowScenario, type SweepPlan } from '../../../src/sweep/plan';
import type { SweepFigures } from '../../../src/sweep/columns';
import { readSweepText, writeSweepText, DEFAULT_FIGURE, type SweepView } from '../../../src/sweep/text';
import { setSweepLink } from '../../actions';
import { download, slug } from '../../export/download';
import { pngOf, svgOf } from '../../export/pictures';
import { exportables } from '../../export/registry';
import { fmtInt, tick } from '../../format';
import { useApp } from '../../store';
import { cancelSweep, runSweep, sweepCsv, useSweep } from '../../sweep-state';
import { scenarioHash } from '../../url-state';
import { Sheet } from '../shell/Sheet';
import { SweepChart, sweepSeries } from './SweepChart';

/** Three values around the current one, within the bounds: a start the user edits. */
function suggestValues(c: SweepCandidate | undefined): string {
  if (!c) return '';
  const leaf = c.leaf;
  if (leaf.kind !== 'number') return leaf.kind === 'enum' ? leaf.options.join(',') : String(c.current ?? '');
  const cur = typeof c.current === 'number' ? c.current : leaf.min;
  const fits = (v: number) => (leaf.minInclusive ? v >= leaf.min : v > leaf.min) && (leaf.maxInclusive ? v <= leaf.max : v < leaf.max);
  const round = (v: number) => (leaf.integer ? Math.round(v) : Number(v.toPrecision(3)));
  const tries = cur > 0 ? [cur / 2, cur, cur * 2] : [cur, Number.isFinite(leaf.max) ? (cur + leaf.max) / 2 : cur + 1, Number.isFinite(leaf.max) ? leaf.max : cur + 2];
  const out = [...new Set(tries.map(round).filter(fits))];
  return out.join(',');
}

/** A figure's name in words: the registry's label, or the pool's / pod's column. */
function figureLabel(key: string): string {
  return (SUMMARY_KEYS as readonly string[]).includes(key) ? metric(key as RowKey).label : key;
}

interface Form {
  key: string;
  values: string;
  policies: string[];
  seeds: string;
  epochs: string;
  figure: string;
}

function formOf(s: Scenario, v: SweepView | null, cands: SweepCandidate[]): Form {
  if (v) {
    const vary = v.spec.vary[0];
    const eq = vary.indexOf('=');
    return {
      key: vary.slice(0, eq), values: vary.slice(eq + 1),
      policies: v.spec.policies?.split(',') ?? [s.policy.name],
      seeds: v.spec.seeds ?? String(s.seed), epochs: String(v.spec.epochs ?? s.epochs), figure: v.figure,
    };
  }
  const first = cands.find((c) => c.key === 'workloads.0.workingSetMB') ?? cands[0];
  return { key: first?.key ?? '', values: suggestValues(first), policies: [s.policy.name], seeds: String(s.seed), epochs: String(s.epochs), figure: DEFAULT_FIGURE };
}

function viewOf(f: Form): SweepView {
  return { spec: { vary: [`${f.key}=${f.values}`], policies: f.policies.join(','), seeds: f.seeds, epochs: Number(f.epochs) }, figure: f.figure };
}

export function SweepPanel() {
  const scenario = useApp((s) => s.scenario)!;
  const sweep = useSweep();
  const [form, setForm] = useState<Form>(() => formOf(scenario, sweep.view, sweepCandidates(scenario)));
  const [formError, setFormError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const ids = { key: useId(), values: useId(), bounds: useId(), seeds: useId(), epochs: useId(), figure: useId(), progress: useId() };
  const cands = useMemo(() => sweepCandidates(scenario, form.policies), [scenario, form.policies]);
  const cand = cands.find((c) => c.key === form.key);
  const groups = useMemo(() => {
    const g = new Map<string, SweepCandidate[]>();
    for (const c of cands) g.set(c.group, [...(g.get(c.group) ?? []), c]);
    return [...g];
  }, [cands]);
  // The panel open = its sweep in the link; closed: out of it.
  useEffect(() => {
    const v = useSweep.getState().view;
    if (v) setSweepLink(v);
    return () => setSweepLink(null);
  }, []);

  const set = (patch: Partial<Form>) => { setForm((f) => ({ ...f, ...patch })); setFormError(null); };
  const run = () => {
    const view = viewOf(form);
    try {
      readSweepText(writeSweepText(view)); // the link's own check: what runs is what the link can carry
    } catch (e) {
      setFormError(e instanceof Error ? e.message : String(e));
      return;
    }
    const error = runSweep(scenario, view);
    if (error) { setFormError(error); return; }
    setSweepLink(view);
  };
  const setFigure = (figure: string) => {
    set({ figure });
    const v = useSweep.getState().view;
    if (v && useSweep.getState().status !== 'idle') {
      const next = { ...v, figure };
      useSweep.setState({ view: next });
      setSweepLink(next);
    }
  };

  const plan = sweep.plan;
  const running = sweep.status === 'running';
  const figureKeys = plan ? sweepColumns(plan).slice(plan.axes.length + 2).filter((k) => k !== 'pod.design') : [...SUMMARY_KEYS];
  const stem = slug(scenario.name);
  const href = (row: number) => (plan ? scenarioHash(rowScenario(plan, rowAt(plan, row))) : '#');
  const act = (fn: () => Promise<void> | void) => async () => {
    setExportError(null);
    try { await fn(); } catch (e) { setExportError(`The export failed: ${e instanceof Error ? e.message : String(e)}`); }
  };
  const chart = () => {
    const e = exportables().find((x) => x.id === 'sweep');
    if (!e) throw new Error('the chart is not on screen');
    return e;
  };

  return (
    <Sheet title="Sweep" className="sweep-sheet">
      <p className="hint">
        Runs this scenario once per value, policy and seed, to completion, off the page&apos;s own run (at most two workers),
        and plots a figure against the value. The same sweep from the command line: <code>npm run sweep</code> (README, Sweeps).
      </p>
      <form className="sweep-form" onSubmit={(e) => { e.preventDefault(); run(); }}>
        <label className="field" htmlFor={ids.key}><span>Parameter</span></label>
        <select
          id={ids.key}
          value={form.key}
          aria-describedby={ids.bounds}
          onChange={(e) => { const c = cands.find((x) => x.key === e.target.value); set({ key: e.target.value, values: suggestValues(c) }); }}
        >
          {!cand && form.key && <option value={form.key}>{form.key} (from the link)</option>}
          {groups.map(([g, list]) => (
            <optgroup key={g} label={g}>
              {list.map((c) => <option key={c.key} value={c.key} title={c.help}>{c.label === c.key.split('.').pop() ? c.key : `${c.label} (${c.key})`}</option>)}
            </optgroup>
          ))}
        </select>
        <span id={ids.bounds} className="hint" data-testid="sweep-bounds">
          {cand ? `${boundsText(cand.leaf)}${cand.unit && cand.unit !== 'share' ? ` ${cand.unit}` : ''}; now ${String(cand.current)}` : ''}
        </span>
        <label className="field" htmlFor={ids.values}><span>Values</span></label>
        <input id={ids.values} type="text" value={form.values} onChange={(e) => set({ values: e.target.value })} aria-describedby={`${ids.values}-help`} spellCheck={false} />
        <span id={`${ids.values}-help`} className="hint">Comma-separated; ranges A..B+STEP or A..B*FACTOR (1..64*2 = 1, 2, 4 … 64).</span>
        <fieldset className="sweep-policies">
          <legend>Policies</legend>
          {POLICIES.map((p) => (
            <label key={p.name} title={p.description}>
              <input
                type="checkbox"
                checked={form.policies.includes(p.name)}
                onChange={(e) => set({ policies: e.target.checked ? POLICIES.map((x) => x.name).filter((n) => n === p.name || form.policies.includes(n)) : form.policies.filter((n) => n !== p.name) })}
              />
              {p.name}
            </label>
          ))}
        </fieldset>
        <label className="field" htmlFor={ids.seeds}><span>Seeds</span></label>
        <input id={ids.seeds} type="text" value={form.seeds} size={10} onChange={(e) => set({ seeds: e.target.value })} placeholder="1-5" spellCheck={false} />
        <label className="field" htmlFor={ids.epochs}><span>Epochs per run</span></label>
        <input id={ids.epochs} type="text" inputMode="numeric" size={8} value={form.epochs} onChange={(e) => set({ epochs: e.target.value })} />
        <div className="sheet-actions">
          <button type="submit" className="primary" disabled={form.policies.length === 0}>{running ? 'Run again' : 'Run sweep'}</button>
          {running && <button type="button" onClick={cancelSweep}>Cancel</button>}
        </div>
        {(formError || (sweep.status === 'error' && sweep.message)) && <p className="inline-error" role="alert">{formError ?? sweep.message}</p>}
      </form>

      {plan && (
        <section aria-label="Sweep results" className="sweep-results">
          <div className="sweep-progress">
            <progress id={ids.progress} max={plan.rows} value={sweep.done} aria-label="Sweep progress" />
            <span data-testid="sweep-status" role="status">
              {sweep.status === 'running' && `${fmtInt(sweep.done)} of ${fmtInt(plan.rows)} runs`}
              {sweep.status === 'done' && `Done: ${fmtInt(plan.rows)} runs`}
              {sweep.status === 'cancelled' && `Cancelled after ${fmtInt(sweep.done)} of ${fmtInt(plan.rows)} runs`}
              {sweep.status === 'error' && 'Stopped by an error'}
            </span>
          </div>
          <label className="field" htmlFor={ids.figure}><span>Figure</span></label>
          <select id={ids.figure} value={form.figure} onChange={(e) => setFigure(e.target.value)}>
            {figureKeys.map((k) => <option key={k} value={k}>{figureLabel(k)}</option>)}
          </select>
          <SweepChart plan={plan} figures={sweep.figures} figure={form.figure} figureLabel={figureLabel(form.figure)} href={href} />
          <details>
            <summary>The points as a table</summary>
            <PointsTable plan={plan} figures={sweep.figures} figure={form.figure} href={href} />
          </details>
          <p className="export-row">
            <button type="button" disabled={sweep.status !== 'done'} onClick={act(() => { const csv = sweepCsv(); if (csv) download(csv, `${stem}-sweep.csv`, 'text/csv'); })}>
              Download CSV
            </button>
            <button type="button" onClick={act(() => { const t = svgOf(chart()); if (!t) throw new Error('no chart'); download(t, `${stem}-sweep.svg`, 'image/svg+xml'); })}>Chart as SVG</button>
            <button type="button" onClick={act(async () => { const b = await pngOf(chart()); if (!b) throw new Error('no chart'); download(b, `${stem}-sweep.png`); })}>Chart as PNG</button>
            <button type="button" disabled={!sweep.view} onClick={() => void copyLink(plan.base, sweep.view!).then(setCopied)}>Copy link to this sweep</button>
            <span className="hint">The CSV is <code>npm run sweep</code>&apos;s, byte for byte.</span>
          </p>
          <p className="hint" role="status">{copied ?? ''}</p>
          {exportError && <p className="inline-error" role="alert">{exportError}</p>}
        </section>
      )}
    </Sheet>
  );
}

/** Copies the link of the scenario with its sweep (opened, it shows this panel set up); says how it went. */
async function copyLink(scenario: Scenario, view: SweepView): Promise<string> {
  const link = `${location.origin}${location.pathname}${location.search}${scenarioHash(scenario, { sweep: view })}`;
  try {
    await navigator.clipboard.writeText(link);
    return 'The link to this sweep is on the clipboard.';
  } catch {
    return 'The browser refused the clipboard: the address bar holds the same link while this panel is open.';
  }
}

function PointsTable({ plan, figures, figure, href }: { plan: SweepPlan; figures: readonly (SweepFigures | null)[]; figure: string; href: (row: number) => string }) {
  const series = sweepSeries(plan, figures, figure);
  const rows = series.flatMap((s) => s.points).slice(0, 500);
  return (
    <table className="sweep-table">
      <thead><tr><th scope="col">{plan.axes[0].key.text}</th><th scope="col">policy</th><th scope="col">mean</th><th scope="col">min</th><th scope="col">max</th><th scope="col">seeds</th><th scope="col">run</th></tr></thead>
      <tbody>
        {rows.map((p) => (
          <tr key={`${p.value}|${p.policy}`}>
            <td>{String(p.value)}</td><td>{p.policy}</td><td>{tick(p.mean)}</td><td>{tick(p.min)}</td><td>{tick(p.max)}</td><td>{p.n}</td>
            <td><a href={href(p.row)} target="_blank" rel="noopener">open</a></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
