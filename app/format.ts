// Number formatting and the accessible names of topology nodes.
import type { DeviceMeta } from '../src/meta';
import type { NodeRef } from './scenario-edit';

export function fmt(v: number | undefined | null, digits = 1): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtInt(v: number | undefined | null): string {
  return fmt(v, 0);
}

export function pct(v: number | undefined | null, digits = 0): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '–';
  return `${fmt(v * 100, digits)}%`;
}

/** Bandwidth as people write it: 17.8 GB/s, 215 GB/s. */
export function gbps(v: number): string {
  return `${Number(v.toFixed(1))} GB/s`;
}

export function simTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 10_000 ? `${fmtInt(ms)} ms` : `${fmt(ms / 1000, 1)} s`;
}

export function bytes(pages: number, pageBytes: number): string {
  const b = pages * pageBytes;
  if (b >= 2 ** 30) return `${fmt(b / 2 ** 30, 1)} GB`;
  return `${fmt(b / 2 ** 20, 0)} MB`;
}

const KIND_NAMES = { host: 'host', switch: 'CXL switch', dram: 'DRAM memory device', cxl: 'CXL memory device' } as const;

export function kindName(kind: NodeRef['kind']): string {
  return KIND_NAMES[kind];
}

/** e.g. "CXL x8 expander, CXL memory device, 17.8 GB/s, tier 1". */
export function nodeLabel(node: NodeRef, device?: DeviceMeta): string {
  const parts = [node.name, kindName(node.kind)];
  if (device) parts.push(gbps(device.bandwidthGBps), `tier ${device.tier}`);
  return parts.join(', ');
}

/** "0-2,5": node numbers as Linux's nodelist files print them. */
export function nodeList(nodes: number[]): string {
  const sorted = [...nodes].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(',');
}
