// Memory soak: builds the app, serves it, plays a preset at maximum speed in headless Chromium
// for several minutes and prints the page's heap (garbage collected first, through the
// DevTools protocol) every minute, and the simulation worker's. A booth demo plays for hours:
// whatever the run length, the page's memory must stay flat. Done when the heap after the
// last minute is within 10 % of its size after the first.
//   npm run soak [-- --minutes 10 --preset pond-pool --no-build]
import { spawnSync } from 'node:child_process';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { preview } from 'vite';
import { encodeScenario } from '../src/scenario/codec';
import { parseScenario } from '../src/scenario/validate';

/** app/prefs.ts's key for the guided tour (scripts/ never import app/): seen, so no tour covers the page. */
const TOUR_SEEN_KEY = 'cxl-playground:tour';

/** The heap may end at most this much above (or below) its size after the first minute. */
export const FLAT = 0.1;

interface Options { minutes: number; preset: string; build: boolean }

function options(argv: string[]): Options {
  const o: Options = { minutes: 10, preset: 'pond-pool', build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--minutes') o.minutes = Math.max(1, Number(argv[++i]) || 10);
    else if (a === '--preset') o.preset = argv[++i] ?? o.preset;
    else if (a === '--no-build') o.build = false;
    else throw new Error(`soak: unknown argument "${a}" (known: --minutes N, --preset NAME, --no-build)`);
  }
  return o;
}

interface Heap {
  /** JavaScript objects, after a forced collection. */
  usedMB: number;
  /** ArrayBuffer backing stores (typed arrays live there), when the browser reports them. */
  buffersMB: number;
}

const MB = 2 ** 20;

/** Collects garbage in the session's target, then reads its heap. */
async function heapOf(s: CDPSession): Promise<Heap> {
  await s.send('HeapProfiler.collectGarbage');
  await s.send('HeapProfiler.collectGarbage');
  const u = await s.send('Runtime.getHeapUsage') as { usedSize: number; backingStorageSize?: number };
  return { usedMB: u.usedSize / MB, buffersMB: (u.backingStorageSize ?? 0) / MB };
}

/** The page's main-thread metrics (Performance.getMetrics): its JS heap as Chromium counts it. */
async function pageMetrics(s: CDPSession): Promise<number> {
  const { metrics } = await s.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / MB;
}

/**
 * A session on the simulation worker: a dedicated worker is not in the browser's target list,
 * so the page's session auto-attaches to it (not flattened: messages go through
 * Target.sendMessageToTarget, as Playwright gives sessions on pages only). Null if none shows.
 */
async function workerSession(page: CDPSession): Promise<((method: string) => Promise<unknown>) | null> {
  interface Attached { sessionId: string; targetInfo: { type: string; url: string } }
  const on = page.on.bind(page) as unknown as (event: string, fn: (e: never) => void) => void;
  const sessionId = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 10_000);
    on('Target.attachedToTarget', (e: Attached) => {
      if (e.targetInfo.type === 'worker' && e.targetInfo.url.includes('sim.worker')) { clearTimeout(timer); resolve(e.sessionId); }
    });
    void page.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  });
  if (!sessionId) return null;
  let id = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
  });
  return (method: string) => new Promise((resolve) => {
    const n = ++id;
    waiting.set(n, resolve);
    void page.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method }) });
  });
}

async function workerHeap(call: ((method: string) => Promise<unknown>) | null): Promise<number> {
  if (!call) return NaN;
  await call('HeapProfiler.collectGarbage');
  const u = await call('Runtime.getHeapUsage') as { usedSize: number; backingStorageSize?: number } | undefined;
  return u ? (u.usedSize + (u.backingStorageSize ?? 0)) / MB : NaN;
}

const epochOf = async (page: Page) => Number((await page.locator('[data-metric="epoch"]').first().textContent())?.replace(/[^\d]/g, '') || NaN);
const mb = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} MB` : 'n/a');

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (o.build) {
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('soak: the build failed');
  }
  const server = await preview({ logLevel: 'silent', preview: { host: '127.0.0.1', port: Number(process.env.SOAK_PORT ?? 4291), strictPort: false } });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('soak: the preview server has no address');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    // A returning visitor: no guided tour over the page.
    await context.addInitScript((key) => { try { localStorage.setItem(key, 'done'); } catch { /* private mode */ } }, TOUR_SEEN_KEY);
    const page = await context.newPage();
    const r = parseScenario(JSON.parse(readFileSync(`public/presets/${o.preset}.json`, 'utf8')));
    if (!r.ok) throw new Error(`soak: preset ${o.preset} cannot be read`);
    await page.goto(`${base}#s=${encodeScenario(r.scenario)}&speed=max`);
    await page.waitForFunction(() => !document.querySelector('button.play')?.hasAttribute('disabled'), null, { timeout: 120_000 });
    const s = await context.newCDPSession(page);
    await s.send('Performance.enable');
    const worker = await workerSession(s);
    console.log(`Memory soak: preset ${o.preset} at maximum speed for ${o.minutes} min, 1280x800, headless Chromium; heap after forced garbage collection`);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const rows: { min: number; epoch: number; heap: Heap; metric: number; worker: number }[] = [];
    for (let min = 1; min <= o.minutes; min++) {
      await page.waitForTimeout(Math.max(0, t0 + min * 60_000 - Date.now()));
      const heap = await heapOf(s);
      const row = { min, epoch: await epochOf(page), heap, metric: await pageMetrics(s), worker: await workerHeap(worker) };
      rows.push(row);
      console.log(`  ${String(min).padStart(2)} min  epoch ${row.epoch.toLocaleString('en-US').padStart(9)}  page heap ${mb(heap.usedMB)} + array buffers ${mb(heap.buffersMB)} (JSHeapUsedSize ${mb(row.metric)})  worker ${mb(row.worker)}`);
    }
    const first = rows[0], last = rows[rows.length - 1];
    const total = (r: typeof first) => r.heap.usedMB + r.heap.buffersMB;
    const change = total(last) / total(first) - 1;
    console.log(`page heap after ${last.min} min: ${mb(total(last))} against ${mb(total(first))} after 1 min (${(change * 100).toFixed(1)} %; done when within ${FLAT * 100} %: ${Math.abs(change) <= FLAT ? 'within' : 'OVER'})`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
