// The built-in presets for Node scripts (CLI, benchmark, tests): public/presets, found from
// this file's own location so the working directory does not matter.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { PresetCatalog } from '../../src/scenario/link';
import { readPresetIndex, type PresetIndexEntry } from '../../src/scenario/preset-index';
import { parseScenario, formatErrors } from '../../src/scenario/validate';
import type { Scenario } from '../../src/scenario/schema';

export const PRESETS_DIR = fileURLToPath(new URL('../../public/presets/', import.meta.url));

export type PresetEntry = Omit<PresetIndexEntry, 'lesson'>;

let cache: PresetEntry[] | null = null;
let lessonCache: string[] | null = null;

/** The entries of public/presets/index.json, in its order (src/scenario/preset-index.ts); a bad entry is our bug: an error. */
export function listPresets(): PresetEntry[] {
  if (cache) return cache;
  const { entries, problems } = readPresetIndex(JSON.parse(readFileSync(join(PRESETS_DIR, 'index.json'), 'utf8')));
  if (problems.length) throw new Error(`public/presets/index.json${problems[0]}`);
  cache = entries.map(({ name, file, description }) => ({ name, file, description }));
  lessonCache = entries.filter((e) => e.lesson !== undefined).map((e) => e.name);
  return cache;
}

/** The presets as a short link ("#preset=NAME", "#lesson=N") names them, for src/scenario/link.ts. */
export function presetCatalog(): PresetCatalog {
  const names = presetNames();
  return { names, lessons: lessonCache ?? [], scenario: (name) => (findPreset(name) ? loadPreset(name) : null) };
}

export function presetNames(): string[] {
  return listPresets().map((p) => p.name);
}

export function findPreset(name: string): PresetEntry | undefined {
  return listPresets().find((p) => p.name === name);
}

/** The raw JSON of a preset (not yet validated). Throws for an unknown name. */
export function readPresetJson(name: string): unknown {
  const entry = findPreset(name);
  if (!entry) throw new Error(`unknown preset "${name}" (known: ${presetNames().join(', ')})`);
  return JSON.parse(readFileSync(join(PRESETS_DIR, entry.file), 'utf8'));
}

/** A validated preset scenario. Throws for an unknown name or a preset that fails validation. */
export function loadPreset(name: string): Scenario {
  const r = parseScenario(readPresetJson(name));
  if (!r.ok) throw new Error(`preset "${name}" is invalid: ${formatErrors(r.errors)}`);
  return r.scenario;
}

/** Every preset, validated, in index order. */
export function loadAllPresets(): { entry: PresetEntry; scenario: Scenario }[] {
  return listPresets().map((entry) => ({ entry, scenario: loadPreset(entry.name) }));
}
