// Faults and the timeline as Linux and the hardware behave (src/engine/faults.ts, drain.ts):
// the blast radius of a failed device is exactly who had memory on it; an offline blocked by
// unmovable pages fails and says why, and succeeds in ZONE_MOVABLE; a poisoned shared page hits
// every sharer and no one else; a cut link makes pages inaccessible (never lost) until it
// recovers; a degraded link shows in loaded latency at once; a hot-added device is used.
import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { fmt } from './faults';
import { oneHost, pooled, run, shared } from '../events/test-support';
import { NO_NODE } from '../ids';
import { Reason } from '../policies/types';
import type { EventSpec } from '../events/types';
import { decodeSnapshot } from './snapshot';
import { decodeStream } from './event-stream';
import { valid } from '../scenario/fixtures';

/** Runs until just before epoch `e` (the event's), calls `before`, then runs the rest. */
function around(s: ConstructorParameters<typeof Engine>[0], e: number, before: (x: Engine) => void, epochs = s.epochs): Engine {
  const x = new Engine(s);
  for (let i = 0; i < epochs; i++) { if (i === e) before(x); x.step(); }
  return x;
}

describe('a device fails', () => {
  it('loses every page on it, attributed to the event; its blast radius is exactly the hosts that had pages there', () => {
    let expected: string[] = [], onIt = 0;
    const s = shared({ events: [{ atMs: 500, kind: 'device-fail', device: 'pool0' }], epochs: 10 });
    const e = around(s, 5, (x) => {
      const n = x.topo.deviceNode[x.topo.deviceIds.indexOf('pool0')];
      const hosts = new Set<string>();
      for (let p = 0; p < x.pages; p++) if (x.mem.pageNode[p] === n) { onIt++; for (const h of x.topo.initiators[x.pageInitiator[p]].hosts) hosts.add(x.topo.hostIds[h]); }
      expected = [...hosts].sort();
    });
    const [o] = e.eventOutcomes();
    expect(onIt).toBeGreaterThan(0);
    expect(o.ok).toBe(true);
    expect(o.pagesLost).toBe(onIt);
    expect([...o.hostsHit].sort()).toEqual(expected);
    expect(o.regionsHit).toEqual(['shared']);
    expect(o.summary).toMatch(/^3 hosts, 0 VMs, [\d.]+ (MiB|GiB) lost$/);
    expect(e.lost.total).toBe(onIt);
    for (let p = 0; p < e.pages; p++) if (e.lost.isLost(p)) { expect(e.lost.by![p]).toBe(0 + 2); expect(e.mem.pageNode[p]).toBe(NO_NODE); }
    expect(e.meta.devices.find((d) => d.id === 'pool0')!.state).toBe('failed');
    expect(e.mem.check()).toBeNull();
  });

  it('stops exactly the VMs with pool memory on it, and the pool books drop the device', () => {
    let vms: number[] = [];
    const s = pooled({ events: [{ atMs: 1000, kind: 'device-fail', device: 'mhd0' }], epochs: 14 });
    const e = around(s, 10, (x) => { vms = x.pool!.inUse(x.topo.deviceIds.indexOf('mhd0')).sort((a, b) => a - b); });
    const [o] = e.eventOutcomes();
    expect(vms.length).toBeGreaterThan(0);
    expect([...o.vmsHit].sort((a, b) => a - b)).toEqual(vms);
    const L = e.pool!.model.ledger, k = 0;
    expect(L.devExtents[k]).toBe(0);
    expect(L.vmsOn(k)).toEqual([]);
    expect(L.check()).toBeNull();
    expect(e.pool!.model.pages!.check()).toBeNull();
    expect(o.summary).toMatch(new RegExp(`, ${vms.length} VMs?, `));
  });

  it('takes its whole interleave set down', () => {
    const base = shared();
    const s = { ...base, interleaveSets: [{ id: 'set0', devices: ['pool0', 'pool1'], granularityB: 4096 }], events: [{ atMs: 300, kind: 'device-fail', device: 'pool1' } as EventSpec] };
    const { engine: e } = run(s as typeof base, 6);
    const [o] = e.eventOutcomes();
    expect(o.reason).toMatch(/interleave set set0/);
    expect(e.meta.devices.find((d) => d.id === 'pool0')!.state).toBe('offline');
    expect(e.meta.devices.find((d) => d.id === 'pool1')!.state).toBe('failed');
    expect(o.pagesLost).toBeGreaterThan(0);
  });
});

