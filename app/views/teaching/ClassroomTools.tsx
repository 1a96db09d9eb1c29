// The header's Tour and Glossary buttons, and what they open (mounted in every layout, so a
// glossary link in presentation or embed mode opens it too).
import { openGlossary, useClassroom } from '../../classroom-state';
import { useApp } from '../../store';
import { GlossaryDialog } from './GlossaryDialog';
import { Tour, startTour } from './Tour';

export function ClassroomTools() {
  const ready = useApp((s) => s.meta !== null);
  return (
    <div className="classroom-tools">
      <button type="button" onClick={startTour} disabled={!ready} title="A short walk through tiers, migration and A/B">Tour</button>
      <button type="button" onClick={() => openGlossary()} aria-haspopup="dialog">Glossary</button>
    </div>
  );
}

/** The glossary dialog and the tour; data-tour-auto says why the tour did or did not start by itself. */
export function ClassroomLayer() {
  const auto = useClassroom((s) => s.tourAuto);
  return (
    <div className="classroom-layer" data-tour-auto={auto}>
      <GlossaryDialog />
      <Tour />
    </div>
  );
}
