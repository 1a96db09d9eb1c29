import { chromium } from '@playwright/test';
const [,, url, out, w = '1920', h = '1080', scheme = 'light', actions = ''] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) }, colorScheme: scheme });
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(2500);
for (const a of actions.split(';').filter(Boolean)) {
  if (a.startsWith('key:')) await page.keyboard.press(a.slice(4));
  else if (a.startsWith('wait:')) await page.waitForTimeout(Number(a.slice(5)));
  else if (a.startsWith('click:')) await page.getByRole('button', { name: a.slice(6) }).first().click();
}
await page.screenshot({ path: out });
await browser.close();
