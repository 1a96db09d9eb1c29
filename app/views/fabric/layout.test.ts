import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/validate';
import { topologyNodes } from '../../scenario-edit';
import { autoLayout, estimateText, groupTitle, KIND_H, placeLabels, type Box, type FabricInput, type Item, type LabelCandidate } from './layout';

function input(name: string): FabricInput {
  const r = parseScenario(JSON.parse(readFileSync(`public/presets/${name}.json`, 'utf8')));
  if (!r.ok) throw new Error(name);
  const s = r.scenario;
  return {
    nodes: topologyNodes(s), links: s.links, pool: false, poolKinds: new Map(), sets: [],
    dramHost: new Map(s.devices.filter((d) => d.kind === 'dram' && d.host).map((d) => [d.id, d.host!] as const)),
  };
}

const layOut = (name: string, w: number, h: number) =>
  autoLayout(input(name), { avail: { w, h }, measure: estimateText, focus: new Map(), nudges: new Map() });

const boxOf = (i: { x: number; y: number; w: number; h: number }): Box => ({ x: i.x - i.w / 2, y: i.y - i.h / 2, w: i.w, h: i.h });
const cross = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const node = (id: string, x: number, y: number, w = 130, h = 46): Item =>
  ({ id, kind: 'host', members: [id], group: null, title: id, x, y, w, h, lod: 'full' });

