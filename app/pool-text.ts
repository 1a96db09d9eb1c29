// The pool in words (the topology's text alternative and the selection line): who holds how
// much of each pooled device this epoch, e.g. "Pool device 0 (MHD, 16 heads): Socket 0 12 GiB,
// Socket 1 8 GiB, free 900 GiB".
import type { EngineMeta } from '../src/engine/meta';
import { POOL_DEVICE, POOL_DEVICE_WIDTH, POOL_HOST, POOL_HOST_WIDTH, type SnapshotView } from '../src/engine/snapshot';
import { fmt, fmtInt } from './format';

/** Whether the snapshot's pool blocks fit the meta's pool (same hosts and pooled devices). */
export function poolSnapOk(meta: EngineMeta, snap: SnapshotView | null): snap is SnapshotView {
  return !!snap && !!meta.pool && snap.poolHosts === meta.hosts.length && snap.poolDevices === meta.pool.devices.length;
}

/** Pooled device k: its name, kind and heads, then each host holding extents of it and what is free. */
export function poolDeviceText(meta: EngineMeta, snap: SnapshotView | null, k: number, names: ReadonlyMap<string, string>): string {
  const d = meta.pool!.devices[k], dev = meta.devices[d.device];
  const head = `${names.get(dev.id) ?? dev.name} (${d.kind.toUpperCase()}, ${d.heads.length} heads)`;
  if (!poolSnapOk(meta, snap)) return `${head}: no epoch yet`;
  const H = snap.poolHosts;
  const held: string[] = [];
  for (let h = 0; h < H; h++) {
    const g = snap.extents[k * H + h];
    if (g > 0) held.push(`${names.get(meta.hosts[h].id) ?? meta.hosts[h].name} ${fmt(g, 0)} GiB`);
  }
  const free = snap.poolDevice[k * POOL_DEVICE_WIDTH + POOL_DEVICE.freeGiB];
  return `${head}: ${held.length ? `${held.join(', ')}, ` : 'no host holds any, '}free ${fmt(free, 0)} GiB`;
}

/** VMs running on host h this epoch (0 without pool data). */
export function hostVms(snap: SnapshotView | null, h: number): number {
  return snap && snap.poolHosts > h ? snap.poolHost[h * POOL_HOST_WIDTH + POOL_HOST.vms] : 0;
}

/** A host's latency line on the topology: its workloads' AMAT, else (a host that runs only VMs) its running VMs' mean AMAT. */
export function hostAmatText(snap: SnapshotView | null, h: number, amatNs: number): string {
  if (amatNs > 0) return `AMAT ${fmtInt(amatNs)} ns`;
  const vm = snap && snap.poolHosts > h ? snap.poolHost[h * POOL_HOST_WIDTH + POOL_HOST.vmAmatNs] : 0;
  return vm > 0 ? `VMs ${fmtInt(vm)} ns` : 'AMAT –';
}

/**
 * A group of hosts' latency line (a large fabric draws hosts in groups): its workloads' mean
 * AMAT, else (a group whose hosts run only VMs) its running VMs' mean AMAT.
 */
export function groupAmatText(snap: SnapshotView | null, hosts: readonly number[], amatNs: number): string {
  if (amatNs > 0) return `mean AMAT ${fmtInt(amatNs)} ns`;
  let sum = 0, vms = 0;
  for (const h of hosts) {
    if (!snap || snap.poolHosts <= h) continue;
    const o = h * POOL_HOST_WIDTH, n = snap.poolHost[o + POOL_HOST.vms], vm = snap.poolHost[o + POOL_HOST.vmAmatNs];
    if (n > 0 && vm > 0) { sum += n * vm; vms += n; }
  }
  return vms > 0 ? `VMs ${fmtInt(sum / vms)} ns` : 'AMAT –';
}
