// JSON as ndctl's tools print it: json-c's JSON_C_TO_STRING_PRETTY (two-space indent, no space
// after ":", "/" escaped as "\/"), and -u's human sizes and hex numbers (util/json.c
// display_size, display_hex), so the views read like the real `cxl list` and `daxctl list`.

/** A value printed as is (a -u size or hex string, already quoted). */
export class Raw {
  constructor(readonly text: string) {}
}
export type JsonC = string | number | boolean | Raw | JsonC[] | { [k: string]: JsonC };

const quote = (s: string) => JSON.stringify(s).replace(/\//g, '\\/');

export function jsonC(v: JsonC, indent = ''): string {
  if (v instanceof Raw) return v.text;
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + jsonC(x, inner)).join(',\n')}\n${indent}]`;
  const keys = Object.keys(v);
  return `{\n${keys.map((k) => `${inner}${quote(k)}:${jsonC(v[k], inner)}`).join(',\n')}\n${indent}}`;
}

const SZ_1K = 1024, SZ_1M = 1024 * 1024, SZ_1G = 1024 ** 3, SZ_1T = 1024 ** 4;
const two = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

/** A size in bytes as `-u` prints it: "256.00 MiB (268.44 MB)", or the plain number below 5000 KiB. */
export function humanSize(bytes: number, human = true): JsonC {
  const b = Math.round(bytes);
  if (!human || b < 5000 * SZ_1K) return b;
  let iec: string, jedec: string;
  if (b < 2 * SZ_1G) iec = `${two(Math.floor((Math.floor((b * 200) / SZ_1M) + 1) / 2))} MiB`;
  else if (b < 2 * SZ_1T) iec = `${two(Math.floor((Math.floor((b * 200) / SZ_1G) + 1) / 2))} GiB`;
  else iec = `${two(Math.floor((Math.floor((b * 200) / SZ_1T) + 1) / 2))} TiB`;
  if (b < 2 * SZ_1G) jedec = `${two(Math.floor((Math.floor(b / (1e6 / 200)) + 1) / 2))} MB`;
  else if (b < 2 * SZ_1T) jedec = `${two(Math.floor((Math.floor(b / (1e9 / 200)) + 1) / 2))} GB`;
  else jedec = `${two(Math.floor((Math.floor(b / (1e12 / 200)) + 1) / 2))} TB`;
  return new Raw(`"${iec} (${jedec})"`);
}

/** A number as `-u` prints hex: "0x10". */
export function hex(n: number | bigint, human = true): JsonC {
  return human ? new Raw(`"0x${n.toString(16)}"`) : Number(n);
}

/** `-u` unwraps a one-element top-level array (util_display_json_array). */
export function topLevel(items: JsonC[], human = true): string {
  if (items.length === 0) return '';
  return `${jsonC(items.length > 1 || !human ? items : items[0])}\n`;
}

/** A list of numbers as the kernel's "%*pbl" prints it: "0-1,3". */
export function bitmapList(ids: number[]): string {
  const s = [...new Set(ids)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return out.join(',');
}
