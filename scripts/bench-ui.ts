// UI frame-budget benchmark: builds the app, serves it, drives headless Chromium through a
// scripted run of the largest preset, the largest pool preset (its VMs in the load solve), a
// 64-host fabric and that fabric grown to 256 hosts (the generators, src/scenario/generators.ts)
// at maximum speed, and prints
// frame times, the longest main-thread task, the time to the first drawn frame, the latency
// of clicks during play and the initial JavaScript size next to their targets. It asserts
// nothing timed (the machine is shared and noisy): the figures are for people.
//   npm run bench:ui [-- --runs 3 --seconds 8 --no-build --only '256 hosts']
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { encodeScenario } from '../src/scenario/codec';
import { fabric64, valid } from '../src/scenario/fixtures';
import { generate } from '../src/scenario/generators';
import { LIMITS } from '../src/scenario/limits';
import type { Scenario } from '../src/scenario/schema';
import { parseScenario } from '../src/scenario/validate';
import { FIRST_FRAME_MARK } from '../src/marks';

export const TARGETS = { p95FrameMs: 20, longestTaskMs: 50, firstFrameMs: 1000, initialJsKB: 250 } as const;

interface Options { runs: number; seconds: number; build: boolean; clicks: number; only: string | null }

function options(argv: string[]): Options {
  const o: Options = { runs: 1, seconds: 8, build: true, clicks: 5, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Math.max(1, Math.floor(Number(argv[++i])) || 1);
    else if (a === '--seconds') o.seconds = Math.max(1, Number(argv[++i]) || 8);
    else if (a === '--no-build') o.build = false;
    else if (a === '--only') o.only = argv[++i] ?? '';
    else throw new Error(`bench:ui: unknown argument "${a}" (known: --runs N, --seconds S, --no-build, --only TEXT)`);
  }
  return o;
}

/** The preset that `size` ranks first (ties: the index's order), among those `keep` accepts. */
function largestPreset(size: (s: Scenario) => number, keep: (s: Scenario) => boolean = () => true): { name: string; scenario: Scenario } {
  const index = JSON.parse(readFileSync('public/presets/index.json', 'utf8')) as { name: string; file: string }[];
  let best: { name: string; scenario: Scenario; size: number } | null = null;
  for (const p of index) {
    const r = parseScenario(JSON.parse(readFileSync(join('public/presets', p.file), 'utf8')));
    if (!r.ok || !keep(r.scenario)) continue;
    const n = size(r.scenario);
    if (!best || n > best.size) best = { name: p.name, scenario: r.scenario, size: n };
  }
  if (!best) throw new Error('bench:ui: no preset could be read');
  return best;
}

/** The most working-set pages (then the most hosts): the heaviest to draw. */
const byPages = (s: Scenario) => s.workloads.reduce((a, w) => a + w.workingSetMB, 0) * 1000 + s.hosts.length;
/** A pool's hosts and VM arrivals: the most VMs in the load solve and on screen. */
const byVms = (s: Scenario) => s.hosts.length * 1000 + (s.pool?.vms?.arrivalsPerEpoch ?? 0);

