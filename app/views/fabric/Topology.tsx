// The topology picture: hosts, switches, DRAM and CXL devices, links. React draws the
// structure; live occupancy and load are written straight into the SVG once per frame, and
// only what changed. Load is drawn as thickness and a label (not colour alone): a link's
// width and its "43%", a device's outline width and its "busy 43%". Shared regions' coherency
// traffic rides on a link as a dashed overlay whose width is its share of the link, labelled
// "coh 2.1 GB/s" (this epoch, both directions). The picture keeps its
// aspect ratio and grows with the window. While comparing, run B gets its own picture (the
// same layout, read-only).
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
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
import { InterleaveOutlines } from './InterleaveSets';
import { RunPair, type Which } from '../run/RunPair';

const SIZE = {
  host: { w: 130, h: 46 },
  switch: { w: 120, h: 44 },
  dram: { w: 164, h: 78 },
  cxl: { w: 164, h: 78 },
} as const;
const BAR_W = 104;
const MARGIN = 16;
const MIN_W = 480;
const MIN_H = 260;
/** Above this many links only the busier ones are labelled (a 64-host fabric stays readable). */
const LABEL_ALL_LINKS = 48;
const LABEL_MIN_UTIL = 0.25;
const KEY_STEP = 8;
const KEY_STEP_BIG = 40;

const PAGES = DEVICE_FIELDS.indexOf('pages');
const UTIL = DEVICE_FIELDS.indexOf('utilisation');
const HOST_AMAT = HOST_FIELDS.indexOf('amatNs');

interface Box { x: number; y: number; w: number; h: number }

/** The picture's extent: every node plus a margin, never smaller than MIN_W x MIN_H. */
function viewBoxOf(nodes: NodeRef[]): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of nodes) {
    const s = SIZE[n.kind];
    x0 = Math.min(x0, n.x - s.w / 2); x1 = Math.max(x1, n.x + s.w / 2);
    y0 = Math.min(y0, n.y - s.h / 2); y1 = Math.max(y1, n.y + s.h / 2);
  }
  x0 -= MARGIN; y0 -= MARGIN; x1 += MARGIN; y1 += MARGIN;
  const w = Math.max(MIN_W, x1 - x0), h = Math.max(MIN_H, y1 - y0);
  return { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w, h };
}

function clampTo(box: Box, kind: NodeRef['kind'], x: number, y: number): { x: number; y: number } {
  const s = SIZE[kind];
  return {
    x: Math.max(box.x + s.w / 2, Math.min(box.x + box.w - s.w / 2, x)),
    y: Math.max(box.y + s.h / 2, Math.min(box.y + box.h - s.h / 2, y)),
  };
}

const linkKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Last value written per element and property: a frame writes only what changed. */
const written = new WeakMap<Element, Map<string, string>>();
function put(el: Element | undefined, prop: string, value: string): void {
  if (!el) return;
  let m = written.get(el);
  if (!m) written.set(el, (m = new Map()));
  if (m.get(prop) === value) return;
  m.set(prop, value);
  if (prop === 'text') el.textContent = value;
  else if (prop.startsWith('--') || prop === 'stroke' || prop === 'stroke-width') (el as SVGElement).style.setProperty(prop, value);
  else el.setAttribute(prop, value);
}

/**
 * Topology of run A (draggable) and, while comparing, of run B (the same layout, read-only).
 * `minLabelPx`: labels never render smaller than this many screen pixels (presentation mode):
 * their size in picture units grows as the picture is scaled down. `readOnly`: nothing can be
 * moved (an embedded view).
 */
export function Topology({ minLabelPx = 0, readOnly = false }: { minLabelPx?: number; readOnly?: boolean } = {}) {
  const shared = useApp((s) => (s.meta?.sharedRegions.length ?? 0) > 0);
  return (
    <div className={`topology${readOnly ? ' read-only' : ''}`}>
      <RunPair min={440} view={(run, which) => <Picture run={run} which={which} minLabelPx={minLabelPx} readOnly={readOnly} />} />
      <p className="legend">
        <span><span className="swatch bar" aria-hidden="true" /> bar: pages used / capacity</span>
        <span><span className="swatch ring" aria-hidden="true" /> outline &amp; link thickness and label: bandwidth busy (also green → red)</span>
        {shared && <span><span className="swatch coh" aria-hidden="true" /> dashed: coherency traffic of shared regions, width its share of the link, "coh" its GB/s this epoch</span>}
        {!readOnly && <span>drag a node, or focus it and use the arrow keys (Shift: bigger steps)</span>}
      </p>
    </div>
  );
}

