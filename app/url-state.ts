// The run in the address bar: "#s=<payload>[&<option>=…]", read and written by the one link
// parser (src/scenario/link.ts) that the CLI's --url uses too.
import { readLink, writeLink, type LinkOptions } from '../src/scenario/link';
import type { Scenario } from '../src/scenario/schema';
import type { ScenarioError } from '../src/scenario/validate';

export type HashState =
  | { kind: 'empty' }
  | {
    kind: 'scenario';
    scenario: Scenario;
    /** The options after the scenario (b = policy B of an A/B comparison, play, speed, present, embed, panels). */
    options: LinkOptions;
    /** What in the link was ignored, and why (the scenario itself is fine). */
    notice?: string;
  }
  | { kind: 'error'; errors: ScenarioError[] };

/** Reads a location.hash: "" / "#" = no scenario (the default opens); a broken link is an error, never a silent default. */
export function readHash(hash: string): HashState {
  if (hash === '' || hash === '#') return { kind: 'empty' };
  const r = readLink(hash.startsWith('#') ? hash : `#${hash}`);
  if (!r.ok) return { kind: 'error', errors: r.errors };
  const out: HashState = { kind: 'scenario', scenario: r.scenario, options: r.options };
  if (r.notices.length) out.notice = r.notices.join(' ');
  return out;
}

export function scenarioHash(s: Scenario, options: LinkOptions = {}): string {
  return `#${writeLink(s, options)}`;
}

/** What the address bar carries besides the scenario: the view a person set up (never "play"). */
export type AddressOptions = Omit<LinkOptions, 'play'>;

/**
 * Writes the hash with replaceState (no history entry per drag), debounced, and knows which
 * hash the app shows: its own last write or the link it last opened. A hashchange or popstate
 * to any other hash is the user's (typed, pasted, Back, Forward) and must be opened.
 */
export class HashWriter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next: Scenario | null = null;
  /** The options written after the scenario (b, speed, present, embed, panels). */
  private options: AddressOptions = {};
  /** The hash of what the app shows. */
  current = '';

  constructor(private readonly delayMs = 250) {}

  write(s: Scenario, immediate = false): void {
    this.next = s;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (immediate) this.flush();
    else this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Sets (undefined: clears) options of the hashes written from now on. */
  setOptions(patch: AddressOptions): void {
    this.options = { ...this.options, ...patch };
  }

  /** Whether `hash` is something other than what the app shows (so it must be opened). */
  isForeign(hash: string): boolean {
    return hash !== this.current;
  }

  /** The app is opening `hash` from the address bar: a pending write of the old scenario must not overwrite it. */
  opened(hash: string): void {
    this.cancel();
    this.current = hash;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.next;
    this.next = null;
    if (!s) return;
    const hash = scenarioHash(s, this.options);
    this.current = hash;
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
  }
}
