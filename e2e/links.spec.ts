// Sharing with a room and walking back: a preset as it ships has a short link a person can read
// out ("#preset=NAME", "#lesson=N", demo options after it) and a small QR code, shown full
// screen for a projector; each scenario change is a history entry that Back undoes; a link
// remembers the preset it came from and the Preset menu shows it.
import { encodeScenario } from '../src/scenario/codec';
import { test, expect, openApp, hashOf, linkState, metric, pickPreset, preset, stepTimes } from './fixtures';

const menu = (page: import('@playwright/test').Page) => page.getByRole('combobox', { name: 'Preset' });

test('the default lesson shares a short link and a small QR code, full screen on request (Esc leaves it)', async ({ page, problems }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  await page.getByRole('button', { name: 'Share…' }).click();
  const sheet = page.getByRole('dialog', { name: 'Share this run' });
  const link = await sheet.getByRole('textbox', { name: /^Link/ }).inputValue();
  expect(link).toMatch(/#preset=[a-z0-9-]+&play=1$/);
  expect(link.length).toBeLessThan(100);
  const version = Number(await sheet.locator('[data-qr-version]').getAttribute('data-qr-version'));
  expect(version).toBeLessThanOrEqual(10);
  console.log(`default lesson: link ${link.length} characters, QR version ${version}`);

  await sheet.getByRole('button', { name: 'Show QR full screen' }).click();
  const full = page.getByRole('dialog', { name: /^QR code of the link to / });
  await expect(full).toBeVisible();
  const code = (await full.getByRole('img').boundingBox())!;
  // Most of the screen's shorter side, and the link under it in readable type.
  expect(code.height).toBeGreaterThan(0.7 * 768);
  await expect(full).toContainText(link);
  expect(await full.locator('.qr-full-link').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  await page.screenshot({ path: '/work/notes/shots/17c/qr-full-screen.png' });
  await page.keyboard.press('Escape');
  await expect(full).toHaveCount(0);
  await expect(sheet).toBeVisible(); // Esc left the full-screen code only
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('#lesson=N and #preset=NAME open the preset with the demo options; anything else changed is the full link', async ({ page, problems }) => {
  await page.goto('./#lesson=3&play=1&speed=20');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.scenario-name')).toHaveText(preset('tpp-1to4').scenario.name);
  await expect(menu(page).locator('option:checked')).toHaveText('3. Hot pages move');
  await expect(page.getByRole('combobox', { name: 'Speed' })).toHaveValue('20');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();

  await openApp(page, '#preset=two-socket');
  await expect(page.locator('.scenario-name')).toHaveText(preset('two-socket').scenario.name);
  expect((await linkState(page)).scenario).toEqual(preset('two-socket').scenario);
  // A change to the scenario: the whole scenario is in the link, and where it came from.
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('tpp');
  await expect.poll(() => hashOf(page)).toMatch(/^#s=v2\.[A-Za-z0-9_-]+&preset=two-socket$/);
  expect((await linkState(page)).scenario?.policy.name).toBe('tpp');
  await expect(menu(page).locator('option:checked')).toHaveText('2. Memory tiers');

  // A short link that names nothing this app has is a broken link that says so.
  await page.goto('./#preset=no-such-preset');
  await expect(page.getByRole('alert')).toContainText('names preset "no-such-preset", which this app does not have');
  expect(problems).toEqual([]);
});

test('Back undoes each preset and policy change, without leaving the app; Back\'s own load adds no entry', async ({ page, problems }) => {
  await openApp(page);
  const first = await page.locator('.scenario-name').textContent();
  const start = await page.evaluate(() => history.length);
  await pickPreset(page, 'two-socket');
  await pickPreset(page, 'hot-set-shift');
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('tpp');
  await expect.poll(async () => (await linkState(page)).scenario?.policy.name).toBe('tpp');
  await pickPreset(page, 'switched-pool');
  expect(await page.evaluate(() => history.length)).toBe(start + 4);

  const back = async (name: string, policy?: string) => {
    await page.goBack();
    await expect(page.locator('.scenario-name')).toHaveText(name);
    if (policy) await expect(page.getByRole('combobox', { name: 'Policy' })).toHaveValue(policy);
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  };
  await back(preset('hot-set-shift').scenario.name, 'tpp');
  await expect(menu(page).locator('option:checked')).toHaveText('4. The hot set moves'); // an edit of the preset keeps its place
  await back(preset('hot-set-shift').scenario.name, preset('hot-set-shift').scenario.policy.name);
  await back(preset('two-socket').scenario.name);
  await back(first!);
  expect(await page.evaluate(() => history.length)).toBe(start + 4);
  // Forward redoes.
  await page.goForward();
  await expect(page.locator('.scenario-name')).toHaveText(preset('two-socket').scenario.name);
  expect(problems).toEqual([]);
});

test('an opened link shows the preset it came from in the Preset menu, not the scenario\'s name', async ({ page, problems }) => {
  const tpp = preset('tpp-1to4');
  // A full link of an edited preset that declares it.
  await openApp(page, `#s=${encodeScenario({ ...tpp.scenario, seed: 5 })}&preset=tpp-1to4`);
  await expect(menu(page).locator('option:checked')).toHaveText('3. Hot pages move');
  await expect(page.locator('.lesson-card')).toHaveAttribute('data-lesson', '3');
  // An older full link that says nothing about its preset: the preset whose scenario it is.
  // (A link opened over the page changes only the hash: the app loads it after goto returns, so
  // wait for its seed before stepping, or the step lands on the run it replaces.)
  await openApp(page, tpp.hash);
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue(String(tpp.scenario.seed));
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(menu(page).locator('option:checked')).toHaveText('3. Hot pages move');
  await stepTimes(page, 1);
  await expect(metric(page, 'epoch')).toHaveText('1');
  expect(problems).toEqual([]);
});
