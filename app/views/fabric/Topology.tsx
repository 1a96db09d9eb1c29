// The topology picture: hosts, switches, DRAM and CXL devices, links. React draws the
// structure; live occupancy and load are written straight into the SVG once per frame, and
// only what changed. Load is drawn as thickness and a label (not colour alone): a link's
// width and its "43%", a device's outline width and its "busy 43%". Shared regions' coherency
// traffic rides on a link as a dashed overlay whose width is its share of the link, labelled
// "coh 2.1 GB/s" (this epoch, both directions). While comparing, run B gets its own picture
// (the same fabric, read-only).
//
// Legible at any size (layout.ts): the scenario's own positions when they fit the box with
// every label at least MIN_LABEL_PX (presentation mode: its own minimum) on screen, else a
// layout by role, compact nodes, a second row, and groups that expand when picked. Link
// labels never overlap: they are placed, busiest first, where they cover nothing, and a link
// with no room keeps its load in its thickness and tooltip. Zoom and pan with d3-zoom: the
// buttons, + / − / 0 and the arrow keys on the focused picture, Ctrl + wheel, dragging the
// background.
import * as d3 from 'd3';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { DEVICE_FIELDS, DEVICE_WIDTH, HOST_FIELDS, HOST_WIDTH, LINK, LINK_WIDTH } from '../../../src/engine/snapshot';
import type { DeviceMeta } from '../../../src/engine/meta';
import { applyScenario } from '../../actions';
import { fmt, fmtInt, gbps, nodeLabel } from '../../format';
import { useBox, useFrame } from '../../frame';
import type { LiveData } from '../../live';
import { moveNode, topologyNodes, type NodeRef } from '../../scenario-edit';
import { useApp } from '../../store';
import { themeVersion, utilColour } from '../../theme';
import { useExportable } from '../../export/registry';
import { NodeTitle } from './NodeTitle';
import { PoolMarks } from '../pool/PoolTopology';
import { groupAmatText, hostAmatText } from '../../pool-text';
import { InterleaveOutlines } from './InterleaveSets';
import {
  autoLayout, fileLayout, fileLayoutLegible, linkKey, MIN_TEXT, placeLabels, STACK, TEXT_FONT,
  type Box, type FabricInput, type Item, type LabelCandidate, type Layout, type Measure, type TextStyle,
} from './layout';
import { RunPair, type Which } from '../run/RunPair';
import { cancelConnect, finishConnect, commit, selectLink, useEditor } from '../../editor';
import { nameOf, removeNode } from '../../../src/scenario/fabric-edit';
import { nodeActions, type ActionTarget } from './node-actions';
import { NodeMenu, type MenuAt } from './NodeMenu';

/** The smallest label on screen outside presentation mode (CSS px). */
export const MIN_LABEL_PX = 11;

/** A load in %, "≤" when it is the busiest of several (a group's); "< 1%" is already a bound. */
function busiest(util: number, several: boolean): string {
  const v = `${fmtInt(util * 100)}%`;
  return several && !v.startsWith('<') ? `≤ ${v}` : v;
}
/** Share of the window's height the picture may take outside presentation mode (styles.css: max-height). */
const MAX_HEIGHT_SHARE = 0.72;
/** The most an automatic layout is scaled up past its smallest legible scale to fill the card's width. */
const MAX_AUTO_SCALE = 1.25;
const BAR_W = 104;
const KEY_STEP = 8;
const KEY_STEP_BIG = 40;
/** Presentation labels only links at least this busy (or carrying coherency traffic), at most MAX_PRESENT_LABELS. */
const PRESENT_LABEL_MIN_UTIL = 0.05;
const MAX_PRESENT_LABELS = 16;
/** Labels move at most this often while their order by load changes (ms). */
const RELABEL_MS = 1000;
const ZOOM_STEP = 1.25;
const ZOOM_MAX = 8;
const PAN_STEP = 60;

const PAGES = DEVICE_FIELDS.indexOf('pages');
const UTIL = DEVICE_FIELDS.indexOf('utilisation');
const HOST_AMAT = HOST_FIELDS.indexOf('amatNs');

