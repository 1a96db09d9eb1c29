// The first screen a newcomer sees: a one-line header (how to read the page one click away) and
// a lesson card that says why it opens at lesson 3 and where the beginning is.
import { readFile } from 'node:fs/promises';
import { TOUR_STEPS } from '../app/tour';
import { test, expect, openApp } from './fixtures';

for (const size of [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }]) {
  test(`at ${size.width}x${size.height} the header is one line of at least 14 px; the rest of the text is behind "How to read the page"`, async ({ page, problems }) => {
    await page.setViewportSize(size);
    await openApp(page);
    const header = page.locator('.app-header');
    const tagline = header.locator('.tagline');
    await expect(tagline).toBeVisible();
    expect(Number.parseFloat(await tagline.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(14);
    // One line: the header is no taller than its title row (4-5 lines of 12 px text before).
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(48);
    const about = header.getByText('How to read the page');
    await expect(header.getByText('Every change is kept in the page')).toBeHidden();
    await about.click();
    await expect(header.getByText('Every change is kept in the page')).toBeVisible();
    expect(problems).toEqual([]);
  });
}

test('the first card says why it is lesson 3 and starts the course at lesson 1 on request', async ({ page, problems }) => {
  await openApp(page);
  const card = page.locator('.lesson-card');
  await expect(card.locator('.lesson-number')).toContainText('Lesson 3 of');
  await expect(card.locator('.lesson-why')).toContainText('opens at this lesson because');
  await card.getByRole('button', { name: 'Start at lesson 1' }).click();
  await expect(card.locator('.lesson-number')).toContainText('Lesson 1 of');
  // Lesson 1 needs no explanation of where it is.
  await expect(card.locator('.lesson-why')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test.describe('first visit: the tour', () => {
  test.use({ firstVisit: true });
  for (const size of [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }]) {
    test(`at ${size.width}x${size.height} no step's dialog covers a node of the machine (the first one covered the DRAM node)`, async ({ page, problems }) => {
      await page.setViewportSize(size);
      await openApp(page);
      const step = page.locator('.tour-step');
      for (const [i, s] of TOUR_STEPS.entries()) {
        await expect(step).toHaveAttribute('data-step', String(i));
        await expect(page.getByRole('dialog', { name: s.title })).toBeVisible();
        await page.waitForTimeout(300); // placed after the scroll settles
        const box = (await step.boundingBox())!;
        const nodes = await page.locator('.topo-card [data-node]').evaluateAll((els) => els.map((e) => {
          const r = e.getBoundingClientRect();
          return { id: e.getAttribute('data-node'), x: r.left, y: r.top, w: r.width, h: r.height };
        }));
        expect(nodes.length).toBeGreaterThan(1);
        const covered = nodes.filter((n) => n.x < box.x + box.width && box.x < n.x + n.w && n.y < box.y + box.height && box.y < n.y + n.h).map((n) => n.id);
        expect(covered, `step ${i} (${s.title})`).toEqual([]);
        await page.keyboard.press('ArrowRight');
      }
      expect(problems).toEqual([]);
    });
  }
});

test('the slow tier\'s node reads its whole name inside its box (it was cut to "Remote socket (emula…")', async ({ page, problems }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  const title = page.locator('[data-node="cxl0"] text.title');
  await expect(title).toHaveText('Remote socket (emulated CXL)');
  const t = (await title.boundingBox())!, body = (await page.locator('[data-node="cxl0"] rect.body').boundingBox())!;
  expect(t.x).toBeGreaterThanOrEqual(body.x);
  expect(t.x + t.width).toBeLessThanOrEqual(body.x + body.width);
  // The exported picture keeps it (the squeeze is an attribute of the text).
  await page.getByRole('button', { name: 'Export…' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Topology as SVG', exact: true }).click()]);
  expect(await readFile(await download.path(), 'utf8')).toMatch(/textLength="\d+(\.\d+)?"[^>]*>Remote socket \(emulated CXL\)</);
  expect(problems).toEqual([]);
});

test('in presentation mode the node\'s title stays inside its box', async ({ page, problems }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./#preset=tpp-1to4&present=1');
  const title = page.locator('[data-node="cxl0"] text.title');
  await expect(title).toContainText('Remote socket');
  const t = (await title.boundingBox())!, body = (await page.locator('[data-node="cxl0"] rect.body').boundingBox())!;
  expect(t.x).toBeGreaterThanOrEqual(body.x);
  expect(t.x + t.width).toBeLessThanOrEqual(body.x + body.width);
  expect(problems).toEqual([]);
});
