// Where the topology picture puts each node, and which nodes it draws as one group. Pure: the
// picture (Topology.tsx) measures its box and its text, this module decides.
//
// A scenario's own positions (x / y, hand-placed or dragged) are used as they are when they
// make a legible picture: no two node boxes overlap and the whole picture fits the box at a
// scale where its smallest text (MIN_TEXT picture units) reaches the mode's minimum on screen.
// Otherwise the fabric is laid out by role, in layers: hosts in a row (each with its DRAM
// above it), CXL switches below, by their distance from the hosts, then the CXL devices. A
// layer that is too wide first draws its nodes compact (the lines a room needs), then wraps
// onto a second row (a fabric without switches puts its second row of hosts below the
// devices, as a pool is drawn), and what still does not fit becomes groups ("Hosts 0-15
// (16)"), contiguous runs of the layer's order. A group expands when picked: it becomes the
// layer's focus, drawn with as many slots as the layer has (groups again if its members
// still do not fit), and what lies before and after it shrinks to one group each, so any
// node of a 256-host fabric is two or three picks away.
import { nodeList } from '../../format';
import type { NodeKind } from '../../../src/scenario/bounds';
import type { NodeRef } from '../../scenario-edit';

export interface Size { w: number; h: number }
export interface Box { x: number; y: number; w: number; h: number }
export type Lod = 'full' | 'compact';

/** The text styles of the picture (styles.css says the same): what a width is measured in. */
export type TextStyle = 'title' | 'sub' | 'label';
export const TEXT_FONT: Record<TextStyle, string> = { title: '600 12.5px', sub: '11px', label: '600 11px' };
/** The width of `text` in a style, in picture units. */
export type Measure = (text: string, style: TextStyle) => number;
/** Without a canvas (unit tests): a generous average glyph width. */
export const estimateText: Measure = (t, s) => t.length * (s === 'title' ? 8.4 : s === 'label' ? 7.4 : 6.8);

/** The smallest text of the picture, in picture units (styles.css): labels reach a minimum on screen at MIN_TEXT x scale. */
export const MIN_TEXT = 11;

/** Node boxes as the scenario's own positions draw them. */
export const FULL: Record<NodeKind, Size> = {
  host: { w: 130, h: 46 },
  switch: { w: 120, h: 44 },
  dram: { w: 164, h: 78 },
  cxl: { w: 164, h: 78 },
};
/** A host of a pool scenario has a third line: its VMs. */
export const POOL_HOST_EXTRA = 14;
/** Compact boxes: heights (widths follow the text). */
const COMPACT_H: Record<NodeKind, number> = { host: 44, switch: 36, dram: 56, cxl: 56 };
/** A compact pooled device's extra room for its strip of extents (PoolTopology). */
const POOL_STRIP_H = 8;
/** Room for a pooled device's kind ("MHD · 16 heads") above its box. */
export const KIND_H = 16;
/** An interleave set's outline: padding around its members and room for its label above. */
export const SET_PAD = 10;
export const SET_LABEL_H = 20;
const PAD = 4;
const GAP = 10;
const DRAM_GAP = 8;
const ROW_GAP = 16;
/** Between layers: the links and their labels. */
const LINK_GAP = 64;
/** Extra room below the hosts for two-line labels. */
const TALL_LABEL_GAP = 64;
const MARGIN = 10;
const MIN_W = 480;
const MIN_H = 260;
/** Widest text a compact node may have to show (the live figures are sized for their worst case). */
const AMAT_TEMPLATE = 'AMAT 888 ns';
const VMS_TEMPLATE = '888 VMs';
const BUSY_TEMPLATE = 'busy 100%';
const PCT_TEMPLATE = '100%';
const MIN_BAR = 30;

export interface FabricInput {
  nodes: readonly NodeRef[];
  links: readonly { a: string; b: string }[];
  /** DRAM id -> its host. */
  dramHost: ReadonlyMap<string, string>;
  /** A pool scenario: hosts show their VMs, pooled devices their kind above the box. */
  pool: boolean;
  /** Pooled device id -> its kind line ("MHD · 16 heads"). */
  poolKinds: ReadonlyMap<string, string>;
  /** Interleave sets: their members are drawn side by side. */
  sets: readonly { id: string; devices: readonly string[] }[];
  /** Links carry two-line labels (coherency traffic): the gap below the hosts is taller, so a fan of them fits. */
  tallLabels?: boolean;
}

export interface GroupInfo {
  /** The layer ("host", "switch1", "cxl") and the range [lo, hi) of its order. */
  layer: string;
  lo: number;
  hi: number;
}

export interface Item {
  /** A node's id, or "group:<layer>:<lo>-<hi>" (a DRAM group: "group:dram:<lo>-<hi>"). */
  id: string;
  kind: NodeKind;
  /** The nodes drawn by this item (one for a node). */
  members: string[];
  /** Set for a group: what expanding it focuses. DRAM groups expand their hosts' group. */
  group: GroupInfo | null;
  /** The text a group or a compact node shows as its title. */
  title: string;
  x: number;
  y: number;
  w: number;
  h: number;
  lod: Lod;
}

