/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The CSP in index.html allows no inline script. In dev, plugin-react injects an inline
 * Fast Refresh preamble: allow exactly that script by its hash (dev server only), so dev
 * runs under the same strict policy as the built app.
 */
function devInlineScriptHashes(): Plugin {
  return {
    name: 'dev-csp-inline-script-hashes',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const hashes = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
          .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
        const csp = /\s*<meta http-equiv="Content-Security-Policy"[^>]*>/.exec(html);
        if (!csp) return html;
        // The policy only covers what comes after it: move it above the injected scripts.
        const meta = csp[0].trim().replace("script-src 'self'", `script-src 'self' ${hashes.join(' ')}`);
        return html.replace(csp[0], '').replace(/<head>/, `<head>\n    ${meta}`);
      },
    },
  };
}

// The service worker's precache list: after a build, dist/sw.js gets the list of files it caches
// at install (the shell, the hashed scripts and styles, the worker, the presets) and a version
// derived from their contents, so the app works offline from the first visit and a new build
// replaces the old cache.
/** The placeholder in public/sw.js, between two markers: replaced by the build. */
export const MARKER = /\/\*PRECACHE\*\/[\s\S]*?\/\*PRECACHE\*\//;
const SW = 'sw.js';

/** Every file under `dir`, as "/"-separated paths relative to it, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The precache list and version for a built site in `dir` (pure: used by the plugin and its test). */
export function precacheOf(dir: string): { version: string; files: string[] } {
  const files = listFiles(dir).filter((f) => f !== SW && !f.endsWith('.map'));
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(dir, f)));
  return { version: hash.digest('hex').slice(0, 16), files };
}

export function precachePlugin(): Plugin {
  let outDir = '';
  return {
    name: 'sw-precache',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After everything (public/ included) is written.
    closeBundle: {
      order: 'post',
      handler() {
        const swPath = join(outDir, SW);
        const sw = readFileSync(swPath, 'utf8');
        if (!MARKER.test(sw)) throw new Error(`${SW}: no /*PRECACHE*/ placeholder to fill`);
        const build = precacheOf(outDir);
        writeFileSync(swPath, sw.replace(MARKER, JSON.stringify(build)));
      },
    },
  };
}

// Relative base so the built site works from any static file server or sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), devInlineScriptHashes(), precachePlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  test: {
    include: ['src/**/*.test.ts', 'app/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Many tests run whole presets; on a shared 2-core machine 5 s is a coin toss. Speed is
    // the benchmark's business (npm run bench), not a test's.
    testTimeout: 60_000,
  },
});
