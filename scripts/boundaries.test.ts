// The folder boundaries are machine-checked by ESLint; this runs ESLint itself on files that
// break them, so the guard cannot rot silently (a pattern that stops matching fails here).
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** Lints `text` as if it were the file at `path` (relative to the repository), which need not exist. */
async function problems(path: string, text: string): Promise<{ rule: string | null; line: number }[]> {
  const [r] = await eslint.lintText(text, { filePath: join(ROOT, path) });
  return r.messages.map((m) => ({ rule: m.ruleId, line: m.line }));
}

const lines = (ps: { rule: string | null; line: number }[], rule: string) => ps.filter((p) => p.rule === rule).map((p) => p.line).sort((a, b) => a - b);

// ESLint and typescript-eslint load slowly on a shared machine: generous time, nothing timed.
describe('ESLint boundaries', { timeout: 120_000 }, () => {
  it('src/ imports nothing from app/, workers/, scripts/, e2e/ at any depth, no UI library and no Node module', async () => {
    const text = [
      "import { a } from '../../app/x';", // 1
      "import { b } from '../app/store';", // 2
      "import { c } from '../../workers/runner';", // 3
      "import { d } from '../../scripts/cli/presets';", // 4
      "import { e } from '../../e2e/helpers';", // 5
      "import * as d3 from 'd3';", // 6
      "import { scaleLinear } from 'd3-scale';", // 7
      "import React from 'react';", // 8
      "import { create } from 'zustand';", // 9
      "import { expose } from 'comlink';", // 10
      "import { readFileSync } from 'node:fs';", // 11
      "import { Engine } from './engine';", // 12: allowed
      "import { LIMITS } from '../scenario/limits';", // 13: allowed
      'export const all = [a, b, c, d, e, d3, scaleLinear, React, create, expose, readFileSync, Engine, LIMITS];',
    ].join('\n');
    const ps = await problems('src/policies/boundary-probe.ts', text);
    expect(lines(ps, 'no-restricted-imports')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('src/ uses no DOM, worker or Node globals', async () => {
    const text = [
      'export const t = document.title;', // 1
      'export const w = window.innerWidth;', // 2
      'self.postMessage(1);', // 3
      'export const e = process.env.HOME;', // 4
      'export const n = navigator.language;', // 5
      'export const ok = [Math.max(1, 2), new Float64Array(2), new URL("https://x.org"), console];', // 6: allowed
    ].join('\n');
    const ps = await problems('src/boundary-probe.ts', text);
    expect(lines(ps, 'no-restricted-globals')).toEqual([1, 2, 3, 4, 5]);
  });

  it("src/'s tests may load presets through scripts/, never reach the app or the worker", async () => {
    const text = [
      "import { loadPreset } from '../../scripts/cli/presets';", // 1: allowed
      "import { a } from '../../app/x';", // 2
      "import { b } from '../workers/runner';", // 3
      "import * as d3 from 'd3';", // 4
      'export const all = [loadPreset, a, b, d3];',
    ].join('\n');
    const ps = await problems('src/policies/boundary-probe.test.ts', text);
    expect(lines(ps, 'no-restricted-imports')).toEqual([2, 3, 4]);
  });

  it('workers/ imports nothing from app/', async () => {
    const text = [
      "import { a } from '../app/store';", // 1
      "import { b } from '../../app/views/x';", // 2
      "import { Engine } from '../src/engine/engine';", // 3: allowed
      'export const all = [a, b, Engine];',
    ].join('\n');
    const ps = await problems('workers/boundary-probe.ts', text);
    expect(lines(ps, 'no-restricted-imports')).toEqual([1, 2]);
  });
});

describe('ESLint: the CLI never imports the app, and no module imports itself back', { timeout: 120_000 }, () => {
  it('scripts/ imports nothing from app/ at any depth', async () => {
    const text = [
      "import { FIRST_FRAME_MARK } from '../app/frame';", // 1
      "import { fmt } from '../../app/format';", // 2
      "import { FIRST_RUN_FRAME_MARK } from '../src/marks';", // 3: allowed
      'export const all = [FIRST_FRAME_MARK, fmt, FIRST_RUN_FRAME_MARK];',
    ].join('\n');
    expect(lines(await problems('scripts/boundary-probe.ts', text), 'no-restricted-imports')).toEqual([1, 2]);
    expect(lines(await problems('scripts/cli/boundary-probe.ts', text), 'no-restricted-imports')).toEqual([1, 2]);
  });

  it('an import that closes a cycle is refused, type-only imports included', async () => {
    // The loaded-latency solver is imported (through the traffic step) by the engine: importing
    // the engine back, even for a type, closes a cycle. Importing the calibration does not.
    const text = [
      "import type { Engine } from '../engine/engine';", // 1
      "import { CAL } from '../platform/calibration';", // 2: allowed
      "export type { Engine } from '../engine/engine';", // 3
      'export const all = [CAL];',
    ].join('\n');
    expect(lines(await problems('src/physics/latency.ts', text), 'local/no-import-cycle')).toEqual([1, 3]);
    // A new module with the same imports closes no cycle: nothing imports it.
    expect(lines(await problems('src/physics/boundary-probe.ts', text), 'local/no-import-cycle')).toEqual([]);
  });
});
