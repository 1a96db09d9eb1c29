// `npm run papers`: where the research presets land against the papers they reproduce, over
// seeds 1-5 with each preset's own run length (the figures the preset descriptions and the
// README quote). `npm run papers -- --costs` also runs three tiering policies on tpp-1to4 with
// migrations free, to show what they cost; `npm run papers -- PRESET...` only those rows. Slow
// (minutes); asserts nothing, except `npm run papers -- --optimal`: optimal against every other
// policy on every preset and tpp-1to4-2m-skew, seeds 1-3, OPTIMAL_EPOCHS epochs each (the full
// sweep src/policies/optimal.test.ts samples); it prints each preset's best other policy and
// exits 1 if optimal trails any by more than OPTIMAL_TOLERANCE_POINTS.
import { Engine } from '../src/engine';
import { OPTIMAL_TOLERANCE_POINTS } from '../src/policies/optimal';
import { policyNames } from '../src/policies/registry';
import type { RunTotals } from '../src/run-totals';
import { valid } from '../src/scenario/fixtures';
import { loadPreset, presetNames } from './cli/presets';

const SEEDS = [1, 2, 3, 4, 5];

/** A row's policy: a name, or a name with parameters and the label the table shows. */
type Row = string | { name: string; params: Record<string, number>; label: string };

/**
 * A preset as the papers table runs it: its own JSON, or a variant. `tpp-1to4-2m-skew` is
 * tpp-1to4 on 2 MiB pages with hot regions of 128 KiB, smaller than a page: huge pages that are
 * hot because of a few of their parts, the case Memtis splits (src/workload.ts, partsPerPage).
 */
function scenarioOf(preset: string): Record<string, unknown> {
  if (preset !== 'tpp-1to4-2m-skew') return loadPreset(preset);
  const s = loadPreset('tpp-1to4');
  return { ...s, pageSize: '2m', workloads: s.workloads.map((w) => ({ ...w, hotRegionMB: 0.125 })) };
}

const TABLE: { preset: string; policies: Row[]; paper: string }[] = [
  { preset: 'tpp-1to4', policies: ['linux-no-tiering', 'linux-tiering', 'tpp', 'oracle', 'optimal'], paper: 'TPP (ASPLOS\'23) 1:4: default Linux ~18 % behind all-local, TPP within a few %' },
  { preset: 'bandwidth-contention', policies: ['first-touch', 'tpp', 'oracle', 'colloid', 'optimal'], paper: 'Colloid (SOSP\'24): hot-first placement far from optimal under contention' },
  { preset: 'bandwidth-expansion', policies: ['first-touch', 'interleave', 'weighted-interleave'], paper: 'weighted interleave gains for bandwidth-bound work' },
  { preset: 'switched-pool', policies: ['first-touch', 'tpp'], paper: 'Pond (ASPLOS\'23): 1-5 % for most workloads when pool memory is what they rarely touch' },
  { preset: 'two-socket', policies: ['interleave', 'first-touch', 'optimal'], paper: 'three latency classes in two tiers: optimal places over local, remote and CXL for the most instructions retired' },
  {
    preset: 'tpp-1to4-2m-skew',
    policies: ['first-touch', 'linux-tiering', 'tpp', 'oracle', { name: 'memtis', params: { splitEnabled: 0 }, label: 'memtis, no splitting' }, 'memtis', 'optimal'],
    paper: 'Memtis (SOSP\'23): huge pages are not always beneficial because of skewed accesses within them; splitting them helps',
  },
];

function run(preset: string, policy: Row, seed: number, migrationCosts = true, epochs?: number): RunTotals {
  const { name, params } = typeof policy === 'string' ? { name: policy, params: {} } : policy;
  const s = valid({ ...scenarioOf(preset), seed, policy: { name, params, nodes: [] } });
  const e = new Engine(s, { migrationCosts });
  for (let i = 0, n = epochs ?? s.epochs; i < n; i++) e.step();
  return e.runTotals();
}

