// Discovery: how CXL memory comes up, from power-on to a NUMA node in a memory tier, as a list
// of steps. One declaration (DISCOVERY_PHASES) drives the app's Discovery panel, the CLI's
// --discovery and the tests: each phase says what it does for a student, which documentation
// names it, which devices it moves to which stage (machine.ts CXL_STAGES), what to run to see it
// and which topology nodes it lights. `discoverySteps(scenario)` makes the steps of any scenario
// (presets and imported machines alike): all devices at once, or device by device.
//
// The order and names follow the kernel's documentation (Documentation/driver-api/cxl/: platform/
// acpi/cedt.rst, linux/early-boot.rst, linux/cxl-driver.rst, linux/dax-driver.rst,
// linux/memory-hotplug.rst, linux/access-coordinates.rst; ABI/testing/sysfs-bus-cxl) and ndctl's
// (cxl-create-region, daxctl-reconfigure-device, daxctl-online-memory); bring-up.ts cites the
// output formats.
import type { Scenario } from '../scenario/schema';
import { tierChunk, topologyOf, type Topology } from '../topology/topology';
import { MEMTIER_CHUNK } from '../platform/calibration';
import {
  blocksOutput, cedtOutput, createRegionOutput, decodersOutput, nodeAccessOutput, onlineMemoryOutput, pciOutputs,
  reconfigureOutput, regionBlocks, regionDecoders, sysCxlDevices, type BringUpOutput,
} from './bring-up';
import { cxlObjects, type CxlObjects, type CxlRegion } from './cxl-objects';
import { buildMachine, CXL_STAGES, type CxlStage, type LinuxNode, type Machine, type MachineState } from './machine';
import { KERNEL_VIEWS, type KernelViewId } from './views';
import type { DISCOVERY_PER } from './discovery-per';

export type DiscoveryPer = (typeof DISCOVERY_PER)[number];
/** Where onlined blocks go: ZONE_MOVABLE (daxctl's default) or ZONE_NORMAL (--no-movable). */
export type OnlineZone = 'movable' | 'normal';

export interface DiscoveryOptions {
  /** Which server (the index of one of its hosts; default 0). */
  host?: number;
  per?: DiscoveryPer;
  zone?: OnlineZone;
}

/** A CXL memory node being brought up: one device, or an interleave set over several. */
export interface DiscoveryTarget {
  /** The scenario's id: a device or an interleave set. */
  id: string;
  /** Display name. */
  name: string;
  /** Scenario device indices (members of a set in stripe order). */
  devices: number[];
  /** Its Linux node number once online. */
  node: number;
}

export interface DiscoveryOutput extends BringUpOutput {
  /** A kernel view (views.ts) when the output is one, so the app can say so and tests can follow it. */
  view?: KernelViewId;
}

export interface DiscoveryStep {
  /** 0-based position. */
  index: number;
  /** The phase it comes from (DISCOVERY_PHASES). */
  phase: PhaseId;
  title: string;
  /** One paragraph for a student. */
  text: string;
  /** Where the documentation says it. */
  source: string;
  /** What to run and what it prints, at this step's state. */
  outputs: DiscoveryOutput[];
  /** Scenario node ids (hosts, switches, devices) the topology lights. */
  highlight: string[];
  /** The CXL nodes this step acts on (empty: the whole machine). */
  targets: string[];
  /** How far each CXL device has come up after this step. */
  state: MachineState;
}

/** What a phase sees: the scenario, the machine after the step, and the targets it acts on. */
export interface PhaseContext {
  s: Scenario;
  topo: Topology;
  m: Machine;
  o: CxlObjects;
  /** The CXL objects once every target's device is enumerated (the platform's windows, the PCI functions): known before the drivers bind. */
  ahead: CxlObjects;
  targets: DiscoveryTarget[];
  regions: CxlRegion[];
  zone: OnlineZone;
  /** Names for text. */
  name(id: string): string;
  /** The hosts, switches and devices between the server's hosts and the targets. */
  path(targets: DiscoveryTarget[]): string[];
}

interface Phase {
  id: string;
  /** 'machine': once for the whole server; 'target': once per target when stepping device by device. */
  scope: 'machine' | 'target';
  /** The stage the phase's targets reach (the machine's state after it). */
  stage: CxlStage;
  title(c: PhaseContext): string;
  text(c: PhaseContext): string;
  source: string;
  outputs(c: PhaseContext): DiscoveryOutput[];
  highlight(c: PhaseContext): string[];
}

