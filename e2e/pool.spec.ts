// The pool in the app (issue 8): a scenario with pooled devices and VMs gets a Pool panel whose
// figures are the engine's for the epoch on screen, a VM table, the pool manager's grants on
// the event chart and each host's extents on the topology; a scenario without a pool shows
// no pool panel.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { fmt, fmtInt, pct } from '../app/format';
import { Engine } from '../src/engine/engine';
import { decodeSnapshot, POOL, POOL_DEVICE, POOL_HOST, POOL_HOST_WIDTH } from '../src/engine/snapshot';
import { test, expect, epoch, openApp, preset, settled, stepTimes } from './fixtures';

/** Plays, then pauses, and returns the epochs done (the run stopped somewhere after `least`). */
async function playTo(page: Page, least: number): Promise<number> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => epoch(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(least);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  // An epoch under way when Pause arrived still lands: wait until the count stops moving.
  return settled(() => epoch(page), 3, 200);
}

/** The engine in Node after `n` epochs of a preset. */
function engineAt(name: string, n: number): Engine {
  const e = new Engine(preset(name).scenario);
  for (let i = 0; i < n; i++) e.step();
  return e;
}

test('pond-pool: the pool panel shows the engine\'s figures of the epoch on screen, and running VMs', async ({ page, problems }) => {
  await openApp(page, preset('pond-pool').hash);
  const card = page.getByRole('region', { name: 'Pool', exact: true });
  await expect(card).toBeVisible();
  const n = await playTo(page, 15);
  const p = engineAt('pond-pool', n).poolRow();
  const m = (key: string) => card.locator(`[data-metric="${key}"]`);
  await expect(m('pool-used')).toHaveText(fmt(p[POOL.usedGiB], 0));
  await expect(m('pool-owned')).toHaveText(fmt(p[POOL.dramGiB] + p[POOL.poolGrantedGiB], 0));
  await expect(m('pool-untouched')).toHaveText(fmt(p[POOL.untouchedGiB], 0));
  await expect(m('pool-stranded')).toHaveText(fmt(p[POOL.strandedGiB], 0));
  await expect(m('pool-free')).toHaveText(fmt(p[POOL.freeGiB], 0));
  await expect(m('pool-granted')).toHaveText(fmt(p[POOL.poolGrantedGiB], 0));
  await expect(m('pool-capacity')).toHaveText(fmt(p[POOL.poolCapacityGiB], 0));
  await expect(m('pool-vms-running')).toHaveText(fmtInt(p[POOL.vmsRunning]));
  await expect(m('pool-vm-amat')).toHaveText(`${fmt(p[POOL.vmAmatNs], 0)} ns`);
  await expect(m('pool-vm-slowdown')).toHaveText(`${fmt(p[POOL.vmSlowdownPercent], 1)} %`);
  await expect(card.locator('p.pool-vms')).toContainText(/ reclaimed; VM AMAT \d+ ns, VM slowdown/);
  // The panel says which epoch it shows, like every view.
  await expect(card.locator('[data-shown-epoch]').first()).toHaveAttribute('data-shown-epoch', String(n - 1));
  // The VM table: rows, the slowest first, and a line for the rest.
  const rows = card.getByTestId('pool-vms').locator('tbody tr[data-vm]');
  await expect(rows.first()).toBeVisible();
  const slow = (await card.getByTestId('pool-vms').locator('td[data-field="slowdownPercent"]').allTextContents()).map(Number);
  expect(slow.length).toBeGreaterThan(0);
  expect(slow).toEqual([...slow].sort((a, b) => b - a));
  if (p[POOL.vmsRunning] > slow.length) await expect(card.getByTestId('pool-vms-more')).toContainText(`${fmtInt(p[POOL.vmsRunning] - slow.length)} more`);
  // Sorting by AMAT, lowest first.
  await card.getByRole('button', { name: /^AMAT \(ns\)/ }).click();
  await card.getByRole('button', { name: /^AMAT \(ns\)/ }).click();
  await expect(card.getByTestId('pool-vms').locator('caption')).toContainText('AMAT (ns), lowest first');
  // The chart shows one host or one pooled device instead of the pod.
  await card.getByRole('combobox', { name: 'Pool chart shows' }).selectOption({ label: 'Socket 3' });
  await expect(card.locator('.pool-chart h3')).toContainText('Memory of host Socket 3 (GiB)');
  await expect(card.locator('.pool-key')).toContainText('owned (DRAM + granted)');
  await card.getByRole('combobox', { name: 'Pool chart shows' }).selectOption({ label: 'Pool device 0' });
  await expect(card.locator('.pool-chart h3')).toContainText('Memory of device Pool device 0 (GiB)');
  await expect(card.locator('.pool-key')).toContainText('granted to hosts');
  // Per host: its VMs add up to the pod's.
  // Polled: the table renders in a transition, and on a busy machine may still show the epoch before.
  const perHost = async () => (await card.getByTestId('pool-hosts').locator('[data-metric="pool-host-vms"]').allTextContents()).map(Number);
  await expect.poll(async () => (await perHost()).reduce((a, b) => a + b, 0)).toBe(p[POOL.vmsRunning]);
  expect(problems).toEqual([]);
});

