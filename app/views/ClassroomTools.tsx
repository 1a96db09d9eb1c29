// The header's Tour and Glossary buttons, and what they open.
import { openGlossary, useClassroom } from '../classroom-state';
import { useApp } from '../store';
import { GlossaryDialog } from './GlossaryDialog';
import { Tour, startTour } from './Tour';

export function ClassroomTools() {
  const ready = useApp((s) => s.meta !== null);
  const auto = useClassroom((s) => s.tourAuto);
  return (
    <div className="classroom-tools" data-tour-auto={auto}>
      <button type="button" onClick={startTour} disabled={!ready} title="A short walk through tiers, migration and A/B">Tour</button>
      <button type="button" onClick={() => openGlossary()} aria-haspopup="dialog">Glossary</button>
      <GlossaryDialog />
      <Tour />
    </div>
  );
}
