// Which sheet is open (the shortcut help, the share dialog, the exports): kept apart from
// Sheet, the frame every one of them is drawn in, so that none of them imports its own chooser.
// The share, export and sweep sheets load when first opened (chunks of their own: the QR
// encoder, the picture exporters, the sweep's chart and form): the first screen does not carry them.
import { lazy, Suspense } from 'react';
import { useApp } from '../../store';
import { HelpSheet } from './HelpSheet';

const ShareDialog = lazy(() => import('../sharing/ShareDialog').then((m) => ({ default: m.ShareDialog })));
const ExportDialog = lazy(() => import('../sharing/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const SweepPanel = lazy(() => import('../run/SweepPanel').then((m) => ({ default: m.SweepPanel })));

/** The open sheet, if any. */
export function Sheets() {
  const sheet = useApp((s) => s.sheet);
  if (sheet === 'help') return <HelpSheet />;
  const Open = sheet === 'share' ? ShareDialog : sheet === 'export' ? ExportDialog : sheet === 'sweep' ? SweepPanel : null;
  if (!Open) return null;
  return <Suspense fallback={<p className="visually-hidden" role="status">Loading…</p>}><Open /></Suspense>;
}