test('pond-pool: grants and reclaims on the event chart, extents and VMs on the topology and in its text', async ({ page, problems }) => {
  const { scenario, hash } = preset('pond-pool');
  await openApp(page, hash);
  const n = await playTo(page, 12);
  // The device table says its pooled device's pages are the host workloads', VM memory is the pool panel's.
  await expect(page.getByTestId('device-table-pool-note')).toContainText('Pool panel');
  const e = engineAt('pond-pool', n);
  const p = e.poolRow(), totals = e.poolSummary();
  expect(totals.extentsGranted).toBeGreaterThan(0);
  const chart = page.locator('.migration-chart');
  await expect(chart.locator('h2')).toContainText('Migrations and pool extents per epoch');
  await expect(chart.locator('canvas')).toHaveAttribute('aria-label', /pool extents the pool manager granted/);
  const m = (key: string) => chart.locator(`[data-metric="${key}"]`);
  await expect(m('extents-granted')).toHaveText(fmtInt(p[POOL.extentsGranted]));
  await expect(m('extents-reclaimed')).toHaveText(fmtInt(p[POOL.extentsReclaimed]));
  await expect(m('extents-granted-run')).toHaveText(fmtInt(totals.extentsGranted));
  await expect(m('extents-reclaimed-run')).toHaveText(fmtInt(totals.extentsReclaimed));
  // The topology: the device's kind and heads, a segment per host holding extents, VMs per host.
  const snap = decodeSnapshot(e.snapshot([]));
  const holders = [...snap.extents].filter((g) => g > 0).length;
  expect(holders).toBeGreaterThan(0);
  const device = page.locator('.topo-card [data-pool-device="pool0"]');
  await expect(device.locator('.pool-kind')).toHaveText(/^MHD · 16 heads( · VMs [\d,]+ GiB)?$/);
  await expect(device.locator('.pool-extent')).toHaveCount(holders);
  // The text written out from the preset and the engine's snapshot: pool0 is "Pool device 0", an
  // MHD with 16 heads; each host holding extents of it ("Socket 2 197 GiB"), in host order, then
  // what is free. Its 1280 MB at scale 1024 are 1280 GiB: the extents held and the free add up.
  const H = snap.poolHosts;
  const held = scenario.hosts.flatMap((h, i) => (snap.extents[i] > 0 ? [`${h.name} ${fmt(snap.extents[i], 0)} GiB`] : []));
  const free = snap.poolDevice[POOL_DEVICE.freeGiB];
  expect([...snap.extents.slice(0, H)].reduce((a, b) => a + b, 0) + free).toBe(1280);
  const expected = `Pool device 0 (MHD, 16 heads): ${held.join(', ')}, free ${fmt(free, 0)} GiB`;
  await page.getByText('Topology as text').click();
  const text = page.getByTestId('pool-text');
  await expect(text).toContainText(expected);
  // Selecting the device (keyboard: focus, Enter) says the same.
  await page.locator('[data-node="pool0"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.selection')).toContainText(expected);
  expect(problems).toEqual([]);
});

test('pond-pool at full speed: the pool panel shows the same epoch as every other view on screen at every moment', async ({ page }) => {
  await openApp(page, preset('pond-pool').hash);
  await page.getByRole('combobox', { name: /^Speed/ }).selectOption('max');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.locator('.pool-card [data-shown-epoch]').first().scrollIntoViewIfNeeded();
  const seen = new Set<number>();
  for (let i = 0; i < 12; i++) {
    // The views on screen (cards off screen follow more slowly while playing: app/sight.ts).
    const views = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-shown-epoch]')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight && r.width > 0;
    }).map((el) => ({ pool: !!el.closest('.pool-card'), epoch: Number(el.dataset.shownEpoch) })));
    expect(views.some((v) => v.pool)).toBe(true);
    const epochs = new Set(views.map((v) => v.epoch));
    expect(epochs.size, JSON.stringify(views)).toBe(1);
    seen.add([...epochs][0]);
    await page.waitForTimeout(100);
  }
  expect(seen.size).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
});

