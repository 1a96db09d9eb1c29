// What a lesson card may point at, declared once: the views of the main screen by the words a
// card uses for them ("the device table"), and the figures by their names (the metric
// registry's labels, src/metrics/registry.ts) with the element that shows each in each view.
// A lesson's "what to watch" and "try this" result name views and figures only from these
// lists; app/lesson-figures.test.ts checks every card against them, and
// e2e/lessons-onscreen.spec.ts opens each lesson and finds each element on screen. The views a
// card names, in the order it names them, are the ones the page brings to the top while the
// lesson is open (the first one in view at 1366 x 768 without scrolling).
import { metric, type RowKey } from '../src/metrics/registry';
import type { PanelName } from '../src/scenario/link';

/** A view of the main screen, by its panel name (links' "panels="). */
export type LessonView = PanelName;

/** Words a card uses for a view (lower case, matched as whole words), and the view. */
export const VIEW_NAMES: readonly { phrase: string; view: LessonView }[] = [
  { phrase: 'live metrics', view: 'metrics' },
  { phrase: 'chart', view: 'chart' },
  { phrase: 'migrations chart', view: 'migrations' },
  { phrase: 'device table', view: 'devices' },
  { phrase: 'topology', view: 'topology' },
  { phrase: 'memory tiers panel', view: 'tiers' },
  { phrase: 'pool panel', view: 'pool' },
  { phrase: 'heatmap', view: 'heatmap' },
  { phrase: 'a/b table', view: 'compare' },
];

/** A figure a card may name: its registry row (if it is one) and, per view, the element showing it (a Playwright selector). */
export interface FigureName {
  phrase: string;
  metric?: RowKey;
  shown: Partial<Record<LessonView, string>>;
}

/** The chart's heading names each series it plots by its registry label. */
const chartSeries = (label: string) => `.chart-card h2:has-text("${label}")`;
const label = (key: RowKey) => metric(key).label.toLowerCase();

export const FIGURE_NAMES: readonly FigureName[] = [
  { phrase: label('amatNs'), metric: 'amatNs', shown: { metrics: '[data-metric="amat"]', chart: chartSeries('AMAT'), compare: '.compare-table th:has-text("AMAT")' } },
  { phrase: label('fastTierAccessShare'), metric: 'fastTierAccessShare', shown: { metrics: '[data-metric="fast"]', chart: chartSeries(metric('fastTierAccessShare').label) } },
  { phrase: label('localAccessShare'), metric: 'localAccessShare', shown: { metrics: '[data-metric="local"]' } },
  { phrase: label('throughputGBps'), metric: 'throughputGBps', shown: { metrics: '[data-metric="throughput"]', chart: chartSeries('Throughput'), compare: '.compare-table th:has-text("Throughput")' } },
  { phrase: 'slowdown', metric: 'slowdownPercent', shown: { metrics: '[data-metric="slowdown"]', compare: '.compare-table th:has-text("Slowdown")' } },
  { phrase: label('coherencyLatencyNs'), metric: 'coherencyLatencyNs', shown: { metrics: '[data-metric="coherency-latency"]' } },
  { phrase: 'coherency gb/s', shown: { topology: '.topo-card svg text:has-text("coh")' } },
  { phrase: 'busy', shown: { devices: 'table.devices th:has-text("Busy")', topology: '.topo-card svg text:has-text("busy")' } },
  { phrase: 'idle latency', shown: { topology: '.topo-card .selection', devices: 'table.devices th:has-text("Latency")' } },
  { phrase: 'cost per host', shown: { metrics: '[data-metric="pod-cost-per-host"]' } },
  { phrase: 'own figures', shown: { metrics: '[data-testid="policy-stats"]' } },
  { phrase: label('placementCpuPercent'), metric: 'placementCpuPercent', shown: { metrics: '[data-metric="placement-cpu"]' } },
  { phrase: label('vmAmatNs'), metric: 'vmAmatNs', shown: { metrics: '[data-metric="vm-amat"]' } },
  { phrase: 'vm slowdown', metric: 'vmSlowdownPercent', shown: { metrics: '[data-metric="vm-slowdown"]', compare: '.compare-table th:has-text("VM slowdown")' } },
  { phrase: label('strandedGiB'), metric: 'strandedGiB', shown: { metrics: '[data-metric="stranded"]', pool: '[data-metric="pool-stranded"]', compare: '.compare-table th:has-text("Stranded")' } },
  { phrase: label('dramSavedPercent'), metric: 'dramSavedPercent', shown: { metrics: '[data-metric="dram-saved"]', compare: '.compare-table th:has-text("DRAM saved")' } },
  { phrase: label('vmsRejected'), metric: 'vmsRejected', shown: { metrics: '[data-metric="vms-rejected-run"]', compare: '.compare-table th:has-text("VMs rejected")' } },
  { phrase: 'cores rented', shown: { pool: '[data-metric="pool-cores-rented"]' } },
  { phrase: 'extents granted and reclaimed', shown: { migrations: '[data-metric="extents-granted-run"]' } },
  { phrase: 'memory used by vms', shown: { pool: '[data-metric="pool-used"]' } },
  { phrase: 'held by vms', shown: { devices: '[data-metric="device-vm-gib"]' } },
];

