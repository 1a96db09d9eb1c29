// The read-only embedded view ("embed=1"), for an iframe in slides or a blog post: the
// scenario's name, Play / Pause, the panels (topology, chart, metrics unless the link says
// otherwise) and a link that opens the same run in the full app. Nothing here edits the
// scenario: no menus, no knobs, no dragging.
import type { PanelName } from '../../../src/scenario/link';
import { DEFAULT_SPEED, writeLink } from '../../../src/scenario/link';
import { live, pause, play } from '../../actions';
import { epochLabel } from '../../format';
import { presetScenario } from '../../presets';
import { useApp } from '../../store';
import { compareLabel } from '../../compare-target';
import { useLiveTick } from '../../use-live';
import { PANEL_VIEWS, shownPanels } from './panels';

export const EMBED_PANELS: readonly PanelName[] = ['topology', 'chart', 'metrics'];

/** This run's link in the full app (the same scenario, comparison and speed; no "embed"). */
export function fullAppLink(): string {
  const { scenario, compare, speed, presetName } = useApp.getState();
  if (!scenario) return location.href;
  const base = `${location.origin}${location.pathname}${location.search}`;
  const o = { preset: presetName ?? undefined, b: compare ?? undefined, speed: speed === DEFAULT_SPEED ? undefined : speed };
  return `${base}#${writeLink(scenario, o, presetName ? presetScenario(presetName) : null)}`;
}

export function EmbedView() {
  const scenario = useApp((s) => s.scenario)!;
  const compare = useApp((s) => s.compare);
  const chosen = useApp((s) => s.panels);
  const running = useApp((s) => s.running);
  const loading = useApp((s) => s.loading || s.meta === null);
  const panels = shownPanels(chosen, EMBED_PANELS, compare !== null);
  return (
    <main className="embed" aria-label={`Embedded run: ${scenario.name}`}>
      <header className="embed-bar">
        <button type="button" className="primary play" disabled={loading} onClick={() => { if (running) void pause(); else play(); }}>
          {loading ? 'Loading…' : running ? 'Pause' : 'Play'}
        </button>
        <div className="embed-title">
          <strong>{scenario.name}</strong>
          <span className="muted"> · {scenario.policy.name}{compare ? ` against ${compareLabel(compare)}` : ''} · <EmbedEpoch /></span>
        </div>
        <a href={fullAppLink()} target="_blank" rel="noopener noreferrer">Open in CXL Playground</a>
      </header>
      <div className={`embed-grid n${panels.length}`}>
        {panels.map((p) => (
          <section key={p} className={`card embed-panel panel-${p}`} aria-label={PANEL_VIEWS[p].title}>
            {PANEL_VIEWS[p].render({ minLabelPx: 0, readOnly: true, compact: false })}
          </section>
        ))}
      </div>
    </main>
  );
}

function EmbedEpoch() {
  useLiveTick();
  const meta = useApp((s) => s.meta);
  return <span data-shown-epoch={live.shownEpoch}>{meta && live.epochsDone > 0 ? epochLabel(live.shownEpoch, meta.epochMs) : 'epoch –'}</span>;
}
