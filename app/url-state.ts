// The scenario in the address bar: "#s=<payload>" (src/scenario/codec.ts).
import { decodeScenario, encodeScenario } from '../src/scenario/codec';
import type { Scenario } from '../src/scenario/schema';
import type { ScenarioError } from '../src/scenario/validate';

export type HashState =
  | { kind: 'empty' }
  | { kind: 'scenario'; scenario: Scenario }
  | { kind: 'error'; errors: ScenarioError[] };

/** Reads a location.hash ("" / "#" / "#s=..."); anything else is an error, never a silent default. */
export function readHash(hash: string): HashState {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return { kind: 'empty' };
  if (!h.startsWith('s=')) {
    const shown = h.length > 40 ? `${h.slice(0, 40)}…` : h;
    return error(`the address ends in "#${shown}", which is not a scenario link (expected "#s=v1.…")`);
  }
  let payload = h.slice(2);
  if (payload.includes('%')) {
    // Some chat apps percent-encode links; a stray "%" makes decodeURIComponent throw.
    try {
      payload = decodeURIComponent(payload);
    } catch {
      return error('the link contains a broken %-escape');
    }
  }
  if (payload === '') return error('the link holds no scenario after "#s="');
  const r = decodeScenario(payload);
  return r.ok ? { kind: 'scenario', scenario: r.scenario } : { kind: 'error', errors: r.errors };
}

function error(message: string): HashState {
  return { kind: 'error', errors: [{ path: 'link', message }] };
}

export function scenarioHash(s: Scenario): string {
  return `#s=${encodeScenario(s)}`;
}

/** Writes the hash with replaceState (no history entry per drag), debounced. */
export class HashWriter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next: Scenario | null = null;
  /** The hash this app wrote last: a hashchange to it is our own echo. */
  lastWritten = '';

  constructor(private readonly delayMs = 250) {}

  write(s: Scenario, immediate = false): void {
    this.next = s;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (immediate) this.flush();
    else this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.next;
    this.next = null;
    if (!s) return;
    const hash = scenarioHash(s);
    this.lastWritten = hash;
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
  }
}
