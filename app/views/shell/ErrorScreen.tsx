// Shown instead of the playground when the link cannot be opened: what is wrong, where,
// and a way back to a working scenario.
import { useEffect, useRef } from 'react';
import type { ScenarioError } from '../../../src/scenario/validate';
import { openPreset } from '../../actions';
import { DEFAULT_PRESET } from '../../presets';

export function ErrorScreen({ errors }: { errors: ScenarioError[] }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="error-screen">
      <section role="alert" aria-labelledby="error-title" className="card">
        <h2 id="error-title" tabIndex={-1} ref={heading}>This scenario link cannot be opened</h2>
        <p>Nothing was simulated. The address holds a scenario that is damaged, incomplete or not one of ours:</p>
        <ul className="error-list">
          {errors.map((e, i) => (
            <li key={i}>
              {e.path && <code>{e.path}</code>}
              {e.path && ': '}
              {e.message}
            </li>
          ))}
        </ul>
        <button type="button" className="primary" onClick={() => void openPreset(DEFAULT_PRESET)}>
          Open the default scenario
        </button>
      </section>
    </main>
  );
}
