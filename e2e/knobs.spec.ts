import { test, expect, openApp, metric, hashOf, linkState, stepTimes, preset } from './fixtures';

test('policy parameters: labelled inputs, validated, applied to the run and the link, reset to default', async ({ page, problems }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('tpp');
  const knobs = page.getByRole('region', { name: 'Policy knobs: tpp' });
  const headroom = knobs.getByRole('spinbutton', { name: /Demotion watermark \(headroom\)/ });
  await expect(headroom).toHaveValue('2');
  await expect(headroom).toHaveAccessibleDescription(/demote_scale_factor.*0–50/);
  await stepTimes(page, 2);

  await headroom.fill('5');
  await headroom.press('Enter');
  await expect(metric(page, 'epoch')).toHaveText('0');
  await expect.poll(async () => (await linkState(page)).scenario?.policy.params).toEqual({ headroom_pct: 5 });

  // Out of range: an inline error naming the field; nothing changes.
  const hash = await hashOf(page);
  await headroom.fill('500');
  await headroom.press('Enter');
  await expect(knobs.getByRole('alert')).toContainText('policy.params.headroom_pct');
  expect(await hashOf(page)).toBe(hash);

  await knobs.getByRole('button', { name: /Reset Demotion watermark \(headroom\) to its default/ }).click();
  await expect.poll(async () => (await linkState(page)).scenario?.policy.params).toEqual({});
  await expect(knobs.getByRole('spinbutton', { name: /Demotion watermark/ })).toHaveValue('2');
  expect(problems).toEqual([]);
});

test('node mask and weights for interleave policies', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('weighted-interleave');
  const knobs = page.getByRole('region', { name: 'Policy knobs: weighted-interleave' });
  const mask = knobs.getByRole('group', { name: /Node mask/ });
  await expect(mask.getByRole('checkbox')).toHaveCount(3);
  await mask.getByRole('checkbox', { name: 'node 2: CXL CZ120-class' }).uncheck();
  await expect.poll(async () => (await linkState(page)).scenario?.policy.nodes).toEqual(['h0.dram', 'cxl0']);
  // Weights of the masked nodes only.
  await expect(knobs.getByRole('spinbutton', { name: /^Weight of/ })).toHaveCount(2);
  const w = knobs.getByRole('spinbutton', { name: 'Weight of CXL x8 expander' });
  await w.fill('3');
  await w.press('Enter');
  await expect.poll(async () => (await linkState(page)).scenario?.policy.weights).toEqual({ cxl0: 3 });
  // The last node cannot be removed.
  await mask.getByRole('checkbox', { name: 'node 1: CXL x8 expander' }).uncheck();
  await expect.poll(async () => (await linkState(page)).scenario?.policy.nodes).toEqual(['h0.dram']);
  await mask.getByRole('checkbox', { name: 'node 0: Host 0 DRAM' }).click();
  await expect(knobs.getByRole('alert')).toContainText('at least one node');
  await expect(mask.getByRole('checkbox', { name: 'node 0: Host 0 DRAM' })).toBeChecked();
});

test('a learned policy shows its model accuracy, precision and recall', async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('learned');
  await expect(page.getByRole('region', { name: 'Policy knobs: learned' })).toBeVisible();
  await stepTimes(page, 3);
  const stats = page.getByTestId('policy-stats');
  await expect(stats.locator('[data-scope="epoch"]')).toContainText(/Accuracy \d+\.\d%/);
  await expect(stats.locator('[data-scope="epoch"]')).toContainText(/Precision \d+\.\d%/);
  await expect(stats.locator('[data-scope="run"]')).toContainText(/Recall \d+\.\d%/);
});
