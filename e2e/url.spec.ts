import { encodeScenario } from '../src/scenario/codec';
import type { Scenario } from '../src/scenario/schema';
import { test, expect, openApp, metric, hashOf, nodePosition, pickPreset, preset, stepTimes } from './fixtures';

test('dragging a node moves it, updates the link, and survives a reload', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  const before = await hashOf(page);
  const start = await nodePosition(page, 'cxl1');
  // The lesson card sits above the views: bring the node on screen as a user would. Drag
  // towards the picture's middle: a node stops at the picture's edge (it grows after the drop).
  await page.locator('[data-node="cxl1"]').scrollIntoViewIfNeeded();
  const box = (await page.locator('[data-node="cxl1"]').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2 - 40, { steps: 8 });
  await page.mouse.up();
  const moved = await nodePosition(page, 'cxl1');
  expect(moved.x).toBeLessThan(start.x - 20);
  expect(moved.y).toBeLessThan(start.y - 10);
  await expect.poll(() => hashOf(page)).not.toBe(before);
  // Links stay attached: one end of the host - cxl1 link sits at the node's new centre.
  const link = page.locator('.link').nth(1);
  expect(Number(await link.getAttribute('x2'))).toBeCloseTo(moved.x, 0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  expect(await nodePosition(page, 'cxl1')).toEqual(moved);
});

test('arrow keys move a focused node (Shift for bigger steps)', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  const node = page.getByRole('button', { name: /^Host 0, host$/ });
  const start = await nodePosition(page, 'h0');
  const before = await hashOf(page);
  await node.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(() => nodePosition(page, 'h0')).toEqual({ x: start.x + 16, y: start.y + 40 });
  await expect(node).toBeFocused();
  await expect.poll(() => hashOf(page)).not.toBe(before);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  expect(await nodePosition(page, 'h0')).toEqual({ x: start.x + 16, y: start.y + 40 });
});

for (const hash of ['#s=garbage', '#s=v1.AAAA', '#foo']) {
  test(`a broken link (${hash}) shows an error and a way back`, async ({ page, problems }) => {
    await page.goto(`./${hash}`);
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('cannot be opened');
    await expect(alert).toContainText('link:');
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveCount(0);
    await alert.getByRole('button', { name: 'Open the default scenario' }).click();
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await hashOf(page)).toMatch(/^#preset=[a-z0-9-]+$/); // the default preset as it ships: its short link
    expect(problems).toEqual([]);
  });
}

test('a link whose scenario breaks the rules says what and where', async ({ page }) => {
  // Well-formed payload, invalid scenario: no hosts.
  const payload = encodeScenario({ version: 1, hosts: [], devices: [], workloads: [], policy: { name: 'first-touch' } } as unknown as Scenario);
  await page.goto(`./#s=${payload}`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('cannot be opened');
  await expect(alert).toContainText('hosts');
});

test('a shared link reproduces the same run', async ({ page, context }) => {
  await openApp(page);
  await stepTimes(page, 4);
  const read = async (p: typeof page) => Promise.all(['amat', 'throughput', 'fast', 'migrations'].map((k) => metric(p, k as 'amat').textContent()));
  const first = await read(page);
  const link = page.url();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await stepTimes(page, 4);
  expect(await read(page)).toEqual(first);
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await stepTimes(other, 4);
  expect(await read(other)).toEqual(first);
});

test('Back from the error screen opens the valid run again; Forward shows the error again', async ({ page, problems }) => {
  const two = preset('two-socket');
  await openApp(page);
  await pickPreset(page, 'two-socket'); // the app writes this run's link itself
  await stepTimes(page, 2);
  const valid = await hashOf(page);
  expect(valid).toBe(two.short);
  await page.evaluate(() => { location.hash = '#s=garbage'; });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('cannot be opened');
  await page.goBack();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.scenario-name')).toHaveText(two.scenario.name);
  expect(await hashOf(page)).toBe(valid);
  await stepTimes(page, 1);
  await page.goForward();
  await expect(alert).toContainText('cannot be opened');
  await page.goBack();
  await expect(page.locator('.scenario-name')).toHaveText(two.scenario.name);
  await expect(metric(page, 'epoch')).toHaveText('0');
  expect(problems).toEqual([]);
});

test('a link typed over a pending edit wins: the debounced write of the old run does not overwrite it', async ({ page }) => {
  await openApp(page);
  const node = page.getByRole('button', { name: /^Host 0, host$/ });
  await node.focus();
  await page.keyboard.press('ArrowRight'); // a layout edit: its link is written a little later
  const two = preset('two-socket');
  await page.evaluate((h) => { location.hash = h; }, two.hash);
  await expect(page.locator('.scenario-name')).toHaveText(two.scenario.name);
  await page.waitForTimeout(600); // longer than the writer's debounce
  // The link typed, or the same scenario in its short form: never the old run's.
  expect([two.hash, two.short]).toContain(await hashOf(page));
});
