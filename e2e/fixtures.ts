// Shared test set-up: every page records console errors, uncaught errors and CSP violations.
import { readFileSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { encodeScenario } from '../src/scenario/codec';
import { readLink } from '../src/scenario/link';
import { presetCatalog } from '../scripts/cli/presets';
import type { Scenario } from '../src/scenario/schema';
import { parseScenario } from '../src/scenario/validate';
import { PREF, prefStorageKey } from '../app/prefs';

export const test = base.extend<{ problems: string[]; firstVisit: boolean; tourSeen: void }>({
  // A browser that has never seen the app gets the guided tour; every test but the tour's own
  // (test.use({ firstVisit: true })) starts as a returning visitor, with the tour seen.
  firstVisit: [false, { option: true }],
  tourSeen: [async ({ page, firstVisit }, provide) => {
    if (!firstVisit) await page.addInitScript((key) => localStorage.setItem(key, 'done'), prefStorageKey(PREF.tour));
    await provide();
  }, { auto: true }],
  problems: async ({ page }, provide) => {
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await provide(problems);
  },
});

export { expect };

/**
 * Test-only slow-downs of every simulator worker (app/test-hooks.ts): loads that take
 * `loadDelayMs` longer, epochs that take `stepDelayMs` longer. Call before opening the app.
 */
export async function slowWorker(page: Page, hooks: { loadDelayMs?: number; stepDelayMs?: number }): Promise<void> {
  await page.addInitScript((h) => { (window as unknown as { __CXL_TEST_HOOKS__: unknown }).__CXL_TEST_HOOKS__ = h; }, hooks);
}

/** Opens the app (optionally at a hash) and waits until the run is loaded and paused. */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`./${hash}`);
  // Building a run of a few hundred thousand pages can take a while on a busy machine.
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled({ timeout: 60_000 });
}

/** A figure of the metrics panel: amat / throughput / fast are this epoch's ("-run": the run's average); migrations are run totals ("-epoch": this epoch's). */
export type MetricKey = 'epoch' | 'time' | 'amat' | 'throughput' | 'fast' | 'local' | 'migrations' | 'promotions' | 'demotions'
  | 'amat-run' | 'throughput-run' | 'fast-run' | 'local-run' | 'migrations-epoch' | 'promotions-epoch' | 'demotions-epoch';

export function metric(page: Page, key: MetricKey) {
  return page.getByRole('region', { name: 'Live metrics' }).locator(`[data-metric="${key}"]`);
}

export async function epoch(page: Page): Promise<number> {
  return Number((await metric(page, 'epoch').textContent())?.replace(/,/g, ''));
}

export const hashOf = (page: Page) => page.evaluate(() => location.hash);

/** A node's position from its SVG transform. */
export async function nodePosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  const t = await page.locator(`[data-node="${id}"]`).getAttribute('transform');
  const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t ?? '');
  if (!m) throw new Error(`no position for ${id}: ${t}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

/** Steps `n` epochs with the Step button and waits until the metrics show them. */
export async function stepTimes(page: Page, n: number): Promise<void> {
  const start = await epoch(page);
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < n; i++) await step.click();
  await expect(metric(page, 'epoch')).toHaveText(String(start + n));
}

/** Waits until `read` gives the same value `times` polls in a row (the thing stopped changing). */
export async function settled<T>(read: () => Promise<T>, times = 4, intervalMs = 300): Promise<T> {
  let last: T | undefined;
  let same = 0;
  await expect.poll(async () => {
    const v = await read();
    same = v === last ? same + 1 : 0;
    last = v;
    return same;
  }, { intervals: [intervalMs], timeout: 15_000 }).toBeGreaterThanOrEqual(times);
  return last as T;
}

/** A preset as the app would load it: the scenario, its full "#s=" link and its short "#preset=" one (what the app writes). */
export function preset(name: string): { scenario: Scenario; hash: string; short: string } {
  const r = parseScenario(JSON.parse(readFileSync(`public/presets/${name}.json`, 'utf8')));
  if (!r.ok) throw new Error(`preset ${name}: ${JSON.stringify(r.errors)}`);
  return { scenario: r.scenario, hash: `#s=${encodeScenario(r.scenario)}`, short: `#preset=${name}` };
}

/** Picks a preset in the Preset menu, as a user would, and waits until it is loaded at epoch 0. */
export async function pickPreset(page: Page, name: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Preset' }).selectOption(name);
  await expect(page.locator('.scenario-name')).toHaveText(preset(name).scenario.name);
  await expect(metric(page, 'epoch')).toHaveText('0');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
}

/** The scenario in the address bar (the comparison policy and the preset it came from, if any), read by the app's own link parser. */
export async function linkState(page: Page): Promise<{ scenario: Scenario | null; compare: string | null; preset: string | null }> {
  const r = readLink(await hashOf(page), presetCatalog());
  return r.ok ? { scenario: r.scenario, compare: r.options.b ?? null, preset: r.options.preset ?? null } : { scenario: null, compare: null, preset: null };
}

/** A PNG's size and how many of its pixels are coloured (a drawn line, a heat cell), decoded in the page. */
export async function pngPixels(page: Page, bytes: Buffer): Promise<{ w: number; h: number; coloured: number }> {
  return page.evaluate(async (b64) => {
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const img = await createImageBitmap(new Blob([raw], { type: 'image/png' }));
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    let coloured = 0;
    // Grey text and axes (an empty chart's "Press Play") are not coloured; the runs' lines are.
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) coloured++;
    return { w: img.width, h: img.height, coloured };
  }, bytes.toString('base64'));
}
