// The panels presentation and embed modes lay out, by their name in a link ("panels=…"):
// one declaration of what each shows, used by both modes.
import type { ReactNode } from 'react';
import type { PanelName } from '../../../src/scenario/link';
import { Chart } from '../memory/Chart';
import { CompareCard } from '../run/Compare';
import { DeviceTable } from '../fabric/DeviceTable';
import { Heatmap } from '../memory/Heatmap';
import { MetricsPanel } from '../memory/MetricsPanel';
import { MigrationChart } from '../memory/MigrationChart';
import { Topology } from '../fabric/Topology';
import { TiersPanel } from '../fabric/TiersPanel';
import { PoolPanel } from '../pool/PoolPanel';

export interface PanelOptions {
  /** Labels no smaller than this (screen px): presentation mode. */
  minLabelPx: number;
  readOnly: boolean;
  /** Only what a room needs (the A/B verdict without its table). */
  compact: boolean;
  /** The topology fills its panel's height (presentation beside a chart); else it takes the height its width gives it, up to `topologyMaxHeight` of the window. */
  fill?: boolean;
  topologyMaxHeight?: number;
}

export const PANEL_VIEWS: Record<PanelName, { title: string; render(o: PanelOptions): ReactNode }> = {
  topology: { title: 'Topology', render: (o) => <Topology minLabelPx={o.minLabelPx} readOnly={o.readOnly} fill={o.fill} maxHeight={o.topologyMaxHeight} /> },
  // Presentation tells the tiering story: AMAT and the share served by the fast tier.
  chart: { title: 'Chart', render: () => <Chart series={['amat', 'fast']} /> },
  compare: { title: 'A/B verdict', render: (o) => <CompareCard compact={o.compact} /> },
  metrics: { title: 'Live metrics', render: () => <MetricsPanel /> },
  heatmap: { title: 'Heatmap', render: () => <Heatmap /> },
  migrations: { title: 'Migrations', render: () => <MigrationChart /> },
  devices: { title: 'Memory devices', render: () => <DeviceTable /> },
  // A scenario without a pool shows no Pool panel (it renders nothing).
  pool: { title: 'Pool', render: () => <PoolPanel /> },
  tiers: { title: 'Memory tiers', render: () => <TiersPanel /> },
};

/** The panels a mode shows: the link's, else its defaults; the A/B verdict only while comparing. */
export function shownPanels(chosen: readonly PanelName[] | null, defaults: readonly PanelName[], comparing: boolean): PanelName[] {
  const list = chosen ?? (comparing ? [...defaults, 'compare'] : defaults);
  return list.filter((p) => p !== 'compare' || comparing);
}
