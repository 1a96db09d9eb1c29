// The page at a laptop size and in a narrow window, light and dark: nothing overflows, every
// control has a name, and the new panels are reachable with the keyboard.
import type { Page } from '@playwright/test';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

/** Visible form controls and buttons without an accessible name (by the usual sources). */
function unnamedControls(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex="0"]')) {
      if (el.offsetParent === null && el.getClientRects().length === 0) continue;
      const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
        || (el as HTMLInputElement).labels?.length || (el.tagName === 'BUTTON' && el.textContent?.trim());
      if (!labelled) out.push(el.outerHTML.slice(0, 80));
    }
    return out;
  });
}

for (const [width, height, scheme] of [[1280, 800, 'light'], [820, 1000, 'dark']] as const) {
  test(`${width}x${height} ${scheme}: no sideways scrolling, every control named, Play's icon clear of its text`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    await page.getByRole('combobox', { name: 'Compare with' }).selectOption('tpp');
    await stepTimes(page, 2);
    await page.getByRole('img', { name: /Access heatmap/ }).click();
    await expect(page.getByRole('region', { name: /Page inspector: group/ })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await unnamedControls(page)).toEqual([]);
    const play = page.getByRole('button', { name: 'Play', exact: true });
    const icon = (await play.locator('svg').boundingBox())!;
    const text = (await play.locator('span').boundingBox())!;
    expect(icon.x + icon.width).toBeLessThan(text.x);
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.card')!).backgroundColor);
    expect(bg).toBe(scheme === 'dark' ? 'rgb(27, 31, 39)' : 'rgb(255, 255, 255)');
  });
}

test('Tab reaches the new controls: compare, download, heatmap, tiers, knobs', async ({ page }) => {
  await openApp(page, preset('tpp-1to4').hash); // policy tpp: it has knobs
  await expect(page.getByRole('region', { name: 'Policy knobs: tpp' })).toBeVisible();
  // Record the name of everything that takes focus, in the page, while Tab walks the controls.
  await page.evaluate(() => {
    const w = window as unknown as { reached: string[] };
    w.reached = [];
    document.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement;
      const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
      w.reached.push(label.trim().slice(0, 40));
    });
  });
  await page.locator('body').focus();
  for (let i = 0; i < 90; i++) await page.keyboard.press('Tab');
  const reached = await page.evaluate(() => (window as unknown as { reached: string[] }).reached);
  const all = reached.join('\n');
  for (const name of ['Play', 'Compare with', 'Download run (JSON)', 'Access heatmap', 'Remote socket (emulated CXL)', 'Host 0 DRAM', 'Demotion watermark']) expect(all).toContain(name);
});

/**
 * Words (runs of letters and digits) that the layout split across two lines, and labels whose
 * text spills out of their box, among the elements matching `selector`.
 */
function brokenLabels(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      if (el.getClientRects().length === 0 || el.closest('.visually-hidden')) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`overflows: ${el.textContent}`);
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of (n.textContent ?? '').matchAll(/[A-Za-z0-9]+/g)) {
          const r = document.createRange();
          r.setStart(n, m.index!);
          r.setEnd(n, m.index! + m[0].length);
          const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (lines.size > 1) out.push(`"${m[0]}" split in "${el.textContent}"`);
        }
      }
    }
    return out;
  }, selector);
}

const LABELS = '.nf-label, .metrics-head, .controls .field > span:first-child, .node-mask .check, th, caption, h2';

for (const [width, height] of [[1280, 800], [820, 1000], [390, 844]] as const) {
  test(`${width}x${height}: no label breaks inside a word, for every policy's knobs`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page);
    const policies = await page.getByRole('combobox', { name: 'Policy' }).locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(policies.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const p of policies) {
      await page.getByRole('combobox', { name: 'Policy' }).selectOption(p);
      await expect(page.getByRole('region', { name: `Policy knobs: ${p}` })).toBeVisible();
      problems.push(...(await brokenLabels(page, LABELS)).map((x) => `${p}: ${x}`));
    }
    expect([...new Set(problems)]).toEqual([]);
  });
}
