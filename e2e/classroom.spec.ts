// Classroom: every preset is a numbered lesson with a visible card whose "try this" changes the
// run; the first visit gets a guided tour (skippable, remembered, replayable, never in a demo
// link); every glossary term is reachable from a term link; the first screen shows a policy
// fixing a problem within a few seconds of Play (asserted on epochs, never on time).
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { GLOSSARY } from '../app/glossary';
import { applyTry, type Lesson } from '../app/lessons';
import { fmt, fmtInt, pct } from '../app/format';
import { simKey } from '../app/scenario-edit';
import { TOUR_STEPS } from '../app/tour';
import { Engine } from '../src/engine/engine';
import type { Scenario } from '../src/scenario/schema';
import { parseScenario } from '../src/scenario/validate';
import { test, expect, epoch, linkState, metric, openApp, pickPreset, preset, stepTimes } from './fixtures';

const INDEX = JSON.parse(readFileSync('public/presets/index.json', 'utf8')) as { name: string; lesson: Lesson }[];

type Shown = { amat: string; fast: string; migrations: string };

/**
 * What the metrics panel shows for `a` and `b` after the first epoch count, from `from` up to
 * `most`, at which the two differ: a change of policy shows only once the policies act
 * (linux-tiering's NUMA scanner starts after its 1 s scan delay, and until then it looks like
 * first-touch wherever the pages it leaves out of DRAM are idle). One pass of both runs,
 * computed by the engine in Node.
 */
function firstDifference(a: Scenario, b: Scenario, from: number, most: number): { n: number; a: Shown; b: Shown } {
  const ea = new Engine(a), eb = new Engine(b);
  let ma = 0, mb = 0;
  for (let n = 1; ; n++) {
    const ra = ea.step(), rb = eb.step();
    ma += ra.migrations;
    mb += rb.migrations;
    const sa = { amat: `${fmt(ra.amatNs, 0)} ns`, fast: pct(ra.fastTierAccessShare, 1), migrations: fmtInt(ma) };
    const sb = { amat: `${fmt(rb.amatNs, 0)} ns`, fast: pct(rb.fastTierAccessShare, 1), migrations: fmtInt(mb) };
    if (n >= most || (n >= from && JSON.stringify(sa) !== JSON.stringify(sb))) return { n, a: sa, b: sb };
  }
}

async function shownOnPage(page: Page) {
  return {
    amat: (await metric(page, 'amat').textContent())!,
    fast: (await metric(page, 'fast').textContent())!,
    migrations: (await metric(page, 'migrations').textContent())!,
  };
}

