import { test, expect, openApp, metric, stepTimes } from './fixtures';

test('when the worker dies the UI says so and restarts it from the current scenario', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 3);
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  const worker = page.workers()[0];
  // An uncaught error inside the worker, as a bug in the engine would cause.
  await worker.evaluate(() => { setTimeout(() => { throw new Error('simulated worker crash'); }); });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('simulator stopped');
  await expect(alert).toContainText('restarted');
  // Back at epoch 0 of the same scenario, and the new worker runs.
  await expect(metric(page, 'epoch')).toHaveText('0');
  await stepTimes(page, 2);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
