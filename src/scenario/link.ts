// Shared links: the ONE reader (and writer) of "…#s=<payload>&<option>=<value>…", used by the
// app's address bar, the CLI's --url and the tests. Accepts a full URL, a "#s=…" hash, "s=…" or
// the bare payload, also when a chat tool or mail client percent-encoded it ("v2%2E…").
// A scenario that is a preset as it ships has a short form a person can read, type and scan
// from a projector: "#preset=tpp-1to4" or "#lesson=3" (the lesson's preset), options after it.
// Options after the scenario are declared once in LINK_OPTIONS; unknown ones are ignored with a
// notice, never an error: the scenario itself still opens.
import { findPolicy } from '../policies/registry';
import { readSweepText, writeSweepText, type SweepView } from '../sweep/text';
import { findPoolManager } from '../pool-managers/registry';
import { isPresetFile } from './preset-index';
import { decodeScenario, encodeScenario, LINK_FORMAT } from './codec';
import { LIMITS } from './limits';
import type { Scenario } from './schema';
import type { ScenarioError } from './validate';

/** One option a link may carry after the scenario, e.g. "&b=tpp". */
interface LinkOptionSpec<T> {
  /** What it is, in the user's words ("the comparison policy"). */
  what: string;
  /** What ignoring it means for the user ("comparison is off"). */
  ignored: string;
  /** The value, or why it cannot be used. "" never reaches parse (an empty value = not given). */
  parse(raw: string): { value: T } | { problem: string };
  write(value: T): string;
}

const MAX_SHOWN = 40;
/** A preset's name as a link may carry it (the names in public/presets/index.json are of this form). */
const PRESET_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** User text in a message: one short line. */
export const shorten = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);

/** Epochs per second the app offers (Infinity: as fast as it can), slowest first; 10 by default. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, Infinity] as const;
export const DEFAULT_SPEED = 10;
/** A speed as a link writes it: "10", "max". */
export const speedText = (v: number) => (Number.isFinite(v) ? String(v) : 'max');

/** Panels a presentation or an embedded view can show, by their name in a link. */
export const PANELS = ['topology', 'chart', 'compare', 'metrics', 'heatmap', 'migrations', 'devices', 'pool', 'tiers'] as const;
export type PanelName = (typeof PANELS)[number];

/**
 * What run B of an A/B comparison runs, as a link's "b=" writes it: the same scenario and seed
 * with another policy ("b=tpp"), with another pool manager ("b=manager:on-demand"), or another
 * preset ("b=preset:octopus-pod", its own scenario), in lock-step with run A.
 */
export interface CompareTarget {
  kind: 'policy' | 'manager' | 'preset';
  name: string;
}

const COMPARE_PREFIX = { manager: 'manager:', preset: 'preset:' } as const;

/** A "b=" value read; null when it names nothing this app knows (a preset's existence is the app's to check). */
export function compareTarget(b: string): CompareTarget | null {
  for (const kind of ['manager', 'preset'] as const) {
    if (!b.startsWith(COMPARE_PREFIX[kind])) continue;
    const name = b.slice(COMPARE_PREFIX[kind].length);
    if (kind === 'manager') return findPoolManager(name) ? { kind, name: name.toLowerCase() } : null;
    return isPresetFile(`${name}.json`) && !name.includes('.') ? { kind, name } : null;
  }
  return findPolicy(b) ? { kind: 'policy', name: b } : null;
}

/** The "b=" value of a comparison target. */
export function compareValue(t: CompareTarget): string {
  return t.kind === 'policy' ? t.name : `${COMPARE_PREFIX[t.kind]}${t.name}`;
}

/** "1" / "0" (also "true" / "false"): an option that is on or off. */
const flag = (what: string, ignored: string): LinkOptionSpec<boolean> => ({
  what,
  ignored,
  parse: (raw) => {
    const v = raw.toLowerCase();
    if (v === '1' || v === 'true') return { value: true };
    if (v === '0' || v === 'false') return { value: false };
    return { problem: `is "${shorten(raw)}" (expected 1 or 0)` };
  },
  write: (v) => (v ? '1' : '0'),
});

/**
 * Every option a link may carry, by its key in the link, in the order a link writes them.
 * The app's address bar carries b, speed, present, embed, panels and sweep (while the Sweep
 * panel is open); "Copy link" can add play.
 */
