// The fabric editor (issue 19 §1): a two-host fabric with a shared CXL expander built from an
// empty canvas with the keyboard only; the link (#s=) follows every edit and round-trips; the
// run plays; an edit beyond a bound is refused inline with the rule and the run keeps going;
// undo and redo.
import type { Locator, Page } from '@playwright/test';
import { epoch, expect, linkState, openApp, test } from './fixtures';

/** Tab (forwards, then backwards) until `target` has the focus: how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  // Forwards up to `max` stops; else back past where it started, up to `max` stops the other way.
  for (const [key, n] of [['Tab', max], ['Shift+Tab', 2 * max]] as const) {
    for (let i = 0; i < n; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press(key);
    }
  }
  await expect(target).toBeFocused();
}

const links = async (page: Page) => (await linkState(page)).scenario?.links.map((l) => `${l.a}-${l.b}`).sort() ?? [];

test('build a two-host fabric with a shared CXL expander from an empty canvas using only the keyboard', async ({ page, problems }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const toggle = page.getByRole('button', { name: 'Edit fabric' });
  await tabTo(page, toggle, 80);
  await page.keyboard.press('Enter');
  const editor = page.getByRole('region', { name: 'Fabric editor' });
  await expect(editor).toBeVisible();
  const press = async (name: string) => {
    await tabTo(page, editor.getByRole('button', { name, exact: true }));
    await page.keyboard.press('Enter');
  };

  // An empty canvas: the smallest fabric the format allows, and the editor says why.
  await press('New fabric');
  await expect(editor.getByRole('status')).toContainText('a scenario needs at least one of each');
  await expect(page.locator('[data-node]')).toHaveCount(2);
  await expect(page.locator('[data-node="h0"]')).toBeVisible();
  await expect(page.locator('[data-node="h0.dram"]')).toBeVisible();

  await press('+ Host');
  await expect(page.locator('[data-node="h1"]')).toBeFocused();
  await press('+ CXL expander');
  const cxl = page.locator('[data-node="cxl0"]');
  await expect(cxl).toBeFocused();

  // The expander's menu (Shift+F10), "Link to…", then the other end with Enter; twice.
  for (const host of ['h0', 'h1']) {
    await tabTo(page, cxl);
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Link to…' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(menu).toHaveCount(0);
    await expect(cxl).toBeFocused(); // focus back where the menu was opened
    await expect(editor.getByRole('status')).toContainText('pick the other end');
    await tabTo(page, page.locator(`[data-node="${host}"]`));
    await page.keyboard.press('Enter');
    await expect(editor.getByRole('status')).toContainText('Linked');
  }
  await expect.poll(() => links(page)).toEqual(['h0-cxl0', 'h1-cxl0']);

  // Escape closes a menu and gives the focus back.
  await page.keyboard.press('Shift+F10');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(page.locator('[data-node="h1"]')).toBeFocused();

  // Undo and redo (Ctrl+Z, Ctrl+Shift+Z): the link follows.
  await page.keyboard.press('Control+z');
  await expect.poll(() => links(page)).toEqual(['h0-cxl0']);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => links(page)).toEqual(['h0-cxl0', 'h1-cxl0']);

  // The link round-trips: reloaded, the same fabric.
  const before = (await linkState(page)).scenario!;
  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled({ timeout: 60_000 });
  const after = (await linkState(page)).scenario!;
  expect(after.hosts.map((h) => h.id)).toEqual(['h0', 'h1']);
  expect(after.devices.map((d) => d.id)).toEqual(before.devices.map((d) => d.id));
  expect(after.links).toEqual(before.links);
  await expect(page.locator('[data-node="cxl0"]')).toBeVisible();

  // The run plays.
  await tabTo(page, page.getByRole('button', { name: 'Play', exact: true }), 80);
  await page.keyboard.press('Enter');
  await expect.poll(() => epoch(page), { timeout: 60_000 }).toBeGreaterThan(2);

  // An edit beyond its bound: refused inline with the rule; the run and the scenario stay.
  await tabTo(page, page.getByRole('button', { name: 'Edit fabric' }), 80);
  await page.keyboard.press('Enter');
  await tabTo(page, page.locator('[data-node="cxl0"]'), 80);
  await page.keyboard.press('Enter'); // select: its properties
  const form = page.getByRole('form', { name: /Properties of CXL expander 0/ });
  const capacity = form.getByLabel(/^Capacity/);
  await tabTo(page, capacity);
  await page.keyboard.press('Control+a');
  await page.keyboard.type('99999999999');
  await page.keyboard.press('Enter');
  await expect(form.getByRole('alert')).toContainText('capacityMB: must be at most 16777216');
  await expect(capacity).toHaveAttribute('aria-invalid', 'true');
  const e0 = await epoch(page);
  await expect.poll(() => epoch(page), { timeout: 30_000 }).toBeGreaterThan(e0);
  expect((await linkState(page)).scenario!.devices.find((d) => d.id === 'cxl0')!.capacityMB).toBe(before.devices.find((d) => d.id === 'cxl0')!.capacityMB);

  // A valid one applies, and the link follows it.
  await page.keyboard.press('Control+a');
  await page.keyboard.type('256');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await linkState(page)).scenario!.devices.find((d) => d.id === 'cxl0')!.capacityMB).toBe(256);
  await expect(form.getByRole('alert')).toHaveCount(0);

  expect(problems).toEqual([]);
});

test('pointer: a right-click menu on a node, a link picked and removed, a pod generated from its design', async ({ page, problems }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Edit fabric' }).click();
  const editor = page.getByRole('region', { name: 'Fabric editor' });
  await editor.getByRole('button', { name: 'New fabric', exact: true }).click();
  await editor.getByRole('button', { name: '+ CXL expander', exact: true }).click();
  await page.locator('[data-node="cxl0"]').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Link to…' }).click();
  await page.locator('[data-node="h0"]').click();
  await expect.poll(() => links(page)).toEqual(['h0-cxl0']);
  // The link's menu, from the link itself.
  await page.locator('[data-link-hit]').first().click({ button: 'right', force: true });
  await page.getByRole('menuitem', { name: /^Remove the link/ }).click();
  await expect.poll(() => links(page)).toEqual([]);

  await editor.getByRole('button', { name: 'Generate a pod…' }).click();
  const pod = page.getByRole('form', { name: 'Generate a pod from its design' });
  await pod.getByLabel(/^Design/).selectOption('octopus');
  await pod.getByRole('button', { name: 'Generate' }).click();
  await expect.poll(async () => (await linkState(page)).scenario?.hosts.length).toBe(13);
  expect((await linkState(page)).scenario?.pod?.design).toBe('octopus');
  // Undo brings the hand-built fabric back.
  await editor.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(async () => (await linkState(page)).scenario?.hosts.length).toBe(1);
  expect(problems).toEqual([]);
});
