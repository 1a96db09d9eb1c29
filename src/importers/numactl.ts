// `numactl --hardware` text -> a machine: nodes with CPUs become hosts with their DRAM, CPU-less
// nodes memory devices hung off the nearest host by distance, the distance matrix kept as the
// kernel's. Reads what numactl 2.0.x prints (numactl.c hardware(): "available:", per node
// "cpus:" (plain or --cpu-compress ranges), "size:", "free:", then "node distances:").
import { buildScenario, emptyDraft, sizeText } from './build';
import { ImportError, guarded, shown, type ImportResult, type Importer } from './types';

interface NodeLines {
  id: number;
  cpus: number[] | null;
  sizeMB: number | null;
  freeMB: number | null;
}

const MAX_CPU = (1 << 16) - 1;
const MAX_NODE = 1023;

function int(text: string, what: string, line: number, max: number): number {
  if (!/^\d{1,10}$/.test(text)) throw new ImportError(`line ${line}: ${what} must be a whole number (got ${shown(text)})`);
  const n = Number(text);
  if (n > max) throw new ImportError(`line ${line}: ${what} ${n} is above ${max}`);
  return n;
}

/** "0 1 2 3", "0-3, 8-11 (8)", "0,2,4" -> CPU numbers. */
function cpuList(text: string, line: number): number[] {
  const body = text.replace(/\(\d+\)\s*$/, '').trim();
  if (body === '') return [];
  const out: number[] = [];
  for (const tok of body.split(/[\s,]+/)) {
    if (tok === '') continue;
    const m = /^(\d+)-(\d+)$/.exec(tok);
    if (m) {
      const a = int(m[1], 'CPU number', line, MAX_CPU), b = int(m[2], 'CPU number', line, MAX_CPU);
      if (b < a) throw new ImportError(`line ${line}: CPU range ${shown(tok)} runs backwards`);
      for (let c = a; c <= b; c++) out.push(c);
    } else {
      out.push(int(tok, 'CPU number', line, MAX_CPU));
    }
    if (out.length > MAX_CPU + 1) throw new ImportError(`line ${line}: more than ${MAX_CPU + 1} CPUs`);
  }
  return out;
}

/** "(0-1,3)" -> node numbers. */
function nodeRanges(text: string, line: number): number[] {
  const out: number[] = [];
  if (text.trim() === '') return out;
  for (const tok of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(tok);
    if (!m) throw new ImportError(`line ${line}: node list ${shown(text)} is not numbers and ranges`);
    const a = int(m[1], 'node number', line, MAX_NODE), b = m[2] === undefined ? a : int(m[2], 'node number', line, MAX_NODE);
    if (b < a) throw new ImportError(`line ${line}: node range ${shown(tok)} runs backwards`);
    for (let n = a; n <= b; n++) out.push(n);
  }
  return out;
}

interface Parsed {
  nodes: NodeLines[];
  distances: number[][] | null;
}

