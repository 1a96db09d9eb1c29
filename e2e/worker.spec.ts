// A simulator worker that dies, closes or sticks: the page says so in words within 3 s and a
// fresh worker replays the scenario to the epoch the page had reached, then the run goes on
// (playing if it was): the same run, figure for figure, as one never interrupted.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { metricText } from '../app/format';
import { encodeScenario } from '../src/scenario/codec';
import { parseScenario } from '../src/scenario/validate';
import { metric as registry, type RunKey } from '../src/metrics/registry';
import { test, expect, openApp, metric, epoch, settled, stepTimes, type MetricKey } from './fixtures';

const run = promisify(execFile);

/** The simulator worker of run A (the only one without a comparison). */
async function simWorker(page: Page) {
  await expect.poll(() => page.workers().filter((w) => w.url().includes('sim.worker')).length).toBe(1);
  return page.workers().find((w) => w.url().includes('sim.worker'))!;
}

/** Pauses, then checks the run so far against the command line's run of as many epochs: the report byte for byte, the page's run figures as the CLI's summary. */
async function sameAsUninterrupted(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const n = await settled(() => epoch(page));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download run (JSON)' }).click()]);
  const browser = await readFile(await download.path(), 'utf8');
  const cli = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/sim.ts', '--url', page.url(), '--epochs', String(n)], { maxBuffer: 1 << 26 });
  expect(browser).toBe(cli.stdout);
  const summary = JSON.parse(cli.stdout).summary as Record<string, number>;
  // The page's own figures of the run so far (from the epochs it received, before and after the restart).
  for (const [id, key] of [['amat-run', 'amatNs'], ['throughput-run', 'throughputGBps'], ['fast-run', 'fastTierAccessShare']] as [MetricKey, RunKey][]) {
    await expect(metric(page, id)).toHaveText(metricText(registry(key), summary[key]));
  }
  await expect(metric(page, 'migrations')).toHaveText(metricText(registry('migrations'), summary.migrations));
  return n;
}

/** Plays a link (tpp-1to4: pages move, the figures depend on every epoch) until the page shows `epochs`. */
async function playTo(page: Page, epochs: number, link = '#preset=tpp-1to4'): Promise<void> {
  await openApp(page, `${link}&speed=20`);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => epoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(epochs);
}

/** Waits for the words, within 3 s of `t0`; returns the epoch the run resumed at. */
async function noticed(page: Page, t0: number, words: RegExp): Promise<number> {
  const banner = page.locator('.banner').filter({ hasText: words });
  await expect(banner).toBeVisible({ timeout: 3000 });
  const ms = Date.now() - t0;
  expect(ms).toBeLessThanOrEqual(3000);
  await expect(banner).toContainText(/resumed at epoch [\d,]+/, { timeout: 30_000 });
  const at = Number((await banner.textContent())!.match(/resumed at epoch ([\d,]+)/)![1].replace(/,/g, ''));
  console.log(`${words.source}: said after ${ms} ms, resumed at epoch ${at} ${Date.now() - t0 - ms} ms after saying so`);
  return at;
}

test('a worker that closes during play is noticed within 3 s; the run resumes where it was, as if never interrupted', async ({ page, problems }) => {
  await playTo(page, 25);
  const worker = await simWorker(page);
  const t0 = Date.now();
  void worker.evaluate(() => { self.close(); }).catch(() => {}); // gone without a word: no error event
  const at = await noticed(page, t0, /stopped answering while the run played/);
  expect(at).toBeGreaterThanOrEqual(25);
  // It plays on from there: never back to epoch 0.
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect.poll(() => epoch(page)).toBeGreaterThan(at + 5);
  expect(await sameAsUninterrupted(page)).toBeGreaterThan(at);
  expect(problems).toEqual([]);
});

test('a run with a timeline resumes after its events fired: the same epoch, the same events, the same run as the command line\'s', async ({ page, problems }) => {
  // shared-faults: a page poisoned at 2 s, an expander failed at 5 s (pages lost, eight hosts
  // hit); longer than its 80 epochs, so the run is still recorded wherever the pause lands.
  const s = JSON.parse(await readFile('public/presets/shared-faults.json', 'utf8'));
  s.epochs = 1000;
  const r = parseScenario(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  await playTo(page, 55, `#s=${encodeScenario(r.scenario)}`);
  const worker = await simWorker(page);
  const t0 = Date.now();
  void worker.evaluate(() => { self.close(); }).catch(() => {});
  const at = await noticed(page, t0, /stopped answering while the run played/);
  expect(at).toBeGreaterThanOrEqual(55);
  await expect.poll(() => epoch(page)).toBeGreaterThan(at + 3);
  // The report (its events rows included) is the CLI's, byte for byte.
  await sameAsUninterrupted(page);
  expect(problems).toEqual([]);
});

test('a worker stuck in an endless epoch during play is replaced within 3 s and resumes at the same epoch', async ({ page, problems }) => {
  await playTo(page, 15);
  const worker = await simWorker(page);
  const t0 = Date.now();
  // Busy for a minute: no snapshot, no answer to a ping.
  void worker.evaluate(() => { const end = Date.now() + 60_000; while (Date.now() < end) { /* stuck */ } }).catch(() => {});
  const at = await noticed(page, t0, /stopped answering while the run played/);
  expect(at).toBeGreaterThanOrEqual(15);
  await expect.poll(() => epoch(page)).toBeGreaterThan(at + 3);
  await sameAsUninterrupted(page);
  expect(problems).toEqual([]);
});

test('a long run resumes thousands of epochs in: replayed, not restarted, and the same run as the command line\'s', async ({ page, problems }) => {
  test.setTimeout(180_000);
  // single-host-cxl scaled down to a few MB (e2e/overview.spec.ts): thousands of epochs take seconds.
  const s = JSON.parse(await readFile('public/presets/single-host-cxl.json', 'utf8'));
  s.samplesPerHost = 64;
  for (const d of s.devices) d.capacityMB = 8;
  s.workloads[0].workingSetMB = 16;
  s.epochs = 100_000;
  s.policy = { name: 'tpp', params: {}, nodes: [] };
  const r = parseScenario(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  await openApp(page, `#s=${encodeScenario(r.scenario)}&speed=max`);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => epoch(page), { timeout: 120_000 }).toBeGreaterThan(3000);
  const worker = await simWorker(page);
  const t0 = Date.now();
  void worker.evaluate(() => { self.close(); }).catch(() => {});
  const at = await noticed(page, t0, /stopped answering while the run played/);
  expect(at).toBeGreaterThan(3000);
  await expect.poll(() => epoch(page)).toBeGreaterThan(at + 50);
  expect(await sameAsUninterrupted(page)).toBeGreaterThan(at);
  expect(problems).toEqual([]);
});

test('when the worker dies the UI says so and resumes the paused run at its epoch', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 3);
  const worker = await simWorker(page);
  // An uncaught error inside the worker, as a bug in the engine would cause.
  await worker.evaluate(() => { setTimeout(() => { throw new Error('simulated worker crash'); }); });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('simulator stopped');
  await expect(alert).toContainText('resumed at epoch 3');
  // Still at epoch 3 of the same scenario, paused, and the new worker runs on from there.
  await expect(metric(page, 'epoch')).toHaveText('3');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
  await stepTimes(page, 2);
  await expect(metric(page, 'epoch')).toHaveText('5');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
