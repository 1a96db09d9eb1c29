// Fabric generators: a scenario grown (or cut) to a number of hosts or of CXL devices by copying
// its own pattern, so that "how does it grow?" is one option on any scenario (the CLI's --hosts
// and --cxl-devices, sweeps over `hosts` / `cxlDevices`). Pure and deterministic: the same
// scenario and counts give the same JSON, key for key.
//
// hosts: host i (beyond the scenario's H) copies host i mod H with its DRAM and the workloads
//   that run only on hosts of its copy group (hosts cH..cH+H-1 copy 0..H-1), and is attached as
//   its template is: the same links to the same switches and CXL devices, a link to another host
//   (a socket link) to that host's copy in the same group, a head on the same pooled devices,
//   its DRAM in the node mask if the template's is. Fewer hosts than the scenario has keep the
//   first ones and drop what only the others used.
// cxlDevices: CXL device j (beyond the scenario's C) copies CXL device j mod C: the same kind of
//   expander (capacity, bandwidth, latency, abstract distance, pool heads), linked to the same
//   switches or hosts. Fewer keep the first ones.
// New ids follow the pattern of the existing ones: the trailing number counts on from the
// largest one in use (h0..h3 -> h4, h5...; pool3 -> pool4; app3 -> app4), a DRAM id or workload
// id that names its host gets the copy's (h0.dram -> h7.dram), anything else gets "-<copy>".
// `numa` (an imported machine's own node numbering) no longer describes the fabric: dropped.
import { BOUNDS } from './bounds';
import { LIMITS } from './limits';
import { PAGE_BYTES, type Scenario, type ScenarioInput } from './schema';

export interface GenerateOptions {
  /** Hosts the scenario should have (1..LIMITS.hosts). */
  hosts?: number;
  /** CXL devices the scenario should have (0..LIMITS.devices). */
  cxlDevices?: number;
}

/** What a generator refuses: one line, naming the option. */
export class GenerateError extends Error {
  override name = 'GenerateError';
}

/** The generators' names, as a sweep or a link names them, with the counts each accepts. */
export const GENERATOR_BOUNDS = {
  hosts: { min: 1, max: LIMITS.hosts },
  cxlDevices: { min: 0, max: LIMITS.devices },
} as const;
export type GeneratorKey = keyof typeof GENERATOR_BOUNDS;
export const GENERATORS = Object.keys(GENERATOR_BOUNDS) as GeneratorKey[];

type Rec = Record<string, unknown>;
interface Host extends Rec { id: string; name?: string; x?: number; y?: number }
interface Device extends Rec { id: string; kind: string; host?: string; name?: string; capacityMB: number; x?: number; y?: number; pool?: { heads: string[] } & Rec }
interface Link extends Rec { a: string; b: string }
interface Workload extends Rec { id: string; hosts: string[]; workingSetMB: number }
interface Draft {
  hosts: Host[];
  devices: Device[];
  switches: (Rec & { id: string })[];
  links: Link[];
  workloads: Workload[];
  policy: Rec & { nodes?: string[]; weights?: Record<string, number> };
  interleaveSets?: (Rec & { id: string; devices: string[] })[];
  numa?: unknown;
  pageSize?: '4k' | '2m';
  samplesPerHost?: number;
}

/**
 * The scenario with `hosts` hosts and `cxlDevices` CXL devices (either left out: as it is),
 * as the format is written (parse it to run it). Throws GenerateError for a count out of
 * bounds, a scenario with no host or device to copy, or a result beyond LIMITS.
 */
export function generate(scenario: ScenarioInput | Scenario, o: GenerateOptions): ScenarioInput {
  const s = structuredClone(scenario) as unknown as Draft & Rec;
  s.switches ??= [];
  s.links ??= [];
  let changed = false;
  if (o.hosts !== undefined) {
    count('hosts', o.hosts);
    if (o.hosts !== s.hosts.length) { setHosts(s, o.hosts); changed = true; }
  }
  if (o.cxlDevices !== undefined) {
    count('cxlDevices', o.cxlDevices);
    if (o.cxlDevices !== s.devices.filter(isCxl).length) { setCxlDevices(s, o.cxlDevices); changed = true; }
  }
  if (changed) {
    delete s.numa;
    checkLimits(s, o);
  }
  return s as unknown as ScenarioInput;
}

