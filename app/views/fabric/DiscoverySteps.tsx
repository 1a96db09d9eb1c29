// Discovery's steps, open (the panel's shell, Discovery.tsx, loads this when it first opens):
// src/kernel-view/discovery.ts declares the steps, the CLI's --discovery prints the same.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { discoverySteps, type DiscoveryStep } from '../../../src/kernel-view/discovery';
import { serverHosts } from '../../../src/kernel-view/machine';
import { useApp } from '../../store';

/** Time each step stays on screen while autoplaying. */
const AUTOPLAY_MS = 4000;

/** Shows step i (clamped to the n steps there are). */
function goTo(i: number, n: number): void {
  const d = useApp.getState().discovery;
  if (!d || n === 0) return;
  useApp.setState({ discovery: { ...d, step: Math.max(0, Math.min(n - 1, i)) } });
}

export default function DiscoverySteps() {
  const scenario = useApp((s) => s.scenario)!;
  const disc = useApp((s) => s.discovery);
  const titleId = useId();
  const per = disc?.per ?? 'all';
  const open = disc !== null;
  // Only while the panel is open: on a 64-host fabric the steps cost tens of ms per edit.
  const steps = useMemo<DiscoveryStep[] | string>(() => {
    if (!open) return [];
    try {
      return discoverySteps(scenario, { per });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }, [scenario, per, open]);
  const [playing, setPlaying] = useState(false);
  const timer = useRef<number | null>(null);

  const n = typeof steps === 'string' ? 0 : steps.length;
  const at = disc ? Math.min(disc.step, Math.max(0, n - 1)) : 0;
  const step = typeof steps === 'string' || !disc ? null : steps[at];

  // The topology lights the step's devices while the panel is open.
  useEffect(() => {
    useApp.setState({ discoveryLit: step ? step.highlight : null });
  }, [step]);
  useEffect(() => () => useApp.setState({ discoveryLit: null }), []);

  const go = (i: number) => goTo(i, n);
  // Autoplay: one step every AUTOPLAY_MS, stopping at the last.
  useEffect(() => {
    if (!playing) return;
    if (at >= n - 1) { setPlaying(false); return; }
    timer.current = window.setTimeout(() => goTo(at + 1, n), AUTOPLAY_MS);
    return () => { if (timer.current !== null) window.clearTimeout(timer.current); };
  }, [playing, at, n]);

  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    const t = e.target as HTMLElement;
    if (t.closest('input, select, textarea')) return;
    if (e.key === 'ArrowRight') { e.preventDefault(); setPlaying(false); go(at + 1); }
    else if (e.key === 'ArrowLeft') { e.preventDefault(); setPlaying(false); go(at - 1); }
  };
  const names = new Map([...scenario.hosts, ...scenario.switches, ...scenario.devices].map((x) => [x.id, x.name ?? x.id] as const));
  const server = serverHosts(scenario, 0);

  return (
    <section className="card discovery open" aria-labelledby={titleId} onKeyDown={onKey} data-step={at + 1} data-phase={step?.phase}>
      <div className="panel-head">
        <h2 id={titleId}>Discovery</h2>
        <span className="muted" data-testid="discovery-count">{step ? `step ${at + 1} of ${n}` : ''}</span>
      </div>
      <div className="segmented" role="group" aria-label="Bring up the CXL devices">
        {(['all', 'each'] as const).map((p) => (
          <button key={p} type="button" aria-pressed={per === p} onClick={() => { setPlaying(false); useApp.setState({ discovery: { step: 0, per: p } }); }}>
            {p === 'all' ? 'All devices at once' : 'One device at a time'}
          </button>
        ))}
      </div>
      <div className="discovery-nav" role="group" aria-label="Discovery steps">
        {/* aria-disabled, not disabled: a button that runs out of steps keeps the focus (and the arrow keys keep working). */}
        <button type="button" onClick={() => { setPlaying(false); go(at - 1); }} aria-disabled={at === 0} aria-keyshortcuts="ArrowLeft">‹ Back</button>
        <button type="button" className="primary" onClick={() => { setPlaying(false); go(at + 1); }} aria-disabled={at >= n - 1} aria-keyshortcuts="ArrowRight">Next ›</button>
        <button type="button" aria-pressed={playing} onClick={() => setPlaying(!playing && at < n - 1)} aria-disabled={at >= n - 1 && !playing}>
          {playing ? 'Pause autoplay' : 'Autoplay'}
        </button>
        <button type="button" onClick={() => { setPlaying(false); useApp.setState({ discovery: null, discoveryLit: null }); }}>Close</button>
      </div>
      {server.length < scenario.hosts.length && (
        <p className="hint">As Linux on {server.map((h) => scenario.hosts[h].name ?? scenario.hosts[h].id).join(' + ')} sees it (the hosts joined by socket links); every other server brings up the devices it reaches the same way.</p>
      )}
      {typeof steps === 'string' && <p className="banner warn">Cannot step through this machine: {steps}</p>}
      {step && (
        <>
          <div aria-live="polite">
            <h3 id="discovery-step-title" tabIndex={-1} className="discovery-title">
              <span className="muted">Step {at + 1} of {n}:</span> {step.title}
            </h3>
          </div>
          <p className="discovery-text">{step.text}</p>
          {step.highlight.length > 0 && (
            <p className="discovery-lit"><span className="swatch discovery-swatch" aria-hidden="true" /> On the topology: {step.highlight.map((id) => names.get(id) ?? id).join(', ')}</p>
          )}
          <p className="hint discovery-source">Source: {step.source}</p>
          {step.outputs.map((o, i) => (
            <figure key={`${at}-${i}`} className="discovery-output">
              <pre className="kernel-text" data-testid="discovery-output" aria-label={`Output of ${o.command}`}><span className="muted"># {o.command}</span>{'\n'}{o.output || '(prints nothing)\n'}</pre>
              {o.note && <figcaption className="hint">{o.note}</figcaption>}
            </figure>
          ))}
        </>
      )}
    </section>
  );
}