test('the preset menu lists the presets as numbered lessons, in order', async ({ page }) => {
  await openApp(page);
  const options = page.getByRole('combobox', { name: 'Preset' }).locator('option');
  await expect(options).toHaveText(INDEX.map((e, i) => `${i + 1}. ${e.lesson.title}`));
  expect(await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(INDEX.map((e) => e.name));
});

for (const [i, { name, lesson }] of INDEX.entries()) {
  test(`lesson ${i + 1} (${name}): the card shows its question, what it shows, what to watch and a "try this" that changes the run`, async ({ page, problems }) => {
    test.setTimeout(120_000); // two engine runs in Node beside the page's, on a shared machine
    await openApp(page);
    if (name !== 'tpp-1to4') await pickPreset(page, name);
    const card = page.getByRole('region', { name: lesson.question });
    await expect(card).toBeVisible();
    await expect(card).toContainText(`Lesson ${i + 1} of ${INDEX.length}`);
    await expect(card.locator('[data-part="shows"]')).toContainText(lesson.shows);
    await expect(card.locator('[data-part="watch"]')).toContainText(lesson.watch);
    await expect(card.locator('[data-part="shows"] h3')).toHaveText('What it shows');
    await expect(card.locator('[data-part="watch"] h3')).toHaveText('What to watch');

    await card.getByRole('button', { name: lesson.tryThis.label }).click();
    const base = preset(name).scenario;
    const parsed = parseScenario(applyTry(base, lesson.tryThis.change));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const tried = parsed.scenario;
    // The run restarts with the change: the link carries it, and the card says what to see now.
    await expect.poll(async () => simKey((await linkState(page)).scenario!)).toBe(simKey(tried));
    await expect(card.locator('[data-part="try"]')).toContainText(`Applied. ${lesson.tryThis.result}`);
    if (lesson.tryThis.change.policy) await expect(page.getByRole('combobox', { name: 'Policy' })).toHaveValue(lesson.tryThis.change.policy);
    await expect(metric(page, 'epoch')).toHaveText('0');
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();

    if (lesson.tryThis.change.compare) {
      // A comparison keeps the lesson's run as A and runs B beside it in lock-step: the link
      // names B, and the A/B table shows both runs' figures at equal epochs.
      expect((await linkState(page)).compare).toBe(lesson.tryThis.change.compare);
      await stepTimes(page, 2);
      const ab = page.getByRole('region', { name: 'A/B: who wins' });
      await expect(ab).toBeVisible();
      await expect(ab.locator('.compare-table')).toContainText('AMAT');
    } else if (lesson.tryThis.change.poolManager) {
      // A pool manager changes the VMs' figures: the pool panel names the new manager, the
      // link carries the change (above) and the engine's pool figures differ (e2e/pool.spec.ts
      // checks the panel's figures against the engine's).
      await expect(page.locator('.pool-facts')).toContainText(`Pool manager ${lesson.tryThis.change.poolManager}`);
      const pool = (s: Scenario) => { const e = new Engine(s); for (let k = 0; k < 60; k++) e.step(); return e.poolSummary(); };
      expect(pool(tried)).not.toEqual(pool(base));
    } else {
      // The numbers on screen are the changed run's, and differ from the lesson's own run.
      const { n, a: own, b: expected } = firstDifference(base, tried, 3, 40); // a timeline event (lesson 16: 2 s) acts late
      await stepTimes(page, n);
      expect(expected).not.toEqual(own);
      expect(await shownOnPage(page)).toEqual(expected);
    }

    // And back to the lesson's setup.
    await card.getByRole('button', { name: 'Back to the lesson\'s setup' }).click();
    await expect.poll(async () => simKey((await linkState(page)).scenario!)).toBe(simKey(base));
    expect((await linkState(page)).compare).toBeNull();
    await expect(card.getByRole('button', { name: lesson.tryThis.label })).toBeVisible();
    expect(problems).toEqual([]);
  });
}

test('the lesson card folds to its question line, and stays folded on the next visit', async ({ page }) => {
  await openApp(page);
  const card = page.getByRole('region', { name: INDEX[2].lesson.question });
  await card.getByRole('button', { name: 'Hide lesson' }).click();
  await expect(card.locator('[data-part="watch"]')).toBeHidden();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(card.getByRole('button', { name: 'Show lesson' })).toHaveAttribute('aria-expanded', 'false');
  await expect(card.locator('[data-part="watch"]')).toBeHidden();
  await card.getByRole('button', { name: 'Show lesson' }).click();
  await expect(card.locator('[data-part="watch"]')).toBeVisible();
  // The neighbours are one click away.
  await card.getByRole('button', { name: 'Lesson 4 ›' }).click();
  await expect(page.getByRole('region', { name: INDEX[3].lesson.question })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Preset' })).toHaveValue(INDEX[3].name);
});

test('the first screen plays TPP lifting the fast-tier share from about 20 % to over 80 % within 45 epochs', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('combobox', { name: 'Preset' })).toHaveValue('tpp-1to4');
  await expect(page.getByRole('combobox', { name: 'Policy' })).toHaveValue('tpp');
  // 45 epochs at the default speed of 10 epochs/s: 4.5 s of Play (the speed is not asserted in time).
  await expect(page.getByRole('combobox', { name: 'Speed' })).toHaveValue('10');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => epoch(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(45);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download run (JSON)' }).click(),
  ]);
  const report = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { epochs: { epoch: number; fastTierAccessShare: number }[] };
  expect(report.epochs[0].fastTierAccessShare).toBeLessThan(0.25);
  const fixed = report.epochs.find((r) => r.fastTierAccessShare > 0.8);
  expect(fixed?.epoch).toBeLessThanOrEqual(44);
});