/** Text widths in picture units, measured once per text and style with the picture's font. */
function canvasMeasure(el: Element | null): Measure {
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  const family = el ? getComputedStyle(el).fontFamily : 'sans-serif';
  const cache = new Map<string, number>();
  return (text: string, style: TextStyle) => {
    const key = `${style}\u0000${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (ctx) { ctx.font = `${TEXT_FONT[style]} ${family}`; w = ctx.measureText(text).width; } else w = text.length * 7.5;
      cache.set(key, w);
    }
    return w;
  };
}

/** Last value written per element and property: a frame writes only what changed. */
const written = new WeakMap<Element, Map<string, string>>();
function put(el: Element | undefined | null, prop: string, value: string): void {
  if (!el) return;
  let m = written.get(el);
  if (!m) written.set(el, (m = new Map()));
  if (m.get(prop) === value) return;
  m.set(prop, value);
  if (prop === 'text') el.textContent = value;
  else if (prop.startsWith('--') || prop === 'stroke' || prop === 'stroke-width') (el as SVGElement).style.setProperty(prop, value);
  else el.setAttribute(prop, value);
}

/** Where the user moved nodes of an automatic layout, per fabric (its node ids): kept across remounts (presentation mode and back). */
const nudgesByFabric = new Map<string, Map<string, { dx: number; dy: number }>>();

export interface TopologyProps {
  /** Presentation mode's smallest label on screen (0: MIN_LABEL_PX). */
  minLabelPx?: number;
  /** Nothing can be moved (an embedded view). */
  readOnly?: boolean;
  /** The picture fills its panel's height (presentation mode); else its height follows its width, up to `maxHeight` of the window. */
  fill?: boolean;
  /** Share of the window's height the picture may take when it does not fill a panel. */
  maxHeight?: number;
}

/** Topology of run A (draggable) and, while comparing, of run B (the same fabric, read-only). */
export function Topology({ minLabelPx = 0, readOnly = false, fill = false, maxHeight = MAX_HEIGHT_SHARE }: TopologyProps = {}) {
  const shared = useApp((s) => (s.meta?.sharedRegions.length ?? 0) > 0);
  const blast = useApp((s) => s.blastHit);
  const present = minLabelPx > 0;
  return (
    <div className={`topology${readOnly ? ' read-only' : ''}`} style={{ '--topo-max-h': fill ? 'none' : `${maxHeight * 100}vh` } as CSSProperties}>
      <RunPair min={440} view={(run, which) => <Picture run={run} which={which} minLabelPx={minLabelPx} readOnly={readOnly} fill={fill} maxHeight={maxHeight} />} />
      {present ? (
        // A room reads the short form.
        <p className="legend">
          <span><span className="swatch bar" aria-hidden="true" /> bar: pages used</span>
          <span><span className="swatch ring" aria-hidden="true" /> thickness, colour and %: bandwidth busy</span>
          {shared && <span><span className="swatch coh" aria-hidden="true" /> dashed, "coh": coherency traffic</span>}
        </p>
      ) : (
        <p className="legend">
          <span><span className="swatch bar" aria-hidden="true" /> bar: pages used / capacity</span>
          <span><span className="swatch ring" aria-hidden="true" /> outline &amp; link thickness and label: bandwidth busy (also green → red)</span>
          {shared && <span><span className="swatch coh" aria-hidden="true" /> dashed: coherency traffic of shared regions, width its share of the link, "coh" its GB/s this epoch</span>}
          {blast && <span><span className="swatch hit" aria-hidden="true" /> dashed glowing outline: hit by {blast.what} (Timeline card)</span>}
          {!readOnly && <span>drag a node, or focus it and use the arrow keys (Shift: bigger steps)</span>}
          <span>stacked boxes: a group, click or Enter to open · + / − zoom, arrow keys pan, 0 resets</span>
        </p>
      )}
    </div>
  );
}

interface Drag { id: string; dx: number; dy: number; x: number; y: number; x0: number; y0: number; moved: boolean; pointer: number }

/** Live values of one picture element, written per frame. */
interface Refs {
  bars: Map<string, SVGRectElement>;
  rings: Map<string, SVGElement>;
  pctText: Map<string, SVGTextElement>;
  busyText: Map<string, SVGTextElement>;
  hostText: Map<string, SVGTextElement>;
}

function Picture({ run, which, minLabelPx, readOnly, fill, maxHeight }: { run: LiveData; which: Which; minLabelPx: number; readOnly: boolean; fill: boolean; maxHeight: number }) {
  const editable = which === 'a' && !readOnly;
  const present = minLabelPx > 0;
  const scenario = useApp((s) => s.scenario)!;
  const meta = useApp((s) => s.meta);
  const selected = useApp((s) => s.selected);
  const lit = useApp((s) => s.discoveryLit);
  const hit = useApp((s) => s.blastHit?.ids);
  // Presentation mode keeps its controls behind H: the zoom buttons with them (the keys still work).
  const zoomButtons = useApp((s) => minLabelPx <= 0 || s.presentControls);
  const [drag, setDrag] = useState<Drag | null>(null);
  const editing = useEditor((s) => editable && s.on);
  const connectFrom = useEditor((s) => (editable ? s.connectFrom : null));
  const selLink = useEditor((s) => (editable && s.on ? s.link : null));
  const focusId = useEditor((s) => (editable ? s.focusId : null));
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const nodes = useMemo(() => topologyNodes(scenario), [scenario]);
  const deviceMeta = useMemo(() => new Map(meta?.devices.map((d) => [d.id, d] as const) ?? []), [meta]);
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name] as const)), [nodes]);
  const fabricKey = useMemo(() => nodes.map((n) => n.id).join(' '), [nodes]);

  // The box the picture may fill, in CSS px: its width, and the window's share (or, in
  // presentation mode, its panel's height).
  const [avail, setAvail] = useState<{ w: number; h: number } | null>(null);
  useLayoutEffect(() => {
    const el = viewRef.current, svg = svgRef.current;
    if (!el || !svg) return;
    const read = () => {
      // Whole px, rounded down (clientWidth rounds 460.5 up to 461: labels 0.1 % under their floor).
      const w = Math.floor(el.getBoundingClientRect().width);
      // Presentation: the picture fills what its panel leaves (its height does not follow its content there).
      const h = fill ? Math.floor(svg.getBoundingClientRect().height) : maxHeight * window.innerHeight;
      if (w > 0 && h > 0) setAvail((old) => (old && Math.abs(old.w - w) < 1 && Math.abs(old.h - h) < 1 ? old : { w, h }));
    };
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    if (fill) ro.observe(svg);
    window.addEventListener('resize', read);
    return () => { ro.disconnect(); window.removeEventListener('resize', read); };
  }, [fill, maxHeight]);

  const [focus, setFocus] = useState<ReadonlyMap<string, readonly [number, number]>>(new Map());
  // Another fabric: no group opened, its own nudges. The same (empty) object when nothing
  // changes, so that the layout is not worked out again for nothing (64 hosts: ~10 ms).
  useEffect(() => setFocus((old) => (old.size === 0 ? old : new Map())), [fabricKey]);
  const [nudges, setNudges] = useState(() => nudgesByFabric.get(fabricKey) ?? new Map<string, { dx: number; dy: number }>());
  useEffect(() => setNudges((old) => nudgesByFabric.get(fabricKey) ?? (old.size === 0 ? old : new Map())), [fabricKey]);

  const measure = useMemo(() => canvasMeasure(svgRef.current ?? document.body), []);
  // What the layout takes from the run's meta, as a value: a new run of the same fabric (an
  // edit's meta lands a render before its scenario) does not lay the picture out again.
  const fromMeta = useMemo(() => {
    const poolKinds: [string, string][] = [];
    for (const d of meta?.pool?.devices ?? []) {
      const dev = meta!.devices[d.device];
      if (dev) poolKinds.push([dev.id, `${d.kind.toUpperCase()} · ${d.heads.length} heads`]);
    }
    return JSON.stringify({ pool: meta?.pool != null, poolKinds, tallLabels: (meta?.sharedRegions.length ?? 0) > 0 });
  }, [meta]);
  const input = useMemo<FabricInput>(() => {
    const dramHost = new Map(scenario.devices.filter((d) => d.kind === 'dram' && d.host).map((d) => [d.id, d.host!] as const));
    const m = JSON.parse(fromMeta) as { pool: boolean; poolKinds: [string, string][]; tallLabels: boolean };
    return {
      nodes, links: scenario.links, dramHost, pool: m.pool, poolKinds: new Map(m.poolKinds),
      sets: scenario.interleaveSets ?? [],
      tallLabels: m.tallLabels,
    };
  }, [nodes, scenario, fromMeta]);

  const kMin = Math.max(MIN_LABEL_PX, minLabelPx) / MIN_TEXT;
  const layout = useMemo<Layout | null>(() => {
    if (!avail) return null;
    const units = { w: avail.w / kMin, h: avail.h / kMin };
    const file = fileLayout(input);
    if (fileLayoutLegible(file, units)) return file;
    return autoLayout(input, { avail: units, measure, focus, nudges });
  }, [avail, kMin, input, measure, focus, nudges]);

  const box = layout?.box ?? { x: 0, y: 0, w: 480, h: 260 };
  const item = (id: string): Item | undefined => {
    const it = layout?.itemOf.get(id);
    if (!it || !drag || drag.id !== id) return it;
    return { ...it, x: drag.x, y: drag.y };
  };

  // Live values go straight to these elements, once per frame.
  const refs = useRef<Refs>({ bars: new Map(), rings: new Map(), pctText: new Map(), busyText: new Map(), hostText: new Map() });
  const barW = useRef(new Map<string, number>());
  const linkEls = useRef(new Map<string, SVGLineElement>());
  const linkText = useRef(new Map<string, SVGTextElement>());
  const cohEls = useRef(new Map<string, SVGLineElement>());
  const drawn = useRef({ version: -1, theme: -1, meta: null as unknown, layout: null as unknown, selected: null as string | null });
  const labels = useRef({ key: '', at: 0, due: false, layout: null as unknown, selected: null as string | null, placed: new Map<string, { x: number; y: number }>() });

  const linkIndex = useMemo(() => new Map(meta?.links.map((l, i) => [linkKey(l.a, l.b), i] as const) ?? []), [meta]);
  const devIndex = useMemo(() => new Map(meta?.devices.map((d, i) => [d.id, i] as const) ?? []), [meta]);
  const hostIndex = useMemo(() => new Map(meta?.hosts.map((h, i) => [h.id, i] as const) ?? []), [meta]);
  const labelSize = useMemo(() => ({
    one: { w: measure('≤ 100%', 'label') + 4, h: 15 },
    two: { w: Math.max(measure('≤ 100% ·', 'label'), measure('coh 99.9 GB/s', 'label')) + 4, h: 29 },
  }), [measure]);

  const invalidate = useFrame(() => {
    const d = drawn.current;
    if (!seen.current.visible || !layout) return false;
    if (d.version === run.version && d.theme === themeVersion() && d.meta === meta && d.layout === layout && d.selected === selected && !labels.current.due) return false;
    d.version = run.version; d.theme = themeVersion(); d.meta = meta; d.layout = layout; d.selected = selected;
    const snap = run.latest;
    const m = run.meta;
    if (!m) return false;
    const known = run.occupancyKnown(PAGES, DEVICE_WIDTH);
    const ran = run.epochsDone > 0;
    const r = refs.current;
    const devFigures = (ids: readonly string[]) => {
      let pages = 0, cap = 0, util = 0;
      for (const id of ids) {
        const i = devIndex.get(id);
        if (i === undefined) continue;
        pages += snap ? snap.device[i * DEVICE_WIDTH + PAGES] : 0;
        cap += m.devices[i].capacityPages;
        util = Math.max(util, snap && ran ? snap.device[i * DEVICE_WIDTH + UTIL] : 0);
      }
      return { occ: cap > 0 ? Math.min(1, pages / cap) : 0, util };
    };
    for (const it of layout.items) {
      if (it.kind === 'host') {
        let sum = 0, n = 0;
        const members: number[] = [];
        for (const id of it.members) {
          const i = hostIndex.get(id);
          if (i === undefined) continue;
          members.push(i);
          const amat = snap ? snap.host[i * HOST_WIDTH + HOST_AMAT] : NaN;
          if (amat > 0) { sum += amat; n++; }
        }
        // Hosts that run only VMs show the VMs' AMAT (app/pool-text.ts).
        const amat = n === 0 ? NaN : sum / n;
        const text = it.group ? groupAmatText(snap, members, amat) : members.length ? hostAmatText(snap, members[0], amat) : 'AMAT –';
        put(r.hostText.get(it.id), 'text', text);
      } else if (it.kind === 'dram' || it.kind === 'cxl') {
        const { occ, util } = devFigures(it.members);
        put(r.bars.get(it.id), 'width', String(Math.max(0, occ * (barW.current.get(it.id) ?? BAR_W))));
        put(r.pctText.get(it.id), 'text', known ? `${fmtInt(occ * 100)}%` : '–');
        put(r.busyText.get(it.id), 'text', ran ? `busy ${busiest(util, it.group !== null)}` : 'busy –');
        const ring = r.rings.get(it.id);
        put(ring, 'stroke', utilColour(util));
        put(ring, 'stroke-width', String(1.5 + 6.5 * Math.min(1, util)));
      }
    }
    // Links: thickness per frame; labels for those with room, the busiest first.
    const wanted: { e: typeof layout.edges[number]; util: number; coh: number; text: [string, string] }[] = [];
    for (const e of layout.edges) {
      if (e.ddr) continue;
      let util = 0, coh = 0, bw = 0;
      for (const k of e.links) {
        const i = linkIndex.get(k);
        if (i === undefined) continue;
        util = Math.max(util, snap && ran ? snap.link[i * LINK_WIDTH] : 0);
        coh += snap && ran ? snap.link[i * LINK_WIDTH + LINK.coherencyGBps] : 0;
        bw += m.links[i].bandwidthGBps;
      }
      put(linkEls.current.get(e.id), 'stroke-width', String(2 + 8 * Math.min(1, util)));
      put(linkEls.current.get(e.id), 'stroke', util > 0.01 ? utilColour(util) : '');
      put(cohEls.current.get(e.id), 'stroke-width', coh > 0 ? String(1.5 + 6 * Math.min(1, coh / bw)) : '0');
      if (!ran) continue;
      if (present && util < PRESENT_LABEL_MIN_UTIL && coh <= 0) continue;
      const u = busiest(util, e.links.length > 1);
      wanted.push({ e, util, coh, text: coh > 0 ? [`${u} ·`, `coh ${fmt(coh)} GB/s`] : [u, ''] });
    }
    const sel = selected;
    const mine = (e: typeof layout.edges[number]) => sel !== null && (layout.itemOf.get(sel)?.id === e.a || layout.itemOf.get(sel)?.id === e.b);
    wanted.sort((x, y) => Number(mine(y.e)) - Number(mine(x.e)) || Number(y.coh > 0) - Number(x.coh > 0) || y.util - x.util || y.coh - x.coh);
    const list = present ? wanted.slice(0, MAX_PRESENT_LABELS) : wanted;
    const L = labels.current;
    // What is labelled, in order, and how tall each label is: a change moves labels.
    const key = list.map((w) => `${w.e.id}${w.coh > 0 ? ':2' : ''}`).join(' ');
    const now = performance.now();
    if (L.layout !== layout || L.selected !== sel || (key !== L.key && (L.key === '' || now - L.at >= RELABEL_MS))) {
      const cands: LabelCandidate[] = [];
      for (const w of list) {
        const a = item(w.e.a), b = item(w.e.b);
        if (!a || !b) continue;
        const s = w.coh > 0 ? labelSize.two : labelSize.one;
        cands.push({ id: w.e.id, a, b, w: s.w, h: s.h });
      }
      L.placed = placeLabels(cands, layout.items, layout.marks, layout.box);
      L.key = key; L.at = now; L.layout = layout; L.selected = sel; L.due = false;
    } else if (key !== L.key && !L.due) {
      // The order changed sooner than labels may move: place them again once they may.
      L.due = true;
      setTimeout(invalidate, RELABEL_MS - (now - L.at));
    }
    const shown = new Map(list.map((w) => [w.e.id, w] as const));
    for (const e of layout.edges) {
      if (e.ddr) continue;
      const el = linkText.current.get(e.id);
      if (!el) continue;
      const w = shown.get(e.id), at = L.placed.get(e.id);
      const [l1, l2] = [el.children[0], el.children[1]];
      if (!w || !at) { put(l1, 'text', ''); put(l2, 'text', ''); continue; }
      const two = w.text[1] !== '';
      put(l1, 'x', String(at.x)); put(l2, 'x', String(at.x));
      put(l1, 'y', String(two ? at.y - 7 : at.y)); put(l2, 'y', String(at.y + 7));
      put(l1, 'text', two ? `${w.text[0]} ` : w.text[0]);
      put(l2, 'text', w.text[1]);
    }
  });
  const seen = useBox(svgRef, invalidate);

  // Zoom and pan: d3-zoom on the picture, a transform on its one group. A new layout starts at the whole picture.
  const zoomRef = useRef<d3.ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const [zoomed, setZoomed] = useState(false);
  useEffect(() => {
    const svg = svgRef.current, vp = viewportRef.current;
    if (!svg || !vp) return;
    const ext: [[number, number], [number, number]] = [[box.x, box.y], [box.x + box.w, box.y + box.h]];
    const z = d3.zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, ZOOM_MAX])
      .extent(ext)
      .translateExtent(ext)
      // The wheel scrolls the page unless Ctrl is held; nodes and groups keep their own pointer handling.
      .filter((e: Event) => (e.type === 'wheel' ? (e as WheelEvent).ctrlKey || (e as WheelEvent).metaKey : !(e as globalThis.MouseEvent).button && !(e.target as Element).closest?.('.node, .link-hit')))
      .on('zoom', (e: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
        vp.setAttribute('transform', e.transform.toString());
        setZoomed(e.transform.k > 1.001);
      });
    const sel = d3.select(svg);
    sel.call(z).on('dblclick.zoom', null);
    sel.call(z.transform, d3.zoomIdentity);
    zoomRef.current = z;
    return () => { sel.on('.zoom', null); zoomRef.current = null; };
  }, [box.x, box.y, box.w, box.h]);
  const zoomBy = useCallback((k: number) => { const z = zoomRef.current, svg = svgRef.current; if (z && svg) d3.select(svg).call(z.scaleBy, k); }, []);
  const zoomReset = useCallback(() => { const z = zoomRef.current, svg = svgRef.current; if (z && svg) d3.select(svg).call(z.transform, d3.zoomIdentity); }, []);
  const panBy = (dx: number, dy: number) => {
    const z = zoomRef.current, svg = svgRef.current;
    if (!z || !svg) return;
    const k = d3.zoomTransform(svg).k;
    d3.select(svg).call(z.translateBy, dx / k, dy / k);
  };
  const onViewKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === '+' || e.key === '=') { e.preventDefault(); zoomBy(ZOOM_STEP); }
    else if (e.key === '-' || e.key === '_') { e.preventDefault(); zoomBy(1 / ZOOM_STEP); }
    else if (e.key === '0') { e.preventDefault(); zoomReset(); }
    else if (e.target === svgRef.current) {
      const step = (e.shiftKey ? 3 : 1) * PAN_STEP;
      const delta: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      const dxy = delta[e.key];
      if (dxy) { e.preventDefault(); panBy(dxy[0], dxy[1]); }
    }
  };

  useExportable({ id: which === 'a' ? 'topology' : 'topology-b', title: which === 'a' ? 'Topology' : 'Topology of run B', element: () => svgRef.current });

  const svgPoint = (e: PointerEvent) => {
    const g = viewportRef.current;
    const ctm = g?.getScreenCTM();
    if (!g || !ctm) return { x: 0, y: 0 };
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  };
  const clampTo = (it: Item, x: number, y: number) => ({
    x: Math.max(box.x + it.w / 2, Math.min(box.x + box.w - it.w / 2, x)),
    y: Math.max(box.y + it.h / 2, Math.min(box.y + box.h - it.h / 2, y)),
  });
  /** A node moved: in the scenario's own layout, its position; in an automatic one, a nudge kept for this fabric. */
  const moveTo = (n: NodeRef, it: Item, x: number, y: number) => {
    if (layout?.mode === 'file') { void applyScenario(moveNode(scenario, n.id, x, y)); return; }
    const next = new Map(nudges);
    const old = next.get(n.id) ?? { dx: 0, dy: 0 };
    next.set(n.id, { dx: old.dx + x - it.x, dy: old.dy + y - it.y });
    nudgesByFabric.set(fabricKey, next);
    setNudges(next);
  };

  const onPointerDown = (n: NodeRef, it: Item) => (e: PointerEvent<SVGGElement>) => {
    if (e.button !== 0 || !editable) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    const p = svgPoint(e);
    setDrag({ id: n.id, dx: it.x - p.x, dy: it.y - p.y, x: it.x, y: it.y, x0: it.x, y0: it.y, moved: false, pointer: e.pointerId });
    useApp.setState({ selected: n.id });
  };
  const onPointerMove = (it: Item) => (e: PointerEvent<SVGGElement>) => {
    if (!drag || drag.id !== it.id || drag.pointer !== e.pointerId) return;
    const p = svgPoint(e);
    const c = clampTo(it, p.x + drag.dx, p.y + drag.dy);
    setDrag({ ...drag, ...c, moved: drag.moved || Math.hypot(c.x - drag.x0, c.y - drag.y0) > 2 });
  };
  const onPointerUp = (n: NodeRef, it: Item) => (e: PointerEvent<SVGGElement>) => {
    if (!drag || drag.pointer !== e.pointerId) return;
    setDrag(null);
    if (drag.moved) moveTo(n, it, drag.x, drag.y);
    else if (connectFrom && connectFrom !== n.id) void finishConnect(n.id);
  };
  const onKeyDown = (n: NodeRef, it: Item) => (e: KeyboardEvent<SVGGElement>) => {
    if (!editable) return;
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      openMenu({ kind: 'node', id: n.id, nodeKind: n.kind }, e.currentTarget, null);
      return;
    }
    if (connectFrom && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      if (connectFrom !== n.id) void finishConnect(n.id);
      return;
    }
    if (connectFrom && e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancelConnect(); return; }
    if (editing && (e.key === 'Delete' || e.key === 'Backspace')) {
      e.preventDefault();
      void commit(removeNode(scenario, n.id), { done: `Removed ${nameOf(scenario, n.id)}.` });
      return;
    }
    const step = e.shiftKey ? KEY_STEP_BIG : KEY_STEP;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const dxy = delta[e.key];
    if (dxy) {
      e.preventDefault();
      moveTo(n, it, it.x + dxy[0], it.y + dxy[1]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      useApp.setState({ selected: selected === n.id ? null : n.id });
    } else if (e.key === 'Escape') {
      useApp.setState({ selected: null });
    }
  };

  // Opening a group: it becomes its layer's focus; the keyboard's focus goes to its first member.
  const focusNext = useRef<string | null>(null);
  const open = (it: Item, byKey: boolean) => {
    if (!it.group) return;
    const g = it.group;
    setFocus((old) => new Map(old).set(g.layer, [g.lo, g.hi]));
    if (byKey) focusNext.current = it.members[0];
  };
  useEffect(() => {
    const id = focusNext.current;
    if (!id || !layout) return;
    focusNext.current = null;
    const it = layout.itemOf.get(id);
    if (!it) return;
    const el = svgRef.current?.querySelector<SVGGElement>(it.group ? `[data-group="${CSS.escape(it.id)}"]` : `[data-node="${CSS.escape(id)}"], [data-node-b="${CSS.escape(id)}"]`);
    el?.focus();
  }, [layout]);

  // The node an edit added takes the keyboard's focus once drawn (so the next key acts on it).
  useEffect(() => {
    if (!focusId || !layout) return;
    const el = svgRef.current?.querySelector<SVGGElement>(`[data-node="${CSS.escape(focusId)}"]`);
    if (!el) return;
    useEditor.setState({ focusId: null });
    el.focus();
  }, [focusId, layout]);

  /** Opens the context menu of a node or link: at the pointer, or under the focused element. */
  const openMenu = (target: ActionTarget, opener: SVGElement, at: { x: number; y: number } | null) => {
    const view = viewRef.current?.getBoundingClientRect();
    const r = opener.getBoundingClientRect();
    const p = at ?? { x: r.left + r.width / 2, y: r.bottom };
    const title = target.kind === 'node' ? nameOf(scenario, target.id) : `Link ${nameOf(scenario, target.a)} – ${nameOf(scenario, target.b)}`;
    setMenu({ x: p.x - (view?.left ?? 0), y: p.y - (view?.top ?? 0), title, actions: nodeActions(target, scenario), opener });
  };
  const onNodeMenu = (n: NodeRef) => (e: MouseEvent<SVGGElement>) => {
    if (!editable) return;
    e.preventDefault();
    openMenu({ kind: 'node', id: n.id, nodeKind: n.kind }, e.currentTarget, { x: e.clientX, y: e.clientY });
  };

  const nodeById = useMemo(() => new Map(nodes.map((n) => [n.id, n] as const)), [nodes]);
  const geom = new Map<string, Box>();
  if (layout) for (const it of layout.items) if (!it.group) { const p = item(it.id)!; geom.set(it.id, { x: p.x, y: p.y, w: p.w, h: p.h }); }

  const titleOf = (id: string) => layout?.items.find((i) => i.id === id)?.title ?? id;
  const label = which === 'b'
    ? 'Topology of run B: the same fabric, with run B\'s occupancy and load.'
    : `Topology: hosts, CXL switches and memory devices.${editable ? ' Each node can be dragged, or focused and moved with the arrow keys.' : ''}${layout?.grouped ? ' Stacked boxes are groups: Enter opens one.' : ''} With the picture focused, + and − zoom, the arrow keys pan, 0 shows it all.`;

  return (
    <div className={`topo-view${connectFrom ? ' connecting' : ''}${editing ? ' editing' : ''}`} ref={viewRef} onKeyDown={onViewKey} data-layout={layout?.mode ?? 'none'} data-lod={layout?.lod ?? ''}>
      <svg
        ref={svgRef}
        viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
        preserveAspectRatio="xMidYMid meet"
        style={fill ? undefined : {
          aspectRatio: `${box.w} / ${box.h}`,
          // A laid-out fabric is drawn at about the size of the page's text, not blown up to the card's width.
          ...(layout?.mode === 'auto' ? { maxWidth: `${box.w * MAX_AUTO_SCALE * kMin}px`, marginInline: 'auto' } : {}),
        }}
        role="group"
        data-discovery-active={lit ? 'true' : undefined}
        tabIndex={0}
        aria-label={label}
      >
        <g ref={viewportRef} className="viewport">
          <g className="links">
            {layout?.edges.map((e) => {
              const a = item(e.a), b = item(e.b);
              if (!a || !b) return null;
              if (e.ddr) return <line key={e.id} className="ddr" x1={a.x} y1={a.y} x2={b.x} y2={b.y} />;
              const single = e.links.length === 1 && !e.id.startsWith('group-edge:');
              const l = single ? scenario.links.find((x) => linkKey(x.a, x.b) === e.id) : undefined;
              return (
                <g key={e.id}>
                  <line ref={keep(linkEls.current, e.id)} className={`link${single ? '' : ' group-link'}${l && selLink && linkKey(selLink.a, selLink.b) === e.id ? ' selected' : ''}`} data-link={e.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y}>
                    <title>{l ? `${l.a} – ${l.b}, ${gbps(l.bandwidthGBps)}${l.latencyNs ? `, +${l.latencyNs} ns` : ''}` : `${e.links.length} links between ${titleOf(e.a)} and ${titleOf(e.b)}`}</title>
                  </line>
                  {/* A wider, invisible line to click or right-click a single link by. */}
                  {l && editable && (
                    <line
                      className="link-hit" data-link-hit={e.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y}
                      onClick={() => selectLink(l.a, l.b)}
                      onContextMenu={(ev) => { ev.preventDefault(); openMenu({ kind: 'link', a: l.a, b: l.b }, ev.currentTarget, { x: ev.clientX, y: ev.clientY }); }}
                    />
                  )}
                </g>
              );
            })}
            {meta?.sharedRegions.length ? layout?.edges.map((e) => {
              if (e.ddr) return null;
              const a = item(e.a), b = item(e.b);
              if (!a || !b) return null;
              return <line key={`coh-${e.id}`} ref={keep(cohEls.current, e.id)} className="coh-link" data-link={e.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y} strokeWidth={0} />;
            }) : null}
          </g>
          <InterleaveOutlines scenario={scenario} geom={geom} />
          <g className="nodes">
            {layout?.items.map((it0) => {
              const it = item(it0.id)!;
              if (it.group) {
                return <GroupShape key={it.id} item={it} lit={!!lit && it.members.some((m) => lit.includes(m))} hit={!!hit && it.members.some((m) => hit.includes(m))} refs={refs.current} barW={barW.current} onOpen={(byKey) => open(it0, byKey)} />;
              }
              const n = nodeById.get(it.id)!;
              return (
                <NodeShape
                  key={n.id}
                  node={n}
                  item={it}
                  device={deviceMeta.get(n.id)}
                  pool={input.pool}
                  selected={editable && selected === n.id}
                  dragging={drag?.id === n.id}
                  editable={editable}
                  runB={which === 'b'}
                  lit={!!lit?.includes(n.id)}
                  hit={which !== 'b' && !!hit?.includes(n.id)}
                  refs={refs.current}
                  barW={barW.current}
                  onPointerDown={onPointerDown(n, it0)}
                  onPointerMove={onPointerMove(it0)}
                  onPointerUp={onPointerUp(n, it0)}
                  onKeyDown={onKeyDown(n, it0)}
                  onContextMenu={onNodeMenu(n)}
                />
              );
            })}
          </g>
          {meta?.pool && <PoolMarks run={run} meta={meta} geom={geom} names={names} dramVms={layout?.dramLabels ?? false} />}
          <g className="link-labels" aria-hidden="true">
            {layout?.edges.map((e) => (e.ddr ? null : (
              <text key={e.id} ref={keep(linkText.current, e.id)} className="link-label" data-link={e.id}><tspan /><tspan /></text>
            )))}
          </g>
        </g>
      </svg>
      {/* After the picture in the page's order too: Tab reaches the picture first. */}
      <div className="zoom-bar" role="toolbar" aria-label={which === 'b' ? 'Zoom, run B' : 'Zoom'} hidden={!zoomButtons}>
        {layout?.grouped && focus.size > 0 && <button type="button" onClick={() => setFocus(new Map())} title="Close the opened groups">Regroup</button>}
        <button type="button" onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in (+)">+</button>
        <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out (−)" disabled={!zoomed}>−</button>
        <button type="button" onClick={zoomReset} aria-label="Show the whole picture" title="Show the whole picture (0)" disabled={!zoomed}>0</button>
      </div>
      {menu && <NodeMenu menu={menu} onClose={() => setMenu(null)} />}
    </div>
  );
}

function keep<T extends Element>(map: Map<string, T>, id: string) {
  return (el: T | null) => { if (el) map.set(id, el); else map.delete(id); };
}

/** Room kept between a node's title and each side of its box. */
const TITLE_INSET = 6;

interface NodeProps {
  node: NodeRef;
  item: Item;
  device?: DeviceMeta;
  /** A pool scenario: a host has a third line (its VMs, PoolMarks). */
  pool: boolean;
  selected: boolean;
  dragging: boolean;
  /** Run A's picture: nodes take focus and move; run B's (and an embedded one) only shows. */
  editable: boolean;
  /** Run B's picture: its nodes are data-node-b, so run A's keep their ids to themselves. */
  runB: boolean;
  /** Lit by the discovery step on screen (app/views/fabric/Discovery.tsx). */
  lit: boolean;
  /** In the blast radius of the timeline event shown (app/views/run/TimelinePanel.tsx). */
  hit: boolean;
  refs: Refs;
  barW: Map<string, number>;
  onPointerDown(e: PointerEvent<SVGGElement>): void;
  onPointerMove(e: PointerEvent<SVGGElement>): void;
  onPointerUp(e: PointerEvent<SVGGElement>): void;
  onKeyDown(e: KeyboardEvent<SVGGElement>): void;
  onContextMenu(e: MouseEvent<SVGGElement>): void;
}

/** Text baselines of a host's lines (title, AMAT, VMs), from its centre. */
export function hostLines(pool: boolean): number[] {
  return pool ? [-11, 5, 21] : [-4, 13];
}

function NodeShape({ node, item, device, pool, selected, dragging, editable, runB, lit, hit, refs, barW, ...handlers }: NodeProps) {
  const { w, h } = item;
  const compact = item.lod === 'compact';
  const cls = `node ${node.kind}${compact ? ' compact' : ''}${selected ? ' selected' : ''}${dragging ? ' dragging' : ''}${editable ? '' : ' fixed'}`;
  const common = {
    className: cls,
    transform: `translate(${item.x},${item.y})`,
    ...(editable ? { tabIndex: 0, role: 'button', 'aria-pressed': selected } : { role: 'img' }),
    ...(runB ? { 'data-node-b': node.id } : { 'data-node': node.id }),
    'data-discovery': lit ? 'lit' : undefined,
    'data-hit': hit ? 'hit' : undefined,
    'aria-label': `${nodeLabel(node, device)}${hit ? ', hit by the event the Timeline card shows' : ''}`,
    onPointerDown: handlers.onPointerDown,
    onPointerMove: handlers.onPointerMove,
    onPointerUp: handlers.onPointerUp,
    onPointerCancel: handlers.onPointerUp,
    onKeyDown: handlers.onKeyDown,
    onContextMenu: handlers.onContextMenu,
    ...(editable ? { 'aria-haspopup': 'menu' as const } : {}),
  };
  // Selection is drawn outside the node: device outlines already carry the utilisation colour.
  const ring = selected ? <rect className="sel-ring" x={-w / 2 - 6} y={-h / 2 - 6} width={w + 12} height={h + 12} rx={10} /> : null;
  const title = compact ? item.title : node.name;
  if (node.kind === 'switch') {
    const hw = w / 2, hh = h / 2, c = compact ? 10 : 14;
    return (
      <g {...common}>
        {ring}
        <title>{node.name}</title>
        <polygon className="body" points={`${-hw + c},${-hh} ${hw - c},${-hh} ${hw},0 ${hw - c},${hh} ${-hw + c},${hh} ${-hw},0`} />
        {compact ? <text className="title" y={4.5}>{title}</text> : <NodeTitle text={node.name} y={-2} room={w - 2 * TITLE_INSET - 16} />}
        {!compact && <text className="sub" y={13}>CXL switch</text>}
      </g>
    );
  }
  if (node.kind === 'host') {
    const [t, a] = hostLines(pool);
    return (
      <g {...common}>
        {ring}
        <rect className="body" x={-w / 2} y={-h / 2} width={w} height={h} rx={6} />
        {compact ? <text className="title" y={t}>{title}</text> : <NodeTitle text={node.name} y={t} room={w - 2 * TITLE_INSET} />}
        {/* Text filled per frame; React owns no children here to conflict with. */}
        <text className="sub" y={a} ref={keep(refs.hostText, node.id)} />
      </g>
    );
  }
  if (compact) {
    const pctW = 30;
    const bw = w - 10 - pctW - 4;
    barW.set(node.id, bw);
    const barX = -w / 2 + 5;
    return (
      <g {...common}>
        {ring}
        <title>{`${node.name}${device ? `: tier ${device.tier} · ${gbps(device.bandwidthGBps)}` : ''}`}</title>
        <rect className="body ring" x={-w / 2} y={-h / 2} width={w} height={h} rx={7} ref={keep(refs.rings, node.id)} />
        <text className="title" y={-12}>{title}</text>
        <rect className="bar-bg" x={barX} y={-4} width={bw} height={8} rx={2} />
        <rect className="bar" x={barX} y={-4} width={0} height={8} rx={2} ref={keep(refs.bars, node.id)} />
        <text className="pct" x={barX + bw + 4} y={4} ref={keep(refs.pctText, node.id)} />
        <text className="busy" y={20} ref={keep(refs.busyText, node.id)} />
      </g>
    );
  }
  barW.set(node.id, BAR_W);
  const barX = -w / 2 + 14;
  return (
    <g {...common}>
      {ring}
      <rect className="body ring" x={-w / 2} y={-h / 2} width={w} height={h} rx={8} ref={keep(refs.rings, node.id)} />
      <NodeTitle text={node.name} y={-21} room={w - 2 * TITLE_INSET} />
      <text className="sub" y={-6}>
        {device ? `tier ${device.tier} · ${gbps(device.bandwidthGBps)}` : node.kind === 'dram' ? 'DRAM' : 'CXL'}
      </text>
      <rect className="bar-bg" x={barX} y={1} width={BAR_W} height={9} rx={2} />
      <rect className="bar" x={barX} y={1} width={0} height={9} rx={2} ref={keep(refs.bars, node.id)} />
      <text className="pct" x={barX + BAR_W + 6} y={9} ref={keep(refs.pctText, node.id)} />
      <text className="busy" y={27} ref={keep(refs.busyText, node.id)} />
    </g>
  );
}

/** A group: stacked cards with its title and one live figure; click or Enter opens it. */
function GroupShape({ item, lit, hit, refs, barW, onOpen }: { item: Item; lit: boolean; hit: boolean; refs: Refs; barW: Map<string, number>; onOpen(byKey: boolean): void }) {
  const w = item.w - STACK, h = item.h - STACK;
  // The card in front sits up and left; the one behind peeks out below and right.
  const ox = -STACK / 2, oy = -STACK / 2;
  const full = item.lod === 'full';
  const onKey = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onOpen(true); }
  };
  const body = (cls: string, dx: number, dy: number, ref?: (el: SVGRectElement | null) => void) => (
    <rect className={cls} x={-w / 2 + dx} y={-h / 2 + dy} width={w} height={h} rx={item.kind === 'host' ? 6 : 8} ref={ref} />
  );
  let content;
  if (item.kind === 'host') {
    const [t, a] = hostLines(h > 50);
    content = (
      <>
        <text className="title" x={ox} y={oy + t}>{item.title}</text>
        <text className="sub" x={ox} y={oy + a} ref={keep(refs.hostText, item.id)} />
      </>
    );
  } else if (item.kind === 'switch') {
    content = <text className="title" x={ox} y={oy + 4.5}>{item.title}</text>;
  } else {
    const pctW = 30;
    const bw = w - 10 - pctW - 4;
    barW.set(item.id, bw);
    const barX = -w / 2 + 5 + ox;
    const [ty, by, py, uy] = full ? [-21, -4, 4, 22] : [-12, -4, 4, 20];
    content = (
      <>
        <text className="title" x={ox} y={oy + ty}>{item.title}</text>
        <rect className="bar-bg" x={barX} y={oy + by} width={bw} height={8} rx={2} />
        <rect className="bar" x={barX} y={oy + by} width={0} height={8} rx={2} ref={keep(refs.bars, item.id)} />
        <text className="pct" x={barX + bw + 4} y={oy + py} ref={keep(refs.pctText, item.id)} />
        <text className="busy" x={ox} y={oy + uy} ref={keep(refs.busyText, item.id)} />
      </>
    );
  }
  const ringed = item.kind === 'dram' || item.kind === 'cxl';
  return (
    <g
      className={`node group-node ${item.kind}${full ? '' : ' compact'}`}
      transform={`translate(${item.x},${item.y})`}
      data-group={item.id}
      data-discovery={lit ? 'lit' : undefined}
      data-hit={hit ? 'hit' : undefined}
      data-members={item.members.length}
      tabIndex={0}
      role="button"
      aria-expanded={false}
      aria-label={`${item.title}: a group${hit ? ' with members hit by the event the Timeline card shows' : ''}, press Enter to show its members`}
      onClick={() => onOpen(false)}
      onKeyDown={onKey}
    >
      <title>{`${item.title}: click to show its members`}</title>
      {body('body stack', STACK / 2, STACK / 2)}
      {body(`body${ringed ? ' ring' : ''}`, ox, oy, ringed ? keep(refs.rings as Map<string, SVGRectElement>, item.id) : undefined)}
      {content}
    </g>
  );
}