// Issue 17, item 2: lesson 11's VMs load the pool. Their accesses are in the traffic solve, so
// the pooled device is busy (as busy as the engine says, on the topology and in the device
// table), the device table counts the memory VMs hold there, hosts with VMs show the VMs' AMAT,
// and the live metrics carry the pool's headline; a link may lay out the Pool panel.
test('lesson 11 (pond-pool): the pool device is loaded by the VMs, VM AMAT and the pool\'s headline are shown; panels=topology,pool is accepted', async ({ page, problems }) => {
  // The pool's load comes in bursts, once the VMs outgrow their sockets' DRAM (about epoch 200).
  await openApp(page, `${preset('pond-pool').hash}&speed=50`);
  await expect(page.locator('.lesson-card')).toHaveAttribute('data-lesson', '11');
  const n = await playTo(page, 205);
  const e = engineAt('pond-pool', n);
  const pool = e.deviceStats().at(-1)!;
  expect(pool.utilisation, `the pool device at epoch ${n}`).toBeGreaterThan(0.01);
  // The device table: busy as the engine says, and VM-held GiB.
  const row = page.locator('.devices-card table.devices tr', { has: page.getByRole('rowheader', { name: 'Pool device 0' }) });
  await expect(row.locator('td').nth(3)).toHaveText(pct(pool.utilisation));
  const held = page.locator('[data-metric="device-vm-gib"][data-device="pool0"]');
  await expect(held).toHaveText(/^[1-9][\d,]* GiB/);
  // The topology (below the lesson's views: it paints once scrolled to): the pool device's busy
  // label, and each host with VMs shows their AMAT.
  await page.locator('.topo-card').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-node="pool0"] text.busy')).toHaveText(`busy ${fmtInt(pool.utilisation * 100)}%`);
  const snap = decodeSnapshot(e.snapshot([]));
  const hosts = preset('pond-pool').scenario.hosts;
  let withVms = 0;
  for (let h = 0; h < hosts.length; h++) {
    const vms = snap.poolHost[h * POOL_HOST_WIDTH + POOL_HOST.vms];
    const text = page.locator(`.topo-card [data-node="${hosts[h].id}"] text.sub`);
    // A host inside a group (the layout groups what it cannot draw at full size) shows the group's figure.
    if (vms > 0 && (await text.count()) > 0) { withVms++; await expect(text, hosts[h].name).toHaveText(/^(VMs|AMAT) \d+ ns$/); }
  }
  expect(withVms).toBeGreaterThan(0);
  // The pool's headline in the live metrics: VM AMAT, stranded memory, DRAM saved.
  const p = e.poolRow();
  const metrics = page.getByRole('region', { name: 'Live metrics' });
  await expect(metrics.locator('[data-metric="vm-amat"]')).toHaveText(`${fmt(p[POOL.vmAmatNs], 0)} ns`);
  expect(p[POOL.vmAmatNs]).toBeGreaterThan(0);
  await expect(metrics.locator('[data-metric="stranded"]')).toHaveText(/^[\d,]+ GiB$/);
  await expect(metrics.locator('[data-metric="dram-saved"]')).toHaveText(/^-?\d+(\.\d)? %$/);

  // A presentation link with the Pool panel: no notice, the panel beside the topology, the pool's headline.
  await page.goto(`./${preset('pond-pool').hash}&present=1&panels=topology,pool`);
  const present = page.locator('main.present');
  await expect(present).toHaveAttribute('data-panels', 'topology,pool');
  await expect(present.locator('.panel-pool .pool-card')).toBeVisible();
  await expect(present.locator('[data-metric="present-vm-amat"]')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'not a panel' })).toHaveCount(0);
  await page.keyboard.press('.');
  await expect(present.locator('[data-metric="present-vm-amat"]')).toHaveText(/^\d+ ns$/);
  expect(problems).toEqual([]);
});

