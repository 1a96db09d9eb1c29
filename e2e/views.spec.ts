// The views tell the story: the heatmap fills from the left, its rows can be ordered by
// hotness and split by tier, hovering reads out rows, cells and chart points, A and B differ
// in colour and line style and B has its own views, everything grows with the window, load is
// drawn as thickness and a label, and a paused page schedules no animation frames.
import type { Page } from '@playwright/test';
import { test, expect, openApp, preset, stepTimes } from './fixtures';

const heatmap = (page: Page) => page.getByRole('img', { name: /^(Access heatmap|Placement map):/ });

/** The page group a readout names, e.g. "Group 17 of 128: …" -> 17. */
async function hoveredGroup(page: Page, xFrac: number, yFrac: number): Promise<number> {
  const map = heatmap(page);
  await map.scrollIntoViewIfNeeded();
  const b = (await map.boundingBox())!;
  await page.mouse.move(b.x + b.width * xFrac, b.y + b.height * yFrac);
  const readout = page.getByRole('tooltip', { name: /^Page group/ });
  await expect(readout).toBeVisible();
  return Number((await readout.locator('strong').textContent())!.match(/^Group (\d+) of/)![1]);
}

/** Groups under the pointer at a few heights, top to bottom. */
async function rowOrder(page: Page): Promise<number[]> {
  const out: number[] = [];
  for (const y of [0.004, 0.2, 0.45, 0.7, 0.996]) out.push(await hoveredGroup(page, 0.02, y));
  return out;
}

test('the heatmap fills from the left: after a few epochs its left edge is painted, its right half is not', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await stepTimes(page, 4);
  const map = heatmap(page);
  const painted = () => map.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const alpha = (x0: number, x1: number) => {
      const d = ctx.getImageData(Math.floor(x0 * c.width), 0, Math.max(1, Math.floor((x1 - x0) * c.width)), c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n / (d.length / 4);
    };
    return { left: alpha(0, 0.01), right: alpha(0.5, 1) };
  });
  await expect.poll(async () => (await painted()).left).toBeGreaterThan(0.9);
  expect((await painted()).right).toBe(0);
});

test('rows: hover reads out a row\'s pages and addresses; hotness order and the tier split change the order', async ({ page, problems }) => {
  await openApp(page, preset('tpp-1to4').hash);
  await stepTimes(page, 12);
  // Address order: the top row is the first group, with its page range and address range.
  expect(await hoveredGroup(page, 0.02, 0.004)).toBe(1);
  const readout = page.getByRole('tooltip', { name: /^Page group/ });
  await expect(readout).toContainText(/Group 1 of 128: pages 0–[\d,]+ \([\d,]+ pages, [\d.]+ MiB\)/);
  await expect(readout).toContainText(/: 0x0–0x[0-9A-F]+/);
  await expect(readout).toContainText(/epoch \d+ \(t = [\d.]+ s\): [\d,]+ sampled accesses/);
  const byAddress = await rowOrder(page);
  expect(byAddress).toEqual([...byAddress].sort((a, b) => a - b));

  await page.getByRole('radio', { name: 'hotness' }).check();
  const byHotness = await rowOrder(page);
  expect(byHotness).not.toEqual(byAddress);

  await page.getByRole('checkbox', { name: 'split by tier' }).check();
  await expect(page.locator('.axis-y')).toContainText('fast tier');
  await expect(page.locator('.axis-y')).toContainText('slower tier');
  const split = await rowOrder(page);
  expect(split).not.toEqual(byHotness);
  // The top row now lives in the fast tier, the bottom one does not (the newest column says so).
  const shareAt = async (y: number) => {
    await hoveredGroup(page, 11.5 / 240, y);
    return Number((await readout.textContent())!.match(/([\d.]+)% of its pages in the fast tier/)![1]);
  };
  expect(await shareAt(0.004)).toBeGreaterThanOrEqual(50);
  expect(await shareAt(0.996)).toBeLessThan(50);
  expect(problems).toEqual([]);
});

