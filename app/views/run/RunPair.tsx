// A view of run A and, while an A/B comparison is on, the same view of run B beside it
// (stacked when the container is too narrow for both): each labelled with its run's colour
// and line style (A solid, B dashed), so the two never differ by colour alone.
import type { CSSProperties, ReactNode } from 'react';
import { live, liveB } from '../../actions';
import type { LiveData } from '../../live';
import { useApp } from '../../store';
import { runNames } from '../../compare-target';

export type Which = 'a' | 'b';

/** "A: tpp" with its line sample: the key every A/B view uses. */
export function RunKey({ which, policy }: { which: Which; policy: string }) {
  return (
    <span className={`run-key run-${which}`}>
      <span className={`key-line ${which}`} aria-hidden="true" /> {which === 'a' ? 'A' : 'B'}: {policy}
    </span>
  );
}

/** The names of runs A and B (B null when not comparing): their policies, pool managers or presets (app/compare-target.ts). */
export function useRunPolicies(): { a: string; b: string | null } {
  const scenario = useApp((s) => s.scenario);
  const presetName = useApp((s) => s.presetName);
  const b = useApp((s) => s.compare);
  return runNames(scenario, presetName, b);
}

/**
 * `view(run, which)` for run A, and for run B while comparing. `min`: the narrowest a view may
 * be before the two stack (CSS px).
 */
export function RunPair({ view, min = 420, className = '' }: { view: (run: LiveData, which: Which) => ReactNode; min?: number; className?: string }) {
  const { a, b } = useRunPolicies();
  const style = { '--pair-min': `${min}px` } as CSSProperties;
  return (
    <div className={`pair${b ? ' two' : ''} ${className}`} style={style}>
      <div className="pair-item run-a" key="a">
        {b && <p className="run-tag"><RunKey which="a" policy={a} /></p>}
        {view(live, 'a')}
      </div>
      {b && (
        <div className="pair-item run-b" key="b">
          <p className="run-tag"><RunKey which="b" policy={b} /></p>
          {view(liveB, 'b')}
        </div>
      )}
    </div>
  );
}