export interface Edge {
  /** A single link's key ("a|b", as Topology's linkKey), or "group-edge:<item>|<item>". */
  id: string;
  a: string;
  b: string;
  /** Link keys this edge draws (one for a plain link). */
  links: string[];
  /** A DRAM's memory bus to its host (drawn dashed, never labelled). */
  ddr: boolean;
}

export interface Layout {
  mode: 'file' | 'auto';
  lod: Lod;
  items: Item[];
  /** Node id -> the item drawing it; an item's own id -> the item. */
  itemOf: Map<string, Item>;
  edges: Edge[];
  box: Box;
  /** Layers with groups (what a "regroup" resets), and whether anything is grouped. */
  grouped: boolean;
  /** A pool scenario's DRAM say what their VMs hold, in the room above them (PoolMarks); false: no room. */
  dramLabels: boolean;
  /** Text-free rectangles a link label must not cover beyond the items (kind labels, set labels). */
  marks: Box[];
}

export const linkKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

// ---------------------------------------------------------------------------------------------
// Node sizes

/** A compact DRAM named after its host ("Host 3 DRAM") is just "DRAM": it sits on its host. */
export function compactTitle(node: NodeRef, hostName: string | undefined, short: ReadonlyMap<string, string>): string {
  if (node.kind === 'dram' && hostName !== undefined && node.name === `${hostName} DRAM`) return 'DRAM';
  const name = short.get(node.id) ?? node.name;
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}

/**
 * Compact names within a layer: where three or more nodes are called "<words> <noun> <n>"
 * alike ("4-head MHD 0" … "4-head MHD 12"), each is just "<noun> <n>" ("MHD 12"); the full name
 * stays in the node's tooltip and accessible name.
 */
export function shortNames(nodes: readonly NodeRef[]): Map<string, string> {
  const parsed = nodes.map((n) => ({ n, m: /^(.+\s)(\S+\s+\d+)$/.exec(n.name) }));
  const count = new Map<string, number>();
  for (const p of parsed) if (p.m) count.set(p.m[1], (count.get(p.m[1]) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const p of parsed) if (p.m && (count.get(p.m[1]) ?? 0) >= 3) out.set(p.n.id, p.m[2]);
  return out;
}

function nodeSize(node: NodeRef, title: string, lod: Lod, input: FabricInput, measure: Measure): Size {
  const extra = node.kind === 'host' && input.pool ? POOL_HOST_EXTRA : 0;
  if (lod === 'full') return { w: FULL[node.kind].w, h: FULL[node.kind].h + extra };
  const t = measure(title, 'label');
  if (node.kind === 'host') return { w: Math.max(t, measure(AMAT_TEMPLATE, 'sub'), input.pool ? measure(VMS_TEMPLATE, 'sub') : 0) + 2 * PAD, h: COMPACT_H.host + extra };
  if (node.kind === 'switch') return { w: t + 2 * 16, h: COMPACT_H.switch };
  const kind = input.poolKinds.get(node.id);
  return {
    w: Math.max(t, measure(BUSY_TEMPLATE, 'label'), MIN_BAR + 4 + measure(PCT_TEMPLATE, 'sub'), kind ? measure(kind, 'label') : 0) + 2 * PAD,
    h: COMPACT_H[node.kind] + (kind ? POOL_STRIP_H : 0),
  };
}

/** "4-head MHD" -> "4-head MHDs", "CXL switch" -> "CXL switches". */
export function plural(noun: string): string {
  return /(s|x|ch|sh)$/i.test(noun) ? `${noun}es` : `${noun}s`;
}

const KIND_PLURAL: Record<NodeKind, string> = { host: 'hosts', switch: 'switches', dram: 'DRAM', cxl: 'devices' };

/** Runs of numbers a group's title lists before "…": a layer ordered by its links scatters numbers. */
const TITLE_RUNS = 2;

/** A group's title from its members' names: "Hosts 0-15 (16)", "Expanders 0-2,8-10,… (21)", else "16 hosts". */
export function groupTitle(kind: NodeKind, names: readonly string[]): string {
  if (kind === 'dram') return `DRAM (${names.length})`;
  // A layout tries many groupings of the same names (every plan, on every edit): each title is
  // worked out once.
  const key = `${kind}\u0001${names.join('\u0000')}`;
  let title = titleCache.get(key);
  if (title === undefined) {
    if (titleCache.size >= TITLE_CACHE_MAX) titleCache.clear();
    title = groupTitleOf(kind, names);
    titleCache.set(key, title);
  }
  return title;
}

const titleCache = new Map<string, string>();
const TITLE_CACHE_MAX = 20_000;

function groupTitleOf(kind: NodeKind, names: readonly string[]): string {
  const parts = names.map((n) => /^(.*\D)\s*(\d+)$/.exec(n));
  const prefix = parts[0]?.[1].trim();
  if (prefix && parts.every((p) => p !== null && p[1].trim() === prefix)) {
    const runs = nodeList(parts.map((p) => Number(p![2]))).split(',');
    const list = runs.length > TITLE_RUNS ? `${runs.slice(0, TITLE_RUNS).join(',')},…` : runs.join(',');
    return `${plural(prefix)} ${list} (${names.length})`;
  }
  return `${names.length} ${KIND_PLURAL[kind]}`;
}

/** The widest second line a group shows (its live figure). */
const GROUP_SUB: Record<NodeKind, string> = { host: 'mean AMAT 888 ns', switch: '', dram: BUSY_TEMPLATE, cxl: 'busy ≤ 100%' };
/** Room for the stacked cards drawn behind a group. */
export const STACK = 4;

function groupSize(kind: NodeKind, title: string, lod: Lod, input: FabricInput, measure: Measure): Size {
  const h = (lod === 'full' ? FULL[kind].h : COMPACT_H[kind]) + (kind === 'host' && input.pool ? POOL_HOST_EXTRA : 0);
  const sub = GROUP_SUB[kind];
  let w = Math.max(measure(title, lod === 'full' ? 'title' : 'label'), sub ? measure(sub, kind === 'host' ? 'sub' : 'label') : 0);
  if (kind === 'dram' || kind === 'cxl') w = Math.max(w, MIN_BAR + 4 + measure(PCT_TEMPLATE, 'sub'));
  return { w: w + 2 * PAD + STACK, h: h + STACK };
}

// ---------------------------------------------------------------------------------------------
// The scenario's own positions

function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

const centred = (x: number, y: number, s: Size): Box => ({ x: x - s.w / 2, y: y - s.h / 2, w: s.w, h: s.h });

/** The picture's extent around `boxes`, never smaller than `minW` (MIN_W) x MIN_H. */
function extent(boxes: readonly Box[], minW = MIN_W): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x); x1 = Math.max(x1, b.x + b.w);
    y0 = Math.min(y0, b.y); y1 = Math.max(y1, b.y + b.h);
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, w: minW, h: MIN_H };
  x0 -= MARGIN; y0 -= MARGIN; x1 += MARGIN; y1 += MARGIN;
  const w = Math.max(minW, x1 - x0), h = Math.max(MIN_H, y1 - y0);
  return { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w, h };
}

