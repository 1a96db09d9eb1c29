// A run that plays past its scenario's epochs (a booth demo): the page says what that means,
// and the downloaded report is the command line's run of the scenario, which stops there.
import { readFile } from 'node:fs/promises';
import { encodeScenario } from '../src/scenario/codec';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

test('past the scenario\'s epochs the page says so, and the report covers the scenario\'s epochs', async ({ page, problems }) => {
  const s = { ...preset('single-host-cxl').scenario, epochs: 5 };
  await openApp(page, `#s=${encodeScenario(s)}`);
  await stepTimes(page, 5);
  await expect(page.getByTestId('past-end')).toHaveCount(0);
  await stepTimes(page, 3);
  await expect(page.getByTestId('past-end')).toContainText("past the scenario's 5 epochs");
  await page.getByRole('button', { name: 'Export…' }).click();
  const sheet = page.getByRole('dialog', { name: 'Export' });
  await expect(sheet).toContainText("the scenario's 5 epochs, where the command line stops; the page played on to 8");
  const [download] = await Promise.all([page.waitForEvent('download'), sheet.getByRole('button', { name: 'Metrics as JSON' }).click()]);
  const report = JSON.parse(await readFile(await download.path(), 'utf8')) as { epochs: unknown[] };
  expect(report.epochs).toHaveLength(5);
  expect(problems).toEqual([]);
});