const view = (id: KernelViewId, m: Machine): DiscoveryOutput => {
  const v = KERNEL_VIEWS.find((x) => x.id === id)!;
  return { command: v.command, output: v.print(m) || '', view: id };
};
const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const names = (c: PhaseContext, ts: DiscoveryTarget[]) => list(ts.map((t) => t.name));
const memdevs = (c: PhaseContext, ts: DiscoveryTarget[]) => {
  const want = new Set(ts.flatMap((t) => t.devices));
  return c.o.memdevs.filter((d) => want.has(d.device));
};
const hostsOf = (c: PhaseContext) => c.m.hosts.map((h) => c.s.hosts[h].id);
const devIds = (c: PhaseContext, ts: DiscoveryTarget[]) => ts.flatMap((t) => t.devices.map((d) => c.s.devices[d].id));
const regionOf = (c: PhaseContext, t: DiscoveryTarget) => c.regions.find((r) => r.node === t.node);
const MIB = 1048576;
const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);

/**
 * The phases, in the order Linux goes through them. Each step of a discovery is one phase
 * applied to the machine (scope 'machine') or to one or all targets (scope 'target').
 */
export const DISCOVERY_PHASES = [
  {
    id: 'power-on',
    scope: 'machine',
    stage: 'absent',
    title: () => 'Power-on: only the sockets\' DRAM',
    text: (c) => `The firmware trains the links and describes the machine in ACPI tables; Linux boots with the memory the firmware handed it as System RAM: each socket's DRAM. NUMA nodes are set up now, at boot, from the SRAT (and, for CXL windows the SRAT leaves out, from the CEDT): no node can be made later. Memory on CXL devices is "specific purpose" and left to the CXL drivers, so numactl lists ${c.m.nodes.length} node${c.m.nodes.length === 1 ? '' : 's'} with memory and nothing from ${names(c, c.targets) || 'a CXL device'} yet.`,
    source: 'Documentation/driver-api/cxl/linux/early-boot.rst (Memory Map Creation, NUMA Node Reservation)',
    outputs: (c) => [view('numactl', c.m)],
    highlight: hostsOf,
  },
  {
    id: 'cxl-io',
    scope: 'machine',
    stage: 'absent',
    title: () => 'CXL.io enumeration: the devices are found on PCIe',
    text: (c) => `CXL.io is PCIe: the PCI core walks the buses below each host bridge${c.s.switches.length ? ' and through the switches\' ports' : ''} and finds ${c.ahead.memdevs.length} function${c.ahead.memdevs.length === 1 ? '' : 's'} of class 0x0502 (CXL memory device). Each carries DVSECs (Designated Vendor-Specific Extended Capabilities, vendor 0x1e98): the PCIe DVSEC for CXL Devices (ID 0: CXL.mem capable, HDM decoder count, memory ranges) and the Register Locator DVSEC (ID 8), which points into a BAR at the component registers, where the HDM Decoder Capability Structure lives, and at the device registers (mailbox). Nothing CXL-specific has bound yet: cxl list shows no memdev.`,
    source: 'Documentation/driver-api/cxl/theory-of-operation.rst; drivers/cxl/cxlpci.h (CXL_DVSEC_PCIE_DEVICE 0, CXL_DVSEC_REG_LOCATOR 8); CXL 2.0 8.1.3, 8.1.9, 8.2.4.20',
    outputs: (c) => [...pciOutputs(c.ahead, c.targets.flatMap((t) => t.devices)), view('cxl-list', c.m)],
    highlight: (c) => c.path(c.targets),
  },
  {
    id: 'cedt',
    scope: 'machine',
    stage: 'absent',
    title: () => 'The platform\'s CXL windows: ACPI CEDT and its CFMWS',
    text: () => `The firmware's CXL Early Discovery Table (CEDT) names each CXL host bridge (a CHBS, with its component registers) and each CXL Fixed Memory Window (a CFMWS): a range of host physical addresses the platform routes to one or more host bridges, with its interleave across them, and what it may hold (bit 1: type 3 memory, bit 2: volatile). cxl_acpi binds to the ACPI0017 object and makes the CXL root (root0), a port for each host bridge (ACPI0016) and a root decoder (decoder0.N) for each window. The windows are fixed by the platform; which devices fill them is decided later.`,
    source: 'Documentation/driver-api/cxl/platform/acpi/cedt.rst; linux/cxl-driver.rst (Root, Root Decoder)',
    outputs: (c) => [cedtOutput(c.ahead, c.m), sysCxlDevices(c.ahead, { rootOnly: true })],
    highlight: hostsOf,
  },
  {
    id: 'drivers',
    scope: 'machine',
    stage: 'enumerated',
    title: () => 'Drivers bind: cxl_pci, cxl_mem, cxl_port',
    text: (c) => `cxl_pci binds each CXL memory device and registers a memdev (${list(memdevs(c, c.targets).map((d) => d.name))}) with its mailbox at /dev/cxl/memN. cxl_mem then walks up from the memdev to the root and adds every switch port on the way (portN: cxl_port binds it, reads its HDM Decoder Capability and adds its switch decoders) and the device's endpoint port (endpointN: cxl_port adds its endpoint decoders and reads the device's CDAT, its own latency and bandwidth). Every decoder below the root is still uncommitted: the memory is reachable in principle, decoded by nothing.`,
    source: 'Documentation/driver-api/cxl/linux/cxl-driver.rst (Drivers, Port, Endpoint, Memory Device, Decoders)',
    outputs: (c) => [sysCxlDevices(c.o), view('cxl-list', c.m)],
    highlight: (c) => c.path(c.targets),
  },
  {
    id: 'region',
    scope: 'target',
    stage: 'region',
    title: (c) => `Region: ${names(c, c.targets)} decoded into a CFMWS window`,
    text: (c) => {
      const rs = c.targets.map((t) => ({ t, r: regionOf(c, t) })).filter((x): x is { t: DiscoveryTarget; r: CxlRegion } => !!x.r);
      const each = rs.map(({ t, r }) => {
        const decs = regionDecoders(c.o, r);
        const ways = r.members.length;
        const sw = decs.filter((d) => d.devtype === 'cxl_decoder_switch').length;
        return `${cap(t.name)}: region${r.id}, ${(r.sizeBytes / MIB).toFixed(0)} MiB at 0x${r.resource.toString(16)} in ${r.rootDecoder}'s window, ${ways === 1 ? 'one device, no interleave' : `${ways} ways at ${r.granularityB} B (consecutive ${r.granularityB} B chunks go to ${r.members.map((e) => e.memdev.name).join(', ')} in turn)`}; decoders committed: the root decoder, ${sw} switch decoder${sw === 1 ? '' : 's'}, ${ways} endpoint decoder${ways === 1 ? '' : 's'}.`;
      });
      return `cxl create-region asks a root decoder for a free range of its window, picks the memdevs' endpoint decoders and their device capacity (DPA), and sets the interleave: ways (how many devices) and granularity (how many bytes go to one device before the next). The kernel then programs and commits an HDM decoder at every level on the way: the root decoder (the window, across host bridges), a switch decoder in each host bridge and switch port (each interleaves over its own downstream ports) and the endpoint decoders, the only ones that translate host addresses to device addresses. ${each.join(' ')}`;
    },
    source: 'ndctl Documentation/cxl/cxl-create-region.txt; Documentation/driver-api/cxl/linux/cxl-driver.rst (Regions, Decoder Programming, Interleave); ABI/testing/sysfs-bus-cxl (create_ram_region, interleave_ways, interleave_granularity, commit)',
    outputs: (c) => c.targets.flatMap((t) => {
      const r = regionOf(c, t);
      return r ? [createRegionOutput(c.o, r), decodersOutput(c.o, r)] : [];
    }),
    highlight: (c) => c.path(c.targets),
  },
  {
    id: 'dax',
    scope: 'target',
    stage: 'region',
    title: (c) => `DAX region and device for ${names(c, c.targets)}`,
    text: (c) => `The region's driver hands its range to the DAX subsystem: the cxl_dax_region driver makes ${list(c.targets.map((t) => regionOf(c, t)).filter((r): r is CxlRegion => !!r).map((r) => `dax_region${r.id} with the DAX device dax${r.id}.0`))}. In devdax mode the memory is a character device (/dev/daxN.Y) a program can mmap; the page allocator does not see it yet, and numactl still lists no node for it. (Since Linux 6.3 a ram region's DAX device is handed to kmem by default; here it waits, so each half shows.)`,
    source: 'Documentation/driver-api/cxl/linux/dax-driver.rst; linux/cxl-driver.rst (DAX Region)',
    outputs: (c) => [view('daxctl', c.m), view('numactl', c.m)],
    highlight: (c) => devIds(c, c.targets),
  },
  {
    id: 'system-ram',
    scope: 'target',
    stage: 'system-ram',
    title: (c) => `daxctl reconfigure-device --mode=system-ram: ${names(c, c.targets)} becomes System RAM`,
    text: (c) => `daxctl reconfigure-device --mode=system-ram hands the DAX device to the dax_kmem driver, which hot-adds its range as memory blocks of the node the firmware reserved for it (${list(c.targets.map((t) => `node ${t.node}`))}). Here it runs with --no-online, so the blocks arrive offline and the node is listed with 0 MB; without it, daxctl onlines them at once as movable (the next step). Whether hot-added blocks come up by themselves depends on auto_online_blocks and udev rules.`,
    source: 'ndctl Documentation/daxctl/daxctl-reconfigure-device.txt; Documentation/driver-api/cxl/linux/dax-driver.rst (kmem conversion), linux/memory-hotplug.rst',
    outputs: (c) => [
      ...c.targets.map((t) => regionOf(c, t)).filter((r): r is CxlRegion => !!r).flatMap((r) => [reconfigureOutput(r), blocksOutput(c.m, r, false, c.zone)]),
      view('numactl', c.m),
    ],
    highlight: (c) => devIds(c, c.targets),
  },
  {
    id: 'online',
    scope: 'target',
    stage: 'online',
    title: (c) => `Memory blocks of ${names(c, c.targets)} online (${c.zone === 'movable' ? 'ZONE_MOVABLE' : 'ZONE_NORMAL'}): a new NUMA node`,
    text: (c) => {
      const rs = c.targets.map((t) => regionOf(c, t)).filter((r): r is CxlRegion => !!r);
      const blocks = rs.reduce((a, r) => a + regionBlocks(c.m, r).count, 0);
      return `daxctl online-memory onlines the device's ${blocks} memory block${blocks === 1 ? '' : 's'} (/sys/devices/system/memory/memoryN/state: online; writing online_movable or online_kernel to it does one by hand). ${c.zone === 'movable' ? 'Movable (the default): only movable pages (user memory) go there, so the blocks can be offlined again; kernel allocations stay in DRAM.' : 'Normal (--no-movable): the kernel may allocate there too, and the memory can no longer be reliably removed.'} The node now has memory: numactl lists ${list(c.targets.map((t) => `node ${t.node}`))} with ${rs.reduce((a, r) => a + r.sizeBytes, 0) / MIB} MB, without CPUs, at its distance from each socket.`;
    },
    source: 'ndctl Documentation/daxctl/daxctl-online-memory.txt; Documentation/driver-api/cxl/linux/memory-hotplug.rst; admin-guide/mm/memory-hotplug.rst',
    outputs: (c) => [
      ...c.targets.map((t) => regionOf(c, t)).filter((r): r is CxlRegion => !!r).flatMap((r) => [onlineMemoryOutput(c.m, r, c.zone), blocksOutput(c.m, r, true, c.zone)]),
      view('numactl', c.m),
    ],
    highlight: (c) => devIds(c, c.targets),
  },
  {
    id: 'tier',
    scope: 'target',
    stage: 'online',
    title: (c) => `Memory tier: where ${names(c, c.targets)} ranks`,
    text: (c) => {
      const each = c.targets.map((t) => {
        const ad = c.topo.deviceAdistance[t.devices[0]];
        const given = c.s.devices[t.devices[0]].adistance !== undefined;
        const tier = tierChunk(ad);
        return `Node ${t.node} (${t.name}): ${ad}, ${given ? 'the scenario\'s figure' : 'Linux\'s default for a dax kmem node (MEMTIER_DEFAULT_DAX_ADISTANCE): the scenario gives none, and the kernel\'s own computation from the figures is not modelled'}, so memory_tier${tier}${tier === tierChunk(576) ? ', DRAM\'s own tier: tiering will not demote to it' : ', below DRAM: tiering demotes cold pages to it and promotes hot ones from it'}.`;
      });
      return `With memory online the node joins a memory tier. The kernel ranks it by abstract distance: its performance (HMAT for the path from the host, CDAT from the device; the access0 figures below) against DRAM's, whose abstract distance is 576: slower or narrower memory gets a larger number. Each ${MEMTIER_CHUNK}-wide band of abstract distance is one tier. ${each.join(' ')}`;
    },
    source: 'Documentation/driver-api/cxl/linux/access-coordinates.rst, linux/early-boot.rst (Memory Tiers Creation); mm/memory-tiers.c (mt_perf_to_adistance, MEMTIER_CHUNK_BITS); ABI/stable/sysfs-devices-node (access0)',
    outputs: (c) => [
      ...c.targets.map((t) => nodeAccessOutput(t.node, perfOf(c, t))),
      view('tiers', c.m),
    ],
    highlight: (c) => devIds(c, c.targets),
  },
] as const satisfies readonly Phase[];