test('charts read out the epoch under the pointer', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await stepTimes(page, 5);
  const chart = page.getByRole('img', { name: /Line charts over simulated time/ });
  await chart.scrollIntoViewIfNeeded();
  const b = (await chart.boundingBox())!;
  const readout = page.getByRole('tooltip', { name: /^Readout of epoch/ });
  // A chart just scrolled into view draws on its next frame; a pointer keeps moving, so move
  // again until the readout shows (as a user's hand would).
  await expect(async () => {
    await page.mouse.move(b.x + b.width - 15, b.y + b.height / 2);
    await page.mouse.move(b.x + b.width - 14, b.y + b.height / 2);
    await expect(readout).toContainText('epoch 4 (t = 0.5 s)', { timeout: 1000 });
  }).toPass();
  await expect(readout).toContainText(/AMAT\s*\d+ ns/);
  await expect(readout).toContainText(/throughput\s*[\d.]+ GB\/s/);
  await page.mouse.move(b.x + 1, b.y - 40);
  await expect(readout).toHaveCount(0);
  const mig = page.getByRole('img', { name: /pages promoted to a faster tier/ });
  await mig.scrollIntoViewIfNeeded();
  const m = (await mig.boundingBox())!;
  await expect(async () => {
    await page.mouse.move(m.x + m.width - 15, m.y + m.height / 2);
    await page.mouse.move(m.x + m.width - 14, m.y + m.height / 2);
    await expect(page.getByRole('tooltip', { name: 'Migrations in epoch 4' })).toContainText(/▲ \d+ promoted/, { timeout: 1000 });
  }).toPass();
});

/** Every stroke drawn on canvases of class `cls`: its colour and dash pattern. */
async function recordStrokes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { strokes: { cls: string; colour: string; dash: string }[] };
    w.strokes = [];
    const stroke = CanvasRenderingContext2D.prototype.stroke as (this: CanvasRenderingContext2D, ...path: Path2D[]) => void;
    CanvasRenderingContext2D.prototype.stroke = function (this: CanvasRenderingContext2D, ...path: Path2D[]) {
      w.strokes.push({ cls: this.canvas.className, colour: String(this.strokeStyle), dash: this.getLineDash().join(',') });
      stroke.apply(this, path);
    };
  });
}

