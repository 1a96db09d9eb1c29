// A 256-host fabric in the app (issue 20): the 64-host fixture grown by the generators, small
// working sets so the worker keeps up. Long tables show a page of rows with "Show more" /
// "Show all", the heatmap groups its rows by host, and the metrics panel shows the kernel's
// placement work beside the migration CPU, as the engine computes it.
import { Engine } from '../src/engine/engine';
import { encodeScenario } from '../src/scenario/codec';
import { fabric64, valid } from '../src/scenario/fixtures';
import { generate } from '../src/scenario/generators';
import { LIMITS } from '../src/scenario/limits';
import { fmt } from '../app/format';
import { test, expect, openApp, stepTimes } from './fixtures';

function fabric256() {
  const base = fabric64({ policy: 'linux-tiering' });
  return valid(generate({ ...base, samplesPerHost: 256, workloads: base.workloads.map((w) => ({ ...w, workingSetMB: 2 })) }, { hosts: LIMITS.hosts, cxlDevices: 128 }));
}

test('256 hosts: paged tables, host bands on the heatmap, placement CPU as the engine computes it', async ({ page, problems }) => {
  test.setTimeout(240_000);
  const scenario = fabric256();
  const e = new Engine(scenario);
  const rows = [e.step(), e.step()];
  await openApp(page, `#s=${encodeScenario(scenario)}`);
  await stepTimes(page, 2);
  const panel = page.getByRole('region', { name: 'Live metrics' });
  await expect(panel.locator('[data-metric="placement-cpu"]')).toHaveText(`${fmt(rows[1].placementCpuPercent, 4)} %`);

  // The device table: 32 of 384 rows, then all of them.
  const devices = page.locator('table.devices').first();
  await expect(devices.locator('tbody tr')).toHaveCount(32);
  const more = page.getByTestId('show-more').filter({ hasText: 'devices' }).first();
  await expect(more).toContainText('Showing 32 of 384 devices');
  await more.getByRole('button', { name: 'Show 32 more' }).click();
  await expect(devices.locator('tbody tr')).toHaveCount(64);
  await more.getByRole('button', { name: 'Show all' }).click();
  await expect(devices.locator('tbody tr')).toHaveCount(384);
  await expect(page.getByTestId('show-more').filter({ hasText: 'devices' })).toHaveCount(0);

  // The metrics panel's hosts, a page at a time, each with its placement CPU.
  await panel.getByText(/^Per host, epoch 1/).click();
  await expect(panel.locator('tr[data-host]')).toHaveCount(32);
  await expect(panel.getByTestId('show-more')).toContainText('Showing 32 of 256 hosts');
  await expect(panel.locator('[data-host="h0"] [data-metric="host-placement-cpu"]')).toHaveText(/^\d+\.\d{4} %$/);

  // The heatmap: address-ordered rows grouped into 16 bands of 16 hosts.
  const bands = page.locator('.heatmap [data-host-band]');
  await expect(bands).toHaveCount(16);
  await expect(bands.first()).toHaveText('h0–h15');
  await expect(bands.last()).toHaveText('h240–h255');
  await expect(page.getByRole('img', { name: /grouped by host/ }).first()).toBeVisible();
  expect(problems).toEqual([]);
});
