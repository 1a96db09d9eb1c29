/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
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

// Relative base so the built site works from any static file server or sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), devInlineScriptHashes()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  test: {
    include: ['src/**/*.test.ts', 'app/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
