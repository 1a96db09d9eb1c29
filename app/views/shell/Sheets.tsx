// Which sheet is open (the shortcut help, the share dialog, the exports): kept apart from
// Sheet, the frame every one of them is drawn in, so that none of them imports its own chooser.
import { useApp } from '../../store';
import { ExportDialog } from '../sharing/ExportDialog';
import { ShareDialog } from '../sharing/ShareDialog';
import { HelpSheet } from './HelpSheet';
import { SweepPanel } from '../run/SweepPanel';

/** The open sheet, if any. */
export function Sheets() {
  const sheet = useApp((s) => s.sheet);
  if (sheet === 'help') return <HelpSheet />;
  if (sheet === 'share') return <ShareDialog />;
  if (sheet === 'export') return <ExportDialog />;
  if (sheet === 'sweep') return <SweepPanel />;
  return null;
}
