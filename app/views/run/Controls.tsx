// Run controls and the scenario knobs. Knob changes restart the run with the new scenario.
import { useEffect, useId, useState } from 'react';
import { POLICIES } from '../../../src/policies/registry';
import { switchPolicy } from '../../../src/policies/switch-policy';
import { BOUNDS, inIntBounds } from '../../../src/scenario/bounds';
import { findPattern } from '../../../src/workloads/registry';
import { applyScenario, downloadRun, openPreset, pause, play, restartRun, setPresent, setSpeed, step } from '../../actions';
import { fetchPresetIndex, presetLabel, type PresetEntry } from '../../presets';
import { PATTERNS, withPattern, withPoolManager, withSeed, workloadName, type Pattern } from '../../scenario-edit';
import { POOL_MANAGERS } from '../../../src/pool-managers/registry';
import { SPEEDS, useApp } from '../../store';
import { ComparePicker } from './Compare';
import { compareLabel } from '../../compare-target';
import { SKIP_TARGETS } from '../shell/SkipLinks';
import { Glossed } from '../teaching/Term';
import { ImportButton } from '../shell/ImportDialog';


export function Controls() {
  const scenario = useApp((s) => s.scenario)!;
  const running = useApp((s) => s.running);
  const speed = useApp((s) => s.speed);
  const presetName = useApp((s) => s.presetName);
  // Until the worker has loaded the run there is nothing to play: the button says so.
  const loading = useApp((s) => s.loading || s.meta === null);
  const ready = !loading;
  const [presets, setPresets] = useState<PresetEntry[]>([]);
  const policyHelp = useId();
  const patternHelp = useId();
  const seedHelp = useId();

  useEffect(() => {
    let alive = true;
    fetchPresetIndex().then((list) => { if (alive) setPresets(list); }, () => {});
    return () => { alive = false; };
  }, []);

  const compare = useApp((s) => s.compare);
  const present = useApp((s) => s.present);
  // The workload the Pattern menu edits (the others keep their patterns).
  const [picked, setPicked] = useState(0);
  const workload = Math.min(picked, scenario.workloads.length - 1);
  const togglePlay = () => {
    if (running) void pause(); else play();
  };
  const pattern = scenario.workloads[workload].pattern;
  const policy = POLICIES.find((p) => p.name === scenario.policy.name);

  return (
    <div className="controls" role="group" aria-label="Simulation controls" id={SKIP_TARGETS.controls} tabIndex={-1}>
      <div className="group">
        <button type="button" className="primary play" onClick={togglePlay} disabled={!ready} aria-busy={loading || undefined}>
          {loading ? <LoadingIcon /> : <PlayIcon paused={!running} />}
          <span>{loading ? 'Loading…' : running ? 'Pause' : 'Play'}</span>
        </button>
        <button type="button" onClick={() => void step(1)} disabled={!ready} title={compare ? 'One epoch of both runs' : 'One epoch'}>Step</button>
        <button type="button" onClick={() => void restartRun()} disabled={!ready} title="Start this scenario again from epoch 0">Restart</button>
        <label className="field">
          <span>Speed</span>
          <select
            value={Number.isFinite(speed) ? String(speed) : 'max'}
            onChange={(e) => {
              setSpeed(e.target.value === 'max' ? Infinity : Number(e.target.value));
            }}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={Number.isFinite(s) ? String(s) : 'max'}>
                {Number.isFinite(s) ? `${s} epoch${s === 1 ? '' : 's'}/s` : 'max'}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="group">
        <label className="field">
          <span>Preset</span>
          <select
            value={presetName ?? ''}
            onChange={(e) => {
              const p = presets.find((x) => x.name === e.target.value);
              if (p) void openPreset(p);
            }}
          >
            {presetName === null && <option value="">{scenario.name}</option>}
            {presets.map((p) => <option key={p.name} value={p.name} title={p.description}>{presetLabel(p)}</option>)}
            {presetName !== null && !presets.some((p) => p.name === presetName) && <option value={presetName}>{presetName}</option>}
          </select>
        </label>
        <label className="field">
          <span>Policy</span>
          <select
            value={scenario.policy.name}
            aria-describedby={policyHelp}
            onChange={(e) => void applyScenario(switchPolicy(scenario, e.target.value))}
          >
            {POLICIES.map((p) => <option key={p.name} value={p.name} title={p.description}>{p.name}</option>)}
          </select>
        </label>
        {scenario.pool && (
          <label className="field">
            <span>Pool manager</span>
            <select
              value={scenario.pool.manager}
              title={POOL_MANAGERS.find((m) => m.name === scenario.pool!.manager)?.description}
              onChange={(e) => void applyScenario(withPoolManager(scenario, e.target.value))}
            >
              {POOL_MANAGERS.map((m) => <option key={m.name} value={m.name} title={m.description}>{m.name}</option>)}
            </select>
          </label>
        )}
        {scenario.workloads.length > 1 && (
          <label className="field">
            <span>Workload</span>
            <select value={String(workload)} onChange={(e) => setPicked(Number(e.target.value))}>
              {scenario.workloads.map((w, i) => <option key={w.id} value={String(i)}>{workloadName(scenario, i)} ({w.pattern})</option>)}
            </select>
          </label>
        )}
        <label className="field">
          <span>Pattern</span>
          <select
            value={pattern}
            aria-describedby={patternHelp}
            onChange={(e) => void applyScenario(withPattern(scenario, workload, e.target.value as Pattern))}
          >
            {PATTERNS.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <SeedInput key={scenario.seed} seed={scenario.seed} describedBy={seedHelp} />
      </div>
      <div className="group">
        <ComparePicker />
        <button type="button" onClick={() => void downloadRun('a')} disabled={!ready} title="The run so far, in the same JSON format as the command line's --format json">
          Download run (JSON)
        </button>
        {compare && (
          <button type="button" onClick={() => void downloadRun('b')} disabled={!ready} title={`Run B (${compareLabel(compare)}) so far, in the command line's JSON format`}>
            Download B (JSON)
          </button>
        )}
      </div>
      <div className="group">
        <button type="button" onClick={() => useApp.setState({ sheet: 'share' })} title="The link of this run, to copy or scan as a QR code">Share…</button>
        <button type="button" onClick={() => useApp.setState({ sheet: 'export' })} title="Pictures of the views, the metrics as CSV or JSON, the scenario as a file">Export…</button>
        <button type="button" onClick={() => useApp.setState({ sheet: 'sweep' })} title="Run this scenario over a range of one parameter, policies and seeds; chart a figure against it">Sweep…</button>
        <ImportButton />
        <button type="button" onClick={() => setPresent(!present)} aria-pressed={present} title="Large type, the topology and the chart fill the screen (key S)">
          {present ? 'Leave presentation' : 'Present'}
        </button>
        <button type="button" onClick={() => useApp.setState({ sheet: 'help' })} title="Keyboard shortcuts (key ?)" aria-label="Keyboard shortcuts">?</button>
      </div>
      <p className="help">
        <span id={policyHelp}><strong>{scenario.policy.name}</strong>: <Glossed text={policy?.description ?? ''} /></span>
        {' · '}
        <span id={patternHelp}>
          <strong>{pattern}</strong>: {findPattern(pattern)?.help}
          {scenario.workloads.length > 1 && ` (workload ${workloadName(scenario, workload)}; the other ${scenario.workloads.length - 1} keep theirs)`}
        </span>
        <span id={seedHelp} className="visually-hidden">The seed fixes every random choice: the same scenario and seed give the same run.</span>
      </p>
    </div>
  );
}

/** A draft seed, applied on Enter or when the field loses focus; re-keyed when the scenario's seed changes. */
function SeedInput({ seed, describedBy }: { seed: number; describedBy: string }) {
  const scenario = useApp((s) => s.scenario)!;
  const [draft, setDraft] = useState(String(seed));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const apply = () => {
    const v = Number(draft.trim());
    if (draft.trim() === '' || !inIntBounds(v, BOUNDS.seed)) {
      setError(`a whole number from ${BOUNDS.seed.min} to ${BOUNDS.seed.max}`);
      return;
    }
    setError(null);
    if (v !== seed) void applyScenario(withSeed(scenario, v));
  };
  return (
    <label className="field seed">
      <span>Seed</span>
      <input
        type="text"
        inputMode="numeric"
        value={draft}
        size={10}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${describedBy}` : describedBy}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => { if (e.key === 'Enter') apply(); }}
      />
      {error && <span id={errorId} className="field-error" role="alert">{error}</span>}
    </label>
  );
}

/** An hourglass while the scenario loads (no animation: nothing moves that is not the simulation). */
function LoadingIcon() {
  return (
    <svg className="icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <path d="M2.5 1h7v1.2L6.8 6l2.7 3.8V11h-7V9.8L5.2 6 2.5 2.2z" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" />
    </svg>
  );
}

/** Play / pause glyph drawn as SVG: font glyphs differ in width and crowd the label. */
function PlayIcon({ paused }: { paused: boolean }) {
  return (
    <svg className="icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      {paused ? <path d="M2.5 1.5 L10.5 6 L2.5 10.5 Z" fill="currentColor" /> : <path d="M2 1.5h3v9H2zM7 1.5h3v9H7z" fill="currentColor" />}
    </svg>
  );
}