describe('memory goes offline (hot-remove)', () => {
  const remove = (zone: 'normal' | 'movable') => oneHost({ zone, epochs: 30, events: [{ atMs: 500, kind: 'hot-remove', device: 'cxl0', unmovableShare: 0.05, timeoutMs: 1000 }] });

  it('in ZONE_NORMAL with unmovable pages: movable pages migrate off first (reason offline), then it gives up and says which pages blocked it', () => {
    const { engine: e, rows } = run(remove('normal'));
    const [o] = e.eventOutcomes();
    expect(o.ok).toBe(false);
    expect(o.reason).toMatch(/unmovable page/);
    expect(o.reason).toMatch(/ZONE_NORMAL/);
    expect(o.reason).toMatch(/page \d+ of w/);
    expect(o.reason).toMatch(/signal backoff/);
    expect(o.endEpoch).toBe(5 + 10);
    expect(o.pagesMoved).toBeGreaterThan(0);
    const offline = e.stream.all().filter((r) => r.kind === 'migrate' && r.code === Reason.offline).reduce((a, r) => a + r.value, 0);
    expect(offline).toBe(o.pagesMoved);
    // It stays online, with the unmovable pages and its frames back in use.
    expect(e.meta.devices.find((d) => d.id === 'cxl0')!.state).toBe('online');
    expect(e.mem.used(1)).toBeGreaterThan(0);
    expect(e.mem.limit[1]).toBe(e.mem.capacity[1]);
    expect(rows.every((r) => r.pagesLost === 0)).toBe(true);
    expect(Math.max(...rows.map((r) => r.migrationCpuPercent))).toBeGreaterThan(0);
    expect(e.mem.check()).toBeNull();
  });

  it('in ZONE_MOVABLE: every page migrates off and the device goes offline', () => {
    const { engine: e } = run(remove('movable'));
    const [o] = e.eventOutcomes();
    expect(o.ok).toBe(true);
    expect(o.reason).toMatch(/offline after/);
    expect(e.meta.devices.find((d) => d.id === 'cxl0')!.state).toBe('offline');
    expect(e.mem.capacity[1]).toBe(0);
    expect(e.lost.total).toBe(0);
    expect(e.mem.placed()).toBe(e.pages);
    expect(e.pageEvents(Array.from(e.mem.pageNode).findIndex((n, p) => e.pageEvents(p).some((m) => m.reason === 'offline')))[0]?.reason).toBe('offline');
  });

  it('comes back with a hot-add (as ZONE_MOVABLE), and tiers and policies use it again', () => {
    const s = oneHost({ zone: 'movable', policy: 'tpp', epochs: 40, events: [{ atMs: 300, kind: 'hot-remove', device: 'cxl0' }, { atMs: 1500, kind: 'hot-add', device: 'cxl0' }] });
    const { engine: e } = run(s);
    const [rm, add] = e.eventOutcomes();
    expect(rm.ok).toBe(true);
    expect(add.ok).toBe(true);
    expect(e.meta.devices.find((d) => d.id === 'cxl0')!.state).toBe('online');
    expect(e.mem.capacity[1]).toBeGreaterThan(0);
  });
});

