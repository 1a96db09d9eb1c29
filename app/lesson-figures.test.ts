// Every lesson card names only what the app shows in that lesson: the views and figures of
// app/lesson-figures.ts, whose figures are the metric registry's and whose views exist; no
// identifier from the code and no command line in a card. e2e/lessons-onscreen.spec.ts finds
// each element on screen.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { METRICS, ROW_KEYS, type Metric } from '../src/metrics/registry';
import { PANELS } from '../src/scenario/link';
import { FIGURE_NAMES, figuresNamed, lessonFocus, lessonPoints, presentFocus, VIEW_NAMES, VIEW_SELECTOR, viewsNamed } from './lesson-figures';
import { readLesson, type Lesson } from './lessons';

const raw = JSON.parse(readFileSync('public/presets/index.json', 'utf8')) as { name: string; lesson?: unknown }[];
const lessons = raw.map((e) => {
  const r = readLesson(e.lesson);
  if ('problem' in r) throw new Error(`${e.name}: ${r.problem}`);
  return { name: e.name, lesson: r.lesson as Lesson };
});

/** Whole-word, case-insensitive occurrences of a phrase. */
function occurrences(text: string, phrase: string): number[] {
  const lower = text.toLowerCase(), p = phrase.toLowerCase(), at: number[] = [];
  for (let i = lower.indexOf(p); i >= 0; i = lower.indexOf(p, i + 1)) {
    if (!/[\w-]/.test(lower[i - 1] ?? ' ') && !/\w/.test(lower[i + p.length] ?? ' ')) at.push(i);
  }
  return at;
}

describe('the declared names of views and figures', () => {
  it('point at views that exist and at the registry\'s figures, under the registry\'s labels', () => {
    const panels = PANELS as readonly string[];
    for (const v of VIEW_NAMES) expect(panels, v.phrase).toContain(v.view);
    for (const f of FIGURE_NAMES) {
      expect(f.phrase, f.phrase).toBe(f.phrase.toLowerCase());
      for (const v of Object.keys(f.shown)) expect(panels, `${f.phrase}: ${v}`).toContain(v);
      expect(Object.keys(f.shown).length, f.phrase).toBeGreaterThan(0);
      if (f.metric) {
        expect(ROW_KEYS, f.phrase).toContain(f.metric);
        // One name for one figure: the card's words are the registry's label (or its start).
        const label = (METRICS as readonly Metric[]).find((m) => m.key === f.metric)!.label.toLowerCase();
        expect(label.startsWith(f.phrase), `${f.phrase} names ${f.metric} ("${label}")`).toBe(true);
      }
    }
    const phrases = [...VIEW_NAMES, ...FIGURE_NAMES].map((x) => x.phrase);
    expect(new Set(phrases).size).toBe(phrases.length);
  });

  it('find the longest name where names overlap, in text order', () => {
    expect(viewsNamed('the migrations chart, then the chart and the device table')).toEqual(['migrations', 'chart', 'devices']);
    expect(figuresNamed('VM AMAT, then AMAT and the VM slowdown').map((f) => f.phrase)).toEqual(['vm amat', 'amat', 'vm slowdown']);
    expect(viewsNamed('a topological sort')).toEqual([]);
  });
});

describe('every lesson card', () => {
  it.each(lessons)('$name: names at least one view to watch, and every figure it names is shown in a view it names', ({ lesson }) => {
    const { views, figures } = lessonPoints(lesson);
    expect(views.length).toBeGreaterThan(0);
    const named = new Set([...views, ...viewsNamed(lesson.tryThis.result)]);
    for (const f of figures) {
      expect(Object.keys(f.shown).some((v) => named.has(v as never)), `"${f.phrase}" is shown in ${Object.keys(f.shown).join(', ')}; the card names ${[...named].join(', ')}`).toBe(true);
    }
  });

  it.each(lessons)('$name: names no figure of the registry the page does not show under that name', ({ lesson }) => {
    const text = `${lesson.watch}\n${lesson.tryThis.result}`;
    const covered = figuresNamed(text).flatMap((f) => occurrences(text, f.phrase).map((at) => [at, at + f.phrase.length] as const));
    // The epoch and its time are the axis every view has, not figures a card points at.
    for (const m of (METRICS as readonly Metric[]).filter((x) => x.key !== 'epoch' && x.key !== 'timeMs')) {
      for (const name of new Set([m.label, m.label.split(/ vs |, /)[0]])) {
        for (const at of occurrences(text, name)) {
          const inside = covered.some(([a, b]) => at >= a && at + name.length <= b);
          expect(inside, `"${name}" (${m.key}) at ${at} is not a declared figure name`).toBe(true);
        }
      }
    }
  });

  it.each(lessons)('$name: quotes no code and no command line', ({ lesson }) => {
    for (const text of [lesson.question, lesson.shows, lesson.watch, lesson.tryThis.result, lesson.tryThis.label]) {
      // camelCase: a field of the code (zNUMA is Pond's own word for its zero-core NUMA node).
      expect(text.replace(/\bzNUMA\b/g, '')).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/);
      expect(text).not.toMatch(/`|npm run|\bsummary\.|\bCLI\b/);
    }
  });

  it.each(lessons)('$name: its A/B table exists exactly when its "try this" runs a comparison', ({ lesson }) => {
    const text = `${lesson.watch}\n${lesson.tryThis.result}`;
    expect(viewsNamed(text).includes('compare')).toBe(lesson.tryThis.change.compare !== undefined);
  });
});

describe('what the page brings forward for a lesson', () => {
  const pooled = { pool: {} }, plain = {};
  it('beside the card: the views "what to watch" names, in its order, without a Pool panel where there is no pool', () => {
    expect(lessonFocus({ watch: 'the chart, then the migrations chart' }, plain)).toEqual(['chart', 'migrations']);
    expect(lessonFocus({ watch: 'the Pool panel and the device table' }, plain)).toEqual(['devices']);
    expect(lessonFocus({ watch: 'the Pool panel and the device table' }, pooled)).toEqual(['pool', 'devices']);
    expect(lessonFocus(null, plain)).toEqual([]);
    for (const v of Object.keys(VIEW_SELECTOR)) expect(PANELS as readonly string[]).toContain(v);
  });

  it('on the stage: the topology and the first view named that tells more than it and the bar, else the chart or the pool', () => {
    expect(presentFocus({ watch: 'the device table, then the chart' }, plain)).toEqual(['topology', 'chart']);
    expect(presentFocus({ watch: 'the live metrics and the Pool panel' }, pooled)).toEqual(['topology', 'pool']);
    expect(presentFocus({ watch: 'the live metrics' }, pooled)).toEqual(['topology', 'pool']);
    expect(presentFocus({ watch: 'the live metrics' }, plain)).toEqual(['topology', 'chart']);
    expect(presentFocus({ watch: 'the memory tiers panel' }, plain)).toEqual(['topology', 'tiers']);
    expect(presentFocus(null, plain)).toEqual(['topology', 'chart']);
  });
});
