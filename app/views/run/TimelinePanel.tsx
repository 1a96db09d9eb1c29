// The Timeline card, under the charts: go back to an earlier epoch (the run replays there),
// inject an event at the current time (the form is the registry's, app/timeline/form.ts), and
// the list of the timeline's events with what each did as the engine reported it (the CLI
// report's `events` rows), its blast radius drawn on the topology, and the Linux commands an
// operator would have run or seen for it.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { BOUNDS } from '../../../src/scenario/bounds';
import { EVENT_KINDS } from '../../../src/events/registry';
import type { EventSpec } from '../../../src/events/types';
import type { Scenario } from '../../../src/scenario/schema';
import { live } from '../../actions';
import { fmtInt, num, simTime } from '../../format';
import { useApp } from '../../store';
import { useLiveTick } from '../../use-live';
import { addEvent, nowMs, removeEvent, replaceEvent, scrubTo } from '../../timeline/actions';
import { eventOf, formOf, initialValues, parseMs, valuesOf, type FormField, type FormValues } from '../../timeline/form';
import { hitNodes, shownOutcome, statusText, timelineRows, type TimelineRow } from '../../timeline/rows';

const NONE: readonly never[] = [];

export function TimelinePanel() {
  useLiveTick();
  const scenario = useApp((s) => s.scenario)!;
  const meta = useApp((s) => s.meta);
  const picked = useApp((s) => s.eventPicked);
  const outcomes = live.meta === meta ? live.outcomes : NONE;
  const rows = useMemo(() => timelineRows(scenario, outcomes), [scenario, outcomes]);
  const shown = shownOutcome(rows, picked);
  const hit = shown?.outcome ? hitNodes(scenario, shown.outcome) : null;
  const what = shown ? `${shown.label} ${shown.target} at ${simTime(shown.atMs)}` : '';
  const hitKey = hit?.length ? `${what}\u0000${hit.join('\u0000')}` : '';
  useEffect(() => {
    const cur = useApp.getState().blastHit;
    if ((cur ? `${cur.what}\u0000${cur.ids.join('\u0000')}` : '') === hitKey) return;
    const [w, ...ids] = hitKey.split('\u0000');
    useApp.setState({ blastHit: hitKey ? { what: w, ids } : null });
  }, [hitKey]);
  useEffect(() => () => useApp.setState({ blastHit: null }), []);
  const names = useMemo(() => nameMap(scenario), [scenario]);

  return (
    <section className="card timeline-card" aria-labelledby="timeline-title">
      <div className="panel-head">
        <h2 id="timeline-title">Timeline: events and faults</h2>
      </div>
      <Scrubber scenario={scenario} rows={rows} />
      {shown?.outcome && (
        <p className="blast" role="status" data-testid="blast-radius">
          <strong>{shown.outcome.summary ? 'Blast radius' : 'Last event'}</strong> of {shown.label} {shown.target} at {simTime(shown.atMs)}:{' '}
          {shown.outcome.summary || shown.outcome.reason}
          {hit && hit.length > 0 && <span className="muted"> · marked on the topology: {hit.map((id) => names.get(id) ?? id).join(', ')}</span>}
        </p>
      )}
      <details className="injector" open>
        <summary>Add an event</summary>
        <EventForm scenario={scenario} index={null} />
      </details>
      <h3 id="timeline-list">Events ({rows.length})</h3>
      {rows.length === 0
        ? <p className="hint">No events yet: add one above, at the current time or any time within the run.</p>
        : (
          <ol className="event-list" aria-labelledby="timeline-list">
            {rows.map((r) => <EventRow key={`${r.index}:${r.spec.kind}:${r.atMs}`} row={r} scenario={scenario} names={names} shown={shown?.index === r.index} />)}
          </ol>
        )}
    </section>
  );
}

function nameMap(s: Scenario): Map<string, string> {
  return new Map([...s.hosts, ...s.devices, ...s.switches].map((n) => [n.id, n.name ?? n.id] as const));
}