export type PhaseId = (typeof DISCOVERY_PHASES)[number]['id'];
export const PHASE_IDS: readonly PhaseId[] = DISCOVERY_PHASES.map((p) => p.id);

/** Latency from the nearest host of the server, bandwidth summed over the members (what HMAT/CDAT would report). */
function perfOf(c: PhaseContext, t: DiscoveryTarget): { readNs: number; writeNs: number; readMBps: number; writeMBps: number } {
  const nodeIdx = c.topo.nodes.findIndex((n) => n.id === t.id);
  let ns = Infinity;
  for (const h of c.m.hosts) {
    const v = nodeIdx >= 0 ? c.topo.nodeIdleNs[h * c.topo.N + nodeIdx] : NaN;
    if (!Number.isNaN(v)) ns = Math.min(ns, v);
  }
  if (!Number.isFinite(ns)) ns = 0;
  const read = t.devices.reduce((a, d) => a + (c.s.devices[d].bandwidthGBps ?? 0), 0);
  const write = t.devices.reduce((a, d) => a + (c.s.devices[d].writeBandwidthGBps ?? c.s.devices[d].bandwidthGBps ?? 0), 0);
  return { readNs: ns, writeNs: ns, readMBps: read * 1000, writeMBps: write * 1000 };
}

/** The CXL nodes of the server (devices, interleave sets), in Linux node order. */
export function discoveryTargets(s: Scenario, host = 0, topo: Topology = topologyOf(s)): DiscoveryTarget[] {
  const m = buildMachine(s, { host }, topo);
  return m.all.filter((n: LinuxNode) => n.kind === 'cxl').map((n) => ({
    id: n.name,
    name: s.interleaveSets?.some((x) => x.id === n.name) ? `interleave set ${n.name}` : s.devices[n.devices[0]].name ?? n.name,
    devices: n.devices,
    node: n.id,
  }));
}

