// Cross-environment determinism: the run the browser's worker computed, downloaded as JSON,
// is byte for byte what the command line computes in Node from the page's own link.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { test, expect, openApp, pickPreset, stepTimes } from './fixtures';

const run = promisify(execFile);

for (const [name, epochs] of [['single-host-cxl', 6], ['tpp-1to4', 12], ['dcd-pool', 8]] as const) {
  test(`the downloaded run of ${name} (${epochs} epochs) is byte-identical to the CLI's --format json`, async ({ page, problems }) => {
    await openApp(page);
    if (name !== 'single-host-cxl') await pickPreset(page, name);
    await stepTimes(page, epochs);
    const url = page.url();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download run (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`-${epochs}-epochs\\.json$`));
    const browser = await readFile(await download.path(), 'utf8');
    // npm run sim --silent -- --url '<url>' --epochs N, with the local tsx.
    const cli = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/sim.ts', '--url', url, '--epochs', String(epochs)], { maxBuffer: 1 << 26 });
    expect(browser).toBe(cli.stdout);
    const report = JSON.parse(browser);
    expect(report.epochs).toHaveLength(epochs);
    if (name === 'tpp-1to4') {
      expect(report.policy).toBe('tpp');
      expect(report.summary.migrations).toBeGreaterThan(0);
    }
    // A pool with VMs: the seeded VM stream, its placements and their latencies, bit for bit.
    if (name === 'dcd-pool') {
      expect(report.vms.length).toBeGreaterThan(0);
      expect(report.summary.pool.vmsStarted).toBe(report.vms.length);
    } else {
      expect(report.vms).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
}
