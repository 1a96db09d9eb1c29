// The texts that quote figures are generated (scripts/papers-texts.ts): each is its template in
// scripts/papers-templates.md filled in, no template states a figure outside a placeholder,
// every preset description with a figure has a template, and README.md states no preset's
// figure outside a generated block. Not that the figures match a fresh run (`npm run papers`
// takes minutes): that they come from one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../src/platform/calibration';
import { listPresets, loadPreset, PRESETS_DIR, readPresetJson } from './cli/presets';
import { FIGURE, FORMATS, parts, pattern, readmeBlocks, readTemplates, ROOT, withoutBlocks, type Template } from './papers-texts';

const templates = readTemplates();
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lessons = JSON.parse(readFileSync(join(PRESETS_DIR, 'index.json'), 'utf8')) as { name: string; lesson: Record<string, string> }[];

/** The text a template generates, as it is now in its file. */
function current(t: Template): string {
  if (t.target.kind === 'readme') {
    const b = readmeBlocks(readme).get(t.target.block);
    if (b === undefined) throw new Error(`README.md has no block <!-- papers:${t.target.block} -->`);
    return b.replace(/^\n/, '').replace(/\n$/, '');
  }
  if (t.target.kind === 'preset') return (readPresetJson(t.target.preset) as { description: string }).description;
  const { preset, field } = t.target;
  return lessons.find((e) => e.name === preset)!.lesson[field];
}

const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

describe('generated texts (npm run papers -- --write)', () => {
  it('has templates for README blocks, preset descriptions and a lesson card', () => {
    expect(templates.filter((t) => t.target.kind === 'readme').length).toBeGreaterThanOrEqual(8);
    expect(templates.filter((t) => t.target.kind === 'preset').length).toBeGreaterThanOrEqual(10);
    expect(templates.some((t) => t.target.kind === 'lesson')).toBe(true);
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s states no figure outside a placeholder', (_, t) => {
    for (const lit of parts(t.text).literals) expect(lit.match(FIGURE)?.[0] ?? null, `"${lit}"`).toBeNull();
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s: every placeholder has a format, and every scenario or platform number exists', (_, t) => {
    for (const ph of parts(t.text).placeholders) {
      if (ph.startsWith('=')) continue;
      const [key, fmt = ''] = ph.split('|');
      expect(FORMATS[fmt], `{${ph}}`).toBeDefined();
      const m = /^([sp]):(?:([a-z0-9-]+):)?(.+)$/.exec(key);
      if (!m) { expect(key, `{${ph}}`).toMatch(/^-?[A-Za-z0-9.-]+$/); continue; }
      const preset = m[2] ?? (t.target.kind === 'readme' ? null : t.target.preset);
      expect(preset, `{${ph}}: which preset?`).not.toBeNull();
      const s = loadPreset(preset!);
      const v = at(m[1] === 's' ? s : PLATFORMS[s.platform], m[3]);
      expect(typeof v === 'number' || (typeof v === 'object' && v !== null && typeof (v as { value?: unknown }).value === 'number'), `{${ph}} in ${preset}`).toBe(true);
    }
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s is its template filled in', (_, t) => {
    expect(current(t)).toMatch(pattern(t));
  });

  it('every preset description that states a figure is generated', () => {
    const generated = new Set(templates.flatMap((t) => (t.target.kind === 'preset' ? [t.target.preset] : [])));
    for (const { name } of listPresets()) {
      const d = (readPresetJson(name) as { description: string }).description;
      if (FIGURE.test(d)) expect(generated.has(name), `${name}: "${d.match(FIGURE)![0]}"`).toBe(true);
    }
  });

  it('README.md states no preset\'s figure outside a generated block, and every block has its template', () => {
    const blocks = [...readmeBlocks(readme).keys()];
    expect(blocks.sort()).toEqual(templates.flatMap((t) => (t.target.kind === 'readme' ? [t.target.block] : [])).sort());
    const names = listPresets().map((p) => p.name);
    // Paragraphs and list items; a tolerance ("within 1 %") is not a figure of a run.
    const paragraphs = withoutBlocks(readme).split(/\n\s*\n|\n(?=\s*[-*] |\|)/);
    const offending = paragraphs.filter((p) => names.some((n) => p.includes(`\`${n}\``) || p.includes(`--preset ${n}`))
      && FIGURE.test(p.replace(/within \d+(\.\d+)? %/g, '')));
    expect(offending).toEqual([]);
  });
});
