// Issue 6 in the app: unplaced pages shown, fast-tier words from the real tiers, policy
// figures grouped by scope with human labels.
import { test, expect, openApp, metric, preset, stepTimes } from './fixtures';

test('bind to DRAM only on single-host-cxl: unplaced pages in the metrics, the device table and the placement map', async ({ page, problems }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('bind');
  const mask = page.getByRole('region', { name: 'Policy knobs: bind' }).getByRole('group', { name: /Node mask/ });
  await mask.getByRole('checkbox', { name: 'node 1: CXL x8 expander' }).uncheck();
  await mask.getByRole('checkbox', { name: 'node 2: CXL CZ120-class' }).uncheck();
  await expect(metric(page, 'epoch')).toHaveText('0');
  await stepTimes(page, 2);
  const metrics = page.getByRole('region', { name: 'Live metrics' });
  const note = metrics.getByTestId('unplaced');
  // 1,280 MB of working set, 512 MB of DRAM: 768 MB (60 %) of the pages have no memory.
  await expect(note).toContainText('no memory: Linux would OOM-kill the task under strict bind; the simulator keeps running');
  await expect(note.locator('[data-metric="unplaced-share"]')).toHaveText('60.0%');
  await expect(note.locator('[data-metric="unplaced-pages"]')).toHaveText('196,608');
  // Neither the fast-tier share nor the local share is 100 %: unplaced accesses are served by no tier.
  const fast = Number((await metric(page, 'fast').textContent())!.replace('%', ''));
  expect(fast).toBeGreaterThan(0);
  expect(fast).toBeLessThan(100);
  await expect(metric(page, 'local')).not.toHaveText('100.0%');
  // The device table has a row for them.
  const row = page.locator('table.devices tr[data-row="unplaced"]');
  await expect(row).toContainText('No memory (unplaced)');
  await expect(row).toContainText('196,608');
  // The placement map paints them in their own colour, with a legend entry.
  await page.getByRole('radio', { name: 'placement' }).check();
  await expect(page.locator('.legend-scale')).toContainText('no memory (unplaced)');
  const red = await page.getByRole('img', { name: /Placement map/ }).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 80 && d[i + 2] < 90) n++;
    return n;
  });
  expect(red).toBeGreaterThan(100);
  expect(problems).toEqual([]);
});

test('the fast tier is named from the real tiers and follows an edited abstract distance', async ({ page, problems }) => {
  await openApp(page, preset('single-host-cxl').hash);
  const header = page.locator('.app-header');
  await expect(header).not.toContainText('tier 0');
  await expect(header).not.toContainText('tier 1');
  const def = page.getByTestId('fast-tier-def');
  await expect(def).toHaveText('Fast tier (what the fast-tier share counts): tier 0: Host 0 DRAM.');
  await expect(page.getByTestId('distance-vs-tier')).toContainText('NUMA distance (numactl) and memory tier (memory_tiering) differ');
  await expect(page.getByTestId('fast-tier')).toContainText('Fast tier: tier 0: Host 0 DRAM · local node: Host 0 DRAM');
  // The local-node share stands beside the fast-tier share.
  await stepTimes(page, 1);
  await expect(metric(page, 'local')).toHaveText(/\d+\.\d%/);
  // CXL x8 joins tier 0: every label follows.
  const field = page.getByRole('region', { name: 'Memory tiers' }).getByRole('spinbutton', { name: 'CXL x8 expander' });
  await field.fill('576');
  await field.press('Enter');
  await expect(def).toHaveText('Fast tier (what the fast-tier share counts): tier 0: Host 0 DRAM, CXL x8 expander.');
  await expect(page.getByTestId('fast-tier')).toContainText('Fast tier: tier 0: Host 0 DRAM, CXL x8 expander');
  await expect(page.locator('table.devices tbody tr').filter({ hasText: 'CXL x8 expander' }).locator('td').first()).toHaveText('0 CXL');
  expect(problems).toEqual([]);
});

test('two-socket: remote DRAM is farther but in the same tier, said with its distance', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('two-socket');
  await expect(page.getByTestId('distance-vs-tier')).toContainText(/DRAM is farther from .* \(distance \d+ against 10\) yet in the same tier \(tier 0\), because both are DRAM/);
});

test("colloid's own figures: grouped by scope, with units and help, no code names", async ({ page, problems }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('colloid');
  await expect(page.getByRole('region', { name: 'Policy knobs: colloid' })).toBeVisible();
  await stepTimes(page, 3);
  const stats = page.getByTestId('policy-stats');
  await expect(stats.getByRole('heading', { name: 'this epoch' })).toBeVisible();
  const promoted = stats.locator('[data-scope="epoch"] li').filter({ hasText: 'Promotions queued' });
  await expect(promoted).toHaveText(/^Promotions queued \d[\d,]* pages?/);
  await expect(promoted.locator('span[title]')).toHaveAccessibleDescription(/Hot pages queued into the fast tier/);
  // The run's promotions are the metrics panel's run total, under its own scope.
  await expect(page.getByRole('region', { name: 'Live metrics' }).locator('tr[data-scope="run"]')).toContainText('Run so far');
  // What is on screen (the help is in tooltips and descriptions, and may name Colloid's own terms).
  const text = (await stats.locator('h3, h4, li > span[title], li > strong').allInnerTexts()).join(' ');
  for (const raw of ['promoted', 'deltaP', 'delta p', 'defaultLatencyNs', 'default latency ns', 'targetShare']) expect(text).not.toContain(raw);
  expect(text).not.toMatch(/[a-z][A-Z]/);
  expect(problems).toEqual([]);
});
