import { describe, expect, it } from 'vitest';
import { POOL_HOST, POOL_HOST_WIDTH, type SnapshotView } from '../src/engine/snapshot';
import { groupAmatText, hostAmatText } from './pool-text';

/** A snapshot's pool-host block: per host, its running VMs and their mean AMAT. */
function snapWith(hosts: [vms: number, amatNs: number][]): SnapshotView {
  const poolHost = new Float64Array(hosts.length * POOL_HOST_WIDTH);
  hosts.forEach(([n, v], h) => { poolHost[h * POOL_HOST_WIDTH + POOL_HOST.vms] = n; poolHost[h * POOL_HOST_WIDTH + POOL_HOST.vmAmatNs] = v; });
  return { poolHosts: hosts.length, poolHost } as unknown as SnapshotView;
}

describe('a host\'s and a group of hosts\' latency line on the topology', () => {
  const snap = snapWith([[0, 0], [1, 180], [3, 220], [0, 0]]);

  it('a host shows its workloads\' AMAT, else its VMs\', else a dash', () => {
    expect(hostAmatText(snap, 0, 120)).toBe('AMAT 120 ns');
    expect(hostAmatText(snap, 1, NaN)).toBe('VMs 180 ns');
    expect(hostAmatText(snap, 3, NaN)).toBe('AMAT –');
    expect(hostAmatText(null, 1, NaN)).toBe('AMAT –');
  });

  it('a group of sockets that only runs VMs shows its VMs\' mean AMAT (each VM counted once), not a dash', () => {
    expect(groupAmatText(snap, [0, 1, 2, 3], NaN)).toBe('VMs 210 ns');
    expect(groupAmatText(snap, [0, 1, 2, 3], 150)).toBe('mean AMAT 150 ns');
    expect(groupAmatText(snap, [0, 3], NaN)).toBe('AMAT –');
    expect(groupAmatText(null, [1, 2], NaN)).toBe('AMAT –');
  });
});
