// The run in the address bar: "#s=<payload>[&<option>=…]", or "#preset=NAME[&…]" while the
// scenario is a preset as it ships, read and written by the one link parser
// (src/scenario/link.ts) that the CLI's --url uses too. Each scenario change is an entry of the
// browser's history (Back undoes it); view options and rapid edits rewrite the entry they are in.
import { readLinkTarget, resolveLink, sameScenario, writeLink, type LinkOptions, type LinkTarget, type PresetCatalog } from '../src/scenario/link';
import type { Scenario } from '../src/scenario/schema';
import type { ScenarioError } from '../src/scenario/validate';

export type HashState =
  | { kind: 'empty' }
  | {
    kind: 'scenario';
    scenario: Scenario;
    /** The options after the scenario (preset = where it came from, b = policy B of an A/B comparison, play, speed, present, embed, panels). */
    options: LinkOptions;
    /** What in the link was ignored, and why (the scenario itself is fine). */
    notice?: string;
  }
  /** A short link ("#preset=NAME", "#lesson=N") read without the presets at hand: what it names. */
  | { kind: 'short'; target: Exclude<LinkTarget, { kind: 'scenario' }> }
  | { kind: 'error'; errors: ScenarioError[] };

/**
 * Reads a location.hash: "" / "#" = no scenario (the default opens); a broken link is an error,
 * never a silent default. A short link needs `presets` (without them: kind "short", naming its target).
 */
export function readHash(hash: string, presets?: PresetCatalog): HashState {
  if (hash === '' || hash === '#') return { kind: 'empty' };
  const ref = readLinkTarget(hash.startsWith('#') ? hash : `#${hash}`);
  if (ref.ok && ref.target.kind !== 'scenario' && !presets) return { kind: 'short', target: ref.target };
  const r = presets ? resolveLink(ref, presets) : ref.ok && ref.target.kind === 'scenario'
    ? { ok: true as const, scenario: ref.target.scenario, options: ref.options, notices: ref.notices }
    : ref as { ok: false; errors: ScenarioError[] };
  if (!r.ok) return { kind: 'error', errors: r.errors };
  const out: HashState = { kind: 'scenario', scenario: r.scenario, options: r.options };
  if (r.notices.length) out.notice = r.notices.join(' ');
  return out;
}

/** `origin`: the preset the scenario came from, as it ships (the short form when they are the same). */
export function scenarioHash(s: Scenario, options: LinkOptions = {}, origin?: Scenario | null): string {
  return `#${writeLink(s, options, origin)}`;
}

/** What the address bar carries besides the scenario: where it came from and the view a person set up (never "play"). */
export type AddressOptions = Omit<LinkOptions, 'play'>;

/** How a write lands in the browser's history. */
export interface WriteMode {
  /** Now rather than after the debounce (a drag writes once it rests). */
  immediate?: boolean;
  /**
   * In a task of its own right after this one rather than after the debounce: a scenario
   * change's link, whose encoding (tens of ms at 64 hosts) must not lengthen the task that
   * renders the change.
   */
  soon?: boolean;
  /**
   * "push": a scenario change, a new history entry (if the scenario differs from the entry's);
   * "replace" (the default): the entry shown is rewritten (view options, a link being opened).
   */
  history?: 'push' | 'replace';
  /**
   * Edits of one kind ("layout", "field") within COALESCE_MS of the entry they pushed rewrite it:
   * a node moved with the arrow keys, or a value typed and re-typed, is one step back.
   */
  coalesce?: string;
}

/** Rapid edits of one kind closer together than this share one history entry. */
export const COALESCE_MS = 1500;

/**
 * Writes the hash (pushState for a scenario change, replaceState otherwise), debounced, and
 * knows which hash the app shows: its own last write or the link it last opened. A hashchange
 * or popstate to any other hash is the user's (typed, pasted, Back, Forward) and must be opened.
 */
export class HashWriter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next: Scenario | null = null;
  private mode: WriteMode = {};
  /** The options written after the scenario (preset, b, speed, present, embed, panels). */
  private options: AddressOptions = {};
  /** The preset named by options.preset, as it ships (null: not loaded yet; the full form is written). */
  private origin: Scenario | null = null;
  /** The scenario of the history entry shown: a write of another one is a new entry. */
  private entry: Scenario | null = null;
  /** The last entry pushed: its coalescing kind and when. */
  private lastPush: { kind: string | undefined; at: number } | null = null;
  /** The hash of what the app shows. */
  current = '';

  constructor(private readonly delayMs = 250, private readonly now: () => number = () => Date.now()) {}

  write(s: Scenario, mode: WriteMode | boolean = {}): void {
    const m = typeof mode === 'boolean' ? { immediate: mode } : mode;
    // Writes merged by the debounce keep the strongest history mode among them.
    this.mode = this.next && this.mode.history === 'push' ? { ...m, history: 'push', coalesce: m.history === 'push' ? m.coalesce : this.mode.coalesce } : m;
    this.next = s;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (m.immediate) this.flush();
    else this.timer = setTimeout(() => this.flush(), m.soon ? 0 : this.delayMs);
  }

  /** Sets (undefined: clears) options of the hashes written from now on. */
  setOptions(patch: AddressOptions): void {
    this.options = { ...this.options, ...patch };
  }

  /** The preset the scenario came from (options.preset) and its scenario as it ships, once loaded. */
  setOrigin(name: string | null, scenario: Scenario | null): void {
    this.options = { ...this.options, preset: name ?? undefined };
    this.origin = name ? scenario : null;
  }

  get originName(): string | null {
    return this.options.preset ?? null;
  }

  /** Whether `hash` is something other than what the app shows (so it must be opened). */
  isForeign(hash: string): boolean {
    return hash !== this.current;
  }

  /** The app is opening `hash` from the address bar: a pending write of the old scenario must not overwrite it. */
  opened(hash: string): void {
    this.cancel();
    this.current = hash;
    // The entry now shows whatever that link holds: the app's next write rewrites it.
    this.entry = null;
    this.lastPush = null;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.next, mode = this.mode;
    this.next = null;
    this.mode = {};
    if (!s) return;
    const hash = scenarioHash(s, this.options, this.origin);
    let push = mode.history === 'push' && this.entry !== null && !sameScenario(this.entry, s);
    const t = this.now();
    if (push && mode.coalesce !== undefined && this.lastPush?.kind === mode.coalesce && t - this.lastPush.at < COALESCE_MS) push = false;
    if (push) this.lastPush = { kind: mode.coalesce, at: t };
    else if (mode.history === 'push' && this.lastPush && this.lastPush.kind === mode.coalesce) this.lastPush.at = t;
    this.entry = s;
    this.current = hash;
    if (location.hash === hash && !push) return;
    if (push) history.pushState(null, '', hash);
    else history.replaceState(history.state, '', hash);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
    this.mode = {};
  }
}