describe('hot-add', () => {
  it('a new device in the top tier joins a host that had only CXL memory: tiers regroup and TPP promotes into it', () => {
    const base = oneHost({ policy: 'tpp', epochs: 40 });
    const s = valid({
      ...base, devices: base.devices.filter((d) => d.kind === 'cxl'),
      events: [{ atMs: 500, kind: 'hot-add', device: 'fast9', spec: { capacityMB: 16, adistance: 576, latencyNs: 90, bandwidthGBps: 100 }, attach: 'h0' }],
    });
    const e = new Engine(s);
    expect(e.meta.devices.find((d) => d.id === 'fast9')!.state).toBe('absent');
    const tiersBefore = e.meta.tiers.map((t) => t.devices.length);
    for (let i = 0; i < 40; i++) e.step();
    expect(e.eventOutcomes()[0].ok).toBe(true);
    const fast = e.meta.tiers[0].devices;
    expect(fast).toContain('fast9');
    expect(e.meta.tiers.map((t) => t.devices.length)).not.toEqual(tiersBefore);
    expect(e.mem.used(e.topo.deviceIds.indexOf('fast9'))).toBeGreaterThan(0);
  });
});

describe('poison', () => {
  it('a poisoned page of a shared region hits every sharer and no one else', () => {
    const { engine: e } = run(shared({ epochs: 8, events: [{ atMs: 300, kind: 'poison', workload: 'shared' }] }));
    const [o] = e.eventOutcomes();
    expect([...o.hostsHit].sort()).toEqual(['h0', 'h1', 'h2']);
    expect(o.pagesIsolated).toBe(1);
    expect(o.pagesLost).toBe(1);
    expect(o.signalled).toBe(3);
    const recs = e.stream.all().filter((r) => r.cause === 0);
    const mce = recs.filter((r) => r.kind === 'mce').map((r) => r.code).sort();
    const sig = recs.filter((r) => r.kind === 'signal').map((r) => r.code).sort();
    expect(sig).toEqual([0, 1, 2]);
    expect(mce.every((h) => sig.includes(h))).toBe(true);
    expect(o.mces).toBe(mce.length);
    expect(e.mem.check()).toBeNull();
    expect(e.mem.poisoned.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('a poisoned private page hits its own host only', () => {
    const { engine: e } = run(shared({ epochs: 8, events: [{ atMs: 300, kind: 'poison', workload: 'own2' }] }));
    const [o] = e.eventOutcomes();
    expect(o.hostsHit).toEqual(['h2']);
    expect(o.regionsHit).toEqual([]);
    expect(e.stream.all().filter((r) => r.cause === 0 && (r.kind === 'mce' || r.kind === 'signal')).every((r) => r.code === 2)).toBe(true);
  });

  it('a page of a VM on a pooled device signals that VM', () => {
    const { engine: e } = run(pooled({ epochs: 14, events: [{ atMs: 1000, kind: 'poison', device: 'mhd0' }] }));
    const [o] = e.eventOutcomes();
    if (o.vmsHit.length) {
      expect(o.vmsHit).toHaveLength(1);
      expect(o.pagesIsolated).toBe(1);
    } else expect(o.pagesLost).toBe(1);
  });
});

describe('links', () => {
  it('a link down makes the pages its host can no longer reach inaccessible (never served, never lost); recovery brings them back', () => {
    const s = shared({ epochs: 14, events: [{ atMs: 300, kind: 'link-fail', link: 'h1-sw0' }, { atMs: 800, kind: 'link-recover', link: 'sw0-h1' }] });
    const { engine: e, rows } = run(s);
    const [down, up] = e.eventOutcomes();
    expect(down.hostsHit).toEqual(['h1']);
    expect(rows[2].pagesInaccessible).toBe(0);
    expect(rows[3].pagesInaccessible).toBeGreaterThan(0);
    expect(rows[3].unplacedAccessShare).toBeGreaterThan(rows[2].unplacedAccessShare);
    expect(rows.every((r) => r.pagesLost === 0)).toBe(true);
    expect(up.ok).toBe(true);
    expect(rows[8].pagesInaccessible).toBe(0);
    expect(e.lost.total).toBe(0);
    const snap = decodeSnapshot(e.snapshot([rows[3]]));
    expect(decodeStream(snap.stream).some((r) => r.kind === 'inaccessible' && r.value > 0)).toBe(true);
  });

  it('a VM whose host loses its link to a pooled device: its accesses there are served by nothing (out of its shares, its misses in flight and its progress), the others as before', () => {
    // The same run with and without the cut: the same VMs, in the same classes.
    const cut = new Engine(pooled({ epochs: 6, events: [{ atMs: 100, kind: 'link-fail', link: 'h1-mhd0' }] }));
    const whole = new Engine(pooled({ epochs: 6 }));
    const mhd0 = cut.topo.deviceIds.indexOf('mhd0'), D = cut.topo.D;
    cut.step(); whole.step();
    const a = cut.step(), b = whole.step();
    const x = cut.pool!.classes, y = whole.pool!.classes;
    expect(x.n).toBe(y.n);
    let hit = 0, others = 0;
    for (let k = 0; k < x.n; k++) {
      expect(x.host[k]).toBe(y.host[k]);
      if (x.host[k] !== 1) { others += x.share[k * D + mhd0]; continue; }
      expect(x.share[k * D + mhd0]).toBe(0);
      let sum = 0;
      for (let d = 0; d < D; d++) sum += x.share[k * D + d];
      // The served accesses' shares add up to 1 (none served: no misses fly).
      if (x.inFlight[k] > 0) expect(sum).toBeCloseTo(1, 12); else expect(sum).toBe(0);
      if (y.share[k * D + mhd0] > 0) { hit++; expect(x.inFlight[k]).toBeLessThan(y.inFlight[k]); }
    }
    expect(hit).toBeGreaterThan(0);
    // The other hosts' VMs still use mhd0; the VMs cut off slow down.
    expect(others).toBeGreaterThan(0);
    expect(Number.isFinite(a.vmAmatNs)).toBe(true);
    expect(a.vmSlowdownPercent).toBeGreaterThan(b.vmSlowdownPercent);
  });

  it('a degraded link shows in loaded latency at once, and recovers', () => {
    const s = oneHost({ epochs: 12, events: [{ atMs: 400, kind: 'link-degrade', link: 'h0-cxl0', bandwidthGBps: 0.5, latencyNs: 200 }, { atMs: 800, kind: 'link-recover', link: 'h0-cxl0' }] });
    const { engine: e, rows } = run(s);
    expect(rows[4].amatNs).toBeGreaterThan(rows[3].amatNs * 1.2);
    expect(rows[9].amatNs).toBeLessThan(rows[5].amatNs);
    expect(e.meta.links[0].state).toBe('up');
  });
});

describe('the stream and the snapshot', () => {
  it('carries the timeline and what it caused to the app, epoch by epoch', () => {
    const s = shared({ epochs: 8, events: [{ atMs: 300, kind: 'device-fail', device: 'pool0' }, { atMs: 500, kind: 'policy', policy: 'tpp' }] });
    const e = new Engine(s);
    const hist = [];
    for (let i = 0; i < 8; i++) hist.push(e.step());
    const snap = decodeSnapshot(e.snapshot(hist.slice(2, 6)));
    const recs = decodeStream(snap.stream);
    expect(recs.every((r) => r.epoch >= 2 && r.epoch <= 5)).toBe(true);
    expect(recs.filter((r) => r.kind === 'event').map((r) => [r.epoch, r.code])).toEqual([[3, 0], [5, 1]]);
    expect(recs.some((r) => r.kind === 'lost' && r.cause === 0)).toBe(true);
    expect(recs.some((r) => r.kind === 'policy' && r.code === 1)).toBe(true);
    expect(snap.metaVersion).toBeGreaterThan(0);
    expect(e.policyName).toBe('tpp');
  });
});

describe('outcome figures', () => {
  it('write counts with thousands separators, as en-US does, without building an Intl formatter', () => {
    for (const n of [0, 7, 999, 1000, 28588, 199229, 1048576, -1234, 12.6]) expect(fmt(n)).toBe(Math.round(n).toLocaleString('en-US'));
  });
});
