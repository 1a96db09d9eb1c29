// The working screen: owns the simulation worker for as long as it is shown.
import { useEffect, type ReactNode } from 'react';
import type { PanelName } from '../../../src/scenario/link';
import { attachClient, attachCompareClient, live, liveB, restartSimulators, startCompare, startRun } from '../../actions';
import { bytes, epochLabel, fmt, gbps, nodeLabel } from '../../format';
import { useLiveTick } from '../../use-live';
import { SimClient } from '../../sim-client';
import { nodeNames, topologyNodes } from '../../scenario-edit';
import { useApp } from '../../store';
import { Chart } from '../memory/Chart';
import { CompareCard } from '../run/Compare';
import { Controls } from '../run/Controls';
import { DeviceTable } from '../fabric/DeviceTable';
import { Heatmap } from '../memory/Heatmap';
import { LessonCard, useLessonOnScreen } from '../teaching/LessonCard';
import { lessonFocus } from '../../lesson-figures';
import { MetricsPanel } from '../memory/MetricsPanel';
import { MigrationChart } from '../memory/MigrationChart';
import { PageInspector } from '../memory/PageInspector';
import { PolicyKnobs } from '../run/PolicyKnobs';
import { TimelinePanel } from '../run/TimelinePanel';
import { PoolPanel } from '../pool/PoolPanel';
import { TiersPanel } from '../fabric/TiersPanel';
import { KernelView } from '../fabric/KernelView';
import { DiscoveryPanel } from '../fabric/Discovery';
import { ImportDialog } from './ImportDialog';
import { listenForDrops } from '../../import';
import { Topology } from '../fabric/Topology';
import { TopologyText } from '../fabric/TopologyText';
import { EditorPanel, EditToggle } from '../fabric/Editor';
import { EmbedView } from '../sharing/EmbedView';
import { PresentMode } from '../sharing/PresentMode';
import { Sheets } from './Sheets';
import { Watched } from './Watched';
import { SKIP_TARGETS } from './SkipLinks';
import { useShortcuts } from '../../shortcuts';
import { poolDeviceText } from '../../pool-text';

export function Playground() {
  useEffect(() => {
    const client = new SimClient(live);
    attachClient(client);
    client.setSpeed(useApp.getState().speed);
    const s = useApp.getState().scenario;
    if (s) void startRun(client, s);
    return () => {
      attachClient(null);
      client.dispose();
      useApp.setState({ running: false, meta: null });
    };
  }, []);

  // Run B of the A/B comparison: its own worker while a policy B is chosen.
  const compare = useApp((s) => s.compare);
  useEffect(() => {
    if (!compare) return;
    const client = new SimClient(liveB, { primary: false, label: 'The comparison run (B)' });
    attachCompareClient(client);
    client.setSpeed(useApp.getState().speed);
    void startCompare(client, compare);
    return () => {
      attachCompareClient(null);
      client.dispose();
      liveB.reset(null, -1);
    };
  }, [compare]);

  useEffect(() => listenForDrops(), []);
  useShortcuts();
  const present = useApp((s) => s.present);
  const embed = useApp((s) => s.embed);
  // What the page's frame shows of the scenario, as values: an edit re-renders the views that
  // read the scenario, not every card of the page (64 hosts: a render of them all per edit).
  const name = useApp((s) => s.scenario?.name);
  const description = useApp((s) => s.scenario?.description);
  const pooled = useApp((s) => s.scenario?.pool != null);
  const lesson = useLessonOnScreen();
  // One run, three layouts: the worker above lives on while the view changes.
  if (embed) return <><EmbedView /><Banners /><Sheets /></>;
  if (present) return <><PresentMode /><Banners /><Sheets /></>;
  // The views the open lesson names come first (the first beside its card, in view without
  // scrolling); the others keep their places in the two columns.
  const views: Record<MainView, ReactNode> = {
    topology: (
      <section className="card topo-card" aria-labelledby="topo-title">
        <div className="panel-head">
          <h2 id="topo-title">Topology <TopologyEpoch /></h2>
          <p className="scenario-name" title={description}>{name}</p>
          <EditToggle />
        </div>
        {/* The skip link lands on the picture itself: the next Tab is in it, past the card's buttons. */}
        <div id={SKIP_TARGETS.topology} tabIndex={-1} className="skip-target">
          <Topology />
        </div>
        <SelectionInfo />
        <EditorPanel />
      </section>
    ),
    devices: (
      <section className="card devices-card" aria-label="Memory devices">
        <DeviceTable />
        <TopologyText />
      </section>
    ),
    kernel: <KernelView />,
    discovery: <DiscoveryPanel />,
    tiers: <TiersPanel />,
    knobs: <PolicyKnobs />,
    metrics: <div className="card metrics-card"><MetricsPanel /></div>,
    compare: <CompareCard />,
    pool: <PoolPanel />,
    heatmap: <section className="card heat-card" aria-label="Heatmap"><Heatmap /></section>,
    inspector: <PageInspector />,
    chart: <section className="card chart-card" aria-label="Chart"><Chart /></section>,
    migrations: <section className="card migrations-card" aria-label="Migrations chart"><MigrationChart /></section>,
    timeline: <TimelinePanel />,
  };
  // The first view the lesson names sits beside its card; the others it names lead their columns.
  const focus: readonly MainView[] = lessonFocus(lesson?.entry.lesson ?? null, { pool: pooled ? true : undefined });
  const column = (list: readonly MainView[]) => [...focus.slice(1).filter((v) => list.includes(v)), ...list.filter((v) => !focus.includes(v))]
    .map((v) => <Watched key={v}>{views[v]}</Watched>);
  return (
    <main className="playground">
      <Controls />
      <Banners />
      {lesson && (
        <LessonCard onScreen={lesson}>
          {focus.length > 0 && <Watched>{views[focus[0]]}</Watched>}
        </LessonCard>
      )}
      <div className="columns">
        <div className="column">{column(LEFT)}</div>
        <div className="column">{column(RIGHT)}</div>
      </div>
      <Sheets />
      <ImportDialog />
    </main>
  );
}

