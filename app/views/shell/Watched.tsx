// A card of the main screen whose live panels slow down while it is off screen (app/sight.ts).
// The wrapper is `display: contents`: the card stays the item of its column's flex layout (its
// order, its gap), and the observer watches the card itself.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { SightContext, watchSight } from '../../sight';

export function Watched({ children }: { children: ReactNode }) {
  const slot = useRef<HTMLDivElement>(null);
  // One Sight for the slot's life (on screen until the observer says otherwise): the panels
  // subscribe once, and mounting renders nothing twice.
  const [sight] = useState(() => watchSight(() => slot.current?.firstElementChild ?? null));
  useEffect(() => {
    const el = slot.current;
    sight.recheck();
    // A card that renders a different root (a lazy panel's fallback, then the panel) is watched anew.
    const mo = el && typeof MutationObserver === 'function' ? new MutationObserver(sight.recheck) : null;
    if (el) mo?.observe(el, { childList: true });
    return () => { mo?.disconnect(); sight.dispose(); };
  }, [sight]);
  return <div ref={slot} className="watched"><SightContext.Provider value={sight}>{children}</SightContext.Provider></div>;
}