/** A name found in a card: where, which entry. */
interface Found<T> { at: number; end: number; entry: T }

/** Whole-word occurrences of the entries' phrases, longest first where they overlap, in text order. */
function find<T extends { phrase: string }>(text: string, entries: readonly T[]): Found<T>[] {
  const lower = text.toLowerCase();
  const all: Found<T>[] = [];
  for (const entry of entries) {
    const p = entry.phrase;
    for (let i = lower.indexOf(p); i >= 0; i = lower.indexOf(p, i + 1)) {
      const before = lower[i - 1] ?? ' ', after = lower[i + p.length] ?? ' ';
      if (/[\w-]/.test(before) || /[\w]/.test(after)) continue;
      all.push({ at: i, end: i + p.length, entry });
    }
  }
  all.sort((a, b) => a.at - b.at || b.end - a.end);
  const out: Found<T>[] = [];
  for (const f of all) if (!out.some((o) => f.at < o.end && o.at < f.end)) out.push(f);
  return out;
}

/** The views a text names, in the order it first names them. */
export function viewsNamed(text: string): LessonView[] {
  return [...new Set(find(text, VIEW_NAMES).map((f) => f.entry.view))];
}

/** The figures a text names, in the order it first names them. */
export function figuresNamed(text: string): FigureName[] {
  return [...new Set(find(text, FIGURE_NAMES).map((f) => f.entry))];
}

/** What a lesson points at: the views its "what to watch" names (the page's focus, first = in view) and the figures its watch and result name. */
export function lessonPoints(lesson: { watch: string; tryThis: { result: string } }): { views: LessonView[]; figures: FigureName[] } {
  const text = `${lesson.watch}\n${lesson.tryThis.result}`;
  return { views: viewsNamed(lesson.watch), figures: figuresNamed(text) };
}

/** Each view's element on the main screen (a Playwright / CSS selector). */
export const VIEW_SELECTOR: Record<LessonView, string> = {
  topology: '.topo-card', chart: '.chart-card', compare: 'section.compare', metrics: '.metrics-card', heatmap: '.heat-card',
  migrations: '.migrations-card', devices: '.devices-card', pool: '.pool-card', tiers: 'section.tiers',
};

/**
 * The views the page shows beside a lesson's card, in the order its "what to watch" names them
 * (the first in view without scrolling): those this scenario has (no Pool panel without a pool).
 */
export function lessonFocus(lesson: { watch: string } | null, scenario: { pool?: unknown }): LessonView[] {
  if (!lesson) return [];
  return viewsNamed(lesson.watch).filter((v) => v !== 'pool' || scenario.pool != null);
}

/** Views presentation mode gives the second half of the screen for a lesson that names them (the topology takes the first; the bar carries the live metrics' headline). */
const PRESENT_SECOND: readonly LessonView[] = ['chart', 'pool', 'migrations', 'heatmap', 'tiers'];

/**
 * The panels presentation mode shows for a lesson unless the link names others: the topology
 * and the first view the card names of those that tell more than the topology and the bar's
 * headline figures; else the chart, or a pool scenario's Pool panel.
 */
export function presentFocus(lesson: { watch: string } | null, scenario: { pool?: unknown }): PanelName[] {
  const named = lessonFocus(lesson, scenario).find((v) => PRESENT_SECOND.includes(v));
  return ['topology', named ?? (scenario.pool != null ? 'pool' : 'chart')];
}
