import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { decodeSnapshot, LINK, LINK_WIDTH } from '../engine/snapshot';
import { valid } from '../scenario/fixtures';
import type { Scenario } from '../scenario/schema';

interface SharedOptions {
  sharers: number;
  readRatio?: number;
  coherency?: 'device' | 'software';
  lockPerAccess?: number;
}

/** Eight hosts behind one switch; the first `sharers` map one hot shared region on the pooled expander. */
export function sharedRegion(o: SharedOptions): Scenario {
  const hosts = Array.from({ length: 8 }, (_, i) => ({ id: `h${i}`, cores: 8, llcMB: 0 }));
  return valid({
    version: 1, seed: 3, samplesPerHost: 4096, epochs: 6,
    hosts,
    devices: [
      ...hosts.map((h) => ({ id: `${h.id}.dram`, kind: 'dram' as const, host: h.id, capacityMB: 16 })),
      { id: 'pool', kind: 'cxl' as const, capacityMB: 256 },
    ],
    switches: [{ id: 'sw' }],
    links: [...hosts.map((h) => ({ a: h.id, b: 'sw' })), { a: 'sw', b: 'pool' }],
    workloads: [{
      id: 'shared', hosts: hosts.slice(0, o.sharers).map((h) => h.id), pattern: 'hotset', workingSetMB: 32,
      hotFraction: 0.1, hotShare: 0.9, readRatio: o.readRatio ?? 0.7, coherency: o.coherency ?? 'device', lockPerAccess: o.lockPerAccess ?? 0,
    }],
    policy: { name: 'bind', nodes: ['pool'] },
  });
}

function run(s: Scenario, epochs = 6) {
  const e = new Engine(s);
  const rows = Array.from({ length: epochs }, () => e.step());
  return { totals: e.runTotals(), rows, engine: e };
}

describe('coherency of a shared region', () => {
  it('costs nothing with one sharer or with no writes', () => {
    for (const coherency of ['device', 'software'] as const) {
      const one = run(sharedRegion({ sharers: 1, coherency, lockPerAccess: 0.01 })).totals;
      expect(one.coherencyLatencyNs).toBe(0);
      expect(one.coherencyTrafficGBps).toBe(0);
      const readOnly = run(sharedRegion({ sharers: 4, readRatio: 1, coherency })).totals;
      expect(readOnly.coherencyLatencyNs).toBe(0);
      expect(readOnly.coherencyTrafficGBps).toBe(0);
    }
  });

  it('rises with the number of sharers (device-managed: traffic and latency per access; software: latency)', () => {
    const dev = [2, 4, 8].map((n) => run(sharedRegion({ sharers: n })).totals);
    for (let i = 1; i < dev.length; i++) {
      expect(dev[i].coherencyLatencyNs).toBeGreaterThan(dev[i - 1].coherencyLatencyNs);
      // Per GB/s of memory traffic, so more hosts issuing more accesses is not what rises.
      expect(dev[i].coherencyTrafficGBps / dev[i].throughputGBps).toBeGreaterThan(dev[i - 1].coherencyTrafficGBps / dev[i - 1].throughputGBps);
    }
    const sw = [2, 4, 8].map((n) => run(sharedRegion({ sharers: n, coherency: 'software' })).totals);
    for (let i = 1; i < sw.length; i++) expect(sw[i].coherencyTrafficGBps / sw[i].throughputGBps).toBeGreaterThan(sw[i - 1].coherencyTrafficGBps / sw[i - 1].throughputGBps);
  });

  it('rises with the write ratio in both modes', () => {
    for (const coherency of ['device', 'software'] as const) {
      const t = [0.95, 0.8, 0.6].map((readRatio) => run(sharedRegion({ sharers: 4, readRatio, coherency })).totals);
      for (let i = 1; i < t.length; i++) {
        expect(t[i].coherencyLatencyNs).toBeGreaterThan(t[i - 1].coherencyLatencyNs);
        expect(t[i].coherencyTrafficGBps / t[i].throughputGBps).toBeGreaterThan(t[i - 1].coherencyTrafficGBps / t[i - 1].throughputGBps);
      }
    }
  });

  it('device-managed sends invalidation messages and waits only for writes to held lines; software flushes every write and sends none', () => {
    const dev = run(sharedRegion({ sharers: 4, readRatio: 0.9 })).totals;
    const sw = run(sharedRegion({ sharers: 4, readRatio: 0.9, coherency: 'software' })).totals;
    // Software's traffic is only the re-fetches of coherence misses; device-managed adds BISnp + BIRsp.
    expect(dev.coherencyTrafficGBps / dev.throughputGBps).toBeGreaterThan(sw.coherencyTrafficGBps / sw.throughputGBps);
    // Software waits a full device round trip on every write to the region: more than a BI round trip on held lines only.
    expect(sw.coherencyLatencyNs).toBeGreaterThan(dev.coherencyLatencyNs);
  });

  it('is part of AMAT and shows on the links its messages cross: the pool link carries every sharer\'s', () => {
    const s = sharedRegion({ sharers: 4, readRatio: 0.6 });
    const e = new Engine(s);
    let last = e.step();
    for (let i = 0; i < 4; i++) last = e.step();
    expect(last.coherencyLatencyNs).toBeGreaterThan(0);
    const snap = decodeSnapshot(e.snapshot([]));
    const coh = (l: number) => snap.link[l * LINK_WIDTH + LINK.coherencyGBps];
    const poolLink = s.links.findIndex((l) => l.b === 'pool');
    const sharerLinks = [0, 1, 2, 3].map((h) => s.links.findIndex((l) => l.a === `h${h}`));
    const idleLinks = [4, 5, 6, 7].map((h) => s.links.findIndex((l) => l.a === `h${h}`));
    for (const l of sharerLinks) expect(coh(l)).toBeGreaterThan(0);
    for (const l of idleLinks) expect(coh(l)).toBe(0);
    const sum = sharerLinks.reduce((a, l) => a + coh(l), 0);
    expect(coh(poolLink)).toBeCloseTo(sum, 9);
  });

  it('a hot lock is a hotspot: it adds latency and traffic that grow with its rate and the sharers', () => {
    const none = run(sharedRegion({ sharers: 4, readRatio: 1 })).totals;
    const lock = run(sharedRegion({ sharers: 4, readRatio: 1, lockPerAccess: 0.01 })).totals;
    const more = run(sharedRegion({ sharers: 8, readRatio: 1, lockPerAccess: 0.01 })).totals;
    const hot = run(sharedRegion({ sharers: 4, readRatio: 1, lockPerAccess: 0.05 })).totals;
    expect(none.coherencyLatencyNs).toBe(0);
    expect(lock.coherencyLatencyNs).toBeGreaterThan(0);
    expect(hot.coherencyLatencyNs).toBeGreaterThan(lock.coherencyLatencyNs);
    expect(more.coherencyTrafficGBps / more.throughputGBps).toBeGreaterThan(lock.coherencyTrafficGBps / lock.throughputGBps);
  });

  it('lists the sharers of each shared region in meta', () => {
    const e = new Engine(sharedRegion({ sharers: 3, coherency: 'software' }));
    expect(e.meta.sharedRegions).toEqual([{ workload: 'shared', hosts: ['h0', 'h1', 'h2'], coherency: 'software', lockPerAccess: 0 }]);
  });
});
