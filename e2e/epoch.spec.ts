// One epoch on screen: every view says which epoch it shows (0-based, like the CLI's rows, with
// the simulated time at its end), and all of them show the same one at any moment.
import type { Page } from '@playwright/test';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

/**
 * Every view's shown epoch, read in one go (one moment), with the text it shows and whether it
 * is on screen (a card off screen follows the run more slowly while playing: app/sight.ts).
 */
function shownEpochs(page: Page) {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-shown-epoch]')].map((el) => {
    const r = el.getBoundingClientRect();
    return {
      view: el.closest('section, .chart, .heatmap, caption')?.getAttribute('aria-label') ?? el.closest('section, .chart, .heatmap, caption')?.className ?? '?',
      epoch: Number(el.dataset.shownEpoch),
      text: el.textContent ?? '',
      onScreen: r.bottom > 0 && r.top < innerHeight && r.width > 0,
    };
  }));
}

test('paused after N steps, every view is labelled with the same epoch and time', async ({ page, problems }) => {
  const { scenario, hash } = preset('tpp-1to4');
  await openApp(page, hash);
  const N = 7;
  await stepTimes(page, N);
  const secs = Number(((N * scenario.epochMs) / 1000).toFixed(2));
  const t = `t = ${secs} s`;
  // "epoch 6 (t = 0.7 s)" or, for a chart, the span it covers: "epochs 0–6 (t = 0–0.7 s)".
  const label = new RegExp(`epochs? (?:[\\d,]+–)?${N - 1} \\(t = (?:[\\d.,]+–)?${secs} s\\)`);
  // Views off screen catch up within a second (app/sight.ts); some appear only then.
  await expect.poll(async () => [...new Set((await shownEpochs(page)).map((v) => v.epoch))]).toEqual([N - 1]);
  const views = await shownEpochs(page);
  // Metrics, topology, device table, heatmap axis, AMAT chart, migrations chart.
  expect(views.length).toBeGreaterThanOrEqual(6);
  for (const v of views) {
    if (v.view === 'Live metrics') continue; // the panel's rows carry the labels
    expect(v.text, v.view).toMatch(label);
  }
  await expect(page.getByTestId('scope-epoch')).toHaveText(`epoch ${N - 1} (${t})`);
  await expect(page.getByTestId('scope-run')).toContainText(`epochs 0–${N - 1}`);
  expect(problems).toEqual([]);
});

test('while playing at full speed, all views on screen show the same epoch at every moment; one scrolled in catches up at once', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1400 }); // several views on screen at once
  await openApp(page, preset('tpp-1to4').hash);
  await page.getByRole('combobox', { name: /^Speed/ }).selectOption('max');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const seen = new Set<number>();
  for (let i = 0; i < 15; i++) {
    const views = (await shownEpochs(page)).filter((v) => v.onScreen);
    expect(views.length).toBeGreaterThanOrEqual(2);
    const epochs = new Set(views.map((v) => v.epoch));
    expect(epochs.size, JSON.stringify(views)).toBe(1);
    seen.add([...epochs][0]);
    await page.waitForTimeout(100);
  }
  expect(seen.size).toBeGreaterThan(2); // it was moving
  // A view that starts off screen, brought into view, shows the same epoch as the others within
  // a few frames, not at its next once-a-second update.
  const away = (await shownEpochs(page)).findIndex((v) => !v.onScreen);
  expect(away).toBeGreaterThanOrEqual(0);
  await page.locator('[data-shown-epoch]').nth(away).scrollIntoViewIfNeeded();
  await expect.poll(async () => {
    const views = await shownEpochs(page);
    return views[away].onScreen && new Set(views.filter((v) => v.onScreen).map((v) => v.epoch)).size === 1;
  }, { timeout: 400, intervals: [50] }).toBe(true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
});

test('the A/B table says it shows run averages over the epochs both runs have done', async ({ page }) => {
  await openApp(page, preset('tpp-1to4').hash);
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('first-touch');
  await stepTimes(page, 3);
  const card = page.getByRole('region', { name: 'A/B: who wins' });
  await expect(card.getByRole('table')).toContainText('Run average');
  await expect(card.getByTestId('compare-scope')).toContainText('epochs 0–2');
});
