// Presentation mode (issue 9, "Stage"): for a projector. The scenario's name, the epoch and the
// headline figures in a bar (a pool's own: its VMs' AMAT and slowdown, stranded memory, DRAM
// saved); the lesson's question, what to watch and its "try this" under it; the topology and
// the AMAT / fast-tier share chart, or the view the lesson names (and the A/B verdict when
// comparing) fill the rest of the screen in large type (no label under 18 px at 1920 x 1080).
// The controls hide behind one key (H); Esc leaves.
import { useEffect, useState, type CSSProperties } from 'react';
import type { PanelName } from '../../../src/scenario/link';
import { live, setPresent } from '../../actions';
import { epochLabel, metricText, pct } from '../../format';
import { useApp } from '../../store';
import { compareLabel } from '../../compare-target';
import { useLiveTick } from '../../use-live';
import { Controls } from '../run/Controls';
import { PANEL_VIEWS, shownPanels } from './panels';
import { metric, type Metric } from '../../../src/metrics/registry';
import { presentFocus } from '../../lesson-figures';
import { LessonTry, useLessonOnScreen } from '../teaching/LessonCard';
import { Segments } from '../teaching/Term';
import { splitAll } from '../../glossary';

/** What presentation mode shows unless the link says otherwise ("panels="). */
export const PRESENT_PANELS: readonly PanelName[] = ['topology', 'chart'];
/** The smallest label on screen, in CSS px, at 1920 x 1080: legible from 10 m on a 1080p projector. */
export const PRESENT_MIN_PX = 18;
/**
 * A larger fabric's topology labels at 1920 x 1080: a little under the rest, so that a 13-host
 * pod still fits the screen's width node by node (Topology lays it out for this size), and
 * both runs' pictures with a comparison on. A small fabric alone keeps PRESENT_MIN_PX: it has the room.
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
  const lesson = useLessonOnScreen();
  const panels = shownPanels(chosen, lesson ? presentFocus(lesson.entry.lesson, scenario) : PRESENT_PANELS, compare !== null);
  const fabric = fabricShape(scenario);
  const first = panels.length > 1 && panels[0] === 'topology';
  // Comparing: run A's and run B's pictures side by side over the whole height, the other panels
  // in a column beside them (stacked in one column, each had half its height: labels near 15 px
  // on a small fabric, run B's picture pushed off the screen on a wide one).
  const ab = first && compare !== null;
  const minLabelPx = useMinLabelPx(fabric === 'small' && !ab ? PRESENT_MIN_PX : PRESENT_TOPOLOGY_MIN_PX);
  const shape = first && !ab ? fabric : 'small';
  const wide = shape === 'wide', medium = shape === 'medium';
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
      {lesson && <LessonStrip entry={lesson.entry} />}
      <div className={`present-grid n${panels.length}${ab ? ' ab' : wide ? ' wide-fabric' : medium ? ' medium-fabric' : ''}`} style={ab ? ({ '--ab-rows': panels.length - 1 } as CSSProperties) : undefined}>
        {panels.map((p) => (
          <section key={p} className={`card present-panel panel-${p}`} aria-label={PANEL_VIEWS[p].title}>
            {PANEL_VIEWS[p].render({ minLabelPx, readOnly: false, compact: true, fill: !wide, topologyMaxHeight: WIDE_TOPOLOGY_HEIGHT })}
          </section>
        ))}
      </div>
    </main>
  );
}

type LessonEntry = NonNullable<ReturnType<typeof useLessonOnScreen>>['entry'];

/** The lesson kept on the stage: its question, what to watch, and its "try this" button. */
function LessonStrip({ entry }: { entry: LessonEntry }) {
  const lesson = entry.lesson;
  const [watch] = splitAll([lesson.watch]);
  return (
    <section className="present-lesson" aria-label={`Lesson ${lesson.number}`} data-lesson={lesson.number}>
      <div className="present-lesson-text">
        <h2>Lesson {lesson.number}: {lesson.question}</h2>
        <p data-part="watch"><strong>Watch: </strong><Segments parts={watch} /></p>
      </div>
      <div className="present-lesson-try" data-part="try"><LessonTry entry={entry} hint={false} /></div>
    </section>
  );
}

const [AMAT, VM_AMAT, VM_SLOWDOWN, STRANDED_PCT, DRAM_SAVED, VMS_REJECTED] = (['amatNs', 'vmAmatNs', 'vmSlowdownPercent', 'strandedPercent', 'dramSavedPercent', 'vmsRejected'] as const).map((k) => metric(k) as Metric);

/** The epoch on screen and its headline figures, large: AMAT and the fast-tier share, or with a pool its VMs' and the pool's (VMs rejected: the run's total). */
function Headline() {
  useLiveTick();
  const meta = useApp((s) => s.meta);
  const running = useApp((s) => s.running);
  const loading = useApp((s) => s.loading || s.meta === null);
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const s = snap && live.epochsDone > 0 ? snap.summary : null;
  const run = s ? live.figuresAt(live.epochsDone) : null;
  const dash = '–';
  const figure = (m: Metric, v: number | undefined) => (v === undefined || !Number.isFinite(v) ? dash : metricText(m, v));
  return (
    <dl className="present-figures" data-shown-epoch={live.shownEpoch}>
      <div><dt>{loading ? 'loading…' : running ? 'playing' : 'paused'}</dt><dd>{s && meta ? epochLabel(live.shownEpoch, meta.epochMs) : 'press Space to play'}</dd></div>
      {meta?.pool ? (
        <>
          <div><dt>{VM_AMAT.label}</dt><dd data-metric="present-vm-amat">{s && s.vmsRunning > 0 ? figure(VM_AMAT, s.vmAmatNs) : dash}</dd></div>
          <div><dt>VM slowdown</dt><dd data-metric="present-vm-slowdown">{s && s.vmsRunning > 0 ? figure(VM_SLOWDOWN, s.vmSlowdownPercent) : dash}</dd></div>
          <div><dt>{metric('strandedGiB').label}</dt><dd data-metric="present-stranded">{s ? figure(STRANDED_PCT, s.strandedPercent) : dash}</dd></div>
          <div><dt>{DRAM_SAVED.label}</dt><dd data-metric="present-dram-saved">{run ? figure(DRAM_SAVED, run.dramSavedPercent) : dash}</dd></div>
          <div title="In total, over the run so far"><dt>{VMS_REJECTED.label}</dt><dd data-metric="present-vms-rejected">{run ? figure(VMS_REJECTED, run.vmsRejected) : dash}</dd></div>
        </>
      ) : (
        <>
          <div><dt>AMAT, this epoch</dt><dd data-metric="present-amat">{s ? metricText(AMAT, s.amatNs) : dash}</dd></div>
          <div><dt>{metric('fastTierAccessShare').label.toLowerCase()}</dt><dd data-metric="present-fast">{s ? pct(s.fastTierAccessShare, 1) : dash}</dd></div>
        </>
      )}
    </dl>
  );
}
