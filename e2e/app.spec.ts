import { test, expect, openApp, metric, epoch, linkState, preset, settled, stepTimes } from './fixtures';

test('loads the default scenario with no console errors or CSP violations', async ({ page, problems }) => {
  await openApp(page);
  await expect(page).toHaveTitle('CXL Playground');
  await expect(page.getByRole('heading', { name: 'CXL Playground' })).toBeVisible();
  // The default preset was written into the address bar, by its name (it is as it ships).
  expect(await page.evaluate(() => location.hash)).toMatch(/^#preset=[a-z0-9-]+$/);
  await expect(metric(page, 'epoch')).toHaveText('0');
  await stepTimes(page, 2);
  expect(problems).toEqual([]);
});

test('draws the topology with accessible, focusable nodes', async ({ page }) => {
  await openApp(page, preset('single-host-cxl').hash);
  const topo = page.getByRole('group', { name: /Topology/ });
  await expect(topo.getByRole('button', { name: 'Host 0, host' })).toBeVisible();
  await expect(topo.getByRole('button', { name: /^Host 0 DRAM, DRAM memory device, 233 GB\/s, tier 0$/ })).toBeVisible();
  await expect(topo.getByRole('button', { name: /^CXL x8 expander, CXL memory device, 17\.8 GB\/s, tier 1$/ })).toBeVisible();
  await expect(topo.locator('.link')).toHaveCount(2);
  for (const node of await topo.locator('[data-node]').all()) await expect(node).toHaveAttribute('tabindex', '0');
  // After an epoch the occupancy bars show the pages that were placed.
  await stepTimes(page, 1);
  await expect.poll(async () => Number(await page.locator('[data-node="h0.dram"] .bar').getAttribute('width'))).toBeGreaterThan(0);
  // Text alternative: the distance matrix.
  await page.getByText('Topology as text').click();
  await expect(page.getByRole('table', { name: /Node distances/ })).toContainText('10');
});

test('draws the heatmap on a canvas', async ({ page }) => {
  await openApp(page);
  const canvas = page.getByRole('img', { name: /Access heatmap/ });
  await expect(canvas).toBeVisible();
  await stepTimes(page, 3);
  // Canvas views draw while on screen (exports draw from the data instead).
  await canvas.scrollIntoViewIfNeeded();
  const painted = () => canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let opaque = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0) { opaque++; colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]); }
    }
    return { opaque, colours: colours.size };
  });
  await expect.poll(async () => (await painted()).opaque).toBeGreaterThan(100);
  expect((await painted()).colours).toBeGreaterThan(3);
  // The placement view paints the same grid in other colours.
  await page.getByRole('radio', { name: 'placement' }).check();
  await expect(page.getByRole('img', { name: /Placement map/ })).toBeVisible();
});

test('Play runs the simulation, Pause stops it', async ({ page }) => {
  await openApp(page);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.click();
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await expect(pause).toBeVisible();
  await expect.poll(() => epoch(page)).toBeGreaterThan(3);
  await expect(metric(page, 'amat')).toHaveText(/\d+ ns/);
  await expect(metric(page, 'throughput')).toHaveText(/GB\/s/);
  await pause.click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const stopped = await settled(() => epoch(page));
  // Stepping after the pause moves exactly one epoch: nothing else is running.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(metric(page, 'epoch')).toHaveText(String(stopped + 1));
});

test('changing the seed restarts the run and updates the link', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 2);
  const before = await page.evaluate(() => location.hash);
  const seed = page.getByRole('textbox', { name: 'Seed' });
  await seed.fill('42');
  await seed.press('Enter');
  await expect(metric(page, 'epoch')).toHaveText('0');
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(before);
  // An invalid seed is refused and the run keeps its scenario.
  const hash = await page.evaluate(() => location.hash);
  await seed.fill('-5');
  await seed.press('Enter');
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
  expect(await page.evaluate(() => location.hash)).toBe(hash);
});

test('a pattern changes the chosen workload only: switched-pool keeps its mix', async ({ page, problems }) => {
  await openApp(page, preset('switched-pool').hash);
  const patterns = async () => (await linkState(page)).scenario?.workloads.map((w) => w.pattern);
  expect(await patterns()).toEqual(['zipf', 'zipf', 'hotset', 'uniform']);
  const workload = page.getByRole('combobox', { name: 'Workload' });
  const pattern = page.getByRole('combobox', { name: 'Pattern' });
  await expect(pattern).toHaveValue('zipf');
  await workload.selectOption({ index: 2 });
  await expect(workload.locator('option:checked')).toHaveText(/^app2 on .* \(hotset\)$/);
  await expect(pattern).toHaveValue('hotset');
  await expect(page.locator('.controls .help')).toContainText('the other 3 keep theirs');
  await pattern.selectOption('scan');
  await expect.poll(patterns).toEqual(['zipf', 'zipf', 'scan', 'uniform']);
  await expect(metric(page, 'epoch')).toHaveText('0');
  // A single-workload scenario needs no workload menu.
  await openApp(page);
  await expect(page.getByRole('combobox', { name: 'Workload' })).toHaveCount(0);
  expect(problems).toEqual([]);
});
