// Issue 17, items 3 and 4: a lesson points at what the page shows, and shows it without
// scrolling. For every lesson at 1920 x 1080 and 1366 x 768: the first view its "what to watch"
// names (app/lesson-figures.ts) sits beside the card at the top of the page, in view, and the
// figures the card names in that view are on screen; every other figure it names is on the
// page in a view it names. Presentation mode keeps the lesson: its question, what to watch and
// the "try this" button, above the view the lesson names.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { lessonFocus, lessonPoints, presentFocus, VIEW_SELECTOR } from '../app/lesson-figures';
import { readLesson, type Lesson } from '../app/lessons';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

const LESSONS = (JSON.parse(readFileSync('public/presets/index.json', 'utf8')) as { name: string; lesson?: unknown }[])
  .flatMap((e) => {
    const r = readLesson(e.lesson);
    return 'lesson' in r && r.lesson ? [{ name: e.name, lesson: r.lesson as Lesson }] : [];
  })
  .map((l, i) => ({ ...l, number: i + 1 }));

const SIZES = [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }] as const;

/** The box on screen of the first element a selector finds. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  expect(b, `${selector} is laid out`).not.toBeNull();
  return b!;
}

for (const size of SIZES) {
  for (const { name, lesson, number } of LESSONS) {
    test(`lesson ${number} (${name}) at ${size.width}x${size.height}: the view it names first is in view without scrolling, with its figures`, async ({ page, problems }) => {
      await page.setViewportSize(size);
      const { scenario, hash } = preset(name);
      await openApp(page, hash);
      await expect(page.locator('.lesson-card')).toHaveAttribute('data-lesson', String(number));
      await stepTimes(page, 1);
      const views = lessonFocus(lesson, scenario);
      expect(views.length, 'the card names a view').toBeGreaterThan(0);
      expect(await page.evaluate(() => scrollY)).toBe(0);

      // The first view named: its top on screen, and all of it, or at least 60 % of the window of it.
      const first = await box(page, VIEW_SELECTOR[views[0]]);
      expect(first.y, `${views[0]} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(Math.min(first.y + first.height, size.height) - first.y, `${views[0]} (${Math.round(first.y)}..${Math.round(first.y + first.height)}) is in view`)
        .toBeGreaterThanOrEqual(Math.min(first.height, 0.6 * size.height));

      // The figures the card names: those the first view shows are in view; every other one is
      // on the page in a view the card names (the A/B table's once its comparison runs).
      const named = new Set([...views, ...lessonFocus({ watch: lesson.tryThis.result }, scenario)]);
      for (const f of lessonPoints(lesson).figures) {
        const inFirst = f.shown[views[0]];
        if (inFirst) {
          const b = await box(page, inFirst);
          expect(b.y, `"${f.phrase}" (${inFirst})`).toBeGreaterThanOrEqual(0);
          expect(b.y + b.height, `"${f.phrase}" (${inFirst})`).toBeLessThanOrEqual(size.height);
          continue;
        }
        const where = Object.entries(f.shown).filter(([v]) => named.has(v as never) && v !== 'compare').map(([, sel]) => sel);
        if (where.length === 0) continue; // only in the A/B table, which the "try this" opens
        await expect(page.locator(where.join(', ')).first(), `"${f.phrase}" is on the page`).toBeAttached();
      }
      expect(problems).toEqual([]);
    });
  }
}

const STAGED = LESSONS.filter((l) => l.name === 'tpp-1to4' || l.name === 'pond-pool');

for (const size of SIZES) {
  for (const { name, lesson, number } of STAGED) {
    test(`presentation mode keeps lesson ${number} (${name}) at ${size.width}x${size.height}: question, what to watch and "try this", above the view it names`, async ({ page, problems }) => {
      await page.setViewportSize(size);
      const { scenario, hash } = preset(name);
      await page.goto(`./${hash}&present=1`);
      const present = page.locator('main.present');
      // The controls are hidden on the stage: the bar says when the run is loaded.
      await expect(present.getByText('paused', { exact: true })).toBeVisible({ timeout: 60_000 });
      const strip = present.getByRole('region', { name: `Lesson ${number}` });
      await expect(strip.getByRole('heading')).toContainText(lesson.question);
      await expect(strip.locator('[data-part="watch"]')).toContainText(lesson.watch.slice(0, 40));
      const tryIt = strip.getByRole('button', { name: lesson.tryThis.label });
      await expect(tryIt).toBeEnabled();
      // The lesson's view beside the topology, both on screen below the lesson.
      const panels = presentFocus(lesson, scenario);
      await expect(present).toHaveAttribute('data-panels', panels.join(','));
      const s = (await strip.boundingBox())!;
      expect(s.y + s.height).toBeLessThan(0.35 * size.height);
      for (const p of await present.locator('.present-panel').all()) {
        const b = (await p.boundingBox())!;
        expect(b.y).toBeGreaterThanOrEqual(s.y + s.height);
        expect(b.y + b.height).toBeLessThanOrEqual(size.height);
        expect(b.height).toBeGreaterThan(0.45 * size.height);
      }
      // Its "try this" works from the stage, and says what to look for.
      await tryIt.click();
      await expect(strip.getByRole('status')).toContainText('Applied.');
      await expect(present).toBeVisible();
      expect(problems).toEqual([]);
    });
  }
}
