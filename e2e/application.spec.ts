// The application's side of the metrics panel: slowdown against all-local, instructions/s and
// the CPU time tiering takes, this epoch and over the run, per host in a fold; the same
// numbers the engine (and so the CLI) computes.
import { Engine } from '../src/engine/engine';
import { encodeScenario } from '../src/scenario/codec';
import { valid } from '../src/scenario/fixtures';
import { fmt } from '../app/format';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

const cell = (page: import('@playwright/test').Page, key: string) => page.getByRole('region', { name: 'Live metrics' }).locator(`[data-metric="${key}"]`);

test('shows the slowdown against all-local, instructions/s and CPU migrating, as the engine computes them', async ({ page, problems }) => {
  const scenario = valid({ ...preset('tpp-1to4').scenario, policy: { name: 'linux-no-tiering', params: {}, nodes: [] } });
  const e = new Engine(scenario);
  const rows = Array.from({ length: 4 }, () => e.step());
  await openApp(page, `#s=${encodeScenario(scenario)}`);
  await stepTimes(page, 4);
  // Default Linux on TPP's 1:4 machine: most of the hot set on the slower tier.
  const last = rows[3];
  expect(last.slowdownPercent).toBeGreaterThan(10);
  await expect(cell(page, 'slowdown')).toHaveText(`+${fmt(last.slowdownPercent, 1)} %`);
  await expect(cell(page, 'instructions')).toHaveText(/^[\d.]+G\/s$/);
  await expect(cell(page, 'migration-cpu')).toHaveText('0.0 %');
  const t = e.runTotals();
  await expect(cell(page, 'slowdown-run')).toHaveText(`+${fmt(t.slowdownPercent, 1)} %`);
  // Per host, in a fold.
  await page.getByText(/^Per host, epoch 3/).click();
  await expect(page.locator('[data-host="h0"] [data-metric="host-slowdown"]')).toHaveText(`+${fmt(last.slowdownPercent, 1)} %`);
  expect(problems).toEqual([]);
});

test('everything on local DRAM: no slowdown', async ({ page }) => {
  // The bandwidth-contention preset's working set fits its DRAM, where first-touch puts it.
  const scenario = valid({ ...preset('bandwidth-contention').scenario, policy: { name: 'first-touch', params: {}, nodes: [] } });
  await openApp(page, `#s=${encodeScenario(scenario)}`);
  await stepTimes(page, 2);
  await expect(cell(page, 'slowdown')).toHaveText('0.0 %');
  await expect(cell(page, 'slowdown-run')).toHaveText('0.0 %');
});
