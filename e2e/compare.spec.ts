import { test, expect, openApp, metric, hashOf, linkState, preset, settled, stepTimes } from './fixtures';

const epochsOf = async (page: import('@playwright/test').Page) => {
  const card = page.getByTestId('compare-epochs');
  return [Number(await card.locator('[data-run="a"]').textContent()), Number(await card.locator('[data-run="b"]').textContent())];
};

test('A/B: a second run with policy B in lock-step, who wins at equal epochs, kept in the link', async ({ page, problems }) => {
  await openApp(page, preset('tpp-1to4').hash);
  await stepTimes(page, 2);
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('first-touch');
  // Both runs start together at epoch 0.
  await expect(metric(page, 'epoch')).toHaveText('0');
  await expect.poll(async () => (await linkState(page)).compare).toBe('first-touch');
  expect(await hashOf(page)).toMatch(/^#s=v2\.[A-Za-z0-9_-]+&b=first-touch$/);
  const card = page.getByRole('region', { name: 'A/B: who wins' });
  await stepTimes(page, 4);
  await expect.poll(() => epochsOf(page)).toEqual([4, 4]);
  await expect(card.getByRole('table')).toContainText('A: tpp');
  await expect(card.getByRole('table')).toContainText('B: first-touch');
  await expect(card.getByTestId('verdicts').locator('li')).toHaveCount(3);
  await expect(card.getByTestId('verdicts')).toContainText(/(lower AMAT than|AMAT: a tie)/);
  await expect(page.getByRole('region', { name: 'Chart', exact: true }).locator('.chart-key')).toContainText('B: first-touch');

  // Play drives both, in lock-step even at full speed (tpp costs more per epoch than
  // first-touch, so free-running workers would drift apart); Pause stops both at the same epoch.
  await page.getByRole('combobox', { name: /^Speed/ }).selectOption('max');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // The figures shown are each run's last report, and a report can lag on a busy machine, so
  // a single reading may differ by more than the lock-step window; the typical one may not.
  const gaps: number[] = [];
  for (let i = 0; i < 12; i++) {
    await page.waitForTimeout(250);
    const [ea, eb] = await epochsOf(page);
    gaps.push(Math.abs(ea - eb));
  }
  gaps.sort((x, y) => x - y);
  expect(gaps[6]).toBeLessThanOrEqual(4);
  await expect.poll(async () => (await epochsOf(page))[0]).toBeGreaterThan(7);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // The card shows each run's last committed report, which can trail the workers on a busy
  // machine: wait for both to show the same epoch, then check that it stays so.
  await expect.poll(async () => { const [a, b] = await epochsOf(page); return a === b; }).toBe(true);
  const stopped = await settled(async () => (await epochsOf(page)).join(','));
  const [a, b] = stopped.split(',').map(Number);
  expect(a).toBe(b);

  // The link brings the comparison back.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(page.getByRole('combobox', { name: 'Compare with' })).toHaveValue('first-touch');
  await expect(page.getByRole('region', { name: 'A/B: who wins' })).toBeVisible();

  // Off again: the link loses "&b=".
  await page.getByRole('region', { name: 'A/B: who wins' }).getByRole('button', { name: 'Stop comparing' }).click();
  await expect(page.getByRole('region', { name: 'A/B: who wins' })).toHaveCount(0);
  await expect.poll(() => hashOf(page)).not.toContain('&b=');
  expect(problems).toEqual([]);
});

test('an unknown policy B in the link is ignored with a visible notice; the page works', async ({ page, problems }) => {
  await page.goto(`./${preset('single-host-cxl').hash}&b=no-such-policy`);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  const notice = page.getByRole('status').filter({ hasText: 'no-such-policy' });
  await expect(notice).toContainText('comparison is off');
  await expect(page.getByRole('combobox', { name: 'Compare with' })).toHaveValue('');
  await expect.poll(() => hashOf(page)).not.toContain('&b=');
  await stepTimes(page, 2);
  await notice.getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(notice).toHaveCount(0);
  expect(problems).toEqual([]);
});
