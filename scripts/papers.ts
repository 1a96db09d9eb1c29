// `npm run papers`: where the presets land against the papers they reproduce, over seeds 1-5
// with each preset's own run length, and every other figure the README and the presets' texts
// quote (pools, shared memory, interleave sets, pods, calibration checks, the slowdown's bound,
// a promotion rate limit's hint faults, optimal's own numbers, a kernel view). Human-readable
// tables on stdout. `npm run papers -- --write` also writes those figures into the texts that
// quote them (README.md's <!-- papers:NAME --> blocks, preset descriptions, lesson texts; the
// templates: scripts/papers-templates.md, scripts/papers-texts.ts). `-- --costs` also runs
// three tiering policies on tpp-1to4 with migrations free, to show what they cost;
// `-- PRESET...` only those rows of the first table (not with --write). Slow (minutes);
// asserts nothing, except `-- --optimal`: optimal against every other policy on every preset
// and tpp-1to4-2m-skew, seeds 1-3, OPTIMAL_EPOCHS epochs each (the full sweep
// src/policies/optimal.test.ts samples); it prints each preset's best other policy and exits 1
// if optimal trails any by more than OPTIMAL_TOLERANCE_POINTS.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAL, PLATFORMS, POOL_CAL, type CxlDeviceProfile } from '../src/platform/calibration';
import { Engine } from '../src/engine/engine';
import { buildPod, podCounts, type PodParams } from '../src/topology/pod-design';
import { scenarioPoolConfig } from '../src/pool/engine-pool';
import { PoolModel } from '../src/pool/model';
import { dramSaved } from '../src/pool/savings';
import { VmStream } from '../src/pool/vm-stream';
import { findPoolManager } from '../src/pool-managers/registry';
import type { RunTotals } from '../src/engine/run-totals';
import { OPTIMAL_TOLERANCE_POINTS } from '../src/policies/optimal';
import { policyNames } from '../src/policies/registry';
import { logBucket } from '../src/policies/tiering';
import { valid } from '../src/scenario/fixtures';
import type { Scenario } from '../src/scenario/schema';
import { POOL } from '../src/engine/snapshot';
import { buildTopology } from '../src/topology/topology';
import { printOutput } from './cli/kernel-view';
import { loadPreset, presetNames, PRESETS_DIR, readPresetJson } from './cli/presets';
import { placementFigures } from './papers-placement';
import { readTemplates, render, replaceBlock, ROOT, type Lookup, type Template } from './papers-texts';

const SEEDS = [1, 2, 3, 4, 5];

/** Every figure measured or counted here, by key (scripts/papers-templates.md quotes them). */
const F = new Map<string, number>();
const put = (key: string, v: number) => F.set(key, v);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b), n = s.length; return n === 0 ? 0 : n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2; };
/** Mean, least and most over seeds, as KEY, KEY.min and KEY.max. */
function putStats(key: string, xs: number[]): void {
  put(key, mean(xs));
  put(`${key}.min`, Math.min(...xs));
  put(`${key}.max`, Math.max(...xs));
}
const fmt = (xs: number[], digits: number) => `${mean(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}, ${Math.max(...xs).toFixed(digits)}]`;

/** A row's policy: a name, or a name with parameters, the label the table shows and its figures' key. */
type Row = string | { name: string; params: Record<string, number>; label: string; key: string };

/**
 * A preset as the papers table runs it: its own JSON, or a variant. `tpp-1to4-2m-skew` is
 * tpp-1to4 on 2 MiB pages with hot regions of 128 KiB, smaller than a page: huge pages that are
 * hot because of a few of their parts, the case Memtis splits (src/workloads/sampler.ts, partsPerPage).
 */
function scenarioOf(preset: string): Record<string, unknown> {
  if (preset !== 'tpp-1to4-2m-skew') return loadPreset(preset);
  const s = loadPreset('tpp-1to4');
  return { ...s, pageSize: '2m', workloads: s.workloads.map((w) => ({ ...w, hotRegionMB: 0.125 })) };
}

const TABLE: { preset: string; policies: Row[]; paper: string }[] = [
  { preset: 'tpp-1to4', policies: ['linux-no-tiering', 'linux-tiering', 'tpp', 'oracle', 'optimal'], paper: 'TPP (ASPLOS\'23) 1:4: default Linux ~18 % behind all-local, TPP within 1 % of all-local' },
  { preset: 'bandwidth-contention', policies: ['first-touch', 'tpp', 'oracle', 'colloid', 'optimal'], paper: 'Colloid (SOSP\'24): hot-first placement far from optimal under contention' },
  { preset: 'bandwidth-expansion', policies: ['first-touch', 'interleave', 'weighted-interleave'], paper: 'weighted interleave gains for bandwidth-bound work' },
  { preset: 'switched-pool', policies: ['first-touch', 'tpp'], paper: 'Pond (ASPLOS\'23): 1-5 % for most workloads when pool memory is what they rarely touch' },
  { preset: 'two-socket', policies: ['interleave', 'first-touch', 'optimal'], paper: 'three latency classes in two tiers: optimal places over local, remote and CXL for the most instructions retired' },
  {
    preset: 'tpp-1to4-2m-skew',
    policies: ['first-touch', 'linux-tiering', 'tpp', 'oracle', { name: 'memtis', params: { splitEnabled: 0 }, label: 'memtis, no splitting', key: 'memtis-nosplit' }, 'memtis', 'optimal'],
    paper: 'Memtis (SOSP\'23): huge pages are not always beneficial because of skewed accesses within them; splitting them helps',
  },
];

