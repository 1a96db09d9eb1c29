// Presentation mode (issue 9, "Stage"): for a projector. The scenario's name, the epoch and the
// headline figures in a bar; the topology and the AMAT / fast-tier share chart (and the A/B
// verdict when comparing) fill the rest of the screen in large type (no label under 18 px at
// 1920 x 1080). The controls hide behind one key (H); Esc leaves.
import { useEffect, useState } from 'react';
import type { PanelName } from '../../../src/scenario/link';
import { live, setPresent } from '../../actions';
import { epochLabel, fmt, pct } from '../../format';
import { useApp } from '../../store';
import { compareLabel } from '../../compare-target';
import { useLiveTick } from '../../use-live';
import { Controls } from '../run/Controls';
import { PANEL_VIEWS, shownPanels } from './panels';

/** What presentation mode shows unless the link says otherwise ("panels="). */
export const PRESENT_PANELS: readonly PanelName[] = ['topology', 'chart'];
/** The smallest label on screen, in CSS px, at 1920 x 1080: legible from 10 m on a 1080p projector. */
export const PRESENT_MIN_PX = 18;

/**
 * The smallest label for the window's size: PRESENT_MIN_PX at 1920 x 1080 or more, scaled
 * down with a smaller window (the CSS's --present-min says the same for the text).
 */
function useMinLabelPx(): number {
  const size = () => PRESENT_MIN_PX * Math.min(1, innerWidth / 1920, innerHeight / 1080);
  const [px, setPx] = useState(size);
  useEffect(() => {
    const on = () => setPx(size());
    addEventListener('resize', on);
    return () => removeEventListener('resize', on);
  }, []);
  return px;
}

export function PresentMode() {
  const scenario = useApp((s) => s.scenario)!;
  const compare = useApp((s) => s.compare);
  const chosen = useApp((s) => s.panels);
  const showControls = useApp((s) => s.presentControls);
  const panels = shownPanels(chosen, PRESENT_PANELS, compare !== null);
  const minLabelPx = useMinLabelPx();
  return (
    <main className="present" aria-label={`Presentation: ${scenario.name}`} data-panels={panels.join(',')}>
      <header className="present-bar">
        <div className="present-title">
          <h1>{scenario.name}</h1>
          <p>
            policy <strong>{scenario.policy.name}</strong>
            {compare && <> against <strong>{compareLabel(compare)}</strong> (B, dashed)</>}
          </p>
        </div>
        <Headline />
        <div className="present-keys">
          <button type="button" onClick={() => useApp.setState((s) => ({ presentControls: !s.presentControls }))} aria-expanded={showControls}>
            {showControls ? 'Hide controls' : 'Controls'} <kbd>H</kbd>
          </button>
          <button type="button" onClick={() => useApp.setState({ sheet: 'help' })}>Shortcuts <kbd>?</kbd></button>
          <button type="button" onClick={() => setPresent(false)}>Leave <kbd>Esc</kbd></button>
        </div>
      </header>
      {showControls && <Controls />}
      <div className={`present-grid n${panels.length}`}>
        {panels.map((p) => (
          <section key={p} className={`card present-panel panel-${p}`} aria-label={PANEL_VIEWS[p].title}>
            {PANEL_VIEWS[p].render({ minLabelPx, readOnly: false, compact: true })}
          </section>
        ))}
      </div>
    </main>
  );
}

/** The epoch on screen and its two headline figures, large. */
function Headline() {
  useLiveTick();
  const meta = useApp((s) => s.meta);
  const running = useApp((s) => s.running);
  const loading = useApp((s) => s.loading || s.meta === null);
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const s = snap && live.epochsDone > 0 ? snap.summary : null;
  return (
    <dl className="present-figures" data-shown-epoch={live.shownEpoch}>
      <div><dt>{loading ? 'loading…' : running ? 'playing' : 'paused'}</dt><dd>{s && meta ? epochLabel(live.shownEpoch, meta.epochMs) : 'press Space to play'}</dd></div>
      <div><dt>AMAT, this epoch</dt><dd data-metric="present-amat">{s ? `${fmt(s.amatNs, 0)} ns` : '–'}</dd></div>
      <div><dt>fast-tier share</dt><dd data-metric="present-fast">{s ? pct(s.fastTierAccessShare, 1) : '–'}</dd></div>
    </dl>
  );
}
