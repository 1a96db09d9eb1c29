// Engine benchmark: prints figures and ratios measured in the same run; asserts nothing
// timed (machines are shared and noisy). `npm run bench`
import { Engine } from '../src/engine';
import { parseScenario } from '../src/scenario/validate';
import type { Scenario, ScenarioInput } from '../src/scenario/schema';
import { Rng } from '../src/rng';

function valid(input: ScenarioInput): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

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

function bareLoop(pages: number, n: number): number {
  // The floor: one random draw and one scattered increment per access, same RNG.
  const counts = new Uint32Array(pages);
  const rng = new Rng(7, 1);
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    counts.fill(0);
    best = Math.min(best, time(() => {
      for (let i = 0; i < n; i++) counts[Math.floor((rng.nextU32() * pages) / 4294967296)]++;
    }));
  }
  return n / (best / 1000);
}

function engineRate(s: Scenario, epochs: number): { rate: number; msPerEpoch: number } {
  const e = new Engine(s);
  for (let i = 0; i < 3; i++) e.step(); // warm up the JIT
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) best = Math.min(best, time(() => { for (let i = 0; i < epochs; i++) e.step(); }) / epochs);
  const samplesPerEpoch = s.samplesPerHost * s.hosts.length;
  return { rate: samplesPerEpoch / (best / 1000), msPerEpoch: best };
}

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : x.toFixed(1));

const pages = 1 << 16;
const samples = 1 << 18;
const bare = bareLoop(pages, samples * 10);
console.log(`bare typed-array random-increment loop (${pages} counters): ${fmt(bare)} increments/s`);
for (const policy of ['first-touch', 'weighted-interleave']) {
  const eng = engineRate(singleHost(pages, samples, policy), 10);
  console.log(`engine, 1 host, ${pages} pages, ${samples} sampled accesses/epoch, ${policy}: ${fmt(eng.rate)} sampled accesses/s (${eng.msPerEpoch.toFixed(2)} ms/epoch, whole epoch incl. latency solve and page passes)`);
  console.log(`ratio engine/bare (${policy}): ${(eng.rate / bare).toFixed(2)}  (target >= 0.3)`);
}
const big = large();
const t0 = performance.now();
const bigEngine = new Engine(big);
const build = performance.now() - t0;
for (let i = 0; i < 2; i++) bigEngine.step();
let bestBig = Infinity;
for (let i = 0; i < 5; i++) bestBig = Math.min(bestBig, time(() => bigEngine.step()));
console.log(`64 hosts, ${big.devices.length - 64} CXL devices + 64 DRAM, ${bigEngine.pages} pages, ${big.samplesPerHost * 64} sampled accesses/epoch: ${bestBig.toFixed(1)} ms per epoch (target <= 100 ms); build ${build.toFixed(0)} ms`);
