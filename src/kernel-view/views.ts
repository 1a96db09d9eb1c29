// The kernel views by name, for the CLI's --kernel-view and the app's "What Linux sees" panel.
import type { Scenario } from '../scenario/schema';
import { cxlListText } from './cxl-list';
import { daxctlText } from './daxctl';
import { buildMachine, type Machine, type MachineState } from './machine';
import { numactlText } from './numactl';
import { tiersText } from './tiers';

export const KERNEL_VIEWS = [
  { id: 'numactl', command: 'numactl --hardware', print: numactlText },
  { id: 'cxl-list', command: 'cxl list -BEMPDRu', print: (m: Machine) => cxlListText(m) },
  { id: 'daxctl', command: 'daxctl list -RDu', print: (m: Machine) => daxctlText(m) },
  { id: 'tiers', command: 'grep . /sys/devices/virtual/memory_tiering/memory_tier*/nodelist', print: tiersText },
] as const;
export type KernelViewId = (typeof KERNEL_VIEWS)[number]['id'];
export const KERNEL_VIEW_IDS: readonly KernelViewId[] = KERNEL_VIEWS.map((v) => v.id);

/** The text of one view of the scenario's machine in the given state. */
export function kernelView(id: KernelViewId, s: Scenario, state?: MachineState): string {
  const v = KERNEL_VIEWS.find((x) => x.id === id)!;
  return v.print(buildMachine(s, state));
}
