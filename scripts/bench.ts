// Engine benchmark: prints figures and ratios measured in the same run; asserts nothing
// timed (machines are shared and noisy). `npm run bench`
import { Engine } from '../src/engine';
import { valid } from '../src/scenario/fixtures';
import type { Scenario } from '../src/scenario/schema';
import { Rng } from '../src/rng';
import { POOL } from '../src/snapshot';


/** One host, DRAM + 2 CXL, zipf working set of `pages` 4 KiB pages. */
function singleHost(pages: number, samples: number, policy = 'first-touch'): Scenario {
  const mb = (pages * 4096) / 1048576;
  return valid({
    version: 1, seed: 7, samplesPerHost: samples,
    hosts: [{ id: 'h0' }],
    devices: [
      { id: 'h0.dram', kind: 'dram', host: 'h0', capacityMB: mb / 4, bandwidthGBps: 215, latencyNs: 81 },
      { id: 'cxl0', kind: 'cxl', capacityMB: mb / 2, bandwidthGBps: 17.8, latencyNs: 250 },
      { id: 'cxl1', kind: 'cxl', capacityMB: mb / 2, bandwidthGBps: 36, latencyNs: 250 },
    ],
    links: [{ a: 'h0', b: 'cxl0', bandwidthGBps: 31.5 }, { a: 'h0', b: 'cxl1', bandwidthGBps: 31.5 }],
    workloads: [{ id: 'w', hosts: ['h0'], pattern: 'zipf', workingSetMB: mb, skew: 0.99 }],
    policy: { name: policy },
  });
}

/** 64 hosts behind 4 switches, 32 CXL devices, 1M pages of working set in all. */
function large(policy = 'first-touch'): Scenario {
  const hosts = Array.from({ length: 64 }, (_, i) => ({ id: `h${i}` }));
  const drams = hosts.map((h) => ({ id: `${h.id}.dram`, kind: 'dram' as const, host: h.id, capacityMB: 16, bandwidthGBps: 215, latencyNs: 81 }));
  const cxl = Array.from({ length: 32 }, (_, i) => ({ id: `c${i}`, kind: 'cxl' as const, capacityMB: 128, bandwidthGBps: 17.8, latencyNs: 250 }));
  const switches = Array.from({ length: 4 }, (_, i) => ({ id: `sw${i}` }));
  const links = [
    ...hosts.map((h, i) => ({ a: h.id, b: `sw${i % 4}`, bandwidthGBps: 63 })),
    ...cxl.map((c, i) => ({ a: `sw${i % 4}`, b: c.id, bandwidthGBps: 31.5 })),
    { a: 'sw0', b: 'sw1', bandwidthGBps: 63 }, { a: 'sw1', b: 'sw2', bandwidthGBps: 63 }, { a: 'sw2', b: 'sw3', bandwidthGBps: 63 },
  ];
  const workloads = hosts.map((h, i) => ({ id: `w${i}`, hosts: [h.id], pattern: 'zipf' as const, workingSetMB: 64, skew: 0.99 }));
  return valid({ version: 1, seed: 7, samplesPerHost: 16384, hosts, devices: [...drams, ...cxl], switches, links, workloads, policy: { name: policy } });
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** The floor: one random draw and one scattered increment per access, same RNG, same table size. */
function makeBare(pages: number, n: number): () => number {
  const counts = new Uint32Array(pages);
  const rng = new Rng(7, 1);
  return () => time(() => {
    for (let i = 0; i < n; i++) counts[Math.floor((rng.nextU32() * pages) / 4294967296)]++;
  });
}

/**
 * Engine and bare loop measured alternately, best of several rounds each, so a busy moment
 * on a shared machine hits both alike.
 */
function compare(s: Scenario, pages: number, rounds = 7): { engine: number; bare: number; msPerEpoch: number } {
  const e = new Engine(s);
  const samples = s.samplesPerHost * s.hosts.length;
  const bare = makeBare(pages, samples);
  for (let i = 0; i < 3; i++) { e.step(); bare(); } // warm up the JIT
  let bestE = Infinity, bestB = Infinity;
  for (let r = 0; r < rounds; r++) {
    bestB = Math.min(bestB, bare());
    bestE = Math.min(bestE, time(() => e.step()));
  }
  return { engine: samples / (bestE / 1000), bare: samples / (bestB / 1000), msPerEpoch: bestE };
}

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : x.toFixed(1));

const pages = 1 << 16;
const samples = 1 << 18;
for (const policy of ['first-touch', 'weighted-interleave']) {
  const r = compare(singleHost(pages, samples, policy), pages);
  console.log(`bare typed-array random-increment loop (${pages} counters): ${fmt(r.bare)} increments/s`);
  console.log(`engine, 1 host, ${pages} pages, ${samples} sampled accesses/epoch, ${policy}: ${fmt(r.engine)} sampled accesses/s (${r.msPerEpoch.toFixed(2)} ms per whole epoch: sampling, attribution, latency solve, page passes, policy)`);
  console.log(`ratio engine/bare (${policy}): ${(r.engine / r.bare).toFixed(2)}  (target >= 0.3)`);
}
// Tiering policies add their own per-epoch work (scans, histograms, migrations) on top.
for (const policy of ['linux-tiering', 'tpp', 'memtis', 'learned', 'oracle']) {
  const e = new Engine(singleHost(pages, samples, policy));
  for (let i = 0; i < 20; i++) e.step();
  let best = Infinity;
  for (let i = 0; i < 5; i++) best = Math.min(best, time(() => e.step()));
  console.log(`whole epoch with ${policy}: ${best.toFixed(2)} ms (same 1-host scenario, after 20 epochs; the policy's scans, histograms and migrations included)`);
}
const big = large();
const t0 = performance.now();
const bigEngine = new Engine(big);
const build = performance.now() - t0;
for (let i = 0; i < 2; i++) bigEngine.step();
let bestBig = Infinity;
for (let i = 0; i < 5; i++) bestBig = Math.min(bestBig, time(() => bigEngine.step()));
console.log(`64 hosts, ${big.devices.length - 64} CXL devices + 64 DRAM, ${bigEngine.pages} pages, ${big.samplesPerHost * 64} sampled accesses/epoch: ${bestBig.toFixed(1)} ms per epoch (target <= 100 ms); build ${build.toFixed(0)} ms`);

// The same pod as a pool: every CXL device a multi-headed device with a head on each of the 16
// hosts behind its switch, and a VM stream (about 190 VMs running after 60 epochs) on top.
const pooled: Scenario = valid({
  ...big,
  devices: big.devices.map((d, i) => (d.kind === 'cxl' ? { ...d, pool: { kind: 'mhd', heads: big.hosts.filter((_, h) => h % 4 === (i - 64) % 4).map((h) => h.id) } } : d)),
  pool: { manager: 'on-demand', scale: 1024, vms: { arrivalsPerEpoch: 8, meanLifetimeEpochs: 30 } },
});
const poolEngine = new Engine(pooled);
for (let i = 0; i < 60; i++) poolEngine.step();
let bestPool = Infinity;
for (let i = 0; i < 5; i++) bestPool = Math.min(bestPool, time(() => poolEngine.step()));
const running = poolEngine.poolRow()[POOL.vmsRunning];
const replay = time(() => poolEngine.poolSummary());
console.log(`the same pod pooled: 32 multi-headed devices, ${running} VMs running, VM churn, ${poolEngine.pages} pages: ${bestPool.toFixed(1)} ms per epoch (target <= 100 ms); the DRAM-saved replay of its ${poolEngine.epoch} epochs: ${replay.toFixed(0)} ms (once, for the report)`);
