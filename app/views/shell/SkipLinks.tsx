// The page's first tab stops: skip the header, the controls' glossary terms and the lesson
// card to the part of the simulation a keyboard user wants. Links that move focus, not the
// address: the address bar holds the scenario (a "#topology" would replace it).
import type { MouseEvent } from 'react';

/** Ids the targets carry (tabIndex -1, so they take focus without becoming tab stops). */
export const SKIP_TARGETS = { controls: 'run-controls', topology: 'topology' } as const;

function skipTo(id: string) {
  return (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    const el = document.getElementById(id);
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'start' });
  };
}

export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip links">
      <a href={`#${SKIP_TARGETS.controls}`} onClick={skipTo(SKIP_TARGETS.controls)}>Skip to the run controls</a>
      <a href={`#${SKIP_TARGETS.topology}`} onClick={skipTo(SKIP_TARGETS.topology)}>Skip to the topology</a>
    </nav>
  );
}
