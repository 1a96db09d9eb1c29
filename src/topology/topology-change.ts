// Changes of the topology during a run (an extent granted or reclaimed, a device gone), queued
// by their maker (a pool manager, a fault) and applied by the engine at the start of an epoch,
// in ONE place (Engine.applyTopologyChanges): memory, the policy's cached tables
// (Policy.onTopologyChange) and the run metadata's version move together.

/** What happens to the pages on capacity that goes away. */
export type DisplacedRule = 'evacuate' | 'lose';

export type TopologyChange =
  /** Node `node` now has `frames` page frames; pages beyond them are evacuated to other nodes. */
  | { kind: 'capacity'; node: number; frames: number }
  /** Device `device` is gone: every node over it loses its frames; its pages move or are lost. */
  | { kind: 'remove-device'; device: number; pages: DisplacedRule };

/** Why a change cannot apply to this topology, or null. */
export function checkChange(c: TopologyChange, nodes: number, devices: number, maxFrames: number): string | null {
  if (c.kind === 'capacity') {
    if (!Number.isInteger(c.node) || c.node < 0 || c.node >= nodes) return `capacity change: no node ${c.node} (0..${nodes - 1})`;
    if (!Number.isInteger(c.frames) || c.frames < 0 || c.frames > maxFrames) return `capacity change of node ${c.node}: frames must be an integer 0..${maxFrames} (got ${c.frames})`;
    return null;
  }
  if (!Number.isInteger(c.device) || c.device < 0 || c.device >= devices) return `device removal: no device ${c.device} (0..${devices - 1})`;
  return null;
}