/** Where the run is, and a range to go back (or on) to any epoch: the run replays there and waits, paused. */
function Scrubber({ scenario, rows }: { scenario: Scenario; rows: TimelineRow[] }) {
  const done = live.epochsDone;
  const max = Math.max(scenario.epochs, done);
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const id = useId();
  const value = draft ?? done;
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  // Settles before it replays: a key held down or a drag is one replay, not one per epoch passed.
  const change = (v: number) => {
    setDraft(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void scrubTo(v).finally(() => setDraft(null));
    }, 350);
  };
  return (
    <div className="scrubber">
      <label htmlFor={id}>Go to epoch</label>
      <input
        id={id} type="range" min={0} max={max} step={1} value={value} list={`${id}-events`}
        aria-valuetext={`${fmtInt(value)} epochs done (t = ${simTime(value * scenario.epochMs)})`}
        onChange={(e) => change(Number(e.target.value))}
      />
      <datalist id={`${id}-events`}>
        {rows.map((r) => <option key={r.index} value={Math.min(max, r.epoch)} label={`${r.label} ${r.target}`} />)}
      </datalist>
      <output htmlFor={id} data-testid="scrub-epoch">{fmtInt(value)} epochs done · t = {simTime(value * scenario.epochMs)}</output>
      <p className="hint">The run restarts and replays to the epoch picked (the same run: one seed), then waits, paused. Events at or before it have fired.</p>
    </div>
  );
}