/** The ids on the links from the server's hosts to each target device (hosts, switches, the devices). */
function pathIds(s: Scenario, hosts: number[], targets: DiscoveryTarget[]): string[] {
  const adj = new Map<string, string[]>();
  for (const l of s.links) {
    adj.set(l.a, [...(adj.get(l.a) ?? []), l.b]);
    adj.set(l.b, [...(adj.get(l.b) ?? []), l.a]);
  }
  const switches = new Set(s.switches.map((w) => w.id));
  const out = new Set<string>();
  for (const t of targets) {
    for (const d of t.devices) {
      const goal = s.devices[d].id;
      // Breadth-first from the server's hosts, through switches only: the way CXL.io reaches the device.
      const prev = new Map<string, string | null>();
      const queue: string[] = [];
      for (const h of hosts) { prev.set(s.hosts[h].id, null); queue.push(s.hosts[h].id); }
      while (queue.length) {
        const x = queue.shift()!;
        if (x === goal) break;
        for (const nb of adj.get(x) ?? []) {
          if (prev.has(nb) || (nb !== goal && !switches.has(nb))) continue;
          prev.set(nb, x);
          queue.push(nb);
        }
      }
      for (let x: string | null | undefined = prev.has(goal) ? goal : undefined; x; x = prev.get(x)) out.add(x);
    }
  }
  return [...out];
}

