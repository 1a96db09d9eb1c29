#!/usr/bin/env node
// Runs every suite (typecheck, lint, unit + property tests, end-to-end tests in Chromium)
// and ends with one plain line "N passed, N failed" that sums them all.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';

const out = 'test-results/summary';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function check(label, cmd, args) {
  const code = run(label, cmd, args);
  if (code === 0) passed += 1; else failed += 1;
  lines.push(`${label}: ${code === 0 ? 'ok' : 'FAILED'}`);
}

function readJson(file) {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; }
}

check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
check('typecheck (worker)', 'npx', ['tsc', '-p', 'tsconfig.worker.json', '--noEmit']);
check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);

const unitCode = run('unit and property tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/vitest.json`]);
const v = readJson(`${out}/vitest.json`);
if (v) {
  passed += v.numPassedTests; failed += v.numFailedTests;
  // A suite that fails to load counts as a failure even when it holds no passing test.
  const brokenFiles = (v.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  failed += brokenFiles;
  lines.push(`unit: ${v.numPassedTests} passed, ${v.numFailedTests + brokenFiles} failed`);
} else { failed += 1; lines.push('unit: no report'); }
if (unitCode !== 0 && v && v.numFailedTests === 0 && failed === 0) { failed += 1; }

const e2eCode = run('end-to-end tests (Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright.json` });
const p = readJson(`${out}/playwright.json`);
if (p && p.stats) {
  const ok = p.stats.expected + (p.stats.flaky ?? 0);
  const bad = p.stats.unexpected;
  passed += ok; failed += bad;
  lines.push(`e2e: ${ok} passed, ${bad} failed`);
  if (e2eCode !== 0 && bad === 0) { failed += 1; lines.push('e2e: runner failed'); }
} else { failed += 1; lines.push('e2e: no report'); }

console.log('\n' + lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
