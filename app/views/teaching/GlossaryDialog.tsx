// The glossary: every entry of app/glossary.ts, plain name first and the Linux name beside it
// ("hint fault (NUMA balancing's PROT_NONE fault …)"). A modal dialog: Escape or Close shuts
// it and focus goes back to what opened it; a term link opens it at its entry.
import { useEffect, useRef } from 'react';
import { closeGlossary, useClassroom } from '../../classroom-state';
import { GLOSSARY } from '../../glossary';
import { Glossed } from './Term';

const SORTED = [...GLOSSARY].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));

export const glossaryAnchor = (id: string) => `glossary-${id}`;

export function GlossaryDialog() {
  const open = useClassroom((s) => s.glossaryOpen);
  const at = useClassroom((s) => s.glossaryAt);
  const ask = useClassroom((s) => s.glossaryAsk);
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  // Every request (even for the entry already shown) brings the entry into view and focuses it.
  useEffect(() => {
    const d = ref.current;
    if (!open || !d) return;
    const target = at ? d.querySelector<HTMLElement>(`#${glossaryAnchor(at)}`) : d.querySelector<HTMLElement>('h2');
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  }, [open, at, ask]);

  const onClose = () => {
    closeGlossary();
    const back = opener.current;
    opener.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };

  return (
    <dialog ref={ref} className="glossary" aria-labelledby="glossary-title" onClose={onClose}>
      <div className="glossary-head">
        <h2 id="glossary-title" tabIndex={-1}>Glossary</h2>
        <p className="hint">Each term in plain words, with what Linux (or the paper that named it) calls it in brackets.</p>
        <button type="button" onClick={() => ref.current?.close()}>Close</button>
      </div>
      <dl className="glossary-list">
        {SORTED.map((e) => (
          <div key={e.id} className={`glossary-entry${open && at === e.id ? ' current' : ''}`} data-entry={e.id}>
            <dt id={glossaryAnchor(e.id)} tabIndex={-1}>
              <dfn>{e.term}</dfn> <span className="linux">({e.linux})</span>
            </dt>
            <dd><Glossed text={e.text} skip={new Set([e.id])} /></dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
