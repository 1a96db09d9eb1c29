import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import local from './scripts/lint/import-cycles.js';

/** Relative imports that reach a top-level folder at any depth ('../app/x', '../../app/x/y', '../x/../../app'). */
function boundary(folders) {
  return folders.map((f) => ({ regex: `^\\.{1,2}/(.*/)?${f}(/|$)`, message: `crosses a boundary: nothing from ${f}/ here (see src/README.md)` }));
}
const UI_LIBRARIES = { regex: '^(react|react-dom|zustand|comlink|d3|d3-[a-z-]+)(/|$)', message: 'UI and worker libraries stay out of the engine' };
const NODE_MODULES = { regex: '^node:', message: 'the engine runs in browsers too: no Node modules' };
// Globals of a host (DOM, worker, Node) that plain ES2022 lacks, except the few every runtime has.
const EVERYWHERE = new Set(['console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'performance', 'structuredClone', 'atob', 'btoa']);
const HOST_GLOBALS = [...new Set([...Object.keys(globals.browser), ...Object.keys(globals.worker), ...Object.keys(globals.node)])]
  .filter((g) => !(g in globals.es2022) && !EVERYWHERE.has(g))
  .map((name) => ({ name, message: 'the engine is pure: no DOM, worker or Node globals' }));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, local },
    rules: {
      'local/no-import-cycle': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain Node scripts (scripts/test-all.mjs and friends).
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { local },
    rules: { 'local/no-import-cycle': 'error' },
  },
  {
    files: ['public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // The engine is pure: no UI, DOM, worker or Node code, at any depth of relative path.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...boundary(['app', 'workers', 'scripts', 'e2e']), UI_LIBRARIES, NODE_MODULES] }],
      'no-restricted-globals': ['error', ...HOST_GLOBALS],
    },
  },
  {
    // The engine's tests run in Node and may use the CLI's preset loader; never the UI or the worker.
    files: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...boundary(['app', 'workers', 'e2e']), UI_LIBRARIES] }],
    },
  },
  {
    // The CLI, the benchmarks and the lint rules run without the app: they never import it.
    files: ['scripts/**/*.{ts,js,mjs}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: boundary(['app']) }],
    },
  },
  {
    // The worker host serves the app; it never imports it.
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: boundary(['app']) }],
    },
  },
);