/** The injector (index null) or the editor of event `index`: the kind's fields, from the registry. */
function EventForm({ scenario, index, onDone }: { scenario: Scenario; index: number | null; onDone?: () => void }) {
  const editing = index === null ? undefined : scenario.events?.[index];
  const [kind, setKind] = useState(editing?.kind ?? 'device-fail');
  const def = EVENT_KINDS.find((k) => k.kind === kind) ?? EVENT_KINDS[0];
  const form = useMemo(() => formOf(def, scenario), [def, scenario]);
  const [values, setValues] = useState<FormValues>(() => (editing ? valuesOf(form, editing) : initialValues(form)));
  // null: the time follows the run's (the current simulated time); text: what the user typed.
  const [atText, setAtText] = useState<string | null>(editing ? String(editing.atMs) : null);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  const uid = useId();
  const at = atText ?? String(nowMs(scenario.epochMs));

  const pickKind = (k: string) => {
    setKind(k);
    const d = EVENT_KINDS.find((x) => x.kind === k) ?? EVENT_KINDS[0];
    setValues(initialValues(formOf(d, scenario)));
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // An edit keeps what the form does not show (a hot-add's spec, a policy's knobs).
    const ev: EventSpec = eventOf(form, parseMs(at), values, editing);
    setBusy(true);
    const bad = index === null ? await addEvent(ev) : await replaceEvent(index, ev);
    setBusy(false);
    setError(bad);
    if (bad) return;
    setSaid(`${index === null ? 'Added' : 'Changed'}: ${def.label} ${def.target(ev)} at ${fmtInt(ev.atMs)} ms. The run replayed to where it was; it fires at epoch ${fmtInt(Math.ceil(ev.atMs / scenario.epochMs))}.`);
    if (index === null) setAtText(null);
    onDone?.();
  };
  const errId = `${uid}-err`;
  return (
    <form className="event-form" noValidate onSubmit={(e) => void submit(e)} aria-label={index === null ? 'Add an event' : `Edit event ${def.label}`}>
      {index === null && (
        <label className="ef-field">
          <span>Event</span>
          <select value={kind} onChange={(e) => pickKind(e.target.value)}>
            {EVENT_KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        </label>
      )}
      <label className="ef-field">
        <span>At (ms)</span>
        <span className="ef-input">
          <input
            type="number" inputMode="decimal" min={BOUNDS.eventAtMs.min} max={scenario.epochs * scenario.epochMs} step="any" value={at}
            aria-invalid={error ? true : undefined} aria-describedby={error ? errId : undefined}
            onChange={(e) => setAtText(e.target.value)}
          />
          {atText !== null && index === null && <button type="button" className="small" onClick={() => setAtText(null)}>now</button>}
        </span>
      </label>
      {form.fields.map((f) => (
        <Field key={f.key} field={f} value={values[f.key] ?? ''} onChange={(v) => setValues({ ...values, [f.key]: v })} />
      ))}
      <p className="hint ef-help">{def.help}{form.skipped.length > 0 && <> (not set here: {form.skipped.join(', ')}; their defaults apply, or edit the scenario file)</>}</p>
      <div className="ef-actions">
        <button type="submit" className="primary" disabled={busy}>{index === null ? 'Add event' : 'Save changes'}</button>
        {onDone && <button type="button" onClick={onDone}>Cancel</button>}
      </div>
      {error && <p id={errId} className="inline-error" role="alert">Not added: {error}</p>}
      <p className="sr-status" role="status">{said}</p>
    </form>
  );
}

function Field({ field: f, value, onChange }: { field: FormField; value: string; onChange(v: string): void }) {
  const bounds = f.type === 'number' && f.min !== undefined && f.max !== undefined
    ? `${f.minExclusive ? 'above ' : ''}${num(f.min, 3)}–${num(f.max, 3)}${f.integer ? ', whole' : ''}` : '';
  const note = [f.help, bounds, f.defaultValue !== undefined ? `default ${f.defaultValue}` : f.optional ? 'optional' : ''].filter(Boolean).join('; ');
  return (
    <label className="ef-field" title={note || undefined}>
      <span>{f.key}{f.unit ? ` (${f.unit})` : ''}</span>
      {f.type === 'choice' ? (
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          {(f.optional || value === '') && <option value="">{f.defaultValue !== undefined ? `default (${f.defaultValue})` : '(none)'}</option>}
          {f.choices!.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      ) : (
        <input
          type={f.type === 'number' ? 'number' : 'text'} value={value} placeholder={f.defaultValue !== undefined ? String(f.defaultValue) : f.optional ? 'optional' : ''}
          min={f.min} max={f.max} step={f.type === 'number' ? (f.integer ? 1 : 'any') : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {note && <span className="ef-note">{note}</span>}
    </label>
  );
}

function EventRow({ row: r, scenario, names, shown }: { row: TimelineRow; scenario: Scenario; names: Map<string, string>; shown: boolean }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const o = r.outcome;
  const what = `${r.label} ${r.target} at ${fmtInt(r.atMs)} ms`;
  const headId = useId();
  return (
    <li className={`event-row status-${r.status}${shown ? ' shown' : ''}`} data-event-index={r.index} data-status={r.status} aria-labelledby={headId}>
      <div className="er-head" id={headId}>
        <span className="er-time">{fmtInt(r.atMs)} ms</span>
        <span className="er-kind">{r.label}</span>
        <span className="er-target">{names.get(r.target) ?? r.target}</span>
        <span className={`er-status ${r.status}`}>{statusText(r)} · epoch {fmtInt(o ? o.epoch : r.epoch)}</span>
      </div>
      {o && (
        <div className="er-outcome">
          {o.summary && <p className="er-blast"><strong>Blast radius:</strong> {o.summary}</p>}
          <p className="er-reason">{o.ok ? '' : 'Why not: '}{o.reason}</p>
          <p className="er-figures muted">
            pages moved {fmtInt(o.pagesMoved)} · lost {fmtInt(o.pagesLost)} · isolated {fmtInt(o.pagesIsolated)}
            {o.mces > 0 && <> · machine checks {fmtInt(o.mces)}</>}
            {o.signalled > 0 && <> · processes signalled {fmtInt(o.signalled)}</>}
            {' '}· hosts hit: {o.hostsHit.length ? o.hostsHit.map((h) => names.get(h) ?? h).join(', ') : 'none'}
            {' '}· VMs hit: {o.vmsHit.length ? o.vmsHit.join(', ') : 'none'}
            {o.regionsHit.length > 0 && <> · shared regions hit: {o.regionsHit.join(', ')}</>}
          </p>
        </div>
      )}
      <div className="er-actions">
        {o && (
          <button type="button" className="small" aria-pressed={shown} onClick={() => useApp.setState({ eventPicked: r.index })} aria-label={`Show on the topology: ${what}`}>
            {shown ? 'Shown on the topology' : 'Show on the topology'}
          </button>
        )}
        <button type="button" className="small" aria-expanded={editing} onClick={() => setEditing(!editing)} aria-label={`Edit ${what}`}>Edit</button>
        <button
          type="button" className="small" aria-label={`Remove ${what}`}
          onClick={() => void removeEvent(r.index).then(setError)}
        >Remove</button>
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {editing && <EventForm scenario={scenario} index={r.index} onDone={() => setEditing(false)} />}
      <details className="er-linux">
        <summary>Linux: what an operator would run or see</summary>
        <LinuxBlock lines={r.linux} what={what} />
      </details>
    </li>
  );
}

function LinuxBlock({ lines, what }: { lines: string[]; what: string }) {
  const [copied, setCopied] = useState(false);
  const text = lines.join('\n');
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="linux-block">
      <pre><code>{text}</code></pre>
      <button type="button" className="small" onClick={copy} aria-label={`Copy the Linux commands of ${what}`}>{copied ? 'Copied' : 'Copy'}</button>
    </div>
  );
}
