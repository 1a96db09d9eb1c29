import { test, expect, openApp, epoch } from './fixtures';

test('works offline once loaded: a reload with no network opens the same run', async ({ page, context, problems }) => {
  await openApp(page);
  // Wait until the service worker controls the page (it claims clients on activation).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
  // A reload while online lets the worker see every request the app makes.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  const url = page.url();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  expect(page.url()).toBe(url);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => epoch(page)).toBe(1);
  // Another preset, never opened before, also loads offline (cached at install).
  await page.getByLabel('Preset').selectOption('two-socket');
  await expect(page.getByText('Two sockets: local, remote and CXL memory').first()).toBeVisible();
  await context.setOffline(false);
  expect(problems).toEqual([]);
});
