// A labelled number input that edits the scenario: a draft until Enter or leaving the field,
// then `commit` validates it (returning an error that names the field) or applies it. An
// emptied field goes back to the default.
import { useId, useState, type ReactNode } from 'react';
import { Glossed } from '../teaching/Term';

export interface NumberFieldProps {
  label: ReactNode;
  /** The scenario's value (undefined: the default applies, shown as the placeholder). */
  value: number | undefined;
  defaultValue?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  unit?: string;
  help?: string;
  /** Applies a new value; resolves to an error message (nothing applied) or null. */
  commit(v: number): Promise<string | null> | string | null;
  /** Back to the default; shown as a button when given and the value is set. */
  reset?: () => void;
  resetLabel?: string;
  className?: string;
}

export function NumberField(p: NumberFieldProps) {
  const shown = p.value ?? p.defaultValue;
  const [draft, setDraft] = useState(shown === undefined ? '' : String(shown));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const helpId = useId();
  const apply = async () => {
    const t = draft.trim();
    if (t === '' && p.reset) {
      // Empty = the default.
      setError(null);
      if (p.value !== undefined) p.reset();
      else setDraft(shown === undefined ? '' : String(shown));
      return;
    }
    const v = t === '' ? NaN : Number(t);
    if (v === shown && error === null) return;
    setError(await p.commit(v));
  };
  const describedBy = [error ? errorId : '', p.help ? helpId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`number-field${p.className ? ` ${p.className}` : ''}`}>
      <label>
        <span className="nf-label">{p.label}</span>
        <span className="nf-input">
          <input
            type="number"
            value={draft}
            min={p.min}
            max={p.max}
            step={p.integer ? 1 : 'any'}
            placeholder={p.defaultValue === undefined ? undefined : String(p.defaultValue)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => void apply()}
            onKeyDown={(e) => { if (e.key === 'Enter') void apply(); }}
          />
          {p.unit && <span className="nf-unit">{p.unit}</span>}
        </span>
      </label>
      {p.reset && p.value !== undefined && (
        <button type="button" className="small" onClick={p.reset} aria-label={p.resetLabel ?? 'Reset to default'} title={p.resetLabel ?? 'Reset to default'}>
          reset
        </button>
      )}
      {p.help && <span id={helpId} className="nf-help"><Glossed text={p.help} /></span>}
      {error && <span id={errorId} className="inline-error" role="alert">{error}</span>}
    </div>
  );
}
