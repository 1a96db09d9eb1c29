// Shared regions and pods in the app: coherency traffic rides on the topology's links, the
// latency coherency adds is in the metrics panel with its scope and unit, and a pod preset
// shows its hardware and cost per host.
import type { Page } from '@playwright/test';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

const panel = (page: Page) => page.getByRole('region', { name: 'Live metrics' });
const value = async (page: Page, key: string) => parseFloat((await panel(page).locator(`[data-metric="${key}"]`).textContent())!.replace(/[$,]/g, ''));

test('a shared region: coherency traffic on the sharers\' links, more on the write-heavy region\'s, and its added latency per access in the metrics', async ({ page, problems }) => {
  // At 1920 x 1080 every sharer's link has room for its label (a smaller window labels the busiest first).
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, preset('shared-region').hash);
  const table = panel(page).getByTestId('coherency');
  await expect(table).toContainText('counters (6 sharers');
  await expect(table).toContainText('catalog (2 sharers');
  await stepTimes(page, 3);
  // Scope and unit: this epoch's and the run's, in ns and GB/s.
  await expect(table.locator('[data-metric="coherency-latency"]')).toHaveText(/^\d[\d,.]* ns$/);
  await expect(table.locator('[data-metric="coherency-latency-run"]')).toHaveText(/^\d[\d,.]* ns$/);
  await expect(table.locator('[data-metric="coherency-traffic"]')).toHaveText(/^\d[\d,.]* GB\/s$/);
  expect(await value(page, 'coherency-latency')).toBeGreaterThan(0);
  expect(await value(page, 'coherency-traffic-run')).toBeGreaterThan(0);
  await expect(table.getByRole('columnheader', { name: 'Added latency per access' })).toBeVisible();
  // The topology: each sharer's link says how much coherency traffic it carries; a counters host's carries more.
  const label = (host: string) => page.locator(`.link-label[data-link="${host}|sw0"]`);
  await expect(label('h2')).toHaveText(/· coh [\d.]+ GB\/s$/);
  await expect(label('h0')).toHaveText(/· coh [\d.]+ GB\/s$/);
  const coh = async (host: string) => parseFloat((await label(host).textContent())!.match(/coh ([\d.]+) GB\/s/)![1]);
  expect(await coh('h2')).toBeGreaterThan(await coh('h0'));
  const width = (host: string) => page.locator(`.coh-link[data-link="${host}|sw0"]`).evaluate((el) => parseFloat(getComputedStyle(el).strokeWidth));
  expect(await width('h2')).toBeGreaterThan(await width('h0'));
  expect(problems).toEqual([]);
});

test('a scenario without a shared region or a pod shows neither', async ({ page }) => {
  await openApp(page, preset('switched-pool').hash);
  await stepTimes(page, 2);
  await expect(panel(page).getByTestId('coherency')).toHaveCount(0);
  await expect(panel(page).getByTestId('pod-cost')).toHaveCount(0);
  await expect(page.locator('.coh-link')).toHaveCount(0);
  const labels = await page.locator('.link-label').allTextContents();
  expect(labels.some((t) => t.includes('coh'))).toBe(false);
});

test('the pod presets show their hardware and cost per host: the Octopus pod costs less than the switched one', async ({ page, problems }) => {
  await openApp(page, preset('octopus-pod').hash);
  const pod = panel(page).getByTestId('pod-cost');
  await expect(pod).toContainText('Octopus, sparse');
  await expect(pod).toContainText('13 hosts, 13 multi-headed devices, 0 single-headed expanders, 0 switches, 52 CXL cables');
  await expect(pod).toContainText('(assumed prices)');
  const octopus = await value(page, 'pod-cost-per-host');
  // Pooling efficiency beside the cost: a host reaches 4 of the 13 MHDs, yet pools with all 12 others.
  await expect(pod).toContainText('each host reaches 31 % of the pool and pools with 12.0 other hosts (100 % of host pairs share a device)');
  await openApp(page, preset('switch-pod').hash);
  await expect(pod).toContainText('13 single-headed expanders, 4 switches, 65 CXL cables');
  await expect(pod).toContainText('each host reaches 100 % of the pool');
  const switched = await value(page, 'pod-cost-per-host');
  expect(octopus).toBeGreaterThan(0);
  expect(switched).toBeGreaterThan(1.5 * octopus);
  expect(problems).toEqual([]);
});

test('an interleave set is drawn as one node around its member devices, and listed in the topology as text', async ({ page, problems }) => {
  await openApp(page, preset('interleave-set').hash);
  const set = page.locator('.topology svg').first().locator('[data-set="set4"]');
  await expect(set).toHaveCount(1);
  await expect(set).toContainText('set4: 4-way interleave, 256 B');
  // The outline holds every member's box.
  const outline = (await set.locator('rect').boundingBox())!;
  for (const d of ['cxl0', 'cxl1', 'cxl2', 'cxl3']) {
    const b = (await page.locator(`.topology [data-node="${d}"]`).boundingBox())!;
    expect(b.x, d).toBeGreaterThanOrEqual(outline.x);
    expect(b.x + b.width, d).toBeLessThanOrEqual(outline.x + outline.width);
    expect(b.y, d).toBeGreaterThanOrEqual(outline.y);
    expect(b.y + b.height, d).toBeLessThanOrEqual(outline.y + outline.height);
  }
  await page.getByText('Topology as text').click();
  const row = page.locator('.topology-text tr[data-set="set4"]');
  await expect(row).toContainText('4-way interleave, 256 B');
  await expect(row).toContainText('Expander 0, Expander 1, Expander 2, Expander 3');
  expect(problems).toEqual([]);
});