export const LINK_OPTIONS = {
  preset: {
    what: 'preset it was made from ("preset=")',
    ignored: 'the Preset menu shows the scenario\'s own name',
    parse: (raw: string) => (PRESET_NAME.test(raw) ? { value: raw } : { problem: `is "${shorten(raw)}", not a preset's name` }),
    write: (v: string) => v,
  } satisfies LinkOptionSpec<string>,
  b: {
    what: 'comparison ("b=")',
    ignored: 'comparison is off',
    parse: (raw: string) => (compareTarget(raw) ? { value: raw } : { problem: `is "${shorten(raw)}", which this app does not know` }),
    write: (v: string) => v,
  } satisfies LinkOptionSpec<string>,
  play: flag('start-playing option ("play=")', 'the run waits for Play'),
  speed: {
    what: 'speed ("speed=", epochs per second)',
    ignored: `the speed stays at ${DEFAULT_SPEED} epochs per second`,
    parse: (raw: string) => {
      const v = raw.toLowerCase() === 'max' ? Infinity : Number(raw);
      return (SPEEDS as readonly number[]).includes(v)
        ? { value: v }
        : { problem: `is "${shorten(raw)}", not one of ${SPEEDS.map(speedText).join(', ')}` };
    },
    write: speedText,
  } satisfies LinkOptionSpec<number>,
  present: flag('presentation option ("present=")', 'the normal view opens'),
  embed: flag('embed option ("embed=")', 'the normal view opens'),
  panels: {
    what: 'panel layout ("panels=")',
    ignored: 'the default panels show',
    parse: (raw: string) => {
      const names = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
      const unknown = names.filter((x) => !(PANELS as readonly string[]).includes(x));
      if (unknown.length || names.length === 0) {
        return { problem: `names ${unknown.length ? `"${shorten(unknown.join(','))}", not a panel` : 'no panel'} (panels: ${PANELS.join(', ')})` };
      }
      return { value: [...new Set(names)] as PanelName[] };
    },
    write: (v: PanelName[]) => v.join(','),
  } satisfies LinkOptionSpec<PanelName[]>,
  sweep: {
    what: 'sweep ("sweep=")',
    ignored: 'the Sweep panel opens empty',
    parse: (raw: string) => {
      try {
        return { value: readSweepText(raw) };
      } catch (e) {
        return { problem: `is not a sweep the app can run (${e instanceof Error ? e.message : String(e)})` };
      }
    },
    write: writeSweepText,
  } satisfies LinkOptionSpec<SweepView>,
} as const;

type Specs = typeof LINK_OPTIONS;
export type LinkOptionKey = keyof Specs;
/** The options a link set, typed from the table. */
export type LinkOptions = { [K in LinkOptionKey]?: Specs[K] extends LinkOptionSpec<infer T> ? T : never };

/**
 * The link's result. `options.preset` is the preset the scenario was made from: the one a
 * short link names, or the "preset=" a full link declares (the app's Preset menu shows it).
 */
export type LinkResult =
  | {
    ok: true;
    scenario: Scenario;
    options: LinkOptions;
    /** Options that were ignored, and why (the scenario itself is fine). */
    notices: string[];
  }
  | { ok: false; errors: ScenarioError[] };

/** What a link's first part names: a scenario written out, or a preset by its name or its lesson's number. */
export type LinkTarget =
  | { kind: 'scenario'; scenario: Scenario }
  | { kind: 'preset'; name: string }
  | { kind: 'lesson'; number: number };

/** A link read as far as it can be without the presets (readLinkTarget). */
export type LinkRef =
  | { ok: true; target: LinkTarget; options: LinkOptions; notices: string[] }
  | { ok: false; errors: ScenarioError[] };

/**
 * The presets a short link may name, as its reader finds them: the app fetches them, the CLI
 * reads public/presets. `lessons`: preset names in lesson order (lesson 1 first).
 */
export interface PresetCatalog {
  names: readonly string[];
  lessons: readonly string[];
  /** The preset's scenario, parsed (null: the reader could not load it). */
  scenario(name: string): Scenario | null;
}

/** The longest link text read at all: a payload at its limit, every character percent-encoded, plus options. */
const MAX_LINK_CHARS = LIMITS.urlChars * 3 + 1024;

const fail = (message: string): { ok: false; errors: ScenarioError[] } => ({ ok: false, errors: [{ path: 'link', message }] });

class BrokenEscape extends Error {}

function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // Point at the bad escape (or, for bytes that are not UTF-8, at the first escape).
    const at = /%(?![0-9a-f]{2})/i.exec(s)?.index ?? s.indexOf('%');
    throw new BrokenEscape(s.slice(Math.max(0, at - 4), at + 6));
  }
}

/**
 * Reads a shared link: a full URL, "#s=…", "s=…", the bare "v2.…" payload, or a short
 * "#preset=NAME" / "#lesson=N" (those need `presets`; without them they are refused).
 */