describe('autoLayout', () => {
  it('lays a 13-host pod out with no two nodes overlapping, every node drawn once', () => {
    for (const name of ['octopus-pod', 'switch-pod']) {
      const l = layOut(name, 1400, 700);
      const boxes = l.items.map(boxOf);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(cross(boxes[i], boxes[j]), `${name}: ${l.items[i].id} / ${l.items[j].id}`).toBe(false);
      expect(l.items.flatMap((i) => i.members).sort()).toEqual(input(name).nodes.map((n) => n.id).sort());
    }
  });

  it('spreads a fabric with two-line labels over the whole width it has when its hosts take two rows', () => {
    const tall = (w: number) => autoLayout({ ...input('shared-region'), tallLabels: true }, { avail: { w, h: 700 }, measure: estimateText, focus: new Map(), nudges: new Map() });
    // 8 hosts in two rows of 4.
    expect(layOut('shared-region', 700, 700).box.w).toBeLessThan(500);
    expect(tall(700).box.w).toBeGreaterThan(600);
    // In one row: as wide as the row, not the 1980 units it has.
    expect(tall(2000).box.w).toBeLessThan(1500);
  });

  it('opens a picked group node by node, before showing more of the other layers', () => {
    // 64 hosts with their DRAM behind 8 switches, one expander per host.
    const hosts = Array.from({ length: 64 }, (_, i) => ({ id: `h${i}`, name: `Host ${i}` }));
    const r = parseScenario({
      version: 1, name: 'big', seed: 1, samplesPerHost: 1024, hosts,
      switches: Array.from({ length: 8 }, (_, i) => ({ id: `sw${i}`, name: `Switch ${i}` })),
      devices: [
        ...hosts.map((h) => ({ id: `${h.id}.dram`, kind: 'dram', host: h.id, capacityMB: 8 })),
        ...hosts.map((_, i) => ({ id: `c${i}`, name: `Expander ${i}`, kind: 'cxl', capacityMB: 16 })),
      ],
      links: [...hosts.map((h, i) => ({ a: h.id, b: `sw${i % 8}` })), ...hosts.map((_, i) => ({ a: `sw${i % 8}`, b: `c${i}` }))],
      workloads: [{ id: 'w0', hosts: ['h0'], pattern: 'uniform', workingSetMB: 4 }],
      policy: { name: 'first-touch' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const fabric: FabricInput = {
      nodes: topologyNodes(r.scenario), links: r.scenario.links, pool: false, poolKinds: new Map(), sets: [],
      dramHost: new Map(hosts.map((h) => [`${h.id}.dram`, h.id] as const)),
    };
    // Text this narrow fits 8 expander groups in two rows: more places than the hosts' second row gives.
    const l = autoLayout(fabric, { avail: { w: 649, h: 500 }, measure: (t) => t.length * 6, focus: new Map([['host', [6, 13]]]), nudges: new Map() });
    for (let i = 6; i < 13; i++) expect(l.itemOf.get(`h${i}`)?.id, `h${i}`).toBe(`h${i}`);
  });

  it('is never wider than the room it has, down to a narrow box (two pictures side by side)', () => {
    // Padded to the picture's 480-unit minimum, a 440-unit box was drawn at 440 / 480 of its scale:
    // labels under their floor (10.6 px for 11 with a comparison on at 1920 x 1080).
    for (const name of ['octopus-pod', 'switch-pod', 'shared-region']) {
      for (const w of [360, 440, 479]) expect(layOut(name, w, 700).box.w, `${name} in ${w}`).toBeLessThanOrEqual(w);
    }
    expect(layOut('octopus-pod', 1400, 700).box.w).toBeGreaterThanOrEqual(480);
  });

  it('leaves room above each DRAM of a pool scenario for what its VMs hold, or says there is none', () => {
    // Drawn over the DRAM's top edge (PoolMarks), that line was cut off by the picture's top and
    // pressed against the socket above a mirrored row's DRAM.
    const pool = { ...input('pond-pool'), pool: true, poolKinds: new Map([['pool0', 'MHD · 16 heads']]) };
    const lay = (w: number, h: number) => autoLayout(pool, { avail: { w, h }, measure: estimateText, focus: new Map(), nudges: new Map() });
    for (const [w, h] of [[1400, 900], [900, 560], [900, 450], [640, 560], [1900, 500]]) {
      const l = lay(w, h);
      if (!l.dramLabels) continue;
      for (const d of l.items.filter((i) => i.kind === 'dram' && i.group === null)) {
        const line = { x: d.x - d.w / 2, y: d.y - d.h / 2 - KIND_H, w: d.w, h: KIND_H };
        expect(line.y, `${d.id} in ${w} x ${h}`).toBeGreaterThanOrEqual(l.box.y);
        for (const o of l.items) if (o !== d) expect(cross(line, boxOf(o)), `${d.id} / ${o.id} in ${w} x ${h}`).toBe(false);
        expect(l.marks).toContainEqual(line);
      }
    }
    // With the room, the line; without it, every socket still drawn rather than the line.
    expect(lay(1400, 900).dramLabels).toBe(true);
    const tight = lay(900, 500);
    expect(tight.dramLabels).toBe(false);
    expect(tight.grouped).toBe(false);
    // Not a pool scenario: no such line, no room kept for it.
    expect(layOut('pond-pool', 1400, 900).dramLabels).toBe(false);
  });

  it('groups what does not fit the width, and falls back to compact nodes when nothing fits the height', () => {
    const l = layOut('octopus-pod', 600, 120);
    expect(l.lod).toBe('compact');
    expect(l.grouped).toBe(true);
    expect(l.items.flatMap((i) => i.members).sort()).toEqual(input('octopus-pod').nodes.map((n) => n.id).sort());
  });
});

describe('groupTitle', () => {
  it('names a run of members, and cuts a scattered list short', () => {
    expect(groupTitle('host', ['Host 0', 'Host 1', 'Host 2'])).toBe('Hosts 0-2 (3)');
    expect(groupTitle('cxl', ['Expander 0', 'Expander 1', 'Expander 8', 'Expander 16', 'Expander 17'])).toBe('Expanders 0-1,8,… (5)');
    expect(groupTitle('host', ['db', 'web'])).toBe('2 hosts');
  });
});

describe('placeLabels', () => {
  const bounds = { x: -500, y: -500, w: 1000, h: 1000 };

  it('puts a lone link\'s label along its middle, not against either end', () => {
    const host = node('h', 0, 0), a = node('a', -150, 200, 164, 78), b = node('b', 150, 200, 164, 78);
    const cands: LabelCandidate[] = [{ id: 'h|a', a: host, b: a, w: 40, h: 15 }, { id: 'h|b', a: host, b, w: 40, h: 15 }];
    const placed = placeLabels(cands, [host, a, b], [], bounds);
    expect(placed.size).toBe(2);
    // The gap between the host's bottom (23) and the devices' top (161).
    for (const p of placed.values()) {
      const share = (p.y - 23) / (161 - 23);
      expect(share).toBeGreaterThan(0.15);
      expect(share).toBeLessThan(0.85);
    }
  });

  it('labels every link of a fan of eight two-line labels, none overlapping a node or another label', () => {
    const hosts = Array.from({ length: 8 }, (_, i) => node(`h${i}`, i * 140, 0));
    const sw = node('sw', 490, 220, 120, 44);
    const cands = hosts.map((h) => ({ id: `${h.id}|sw`, a: h, b: sw, w: 88, h: 29 }));
    const placed = placeLabels(cands, [...hosts, sw], [], { x: -80, y: -40, w: 1150, h: 300 });
    expect(placed.size).toBe(8);
    const boxes = cands.map((c) => ({ x: placed.get(c.id)!.x - c.w / 2, y: placed.get(c.id)!.y - c.h / 2, w: c.w, h: c.h }));
    for (let i = 0; i < boxes.length; i++) {
      for (const n of [...hosts, sw]) expect(cross(boxes[i], boxOf(n))).toBe(false);
      for (let j = i + 1; j < boxes.length; j++) expect(cross(boxes[i], boxes[j])).toBe(false);
    }
    // Each label sits on its own link: its centre on the line from its host to the switch.
    for (const c of cands) {
      const p = placed.get(c.id)!;
      const cx = c.a.x + ((c.b.x - c.a.x) * (p.y - c.a.y)) / (c.b.y - c.a.y);
      expect(Math.abs(p.x - cx), c.id).toBeLessThan(1);
    }
  });
});
