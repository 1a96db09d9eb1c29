// The discovery steps over several presets and an imported machine: phases in Linux's order,
// stages that only move forward, each kernel view changing exactly at the steps whose stage
// change it shows, the NUMA node only after online, and the region's interleave as the scenario's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMachine } from '../importers/registry';
import { parseScenario } from '../scenario/validate';
import type { Scenario } from '../scenario/schema';
import { CXL_STAGES, buildMachine } from './machine';
import { DISCOVERY_PHASES, PHASE_IDS, discoverySteps, discoveryTargets, discoveryText, type DiscoveryStep } from './discovery';
import { cxlObjects, type CxlEndpoint, type CxlObjects, type CxlPort, type CxlRegion } from './cxl-objects';
import { regionDecoders } from './bring-up';
import { KERNEL_VIEWS } from './views';

const dir = new URL('../../public/presets/', import.meta.url);
const preset = (name: string): Scenario => {
  const r = parseScenario(JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')));
  if (!r.ok) throw new Error(name);
  return r.scenario;
};
const imported = (file: string): Scenario => {
  const r = importMachine(readFileSync(new URL(`../importers/fixtures/${file}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
};

const SCENARIOS: [string, Scenario][] = [
  ['two-socket', preset('two-socket')],
  ['single-host-cxl', preset('single-host-cxl')],
  ['interleave-set', preset('interleave-set')],
  ['switched-pool', preset('switched-pool')],
  ['imported cxl list', imported('cxl-list-switch.json')],
  ['imported numactl', imported('numactl-2s-cxl.txt')],
];
/** The kernel's "%*pbl" list ("0-1,3") as numbers. */
const expand = (list: string) => list.split(',').filter(Boolean).flatMap((p) => {
  const [a, b] = p.split('-').map(Number);
  return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
});
const rank = (st: string) => (CXL_STAGES as readonly string[]).indexOf(st);
const text = (id: string, st: DiscoveryStep, s: Scenario) => KERNEL_VIEWS.find((v) => v.id === id)!.print(buildMachine(s, st.state));
/** Did any CXL device move past `stage` between two steps? */
const crossed = (s: Scenario, a: DiscoveryStep, b: DiscoveryStep, stage: string) =>
  s.devices.some((d) => d.kind === 'cxl' && rank(a.state.cxl![d.id]) < rank(stage) && rank(b.state.cxl![d.id]) >= rank(stage));

describe.each(SCENARIOS)('%s', (_, s) => {
  for (const per of ['all', 'each'] as const) {
    const steps = discoverySteps(s, { per });
    const targets = discoveryTargets(s);

    it(`${per}: phases in Linux's order, each target through every target phase once`, () => {
      expect(targets.length).toBeGreaterThan(0);
      const order = steps.map((x) => PHASE_IDS.indexOf(x.phase));
      const machine = DISCOVERY_PHASES.filter((p) => p.scope === 'machine').length;
      const targetPhases = DISCOVERY_PHASES.length - machine;
      expect(steps.length).toBe(machine + targetPhases * (per === 'all' ? 1 : targets.length));
      expect(order.slice(0, machine)).toEqual([...order.slice(0, machine)].sort((a, b) => a - b));
      for (const t of targets) {
        const mine = steps.filter((x) => x.targets.includes(t.id)).map((x) => PHASE_IDS.indexOf(x.phase));
        expect(mine).toEqual(Array.from({ length: targetPhases }, (_, i) => machine + i));
      }
      steps.forEach((x, i) => {
        expect(x.index).toBe(i);
        expect(x.title.length).toBeGreaterThan(5);
        expect(x.text.length).toBeGreaterThan(80);
        expect(x.source).toMatch(/Documentation|ndctl|drivers\/cxl|mm\//);
        expect(x.outputs.length).toBeGreaterThan(0);
        const ids = new Set([...s.hosts, ...s.switches, ...s.devices].map((n) => n.id));
        for (const h of x.highlight) expect(ids.has(h), h).toBe(true);
      });
    });

    it(`${per}: each phase leaves its targets where Linux has them after it`, () => {
      // Written out here, apart from the declaration: what each phase means for the device.
      const after: Record<string, string> = { 'power-on': 'absent', 'cxl-io': 'absent', cedt: 'absent', drivers: 'enumerated', region: 'region', dax: 'region', 'system-ram': 'system-ram', online: 'online', tier: 'online' };
      for (const x of steps) {
        const acted = x.targets.length ? targets.filter((t) => x.targets.includes(t.id)) : targets;
        for (const t of acted) for (const d of t.devices) expect(x.state.cxl![s.devices[d].id], `${x.phase} ${t.id}`).toBe(after[x.phase]);
      }
      for (const x of steps.filter((y) => y.phase === 'dax')) expect(x.outputs.find((o) => o.view === 'daxctl')!.output).toContain('"mode":"devdax"');
      for (const x of steps.filter((y) => y.phase === 'system-ram')) expect(x.outputs.map((o) => o.output).join('')).toContain('state:offline');
    });

    it(`${per}: stages only move forward, from absent to online`, () => {
      for (const d of s.devices.filter((x) => x.kind === 'cxl')) {
        const seq = steps.map((x) => rank(x.state.cxl![d.id]));
        expect([...seq].sort((a, b) => a - b)).toEqual(seq);
      }
      expect(Object.values(steps[0].state.cxl!).every((v) => v === 'absent')).toBe(true);
      for (const t of targets) for (const d of t.devices) expect(steps[steps.length - 1].state.cxl![s.devices[d].id]).toBe('online');
    });

    it(`${per}: each kernel view changes exactly where the stage it shows is crossed`, () => {
      const shows: Record<string, string[]> = { numactl: ['system-ram', 'online'], 'cxl-list': ['enumerated', 'region'], daxctl: ['region', 'system-ram', 'online'], tiers: ['online'] };
      for (let i = 1; i < steps.length; i++) {
        for (const v of Object.keys(shows)) {
          const changed = text(v, steps[i], s) !== text(v, steps[i - 1], s);
          expect(changed, `${v} at step ${i + 1} (${steps[i].phase})`).toBe(shows[v].some((st) => crossed(s, steps[i - 1], steps[i], st)));
        }
      }
    });

    it(`${per}: a target's NUMA node is listed from system-ram, has memory and a tier only once online`, () => {
      for (const t of targets) {
        const re = new RegExp(`^node ${t.node} size: (\\d+) MB$`, 'm');
        for (const x of steps) {
          const st = rank(x.state.cxl![s.devices[t.devices[0]].id]);
          const numactl = text('numactl', x, s);
          const size = re.exec(numactl)?.[1];
          if (st < rank('system-ram')) expect(size, `${x.phase}`).toBeUndefined();
          else if (st < rank('online')) expect(size).toBe('0');
          else expect(Number(size)).toBeGreaterThan(0);
          const inTier = text('tiers', x, s).split('\n').some((l) => expand(l.split('nodelist:')[1] ?? '').includes(t.node));
          expect(inTier).toBe(st >= rank('online'));
        }
        // The step that onlines it shows its node in numactl's output.
        const online = steps.find((x) => x.phase === 'online' && x.targets.includes(t.id))!;
        expect(online.outputs.find((o) => o.view === 'numactl')!.output).toMatch(re);
      }
    });
  }

  it('the region interleaves as the scenario says: ways and granularity at every level', () => {
    const steps = discoverySteps(s);
    const region = steps.find((x) => x.phase === 'region')!;
    const o = cxlObjects(buildMachine(s, region.state));
    for (const t of discoveryTargets(s)) {
      const set = s.interleaveSets?.find((x) => x.id === t.id);
      const r = o.regions.find((x) => x.node === t.node)!;
      const ways = set ? set.devices.length : 1;
      expect(r.members.length).toBe(ways);
      const cmd = region.outputs.find((x) => x.command.startsWith(`cxl create-region -t ram -d ${r.rootDecoder} `))!;
      expect(cmd.command).toContain(` -w ${ways} `);
      expect(cmd.output).toContain(`"interleave_ways":${ways},`);
      if (set) expect(cmd.output).toContain(`"interleave_granularity":${set.granularityB},`);
      const decs = regionDecoders(o, r);
      expect(decs[0].devtype).toBe('cxl_decoder_root');
      const eps = decs.filter((d) => d.devtype === 'cxl_decoder_endpoint');
      expect(eps).toHaveLength(ways);
      for (const e of eps) expect(e).toMatchObject({ ways, granularityB: r.granularityB });
      // Cross-link first: the ways of one path's routing decoders multiply to the set's ways.
      const routing = decs.filter((d) => d.devtype !== 'cxl_decoder_endpoint');
      expect(routing.reduce((a, d) => a * d.ways, 1)).toBeGreaterThanOrEqual(ways);
      const listing = region.outputs.find((x) => x.command.includes(`for d in ${r.rootDecoder} `))!;
      for (const d of decs) expect(listing.output).toContain(`${d.name} ${d.devtype} ${d.ways} ${d.granularityB}\n`);
    }
  });
});

describe('every preset and every importer fixture', () => {
  const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { name: string }[];
  const all: [string, Scenario][] = [
    ...index.map((p) => [p.name, preset(p.name)] as [string, Scenario]),
    ...['cxl-list-switch.json', 'hwloc-2s-cxl.xml', 'numactl-2s-cxl.txt'].map((f) => [f, imported(f)] as [string, Scenario]),
  ];
  it.each(all)('%s: steps build both ways and end with every CXL node of the server online, in a tier', (_, s) => {
    for (const per of ['all', 'each'] as const) {
      const steps = discoverySteps(s, { per });
      const last = steps[steps.length - 1];
      for (const t of discoveryTargets(s)) {
        for (const d of t.devices) expect(last.state.cxl![s.devices[d].id]).toBe('online');
        expect(text('tiers', last, s)).toMatch(new RegExp(`nodelist:.*`));
      }
      expect(discoveryText(steps, s)).toContain(`== Step ${steps.length} of ${steps.length}: `);
    }
  });
});

describe('discovery details', () => {
  it('decoders interleave "cross-link first", as cxl-driver.rst\'s 16 endpoints under 4 host bridges: root 4 x 256, host bridge 4 x 1024, endpoint 16 x 256', () => {
    let id = 1;
    const ports: CxlPort[] = [];
    const members: CxlEndpoint[] = [];
    for (let h = 0; h < 4; h++) {
      const p: CxlPort = { id: id++, kind: 'host-bridge', host: `pci0000:${h}`, depth: 1, ports: [], endpoints: [], dports: [] };
      for (let k = 0; k < 4; k++) {
        const e: CxlEndpoint = { id: 0, memdev: { device: members.length, name: `mem${members.length}`, serial: 0, host: 0, bdf: '', ramBytes: 0, stage: 'region' }, depth: 2, parentDport: '' };
        p.endpoints.push(e);
        members.push(e);
      }
      ports.push(p);
    }
    for (const e of members) e.id = id++;
    const r: CxlRegion = { id: 0, node: 1, stage: 'region', members, granularityB: 256, resource: 0n, sizeBytes: 0, rootDecoder: 'decoder0.0' };
    const o: CxlObjects = { ports, regions: [r], memdevs: members.map((e) => e.memdev), rootDecoders: [{ name: 'decoder0.0', resource: 0n, sizeBytes: 0, region: r }] };
    const decs = regionDecoders(o, r);
    expect(decs[0]).toMatchObject({ devtype: 'cxl_decoder_root', ways: 4, granularityB: 256 });
    const hbs = decs.filter((d) => d.devtype === 'cxl_decoder_switch');
    expect(hbs).toHaveLength(4);
    for (const d of hbs) expect(d).toMatchObject({ ways: 4, granularityB: 1024 });
    const eps = decs.filter((d) => d.devtype === 'cxl_decoder_endpoint');
    expect(eps).toHaveLength(16);
    for (const d of eps) expect(d).toMatchObject({ ways: 16, granularityB: 256 });
  });

  it('the interleave set\'s region spans its four members, 4 ways at 256 B, through one host-bridge decoder', () => {
    const s = preset('interleave-set');
    const steps = discoverySteps(s);
    const region = steps.find((x) => x.phase === 'region')!;
    expect(region.highlight).toEqual(expect.arrayContaining(['cxl0', 'cxl1', 'cxl2', 'cxl3']));
    expect(region.outputs[0].command).toBe('cxl create-region -t ram -d decoder0.0 -w 4 -g 256 -m mem0 mem1 mem2 mem3');
    expect(region.outputs[1].output).toBe('decoder0.0 cxl_decoder_root 1 256\ndecoder1.0 cxl_decoder_switch 4 256\ndecoder2.0 cxl_decoder_endpoint 4 256\ndecoder3.0 cxl_decoder_endpoint 4 256\ndecoder4.0 cxl_decoder_endpoint 4 256\ndecoder5.0 cxl_decoder_endpoint 4 256\n');
  });

  it('a switch adds its own decoder on the way, and lights on the topology', () => {
    const s = preset('switched-pool');
    const region = discoverySteps(s).find((x) => x.phase === 'region')!;
    expect(region.highlight).toContain(s.switches[0].id);
    expect(region.outputs[1].output.match(/cxl_decoder_switch/g)).toHaveLength(2); // host bridge + switch upstream port
  });

  it('device by device: a later device is still enumerated while the first is online', () => {
    const s = preset('single-host-cxl');
    const steps = discoverySteps(s, { per: 'each' });
    const firstTier = steps.find((x) => x.phase === 'tier')!;
    expect(firstTier.state.cxl).toEqual({ cxl0: 'online', cxl1: 'enumerated' });
    expect(firstTier.targets).toEqual(['cxl0']);
  });

  it('online as normal memory says so in the blocks\' zone and daxctl\'s option', () => {
    const online = discoverySteps(preset('two-socket'), { zone: 'normal' }).find((x) => x.phase === 'online')!;
    expect(online.outputs[0].command).toBe('daxctl online-memory --no-movable dax0.0');
    expect(online.outputs[1].output).toContain('valid_zones:Normal');
  });

  it('CXL.io comes before any driver: the class code and DVSECs are there, cxl list is still empty', () => {
    const io = discoverySteps(preset('two-socket')).find((x) => x.phase === 'cxl-io')!;
    expect(io.outputs[0].output).toBe('0x050210\n');
    expect(io.outputs[1].output).toContain('Vendor=1e98 ID=0008');
    expect(io.outputs.find((o) => o.view === 'cxl-list')!.output).toBe('');
  });

  it('a machine without CXL memory has only its power-on step', () => {
    const s = preset('two-socket');
    const noCxl: Scenario = { ...s, devices: s.devices.filter((d) => d.kind !== 'cxl'), links: s.links.filter((l) => l.b !== 'cxl0'), workloads: s.workloads.map((w) => ({ ...w, workingSetMB: 100 })) };
    const steps = discoverySteps(noCxl);
    expect(steps.map((x) => x.phase)).toEqual(['power-on']);
    expect(discoveryText(steps, noCxl)).toMatch(/^No CXL memory device/);
  });
});