export function parseNumactl(text: string): Parsed {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let available: number[] | null = null;
  let availableLine = 0;
  const nodes = new Map<number, NodeLines>();
  let distances: number[][] | null = null;
  let noDistances = false;
  for (let i = 0; i < lines.length; i++) {
    const ln = i + 1;
    const t = lines[i].trim();
    if (t === '') continue;
    if (available === null) {
      const m = /^available:\s*(\d+)\s+nodes?\s*\((.*)\)$/.exec(t);
      if (m) {
        available = nodeRanges(m[2], ln);
        availableLine = ln;
        if (int(m[1], 'node count', ln, MAX_NODE + 1) !== available.length) throw new ImportError(`line ${ln}: says ${m[1]} nodes but lists ${available.length}`);
        continue;
      }
      if (/^[$#>]|^\[.*\][$#]/.test(t) || /numactl/.test(t)) continue; // a shell prompt copied with the output
      throw new ImportError(`line ${ln}: expected "available: N nodes (...)", the first line numactl --hardware prints (got ${shown(t)})`);
    }
    const m = /^node\s+(\d+)\s+(cpus|size|free):(.*)$/.exec(t);
    if (m) {
      const id = int(m[1], 'node number', ln, MAX_NODE);
      const n = nodes.get(id) ?? { id, cpus: null, sizeMB: null, freeMB: null };
      nodes.set(id, n);
      if (m[2] === 'cpus') {
        if (n.cpus) throw new ImportError(`line ${ln}: node ${id} cpus listed twice`);
        n.cpus = cpuList(m[3], ln);
      } else {
        const v = m[3].trim();
        let mb: number;
        if (v === '<not available>') mb = 0;
        else {
          const s = /^(\d{1,12})\s*MB$/.exec(v);
          if (!s) throw new ImportError(`line ${ln}: node ${id} ${m[2]} must be "N MB" (got ${shown(v)})`);
          mb = Number(s[1]);
        }
        if (m[2] === 'size') {
          if (n.sizeMB !== null) throw new ImportError(`line ${ln}: node ${id} size given twice`);
          n.sizeMB = mb;
        } else n.freeMB = mb;
      }
      continue;
    }
    if (t === 'No distance information available.') { noDistances = true; continue; }
    if (t === 'node distances:') {
      const head = (lines[i + 1] ?? '').trim();
      const hm = /^node((?:\s+\d+)+)$/.exec(head);
      if (!hm) throw new ImportError(`line ${ln + 1}: expected the distance header "node 0 1 ..." (got ${shown(head)})`);
      const cols = hm[1].trim().split(/\s+/).map((x) => int(x, 'node number', ln + 1, MAX_NODE));
      i++;
      distances = [];
      for (const c of cols) {
        i++;
        const row = (lines[i] ?? '').trim();
        const rm = /^(\d+):((?:\s+\d+)+)$/.exec(row);
        if (!rm) throw new ImportError(`line ${i + 1}: expected the distances of node ${c} ("${c}: 10 21 ...") (got ${shown(row)})`);
        if (int(rm[1], 'node number', i + 1, MAX_NODE) !== c) throw new ImportError(`line ${i + 1}: expected the row of node ${c}, got node ${rm[1]}`);
        const vals = rm[2].trim().split(/\s+/).map((x) => int(x, 'distance', i + 1, 255));
        if (vals.length !== cols.length) throw new ImportError(`line ${i + 1}: node ${c} has ${vals.length} distances for ${cols.length} nodes`);
        distances.push(vals);
      }
      const ids = [...nodes.keys()];
      if (cols.length !== ids.length || cols.some((c, k) => c !== ids[k])) throw new ImportError(`line ${ln + 1}: the distances are of nodes ${cols.join(' ')} but the nodes listed are ${ids.join(' ')}`);
      continue;
    }
    if (/^[$#>]|^\[.*\][$#]/.test(t)) continue;
    throw new ImportError(`line ${ln}: not a line numactl --hardware prints (got ${shown(t)})`);
  }
  if (available === null) throw new ImportError('no "available: N nodes (...)" line: not numactl --hardware output');
  const list = [...nodes.values()];
  const ids = list.map((n) => n.id);
  if (ids.length !== available.length || available.some((a, k) => a !== ids[k])) throw new ImportError(`line ${availableLine}: lists nodes ${available.join(',')} but the file describes nodes ${ids.join(',') || 'none'}`);
  for (const n of list) {
    if (n.cpus === null) throw new ImportError(`node ${n.id}: no "node ${n.id} cpus:" line`);
    if (n.sizeMB === null) throw new ImportError(`node ${n.id}: no "node ${n.id} size:" line`);
  }
  if (!noDistances && distances === null && list.length > 0) throw new ImportError('the file ends before "node distances:" (truncated?)');
  return { nodes: list, distances };
}

function build(text: string): ImportResult {
  const { nodes, distances } = parseNumactl(text);
  const d = emptyDraft('Imported machine (numactl --hardware)', `Imported from numactl --hardware: ${nodes.length} NUMA nodes. Sizes, CPUs and distances are the file's; latencies and bandwidths come from the platform.`);
  const hostOf = new Map<number, number>();
  for (const n of nodes) {
    if (n.cpus!.length === 0) continue;
    hostOf.set(n.id, d.hosts.length);
    d.hosts.push({ id: `h${n.id}`, name: `Node ${n.id} CPUs`, cpus: n.cpus!.length });
  }
  if (d.hosts.length === 0) throw new ImportError('no node has CPUs: nothing runs on this machine');
  const kept: number[] = [];
  for (const [k, n] of nodes.entries()) {
    const free = n.freeMB !== null ? `, ${n.freeMB} MB free` : '';
    const host = hostOf.get(n.id);
    if (host !== undefined) {
      if (n.sizeMB! > 0) d.memories.push({ id: `node${n.id}`, name: `Node ${n.id} DRAM`, kind: 'dram', capacityMB: n.sizeMB!, host });
      d.read.push(`node ${n.id}: ${n.cpus!.length} CPUs, ${n.sizeMB} MB${free}${n.sizeMB! > 0 ? '' : ' (memoryless)'}`);
      kept.push(k);
      d.numa.nodes.push(n.sizeMB! > 0 ? `node${n.id}` : `h${n.id}`);
      d.numa.ids.push(n.id);
      continue;
    }
    if (n.sizeMB === 0) { d.read.push(`node ${n.id}: no CPUs and no memory: left out`); continue; }
    // Nearest node with CPUs by distance (ties: the lower number).
    let best = d.hosts.length ? [...hostOf.keys()][0] : -1;
    if (distances) {
      const row = distances[k];
      let bestD = Infinity;
      nodes.forEach((o, j) => { if (hostOf.has(o.id) && row[j] < bestD) { bestD = row[j]; best = o.id; } });
    }
    d.memories.push({ id: `node${n.id}`, name: `Node ${n.id} memory`, kind: 'cxl', capacityMB: n.sizeMB!, host: hostOf.get(best)! });
    d.read.push(`node ${n.id}: no CPUs, ${n.sizeMB} MB${free}`);
    d.assumed.push(`node ${n.id}: numactl does not say what CPU-less memory is: taken as a CXL expander linked to node ${best}'s host${distances ? ' (the nearest by distance)' : ''}`);
    kept.push(k);
    d.numa.nodes.push(`node${n.id}`);
    d.numa.ids.push(n.id);
  }
  if (distances) {
    d.numa.distances = kept.map((i) => kept.map((j) => distances[i][j]));
    d.read.push(`distances: ${kept.length} x ${kept.length} (kept as the kernel's: the kernel views print them back)`);
  } else d.read.push('no distance information');
  d.assumed.push('cores: the CPUs numactl lists (hardware threads counted as cores); CPU numbers renumbered from 0 per node in order');
  d.assumed.push(`free memory: the file's is not used (a run starts with all memory free; total ${sizeText(nodes.reduce((a, n) => a + n.sizeMB!, 0))})`);
  return buildScenario(d);
}

export const numactlImporter: Importer = {
  id: 'numactl',
  name: 'numactl --hardware output',
  detect(text: string): number {
    const head = text.slice(0, 4096);
    if (!/^\s*available:\s*\d+\s+nodes?\s*\(/m.test(head)) return 0;
    return /^\s*node\s+\d+\s+cpus:/m.test(head) ? 1 : 0.6;
  },
  parse: (text) => guarded(() => build(text)),
};
