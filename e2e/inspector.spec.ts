// "Why did this page move": the page inspector against the same engine run in Node.
import { Engine } from '../src/engine/engine';
import { test, expect, openApp, metric, preset, stepTimes } from './fixtures';

const EPOCHS = 16;

/** A page that moved in the first EPOCHS epochs of tpp-1to4, its group and its moves (Node's engine). */
function movedPage() {
  const engine = new Engine(preset('tpp-1to4').scenario);
  for (let i = 0; i < EPOCHS; i++) engine.step();
  for (let g = 5; g < engine.meta.heatGroups; g++) {
    const [a, b] = engine.groupRange(g);
    for (let p = a; p < b; p++) {
      const events = engine.pageEvents(p);
      if (events.some((e) => e.reason === 'promote')) return { group: g, page: p, events, device: engine.pageState(p).device };
    }
  }
  throw new Error('no page moved');
}

test('pick a group on the heatmap with the keyboard; the inspector shows a page\'s history and its migrations', async ({ page, problems }) => {
  const expected = movedPage();
  await openApp(page, preset('tpp-1to4').hash);
  await stepTimes(page, EPOCHS);
  await expect(metric(page, 'promotions')).not.toHaveText('0');
  await expect(metric(page, 'demotions')).not.toHaveText('0');

  // Keyboard: focus the map, Home, then ArrowDown to the group, Enter.
  const map = page.getByRole('img', { name: /Access heatmap/ });
  await map.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < expected.group; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const inspector = page.getByRole('region', { name: `Page inspector: group ${expected.group + 1} of 128` });
  await expect(inspector).toBeVisible();
  await expect(inspector).toContainText(/Pages [\d,]+–[\d,]+/);
  // Default page first; then the one Node says moved.
  await expect(inspector.getByTestId('page-where')).toContainText('is on');
  const pageInput = inspector.getByRole('spinbutton', { name: 'Page' });
  await pageInput.fill(String(expected.page));
  await pageInput.press('Enter');
  const where = inspector.getByTestId('page-where');
  await expect(where).toContainText(`Page ${expected.page.toLocaleString('en-US')} is on`);
  await expect(where).toContainText(expected.device === 'h0.dram' ? 'Host 0 DRAM, tier 0' : 'CXL x8 expander, tier 1');
  await expect(inspector.getByRole('img', { name: new RegExp(`Access history over epochs 0 to ${EPOCHS - 1}`) })).toBeVisible();
  await expect(inspector.getByRole('img', { name: /Tier over time: tier \d/ })).toBeVisible();
  await expect(inspector.locator('.strip').first().locator('.cell')).toHaveCount(EPOCHS);
  // Its migrations, newest first, as the Node engine recorded them.
  const rows = inspector.getByRole('table', { name: /Migrations of page/ }).locator('tbody tr');
  await expect(rows).toHaveCount(expected.events.length);
  const last = expected.events.at(-1)!;
  await expect(rows.first()).toContainText(String(last.epoch));
  await expect(rows.first()).toContainText(last.reason);
  await expect(rows.first()).toContainText('→');

  // Out-of-group page numbers are refused in the field.
  await pageInput.fill('999999999');
  await pageInput.press('Enter');
  await expect(inspector.getByRole('alert')).toContainText('a page number from');
  expect(problems).toEqual([]);
});

test('clicking a heatmap row opens that group; the migrations chart draws', async ({ page }) => {
  await openApp(page, preset('tpp-1to4').hash);
  await stepTimes(page, 6);
  const map = page.getByRole('img', { name: /Access heatmap/ });
  // The last group is the bottom row, about 1.4 px high: click 0.6 px above the map's bottom
  // edge (inside that row whatever the fractional position of the map on the page).
  await map.scrollIntoViewIfNeeded();
  const b = (await map.boundingBox())!;
  await page.mouse.click(b.x + b.width - 3, b.y + b.height - 0.6);
  const inspector = page.getByRole('region', { name: 'Page inspector: group 128 of 128' });
  await expect(inspector).toBeVisible();
  await expect(inspector).toContainText('327,679');
  await inspector.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('region', { name: /Page inspector/ })).toContainText('Pick a page group');
  const chart = page.getByRole('img', { name: /pages promoted to a faster tier/ });
  // A view off screen does not draw: the chart draws once it scrolls into view.
  await chart.scrollIntoViewIfNeeded();
  const painted = () => chart.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  await expect.poll(painted).toBeGreaterThan(100);
});
