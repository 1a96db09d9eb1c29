// Numbers that look right: a VM at local speed has no slowdown (not "-3.3 x 10^-14"), a pooled
// device has one size in one unit wherever it is given, and a pod of more hosts than colours
// can tell apart draws its extents in two shades of one colour.
import { test, expect, openApp, epoch, settled, stepTimes } from './fixtures';

test('pond-pool: VM slowdowns without float dust, the pool device in GiB everywhere, extents in two shades', async ({ page, problems }) => {
  test.setTimeout(120_000);
  await openApp(page, '#preset=pond-pool&speed=50');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => epoch(page), { timeout: 60_000 }).toBeGreaterThan(80);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await settled(() => epoch(page));
  const slow = await page.getByTestId('pool-vms').locator('td[data-field="slowdownPercent"]').allTextContents();
  expect(slow.length).toBeGreaterThan(10);
  for (const s of slow) expect(s).not.toMatch(/10\^|×|e-/);
  expect(slow).toContain('0.00');
  await expect(page.locator('[data-metric="pool-vm-slowdown"]')).not.toContainText('10^');

  // The pooled device: 1,280 GiB of the modelled machine in the selection line, as in its description and the Pool panel.
  await page.locator('[data-node="pool0"]').focus();
  await page.keyboard.press('Enter');
  const line = page.locator('.selection');
  await expect(line).toContainText('· 1,280 GiB ·');
  await expect(line).not.toContainText(' MB');

  // 16 hosts: no 16 hues in a 6 px strip, no host keys that cannot be matched to them.
  const extents = page.locator('.topo-card [data-pool-device="pool0"] .pool-extent');
  expect(await extents.count()).toBeGreaterThan(3);
  const fills = new Set(await extents.evaluateAll((els) => els.map((e) => `${getComputedStyle(e).fill}|${getComputedStyle(e).fillOpacity}`)));
  expect(fills.size).toBeLessThanOrEqual(2);
  await expect(page.locator('.topo-card .pool-host-key')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('dcd-pool (4 hosts): each host keeps a colour of its own and its key', async ({ page, problems }) => {
  await openApp(page, '#preset=dcd-pool');
  await stepTimes(page, 20);
  await expect(page.locator('.topo-card .pool-host-key')).toHaveCount(4);
  const extents = page.locator('.topo-card .pool-extent');
  const n = await extents.count();
  const hosts = new Set(await extents.evaluateAll((els) => els.map((e) => e.getAttribute('data-host'))));
  const fills = new Set(await extents.evaluateAll((els) => els.map((e) => getComputedStyle(e).fill)));
  if (n > 0) expect(fills.size).toBe(hosts.size);
  expect(problems).toEqual([]);
});