/** The scenario's own positions, at full size. */
export function fileLayout(input: FabricInput): Layout {
  const items: Item[] = input.nodes.map((n) => {
    const s = nodeSize(n, n.name, 'full', input, estimateText);
    return { id: n.id, kind: n.kind, members: [n.id], group: null, title: n.name, x: n.x, y: n.y, w: s.w, h: s.h, lod: 'full' };
  });
  return finish('file', 'full', items, input, []);
}

/**
 * Whether the scenario's own positions make a legible picture in an `avail` box (picture
 * units at the smallest legible scale): no two nodes overlap and everything fits.
 */
export function fileLayoutLegible(layout: Layout, avail: Size): boolean {
  const boxes = layout.items.map((i) => centred(i.x, i.y, i));
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i], boxes[j], 4)) return false;
  return layout.box.w <= avail.w + 0.5 && layout.box.h <= avail.h + 0.5;
}

// ---------------------------------------------------------------------------------------------
// Layers and their order

interface Layer {
  key: string;
  kind: NodeKind;
  nodes: NodeRef[];
}

function layersOf(input: FabricInput): Layer[] {
  const byId = new Map(input.nodes.map((n) => [n.id, n] as const));
  const adj = new Map<string, string[]>();
  for (const l of input.links) {
    if (!byId.has(l.a) || !byId.has(l.b)) continue;
    (adj.get(l.a) ?? adj.set(l.a, []).get(l.a)!).push(l.b);
    (adj.get(l.b) ?? adj.set(l.b, []).get(l.b)!).push(l.a);
  }
  const hosts = input.nodes.filter((n) => n.kind === 'host');
  const switches = input.nodes.filter((n) => n.kind === 'switch');
  const devices = input.nodes.filter((n) => n.kind === 'cxl');
  // Each switch's layer: its distance in switch hops from the nearest host (1: attached to a host).
  const depth = new Map<string, number>();
  let frontier = switches.filter((s) => (adj.get(s.id) ?? []).some((o) => byId.get(o)?.kind === 'host')).map((s) => s.id);
  for (const s of frontier) depth.set(s, 1);
  for (let d = 2; frontier.length > 0; d++) {
    const next: string[] = [];
    for (const s of frontier) for (const o of adj.get(s) ?? []) if (byId.get(o)?.kind === 'switch' && !depth.has(o)) { depth.set(o, d); next.push(o); }
    frontier = next;
  }
  for (const s of switches) if (!depth.has(s.id)) depth.set(s.id, 1);
  const maxDepth = Math.max(0, ...depth.values());

  // Order each layer by where its neighbours above sit (barycentre), ties by scenario order:
  // fewer crossings, and a switch sits under the hosts it serves.
  const rank = new Map<string, number>();
  hosts.forEach((h, i) => rank.set(h.id, hosts.length > 1 ? i / (hosts.length - 1) : 0.5));
  const order = (list: NodeRef[]): NodeRef[] => {
    const keyed = list.map((n, i) => {
      const above = (adj.get(n.id) ?? []).map((o) => rank.get(o)).filter((r) => r !== undefined);
      return { n, i, k: above.length ? above.reduce((a, b) => a + b, 0) / above.length : 0.5 };
    });
    keyed.sort((a, b) => a.k - b.k || a.i - b.i);
    const out = keyed.map((e) => e.n);
    out.forEach((n, i) => rank.set(n.id, out.length > 1 ? i / (out.length - 1) : 0.5));
    return out;
  };
  const layers: Layer[] = [{ key: 'host', kind: 'host', nodes: hosts }];
  for (let d = 1; d <= maxDepth; d++) {
    const at = switches.filter((s) => depth.get(s.id) === d);
    if (at.length) layers.push({ key: `switch${d}`, kind: 'switch', nodes: order(at) });
  }
  if (devices.length) {
    let devs = order(devices);
    // An interleave set's members stay side by side (its outline goes round them).
    const setOf = new Map(input.sets.flatMap((s) => s.devices.map((d) => [d, s.id] as const)));
    if (setOf.size) {
      const first = new Map<string, number>();
      devs.forEach((d, i) => { const s = setOf.get(d.id); if (s !== undefined && !first.has(s)) first.set(s, i); });
      devs = devs.map((d, i) => ({ d, i, k: setOf.has(d.id) ? first.get(setOf.get(d.id)!)! : i }))
        .sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.d);
    }
    layers.push({ key: 'cxl', kind: 'cxl', nodes: devs });
  }
  return layers;
}

