// Presets ship as static JSON under public/presets; index.json lists them in lesson order.
import type { LinkTarget, PresetCatalog } from '../src/scenario/link';
import { isPresetFile, readPresetIndex } from '../src/scenario/preset-index';
import type { Scenario } from '../src/scenario/schema';
import { parseScenario, type ParseResult } from '../src/scenario/validate';
import { numberLessons, readLesson, type NumberedLesson } from './lessons';

/**
 * The first screen (no link): a policy visibly fixing a problem. TPP on its 1:4 machine lifts
 * the fast-tier share from about 20 % to over 80 % within some 40 epochs of Play (4 s at the
 * default 10 epochs/s; `npm run sim -- --preset tpp-1to4 --format csv`).
 */
export const DEFAULT_PRESET = { name: 'tpp-1to4', file: 'tpp-1to4.json' };

export interface PresetEntry {
  name: string;
  file: string;
  description: string;
  /** The lesson this preset teaches (numbered in index order), if it has one. */
  lesson: NumberedLesson | null;
}

// Relative to the page, so the built site works from any sub-path.
const url = (file: string) => new URL(`presets/${file}`, document.baseURI).href;

let index: Promise<PresetEntry[]> | null = null;

/** The preset list, fetched once (a failed fetch is tried again on the next call). */
export function fetchPresetIndex(): Promise<PresetEntry[]> {
  index ??= loadIndex().catch((e: unknown) => {
    index = null;
    throw e;
  });
  return index;
}

async function loadIndex(): Promise<PresetEntry[]> {
  const res = await fetch(url('index.json'));
  if (!res.ok) throw new Error(`cannot load the preset list (HTTP ${res.status})`);
  const list: unknown = await res.json();
  if (!Array.isArray(list)) throw new Error('the preset list is not a list');
  // The menu shows the entries that are fine (index.json is checked by a unit test).
  const entries = readPresetIndex(list).entries.map((e) => {
    // A malformed lesson leaves its preset usable, without a card.
    const l = readLesson(e.lesson);
    return { name: e.name, file: e.file, description: e.description, lesson: 'lesson' in l ? l.lesson : null };
  });
  return numberLessons(entries);
}

/** How the preset menu names an entry: "3. Hot pages move" (the lesson card shows the preset's name), or the name alone. */
export function presetLabel(p: PresetEntry): string {
  return p.lesson ? `${p.lesson.number}. ${p.lesson.title}` : p.name;
}

let byScenarioName: Promise<Map<string, string>> | null = null;

/**
 * Scenario name -> preset name, over every preset (each fetched once): what a scenario opened
 * from a link (a shared or reloaded page) was made from, when it kept its preset's name.
 */
export function fetchPresetScenarioNames(): Promise<Map<string, string>> {
  byScenarioName ??= fetchPresetIndex().then(async (list) => {
    const parsed = await Promise.all(list.map(async (p) => [p.name, await fetchNamedPreset(p)] as const));
    return new Map(parsed.flatMap(([name, r]) => (r.ok ? [[r.scenario.name, name] as const] : [])));
  }).catch((e: unknown) => {
    byScenarioName = null;
    throw e;
  });
  return byScenarioName;
}

/** Fetches a preset by its index entry, keeping it for presetScenario. */
export async function fetchNamedPreset(entry: Pick<PresetEntry, 'name' | 'file'>): Promise<ParseResult> {
  const r = await fetchPreset(entry.file);
  if (r.ok) shipped.set(entry.name, r.scenario);
  return r;
}

export async function fetchPreset(file: string): Promise<ParseResult> {
  const name = file.replace(/\.json$/, '');
  if (!isPresetFile(file)) return { ok: false, errors: [{ path: 'preset', message: `bad preset file "${file}"` }] };
  let res: Response;
  try {
    res = await fetch(url(file));
  } catch (e) {
    return { ok: false, errors: [{ path: 'preset', message: `cannot load preset "${name}" (${e instanceof Error ? e.message : 'network error'})` }] };
  }
  if (!res.ok) return { ok: false, errors: [{ path: 'preset', message: `cannot load preset "${name}" (HTTP ${res.status})` }] };
  try {
    return parseScenario(await res.json());
  } catch {
    return { ok: false, errors: [{ path: 'preset', message: `preset "${name}" is not valid JSON` }] };
  }
}

/** Presets fetched and parsed so far, by name. */
const shipped = new Map<string, Scenario>();

/** The preset's scenario as it ships, if it has been fetched (the address bar's short form needs it). */
export function presetScenario(name: string): Scenario | null {
  return shipped.get(name) ?? null;
}

/** Fetches the preset `name` (once); null if there is no such preset or it cannot be loaded. */
export async function loadPresetScenario(name: string): Promise<Scenario | null> {
  const known = shipped.get(name);
  if (known) return known;
  const entry = (await fetchPresetIndex()).find((p) => p.name === name);
  if (!entry) return null;
  const r = await fetchNamedPreset(entry);
  return r.ok ? r.scenario : null;
}

/** The presets a short link's target needs, fetched (src/scenario/link.ts reads it synchronously). */
export async function presetCatalog(target: Exclude<LinkTarget, { kind: 'scenario' }>): Promise<PresetCatalog> {
  const list = await fetchPresetIndex();
  const lessons = list.filter((p) => p.lesson).map((p) => p.name);
  const name = target.kind === 'preset' ? target.name : lessons[target.number - 1];
  if (name !== undefined) await loadPresetScenario(name);
  return { names: list.map((p) => p.name), lessons, scenario: presetScenario };
}