test('a scenario without a pool shows no pool panel', async ({ page }) => {
  await openApp(page, preset('tpp-1to4').hash);
  await stepTimes(page, 2);
  await expect(page.getByRole('region', { name: 'Live metrics' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pool', exact: true })).toHaveCount(0);
  await expect(page.locator('.migration-chart h2')).toContainText('Migrations per epoch');
  await expect(page.getByTestId('extents-line')).toHaveCount(0);
  await expect(page.locator('.pool-marks')).toHaveCount(0);
  await expect(page.getByTestId('device-table-pool-note')).toHaveCount(0);
});

// Screenshots to look at (test-results/pool/…png): the pool panel and the topology of
// pond-pool after some epochs, at a laptop and a projector size, light and dark.
for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test.describe(`pool screenshots ${width}x${height} ${scheme}`, () => {
      test.use({ viewport: { width, height }, colorScheme: scheme });
      test('pool panel and topology', async ({ page }) => {
        const dir = 'test-results/pool';
        mkdirSync(dir, { recursive: true });
        await openApp(page, preset('pond-pool').hash);
        await playTo(page, 40);
        const card = page.getByRole('region', { name: 'Pool', exact: true });
        await card.scrollIntoViewIfNeeded();
        expect((await card.screenshot({ path: `${dir}/panel-${width}x${height}-${scheme}.png` })).length).toBeGreaterThan(20_000);
        const topo = page.locator('.topo-card');
        await topo.scrollIntoViewIfNeeded();
        expect((await topo.screenshot({ path: `${dir}/topology-${width}x${height}-${scheme}.png` })).length).toBeGreaterThan(10_000);
        const events = page.locator('.migrations-card');
        await events.scrollIntoViewIfNeeded();
        expect((await events.screenshot({ path: `${dir}/events-${width}x${height}-${scheme}.png` })).length).toBeGreaterThan(10_000);
        await page.evaluate(() => window.scrollTo(0, 0));
        expect((await page.screenshot({ path: `${dir}/page-${width}x${height}-${scheme}.png` })).length).toBeGreaterThan(20_000);
      });
    });
  }
}

// A room cannot scroll a table sideways: in presentation mode the Pool panel's tables wrap their
// headers and figures (the per-device and VM tables were 954 and 897 px in a 749 px panel).
test('presentation mode at 1920x1080: the Pool panel\'s pod, per-device and VM tables fit inside the panel', async ({ page, problems }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`./#preset=pond-pool&present=1`);
  await expect(page.locator('main.present').getByText('paused', { exact: true })).toBeVisible({ timeout: 60_000 });
  for (let i = 0; i < 5; i++) await page.keyboard.press('.');
  await expect(page.locator('.present-figures')).toHaveAttribute('data-shown-epoch', '4');
  const panel = page.locator('.present-panel.panel-pool');
  const right = await panel.evaluate((p) => p.getBoundingClientRect().right);
  for (const id of ['pool-pod', 'pool-devices', 'pool-vms']) {
    const table = panel.getByTestId(id);
    await expect(table).toHaveCount(1);
    expect(await table.evaluate((t) => t.getBoundingClientRect().right), id).toBeLessThanOrEqual(right + 1);
  }
  expect(problems).toEqual([]);
});

// In a comparison the Pool panel sits in a narrow side column (412 px at 1366x768): the pod's
// six 18 px headers ran past its edge ("Pool grant…"). There they read one per line, name then
// value, and stay a table for a screen reader.
test('presentation mode with a comparison at 1366x768: the pod\'s figures read one per line inside the side column, still a table', async ({ page, problems }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`./#preset=pond-pool&present=1`);
  await expect(page.locator('main.present').getByText('paused', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('c');
  await expect(page.locator('main.present').getByRole('region', { name: 'A/B verdict' })).toBeVisible();
  // The comparison restarts both runs: step once they take steps again.
  await expect(async () => {
    await page.keyboard.press('.');
    await expect(page.locator('.present-figures')).not.toHaveAttribute('data-shown-epoch', '-1', { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  const panel = page.locator('.present-panel.panel-pool');
  const table = panel.getByRole('table', { name: 'Pool, this epoch' });
  await expect(table.getByRole('columnheader')).toHaveCount(6);
  await expect(table.getByRole('cell')).toHaveCount(6);
  await expect(table.locator('[data-metric="pool-owned"]')).toHaveText(/^[\d,]+$/);
  const boxes = await table.evaluate((t) => {
    const edge = t.closest('.present-panel')!.getBoundingClientRect().right;
    return [...t.querySelectorAll('th, td')].map((c) => ({ text: c.textContent, right: c.getBoundingClientRect().right, edge }));
  });
  for (const b of boxes) expect(b.right, b.text ?? '').toBeLessThanOrEqual(b.edge);
  // Name then value on one line: Owned's value sits on its header's line, right of it.
  const [owned, value] = [(await table.getByRole('columnheader', { name: 'Owned' }).boundingBox())!, (await table.locator('[data-metric="pool-owned"]').boundingBox())!];
  expect(Math.abs(owned.y - value.y)).toBeLessThan(owned.height);
  expect(value.x).toBeGreaterThan(owned.x + owned.width);
  expect(problems).toEqual([]);
});