function count(key: GeneratorKey, n: number): void {
  const { min, max } = GENERATOR_BOUNDS[key];
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new GenerateError(`${key} ${n}: must be a whole number from ${min} to ${max}${n > max ? ` (LIMITS.${key === 'hosts' ? 'hosts' : 'devices'})` : ''}`);
  }
}

const isCxl = (d: Device) => d.kind === 'cxl';

/** An id's text before its trailing number, and the number (null: no trailing number). */
function numbered(id: string): { prefix: string; n: number } | null {
  const m = /^(.*?)(\d+)$/.exec(id);
  return m ? { prefix: m[1], n: Number(m[2]) } : null;
}

/**
 * New ids in a scenario's patterns: a trailing number counts on from the largest in use with
 * the same prefix; every id of the fabric and the workloads is taken once.
 */
class Ids {
  private readonly taken = new Set<string>();
  private readonly next = new Map<string, number>();

  constructor(s: Draft) {
    for (const x of [...s.hosts, ...s.devices, ...s.switches, ...s.workloads, ...(s.interleaveSets ?? [])]) this.take(x.id);
  }

  private take(id: string): void {
    this.taken.add(id);
    const m = numbered(id);
    if (m) this.next.set(m.prefix, Math.max(this.next.get(m.prefix) ?? 0, m.n + 1));
  }

  /** A fresh id in `like`'s pattern; `rename` (old host id -> new) first, for ids that name their host. */
  fresh(like: string, copy: number, rename?: [string, string][]): string {
    let id: string | null = null;
    for (const [from, to] of rename ?? []) {
      const at = tokenAt(like, from);
      if (at >= 0) { id = like.slice(0, at) + to + like.slice(at + from.length); break; }
    }
    if (id === null || this.taken.has(id)) {
      const m = numbered(like);
      if (m) {
        let n = this.next.get(m.prefix) ?? 0;
        while (this.taken.has(`${m.prefix}${n}`)) n++;
        id = `${m.prefix}${n}`;
      } else {
        let k = copy;
        while (this.taken.has(`${like}-${k}`)) k++;
        id = `${like}-${k}`;
      }
    }
    if (id.length > LIMITS.idLength) throw new GenerateError(`new id "${id.slice(0, 40)}" would be longer than ${LIMITS.idLength} characters`);
    this.take(id);
    return id;
  }
}

/** Where `token` stands in `id` as a whole (not inside a longer name or number), or -1. */
function tokenAt(id: string, token: string): number {
  const word = /[A-Za-z0-9]/;
  for (let at = id.indexOf(token); at >= 0; at = id.indexOf(token, at + 1)) {
    const before = at === 0 ? '' : id[at - 1], after = id[at + token.length] ?? '';
    if (!word.test(before) && !word.test(after)) return at;
  }
  return -1;
}

/** A copy's name: "Host 0" -> "Host 4" when the copy's id ends in 4; else none (the id shows). */
function copyName(name: string | undefined, id: string): string | undefined {
  const m = name === undefined ? null : /^(.*?)(\d+)$/.exec(name);
  const n = numbered(id);
  return m && n ? `${m[1]}${n.n}` : undefined;
}

/** x / y of copy group `group`: groups side by side, in rows that stay inside the coordinate bounds. */
function placer(items: { x?: number; y?: number }[], rowHeight: number): (group: number, x: number | undefined, y: number | undefined) => { x?: number; y?: number } {
  const xs = items.map((i) => i.x ?? 0);
  const width = Math.max(...xs) - Math.min(...xs) + 180;
  const perRow = Math.max(1, Math.floor((BOUNDS.coord.max - Math.max(...xs)) / width) + 1);
  const clamp = (v: number) => Math.min(BOUNDS.coord.max, Math.max(BOUNDS.coord.min, Math.round(v)));
  return (group, x, y) => {
    if (x === undefined || y === undefined) return {};
    return { x: clamp(x + (group % perRow) * width), y: clamp(y + Math.floor(group / perRow) * rowHeight) };
  };
}

