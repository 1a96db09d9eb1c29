// A scenario names its platform; every hardware number it leaves out comes from that
// platform's profile (src/platform/calibration.ts), so a scenario never mixes generations by accident.
import { CAL, PLATFORMS, type Calibrated, type PlatformId, type PlatformProfile } from './calibration';
import type { ScenarioRaw, Scenario } from '../scenario/schema';

export function platform(id: PlatformId): PlatformProfile {
  return PLATFORMS[id];
}

export interface PlatformIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The scenario with every number it left out taken from its platform: device latency,
 * bandwidths, loaded-curve k and write cost, host cores, clock and LLC, a workload's base CPI,
 * link bandwidth and latency (a link
 * between two hosts is a socket link, any other a CXL link). Reports numbers given where
 * they mean nothing (writeBandwidthGBps on half-duplex DRAM; both write fields on one CXL device).
 */
export function resolvePlatform(s: ScenarioRaw, issues: PlatformIssue[]): Scenario {
  const p = platform(s.platform);
  const hostIds = new Set(s.hosts.map((h) => h.id));
  const devices = s.devices.map((d, i) => {
    if (d.kind === 'cxl') {
      if (d.writeCost !== undefined && d.writeBandwidthGBps !== undefined) {
        issues.push({ path: ['devices', i, 'writeCost'], message: 'a CXL device has half-duplex media (writeCost: a write costs that many reads of bandwidthGBps) or full-duplex reads and writes (writeBandwidthGBps), not both' });
      }
      // Half-duplex media when the device or, saying neither, its platform class says so.
      if (d.writeCost !== undefined || (d.writeBandwidthGBps === undefined && p.cxl.writeCost)) {
        return { ...fill(d, p.cxl), writeCost: d.writeCost ?? p.cxl.writeCost!.value };
      }
      return { ...fill(d, p.cxl), writeBandwidthGBps: d.writeBandwidthGBps ?? p.cxl.writeBandwidthGBps!.value };
    }
    if (d.writeBandwidthGBps !== undefined) {
      issues.push({ path: ['devices', i, 'writeBandwidthGBps'], message: 'DRAM is half duplex: reads and writes share bandwidthGBps; give writeCost instead' });
    }
    return { ...fill(d, p.dram), writeCost: d.writeCost ?? p.dram.writeCost.value };
  });
  const links = s.links.map((l) => {
    const socket = hostIds.has(l.a) && hostIds.has(l.b);
    return {
      ...l,
      bandwidthGBps: l.bandwidthGBps ?? (socket ? p.upi.bandwidthGBps.value : p.cxl.linkGBps.value),
      latencyNs: l.latencyNs ?? (socket ? p.upi.latencyNs.value : 0),
    };
  });
  const hosts = s.hosts.map((h) => ({
    ...h,
    cores: h.cores ?? p.host.cores.value,
    mlp: h.mlp ?? CAL.mlpPerCore.value,
    clockGHz: h.clockGHz ?? p.host.clockGHz.value,
    llcMB: h.llcMB ?? p.host.llcMB.value,
  }));
  const workloads = s.workloads.map((w) => ({ ...w, baseCpi: w.baseCpi ?? p.host.baseCpi.value }));
  return { ...s, hosts, devices, links, workloads };
}

/** A device's latency, read bandwidth and curve, from its class where left out. */
function fill<T extends { latencyNs?: number; bandwidthGBps?: number; loadedKNs?: number }>(
  d: T, cls: { latencyNs: Calibrated; bandwidthGBps: Calibrated; loadedKNs: Calibrated },
): T & { latencyNs: number; bandwidthGBps: number; loadedKNs: number } {
  const latencyNs = d.latencyNs ?? cls.latencyNs.value;
  return {
    ...d,
    latencyNs,
    bandwidthGBps: d.bandwidthGBps ?? cls.bandwidthGBps.value,
    // A device given a latency but no curve keeps the class curve's shape (k per ns of idle latency).
    loadedKNs: d.loadedKNs ?? (cls.loadedKNs.value / cls.latencyNs.value) * latencyNs,
  };
}

/** Every number of a platform profile with its place, e.g. "dram.latencyNs" (for tests and the UI). */
export function platformNumbers(id: PlatformId): { key: string; number: Calibrated }[] {
  const out: { key: string; number: Calibrated }[] = [];
  const walk = (prefix: string, o: object) => {
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v === 'object' && 'value' in v && 'source' in v) out.push({ key: prefix + k, number: v as Calibrated });
      else if (v && typeof v === 'object') walk(`${prefix}${k}.`, v as object);
    }
  };
  walk('', PLATFORMS[id]);
  return out;
}
