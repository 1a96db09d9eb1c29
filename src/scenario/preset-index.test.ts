// The one reader of public/presets/index.json (app and CLI) and its file-name rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPresetFile, readPresetIndex } from './preset-index';

describe('preset index', () => {
  it('takes plain .json file names inside the presets folder only', () => {
    for (const f of ['tpp-1to4.json', 'a.json', 'A_b.c-1.json']) expect(isPresetFile(f)).toBe(true);
    // The app once took names starting with a dot or a dash ("..json", ".hidden.json").
    for (const f of ['..json', '.hidden.json', '-a.json', 'a/b.json', '../a.json', 'a.json/', 'a.JSON', 'a', '', 'a b.json']) expect(isPresetFile(f)).toBe(false);
  });

  it('keeps good entries in order, with their lesson as written, and says what is wrong with the rest', () => {
    const r = readPresetIndex([
      { name: 'a', file: 'a.json', description: 'A' },
      { name: 'b', file: '../b.json', description: 'B' },
      { name: 'c', file: 'c.json' },
      null,
      { name: 'd', file: 'd.json', description: 'D', lesson: { title: 'x' } },
    ]);
    expect(r.entries).toEqual([{ name: 'a', file: 'a.json', description: 'A' }, { name: 'd', file: 'd.json', description: 'D', lesson: { title: 'x' } }]);
    expect(r.problems).toEqual(['[1]: bad file name "../b.json"', '[2]: needs string name, file and description', '[3]: needs string name, file and description']);
    expect(readPresetIndex({})).toEqual({ entries: [], problems: ['expected a list of presets'] });
  });

  it('reads the shipped index without a problem', () => {
    const raw: unknown = JSON.parse(readFileSync(new URL('../../public/presets/index.json', import.meta.url), 'utf8'));
    const r = readPresetIndex(raw);
    expect(r.problems).toEqual([]);
    expect(r.entries.length).toBe((raw as unknown[]).length);
  });
});