interface Drag { id: string; dx: number; dy: number; x: number; y: number; moved: boolean; pointer: number }

function Picture({ run, which, minLabelPx, readOnly }: { run: LiveData; which: Which; minLabelPx: number; readOnly: boolean }) {
  const editable = which === 'a' && !readOnly;
  const scenario = useApp((s) => s.scenario)!;
  const meta = useApp((s) => s.meta);
  const selected = useApp((s) => s.selected);
  const [drag, setDrag] = useState<Drag | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const nodes = useMemo(() => topologyNodes(scenario), [scenario]);
  // Frozen while dragging so the picture does not rescale under the pointer.
  const box = useMemo(() => viewBoxOf(nodes), [nodes]);
  const deviceMeta = useMemo(() => new Map(meta?.devices.map((d) => [d.id, d] as const) ?? []), [meta]);
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name] as const)), [nodes]);

  const pos = new Map(nodes.map((n) => [n.id, drag && drag.id === n.id ? { x: drag.x, y: drag.y } : { x: n.x, y: n.y }] as const));

  // Live values go straight to these elements, once per frame.
  const bars = useRef(new Map<string, SVGRectElement>());
  const rings = useRef(new Map<string, SVGElement>());
  const pctText = useRef(new Map<string, SVGTextElement>());
  const busyText = useRef(new Map<string, SVGTextElement>());
  const hostText = useRef(new Map<string, SVGTextElement>());
  const linkEls = useRef(new Map<string, SVGLineElement>());
  const linkText = useRef(new Map<string, SVGTextElement>());
  const cohEls = useRef(new Map<string, SVGLineElement>());
  const drawn = useRef({ version: -1, theme: -1, meta: null as unknown, nodes: null as unknown });

  const invalidate = useFrame(() => {
    const d = drawn.current;
    if (!seen.current.visible) return;
    if (d.version === run.version && d.theme === themeVersion() && d.meta === meta && d.nodes === nodes) return;
    d.version = run.version; d.theme = themeVersion(); d.meta = meta; d.nodes = nodes;
    const snap = run.latest;
    const m = run.meta;
    if (!m) return;
    const known = run.occupancyKnown(PAGES, DEVICE_WIDTH);
    const ran = run.epochsDone > 0;
    m.devices.forEach((dev, i) => {
      const pages = snap ? snap.device[i * DEVICE_WIDTH + PAGES] : 0;
      const util = snap && ran ? snap.device[i * DEVICE_WIDTH + UTIL] : 0;
      const occ = dev.capacityPages > 0 ? Math.min(1, pages / dev.capacityPages) : 0;
      put(bars.current.get(dev.id), 'width', String(Math.max(0, occ * BAR_W)));
      put(pctText.current.get(dev.id), 'text', known ? `${fmtInt(occ * 100)}%` : '–');
      put(busyText.current.get(dev.id), 'text', ran ? `busy ${fmtInt(util * 100)}%` : 'busy –');
      const ring = rings.current.get(dev.id);
      put(ring, 'stroke', utilColour(util));
      put(ring, 'stroke-width', String(1.5 + 6.5 * Math.min(1, util)));
    });
    m.hosts.forEach((h, i) => {
      const amat = snap ? snap.host[i * HOST_WIDTH + HOST_AMAT] : NaN;
      put(hostText.current.get(h.id), 'text', amat > 0 ? `AMAT ${fmtInt(amat)} ns` : 'AMAT –');
    });
    const labelAll = m.links.length <= LABEL_ALL_LINKS;
    m.links.forEach((l, i) => {
      const key = linkKey(l.a, l.b);
      const util = snap && ran ? snap.link[i * LINK_WIDTH] : 0;
      const coh = snap && ran ? snap.link[i * LINK_WIDTH + LINK.coherencyGBps] : 0;
      put(linkEls.current.get(key), 'stroke-width', String(2 + 8 * Math.min(1, util)));
      put(linkEls.current.get(key), 'stroke', util > 0.01 ? utilColour(util) : '');
      put(cohEls.current.get(key), 'stroke-width', coh > 0 ? String(1.5 + 6 * Math.min(1, coh / l.bandwidthGBps)) : '0');
      const label = ran && (labelAll || util >= LABEL_MIN_UTIL || coh > 0) ? `${fmtInt(util * 100)}%` : '';
      put(linkText.current.get(key), 'text', coh > 0 ? `${label} · coh ${fmt(coh)} GB/s` : label);
    });
  });
  const seen = useBox(svgRef, invalidate);

  const svgPoint = (e: PointerEvent) => {
    const svg = svgRef.current;
    const ctm = svg?.getScreenCTM();
    if (!svg || !ctm) return { x: 0, y: 0 };
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  };

  // Picture units per screen pixel change with the element's size: keep labels at minLabelPx.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || minLabelPx <= 0) return;
    const fit = () => {
      const r = svg.getBoundingClientRect();
      const scale = Math.min(r.width / box.w, r.height / box.h);
      // 1 % over: rounding never takes a label under the minimum.
      if (scale > 0) svg.style.setProperty('--label-min', `${(1.01 * minLabelPx) / scale}px`);
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(svg);
    return () => ro.disconnect();
  }, [minLabelPx, box]);
  useExportable({ id: which === 'a' ? 'topology' : 'topology-b', title: which === 'a' ? 'Topology' : 'Topology of run B', element: () => svgRef.current });

  const onPointerDown = (n: NodeRef) => (e: PointerEvent<SVGGElement>) => {
    if (e.button !== 0 || !editable) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    const p = svgPoint(e);
    setDrag({ id: n.id, dx: n.x - p.x, dy: n.y - p.y, x: n.x, y: n.y, moved: false, pointer: e.pointerId });
    useApp.setState({ selected: n.id });
  };
  const onPointerMove = (n: NodeRef) => (e: PointerEvent<SVGGElement>) => {
    if (!drag || drag.id !== n.id || drag.pointer !== e.pointerId) return;
    const p = svgPoint(e);
    const c = clampTo(box, n.kind, p.x + drag.dx, p.y + drag.dy);
    setDrag({ ...drag, ...c, moved: drag.moved || Math.hypot(c.x - n.x, c.y - n.y) > 2 });
  };
  const onPointerUp = (e: PointerEvent<SVGGElement>) => {
    if (!drag || drag.pointer !== e.pointerId) return;
    setDrag(null);
    if (drag.moved) void applyScenario(moveNode(scenario, drag.id, drag.x, drag.y));
  };
  const onKeyDown = (n: NodeRef) => (e: KeyboardEvent<SVGGElement>) => {
    if (!editable) return;
    const step = e.shiftKey ? KEY_STEP_BIG : KEY_STEP;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const dxy = delta[e.key];
    if (dxy) {
      e.preventDefault();
      void applyScenario(moveNode(scenario, n.id, n.x + dxy[0], n.y + dxy[1]));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      useApp.setState({ selected: selected === n.id ? null : n.id });
    } else if (e.key === 'Escape') {
      useApp.setState({ selected: null });
    }
  };

  const hostOf = new Map(scenario.devices.filter((d) => d.kind === 'dram' && d.host).map((d) => [d.id, d.host!] as const));

  return (
    <svg
        ref={svgRef}
        viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
        preserveAspectRatio="xMidYMid meet"
        style={{ aspectRatio: `${box.w} / ${box.h}` }}
        role="group"
        aria-label={which === 'b'
          ? 'Topology of run B: the same fabric and layout, with run B\'s occupancy and load.'
          : `Topology: hosts, CXL switches and memory devices.${editable ? ' Each node can be dragged, or focused and moved with the arrow keys.' : ''}`}
      >
        <g className="links">
          {[...hostOf].map(([dev, host]) => {
            const a = pos.get(dev), b = pos.get(host);
            return a && b ? <line key={`ddr-${dev}`} className="ddr" x1={a.x} y1={a.y} x2={b.x} y2={b.y} /> : null;
          })}
          {scenario.links.map((l) => {
            const a = pos.get(l.a), b = pos.get(l.b);
            if (!a || !b) return null;
            const key = linkKey(l.a, l.b);
            return (
              <line
                key={key}
                ref={keep(linkEls.current, key)}
                className="link"
                x1={a.x} y1={a.y} x2={b.x} y2={b.y}
              >
                <title>{`${l.a} – ${l.b}, ${gbps(l.bandwidthGBps)}${l.latencyNs ? `, +${l.latencyNs} ns` : ''}`}</title>
              </line>
            );
          })}
          {meta?.sharedRegions.length ? scenario.links.map((l) => {
            const a = pos.get(l.a), b = pos.get(l.b);
            if (!a || !b) return null;
            const key = linkKey(l.a, l.b);
            return <line key={`coh-${key}`} ref={keep(cohEls.current, key)} className="coh-link" data-link={key} x1={a.x} y1={a.y} x2={b.x} y2={b.y} strokeWidth={0} />;
          }) : null}
        </g>
        <g className="link-labels" aria-hidden="true">
          {scenario.links.map((l) => {
            const a = pos.get(l.a), b = pos.get(l.b);
            if (!a || !b) return null;
            const key = linkKey(l.a, l.b);
            // A third of the way from the upper end: clear of the switch in the middle of a star.
            const t = a.y <= b.y ? 0.4 : 0.6;
            return <text key={key} ref={keep(linkText.current, key)} className="link-label" data-link={key} x={a.x + (b.x - a.x) * t} y={a.y + (b.y - a.y) * t} />;
          })}
        </g>
        <InterleaveOutlines scenario={scenario} pos={pos} size={SIZE.cxl} />
        <g className="nodes">
          {nodes.map((n) => {
            const p = pos.get(n.id)!;
            return (
              <NodeShape
                key={n.id}
                node={n}
                x={p.x}
                y={p.y}
                device={deviceMeta.get(n.id)}
                selected={editable && selected === n.id}
                dragging={drag?.id === n.id}
                editable={editable}
                runB={which === 'b'}
                refs={{ bars: bars.current, rings: rings.current, pctText: pctText.current, busyText: busyText.current, hostText: hostText.current }}
                onPointerDown={onPointerDown(n)}
                onPointerMove={onPointerMove(n)}
                onPointerUp={onPointerUp}
                onKeyDown={onKeyDown(n)}
              />
            );
          })}
        </g>
        {meta?.pool && <PoolMarks run={run} meta={meta} pos={pos} names={names} />}
    </svg>
  );
}