export function readLink(text: string, presets?: PresetCatalog): LinkResult {
  const ref = readLinkTarget(text);
  if (!ref.ok) return ref;
  if (ref.target.kind === 'scenario') return { ok: true, scenario: ref.target.scenario, options: ref.options, notices: ref.notices };
  if (!presets) return fail('this short link names a preset, and no preset list is at hand to read it');
  return resolveLink(ref, presets);
}

/** Reads a link as far as it goes without the presets: a short link's target is only named. */
export function readLinkTarget(text: string): LinkRef {
  if (text.length > MAX_LINK_CHARS) return fail(`the link is too long (${text.length} characters; at most ${MAX_LINK_CHARS})`);
  try {
    return readBody(findBody(text.trim()));
  } catch (e) {
    if (e instanceof BrokenEscape) return fail(`the link contains a broken %-escape near "${shorten(e.message)}" (a "%" must be followed by two hex digits)`);
    if (e instanceof NotALink) return fail(e.message);
    throw e;
  }
}

/** A link read by readLinkTarget, its preset or lesson looked up in `presets`. */
export function resolveLink(ref: LinkRef, presets: PresetCatalog): LinkResult {
  if (!ref.ok) return ref;
  const t = ref.target;
  if (t.kind === 'scenario') return { ok: true, scenario: t.scenario, options: ref.options, notices: ref.notices };
  let name: string;
  if (t.kind === 'lesson') {
    const n = presets.lessons.length;
    if (t.number < 1 || t.number > n) return fail(`the link asks for lesson ${t.number}, and the lessons are 1 to ${n}`);
    name = presets.lessons[t.number - 1];
  } else {
    if (!presets.names.includes(t.name)) return fail(`the link names preset "${shorten(t.name)}", which this app does not have (presets: ${presets.names.join(', ')})`);
    name = t.name;
  }
  const scenario = presets.scenario(name);
  if (!scenario) return fail(`preset "${name}" could not be loaded`);
  // The short link's preset is the one it names: a "preset=" among its options says no more.
  const notices = ref.notices.filter((x) => !x.includes(LINK_OPTIONS.preset.what));
  return { ok: true, scenario, options: { ...ref.options, preset: name }, notices };
}

class NotALink extends Error {}

/** How a payload starts, for messages. */
const EXAMPLE = `v${LINK_FORMAT}.…`;

/** The part after "#" (or the whole text when it is already "s=…" or a payload). */
function findBody(t: string): string {
  if (t === '') throw new NotALink(`the link is empty: it holds no scenario (expected "#s=${EXAMPLE}")`);
  const hash = t.indexOf('#');
  if (hash >= 0) return t.slice(hash + 1);
  if (/^(s=|s%3D|v\d|preset=|lesson=)/i.test(t)) return t;
  // A whole URL whose "#" was percent-encoded as well.
  if (/%23/i.test(t)) return findBody(decode(t));
  throw new NotALink(`"${shorten(t)}" is not a scenario link (expected a URL with "#s=${EXAMPLE}", or the "${EXAMPLE}" payload)`);
}

function readBody(body: string): LinkRef {
  if (body === '') throw new NotALink('the link holds no scenario (nothing after "#")');
  const parts = body.split('&');
  // A tool that encoded the separators too ("s%3Dv1.…%26b%3Dtpp"): decode, then split again.
  const first = decode(parts[0]).split('&');
  const rest = [...first.slice(1), ...parts.slice(1)];
  let payload = first[0];
  const short = /^(preset|lesson)=(.*)$/i.exec(payload);
  if (short) {
    const target = shortTarget(short[1].toLowerCase(), short[2].trim());
    const { options, notices } = readOptions(rest.flatMap(splitEncoded));
    return { ok: true, target, options, notices };
  }
  if (payload.startsWith('s=')) payload = payload.slice(2);
  else if (!/^v\d/i.test(payload)) {
    throw new NotALink(`the address ends in "#${shorten(body)}", which is not a scenario link (expected "#s=${EXAMPLE}")`);
  }
  if (payload === '') throw new NotALink('the link holds no scenario after "#s="');
  const r = decodeScenario(payload);
  if (!r.ok) return { ok: false, errors: r.errors };
  const { options, notices } = readOptions(rest.flatMap(splitEncoded));
  return { ok: true, target: { kind: 'scenario', scenario: r.scenario }, options, notices };
}

