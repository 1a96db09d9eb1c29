// Number formatting and the accessible names of topology nodes. Every number on screen goes
// through here, so none prints as hundreds of digits: beyond what digits can show sensibly it
// is written as "1.5 × 10^304", and a value too small for the digits asked for as "< 0.1".
import type { DeviceMeta } from '../src/engine/meta';
import type { Metric } from '../src/metrics/registry';
import type { NodeRef } from './scenario-edit';

/** From here up, plain digits stop being readable. */
const HUGE = 1e12;
/** Below this (and not 0), "< 0.1" would hide how small it is. */
const TINY = 1e-6;

/**
 * Formatters are built once per digits setting and reused: building an Intl.NumberFormat
 * costs far more than formatting with one, and views format hundreds of values per frame.
 */
const fixedFormats = new Map<number, Intl.NumberFormat>();
const upToFormats = new Map<number, Intl.NumberFormat>();

function formatter(cache: Map<number, Intl.NumberFormat>, digits: number, fixed: boolean): Intl.NumberFormat {
  let f = cache.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits });
    cache.set(digits, f);
  }
  return f;
}

/** "1.5 × 10^304": two significant digits and a power of ten. */
export function scientific(v: number): string {
  const [mantissa, exp] = v.toExponential(1).split('e');
  return `${mantissa.replace(/\.0$/, '')} × 10^${Number(exp)}`;
}

export function fmt(v: number | undefined | null, digits = 1): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= HUGE || (a > 0 && a < TINY)) return scientific(v);
  const resolution = 0.5 * 10 ** -digits;
  if (a > 0 && a < resolution) {
    const step = (10 ** -digits).toFixed(digits);
    return v > 0 ? `< ${step}` : `> -${step}`;
  }
  return formatter(fixedFormats, digits, true).format(v);
}

/** Up to `digits` decimals, trailing zeros dropped: 17.8, 215, 0.25. */
export function num(v: number | undefined | null, digits = 1): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= HUGE || (a > 0 && a < TINY)) return scientific(v);
  return formatter(upToFormats, digits, false).format(v);
}

/** Axis tick labels: SI prefixes ("1.5k", "20M") while they exist, then scientific. */
export function tick(v: number): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e15 || a < 1e-3) return scientific(v);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [base, prefix] of units) if (a >= base) return `${Number((v / base).toPrecision(3))}${prefix}`;
  return String(Number(v.toPrecision(3)));
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
  return `${num(v, 1)} GB/s`;
}

/** The figure stands for nothing measured (an AMAT over no access served): "–" in text, a gap in a line. */
export function measuredNothing(m: Metric, v: number): boolean {
  return m.format.style === 'fixed' && m.format.noneAtZero === true && v === 0;
}

/** A figure of the metric registry as its format says: "597 ns", "+4.1 %", "42.0%", "1,234", "9.5G/s". */
export function metricText(m: Metric, v: number): string {
  const f = m.format;
  if (measuredNothing(m, v)) return '–';
  switch (f.style) {
    case 'share': return pct(v, f.digits);
    case 'integer': return fmtInt(v);
    case 'si': return `${tick(v)}${f.suffix}`;
    case 'fixed': {
      const t = fmt(v, f.digits);
      // "+" only before a value shown as positive ("< 0.1" is not).
      return `${f.signed && v > 0 && !t.startsWith('<') ? '+' : ''}${t} ${m.unit}`;
    }
  }
}

/** A tick on a time axis: simulated seconds, "0.5 s", "12 s", "1,500 s". */
export function secondsTick(s: number): string {
  return `${num(s, 3)} s`;
}

/** Simulated time, always in seconds: "12.3 s" (the one time unit of every view). */
export function simTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return `${seconds(ms)} s`;
}

/** Simulated milliseconds as a number of seconds, without the unit: "5.6", "1.25". */
function seconds(ms: number): string {
  const s = ms / 1000;
  return Math.abs(s) < 10 && s !== Math.round(s) ? num(s, 2) : num(s, 1);
}

/**
 * "epoch 55 (t = 5.6 s)": an epoch as every view labels it, 0-based like the CLI's rows, with
 * the simulated time at its end (where the charts plot it).
 */
export function epochLabel(epoch: number, epochMs: number): string {
  return `epoch ${fmtInt(epoch)} (t = ${simTime((epoch + 1) * epochMs)})`;
}

/** "epochs 0–55 (t = 0–5.6 s)": a run of epochs and the simulated time they cover. */
export function epochSpan(first: number, last: number, epochMs: number): string {
  const t = `t = ${seconds(first * epochMs)}–${simTime((last + 1) * epochMs)}`;
  return first === last ? `epoch ${fmtInt(first)} (${t})` : `epochs ${fmtInt(first)}–${fmtInt(last)} (${t})`;
}

/** A size in binary units, as the Pool panel and `cxl list -u` give them: "512 GiB", "1.5 GiB", "64 MiB". */
export function bytes(pages: number, pageBytes: number): string {
  const b = pages * pageBytes;
  if (b >= 2 ** 30) return `${num(b / 2 ** 30, 1)} GiB`;
  return `${num(b / 2 ** 20, 0)} MiB`;
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
