// The preset index (public/presets/index.json), read by one function for the app (which fetches
// it) and the Node scripts (which read the file): which entries it lists and which file names
// may name a preset. Pure: the caller brings the parsed JSON.

export interface PresetIndexEntry {
  name: string;
  file: string;
  description: string;
  /** The entry's lesson as written (the app reads it, app/lessons.ts); undefined: none. */
  lesson?: unknown;
}

/** A preset's file: a plain name inside the presets folder, ending in .json (no path, no leading dot or dash). */
const PRESET_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.json$/;

export function isPresetFile(file: string): boolean {
  return PRESET_FILE.test(file);
}

/**
 * The entries of the index in its order, and what is wrong with those left out ("[3]: ...").
 * Not a list at all: no entries and one problem.
 */
export function readPresetIndex(raw: unknown): { entries: PresetIndexEntry[]; problems: string[] } {
  if (!Array.isArray(raw)) return { entries: [], problems: ['expected a list of presets'] };
  const entries: PresetIndexEntry[] = [];
  const problems: string[] = [];
  raw.forEach((e: unknown, i) => {
    const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    const { name, file, description, lesson } = o;
    if (typeof name !== 'string' || typeof file !== 'string' || typeof description !== 'string') {
      problems.push(`[${i}]: needs string name, file and description`);
    } else if (!isPresetFile(file)) {
      problems.push(`[${i}]: bad file name "${file}"`);
    } else {
      entries.push(lesson === undefined ? { name, file, description } : { name, file, description, lesson });
    }
  });
  return { entries, problems };
}
