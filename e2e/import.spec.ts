// Importing a real machine (drag-and-drop anywhere on the page, or the "Import machine…"
// picker), the summary before it replaces the scenario, a broken file that leaves the running
// scenario alone, and "What Linux sees" moving with the run.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openApp, metric, preset, stepTimes } from './fixtures';

const FIX = 'src/importers/fixtures/';

/** Drops a file on the page as a browser does: a DataTransfer with the file, on the body. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dt = await page.evaluateHandle(([n, t]) => {
    const d = new DataTransfer();
    d.items.add(new File([t], n, { type: 'text/plain' }));
    return d;
  }, [name, text] as const);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

const scenarioName = (page: Page) => page.locator('.topo-card .scenario-name');
const kernelText = (page: Page) => page.getByTestId('kernel-view-text');

test('a numactl file dropped anywhere on the page: the summary, then the machine', async ({ page, problems }) => {
  await openApp(page, preset('two-socket').hash);
  await dropFile(page, 'numactl.txt', readFileSync(`${FIX}numactl-2s-cxl.txt`, 'utf8'));
  const dialog = page.getByRole('dialog', { name: 'Import numactl.txt' });
  await expect(dialog.getByTestId('import-summary')).toHaveText('numactl --hardware output: 2 hosts, 3 memory devices.');
  await expect(dialog.getByTestId('import-read')).toContainText('node 2: no CPUs, 131072 MB');
  await expect(dialog.getByTestId('import-assumed')).toContainText('taken as a CXL expander');
  // Nothing replaced yet.
  await expect(scenarioName(page)).toHaveText(preset('two-socket').scenario.name);
  await dialog.getByRole('button', { name: 'Use this machine' }).click();
  await expect(dialog).toBeHidden();
  await expect(scenarioName(page)).toHaveText('Imported machine (numactl --hardware)');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled({ timeout: 60_000 });
  // The kernel view prints the file's sizes and distances back.
  await expect(kernelText(page)).toContainText('node 2 size: 131072 MB');
  await expect(kernelText(page)).toContainText('   0:   10   21   14 ');
  expect(problems).toEqual([]);
});

test('the picker imports an hwloc XML file; its CXL node shows in cxl list and the tiers', async ({ page, problems }) => {
  await openApp(page, preset('single-host-cxl').hash);
  await page.getByTestId('import-file').setInputFiles(`${FIX}hwloc-2s-cxl.xml`);
  const dialog = page.getByRole('dialog', { name: 'Import hwloc-2s-cxl.xml' });
  await expect(dialog.getByTestId('import-summary')).toContainText('hwloc XML (lstopo --of xml): 2 hosts, 3 memory devices, 1 switch');
  await expect(dialog.getByTestId('import-read')).toContainText('node 2: 64 GiB CXL memory behind 0000:0e:00.0, through sw0');
  await dialog.getByRole('button', { name: 'Use this machine' }).click();
  await expect(scenarioName(page)).toHaveText('Imported machine cxlbox (hwloc XML)');
  const panel = page.getByRole('region', { name: 'What Linux sees' });
  await panel.getByRole('button', { name: 'cxl list' }).click();
  await expect(kernelText(page)).toContainText('"ram_size":"64.00 GiB (68.72 GB)"');
  await panel.getByRole('button', { name: 'memory tiers' }).click();
  await expect(kernelText(page)).toContainText('memory_tier22/nodelist:2');
  expect(problems).toEqual([]);
});

test('a broken file is one error; the running scenario stays, at its epoch', async ({ page, problems }) => {
  await openApp(page, preset('two-socket').hash);
  await stepTimes(page, 2);
  const text = readFileSync(`${FIX}hwloc-2s-cxl.xml`, 'utf8');
  await dropFile(page, 'broken.xml', text.slice(0, text.indexOf('\n', 1500))); // cut after a whole line, as a copy that stopped short
  const dialog = page.getByRole('dialog', { name: 'Could not import broken.xml' });
  await expect(dialog.getByTestId('import-error')).toContainText('truncated?');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(scenarioName(page)).toHaveText(preset('two-socket').scenario.name);
  await expect(metric(page, 'epoch')).toHaveText('2');
  // A billion laughs: refused, never expanded.
  await dropFile(page, 'lol.xml', '<?xml version="1.0"?><!DOCTYPE topology [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><topology>&b;</topology>');
  await expect(page.getByRole('dialog', { name: 'Could not import lol.xml' }).getByTestId('import-error')).toContainText('internal subset');
  expect(problems).toEqual([]);
});

test('What Linux sees: numactl free memory moves as the run places pages', async ({ page, problems }) => {
  await openApp(page, preset('two-socket').hash);
  await expect(kernelText(page)).toContainText('node 0 free: 512 MB');
  const before = await kernelText(page).textContent();
  await stepTimes(page, 3);
  await expect(kernelText(page)).not.toHaveText(before ?? '');
  const free = Number(/node 0 free: (\d+) MB/.exec((await kernelText(page).textContent()) ?? '')![1]);
  expect(free).toBeLessThan(512);
  await expect(page.getByRole('region', { name: 'What Linux sees' })).toContainText('after epoch 3');
  expect(problems).toEqual([]);
});
