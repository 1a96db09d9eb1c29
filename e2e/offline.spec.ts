import { test, expect, openApp, epoch, metric } from './fixtures';

// Playwright gives every test a fresh browser context: no cache, no service worker yet.
test('works offline after ONE visit: the first load precaches the app, its worker and every preset', async ({ page, context, problems }) => {
  await openApp(page);
  // Wait until the service worker is active (its install precached everything) and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
  const url = page.url();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  expect(page.url()).toBe(url);
  // The simulation worker came from the cache too: the run steps.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => epoch(page)).toBe(1);
  // A preset never opened before also opens and runs offline.
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('two-socket');
  await expect(page.getByText('Two sockets: local, remote and CXL memory').first()).toBeVisible();
  await expect(metric(page, 'epoch')).toHaveText('0');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => epoch(page)).toBe(1);
  await context.setOffline(false);
  expect(problems).toEqual([]);
});

test('the service worker caches only what the build lists and same-origin successes of the expected type', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('cxl-playground-'))!);
    // A missing file (404) goes through the worker but is not kept.
    await fetch('presets/no-such-preset.json').catch(() => null);
    const keys = (await cache.keys()).map((r) => new URL(r.url).pathname);
    return { names, keys };
  });
  expect(cached.names).toHaveLength(1);
  expect(cached.keys).toContain('/');
  expect(cached.keys).toContain('/presets/two-socket.json');
  expect(cached.keys.some((k) => /^\/assets\/sim\.worker-.*\.js$/.test(k))).toBe(true);
  expect(cached.keys).not.toContain('/presets/no-such-preset.json');
});
