// Keyboard users start at skip links: the page's first tab stops go to the run controls and to
// the topology, past the header, the policy text's glossary terms and the lesson card.
import type { Page } from '@playwright/test';
import { test, expect, openApp } from './fixtures';

/** What has focus: its accessible name, and whether it is inside the topology card. */
async function focused(page: Page): Promise<{ name: string; inTopology: boolean; tag: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim().slice(0, 60),
      inTopology: !!el?.closest('.topo-card svg'),
      tag: el?.tagName.toLowerCase() ?? '',
    };
  });
}

test('the first Tab shows a skip link to the run controls; Enter, Tab: Play', async ({ page, problems }) => {
  await openApp(page, '#lesson=3');
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the run controls' });
  await expect(skip).toBeFocused();
  // Visible on focus, inside the window.
  const box = (await skip.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.height).toBeGreaterThan(10);
  const hash = await page.evaluate(() => location.hash);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeFocused();
  // The address bar still holds the scenario (the link moves focus, not the address).
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  expect(problems).toEqual([]);
});

test('the topology is three tab stops from the top of the page, whatever the header and lesson hold', async ({ page, problems }) => {
  await openApp(page, '#lesson=3');
  await page.locator('body').focus();
  let stops = 0;
  for (; stops < 40; stops++) {
    const f = await focused(page);
    if (f.inTopology) break;
    await page.keyboard.press(f.name === 'Skip to the topology' ? 'Enter' : 'Tab');
    if (f.name === 'Skip to the topology') await page.keyboard.press('Tab');
  }
  expect(stops).toBeLessThanOrEqual(3);
  const f = await focused(page);
  expect(f.inTopology).toBe(true);
  expect(problems).toEqual([]);
});
