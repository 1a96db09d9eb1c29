// A run longer than the chart's ring (4,096 epochs): the chart keeps the newest epochs one by
// one, and the whole run shows under it decimated (min to max per bucket), at a fixed size.
import { readFileSync } from 'node:fs';
import { encodeScenario } from '../src/scenario/codec';
import { parseScenario } from '../src/scenario/validate';
import { test, expect, openApp, epoch, pngPixels, settled, stepTimes } from './fixtures';

/** single-host-cxl scaled down to a few MB, so thousands of epochs take seconds. */
function tinyRun(): string {
  const s = JSON.parse(readFileSync('public/presets/single-host-cxl.json', 'utf8'));
  s.samplesPerHost = 64;
  for (const d of s.devices) d.capacityMB = 8;
  s.workloads[0].workingSetMB = 16;
  s.epochs = 100_000;
  const r = parseScenario(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return `#s=${encodeScenario(r.scenario)}&speed=max`;
}

test('past 4,096 epochs the whole run shows under the chart, decimated; the chart keeps the newest epochs', async ({ page, problems }) => {
  test.setTimeout(180_000);
  await openApp(page, tinyRun());
  const overview = page.locator('.run-overview');
  await stepTimes(page, 3);
  await expect(overview).toHaveCount(0); // the chart's ring still holds the whole run
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => epoch(page), { timeout: 150_000 }).toBeGreaterThan(5000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const n = await settled(() => epoch(page));
  await expect(overview).toBeVisible();
  const last = (n - 1).toLocaleString('en-US');
  await expect(overview).toContainText(`The whole run, epochs 0–${last}`);
  await expect(overview).toContainText(`the chart above shows epochs ${(n - 4096).toLocaleString('en-US')}–${last}`);
  // Bars drawn from the data: coloured pixels in the strips.
  // Drawn when on screen (as every canvas view): scrolled to, then a frame later.
  await overview.locator('canvas').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  const shot = await overview.locator('canvas').screenshot();
  const { coloured } = await pngPixels(page, shot);
  expect(coloured).toBeGreaterThan(500);
  expect(problems).toEqual([]);
});