const OPTIMAL_EPOCHS = 40;

/** Optimal against every other policy, every preset, seeds 1-3: the rows and whether it held. */
function optimalSweep(): boolean {
  console.log(`
optimal against every other policy, seeds 1-3, ${OPTIMAL_EPOCHS} epochs (slowdown vs all-local, %; tolerance ${OPTIMAL_TOLERANCE_POINTS} points)`);
  console.log('| preset | seed | optimal | best other policy | its slowdown | optimal - best |');
  console.log('|---|---|---|---|---|---|');
  let ok = true;
  for (const preset of [...presetNames(), 'tpp-1to4-2m-skew']) {
    for (const seed of [1, 2, 3]) {
      const best = run(preset, 'optimal', seed, true, OPTIMAL_EPOCHS).slowdownPercent;
      let other = '', otherSd = Infinity;
      for (const p of policyNames()) {
        if (p === 'optimal') continue;
        const sd = run(preset, p, seed, true, OPTIMAL_EPOCHS).slowdownPercent;
        if (sd < otherSd) { otherSd = sd; other = p; }
      }
      const gap = best - otherSd;
      if (gap > OPTIMAL_TOLERANCE_POINTS) ok = false;
      console.log(`| ${preset} | ${seed} | ${best.toFixed(2)} | ${other} | ${otherSd.toFixed(2)} | ${gap.toFixed(2)}${gap > OPTIMAL_TOLERANCE_POINTS ? ' (over the tolerance)' : ''} |`);
    }
  }
  return ok;
}

const fmt = (xs: number[], digits: number) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `${mean.toFixed(digits)} [${Math.min(...xs).toFixed(digits)}, ${Math.max(...xs).toFixed(digits)}]`;
};

function table(only: string[]): void {
  for (const { preset, policies, paper } of TABLE) {
    if (only.length > 0 && !only.includes(preset)) continue;
    console.log(`\n${preset}: ${paper}`);
    console.log('| policy | slowdown vs all-local, % | instructions/s | AMAT, ns | fast-tier share | migrations | migration CPU, % |');
    console.log('|---|---|---|---|---|---|---|');
    for (const policy of policies) {
      const r = SEEDS.map((seed) => run(preset, policy, seed));
      const col = (f: (t: RunTotals) => number, d: number) => fmt(r.map(f), d);
      console.log(`| ${typeof policy === 'string' ? policy : policy.label} | ${col((t) => t.slowdownPercent, 1)} | ${col((t) => t.instructionsPerSecond / 1e9, 2)} G | ${col((t) => t.amatNs, 1)} | ${col((t) => t.fastTierAccessShare, 3)} | ${col((t) => t.migrations, 0)} | ${col((t) => t.migrationCpuPercent, 2)} |`);
    }
  }
}

function costs(): void {
  console.log('\ntpp-1to4, seeds 1-5: migrations with their costs and free');
  console.log('| policy | migrations | migration CPU, % | instructions/s change when free, % | throughput change when free, % |');
  console.log('|---|---|---|---|---|');
  for (const policy of ['linux-tiering', 'tpp', 'oracle']) {
    const paid = SEEDS.map((seed) => run('tpp-1to4', policy, seed));
    const free = SEEDS.map((seed) => run('tpp-1to4', policy, seed, false));
    const gain = (f: (t: RunTotals) => number) => fmt(paid.map((p, i) => 100 * (f(free[i]) / f(p) - 1)), 2);
    console.log(`| ${policy} | ${fmt(paid.map((t) => t.migrations), 0)} | ${fmt(paid.map((t) => t.migrationCpuPercent), 2)} | ${gain((t) => t.instructionsPerSecond)} | ${gain((t) => t.throughputGBps)} |`);
  }
}

if (process.argv.includes('--optimal')) {
  if (!optimalSweep()) process.exitCode = 1;
} else {
  table(process.argv.slice(2).filter((a) => !a.startsWith('--')));
  if (process.argv.includes('--costs')) costs();
}