// ---------------------------------------------------------------------------------------------
// Slots: which runs of a layer are groups

/** [lo, hi) split into at most `n` contiguous runs of near-equal size (all single if they fit). */
export function partition(lo: number, hi: number, n: number): [number, number][] {
  const count = hi - lo;
  if (count <= 0) return [];
  const parts = Math.max(1, Math.min(n, count));
  const out: [number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const a = lo + Math.round((i * count) / parts), b = lo + Math.round(((i + 1) * count) / parts);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/**
 * The runs a layer of `n` nodes is drawn as with `slots` places: every node if they fit; else
 * near-equal groups; with a focus [lo, hi), the focus gets every place but one on each side for
 * what lies before and after it.
 */
export function slotsFor(n: number, slots: number, focus: readonly [number, number] | undefined): [number, number][] {
  if (n <= slots) return partition(0, n, n);
  if (!focus || focus[0] < 0 || focus[1] > n || focus[1] - focus[0] < 1 || (focus[0] === 0 && focus[1] === n)) return partition(0, n, slots);
  const before: [number, number][] = focus[0] > 0 ? [[0, focus[0]]] : [];
  const after: [number, number][] = focus[1] < n ? [[focus[1], n]] : [];
  return [...before, ...partition(focus[0], focus[1], Math.max(1, slots - before.length - after.length)), ...after];
}

// ---------------------------------------------------------------------------------------------
// The layered layout

export interface AutoOptions {
  /** The box to fill, in picture units at the smallest legible scale. */
  avail: Size;
  measure: Measure;
  /** Layer -> its focused range (an expanded group). */
  focus: ReadonlyMap<string, readonly [number, number]>;
  /** Node id -> where the user moved it from its place in this layout (picture units). */
  nudges: ReadonlyMap<string, { dx: number; dy: number }>;
}

/**
 * A way to draw the layers: node size, rows per layer, and room for labels or not: for two-line
 * link labels a roomy gap under the hosts, in a pool scenario a line above each DRAM for what its
 * VMs hold (PoolMarks draws that line only when there is room: Layout.dramLabels).
 */
interface Plan { lod: Lod; hostRows: number; devRows: number; roomy: boolean }
const SHAPES: Omit<Plan, 'roomy'>[] = [
  { lod: 'full', hostRows: 1, devRows: 1 },
  { lod: 'compact', hostRows: 1, devRows: 1 },
  { lod: 'compact', hostRows: 2, devRows: 1 },
  { lod: 'compact', hostRows: 1, devRows: 2 },
  { lod: 'compact', hostRows: 2, devRows: 2 },
];
/** Each shape roomy first: fewer rows beat room for labels, room for labels beats the next shape. */
const PLANS: Plan[] = SHAPES.flatMap((p) => [{ ...p, roomy: true }, { ...p, roomy: false }]);

/** One place of a layer: a node, or a group of a run of its order. */
interface Slot { range: [number, number]; items: Item[]; w: number }

export function autoLayout(input: FabricInput, o: AutoOptions): Layout {
  const layers = layersOf(input);
  const hostName = new Map(input.nodes.filter((n) => n.kind === 'host').map((n) => [n.id, n.name] as const));
  const dramOf = new Map<string, NodeRef>();
  for (const n of input.nodes) if (n.kind === 'dram') { const h = input.dramHost.get(n.id); if (h) dramOf.set(h, n); }
  const hasSwitches = layers.some((l) => l.kind === 'switch');
  const devLayer = layers.find((l) => l.key === 'cxl');
  const short = new Map(layers.flatMap((l) => [...shortNames(l.nodes)]));

  // The plans try the same places again and again (every node alone for the narrowest, the
  // same runs for plans of one shape): each is worked out once per layout (64 hosts: about half
  // its time). Only the plan chosen places its items, once.
  const slotCache = new Map<string, Slot>();
  const slotItems = (layer: Layer, range: [number, number], lod: Lod): Slot => {
    const key = `${layer.key} ${range[0]} ${range[1]} ${lod}`;
    let slot = slotCache.get(key);
    if (!slot) slotCache.set(key, (slot = newSlot(layer, range, lod)));
    return slot;
  };
  // The slots of a layer for a plan: each slot an item (a host slot also carries its DRAM).
  const newSlot = (layer: Layer, range: [number, number], lod: Lod): Slot => {
    const members = layer.nodes.slice(range[0], range[1]);
    const mk = (kind: NodeKind, nodes: NodeRef[], groupLayer: string): Item => {
      if (nodes.length === 1 && range[1] - range[0] === 1) {
        const n = nodes[0];
        const title = lod === 'full' ? n.name : compactTitle(n, kind === 'dram' ? hostName.get(input.dramHost.get(n.id) ?? '') : undefined, short);
        const s = nodeSize(n, title, lod, input, o.measure);
        return { id: n.id, kind, members: [n.id], group: null, title, x: 0, y: 0, w: s.w, h: s.h, lod };
      }
      const title = groupTitle(kind, nodes.map((n) => n.name));
      const s = groupSize(kind, title, lod, input, o.measure);
      return {
        id: `group:${groupLayer}:${range[0]}-${range[1]}`, kind, members: nodes.map((n) => n.id),
        group: { layer: layer.key, lo: range[0], hi: range[1] }, title, x: 0, y: 0, w: s.w, h: s.h, lod,
      };
    };
    const main = mk(layer.kind, members, layer.key);
    const items = [main];
    if (layer.kind === 'host') {
      const drams = members.map((h) => dramOf.get(h.id)).filter((d) => d !== undefined);
      if (drams.length) items.push(mk('dram', drams, 'dram'));
    }
    return { range, items, w: Math.max(...items.map((i) => i.w)) };
  };

  const rowsFit = (slots: Slot[], rows: number): boolean => {
    const per = Math.ceil(slots.length / rows);
    for (let r = 0; r < rows; r++) {
      const row = slots.slice(r * per, (r + 1) * per);
      const w = row.reduce((a, s) => a + s.w, 0) + GAP * Math.max(0, row.length - 1) + 2 * MARGIN;
      if (w > o.avail.w) return false;
    }
    return true;
  };

  // The most places a layer can have in `rows` rows of the box's width.
  const layerCache = new Map<string, Slot[]>();
  const layerSlots = (layer: Layer, rows: number, lod: Lod): Slot[] => {
    const key = `${layer.key} ${rows} ${lod}`;
    let slots = layerCache.get(key);
    if (!slots) layerCache.set(key, (slots = newLayerSlots(layer, rows, lod)));
    return slots;
  };
  const newLayerSlots = (layer: Layer, rows: number, lod: Lod): Slot[] => {
    const n = layer.nodes.length;
    const focus = o.focus.get(layer.key);
    // No more places than the narrowest node allows (a 256-host layer tries a handful, not 256).
    let narrowest = Infinity;
    for (let i = 0; i < n; i++) narrowest = Math.min(narrowest, slotItems(layer, [i, i + 1], lod).w);
    const most = Math.min(n, Math.max(1, Math.floor((rows * (o.avail.w - 2 * MARGIN + GAP)) / (narrowest + GAP))));
    for (let s = most; s >= 1; s--) {
      // Fewer rows than asked when they are not needed.
      const slots = slotsFor(n, s, focus).map((r) => slotItems(layer, r, lod));
      if (rowsFit(slots, Math.min(rows, slots.length))) return slots;
    }
    return slotsFor(n, 1, undefined).map((r) => slotItems(layer, r, lod));
  };

  // Row heights (a group's stacked cards included): the same numbers plan and place.
  const hostH = (lod: Lod) => (lod === 'full' ? FULL.host.h : COMPACT_H.host) + (input.pool ? POOL_HOST_EXTRA : 0) + STACK;
  const dramH = (lod: Lod) => (lod === 'full' ? FULL.dram.h : COMPACT_H.dram) + STACK;
  // A pool scenario's roomy plans say above each DRAM how much of it its VMs hold (PoolMarks).
  const dramTopOf = (p: Plan) => (input.pool && p.roomy ? KIND_H : 0);
  const bandH = (p: Plan) => hostH(p.lod) + (dramOf.size ? DRAM_GAP + dramTopOf(p) + dramH(p.lod) : 0);
  const devTop = (input.poolKinds.size ? KIND_H : 0) + (input.sets.length ? SET_PAD + SET_LABEL_H : 0);
  const devH = (lod: Lod) => (lod === 'full' ? FULL.cxl.h : COMPACT_H.cxl + (input.poolKinds.size ? POOL_STRIP_H : 0)) + STACK;
  const switchH = (lod: Lod) => (lod === 'full' ? FULL.switch.h : COMPACT_H.switch) + STACK;
  const heightOf = (p: Plan, rows: Map<string, number>): number => {
    const hostRows = rows.get('host') ?? 1, devRows = rows.get('cxl') ?? 1;
    let h = 2 * MARGIN + hostRows * bandH(p) + (hostRows - 1) * ROW_GAP + (input.tallLabels && p.roomy ? TALL_LABEL_GAP : 0);
    for (const l of layers) if (l.kind === 'switch') h += LINK_GAP + switchH(p.lod);
    // Without switches a second row of hosts sits below the devices: a link gap instead of a row gap.
    if (devLayer) h += LINK_GAP + devRows * (devTop + devH(p.lod)) + (devRows - 1) * ROW_GAP + (!hasSwitches && hostRows > 1 ? LINK_GAP - ROW_GAP : 0);
    return h;
  };

  // The plan that shows the most places wins, but a picked group's layer counts first: a plan
  // that opens it further beats one that shows more of the other layers.
  let best: { plan: Plan; slots: Map<string, Slot[]>; rows: Map<string, number>; shown: number; picked: number } | null = null;
  for (const plan of PLANS) {
    if (plan.roomy && !input.tallLabels && !input.pool) continue;
    const slots = new Map<string, Slot[]>();
    const rows = new Map<string, number>();
    let shown = 0, picked = 0, grouped = false;
    for (const l of layers) {
      const r = l.key === 'host' ? plan.hostRows : l.key === 'cxl' ? plan.devRows : 1;
      const s = layerSlots(l, r, plan.lod);
      slots.set(l.key, s);
      rows.set(l.key, Math.min(r, s.length));
      shown += s.length;
      if (o.focus.has(l.key)) picked += s.length;
      if (s.length < l.nodes.length) grouped = true;
    }
    // A plan whose rows were not needed is the simpler plan again.
    if ((rows.get('host') ?? 1) < plan.hostRows || (rows.get('cxl') ?? 1) < plan.devRows) continue;
    if (heightOf(plan, rows) > o.avail.h) continue;
    if (!grouped) { best = { plan, slots, rows, shown, picked }; break; }
    if (!best || picked > best.picked || (picked === best.picked && shown > best.shown)) best = { plan, slots, rows, shown, picked };
  }
  if (!best) {
    // Nothing fits the height: the flattest plan, compact in one row (the picture scales down a little).
    const plan = PLANS.find((p) => p.lod === 'compact' && !p.roomy)!;
    const slots = new Map(layers.map((l) => [l.key, layerSlots(l, 1, plan.lod)] as const));
    best = { plan, slots, rows: new Map(layers.map((l) => [l.key, 1] as const)), shown: 0, picked: 0 };
  }

  // Place: rows top to bottom, each row's places spread evenly across the widest row.
  const { plan, slots, rows } = best;
  const rowLists: { layer: Layer; slots: Slot[]; mirror: boolean }[] = [];
  for (const l of layers) {
    const s = slots.get(l.key)!;
    const r = rows.get(l.key)!;
    const per = Math.ceil(s.length / r);
    for (let i = 0; i < r; i++) rowLists.push({ layer: l, slots: s.slice(i * per, (i + 1) * per), mirror: false });
  }
  // Without switches, a second row of hosts goes below the devices, its DRAM below it.
  if (!hasSwitches && devLayer && (rows.get('host') ?? 1) > 1) {
    const second = rowLists.splice(1, 1)[0];
    second.mirror = true;
    rowLists.push(second);
  }
  const rowW = (s: Slot[]) => s.reduce((a, x) => a + x.w, 0) + GAP * Math.max(0, s.length - 1);
  // Two-line labels (coherency traffic) need room across: when the hosts take two rows, their
  // links fan in steeply, so such a fabric spreads its rows over the whole width it has. (In
  // one row they have the room, and a narrower picture is drawn larger.)
  const spread = input.tallLabels && (rows.get('host') ?? 1) > 1;
  const width = Math.max(...rowLists.map((r) => rowW(r.slots)), spread ? o.avail.w - 2 * MARGIN : 0);
  // Room for two-line labels under the hosts, and the height left over, up to as much again:
  // a fan of them staggers over more rows.
  const labelGap = input.tallLabels && plan.roomy ? Math.min(2 * TALL_LABEL_GAP, TALL_LABEL_GAP + Math.max(0, o.avail.h - heightOf(plan, rows))) : 0;
  const items: Item[] = [];
  let y = MARGIN;
  let prev: Layer | null = null;
  const hH = hostH(plan.lod), dH = dramH(plan.lod), dramTop = dramTopOf(plan);
  for (const row of rowLists) {
    if (prev) y += prev === row.layer ? ROW_GAP : LINK_GAP + (prev.kind === 'host' ? labelGap : 0);
    prev = row.layer;
    const n = row.slots.length;
    const used = rowW(row.slots);
    // Spread: a short row's places sit at equal intervals over the widest row.
    const spare = n > 0 ? (width - used) / n : 0;
    let x = MARGIN + spare / 2;
    if (row.layer.kind === 'host') {
      const hasDram = row.slots.some((s) => s.items.length > 1);
      for (const s of row.slots) {
        const cx = x + s.w / 2;
        const [main, dram] = s.items;
        if (row.mirror) {
          main.x = cx; main.y = y + hH / 2;
          if (dram) { dram.x = cx; dram.y = y + hH + DRAM_GAP + dramTop + dH / 2; }
        } else {
          const top = hasDram ? dramTop + dH + DRAM_GAP : 0;
          if (dram) { dram.x = cx; dram.y = y + dramTop + dH / 2; }
          main.x = cx; main.y = y + top + hH / 2;
        }
        items.push(...s.items);
        x += s.w + GAP + spare;
      }
      y += hH + (hasDram ? dramTop + dH + DRAM_GAP : 0);
    } else {
      const top = row.layer.kind === 'cxl' ? devTop : 0;
      const h = row.layer.kind === 'cxl' ? devH(plan.lod) : switchH(plan.lod);
      for (const s of row.slots) {
        const it = s.items[0];
        it.x = x + s.w / 2; it.y = y + top + h / 2;
        items.push(it);
        x += s.w + GAP + spare;
      }
      y += top + h;
    }
  }
  for (const it of items) {
    const nudge = it.group ? undefined : o.nudges.get(it.id);
    if (nudge) { it.x += nudge.dx; it.y += nudge.dy; }
  }
  const marks: Box[] = [];
  // Never wider than the room given: a narrower box (two pictures side by side in presentation
  // mode) would be drawn smaller than its labels' minimum only to pad it to MIN_W.
  return finish('auto', plan.lod, items, input, marks, Math.min(MIN_W, o.avail.w), dramTop > 0);
}

/** Edges between the items drawn, the picture's extent, and what labels must avoid. */
function finish(mode: Layout['mode'], lod: Lod, items: Item[], input: FabricInput, marks: Box[], minW = MIN_W, dramLabels = input.pool): Layout {
  const itemOf = new Map<string, Item>();
  for (const it of items) {
    itemOf.set(it.id, it);
    for (const m of it.members) itemOf.set(m, it);
  }
  const edges = new Map<string, Edge>();
  const add = (a: string, b: string, link: string, ddr: boolean) => {
    const ia = itemOf.get(a), ib = itemOf.get(b);
    if (!ia || !ib || ia === ib) return;
    const plain = ia.group === null && ib.group === null;
    const id = plain ? link : `group-edge:${linkKey(ia.id, ib.id)}${ddr ? ':ddr' : ''}`;
    const e = edges.get(id);
    if (e) e.links.push(link);
    else edges.set(id, { id, a: ia.id, b: ib.id, links: [link], ddr });
  };
  for (const [dram, host] of input.dramHost) add(dram, host, `ddr-${dram}`, true);
  for (const l of input.links) add(l.a, l.b, linkKey(l.a, l.b), false);
  const boxes = items.map((i) => centred(i.x, i.y, i));
  // A pooled device's kind, and in a pool scenario a DRAM's "VMs n GiB" (PoolMarks), sit above
  // its box; an interleave set's outline and label round its members.
  for (const it of items) {
    const above = input.poolKinds.has(it.id) || (dramLabels && it.kind === 'dram');
    if (it.group === null && above) marks.push({ x: it.x - it.w / 2, y: it.y - it.h / 2 - KIND_H, w: it.w, h: KIND_H });
  }
  for (const set of input.sets) {
    const ps = set.devices.map((d) => itemOf.get(d)).filter((i) => i !== undefined);
    if (!ps.length) continue;
    const x0 = Math.min(...ps.map((p) => p.x - p.w / 2)) - SET_PAD, x1 = Math.max(...ps.map((p) => p.x + p.w / 2)) + SET_PAD;
    const y0 = Math.min(...ps.map((p) => p.y - p.h / 2)) - SET_PAD - SET_LABEL_H;
    marks.push({ x: x0, y: y0, w: x1 - x0, h: SET_LABEL_H });
  }
  return {
    mode, lod, items, itemOf, edges: [...edges.values()],
    box: extent([...boxes, ...marks], minW),
    dramLabels,
    grouped: items.some((i) => i.group !== null),
    marks,
  };
}

// ---------------------------------------------------------------------------------------------
// Link labels

export interface LabelCandidate {
  id: string;
  /** Centres of the two ends' boxes and their sizes. */
  a: Item;
  b: Item;
  /** The label's box size (picture units). */
  w: number;
  h: number;
}

/**
 * Where along a link (0: the upper end's border, 1: the lower end's) a label may sit, in order
 * of preference: near the middle, or, where one end is shared by many links (a fan into a
 * switch), near the other end, where the fan's links are furthest apart.
 */
const ALONG = [0.3, 0.5, 0.18, 0.7, 0.4, 0.82, 0.6, 0.1, 0.24, 0.36, 0.45, 0.56, 0.65, 0.76, 0.9];
/** Just clear of the upper end's box, and of the lower end's: where a fan's labels are furthest apart and plainly their link's. */
const HUG_UP = -1;
const HUG_DOWN = 2;
const NEAR_UP = [HUG_UP, 0.18, 0.5, 0.34, 0.1, 0.66, 0.8, 0.9];
const NEAR_DOWN = [HUG_DOWN, 0.82, 0.5, 0.66, 0.9, 0.34, 0.2, 0.1];

/** Where the segment from `from` to `to` leaves `from`'s box, as a share of its length. */
function exitShare(from: Item, dx: number, dy: number): number {
  const tx = dx === 0 ? Infinity : from.w / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : from.h / 2 / Math.abs(dy);
  return Math.min(1, tx, ty);
}

/** The upper and lower end of a candidate's link. */
const ends = (c: LabelCandidate): [Item, Item] => (c.a.y <= c.b.y ? [c.a, c.b] : [c.b, c.a]);

/**
 * Labels placed greedily in the candidates' order (the first are the most wanted): each at
 * the first point of its preferences along its link where it covers no node, no other label
 * and no mark, inside `bounds`; one that finds no such point is left out. Nothing placed ever
 * overlaps.
 */
function placeGreedy(cands: readonly LabelCandidate[], prefs: (c: LabelCandidate, i: number) => readonly number[], items: readonly Item[], marks: readonly Box[], bounds: Box): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  const taken: Box[] = [...items.map((i) => ({ x: i.x - i.w / 2 - 2, y: i.y - i.h / 2 - 2, w: i.w + 4, h: i.h + 4 })), ...marks];
  cands.forEach((c, i) => {
    const [up, down] = ends(c);
    const dx = down.x - up.x, dy = down.y - up.y;
    const t0 = exitShare(up, dx, dy), t1 = 1 - exitShare(down, -dx, -dy);
    if (t1 <= t0) return;
    for (const s of prefs(c, i)) {
      let x: number, y: number;
      if (s === HUG_UP || s === HUG_DOWN) {
        // Right under the upper end (above the lower one), on its link: a node with several
        // links has a label on each, not one under its middle that could be any of them.
        if (Math.abs(dy) < c.h + up.h / 2 + down.h / 2) continue;
        y = s === HUG_UP ? up.y + up.h / 2 + 4 + c.h / 2 : down.y - down.h / 2 - 4 - c.h / 2;
        x = up.x + (dx * (y - up.y)) / dy;
      } else {
        const t = t0 + (t1 - t0) * s;
        x = up.x + dx * t; y = up.y + dy * t;
      }
      const box = { x: x - c.w / 2, y: y - c.h / 2, w: c.w, h: c.h };
      if (box.x < bounds.x || box.y < bounds.y || box.x + box.w > bounds.x + bounds.w || box.y + box.h > bounds.y + bounds.h) continue;
      if (taken.some((b) => overlaps(box, b, 1))) continue;
      taken.push(box);
      out.set(c.id, { x, y });
      break;
    }
  });
  return out;
}

/** A node with at least this many labelled links is a fan: its links' labels go to their other ends. */
const FAN = 4;

/**
 * Non-overlapping places for as many labels as fit (placeGreedy), tried three ways: the
 * candidates' own order (busiest first), and left to right with neighbours alternating
 * between two distances along their links (a fan of links gets its labels staggered), starting
 * near or far. The way that places more wins; a tie keeps the busiest-first one.
 */
export function placeLabels(cands: readonly LabelCandidate[], items: readonly Item[], marks: readonly Box[], bounds: Box): Map<string, { x: number; y: number }> {
  const degree = new Map<string, number>();
  for (const c of cands) for (const it of [c.a, c.b]) degree.set(it.id, (degree.get(it.id) ?? 0) + 1);
  const base = (c: LabelCandidate) => {
    const [up, down] = ends(c);
    const du = degree.get(up.id) ?? 0, dd = degree.get(down.id) ?? 0;
    // Only a real fan moves labels to the far end: a lone link's label reads best near its middle.
    if (Math.max(du, dd) < FAN) return ALONG;
    return du < dd ? NEAR_UP : du > dd ? NEAR_DOWN : ALONG;
  };
  let best = placeGreedy(cands, base, items, marks, bounds);
  const byX = [...cands].sort((p, q) => ends(p)[0].x - ends(q)[0].x || ends(p)[1].x - ends(q)[1].x);
  // Staggered both ways: which neighbour starts near the end decides what fits.
  for (const parity of [0, 1]) {
    if (best.size === cands.length) break;
    const stagger = (c: LabelCandidate, i: number) => {
      const b = base(c);
      return i % 2 === parity ? b : [b[1], b[0], ...b.slice(2)];
    };
    const next = placeGreedy(byX, stagger, items, marks, bounds);
    if (next.size > best.size) best = next;
  }
  return best;
}
