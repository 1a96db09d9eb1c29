// The run in the address bar: "#s=<payload>" (src/scenario/codec.ts), optionally followed by
// "&b=<policy>" (the A/B comparison's policy B). Other "&key=value" parameters are ignored.
import { findPolicy } from '../src/policies/registry';
import { decodeScenario, encodeScenario } from '../src/scenario/codec';
import type { Scenario } from '../src/scenario/schema';
import type { ScenarioError } from '../src/scenario/validate';

export type HashState =
  | { kind: 'empty' }
  | {
    kind: 'scenario';
    scenario: Scenario;
    /** Policy B of an A/B comparison (a known policy), if the link asks for one. */
    compare?: string;
    /** Why a "b=" parameter was ignored (the scenario itself is fine). */
    notice?: string;
  }
  | { kind: 'error'; errors: ScenarioError[] };

const MAX_SHOWN = 40;
const shorten = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);

/** Reads a location.hash ("" / "#" / "#s=...[&b=...]"); anything else is an error, never a silent default. */
export function readHash(hash: string): HashState {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return { kind: 'empty' };
  if (!h.startsWith('s=')) {
    return error(`the address ends in "#${shorten(h)}", which is not a scenario link (expected "#s=v1.…")`);
  }
  const parts = h.slice(2).split('&');
  let payload = parts[0];
  const params = parts.slice(1);
  if (payload.includes('%')) {
    // Some chat apps percent-encode links; a stray "%" makes decodeURIComponent throw.
    try {
      payload = decodeURIComponent(payload);
    } catch {
      return error('the link contains a broken %-escape');
    }
    // An encoded "&" hid the other parameters inside the payload.
    const more = payload.split('&');
    payload = more[0];
    params.unshift(...more.slice(1));
  }
  if (payload === '') return error('the link holds no scenario after "#s="');
  const r = decodeScenario(payload);
  if (!r.ok) return { kind: 'error', errors: r.errors };
  const out: HashState = { kind: 'scenario', scenario: r.scenario };
  const b = params.find((p) => p.startsWith('b='));
  if (b !== undefined) Object.assign(out, readCompare(b.slice(2)));
  return out;
}

/** The "b=" parameter: a known policy name, or a notice saying why it was ignored. */
function readCompare(raw: string): { compare?: string; notice?: string } {
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return { notice: 'The link\'s comparison policy ("b=") has a broken %-escape; comparison is off.' };
  }
  if (name === '') return {};
  if (!findPolicy(name)) {
    return { notice: `The link asks to compare with policy "${shorten(name)}", which this app does not know; comparison is off.` };
  }
  return { compare: name };
}

function error(message: string): HashState {
  return { kind: 'error', errors: [{ path: 'link', message }] };
}

export function scenarioHash(s: Scenario, compare: string | null = null): string {
  return `#s=${encodeScenario(s)}${compare ? `&b=${encodeURIComponent(compare)}` : ''}`;
}

/** Writes the hash with replaceState (no history entry per drag), debounced. */
export class HashWriter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next: Scenario | null = null;
  /** Policy B of the A/B comparison, or null when it is off. */
  private compare: string | null = null;
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

  /** Sets (or clears, with null) the comparison policy of the hashes written from now on. */
  setCompare(name: string | null): void {
    this.compare = name;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.next;
    this.next = null;
    if (!s) return;
    const hash = scenarioHash(s, this.compare);
    this.lastWritten = hash;
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
  }
}
