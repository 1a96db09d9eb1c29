// The texts whose figures `npm run papers -- --write` generates, so that text and code cannot
// drift apart: README.md's marked blocks (<!-- papers:NAME --> ... <!-- /papers:NAME -->), the
// presets' descriptions and the lesson texts listed in scripts/papers-templates.md. Each is a
// template there; every figure in a template is a placeholder:
//   {KEY|FMT}     a figure `npm run papers` measured or counted (scripts/papers.ts), formatted;
//   {s:PATH|FMT}  a number of the preset's own scenario as the engine parses it (its platform's
//                 numbers filled in), e.g. {s:workloads.0.readRatio|r%}; {s:PRESET:PATH} names
//                 the preset (README blocks);
//   {p:PATH|FMT}  a number of the preset's platform profile (src/platform/calibration.ts), e.g.
//                 {p:dram.latencyNs|n0}; {p:PRESET:PATH} names the preset;
//   {=TEXT}       a figure quoted from a paper or a vendor, as is (it is theirs, not a run's).
// A leading "-" on KEY negates it. scripts/papers.test.ts checks that every text is its
// template filled in and that no template states a figure outside a placeholder.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const TEMPLATES_FILE = 'scripts/papers-templates.md';

/** Where a template's text goes: a README block, a preset's description, or a lesson field of index.json. */
export type Target =
  | { kind: 'readme'; block: string }
  | { kind: 'preset'; preset: string }
  | { kind: 'lesson'; preset: string; field: 'question' | 'shows' | 'watch' };

export interface Template {
  id: string;
  target: Target;
  text: string;
}

/** The templates of scripts/papers-templates.md: sections <!-- template:ID --> ... <!-- /template:ID -->. */
export function readTemplates(): Template[] {
  const src = readFileSync(ROOT + TEMPLATES_FILE, 'utf8');
  const out: Template[] = [];
  const re = /<!-- template:([a-z0-9:.-]+) -->\n([\s\S]*?)\n<!-- \/template:\1 -->/g;
  for (let m = re.exec(src); m; m = re.exec(src)) out.push({ id: m[1], target: targetOf(m[1]), text: m[2] });
  return out;
}

function targetOf(id: string): Target {
  const [kind, name, field] = id.split(':');
  if (kind === 'readme') return { kind, block: name };
  if (kind === 'preset') return { kind, preset: name };
  if (kind === 'lesson' && (field === 'question' || field === 'shows' || field === 'watch')) return { kind, preset: name, field };
  throw new Error(`${TEMPLATES_FILE}: template id "${id}" is not readme:NAME, preset:NAME or lesson:NAME:FIELD`);
}

/** A template's placeholders, in order, and the literal text between them. */
export function parts(text: string): { literals: string[]; placeholders: string[] } {
  const literals: string[] = [], placeholders: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{([^{}]+)\}/g)) {
    literals.push(text.slice(last, m.index));
    placeholders.push(m[1]);
    last = m.index! + m[0].length;
  }
  literals.push(text.slice(last));
  return { literals, placeholders };
}

/**
 * A figure with its unit: what no template may state outside a placeholder (percentages,
 * ratios, latencies, bandwidths, capacities, prices, times).
 */
