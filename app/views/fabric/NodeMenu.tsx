// A node's or a link's context menu (the entries: node-actions.ts). A menu in the ARIA sense:
// the first entry takes focus, arrow keys / Home / End move, Enter or Space runs, Escape or Tab
// closes; closed, focus goes back to what opened it.
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { NodeAction } from './node-actions';

export interface MenuAt {
  /** Where, in CSS px from the topology view's top left. */
  x: number;
  y: number;
  title: string;
  actions: NodeAction[];
  /** What opened it: focus returns there. */
  opener: HTMLElement | SVGElement | null;
}

export function NodeMenu({ menu, onClose }: { menu: MenuAt; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const items = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])];
  useLayoutEffect(() => { items()[0]?.focus(); }, [menu]);
  const close = (refocus = true) => {
    onClose();
    if (refocus) (menu.opener as HTMLElement | null)?.focus?.();
  };
  // A press outside closes it (without taking focus back from where the press went).
  useEffect(() => {
    const down = (e: PointerEvent) => { if (!ref.current?.contains(e.target as Node)) close(false); };
    document.addEventListener('pointerdown', down, true);
    return () => document.removeEventListener('pointerdown', down, true);
  });
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => { e.preventDefault(); list[(i + list.length) % list.length]?.focus(); };
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') { e.preventDefault(); e.stopPropagation(); close(); }
    e.stopPropagation(); // the picture's own keys (arrows move nodes, +/- zoom) stay out of the menu
  };
  const run = (a: NodeAction) => {
    close();
    void a.run();
  };
  return (
    <div ref={ref} className="node-menu" role="menu" aria-label={menu.title} style={{ left: menu.x, top: menu.y }} onKeyDown={onKey}>
      <div className="node-menu-title" aria-hidden="true">{menu.title}</div>
      {menu.actions.map((a, i) => (
        <button
          key={`${i}:${a.label}`}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={a.separator ? 'sep' : undefined}
          aria-disabled={a.disabled ? true : undefined}
          title={a.disabled}
          onClick={() => { if (!a.disabled) run(a); }}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}