test.describe('first visit', () => {
  test.use({ firstVisit: true });

  /** The element each tour step points at. */
  const targets = (page: Page) => [
    page.locator('.lesson-card'),
    page.locator('.topo-card'),
    page.locator('.tiers'),
    page.getByRole('button', { name: 'Play', exact: true }),
    page.locator('.metrics-card'),
    page.locator('.heat-card'),
    page.locator('.migrations-card'),
    page.locator('.controls label.field', { has: page.getByRole('combobox', { name: 'Compare with' }) }),
    page.locator('.classroom-tools'),
  ];

  test('the tour starts, points at each real element with focus on the step, moves with the keyboard; Escape skips for good; the Tour button replays it', async ({ page, problems }) => {
    expect(targets(page)).toHaveLength(TOUR_STEPS.length);
    await openApp(page);
    const step = page.locator('.tour-step');
    await expect(page.locator('.classroom-layer')).toHaveAttribute('data-tour-auto', 'started');
    for (const [i, s] of TOUR_STEPS.entries()) {
      await expect(step).toHaveAttribute('data-step', String(i));
      await expect(page.getByRole('dialog', { name: s.title })).toBeVisible();
      await expect(step.getByRole('heading', { name: s.title })).toBeFocused();
      await expect(step).toHaveAttribute('data-target-found', 'yes');
      // The spotlight surrounds the step's element, which is in view.
      const target = targets(page)[i];
      await expect(target).toBeInViewport();
      const t = (await target.boundingBox())!, spot = (await page.locator('.tour-spot').boundingBox())!;
      expect(spot.x).toBeLessThanOrEqual(t.x);
      expect(spot.y).toBeLessThanOrEqual(t.y);
      expect(spot.x + spot.width).toBeGreaterThanOrEqual(t.x + t.width);
      expect(spot.y + spot.height).toBeGreaterThanOrEqual(t.y + t.height);
      if (i < TOUR_STEPS.length - 1) await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('ArrowLeft');
    await expect(step).toHaveAttribute('data-step', String(TOUR_STEPS.length - 2));
    await page.keyboard.press('Escape');
    await expect(step).toHaveCount(0);
    // The page is back where it was before the tour scrolled it.
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);

    // Skipped is remembered: the next visit has no tour.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
    await expect(page.locator('.classroom-layer')).toHaveAttribute('data-tour-auto', 'seen');
    await expect(step).toHaveCount(0);

    // The Tour button replays it, with buttons this time, to the end.
    await page.getByRole('button', { name: 'Tour', exact: true }).click();
    await expect(page.getByRole('dialog', { name: TOUR_STEPS[0].title })).toBeVisible();
    await expect(step.getByRole('button', { name: 'Back' })).toBeDisabled();
    await step.getByRole('button', { name: 'Next' }).click();
    await expect(step).toHaveAttribute('data-step', '1');
    await step.getByRole('button', { name: 'Back' }).click();
    await expect(step).toHaveAttribute('data-step', '0');
    for (let i = 1; i < TOUR_STEPS.length; i++) await step.getByRole('button', { name: 'Next' }).click();
    await step.getByRole('button', { name: 'Finish' }).click();
    await expect(step).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  for (const option of ['play=1', 'present=1', 'embed=1']) {
    test(`a link with &${option} never starts the tour`, async ({ page }) => {
      await page.goto(`./${preset('single-host-cxl').hash}&${option}`);
      await expect(page.locator('.classroom-layer')).toHaveAttribute('data-tour-auto', 'demo');
      await expect(page.locator('.tour-step')).toHaveCount(0);
    });
  }
});

test('the glossary opens at a term from its link, lists every term with its Linux name, and gives focus back on Escape', async ({ page, problems }) => {
  await openApp(page);
  const link = page.locator('.lesson-card button.term[data-term="hint-fault"]');
  await link.click();
  const dialog = page.getByRole('dialog', { name: 'Glossary' });
  await expect(dialog).toBeVisible();
  const entry = dialog.locator('#glossary-hint-fault');
  await expect(entry).toBeFocused();
  await expect(entry).toBeInViewport();
  await expect(entry).toContainText('hint fault (NUMA balancing\'s PROT_NONE fault');
  await expect(entry).toContainText('numa_hint_faults in /proc/vmstat');
  const sorted = [...GLOSSARY].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
  await expect(dialog.locator('dfn')).toHaveText(sorted.map((e) => e.term));
  for (const e of GLOSSARY) await expect(dialog.locator(`[data-entry="${e.id}"] dt`)).toContainText(`(${e.linux})`);
  // A term inside a definition jumps to its own entry.
  await dialog.locator('[data-entry="kswapd"] button.term[data-term="watermark"]').click();
  await expect(dialog.locator('#glossary-watermark')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(link).toBeFocused();
  // The header's Glossary button opens it too.
  await page.getByRole('button', { name: 'Glossary', exact: true }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(problems).toEqual([]);
});

test('every term of the brief is reachable from a term link on some lesson\'s screen', async ({ page }) => {
  const required = ['hint-fault', 'kswapd', 'watermark', 'abstract-distance', 'epoch', 'sample', 'amat', 'weighted-interleave', 'znuma',
    'stranding', 'blast-radius', 'memory-tier', 'numa-distance', 'promotion', 'demotion', 'first-touch'];
  await openApp(page);
  const seen = new Set<string>();
  for (const { name } of INDEX) {
    if (name !== 'tpp-1to4') await pickPreset(page, name);
    for (const id of await page.locator('button.term').evaluateAll((els) => els.map((e) => e.getAttribute('data-term') ?? ''))) seen.add(id);
  }
  expect(required.filter((id) => !seen.has(id))).toEqual([]);
});

// Screenshots to look at (test-results/classroom/…png): the first screen with its lesson card,
// a tour step and the glossary, at a laptop and a projector size, light and dark.
for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test.describe(`screenshots ${width}x${height} ${scheme}`, () => {
      test.use({ firstVisit: true, viewport: { width, height }, colorScheme: scheme });
      test('first screen, tour step, glossary', async ({ page }) => {
        const dir = 'test-results/classroom';
        mkdirSync(dir, { recursive: true });
        await openApp(page);
        await expect(page.locator('.tour-step')).toHaveAttribute('data-step', '0');
        const shot = async (what: string) => {
          const png = await page.screenshot({ path: `${dir}/${what}-${width}x${height}-${scheme}.png` });
          expect(png.length).toBeGreaterThan(20_000);
        };
        await shot('tour-lesson');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await expect(page.locator('.tour-step')).toHaveAttribute('data-step', '2');
        await shot('tour-tiers');
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Play', exact: true }).click();
        await expect.poll(() => epoch(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(40);
        await page.getByRole('button', { name: 'Pause', exact: true }).click();
        await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
        await shot('first-screen-40-epochs');
        await page.locator('button.term[data-term="amat"]').first().click();
        await expect(page.getByRole('dialog', { name: 'Glossary' })).toBeVisible();
        await shot('glossary');
      });
    });
  }
}
