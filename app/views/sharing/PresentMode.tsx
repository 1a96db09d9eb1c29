// Presentation mode (issue 9, "Stage"): for a projector. The scenario's name, the epoch and the
// headline figures in a bar; the topology and the AMAT / fast-tier share chart (and the A/B
// verdict when comparing) fill the rest of the screen in large type (no label under 18 px at
// 1920 x 1080). The controls hide behind one key (H); Esc leaves.
import { useEffect, useState } from 'react';
import type { PanelName } from '../../../src/scenario/link';
import { live, setPresent } from '../../actions';
import { epochLabel, fmt, pct } from '../../format';
import { useApp } from '../../store';
import { useLiveTick } from '../../use-live';
import { Controls } from '../run/Controls';
import { PANEL_VIEWS, shownPanels } from './panels';

/** What presentation mode shows unless the link says otherwise ("panels="). */
export const PRESENT_PANELS: readonly PanelName[] = ['topology', 'chart'];
/** The smallest label on screen, in CSS px, at 1920 x 1080: legible from 10 m on a 1080p projector. */
export const PRESENT_MIN_PX = 18;
/**
 * A larger fabric's topology labels at 1920 x 1080: a little under the rest, so that a 13-host
 * pod still fits the screen's width node by node (Topology lays it out for this size). A small
 * fabric keeps PRESENT_MIN_PX: it has the room.
 */
export const PRESENT_TOPOLOGY_MIN_PX = 16;

/**
 * The topology's smallest label for the window's size: `atFullHd` at 1920 x 1080 or more,
 * scaled down with a smaller window (the CSS's --present-min does the same for the text).
 */
function useMinLabelPx(atFullHd: number): number {
  const [scale, setScale] = useState(windowScale);
  useEffect(() => {
    const on = () => setScale(windowScale());
    addEventListener('resize', on);
    return () => removeEventListener('resize', on);
  }, []);
  return atFullHd * scale;
}

const windowScale = () => Math.min(1, innerWidth / 1920, innerHeight / 1080);

/**
 * A fabric with more than WIDE_FABRIC hosts or CXL devices side by side gets the screen's whole
 * width for its topology, as tall as it needs up to WIDE_TOPOLOGY_HEIGHT of the screen, and the
 * other panels share the row below: a row of 13 nodes at projector size does not fit beside a
 * chart. One with more than MEDIUM_FABRIC gets a wider column beside the chart; so does a pool
 * of one or two devices without switches, drawn with its hosts above and below it (it needs
 * height more than width).
 */
const WIDE_FABRIC = 8;
const MEDIUM_FABRIC = 4;
const WIDE_TOPOLOGY_HEIGHT = 0.5;

/** How presentation mode arranges a fabric's topology beside the other panels. */
export function fabricShape(s: { hosts: readonly unknown[]; switches: readonly unknown[]; devices: readonly { kind: string }[] }): 'wide' | 'medium' | 'small' {
  const cxl = s.devices.filter((d) => d.kind === 'cxl').length;
  const across = Math.max(s.hosts.length, cxl);
  const aroundPool = s.switches.length === 0 && cxl <= 2;
  if (across > WIDE_FABRIC && !aroundPool) return 'wide';
  return across > MEDIUM_FABRIC ? 'medium' : 'small';
}

export function PresentMode() {
  const scenario = useApp((s) => s.scenario)!;
  const compare = useApp((s) => s.compare);
  const chosen = useApp((s) => s.panels);
  const showControls = useApp((s) => s.presentControls);
  const panels = shownPanels(chosen, PRESENT_PANELS, compare !== null);
  const fabric = fabricShape(scenario);
  const minLabelPx = useMinLabelPx(fabric === 'small' ? PRESENT_MIN_PX : PRESENT_TOPOLOGY_MIN_PX);
  const first = panels.length > 1 && panels[0] === 'topology';
  const shape = first ? fabric : 'small';
  const wide = shape === 'wide', medium = shape === 'medium';
  return (
    <main className="present" aria-label={`Presentation: ${scenario.name}`} data-panels={panels.join(',')}>
      <header className="present-bar">
        <div className="present-title">
          <h1>{scenario.name}</h1>
          <p>
            policy <strong>{scenario.policy.name}</strong>
            {compare && <> against <strong>{compare}</strong> (B, dashed)</>}
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
      <div className={`present-grid n${panels.length}${wide ? ' wide-fabric' : medium ? ' medium-fabric' : ''}`}>
        {panels.map((p) => (
          <section key={p} className={`card present-panel panel-${p}`} aria-label={PANEL_VIEWS[p].title}>
            {PANEL_VIEWS[p].render({ minLabelPx, readOnly: false, compact: true, fill: !wide, topologyMaxHeight: WIDE_TOPOLOGY_HEIGHT })}
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
