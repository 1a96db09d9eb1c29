// Exports: pictures of the views (SVG and PNG), the metrics as the CLI's CSV and JSON, and the
// scenario as a file the CLI runs exactly as the page's link.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { test, expect, openApp, pngPixels, preset, stepTimes } from './fixtures';

const run = promisify(execFile);

/** `npm run sim --silent -- ARGS`, with the local tsx. */
async function sim(args: string[]): Promise<string> {
  const r = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/sim.ts', ...args], { maxBuffer: 1 << 26 });
  return r.stdout;
}

/** Clicks a button of the Export sheet and returns the downloaded file's name and bytes. */
async function exported(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: button, exact: true }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('pictures: topology and charts as SVG and PNG, the heatmap as PNG', async ({ page, problems }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await stepTimes(page, 4);
  await page.getByRole('button', { name: 'Export…' }).click();
  const sheet = page.getByRole('dialog', { name: 'Export' });
  await expect(sheet).toBeVisible();

  const topo = await exported(page, 'Topology as SVG');
  expect(topo.name).toBe('single-host-with-two-cxl-expanders-topology.svg');
  const svg = topo.bytes.toString('utf8');
  expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svg).toContain('<title>Topology</title>');
  expect(svg).toContain('Host 0 DRAM');
  expect(svg).toMatch(/style="[^"]*font-size:\s*12\.5px/); // the CSS came along
  expect(svg).not.toContain('class=');

  for (const [button, stem, text] of [
    ['Fast-tier share, AMAT and throughput chart as SVG', 'chart', 'AMAT (ns)'],
    ['Migrations chart as SVG', 'migrations', 'promoted'],
  ] as const) {
    const f = await exported(page, button);
    expect(f.name).toBe(`single-host-with-two-cxl-expanders-${stem}.svg`);
    const s = f.bytes.toString('utf8');
    expect(s).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+(\.\d+)?" height="\d+(\.\d+)?"/);
    expect(s).toContain(text);
    expect((s.match(/<path /g) ?? []).length).toBeGreaterThan(3);
  }

  for (const [button, stem] of [
    ['Topology as PNG', 'topology'],
    ['Fast-tier share, AMAT and throughput chart as PNG', 'chart'],
    ['Migrations chart as PNG', 'migrations'],
    ['Heatmap as PNG', 'heatmap'],
  ] as const) {
    const f = await exported(page, button);
    expect(f.name).toBe(`single-host-with-two-cxl-expanders-${stem}.png`);
    expect(f.bytes.subarray(0, 8).equals(PNG)).toBe(true);
    expect(f.bytes.length).toBeGreaterThan(1000);
  }
  // The heatmap has no vector form.
  await expect(sheet.getByRole('button', { name: 'Heatmap as SVG' })).toHaveCount(0);
  expect(problems).toEqual([]);
});


test('pictures are drawn from the data: charts and the heatmap never scrolled into view are not blank; link labels keep their halo', async ({ page, problems }) => {
  // Short enough that the charts and the heatmap are below the fold and never painted on screen.
  await page.setViewportSize({ width: 1366, height: 420 });
  await openApp(page, '#preset=tpp-1to4');
  await stepTimes(page, 12);
  // The migrations chart and the heatmap at least are below the fold (never drawn on screen).
  const top = async (css: string) => (await page.locator(css).first().boundingBox())?.y ?? -1;
  expect(await top('canvas.migration-canvas')).toBeGreaterThan(420);
  expect(await top('canvas.heat-canvas')).toBeGreaterThan(420);
  await page.getByRole('button', { name: 'Export…' }).click();
  for (const button of ['Fast-tier share, AMAT and throughput chart as PNG', 'Migrations chart as PNG', 'Heatmap as PNG']) {
    const f = await exported(page, button);
    const px = await pngPixels(page, f.bytes);
    console.log(`${button}: ${px.w}x${px.h}, ${px.coloured} coloured pixels`);
    // Drawn at twice its size (never the 300x150 of a canvas that was never sized), with data in it.
    expect(px.w).toBeGreaterThan(600);
    expect(px.h).toBeGreaterThan(150);
    expect(px.coloured).toBeGreaterThan(500);
  }
  // The topology's link labels are drawn over a halo (a stroke painted first): the copy keeps the order.
  const topo = (await exported(page, 'Topology as SVG')).bytes.toString('utf8');
  expect(topo).toMatch(/paint-order:\s*stroke/);
  expect(problems).toEqual([]);
});

test("metrics as the CLI's CSV and JSON; Export scenario runs in the CLI exactly as the page's link", async ({ page, problems }) => {
  const N = 5;
  await openApp(page, preset('single-host-cxl').hash);
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('tpp');
  await stepTimes(page, N);
  const url = page.url();
  await page.getByRole('button', { name: 'Export…' }).click();

  // Four CLI runs (each starts Node and tsx: slow on a busy machine).
  test.setTimeout(180_000);
  const cli = {
    csv: await sim(['--url', url, '--epochs', String(N), '--format', 'csv']),
    json: await sim(['--url', url, '--epochs', String(N)]),
  };
  const csv = await exported(page, 'Metrics as CSV');
  expect(csv.name).toBe(`single-host-with-two-cxl-expanders-tpp-${N}-epochs.csv`);
  expect(csv.bytes.toString('utf8')).toBe(cli.csv);
  expect(cli.csv.trim().split('\n')).toHaveLength(N + 1);
  const json = await exported(page, 'Metrics as JSON');
  expect(json.bytes.toString('utf8')).toBe(cli.json);

  const file = await exported(page, 'Export scenario');
  expect(file.name).toBe('single-host-with-two-cxl-expanders.scenario.json');
  const scenario = JSON.parse(file.bytes.toString('utf8'));
  expect(scenario.policy.name).toBe('tpp');
  expect(scenario.devices[0].latencyNs).toBeGreaterThan(0); // every number written out
  const path = test.info().outputPath('exported.scenario.json');
  await writeFile(path, file.bytes);
  expect(await sim(['--scenario', path, '--epochs', String(N)])).toBe(cli.json);
  expect(await sim(['--scenario', path, '--epochs', String(N), '--format', 'csv'])).toBe(cli.csv);
  expect(problems).toEqual([]);
});