/**
 * The steps of bringing up a scenario's CXL memory on one server. 'all': each phase once, over
 * every CXL node; 'each': the machine-wide phases once, then region to tier node by node (the
 * nodes not yet reached stay enumerated, the ones done stay online).
 */
export function discoverySteps(s: Scenario, opts: DiscoveryOptions = {}): DiscoveryStep[] {
  const topo = topologyOf(s);
  const host = opts.host ?? 0;
  const per = opts.per ?? 'all';
  const zone = opts.zone ?? 'movable';
  const targets = discoveryTargets(s, host, topo);
  const hosts = buildMachine(s, { host }, topo).hosts;
  const nameOf = new Map<string, string>([...s.hosts, ...s.switches, ...s.devices].map((x) => [x.id, x.name ?? x.id] as const));
  const rank = (st: CxlStage) => CXL_STAGES.indexOf(st);

  // Every CXL device of the scenario starts absent; a device no target holds stays absent.
  const stages: Record<string, CxlStage> = Object.fromEntries(s.devices.filter((d) => d.kind === 'cxl').map((d) => [d.id, 'absent' as CxlStage]));
  const steps: DiscoveryStep[] = [];
  const push = (phase: Phase, acting: DiscoveryTarget[]) => {
    for (const t of acting) for (const d of t.devices) if (rank(phase.stage) > rank(stages[s.devices[d].id])) stages[s.devices[d].id] = phase.stage;
    // Machine-wide phases bring every target along (drivers bind to all devices at boot).
    const state: MachineState = { host, cxl: { ...stages } };
    const m = buildMachine(s, state, topo);
    const o = cxlObjects(m);
    const allTargets = new Set(targets.flatMap((t) => t.devices.map((d) => s.devices[d].id)));
    const ahead = cxlObjects(buildMachine(s, { host, cxl: Object.fromEntries(Object.entries(stages).map(([id, st]) => [id, st === 'absent' && allTargets.has(id) ? 'enumerated' : st])) }, topo));
    const c: PhaseContext = {
      s, topo, m, o, ahead, targets: acting, regions: o.regions, zone,
      name: (id) => nameOf.get(id) ?? id,
      path: (ts) => pathIds(s, hosts, ts),
    };
    steps.push({
      index: steps.length,
      phase: phase.id as PhaseId,
      title: phase.title(c),
      text: phase.text(c),
      source: phase.source,
      outputs: phase.outputs(c),
      highlight: phase.highlight(c),
      targets: phase.scope === 'target' ? acting.map((t) => t.id) : [],
      state,
    });
  };
  const phases: readonly Phase[] = DISCOVERY_PHASES;
  const machinePhases = phases.filter((p) => p.scope === 'machine');
  const targetPhases = phases.filter((p) => p.scope === 'target');
  if (targets.length === 0) {
    push(machinePhases[0], []);
    return steps;
  }
  for (const p of machinePhases) push(p, targets);
  if (per === 'all') for (const p of targetPhases) push(p, targets);
  else for (const t of targets) for (const p of targetPhases) push(p, [t]);
  return steps;
}

/** The steps as the CLI prints them: a heading per step, its text, what it lights, then each command and its output. */
export function discoveryText(steps: DiscoveryStep[], s: Scenario): string {
  const nameOf = new Map<string, string>([...s.hosts, ...s.switches, ...s.devices].map((x) => [x.id, x.name ?? x.id] as const));
  let out = '';
  if (steps.length === 1) out += 'No CXL memory device on this server: nothing to discover beyond its DRAM.\n\n';
  for (const st of steps) {
    out += `== Step ${st.index + 1} of ${steps.length}: ${st.title} ==\n`;
    out += `${st.text}\n`;
    if (st.highlight.length) out += `Topology: ${st.highlight.map((id) => nameOf.get(id) ?? id).join(', ')}\n`;
    out += `Source: ${st.source}\n`;
    for (const o of st.outputs) {
      out += `\n# ${o.command}${o.note ? `    (${o.note})` : ''}\n`;
      out += o.output || '(prints nothing)\n';
    }
    out += '\n';
  }
  return out;
}