/** "#preset=NAME" or "#lesson=N": what it names (whether it exists is for resolveLink). */
function shortTarget(key: string, value: string): LinkTarget {
  if (key === 'lesson') {
    if (!/^\d{1,3}$/.test(value)) throw new NotALink(`the link's lesson is "${shorten(value)}", not a lesson number (expected "#lesson=1")`);
    return { kind: 'lesson', number: Number(value) };
  }
  if (!PRESET_NAME.test(value)) throw new NotALink(`the link's preset is "${shorten(value)}", not a preset's name (expected "#preset=tpp-1to4")`);
  return { kind: 'preset', name: value };
}

/** An option whose "&" to the next one a tool encoded too ("play=1%26speed=5"): the options it holds. */
function splitEncoded(part: string): string[] {
  if (!/%26/i.test(part)) return [part];
  try {
    return decode(part).split('&');
  } catch {
    return [part]; // readOptions says which escape is broken
  }
}

function readOptions(parts: string[]): { options: LinkOptions; notices: string[] } {
  const options: Record<string, unknown> = {};
  const notices: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key = eq >= 0 ? part.slice(0, eq) : part;
    let raw = eq >= 0 ? part.slice(eq + 1) : '';
    try {
      key = decode(key);
      if (eq < 0 && key.includes('=')) [key, raw] = [key.slice(0, key.indexOf('=')), key.slice(key.indexOf('=') + 1)];
    } catch {
      notices.push(`The link has an option with a broken %-escape ("${shorten(part)}"); it was ignored.`);
      continue;
    }
    if (!Object.hasOwn(LINK_OPTIONS, key)) {
      notices.push(`The link's option "${shorten(key)}" is not one this app knows; it was ignored.`);
      continue;
    }
    const spec: LinkOptionSpec<unknown> = LINK_OPTIONS[key as LinkOptionKey];
    if (seen.has(key)) {
      notices.push(`The link gives its ${spec.what} more than once; the first one is used.`);
      continue;
    }
    seen.add(key);
    let value: string;
    try {
      value = decode(raw);
    } catch {
      notices.push(`The link's ${spec.what} has a broken %-escape; ${spec.ignored}.`);
      continue;
    }
    if (value === '') continue;
    const r = spec.parse(value);
    if ('problem' in r) notices.push(`The link's ${spec.what} ${r.problem}; ${spec.ignored}.`);
    else options[key] = r.value;
  }
  return { options: options as LinkOptions, notices };
}

/**
 * The link's hash body, "s=v2.…[&preset=…][&b=…]" (options in LINK_OPTIONS order; unset ones
 * left out), or the short "preset=NAME[&b=…]" when `options.preset` is set and `preset` (that
 * preset's scenario as it ships) is the scenario itself.
 */
export function writeLink(s: Scenario, options: LinkOptions = {}, preset?: Scenario | null): string {
  const short = options.preset !== undefined && preset != null && sameScenario(s, preset);
  let out = short ? `preset=${options.preset}` : `s=${encodeScenario(s)}`;
  for (const key of Object.keys(LINK_OPTIONS) as LinkOptionKey[]) {
    if (short && key === 'preset') continue;
    const v = options[key];
    // An option that is off is left out: "present=0" says no more than nothing.
    if (v === undefined || v === null || v === false) continue;
    const spec: LinkOptionSpec<unknown> = LINK_OPTIONS[key];
    // Commas, "=", ";", ":" and "+" stay readable ("panels=topology,chart", "b=preset:octopus-pod",
    // "sweep=epochMs=50,100;policy=tpp"): the reader splits on "&" only and a hash keeps them.
    out += `&${key}=${encodeURIComponent(spec.write(v)).replace(/%(2C|3D|3B|3A|2B)/g, (m) => decodeURIComponent(m))}`;
  }
  return out;
}

/** Whether two parsed scenarios are the same run (every field, key order aside). */
export function sameScenario(a: Scenario, b: Scenario): boolean {
  if (a === b) return true;
  // Lists of different lengths never give the same JSON: most edits add or remove something.
  for (const k of LIST_KEYS) if ((a[k]?.length ?? -1) !== (b[k]?.length ?? -1)) return false;
  return canonicalOf(a) === canonicalOf(b);
}

const LIST_KEYS = ['hosts', 'devices', 'switches', 'links', 'workloads', 'events', 'interleaveSets'] as const;

/** A scenario's canonical JSON, once per scenario object (never changed in place): the app compares each edit with the one before. */
const canonicals = new WeakMap<Scenario, string>();
function canonicalOf(s: Scenario): string {
  let c = canonicals.get(s);
  if (c === undefined) canonicals.set(s, (c = canonical(s)));
  return c;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
