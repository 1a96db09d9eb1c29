// Discovery, with the keyboard only: the lesson opens it, the arrow keys and the buttons step
// through from power-on to the memory tier, each step shows the kernel's output at that stage
// and lights its devices on the topology; autoplay moves on by itself; closing unlights.
import type { Page } from '@playwright/test';
import { test, expect, openApp, preset } from './fixtures';

const panel = (page: Page) => page.getByRole('region', { name: 'Discovery' });
const title = (page: Page) => panel(page).locator('#discovery-step-title');
const outputs = (page: Page) => panel(page).getByTestId('discovery-output');
const lit = (page: Page) => page.locator('.topology [data-node][data-discovery="lit"]');
const litIds = async (page: Page) => (await lit(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).sort();

test('step through discovery with the keyboard: the node appears at system-ram, gets memory online, joins its tier', async ({ page, problems }) => {
  await openApp(page, preset('two-socket').hash);
  await expect(lit(page)).toHaveCount(0);

  // The lesson card's button opens the step-through at its first step and moves focus to it.
  const open = page.getByRole('button', { name: 'Step through how Linux brings the expander up' });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 1 of 9: Power-on');
  await expect(title(page)).toBeFocused();
  await expect(outputs(page).first()).toContainText('# numactl --hardware');
  await expect(outputs(page).first()).toContainText('available: 2 nodes (0-1)');
  expect(await litIds(page)).toEqual(['s0', 's1']);
  await expect(page.locator('.topology svg[data-discovery-active]').first()).toBeVisible();
  await expect(panel(page).locator('.discovery-lit')).toContainText('On the topology: Socket 0, Socket 1');

  // Arrow keys inside the panel step forward and back.
  await page.keyboard.press('ArrowRight');
  await expect(title(page)).toContainText('Step 2 of 9: CXL.io enumeration');
  await expect(panel(page)).toContainText('0x050210');
  await expect(panel(page)).toContainText('Vendor=1e98 ID=0008');
  expect(await litIds(page)).toEqual(['cxl0', 's0']);
  await page.keyboard.press('ArrowLeft');
  await expect(title(page)).toContainText('Step 1 of 9');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(title(page)).toContainText('Step 3 of 9: The platform\'s CXL windows');
  await expect(panel(page)).toContainText('CXL Fixed Memory Window Structure');

  // The Next button, reached with the keyboard, does the same.
  const next = panel(page).getByRole('button', { name: 'Next ›' });
  // The buttons sit above the step's title, where focus is: Shift+Tab reaches them.
  for (let i = 0; i < 12 && !(await next.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 4 of 9: Drivers bind');
  await expect(panel(page)).toContainText('"memdev":"mem0"');
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 5 of 9: Region');
  await expect(panel(page)).toContainText('# cxl create-region -t ram -d decoder0.0 -w 1 -g 4096 -m mem0');
  await expect(panel(page)).toContainText('cxl_decoder_endpoint 1 4096');
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 6 of 9: DAX region and device');
  await expect(panel(page)).toContainText('"mode":"devdax"');
  await expect(panel(page)).not.toContainText('node 2 size');
  expect(await litIds(page)).toEqual(['cxl0']);
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 7 of 9: daxctl reconfigure-device --mode=system-ram');
  await expect(panel(page)).toContainText('node 2 size: 0 MB');
  await expect(panel(page)).toContainText('state:offline');
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 8 of 9: Memory blocks');
  await expect(panel(page)).toContainText('node 2 size: 1024 MB');
  await expect(panel(page)).toContainText('valid_zones:Movable');
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 9 of 9: Memory tier');
  await expect(panel(page)).toContainText('memory_tier22/nodelist:2');
  await expect(next).toBeDisabled();

  // Autoplay from step 7 moves on by itself and stops at the end.
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
  await expect(title(page)).toContainText('Step 7 of 9');
  const play = panel(page).getByRole('button', { name: 'Autoplay' });
  await play.focus();
  await page.keyboard.press('Enter');
  await expect(panel(page).getByRole('button', { name: 'Pause autoplay' })).toHaveAttribute('aria-pressed', 'true');
  await expect(title(page)).toContainText('Step 8 of 9', { timeout: 10_000 });
  await expect(title(page)).toContainText('Step 9 of 9', { timeout: 10_000 });
  await expect(panel(page).getByRole('button', { name: 'Autoplay' })).toBeDisabled();

  // Device by device, and closing: the topology is back to normal.
  await panel(page).getByRole('button', { name: 'One device at a time' }).focus();
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 1 of 9');
  await panel(page).getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Enter');
  await expect(lit(page)).toHaveCount(0);
  await expect(page.locator('.topology svg[data-discovery-active]')).toHaveCount(0);
  await expect(panel(page).getByRole('button', { name: 'Step through discovery' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('an interleave set comes up as one region across its members, all lit together', async ({ page, problems }) => {
  await openApp(page, preset('interleave-set').hash);
  const start = panel(page).getByRole('button', { name: 'Step through discovery' });
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(title(page)).toContainText('Step 1 of 9');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(title(page)).toContainText('Step 5 of 9: Region: interleave set set4');
  await expect(panel(page)).toContainText('-w 4 -g 256 -m mem0 mem1 mem2 mem3');
  await expect(panel(page)).toContainText('decoder1.0 cxl_decoder_switch 4 256');
  expect(await litIds(page)).toEqual(['cxl0', 'cxl1', 'cxl2', 'cxl3', preset('interleave-set').scenario.hosts[0].id].sort());
  expect(problems).toEqual([]);
});