export const FIGURE = /(?<![\w.'])[-+~]?\d(?:[\d,]*\d)?(?:\.\d+)?\s?(?:%|x(?![\w-])|×|ns\b|us\b|µs|ms\b|GB\/s|GiB|MiB|KiB|MB\b|KB\b|USD|epochs?\b|times\b)/;

export type Formatter = (v: number) => string;

const fixed = (d: number, unit = ''): Formatter => (v) => `${v.toFixed(d)}${unit}`;
/** Thousands with commas, whatever the locale. */
export function grouped(v: number): string {
  const s = Math.round(Math.abs(v)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return v < 0 ? `-${s}` : s;
}
/** A share 0..1 as a percentage: whole when whole, else one decimal. */
const share: Formatter = (v) => `${trim((v * 100).toFixed(1))} %`;
function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export const FORMATS: Record<string, Formatter> = {
  '': (v) => trim(String(+v.toPrecision(12))),
  n0: fixed(0), n1: fixed(1), n2: fixed(2), n3: fixed(3),
  '%0': fixed(0, ' %'), '%1': fixed(1, ' %'), '%2': fixed(2, ' %'), '%3': fixed(3, ' %'), '%4': fixed(4, ' %'),
  ns0: fixed(0, ' ns'), ns1: fixed(1, ' ns'), us0: fixed(0, ' µs'),
  gbs0: fixed(0, ' GB/s'), gbs1: fixed(1, ' GB/s'),
  gib0: fixed(0, ' GiB'),
  mb: (v) => `${trim(String(+v.toPrecision(12)))} MB`,
  x2: fixed(2, 'x'), x1: fixed(1, 'x'),
  int: grouped,
  k: (v) => `${Math.round(v / 1000)}k`,
  usd: (v) => `${grouped(v)} USD`,
  'r%': share,
  /** 1 - a share, as a percentage (a read ratio's writes). */
  '1-r%': (v) => share(1 - v),
  /** A slowdown against all-local: "X.X % slower" or, below 0, "X.X % faster". */
  slower1: (v) => `${Math.abs(v).toFixed(1)} % ${v < 0 ? 'faster' : 'slower'}`,
  slower0: (v) => `${Math.abs(v).toFixed(0)} % ${v < 0 ? 'faster' : 'slower'}`,
};

/** Looks up a placeholder's number (figures, or the preset's scenario and platform). */
export type Lookup = (key: string, preset: string | null) => number;

/** The template filled in; throws naming the first placeholder it cannot fill. */
export function render(t: Template, lookup: Lookup): string {
  const preset = t.target.kind === 'readme' ? null : t.target.preset;
  const { literals, placeholders } = parts(t.text);
  let out = literals[0];
  placeholders.forEach((ph, i) => {
    out += fill(ph, lookup, preset, t.id) + literals[i + 1];
  });
  return out;
}

function fill(ph: string, lookup: Lookup, preset: string | null, id: string): string {
  if (ph.startsWith('=')) return ph.slice(1);
  const [rawKey, fmt = ''] = ph.split('|');
  const f = FORMATS[fmt];
  if (!f) throw new Error(`${id}: {${ph}}: no format "${fmt}" (known: ${Object.keys(FORMATS).join(', ')})`);
  const neg = rawKey.startsWith('-'), key = neg ? rawKey.slice(1) : rawKey;
  const v = lookup(key, preset);
  if (!Number.isFinite(v)) throw new Error(`${id}: {${ph}}: no figure "${key}"`);
  return f(neg ? -v : v);
}

/** A regular expression that matches the template filled in with anything (a cited figure as is). */
export function pattern(t: Template): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const { literals, placeholders } = parts(t.text);
  let re = esc(literals[0]);
  placeholders.forEach((ph, i) => {
    re += (ph.startsWith('=') ? esc(ph.slice(1)) : '[^\\n]+?') + esc(literals[i + 1]);
  });
  return new RegExp(`^${re}$`);
}

/** README.md's generated blocks: name -> content between its markers. */
export function readmeBlocks(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of md.matchAll(/<!-- papers:([a-z0-9-]+) -->([\s\S]*?)<!-- \/papers:\1 -->/g)) out.set(m[1], m[2]);
  return out;
}

/** README.md with block `name`'s content replaced. */
export function replaceBlock(md: string, name: string, content: string): string {
  const re = new RegExp(`(<!-- papers:${name} -->)[\\s\\S]*?(<!-- /papers:${name} -->)`);
  if (!re.test(md)) throw new Error(`README.md has no block <!-- papers:${name} -->`);
  return md.replace(re, (_, a: string, b: string) => a + content + b);
}

/** README.md without its generated blocks' contents (what hand-written text remains). */
export function withoutBlocks(md: string): string {
  return md.replace(/<!-- papers:([a-z0-9-]+) -->[\s\S]*?<!-- \/papers:\1 -->/g, ' ');
}