function yHeight(s: Draft): number {
  const ys = [...s.hosts, ...s.devices, ...s.switches].map((i) => (typeof i.y === 'number' ? i.y : 0));
  return Math.max(...ys) - Math.min(...ys) + 200;
}

function setHosts(s: Draft, n: number): void {
  const H = s.hosts.length;
  if (n < H) return cutHosts(s, n);
  const ids = new Ids(s);
  const place = placer([...s.hosts, ...s.devices.filter((d) => !isCxl(d))], yHeight(s));
  const hostIdx = new Map(s.hosts.map((h, i) => [h.id, i] as const));
  const copyOf: string[] = s.hosts.map((h) => h.id); // host index -> id
  const templateHosts = s.hosts.slice();
  const dramOf = (host: string) => s.devices.filter((d) => d.kind === 'dram' && d.host === host);
  const templateLinks = s.links.slice();
  const templateWorkloads = s.workloads.slice();
  const mask = s.policy.nodes ?? [];
  const pooled = s.devices.filter((d) => d.pool);
  for (let i = H; i < n; i++) {
    const group = Math.floor(i / H), t = templateHosts[i % H];
    const id = ids.fresh(t.id, group);
    copyOf.push(id);
    const rename: [string, string][] = [[t.id, id]];
    s.hosts.push({ ...t, id, name: copyName(t.name, id), ...place(group, t.x, t.y) });
    for (const d of dramOf(t.id)) {
      const dId = ids.fresh(d.id, group, rename);
      s.devices.push({ ...d, id: dId, host: id, name: copyName(d.name, dId), ...place(group, d.x, d.y) });
      if (mask.includes(d.id)) mask.push(dId);
      if (s.policy.weights?.[d.id] !== undefined) s.policy.weights[dId] = s.policy.weights[d.id];
    }
    // The template's links: to switches and devices as they are; to another host, to that host's copy in this group.
    for (const l of templateLinks) {
      const end = l.a === t.id ? 'a' : l.b === t.id ? 'b' : null;
      if (!end) continue;
      const other = end === 'a' ? l.b : l.a;
      const oh = hostIdx.get(other);
      if (oh !== undefined) {
        const k = group * H + oh;
        if (k >= i) continue; // linked when that host is made (k > i) or never (k >= n)
        s.links.push({ ...l, [end]: id, [end === 'a' ? 'b' : 'a']: copyOf[k] });
      } else {
        s.links.push({ ...l, [end]: id });
      }
    }
    for (const d of pooled) if (d.pool!.heads.includes(t.id)) d.pool!.heads.push(id);
    // Workloads whose hosts all have their copies once this one exists: this host is the last of them.
    for (const w of templateWorkloads) {
      const hs = w.hosts.map((h) => hostIdx.get(h)!);
      if (Math.max(...hs) !== i % H) continue;
      const hosts = hs.map((h) => copyOf[group * H + h]);
      const wId = ids.fresh(w.id, group, hs.map((h) => [templateHosts[h].id, copyOf[group * H + h]] as [string, string]));
      s.workloads.push({ ...w, id: wId, hosts });
    }
  }
  if (s.policy.nodes) s.policy.nodes = mask;
}

function cutHosts(s: Draft, n: number): void {
  const kept = new Set(s.hosts.slice(0, n).map((h) => h.id));
  const gone = new Set(s.hosts.slice(n).map((h) => h.id));
  s.hosts = s.hosts.slice(0, n);
  const dropped = new Set(s.devices.filter((d) => d.kind === 'dram' && d.host !== undefined && gone.has(d.host)).map((d) => d.id));
  s.devices = s.devices.filter((d) => !dropped.has(d.id));
  for (const d of s.devices) if (d.pool) d.pool.heads = d.pool.heads.filter((h) => kept.has(h));
  s.links = s.links.filter((l) => !gone.has(l.a) && !gone.has(l.b));
  s.workloads = s.workloads.map((w) => ({ ...w, hosts: w.hosts.filter((h) => kept.has(h)) })).filter((w) => w.hosts.length > 0);
  if (s.workloads.length === 0) throw new GenerateError(`hosts ${n}: no workload runs on the first ${n} host${n === 1 ? '' : 's'}`);
  dropNodes(s, dropped, `hosts ${n}`);
}