interface NodeProps {
  node: NodeRef;
  x: number;
  y: number;
  device?: DeviceMeta;
  selected: boolean;
  dragging: boolean;
  /** Run A's picture: nodes take focus and move; run B's (and an embedded one) only shows. */
  editable: boolean;
  /** Run B's picture: its nodes are data-node-b, so run A's keep their ids to themselves. */
  runB: boolean;
  refs: {
    bars: Map<string, SVGRectElement>;
    rings: Map<string, SVGElement>;
    pctText: Map<string, SVGTextElement>;
    busyText: Map<string, SVGTextElement>;
    hostText: Map<string, SVGTextElement>;
  };
  onPointerDown(e: PointerEvent<SVGGElement>): void;
  onPointerMove(e: PointerEvent<SVGGElement>): void;
  onPointerUp(e: PointerEvent<SVGGElement>): void;
  onKeyDown(e: KeyboardEvent<SVGGElement>): void;
}

function keep<T extends Element>(map: Map<string, T>, id: string) {
  return (el: T | null) => { if (el) map.set(id, el); else map.delete(id); };
}

/** Room kept between a node's title and each side of its box. */
const TITLE_INSET = 6;

function NodeShape({ node, x, y, device, selected, dragging, editable, runB, refs, ...handlers }: NodeProps) {
  const { w, h } = SIZE[node.kind];
  const cls = `node ${node.kind}${selected ? ' selected' : ''}${dragging ? ' dragging' : ''}${editable ? '' : ' fixed'}`;
  const common = {
    className: cls,
    transform: `translate(${x},${y})`,
    ...(editable ? { tabIndex: 0, role: 'button', 'aria-pressed': selected } : { role: 'img' }),
    ...(runB ? { 'data-node-b': node.id } : { 'data-node': node.id }),
    'aria-label': nodeLabel(node, device),
    onPointerDown: handlers.onPointerDown,
    onPointerMove: handlers.onPointerMove,
    onPointerUp: handlers.onPointerUp,
    onPointerCancel: handlers.onPointerUp,
    onKeyDown: handlers.onKeyDown,
  };
  // Selection is drawn outside the node: device outlines already carry the utilisation colour.
  const ring = selected ? <rect className="sel-ring" x={-w / 2 - 6} y={-h / 2 - 6} width={w + 12} height={h + 12} rx={10} /> : null;
  if (node.kind === 'switch') {
    const hw = w / 2, hh = h / 2, c = 14;
    return (
      <g {...common}>
        {ring}
        <polygon className="body" points={`${-hw + c},${-hh} ${hw - c},${-hh} ${hw},0 ${hw - c},${hh} ${-hw + c},${hh} ${-hw},0`} />
        <NodeTitle text={node.name} y={-2} room={w - 2 * TITLE_INSET - 16} />
        <text className="sub" y={13}>CXL switch</text>
      </g>
    );
  }
  if (node.kind === 'host') {
    return (
      <g {...common}>
        {ring}
        <rect className="body" x={-w / 2} y={-h / 2} width={w} height={h} rx={6} />
        <NodeTitle text={node.name} y={-4} room={w - 2 * TITLE_INSET} />
        {/* Text filled per frame; React owns no children here to conflict with. */}
        <text className="sub" y={13} ref={keep(refs.hostText, node.id)} />
      </g>
    );
  }
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
