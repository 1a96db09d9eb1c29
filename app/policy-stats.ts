// A policy's own figures (engine.policyStats()) as short labelled text for the metrics panel.
import { num } from './format';

export interface StatItem {
  key: string;
  label: string;
  value: string;
}

/** Figures that read better under another name; everything else is shown by its key. */
const LABELS: Record<string, string> = {
  accuracy: 'model accuracy',
  precision: 'precision',
  recall: 'recall',
};

/** Ratios shown as percentages (keys ending in these words). */
const RATIO = /(accuracy|precision|recall)$/i;

/** "runAlwaysColdAccuracy" -> "run always cold accuracy"; a unit suffix ("…Ms") goes to the value. */
function words(key: string): string {
  return key.replace(/Ms$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

function value(key: string, v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (RATIO.test(key)) return `${Math.round(v * 100)} %`;
  if (/Ms$/.test(key)) return `${num(v, 1)} ms`;
  if (Number.isInteger(v)) return num(v, 0);
  return num(Number(v.toPrecision(3)), 12);
}

/** Named figures first (in LABELS order), then the rest in the policy's own order. */
export function statItems(stats: Record<string, number>): StatItem[] {
  const keys = Object.keys(stats);
  const named = Object.keys(LABELS).filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !(k in LABELS));
  return [...named, ...rest].map((k) => ({ key: k, label: LABELS[k] ?? words(k), value: value(k, stats[k]) }));
}