/** The main screen's views: the panels a link or a lesson can name, and a few of its own. */
type MainView = PanelName | 'kernel' | 'discovery' | 'knobs' | 'inspector' | 'timeline';
const LEFT: readonly MainView[] = ['topology', 'devices', 'kernel', 'discovery', 'tiers', 'knobs'];
const RIGHT: readonly MainView[] = ['metrics', 'compare', 'pool', 'heatmap', 'inspector', 'chart', 'migrations', 'timeline'];

function Banners() {
  const simError = useApp((s) => s.simError);
  const editError = useApp((s) => s.editError);
  const notice = useApp((s) => s.notice);
  if (!simError && !editError && !notice) return null;
  return (
    <div className="banners">
      {notice && (
        <div className="banner warn" role="status">
          <span>{notice}</span>
          <button type="button" onClick={() => useApp.setState({ notice: null })}>Dismiss notice</button>
        </div>
      )}
      {simError && (
        <div className="banner error" role="alert">
          <span>{simError}</span>
          <button type="button" onClick={() => void restartSimulators()}>Restart simulator</button>
          <button type="button" onClick={() => useApp.setState({ simError: null })}>Dismiss</button>
        </div>
      )}
      {editError && (
        <div className="banner warn" role="alert">
          <span>{editError}</span>
          <button type="button" onClick={() => useApp.setState({ editError: null })}>Dismiss</button>
        </div>
      )}
    </div>
  );
}

/** The epoch whose occupancy (bars) and load (outlines) the picture shows. */
function TopologyEpoch() {
  useLiveTick();
  const meta = useApp((s) => s.meta);
  if (!meta || live.epochsDone === 0) return null;
  return <span className="scope-inline" data-shown-epoch={live.shownEpoch}>· {epochLabel(live.shownEpoch, meta.epochMs)}</span>;
}

/** One line about the selected node: what it is and how far it is from each host (a pooled device: who holds how much of it). */
function SelectionInfo() {
  useLiveTick();
  const scenario = useApp((s) => s.scenario)!;
  const meta = useApp((s) => s.meta);
  const selected = useApp((s) => s.selected);
  const node = selected ? topologyNodes(scenario).find((n) => n.id === selected) : undefined;
  const di = meta && node ? meta.devices.findIndex((d) => d.id === node.id) : -1;
  const dev = meta && di >= 0 ? meta.devices[di] : undefined;
  let text = 'Select a node (click, or Enter on a focused node) to see its details.';
  if (node) {
    text = nodeLabel(node, dev);
    if (dev && meta) {
      const lat = meta.hosts.map((h, i) => `${h.name} ${Number.isFinite(meta.idleLatencyNs[i][di]) ? `${fmt(meta.idleLatencyNs[i][di], 0)} ns` : 'unreachable'}`);
      // The modelled machine's size in binary units, as the Pool panel gives it (a pool scenario
      // is a scale model: each MB of its devices stands for pool.scale MB).
      text += ` · ${bytes(dev.capacityPages * (meta.pool?.scale ?? 1), meta.pageBytes)} · idle latency: ${lat.join(', ')}`;
      const k = meta.pool?.devices.findIndex((p) => p.device === di) ?? -1;
      if (k >= 0) text += ` · pool, ${live.epochsDone > 0 ? `in epoch ${live.shownEpoch}` : 'before the first epoch'}: ${poolDeviceText(meta, live.latest, k, nodeNames(scenario))}`;
    } else if (node.kind === 'host') {
      const h = scenario.hosts.find((x) => x.id === node.id);
      if (h) text += ` · ${h.cores} cores`;
    } else if (node.kind === 'switch') {
      const w = scenario.switches.find((x) => x.id === node.id);
      if (w) text += ` · ${w.hopLatencyNs} ns per hop`;
    }
    const links = scenario.links.filter((l) => l.a === node.id || l.b === node.id);
    if (links.length) text += ` · links: ${links.map((l) => gbps(l.bandwidthGBps)).join(', ')}`;
  }
  return <p className="selection" aria-live="polite">{text}</p>;
}
