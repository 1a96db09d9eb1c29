// One epoch on screen: every view says which epoch it shows (0-based, like the CLI's rows, with
// the simulated time at its end), and all of them show the same one at any moment.
import type { Page } from '@playwright/test';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

/** Every view's shown epoch, read in one go (one moment), with the text it shows. */
function shownEpochs(page: Page) {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-shown-epoch]')].map((el) => ({
    view: el.closest('section, .chart, .heatmap, caption')?.getAttribute('aria-label') ?? el.closest('section, .chart, .heatmap, caption')?.className ?? '?',
    epoch: Number(el.dataset.shownEpoch),
    text: el.textContent ?? '',
  })));
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
  await expect.poll(async () => (await shownEpochs(page)).map((v) => v.epoch)).toEqual(Array((await shownEpochs(page)).length).fill(N - 1));
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

test('while playing at full speed, all views show the same epoch at every moment', async ({ page }) => {
  await openApp(page, preset('tpp-1to4').hash);
  await page.getByRole('combobox', { name: /^Speed/ }).selectOption('max');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const seen = new Set<number>();
  for (let i = 0; i < 15; i++) {
    const views = await shownEpochs(page);
    const epochs = new Set(views.map((v) => v.epoch));
    expect(epochs.size, JSON.stringify(views)).toBe(1);
    seen.add([...epochs][0]);
    await page.waitForTimeout(100);
  }
  expect(seen.size).toBeGreaterThan(2); // it was moving
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