function engineOf(s: Scenario, migrationCosts = true): Engine {
  return new Engine(s, { migrationCosts });
}

function run(preset: string, policy: Row, seed: number, migrationCosts = true, epochs?: number): RunTotals {
  const { name, params } = typeof policy === 'string' ? { name: policy, params: {} } : policy;
  const s = valid({ ...scenarioOf(preset), seed, policy: { name, params, nodes: [] } });
  const e = engineOf(s, migrationCosts);
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
      const key = `${preset}.${typeof policy === 'string' ? policy : policy.key}`;
      putStats(`${key}.slow`, r.map((t) => t.slowdownPercent));
      put(`${key}.ips`, mean(r.map((t) => t.instructionsPerSecond)));
      put(`${key}.amat`, mean(r.map((t) => t.amatNs)));
      put(`${key}.fast`, mean(r.map((t) => t.fastTierAccessShare)));
      put(`${key}.moves`, mean(r.map((t) => t.migrations)));
      put(`${key}.migCpu`, mean(r.map((t) => t.migrationCpuPercent)));
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

/**
 * TPP's slowdown depends on how long the run is: the first seconds, before the hot pages are
 * promoted, weigh less the longer it runs. Run averages at 100 and 400 epochs, and the mean of
 * epochs 300-399 (steady state); and the first screen's climb (lesson 3, the preset's seed).
 */
function runLength(): void {
  const SHORT = 100, LONG = 400, STEADY = 300;
  console.log('\ntpp-1to4, seeds 1-5: slowdown against all-local by run length, %');
  console.log(`| policy | run of ${SHORT} epochs | run of ${LONG} epochs | epochs ${STEADY}-${LONG - 1} |`);
  console.log('|---|---|---|---|');
  put('runLength.short', SHORT); put('runLength.long', LONG); put('runLength.steadyFrom', STEADY); put('runLength.steadyTo', LONG - 1);
  for (const policy of ['tpp', 'linux-tiering']) {
    const atShort: number[] = [], atLong: number[] = [], steady: number[] = [];
    for (const seed of SEEDS) {
      const s = valid({ ...loadPreset('tpp-1to4'), seed, epochs: LONG, policy: { name: policy, params: {}, nodes: [] } });
      const e = engineOf(s), tail: number[] = [];
      for (let i = 0; i < LONG; i++) {
        const row = e.step();
        if (i === SHORT - 1) atShort.push(e.runTotals().slowdownPercent);
        if (i >= STEADY) tail.push(row.slowdownPercent);
      }
      atLong.push(e.runTotals().slowdownPercent);
      steady.push(mean(tail));
    }
    console.log(`| ${policy} | ${fmt(atShort, 2)} | ${fmt(atLong, 2)} | ${fmt(steady, 2)} |`);
    putStats(`tpp-1to4.${policy}.at100`, atShort);
    putStats(`tpp-1to4.${policy}.at400`, atLong);
    putStats(`tpp-1to4.${policy}.steady`, steady);
  }
  const s = loadPreset('tpp-1to4'), e = engineOf(valid({ ...s, policy: { name: 'tpp', params: {}, nodes: [] } }));
  const target = 0.8;
  let start = 0, epochs = 0;
  for (let i = 0; i < s.epochs; i++) {
    const f = e.step().fastTierAccessShare;
    if (i === 0) start = f;
    if (f > target) { epochs = i + 1; break; }
  }
  console.log(`first screen (tpp-1to4, tpp, seed ${s.seed}): fast-tier share ${(100 * start).toFixed(1)} % at epoch 0, over ${100 * target} % after ${epochs} epochs`);
  put('firstScreen.start', start);
  put('firstScreen.target', target);
  put('firstScreen.epochs', epochs);
  put('firstScreen.seconds', (epochs * s.epochMs) / 1000);
}

/** The pool presets under every pool manager: summary.pool over seeds 1-5, and how the VMs' slowdown aggregates. */
function pools(): void {
  console.log('\npool presets, seeds 1-5 (npm run sim -- --preset P --pool-manager M --seed N: summary.pool)');
  console.log('| preset | manager | stranded, % | cores rented, % | VMs rejected, % | DRAM saved, % | VM slowdown, % (VM-epochs) | per VM: mean, median, % | extents granted / reclaimed per 100 epochs |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const preset of ['pond-pool', 'pool-static-vs-on-demand', 'dcd-pool']) {
    for (const m of ['static', 'on-demand', 'pond']) {
      const k = `pool.${preset}.${m}`;
      const rows = SEEDS.map((seed) => {
        const base = loadPreset(preset);
        const s = valid({ ...base, seed, pool: { ...base.pool!, manager: m } });
        const e = engineOf(s);
        for (let i = 0; i < s.epochs; i++) e.step();
        const vms = e.vmRows().map((v) => v.slowdownPercent);
        return { p: e.poolSummary(), vmMean: mean(vms), vmMedian: median(vms), epochs: s.epochs };
      });
      const col = (f: (r: (typeof rows)[number]) => number) => rows.map(f);
      putStats(`${k}.stranded`, col((r) => r.p.strandedPercent));
      putStats(`${k}.rented`, col((r) => r.p.coresRentedPercent));
      putStats(`${k}.rejected`, col((r) => (100 * r.p.vmsRejected) / (r.p.vmsStarted + r.p.vmsRejected)));
      putStats(`${k}.saved`, col((r) => r.p.dramSavedPercent));
      putStats(`${k}.slow`, col((r) => r.p.slowdownPercent));
      putStats(`${k}.vmSlowMean`, col((r) => r.vmMean));
      putStats(`${k}.vmSlowMedian`, col((r) => r.vmMedian));
      putStats(`${k}.granted100`, col((r) => (100 * r.p.extentsGranted) / r.epochs));
      putStats(`${k}.reclaimed100`, col((r) => (100 * r.p.extentsReclaimed) / r.epochs));
      const g = (key: string, d: number) => `${F.get(`${k}.${key}`)!.toFixed(d)} [${F.get(`${k}.${key}.min`)!.toFixed(d)}, ${F.get(`${k}.${key}.max`)!.toFixed(d)}]`;
      console.log(`| ${preset} | ${m} | ${g('stranded', 1)} | ${g('rented', 1)} | ${g('rejected', 1)} | ${g('saved', 1)} | ${g('slow', 2)} | ${F.get(`${k}.vmSlowMean`)!.toFixed(2)}, ${F.get(`${k}.vmSlowMedian`)!.toFixed(2)} | ${F.get(`${k}.granted100`)!.toFixed(0)} / ${F.get(`${k}.reclaimed100`)!.toFixed(0)} |`);
      poolShape(preset, m);
    }
  }
  const k = 'pool.pond-pool.pond';
  console.log(`pond-pool, pond: each socket's peak of VM memory ${F.get(`${k}.socketPeak`)!.toFixed(0)} GiB on average, the pod's peak ${F.get(`${k}.podPeak`)!.toFixed(0)} GiB per socket; ${(100 * F.get(`${k}.poolMemShare`)!).toFixed(1)} % of VM memory on the pool; without the pool, every socket at ${F.get(`${k}.nopool.dram`)!.toFixed(0)} GiB: stranded ${F.get(`${k}.nopool.stranded`)!.toFixed(1)} % [${F.get(`${k}.nopool.stranded.min`)!.toFixed(1)}, ${F.get(`${k}.nopool.stranded.max`)!.toFixed(1)}] at ${F.get(`${k}.nopool.rented`)!.toFixed(1)} % of cores rented`);
}

/**
 * The pool alone (placements do not depend on latencies): each socket's peak of VM memory and
 * the pod's, the pool's share of VM memory, and (pond-pool) the same VMs without the pool on
 * sockets each given what the savings count as needed.
 */
function poolShape(preset: string, m: string): void {
  const k = `pool.${preset}.${m}`;
  const vmsPerSocket: number[] = [], socketPeak: number[] = [], podPeak: number[] = [], share: number[] = [], npDram: number[] = [], npStranded: number[] = [], npRented: number[] = [];
  for (const seed of SEEDS) {
    const s = loadPreset(preset), cfg = { ...scenarioPoolConfig({ ...s, seed }), manager: findPoolManager(m)! };
    const model = new PoolModel(cfg), L = model.ledger;
    let peak = 0, poolSum = 0, memSum = 0, running = 0;
    for (let e = 0; e < s.epochs; e++) {
      model.step(e);
      running += L.running;
      let total = 0, pool = 0;
      for (let h = 0; h < L.H; h++) { total += L.dramUsed[h]; for (let d = 0; d < L.D; d++) pool += L.used[d * L.H + h]; }
      total += pool;
      poolSum += pool; memSum += total;
      if (total > peak) peak = total;
    }
    const g = cfg.extentGiB;
    vmsPerSocket.push(running / s.epochs / L.H);
    socketPeak.push((g * model.peakMemory.reduce((a, b) => a + b, 0)) / L.H);
    podPeak.push((g * peak) / L.H);
    share.push(memSum > 0 ? poolSum / memSum : 0);
    if (preset !== 'pond-pool' || m !== 'pond') continue;
    const x = Math.ceil(dramSaved(cfg, model).withoutPool / L.H);
    const np = new PoolModel({ ...cfg, shape: { ...cfg.shape, hostDram: cfg.shape.hostDram.map(() => x), devices: [] } });
    let stranded = 0, rented = 0;
    for (let e = 0; e < s.epochs; e++) { const row = np.step(e); stranded += row[POOL.strandedPercent]; rented += row[POOL.coresRentedPercent]; }
    npDram.push(x * g); npStranded.push(stranded / s.epochs); npRented.push(rented / s.epochs);
  }
  put(`${k}.vmsPerSocket`, mean(vmsPerSocket));
  put(`${k}.socketPeak`, mean(socketPeak));
  put(`${k}.podPeak`, mean(podPeak));
  put(`${k}.poolMemShare`, mean(share));
  if (npDram.length === 0) return;
  put(`${k}.nopool.dram`, mean(npDram));
  putStats(`${k}.nopool.stranded`, npStranded);
  putStats(`${k}.nopool.rented`, npRented);
}

/** shared-region, its seed, 40 epochs: device-managed against software coherency. */
function sharedRegion(): void {
  const EPOCHS = 40;
  console.log(`\nshared-region, its seed, ${EPOCHS} epochs: coherency`);
  put('shared.epochs', EPOCHS);
  console.log('| coherency | latency added per access, ns | coherency traffic, GB/s | memory traffic, GB/s |');
  console.log('|---|---|---|---|');
  for (const mode of ['device', 'software'] as const) {
    const base = loadPreset('shared-region');
    const e = engineOf(valid({ ...base, workloads: base.workloads.map((w) => ({ ...w, coherency: mode })) }));
    for (let i = 0; i < EPOCHS; i++) e.step();
    const t = e.runTotals();
    console.log(`| ${mode} | ${t.coherencyLatencyNs.toFixed(1)} | ${t.coherencyTrafficGBps.toFixed(1)} | ${t.throughputGBps.toFixed(1)} |`);
    put(`shared.${mode}.cohNs`, t.coherencyLatencyNs);
    put(`shared.${mode}.cohGBps`, t.coherencyTrafficGBps);
    put(`shared.${mode}.memGBps`, t.throughputGBps);
  }
  const s = loadPreset('shared-region');
  s.workloads.forEach((w) => { put(`shared.${w.id}.sharers`, w.hosts.length); put(`shared.${w.id}.writes`, 1 - w.readRatio); });
}

/** interleave-set, seeds 1-5, 20 epochs: granularities, one member alone, and a zipf workload at two LLC sizes. */
function interleaveSet(): void {
  const EPOCHS = 20;
  const base = loadPreset('interleave-set'), sets = base.interleaveSets ?? [];
  const runAt = (g: number, seed: number, over: Partial<Scenario> = {}) => {
    const e = engineOf(valid({ ...base, seed, ...over, interleaveSets: sets.map((i) => ({ ...i, granularityB: g })) }));
    for (let i = 0; i < EPOCHS; i++) e.step();
    const t = e.runTotals();
    return { gbps: t.throughputGBps, util: t.deviceUtilisation.slice(1) };
  };
  console.log(`\ninterleave-set, seeds 1-5, ${EPOCHS} epochs: GB/s by granularity`);
  put('il.epochs', EPOCHS);
  put('il.ways', sets[0].devices.length);
  const FINE = 256, MID = 4096, COARSE = 16384;
  put('il.fineB', FINE);
  put('il.midKiB', MID / 1024);
  put('il.coarseKiB', COARSE / 1024);
  const g256 = SEEDS.map((seed) => runAt(FINE, seed)), g4k = SEEDS.map((seed) => runAt(MID, seed)), g16k = SEEDS.map((seed) => runAt(COARSE, seed));
  const one = SEEDS.map((seed) => {
    const e = engineOf(valid({ ...base, seed, interleaveSets: [], policy: { ...base.policy, nodes: [sets[0].devices[0]] } }));
    for (let i = 0; i < EPOCHS; i++) e.step();
    return e.runTotals().throughputGBps;
  });
  putStats('il.g256', g256.map((r) => r.gbps));
  putStats('il.g4k', g4k.map((r) => r.gbps));
  putStats('il.g16k', g16k.map((r) => r.gbps));
  putStats('il.one', one);
  put('il.ratio', mean(g256.map((r) => r.gbps)) / mean(one));
  put('il.g256.memberUtilMin', Math.min(...g256.flatMap((r) => r.util)));
  putStats('il.g16k.loss', g16k.map((r, i) => 100 * (1 - r.gbps / g256[i].gbps)));
  put('il.g16k.topUtil', Math.max(...g16k.flatMap((r) => r.util)));
  putStats('il.g16k.secondUtil', g16k.map((r) => [...r.util].sort((a, b) => b - a)[1]));
  console.log(`| 256 B | ${fmt(g256.map((r) => r.gbps), 1)} |\n| 4 KiB | ${fmt(g4k.map((r) => r.gbps), 1)} |\n| 16 KiB | ${fmt(g16k.map((r) => r.gbps), 1)} |\n| one member alone | ${fmt(one, 1)} |`);
  // A zipf workload instead of the hash table: 16 KiB against 256 B, at the preset's LLC and a smaller one.
  const losses: number[] = [], lossesSmall: number[] = [];
  const llcSmall = 0.2;
  const skews = [1.2, 1.3], sizes = [64, 512];
  put('il.zipf.skewMin', skews[0]); put('il.zipf.skewMax', skews[1]); put('il.zipf.mbMin', sizes[0]); put('il.zipf.mbMax', sizes[1]);
  for (const skew of skews) for (const mb of sizes) for (const llc of [base.hosts[0].llcMB, llcSmall]) {
    const over = { workloads: base.workloads.map((w) => ({ ...w, pattern: 'zipf' as const, skew, workingSetMB: mb })), hosts: base.hosts.map((h) => ({ ...h, llcMB: llc })) };
    const loss = 100 * (1 - runAt(COARSE, 1, over).gbps / runAt(FINE, 1, over).gbps);
    (llc === llcSmall ? lossesSmall : losses).push(loss);
  }
  put('il.zipf.lossMin', Math.min(...losses));
  put('il.zipf.lossMax', Math.max(...losses));
  put('il.zipf.lossMinSmallLlc', Math.min(...lossesSmall));
  put('il.zipf.lossMaxSmallLlc', Math.max(...lossesSmall));
  put('il.zipf.smallLlc', llcSmall);
  console.log(`zipf (skew 1.2-1.3, 64-512 MB, seed 1), 16 KiB against 256 B: ${Math.min(...losses).toFixed(1)}-${Math.max(...losses).toFixed(1)} % less at the preset's LLC, ${Math.min(...lossesSmall).toFixed(1)}-${Math.max(...lossesSmall).toFixed(1)} % at ${llcSmall} MB`);
}

/** Pod designs counted and priced, and the octopus-pod / switch-pod A/B at 40 epochs of first-touch. */
function pods(): void {
  const designs: [string, PodParams][] = [
    ['octopus4', { design: 'octopus', hostPorts: 4, devicePorts: 4 }],
    ['mhd4', { design: 'mhd', hosts: 4, hostPorts: 4, devicePorts: 4 }],
    ['mhd13', { design: 'mhd', hosts: 13, hostPorts: 4, devicePorts: 13 }],
    ['switch4', { design: 'switch', hosts: 13, hostPorts: 4, devicePorts: 1 }],
    ['switch1', { design: 'switch', hosts: 13, hostPorts: 1, devicePorts: 1 }],
  ];
  console.log('\npod designs: hardware and cost per host (assumed prices)');
  for (const [key, p] of designs) {
    const c = podCounts(buildPod(p, { dramMB: 32, poolMB: 64 }));
    for (const f of ['hosts', 'mhds', 'expanders', 'switches', 'cables', 'costPerHostUSD', 'poolReachPercent', 'sharingPairsPercent', 'poolPeers'] as const) put(`pod.${key}.${f}`, c[f]);
    console.log(`| ${key} | hosts ${c.hosts} | MHDs ${c.mhds} | expanders ${c.expanders} | switches ${c.switches} | cables ${c.cables} | ${c.costPerHostUSD.toFixed(0)} USD |`);
  }
  const EPOCHS = 40;
  put('pods.epochs', EPOCHS);
  for (const preset of ['octopus-pod', 'switch-pod']) {
    const key = preset === 'octopus-pod' ? 'octopus' : 'switch';
    const s = loadPreset(preset), c = podCounts(s);
    for (const f of ['hosts', 'mhds', 'expanders', 'switches', 'cables', 'costPerHostUSD', 'poolReachPercent', 'sharingPairsPercent', 'poolPeers'] as const) put(`pods.${key}.${f}`, c[f]);
    const e = engineOf(valid({ ...s, policy: { name: 'first-touch', params: {}, nodes: [] } }));
    for (let i = 0; i < EPOCHS; i++) e.step();
    const t = e.runTotals();
    put(`pods.${key}.amat`, t.amatNs);
    put(`pods.${key}.slow`, t.slowdownPercent);
    console.log(`${preset}: AMAT ${t.amatNs.toFixed(0)} ns, slowdown ${t.slowdownPercent.toFixed(1)} % at ${EPOCHS} epochs of first-touch; ${c.costPerHostUSD.toFixed(0)} USD per host, reach ${c.poolReachPercent.toFixed(0)} %, ${c.poolPeers.toFixed(1)} peers`);
  }
  put('pods.octopus.devicesPerHost', F.get('pods.octopus.cables')! / F.get('pods.octopus.hosts')!);
}

/** Calibration checks the README quotes: pool latencies over local DRAM, the CZ120 at 2:1. */
function calibration(): void {
  const spr = PLATFORMS['spr-ddr5-cxl11'], skx = PLATFORMS['skx-ddr4-numa'];
  // Host 0's row of the idle latencies ([h * D + d]).
  const pond = loadPreset('pond-pool'), t = buildTopology(pond);
  const pool = pond.devices.findIndex((d) => d.pool), local = pond.devices.findIndex((d) => d.kind === 'dram' && d.host === pond.hosts[0].id);
  put('cal.pondPoolNs', t.idleNs[pool]);
  put('cal.pondOverLocal', t.idleNs[pool] - t.idleNs[local]);
  put('cal.expanderOverLocal', spr.cxl.latencyNs.value - spr.dram.latencyNs.value);
  put('cal.skxOverLocal', skx.cxl.latencyNs.value - skx.dram.latencyNs.value);
  const sw = loadPreset('switched-pool'), ts = buildTopology(sw);
  const swPool = sw.devices.findIndex((d) => d.kind === 'cxl'), swLocal = sw.devices.findIndex((d) => d.kind === 'dram' && d.host === sw.hosts[0].id);
  put('switched-pool.poolIdle', ts.idleNs[swPool]);
  put('switched-pool.localIdle', ts.idleNs[swLocal]);
  const cz: CxlDeviceProfile = spr.cxlVariants.cz120;
  const mix = (readRatio: number, device: Record<string, number>) => {
    const e = engineOf(valid({
      version: 1, seed: 3, samplesPerHost: 4096,
      hosts: [{ id: 'h0', cores: 64, mlp: 10, llcMB: 0 }],
      devices: [{ id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: 8 }, { id: 'cz', kind: 'cxl', capacityMB: 64, latencyNs: cz.latencyNs.value, ...device }],
      links: [{ a: 'h0', b: 'cz', bandwidthGBps: cz.linkGBps.value }],
      workloads: [{ id: 'w', hosts: ['h0'], pattern: 'uniform', workingSetMB: 48, readRatio, llcRefsPerKiloInstr: 1000 }],
      policy: { name: 'bind', nodes: ['cz'] },
    }));
    for (let i = 0; i < 4; i++) e.step();
    return e.runTotals().throughputGBps;
  };
  const half = { bandwidthGBps: cz.bandwidthGBps.value, writeCost: cz.writeCost!.value };
  put('cal.cz120.mixed', mix(2 / 3, half));
  put('cal.cz120.reads', mix(1, half));
  put('cal.cz120.writes', mix(0, half));
  put('cal.cz120.fullDuplexMixed', mix(2 / 3, { bandwidthGBps: 36, writeBandwidthGBps: 27.5 }));
  console.log(`\ncalibration: pond-pool's pool ${F.get('cal.pondPoolNs')} ns idle, +${F.get('cal.pondOverLocal')} ns over local DRAM; CZ120-class at 2:1 ${F.get('cal.cz120.mixed')!.toFixed(1)} GB/s (full-duplex 36 / 27.5 GB/s limits: ${F.get('cal.cz120.fullDuplexMixed')!.toFixed(1)}), reads alone ${F.get('cal.cz120.reads')!.toFixed(1)}, writes alone ${F.get('cal.cz120.writes')!.toFixed(1)}`);
}

/**
 * Slowdown when the all-local reference is pathological: single-host-cxl (seed 1, its own run
 * length) with local DRAM at 0.1 GB/s, as reported and as the old definition
 * 100 x (1 - ips / allLocal) read it, computed here from the run's instructions.
 */
function slowdownBounds(): void {
  const GBPS = 0.1, base = loadPreset('single-host-cxl');
  put('sd.dramGBps', GBPS);
  put('cal.maxLlcHit', CAL.maxLlcHitShare.value);
  console.log(`\nsingle-host-cxl, seed 1, local DRAM at ${GBPS} GB/s: slowdown as reported, and 100 x (1 - ips / allLocal)`);
  for (const policy of ['weighted-interleave', 'optimal']) {
    const s = valid({ ...base, seed: 1, devices: base.devices.map((d, i) => (i === 0 ? { ...d, bandwidthGBps: GBPS } : d)), policy: { name: policy, params: {}, nodes: [] } });
    const e = engineOf(s);
    for (let i = 0; i < s.epochs; i++) e.step();
    const t = e.runTotals(), old = 100 * (1 - t.instructionsPerSecond / t.allLocalInstructionsPerSecond);
    put(`sd.${policy}.slow`, t.slowdownPercent);
    put(`sd.${policy}.old`, old);
    console.log(`| ${policy} | ${t.slowdownPercent.toFixed(1)} % | ${old.toFixed(0)} % |`);
  }
}

/**
 * A promotion rate limit bounds the pages moved, not the hint faults: linux-tiering on
 * tpp-1to4, seed 1, at the default promote_rate_limit_MBps and at a tight one.
 */
function rateLimit(): void {
  const TIGHT = 64;
  put('rl.limitMBps', TIGHT);
  console.log(`\ntpp-1to4, linux-tiering, seed 1: the default promotion rate limit and ${TIGHT} MB/s`);
  console.log('| limit | promotions | hint faults | migration CPU, % | slowdown, % |');
  console.log('|---|---|---|---|---|');
  for (const [key, params] of [['default', {}], ['tight', { promote_rate_limit_MBps: TIGHT }]] as const) {
    const s = valid({ ...loadPreset('tpp-1to4'), seed: 1, policy: { name: 'linux-tiering', params, nodes: [] } });
    const e = engineOf(s);
    for (let i = 0; i < s.epochs; i++) e.step();
    const t = e.runTotals(), st = e.policyStats();
    put(`rl.${key}.promotions`, st.promotionsQueued);
    put(`rl.${key}.hintFaults`, st.hintFaults);
    put(`rl.${key}.migCpu`, t.migrationCpuPercent);
    put(`rl.${key}.slow`, t.slowdownPercent);
    console.log(`| ${key} | ${st.promotionsQueued} | ${st.hintFaults} | ${t.migrationCpuPercent.toFixed(3)} | ${t.slowdownPercent.toFixed(1)} |`);
  }
}

/**
 * The optimal reference's own numbers the README states: its tolerance, the sweep's run length,
 * and how wide its buckets of expected accesses are (the geometric mean of logBucket's widths
 * over one power of two).
 */
function optimalParams(): void {
  put('opt.tolerance', OPTIMAL_TOLERANCE_POINTS);
  put('opt.sweepEpochs', OPTIMAL_EPOCHS);
  const LO = 1024, bounds: number[] = [];
  for (let x = LO, b = logBucket(LO - 1, 1, 1 << 30); x <= 2 * LO; x++) {
    const c = logBucket(x, 1, 1 << 30);
    if (c !== b) { bounds.push(x); b = c; }
  }
  put('opt.bucketWidth', 100 * (Math.pow(bounds.at(-1)! / bounds[0], 1 / (bounds.length - 1)) - 1));
}

/** The README's example of --kernel-view numactl after a run: two-socket, 20 epochs, as the CLI prints it. */
function numactlView(): void {
  const EPOCHS = 20;
  put('kv.epochs', EPOCHS);
  const text = printOutput({ ...loadPreset('two-socket'), epochs: EPOCHS }, { kind: 'kernel-view', view: 'numactl', afterRun: true });
  const num = (re: RegExp) => { const m = re.exec(text); if (!m) throw new Error(`papers: numactl view has no ${re}`); return Number(m[1]); };
  put('kv.nodes', num(/^available: (\d+) nodes/m));
  put('kv.node0.lastCpu', num(/^node 0 cpus:.* (\d+)$/m));
  put('kv.node0.sizeMB', num(/^node 0 size: (\d+) MB$/m));
  put('kv.node0.freeMB', num(/^node 0 free: (\d+) MB$/m));
  const rows = text.slice(text.indexOf('node distances:')).split('\n').slice(2).filter((l) => /^\s*\d+:/.test(l));
  rows.forEach((l, i) => l.split(':')[1].trim().split(/\s+/).forEach((d, j) => put(`kv.dist.${i}.${j}`, Number(d))));
  console.log(`\n--preset two-socket --kernel-view numactl --epochs ${EPOCHS}:\n${text}`);
}

/** The kernel's placement work as memory nodes are added (scripts/papers-placement.ts). */
function placement(): void {
  const f = placementFigures();
  for (const [k, v] of f) put(k, v);
  console.log(`\nplacement work (many-nodes, linux-tiering, seed 1): ${f.get('placement.few.nodes')} -> ${f.get('placement.many.nodes')} nodes per host: upkeep ${f.get('placement.few.last')!.toFixed(5)} -> ${f.get('placement.many.last')!.toFixed(5)} %, rebuild ${f.get('placement.few.rebuild')} -> ${f.get('placement.many.rebuild')} visits per host (32 expanders: ${f.get('placement.tiers32.one.rebuild')} in one tier, ${f.get('placement.tiers32.own.rebuild')} with a tier each); 4 -> 64 hosts: ${f.get('placement.few.summary')!.toFixed(5)} -> ${f.get('placement.h64.summary')!.toFixed(5)} % over the run`);
}

/** Figures the texts derive from the presets' own numbers (no run): shares, sizes, sums. */
function params(): void {
  const tpp = loadPreset('tpp-1to4'), w = tpp.workloads[0], dram = tpp.devices[0].capacityMB;
  put('tpp.cxlParts', (w.workingSetMB - dram) / dram);
  put('tpp.hotMB', w.workingSetMB * w.hotFraction);
  put('tpp.warmShare', 1 - w.hotShare);
  put('tpp.warmFraction', 1 - w.hotFraction - w.idleFraction);
  put('tpp.warmMB', w.workingSetMB * (1 - w.hotFraction - w.idleFraction));
  put('tpp.onCxl', 1 - dram / w.workingSetMB);
  const hs = loadPreset('hot-set-shift'), hw = hs.workloads[0];
  put('hss.shiftS', hw.shiftEveryMs / 1000);
  put('hss.warmFraction', 1 - hw.hotFraction - hw.idleFraction);
  put('hss.warmShare', 1 - hw.hotShare);
  const two = PLATFORMS[loadPreset('two-socket').platform];
  put('two.remoteNs', two.dram.latencyNs.value + two.upi.latencyNs.value);
  const shc = loadPreset('single-host-cxl');
  put('shc.wsOverDram', shc.workloads[0].workingSetMB / shc.devices[0].capacityMB);
  const skew = scenarioOf('tpp-1to4-2m-skew') as unknown as Scenario;
  put('skew.pageMiB', 2);
  put('skew.regionKiB', skew.workloads[0].hotRegionMB * 1024);
  put('vm.coresMin', Math.min(...POOL_CAL.vmCores.values));
  put('vm.coresMax', Math.max(...POOL_CAL.vmCores.values));
  put('vm.gibMin', Math.min(...POOL_CAL.vmGiBPerCore.values));
  put('vm.gibMax', Math.max(...POOL_CAL.vmGiBPerCore.values));
  put('vm.missesPerKilo', POOL_CAL.vmMissesPerKiloInstr.value);
  for (const preset of ['pond-pool', 'pool-static-vs-on-demand', 'dcd-pool']) {
    const s = loadPreset(preset), cfg = scenarioPoolConfig(s), g = cfg.extentGiB, dev = cfg.shape.devices[0];
    put(`pool.${preset}.hosts`, s.hosts.length);
    put(`pool.${preset}.cores`, s.hosts[0].cores);
    put(`pool.${preset}.dramGiB`, cfg.shape.hostDram[0] * g);
    put(`pool.${preset}.poolGiB`, dev.extents * g);
    put(`pool.${preset}.heads`, dev.heads.length);
    put(`pool.${preset}.staticShareGiB`, Math.floor(dev.extents / dev.heads.length) * g);
  }
  // Pond's prediction over-predicts a VM's untouched share for this share of VMs (its margin).
  const spec = loadPreset('pond-pool').pool!, stream = new VmStream(spec.vms, 1, spec.extentGiB, { errorSd: spec.predictionErrorSd, margin: spec.predictionMargin });
  let over = 0, n = 0;
  for (let e = 0; e < 2000; e++) for (const v of stream.arrivals([])) { n++; if (v.predictedUntouched > v.untouched) over++; }
  put('pool.overPredicted', over / n);
}

/**
 * Derived figures: ratios of the table's instructions/s, and the latency-only estimate of
 * Pond's case on switched-pool (if the pool served 5 % of the accesses).
 */
function derived(): void {
  const g = (k: string) => { const v = F.get(k); if (v === undefined) throw new Error(`papers: no figure ${k}`); return v; };
  const ratio = (p: string, a: string, b: string) => put(`${p}.${a}.over.${b}`, g(`${p}.${a}.ips`) / g(`${p}.${b}.ips`));
  ratio('bandwidth-contention', 'optimal', 'first-touch');
  ratio('bandwidth-expansion', 'weighted-interleave', 'first-touch');
  ratio('tpp-1to4-2m-skew', 'memtis', 'tpp');
  put('tpp-1to4.amatRise', g('tpp-1to4.linux-no-tiering.amat') / g('tpp-1to4.optimal.amat') - 1);
  put('tpp-1to4.stallShare', g('tpp-1to4.linux-no-tiering.slow') / (100 * g('tpp-1to4.amatRise')));
  const share = 0.05, gap = g('switched-pool.poolIdle') - g('switched-pool.localIdle');
  put('est.poolShare', share);
  put('est.gap', gap);
  put('est.amatRiseNs', share * gap);
  put('est.slow', ((100 * share * gap) / g('switched-pool.localIdle')) * g('tpp-1to4.stallShare'));
  put('pod.octopusOverMhd4Hosts', g('pod.octopus4.hosts') / g('pod.mhd4.hosts'));
  put('pod.octopusSavesOverMhd13', 100 * (1 - g('pod.octopus4.costPerHostUSD') / g('pod.mhd13.costPerHostUSD')));
  put('pod.switchOverOctopus', g('pods.switch.costPerHostUSD') / g('pods.octopus.costPerHostUSD'));
}

// --- writing the texts -----------------------------------------------------------------------

/** Follows a dot path (array indices as numbers) to a number; NaN if there is none. */
function at(o: unknown, path: string): number {
  let v: unknown = o;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (v !== null && typeof v === 'object' && 'value' in v) v = (v as { value: unknown }).value;
  return typeof v === 'number' ? v : NaN;
}

const lookup: Lookup = (key, preset) => {
  const m = /^([sp]):(?:([a-z0-9-]+):)?(.+)$/.exec(key);
  if (m) {
    const name = m[2] ?? preset;
    if (!name) return NaN;
    const s = loadPreset(name);
    return at(m[1] === 's' ? s : PLATFORMS[s.platform], m[3]);
  }
  return F.get(key) ?? NaN;
};

/** Writes every template's text into its place; returns the files written. */
function write(templates: Template[]): string[] {
  const written = new Set<string>();
  const readmePath = join(ROOT, 'README.md');
  let md = readFileSync(readmePath, 'utf8');
  for (const t of templates) {
    const text = render(t, lookup);
    if (t.target.kind === 'readme') {
      // A block on lines of its own keeps them; an inline one stays inline.
      const inline = !new RegExp(`<!-- papers:${t.target.block} -->\\n`).test(md);
      md = replaceBlock(md, t.target.block, inline ? text : `\n${text}\n`);
      written.add('README.md');
      continue;
    }
    const { preset } = t.target;
    const file = t.target.kind === 'preset' ? join(PRESETS_DIR, `${preset}.json`) : join(PRESETS_DIR, 'index.json');
    const src = readFileSync(file, 'utf8');
    const old = t.target.kind === 'preset'
      ? (readPresetJson(preset) as { description: string }).description
      : (JSON.parse(src) as { name: string; lesson: Record<string, string> }[]).find((e) => e.name === preset)!.lesson[t.target.field];
    const from = JSON.stringify(old);
    if (src.split(from).length !== 2) throw new Error(`${file}: the text to replace (${t.id}) is not there exactly once`);
    writeFileSync(file, src.replace(from, () => JSON.stringify(text)));
    written.add(file.slice(ROOT.length));
  }
  writeFileSync(readmePath, md);
  return [...written];
}

const args = process.argv.slice(2);

function main(): void {
  const writing = args.includes('--write');
  const only = args.filter((a) => !a.startsWith('--'));
  if (writing && only.length > 0) throw new Error('papers: --write needs every figure: give no preset names with it');
  table(only);
  if (only.length === 0) {
    runLength();
    pools();
    sharedRegion();
    interleaveSet();
    pods();
    calibration();
    slowdownBounds();
    rateLimit();
    optimalParams();
    numactlView();
    placement();
    params();
    derived();
  }
  if (args.includes('--costs')) costs();
  if (writing) console.log(`\nwrote ${write(readTemplates()).join(', ')}`);
}

if (args.includes('--optimal')) {
  if (!optimalSweep()) process.exitCode = 1;
} else main();