function setCxlDevices(s: Draft, n: number): void {
  const cxl = s.devices.filter(isCxl);
  const C = cxl.length;
  if (n < C) {
    const gone = new Set(cxl.slice(n).map((d) => d.id));
    s.devices = s.devices.filter((d) => !gone.has(d.id));
    s.links = s.links.filter((l) => !gone.has(l.a) && !gone.has(l.b));
    return dropNodes(s, gone, `cxlDevices ${n}`);
  }
  if (C === 0) throw new GenerateError(`cxlDevices ${n}: the scenario has no CXL device to copy`);
  const ids = new Ids(s);
  const place = placer(cxl, yHeight(s));
  const templateLinks = s.links.slice();
  for (let j = C; j < n; j++) {
    const group = Math.floor(j / C), t = cxl[j % C];
    const id = ids.fresh(t.id, group);
    const copy: Device = { ...t, id, name: copyName(t.name, id), ...place(group, t.x, t.y) };
    if (t.pool) copy.pool = { ...t.pool, heads: t.pool.heads.slice() };
    s.devices.push(copy);
    for (const l of templateLinks) {
      if (l.a === t.id) s.links.push({ ...l, a: id });
      else if (l.b === t.id) s.links.push({ ...l, b: id });
    }
  }
}

/** Drops removed memory devices from the node mask, the weights and the interleave sets; refuses what that would empty. */
function dropNodes(s: Draft, gone: Set<string>, what: string): void {
  if (gone.size === 0) return;
  const sets = s.interleaveSets ?? [];
  const broken = sets.find((x) => x.devices.some((d) => gone.has(d)));
  if (broken) throw new GenerateError(`${what}: it would remove members of interleave set "${broken.id}"`);
  if (s.policy.nodes && s.policy.nodes.length > 0) {
    const left = s.policy.nodes.filter((d) => !gone.has(d));
    if (left.length === 0) throw new GenerateError(`${what}: it would remove every node of the policy's node mask`);
    s.policy.nodes = left;
  }
  if (s.policy.weights) for (const d of gone) delete s.policy.weights[d];
}

/** The counts LIMITS bounds, checked on the result so the refusal names the option that caused it. */
function checkLimits(s: Draft, o: GenerateOptions): void {
  const what = [o.hosts !== undefined ? `hosts ${o.hosts}` : '', o.cxlDevices !== undefined ? `cxlDevices ${o.cxlDevices}` : ''].filter(Boolean).join(', ');
  const over = (n: number, max: number, things: string, key: string) => {
    if (n > max) throw new GenerateError(`${what}: ${n} ${things}, at most ${max} (LIMITS.${key})`);
  };
  over(s.links.length, LIMITS.links, 'links', 'links');
  over(s.workloads.length, LIMITS.workloads, 'workloads', 'workloads');
  const pageSize = s.pageSize ?? '4k', bytes = PAGE_BYTES[pageSize];
  const pages = s.workloads.reduce((a, w) => a + Math.floor((w.workingSetMB * 1048576) / bytes), 0);
  over(pages, LIMITS.totalPages, `pages of working set (${pageSize})`, 'totalPages');
  const frames = s.devices.reduce((a, d) => a + Math.floor((d.capacityMB * 1048576) / bytes), 0);
  over(frames, LIMITS.totalFrames, `page frames of memory (${pageSize})`, 'totalFrames');
  over(s.hosts.length * (s.samplesPerHost ?? 16_384), LIMITS.totalSamples, 'sampled accesses per epoch (hosts x samplesPerHost)', 'totalSamples');
}