/** Gzipped size (KB) of the scripts the page loads before it runs: the entry and its static imports. */
function initialJs(dist: string): { kb: number; files: string[]; workerKb: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => (m[1] ?? m[2]).replace(/^\.\//, ''));
  const gz = (f: string) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length / 1024;
  const worker = readdirSync(join(dist, 'assets')).filter((f) => f.startsWith('sim.worker'));
  return { kb: files.reduce((a, f) => a + gz(f), 0), files, workerKb: worker.reduce((a, f) => a + gz(join('assets', f)), 0) };
}

/**
 * Recorders installed before the app starts (plain JavaScript: the page runs it as written):
 * a probe frame loop (the interval between two animation frames is how long the main thread
 * kept the screen from updating), long tasks, and each click's latency from the input event
 * to the start of the next frame after every handler ran.
 */
const RECORDERS = `
  const b = (window.__bench = { frames: [], tasks: [], clicks: [], updates: 0, epochs: [], recording: false });
  let last = 0;
  let shown = null;
  const probe = (t) => {
    if (b.recording && last > 0) b.frames.push(t - last);
    last = t;
    // How often the epoch on screen changes: a smooth frame rate bought by showing nothing new
    // would not count. The newest any view shows: panels off screen follow more slowly
    // (app/sight.ts), those on screen show the newest.
    let e = null;
    for (const el of document.querySelectorAll('[data-shown-epoch]')) {
      const v = Number(el.getAttribute('data-shown-epoch'));
      if (e === null || v > e) e = v;
    }
    if (e !== shown) { shown = e; if (b.recording) { b.updates++; b.epochs.push(Number(e)); } }
    requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (b.recording) b.tasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  window.addEventListener('click', (e) => {
    const t0 = e.timeStamp;
    setTimeout(() => requestAnimationFrame(() => { if (b.recording) b.clicks.push(performance.now() - t0); }), 0);
  });
`;

interface Figures { updatesPerS: number; epochsPerS: number; p50: number; p95: number; max: number; frames: number; late: number; longestTask: number; tasksOver50: number; firstFrame: number; fcp: number; clickMax: number; clickMedian: number }

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function drive(page: Page, url: string, o: Options): Promise<Figures> {
  await page.goto(url);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('button.play')?.hasAttribute('disabled'), null, { timeout: 120_000 });
  const [firstFrame, fcp] = await page.evaluate((mark) => [performance.getEntriesByName(mark)[0]?.startTime ?? NaN, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN], FIRST_FRAME_MARK);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await play.click();
  await page.waitForTimeout(1000); // warm up: the first epochs and the JIT
  await page.evaluate(() => { (window as unknown as { __bench: { recording: boolean } }).__bench.recording = true; });
  const gap = (o.seconds * 1000) / (o.clicks + 1);
  // Clicks that make the views redraw: the heatmap's colouring, back and forth.
  for (let i = 0; i < o.clicks; i++) {
    await page.waitForTimeout(gap);
    await page.getByRole('radio', { name: i % 2 === 0 ? 'placement' : 'access heat' }).first().click();
  }
  await page.waitForTimeout(gap);
  const b = await page.evaluate(() => {
    const x = (window as unknown as { __bench: { frames: number[]; tasks: number[]; clicks: number[]; updates: number; epochs: number[]; recording: boolean } }).__bench;
    x.recording = false;
    return x;
  });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const seconds = b.frames.reduce((a, f) => a + f, 0) / 1000;
  const span = b.epochs.length > 1 ? b.epochs[b.epochs.length - 1] - b.epochs[0] : 0;
  return {
    updatesPerS: seconds > 0 ? b.updates / seconds : 0, epochsPerS: seconds > 0 ? span / seconds : 0,
    p50: quantile(b.frames, 0.5), p95: quantile(b.frames, 0.95), max: Math.max(0, ...b.frames), frames: b.frames.length,
    late: b.frames.filter((f) => f > TARGETS.p95FrameMs).length,
    longestTask: Math.max(0, ...b.tasks), tasksOver50: b.tasks.filter((t) => t > 50).length, firstFrame, fcp,
    clickMax: Math.max(0, ...b.clicks), clickMedian: quantile(b.clicks, 0.5),
  };
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const mark = (ok: boolean) => (ok ? 'within' : 'OVER');

function print(label: string, f: Figures): void {
  console.log(`  ${label}`);
  console.log(`    frame time       p50 ${ms(f.p50)}, p95 ${ms(f.p95)} (target <= ${TARGETS.p95FrameMs} ms: ${mark(f.p95 <= TARGETS.p95FrameMs)}), max ${ms(f.max)} over ${f.frames} frames; ${f.late} frames (${((100 * f.late) / Math.max(1, f.frames)).toFixed(1)} %) over ${TARGETS.p95FrameMs} ms`);
  console.log(`    longest task     ${ms(f.longestTask)} (target: none over ${TARGETS.longestTaskMs} ms: ${mark(f.longestTask <= TARGETS.longestTaskMs)}; ${f.tasksOver50} over)`);
  console.log(`    first frame      ${ms(f.firstFrame)} after navigation (target <= ${TARGETS.firstFrameMs} ms: ${mark(f.firstFrame <= TARGETS.firstFrameMs)}); first contentful paint ${ms(f.fcp)}`);
  console.log(`    screen updates   ${f.updatesPerS.toFixed(1)} per s, showing ${f.epochsPerS.toFixed(0)} simulated epochs per s (what the numbers above bought)`);
  console.log(`    click during play  median ${ms(f.clickMedian)}, max ${ms(f.clickMax)} (input to the next frame)`);
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (o.build) {
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('bench:ui: the build failed');
  }
  const js = initialJs('dist');
  const server = await preview({ logLevel: 'silent', preview: { host: '127.0.0.1', port: Number(process.env.BENCH_UI_PORT ?? 4290), strictPort: false } });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('bench:ui: the preview server has no address');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const big = largestPreset(byPages);
  const pool = largestPreset(byVms, (s) => s.pool !== undefined);
  const fabric256 = valid(generate(fabric64(), { hosts: LIMITS.hosts, cxlDevices: 128 }));
  const runs: [string, Scenario][] = [[`preset ${big.name}`, big.scenario], [`pool preset ${pool.name}`, pool.scenario], ['64 hosts x 32 CXL devices', fabric64()], [`${LIMITS.hosts} hosts x 128 CXL devices`, fabric256]];
  console.log(`UI frame budget: ${o.seconds} s of play at maximum speed per scenario, ${o.clicks} clicks during play, 1280x800, headless Chromium (shared machine: figures vary run to run)`);
  console.log(`initial JS ${js.kb.toFixed(1)} KB gzip (target <= ${TARGETS.initialJsKB} KB: ${mark(js.kb <= TARGETS.initialJsKB)}; ${js.files.join(', ')}); simulation worker ${js.workerKb.toFixed(1)} KB gzip, loaded after`);
  try {
    for (let run = 1; run <= o.runs; run++) {
      console.log(`run ${run} of ${o.runs}`);
      for (const [label, s] of runs.filter(([l]) => o.only === null || l.includes(o.only))) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
        await context.addInitScript({ content: RECORDERS });
        const page = await context.newPage();
        print(label, await drive(page, `${base}#s=${encodeScenario(s)}`, o));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    // Keep-alive connections would hold the server (and the process) open: close them too.
    await server.close();
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
