import { test, expect, openApp, metric, hashOf, linkState, stepTimes, preset } from './fixtures';

const tierRow = (page: import('@playwright/test').Page, n: number) =>
  page.getByRole('region', { name: 'Memory tiers' }).locator('tbody tr').filter({ hasText: `memory_tier${n}` });

test('the memory tiers panel lists tiers like sysfs; a bad abstract distance is refused, a new one regroups them', async ({ page, problems }) => {
  await openApp(page, preset('single-host-cxl').hash);
  const panel = page.getByRole('region', { name: 'Memory tiers' });
  await expect(panel).toContainText('/sys/devices/virtual/memory_tiering');
  // Defaults: DRAM 576 -> memory_tier4, CXL 2880 -> memory_tier22.
  await expect(tierRow(page, 4)).toContainText('512–639');
  await expect(tierRow(page, 4)).toContainText('node 0: Host 0 DRAM');
  await expect(tierRow(page, 22)).toContainText('1-2');
  await expect(tierRow(page, 22)).toContainText('node 1: CXL x8 expander');

  await stepTimes(page, 2);
  const before = await hashOf(page);

  // Invalid values are refused inline, naming the field; the run keeps its scenario.
  const other = panel.getByRole('spinbutton', { name: 'CXL CZ120-class' });
  for (const bad of ['0', '100001', '2.5']) {
    await other.fill(bad);
    await other.press('Enter');
    await expect(other).toHaveAttribute('aria-invalid', 'true');
    await expect(panel.getByRole('alert')).toContainText('devices[2].adistance');
  }
  expect(await hashOf(page)).toBe(before);
  await expect(metric(page, 'epoch')).toHaveText('2');
  await expect(tierRow(page, 22)).toContainText('1-2');

  const field = panel.getByRole('spinbutton', { name: 'CXL x8 expander' });
  await field.fill('576');
  await field.press('Enter');
  // The run restarts and the CXL device joins the DRAM's tier 0.
  await expect(metric(page, 'epoch')).toHaveText('0');
  await expect(tierRow(page, 4)).toContainText('0-1');
  await expect(tierRow(page, 4)).toContainText('node 1: CXL x8 expander');
  await expect(tierRow(page, 22)).not.toContainText('CXL x8 expander');
  await expect(page.getByRole('button', { name: /^CXL x8 expander, CXL memory device, 17\.8 GB\/s, tier 0$/ })).toBeVisible();
  await expect.poll(() => hashOf(page)).not.toBe(before);
  expect((await linkState(page)).scenario?.devices[1].adistance).toBe(576);

  // It survives a reload (the link holds it).
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(tierRow(page, 4)).toContainText('node 1: CXL x8 expander');

  // Reset goes back to the default distance.
  await page.getByRole('button', { name: /Reset the abstract distance of CXL x8 expander/ }).click();
  await expect(tierRow(page, 22)).toContainText('node 1: CXL x8 expander');
  expect((await linkState(page)).scenario?.devices[1].adistance).toBeUndefined();
  expect(problems).toEqual([]);
});
