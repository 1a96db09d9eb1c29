// The Sweep panel: a sweep from a link runs on Web Workers with progress, draws one line per
// policy, downloads the CLI's CSV byte for byte (computed here in Node by the same sweep engine),
// and each point opens its run; a bigger sweep opened from the controls by keyboard cancels.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { readLink } from '../src/scenario/link';
import { csvHeader, csvRow } from '../src/sweep/format';
import { planSweep, rowAt, rowScenario } from '../src/sweep/plan';
import { runFigures } from '../src/sweep/run';
import { test, expect, openApp, preset, hashOf } from './fixtures';

const PRESET = 'single-host-cxl';
const SPEC = { vary: ['workloads.0.workingSetMB=640,1280'], policies: 'first-touch,tpp', seeds: '1', epochs: 3 };
const SWEEP = 'workloads.0.workingSetMB=640,1280;policy=first-touch,tpp;seeds=1;epochs=3;figure=amatNs';

/** What `npm run sweep -- --preset single-host-cxl --vary ... --format csv` prints: the same engine, here in Node. */
function expectedCsv(): string {
  const plan = planSweep(preset(PRESET).scenario, SPEC);
  let out = csvHeader(plan) + '\n';
  for (let i = 0; i < plan.rows; i++) {
    const row = rowAt(plan, i);
    out += csvRow(plan, row, runFigures(rowScenario(plan, row))) + '\n';
  }
  return out;
}

const sweepDialog = (page: Page) => page.getByRole('dialog', { name: 'Sweep' });

test('a sweep in the link: the panel opens set up, runs with progress, one line per policy, the CLI\'s CSV, each point opens its run', async ({ page, problems }) => {
  await openApp(page, `${preset(PRESET).hash}&sweep=${SWEEP}`);
  const dialog = sweepDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Parameter' })).toHaveValue('workloads.0.workingSetMB');
  await expect(dialog.getByRole('textbox', { name: 'Values' })).toHaveValue('640,1280');
  await expect(dialog.getByRole('checkbox', { name: 'tpp', exact: true })).toBeChecked();
  await expect(dialog.getByTestId('sweep-bounds')).toHaveText(/^\(0, 16777216\]; now 1280$/);
  await dialog.getByRole('button', { name: 'Run sweep' }).click();
  const progress = dialog.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(progress).toHaveAttribute('max', '4');
  await expect(dialog.getByTestId('sweep-status')).toHaveText('Done: 4 runs', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('value', '4');
  const chart = dialog.getByTestId('sweep-chart');
  await expect(chart.locator('.series')).toHaveCount(2);
  await expect(chart.locator('a[data-point]')).toHaveCount(4);
  // The sweep stays in the address bar while the panel is open.
  expect(decodeURIComponent(await hashOf(page))).toContain(`&sweep=${SWEEP}`);

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/-sweep\.csv$/);
  expect(await readFile(await download.path(), 'utf8')).toBe(expectedCsv());

  const [popup] = await Promise.all([page.waitForEvent('popup'), chart.locator('a[data-point="640|tpp"]').click()]);
  await popup.waitForURL(/#s=/);
  const r = readLink(await popup.evaluate(() => location.hash));
  expect(r.ok).toBe(true);
  if (r.ok) {
    expect(r.scenario.workloads[0].workingSetMB).toBe(640);
    expect([r.scenario.policy.name, r.scenario.seed, r.scenario.epochs]).toEqual(['tpp', 1, 3]);
  }
  await expect(popup.getByRole('button', { name: 'Play', exact: true })).toBeEnabled({ timeout: 60_000 });
  await popup.close();

  // Closed: the sweep leaves the link.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => hashOf(page)).not.toContain('sweep=');
  expect(problems).toEqual([]);
});

test('from the controls by keyboard: a bigger sweep shows its progress and cancels; the page stays responsive', async ({ page, problems }) => {
  await openApp(page, preset(PRESET).hash);
  await page.getByRole('button', { name: 'Sweep…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = sweepDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Parameter' }).selectOption('workloads.0.workingSetMB');
  await dialog.getByRole('textbox', { name: 'Values' }).fill('640..1280+64');
  await dialog.getByRole('checkbox', { name: 'linux-tiering', exact: true }).check();
  await dialog.getByRole('textbox', { name: 'Epochs per run' }).fill('40');
  await dialog.getByRole('textbox', { name: 'Epochs per run' }).press('Enter'); // submits the form
  const status = dialog.getByTestId('sweep-status');
  await expect(status).toHaveText(/^\d+ of 22 runs$/);
  await expect(dialog.getByRole('progressbar', { name: 'Sweep progress' })).toHaveAttribute('max', '22');
  // The main thread answers while the workers run: the dialog takes focus and keys at once.
  await dialog.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  await expect(status).toHaveText(/^Cancelled after \d+ of 22 runs$/);
  const done = Number(/after (\d+)/.exec((await status.textContent()) ?? '')![1]);
  expect(done).toBeLessThan(22);
  await expect(dialog.getByRole('button', { name: 'Download CSV' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  // Esc closes the panel; the run's own controls work.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  expect(problems).toEqual([]);
});
