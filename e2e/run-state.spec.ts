// The run state on screen is the worker's: Play / Pause never lies, a load says "Loading…"
// and blocks what cannot act, and Pause or an edit interrupts an epoch that takes too long.
import { test, expect, openApp, epoch, linkState, metric, settled, slowWorker } from './fixtures';

test('while a scenario loads the controls say Loading… and wait; afterwards one click plays and one pauses', async ({ page, problems }) => {
  await slowWorker(page, { loadDelayMs: 1500 });
  await openApp(page);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  const loading = page.getByRole('button', { name: 'Loading…', exact: true });

  // Paused, pick a preset: the load takes a while and the controls say so.
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('two-socket');
  await expect(loading).toBeVisible();
  await expect(loading).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Restart', exact: true })).toBeDisabled();
  await loading.click({ force: true }); // a click on the disabled button does nothing
  await expect(play).toBeEnabled();
  await expect(metric(page, 'epoch')).toHaveText('0');
  expect(await settled(() => epoch(page), 3)).toBe(0); // nothing plays behind a "Play" label

  await play.click();
  await expect(pause).toBeVisible();
  await expect.poll(() => epoch(page)).toBeGreaterThan(1);
  await pause.click(); // one click
  await expect(play).toBeVisible();
  const stopped = await settled(() => epoch(page));
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(metric(page, 'epoch')).toHaveText(String(stopped + 1));

  // Playing, pick another policy: Loading…, then the new run keeps playing and says so.
  await play.click();
  await expect(pause).toBeVisible();
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('tpp');
  await expect(loading).toBeVisible();
  await expect(pause).toBeVisible();
  await expect.poll(async () => (await linkState(page)).scenario?.policy.name).toBe('tpp');
  await expect.poll(() => epoch(page)).toBeGreaterThan(1);
  await pause.click();
  await expect(play).toBeVisible();
  const stopped2 = await settled(() => epoch(page));
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(metric(page, 'epoch')).toHaveText(String(stopped2 + 1));
  expect(problems).toEqual([]);
});

test('Pause interrupts an epoch that takes too long: the simulator restarts, paused at epoch 0, and says why', async ({ page, problems }) => {
  await slowWorker(page, { stepDelayMs: 120_000 }); // every epoch takes two minutes
  await openApp(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await expect(pause).toBeVisible();
  await pause.click();
  const notice = page.getByRole('status').filter({ hasText: 'did not answer Pause' });
  await expect(notice).toContainText('restarted');
  await expect(notice).toContainText('epoch 0, paused');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(metric(page, 'epoch')).toHaveText('0');
  expect(problems).toEqual([]);
});

test('an edit interrupts an epoch that takes too long: the new scenario loads at once', async ({ page }) => {
  await slowWorker(page, { stepDelayMs: 120_000 });
  await openApp(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  const seed = page.getByRole('textbox', { name: 'Seed' });
  await seed.fill('42');
  await seed.press('Enter');
  // Whichever notices first, the edit (waiting for an answer) or the watchdog (1.5 s of silence
  // during play), the worker is replaced and the edit is applied, never replaced by a recovery.
  await expect(page.getByRole('status').filter({ hasText: /did not answer the new scenario|stopped answering while the run played/ })).toContainText(/restarted/);
  await expect.poll(async () => (await linkState(page)).scenario?.seed).toBe(42);
  await expect(page.getByRole('alert').filter({ hasText: 'Not applied' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(metric(page, 'epoch')).toHaveText('0');
});
