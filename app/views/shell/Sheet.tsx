// A sheet over the page (the shortcut help, the share dialog, the exports): a modal <dialog>,
// so focus stays inside, Esc closes it and it shows in fullscreen too.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useApp } from '../../store';

export function Sheet({ title, children, className = '' }: { title: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const close = () => useApp.setState({ sheet: null });
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className={`sheet ${className}`} aria-labelledby={id} onCancel={(e) => { e.preventDefault(); close(); }}>
      <div className="sheet-head">
        <h2 id={id}>{title}</h2>
        <button type="button" onClick={close}>Close</button>
      </div>
      {children}
    </dialog>
  );
}
