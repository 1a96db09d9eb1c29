// The Timeline card: a user breaks a fabric and watches what happens. On the shared-faults
// lesson: a device failure injected by keyboard at the current time goes on the timeline and
// into the link (a reload keeps it), fires when the run steps past it, and its row says what it
// hit (the engine's outcome: the CLI report's events row) with its blast radius marked on the
// topology and named in the topology as text, and the Linux commands for it; an invalid time is
// refused in words; it is removed; and the run goes back to an earlier epoch by the range.
import { test, expect, linkState, metric, openApp, stepTimes } from './fixtures';

test('inject a device failure, see its blast radius and Linux commands, remove it, refuse a bad time, go back in time', async ({ page, problems }) => {
  test.setTimeout(180_000);
  await openApp(page, '#preset=shared-faults');
  const card = page.getByRole('region', { name: 'Timeline: events and faults' });
  const rows = card.locator('.event-list > li');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Poison a page');
  await expect(rows.nth(1)).toContainText('Device failure');
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'pending');

  await stepTimes(page, 30);
  // The poison at 2 s fired in epoch 20: its row says what it hit, as the engine reported it.
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'done');
  await expect(rows.nth(0)).toContainText('Blast radius: 6 hosts, 0 VMs');

  // The injector, by keyboard: the time is the current simulated time, 30 epochs x 100 ms.
  const form = card.getByRole('form', { name: 'Add an event' });
  await expect(form.getByRole('combobox', { name: 'Event', exact: true })).toHaveValue('device-fail');
  await expect(form.getByRole('spinbutton', { name: 'At (ms)' })).toHaveValue('3000');
  const device = form.getByRole('combobox', { name: 'device', exact: true });
  await device.focus();
  while ((await device.inputValue()) !== 'pool0') await page.keyboard.press('ArrowDown');
  await form.getByRole('button', { name: 'Add event' }).focus();
  await page.keyboard.press('Enter');
  await expect(form.getByRole('status')).toContainText('Added: Device failure pool0 at 3,000 ms');
  await expect(rows).toHaveCount(3);
  const added = card.locator('.event-list > li[data-event-index="2"]');
  await expect(added).toContainText('Device failure');
  await expect(added).toHaveAttribute('data-status', 'pending');
  // The link carries it; the run replayed to where it was, paused.
  await expect.poll(async () => (await linkState(page)).scenario?.events?.[2]).toEqual({ atMs: 3000, kind: 'device-fail', device: 'pool0' });
  await expect(metric(page, 'epoch')).toHaveText('30');
  expect(await page.evaluate(() => location.hash)).toMatch(/^#s=/);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled({ timeout: 60_000 });
  await expect(rows).toHaveCount(3);
  await expect(added).toContainText('Device failure');

  // Step past it: it fires in epoch 30 and takes every page on pool0.
  await stepTimes(page, 31);
  await expect(added).toHaveAttribute('data-status', 'done');
  await expect(added).toContainText(/Blast radius: 8 hosts, 0 VMs, [\d.]+ MiB lost/);
  const blast = card.getByTestId('blast-radius');
  await expect(blast).toContainText(/Blast radius of Device failure pool0 at 3 s: 8 hosts, 0 VMs/);
  for (const h of ['h0', 'h3', 'h7', 'pool0']) await expect(page.locator(`[data-node="${h}"]`)).toHaveAttribute('data-hit', 'hit');
  await expect(page.locator('[data-node="pool1"]')).not.toHaveAttribute('data-hit', 'hit');
  await expect(page.locator('[data-node="h0"]')).toHaveAttribute('aria-label', /hit by the event the Timeline card shows/);
  // Not by colour alone: the topology as text names the nodes hit.
  await page.getByText('Topology as text').click();
  await expect(page.locator('.topology-text table').first()).toContainText('hit by Device failure pool0 at 3 s');

  // The Linux commands an operator would have seen and run.
  await added.getByText('Linux: what an operator would run or see').click();
  await expect(added.locator('pre')).toContainText('cxl disable-memdev --force mem0');
  await expect(added.getByRole('button', { name: 'Copy the Linux commands of Device failure pool0 at 3,000 ms' })).toBeVisible();

  // A time before 0 is refused with the rule in words; nothing changes.
  const before = await page.evaluate(() => location.hash);
  await form.getByRole('spinbutton', { name: 'At (ms)' }).fill('-5');
  await form.getByRole('spinbutton', { name: 'At (ms)' }).press('Enter');
  await expect(form.getByRole('alert')).toHaveText('Not added: events[3].atMs: must be at least 0 (got -5)');
  await expect(rows).toHaveCount(3);
  expect(await page.evaluate(() => location.hash)).toBe(before);

  // Edited: earlier, at 2.5 s; the run replays to where it was and it fired in epoch 25.
  await card.getByRole('button', { name: 'Edit Device failure pool0 at 3,000 ms' }).click();
  const edit = card.getByRole('form', { name: 'Edit event Device failure' });
  await edit.getByRole('spinbutton', { name: 'At (ms)' }).fill('2500');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(async () => (await linkState(page)).scenario?.events?.[2]).toEqual({ atMs: 2500, kind: 'device-fail', device: 'pool0' });
  await expect(metric(page, 'epoch')).toHaveText('31');
  await expect(added).toHaveAttribute('data-status', 'done');
  await expect(added.locator('.er-status')).toHaveText('done · epoch 25');

  // Removed by keyboard: the list and the link lose it.
  await card.getByRole('button', { name: 'Remove Device failure pool0 at 2,500 ms' }).focus();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect.poll(async () => (await linkState(page)).scenario?.events?.length).toBe(2);
  await expect(metric(page, 'epoch')).toHaveText('31');

  // Back to epoch 15 with the range, by keyboard: the run replays there, paused; the poison (epoch 20) has not fired.
  const range = card.getByRole('slider', { name: 'Go to epoch' });
  await range.focus();
  for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowLeft');
  await expect(metric(page, 'epoch')).toHaveText('15');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'pending');
  await expect(card.getByTestId('scrub-epoch')).toContainText('15 epochs done');
  expect(problems).toEqual([]);
});

test('a device\'s context menu breaks it now: the event joins the timeline at the current time', async ({ page, problems }) => {
  test.setTimeout(120_000);
  await openApp(page, '#preset=shared-faults');
  await stepTimes(page, 10);
  const node = page.locator('[data-node="pool1"]');
  await node.focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const fail = menu.getByRole('menuitem', { name: 'Device failure: pool1 now (at 1,000 ms)' });
  await expect(fail).toBeVisible();
  await fail.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect.poll(async () => (await linkState(page)).scenario?.events?.at(-1)).toEqual({ atMs: 1000, kind: 'device-fail', device: 'pool1' });
  const card = page.getByRole('region', { name: 'Timeline: events and faults' });
  await expect(card.locator('.event-list > li')).toHaveCount(3);
  // The run replayed to where it was; one step more and the failure fires.
  await expect(metric(page, 'epoch')).toHaveText('10');
  await stepTimes(page, 1);
  await expect(card.locator('.event-list > li[data-event-index="2"]')).toHaveAttribute('data-status', 'done');
  expect(problems).toEqual([]);
});