test('A/B: A and B in different colours and line styles; B has its own topology, heatmap and device table', async ({ page }) => {
  await recordStrokes(page);
  await openApp(page, preset('tpp-1to4').hash);
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('first-touch');
  await stepTimes(page, 4);
  type Stroke = { cls: string; colour: string; dash: string };
  const strokesOf = (cls: string) => page.evaluate((c) => (window as unknown as { strokes: Stroke[] }).strokes.filter((s) => s.cls === c), cls);
  // Views off screen do not draw: bring each chart into view, then read what it stroked.
  await page.locator('.chart-canvas').scrollIntoViewIfNeeded();
  const isB = (s: Stroke) => s.dash !== '' && s.dash.split(',').length === 2;
  await expect.poll(async () => (await strokesOf('chart-canvas')).filter(isB).length).toBeGreaterThan(0);
  // The series of the line chart: A solid, B dashed, in two colours.
  const series = await strokesOf('chart-canvas');
  const solid = new Set(series.filter((s) => s.dash === '').map((s) => s.colour));
  const dashed = series.filter(isB);
  const bColour = dashed[0].colour;
  expect(solid.has(bColour)).toBe(false);
  // The migrations chart draws B as a dashed outline too.
  await page.locator('.migration-canvas').scrollIntoViewIfNeeded();
  await expect.poll(async () => (await strokesOf('migration-canvas')).some((s) => s.dash === dashed[0].dash && s.colour === bColour)).toBe(true);
  // The keys say the same in the page: A solid, B dashed, different colours.
  const key = (w: string) => page.locator(`.chart-key .key-line.${w}`).first().evaluate((el) => {
    const cs = getComputedStyle(el);
    return { style: cs.borderTopStyle, colour: cs.borderTopColor };
  });
  const [ka, kb] = [await key('a'), await key('b')];
  expect(ka.style).toBe('solid');
  expect(kb.style).toBe('dashed');
  expect(ka.colour).not.toBe(kb.colour);
  // B's own views.
  await expect(page.locator('[data-node-b="cxl0"]')).toHaveCount(1);
  await expect(page.getByRole('group', { name: /Topology of run B/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Run B's access heatmap/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /Memory devices/ })).toHaveCount(2);
  await expect(page.locator('.pair-item.run-b').first()).toHaveCSS('border-left-style', 'dashed');
  // Side by side on a wide screen, stacked on a narrow one.
  const tops = () => page.locator('.heat-card .pair-item').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => new Set(await tops()).size).toBe(1);
  await page.setViewportSize({ width: 1000, height: 900 });
  await expect.poll(async () => new Set(await tops()).size).toBe(2);
});

test('canvases and the topology grow with the window', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, preset('single-host-cxl').hash);
  await stepTimes(page, 2);
  // A canvas off screen does not draw: scroll to each, and read its pixels once it has drawn at its CSS size.
  const drawn = async (sel: string) => {
    const el = page.locator(sel);
    await el.scrollIntoViewIfNeeded();
    const read = () => el.evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height, css: Math.round(c.clientWidth * devicePixelRatio) }));
    await expect.poll(async () => { const r = await read(); return r.w === r.css; }).toBe(true);
    const r = await read();
    return [r.w, r.h];
  };
  const sizes = async () => ({
    heat: await drawn('.heat-canvas'), chart: await drawn('.chart-canvas'), mig: await drawn('.migration-canvas'),
    topo: await page.evaluate(() => document.querySelector('.topology svg')!.getBoundingClientRect().height),
  });
  const small = await sizes();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const big = await sizes();
  expect(big.heat[0]).toBeGreaterThan(small.heat[0]);
  expect(big.heat[1]).toBeGreaterThan(small.heat[1]);
  expect(big.chart[0]).toBeGreaterThan(small.chart[0]);
  expect(big.chart[1]).toBeGreaterThan(small.chart[1]);
  expect(big.mig[0]).toBeGreaterThan(small.mig[0]);
  expect(big.topo).toBeGreaterThan(small.topo);
  expect(small.topo).not.toBe(280);
});

test('the topology shows link and device load as thickness and a label', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await stepTimes(page, 3);
  // single-host-cxl: the x8 expander is saturated, the CZ120-class one idle.
  const busy = page.locator('[data-node="cxl0"] .busy');
  await expect(busy).toHaveText(/^busy \d+%$/);
  const width = (id: string) => page.locator(`[data-node="${id}"] .ring`).evaluate((el) => parseFloat(getComputedStyle(el).strokeWidth));
  expect(await width('cxl0')).toBeGreaterThan(await width('cxl1'));
  const labels = await page.locator('.link-label').allTextContents();
  expect(labels.filter((t) => /^\d+%$/.test(t)).length).toBeGreaterThanOrEqual(2);
  const linkWidths = await page.locator('.topology .link').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).strokeWidth)));
  expect(Math.max(...linkWidths)).toBeGreaterThan(Math.min(...linkWidths));
});

test('while paused and idle the page schedules no animation frames', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { rafCalls: number };
    w.rafCalls = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { w.rafCalls++; return raf(cb); };
  });
  await openApp(page, preset('single-host-cxl').hash);
  await stepTimes(page, 2);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const calls = () => page.evaluate(() => (window as unknown as { rafCalls: number }).rafCalls);
  // Let the last step's frames settle, then count over one second.
  await page.waitForTimeout(500);
  const before = await calls();
  await page.waitForTimeout(1000);
  expect(await calls()).toBe(before);
  // A step draws again (frames were requested), then the page goes quiet again.
  await stepTimes(page, 1);
  expect(await calls()).toBeGreaterThan(before);
});
