// `daxctl list -RDu` for the scenario's machine, as ndctl's daxctl/json.c prints it: one DAX
// region per CXL region with its device daxN.0, its target node, and in system-ram mode its
// memory blocks online (of total) and movable.
import type { Scenario } from '../scenario/schema';
import { cxlObjects } from './cxl-objects';
import { humanSize, topLevel, type JsonC } from './json-c';
import { buildMachine, type Machine, type MachineState } from './machine';

const GIB = 1024 ** 3;

/** x86 memory block size: 2 GiB on machines of 64 GiB and more, else 128 MiB (probe_memory_block_size). */
export function memoryBlockBytes(m: Machine): number {
  const totalMB = m.all.reduce((a, n) => a + (n.devices.length ? m.scenario.devices[n.devices[0]].capacityMB * n.devices.length : 0), 0);
  return totalMB >= 64 * 1024 ? 2 * GIB : 128 * 1048576;
}

export function daxctlText(m: Machine, human = true): string {
  const o = cxlObjects(m);
  const block = memoryBlockBytes(m);
  const regions: JsonC[] = o.regions.map((r) => {
    const dev: Record<string, JsonC> = { chardev: `dax${r.id}.0`, size: humanSize(r.sizeBytes, human), target_node: r.node, align: 2097152 };
    const ram = r.stage === 'system-ram' || r.stage === 'online';
    dev.mode = ram ? 'system-ram' : 'devdax';
    if (ram) {
      const blocks = Math.floor(r.sizeBytes / block);
      Object.assign(dev, { online_memblocks: r.stage === 'online' ? blocks : 0, total_memblocks: blocks, movable: true });
    }
    return { path: `/platform/ACPI0017:00/root0/${r.rootDecoder}/region${r.id}/dax_region${r.id}`, id: r.id, size: humanSize(r.sizeBytes, human), align: 2097152, devices: [dev] };
  });
  return topLevel(regions, human);
}

/** daxctl list -RDu for the scenario's machine. */
export function daxctlView(s: Scenario, state?: MachineState): string {
  return daxctlText(buildMachine(s, state));
}
