// DAMON-style access heatmap (damo report heatmap): x = epochs (one column each, filling from
// the left, oldest first), y = page groups, colour = sampled accesses. Rows are in address
// order, or hottest first, and can be split into the groups that sit in the fast tier and the
// others. The same grid can show placement instead (share of each group on the fast tier); a
// narrow strip beside it always shows the current placement, and a time axis under it carries
// the event markers. Hovering reads out a row (its pages and address ranges) and a cell (its
// epoch and accesses). Clicking a row of run A, or focusing the map and moving with the arrow
// keys then pressing Enter, opens that page group in the page inspector. While comparing, run
// B gets its own map on the same colour scale.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import * as d3 from 'd3';
import { create } from 'zustand';
import { BOUNDS } from '../../../src/scenario/bounds';
import { live, liveB } from '../../actions';
import { eventsOf, summaryColumn } from '../../events';
import { useBox, useFrame } from '../../frame';
import { describeGroup, gapOf, groupPages, hostBands, layoutRows, positionAt, rowTop, type RowLayout, type RowOrder } from '../../heat-rows';
import { HEAT_COLUMNS, type LiveData } from '../../live';
import { epochLabel, epochSpan, fmtInt, num, pct, secondsTick, tick } from '../../format';
import { colourTable, heatInterpolator, placementInterpolator, themeColours, themeVersion, UNPLACED_COLOUR } from '../../theme';
import { useExportable } from '../../export/registry';
import { useApp } from '../../store';
import { useLiveSelect, useRunTick } from '../../use-live';
import { drawMarkers, drawXTicks, prepare } from './canvas';
import { chartFont, FONT_PX } from './TimeChart';
import { Readout } from './Readout';
import { RunPair, type Which } from '../run/RunPair';

export { groupPages };

type Mode = 'heat' | 'placement';

/** How both maps (A and B) are drawn: colouring, row order, tier split. */
const useHeatView = create<{ mode: Mode; order: RowOrder; split: boolean }>(() => ({ mode: 'heat', order: 'address', split: false }));

const HEAT_LUT = colourTable(heatInterpolator);
const PLACE_LUT = colourTable(placementInterpolator);
const UNPLACED_RGB = (() => { const c = d3.rgb(UNPLACED_COLOUR); return [c.r, c.g, c.b] as const; })();

/**
 * Writes a group's placement colour at `p`: the fast/slow colour of its placed pages, blended
 * towards the "no memory" colour by the share u of its pages that have none.
 */
function placementPixel(data: Uint8ClampedArray, p: number, fast: number, u: number): void {
  const placed = 1 - u;
  const t = placed > 0 ? fast / placed : 0;
  const k = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
  for (let c = 0; c < 3; c++) data[p + c] = PLACE_LUT[k + c] * placed + UNPLACED_RGB[c] * u;
  data[p + 3] = 255;
}
const REAL_PER_SAMPLE = summaryColumn('realAccessesPerSample');
const AXIS_H = 30;

/** Largest group heat in the columns of the given runs: both maps share one colour scale. */
function heatMax(runs: readonly LiveData[]): number {
  let max = 0;
  for (const r of runs) {
    const src = r.heat, g = r.groups;
    for (let i = 0; i < r.colCount; i++) {
      const o = r.column(i) * g;
      for (let y = 0; y < g; y++) if (src[o + y] > max) max = src[o + y];
    }
  }
  return max;
}

/** Each group's accesses over the columns shown (the "hotness" order). */
function windowHeat(r: LiveData): Float64Array {
  const g = r.groups, out = new Float64Array(g);
  for (let i = 0; i < r.colCount; i++) {
    const o = r.column(i) * g;
    for (let y = 0; y < g; y++) out[y] += r.heat[o + y];
  }
  return out;
}

/** Fills `img` (HEAT_COLUMNS x groups) from the column ring, column i at x = i, group g at row pos[g]. */
function paint(img: ImageData, r: LiveData, mode: Mode, max: number, pos: Int32Array): void {
  const g = r.groups;
  const data = img.data;
  data.fill(0); // transparent: the CSS background shows where there is no data yet
  const src = mode === 'heat' ? r.heat : r.fast;
  // sqrt keeps the cool majority of groups visible next to a few very hot ones.
  const scale = mode === 'heat' ? (max > 0 ? 1 / Math.sqrt(max) : 0) : 1;
  for (let x = 0; x < r.colCount; x++) {
    const o = r.column(x) * g;
    for (let y = 0; y < g; y++) {
      const v = src[o + y];
      const p = (pos[y] * HEAT_COLUMNS + x) * 4;
      if (mode === 'placement') { placementPixel(data, p, v, r.unplaced[o + y]); continue; }
      const k = Math.max(0, Math.min(255, Math.round(Math.sqrt(v) * scale * 255))) * 3;
      data[p] = HEAT_LUT[k]; data[p + 1] = HEAT_LUT[k + 1]; data[p + 2] = HEAT_LUT[k + 2]; data[p + 3] = 255;
    }
  }
}

/** Scales a data-resolution image onto a visible canvas (pixels kept sharp), each part of a split layout on its own. */
function blit(ctx: CanvasRenderingContext2D, source: HTMLCanvasElement, l: RowLayout, w: number): void {
  ctx.imageSmoothingEnabled = false;
  const n = l.order.length, sw = source.width;
  if (gapOf(l) === 0) { ctx.drawImage(source, 0, 0, sw, n, 0, 0, w, l.h); return; }
  ctx.drawImage(source, 0, 0, sw, l.split, 0, 0, w, l.split * l.rowH);
  ctx.drawImage(source, 0, l.split, sw, n - l.split, 0, rowTop(l, l.split), w, (n - l.split) * l.rowH);
}

/** Two lines around the highlighted row: light inside, dark outside, visible on any colour. */
function drawCursor(ctx: CanvasRenderingContext2D, w: number, l: RowLayout, g: number): void {
  const y0 = rowTop(l, l.pos[g]), y1 = y0 + l.rowH;
  ctx.save();
  for (const [colour, width] of [['rgba(0,0,0,0.85)', 3], ['#ffffff', 1.25]] as const) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.strokeRect(0.5, y0 - 1, w - 1, Math.max(2, y1 - y0 + 2));
  }
  ctx.restore();
}

/** The run's oldest column's epoch (0 before any): the map's time axis starts there. */
function firstColumnEpoch(r: LiveData): number {
  return r.colCount ? r.colEpoch[r.column(0)] : 0;
}

export function Heatmap() {
  const meta = useApp((s) => s.meta);
  const compare = useApp((s) => s.compare);
  const { mode, order, split } = useHeatView();
  const helpId = useId();
  const groups = meta?.heatGroups ?? 0;
  return (
    <div className="heatmap">
      <div className="panel-head">
        <h2>Which pages are hot <HeatEpochs /></h2>
      </div>
      <div className="heat-controls">
        <Segmented label="Colour the map by" name="heat-mode" value={mode} options={[['heat', 'access heat'], ['placement', 'placement']]} onChange={(v) => useHeatView.setState({ mode: v })} />
        <Segmented label="Order the rows by" name="heat-order" value={order} options={[['address', 'address'], ['hotness', 'hotness']]} onChange={(v) => useHeatView.setState({ order: v })} />
        <label className="check">
          <input type="checkbox" checked={split} onChange={(e) => useHeatView.setState({ split: e.target.checked })} />
          split by tier
        </label>
      </div>
      <RunPair min={380} view={(run, which) => <HeatMap run={run} which={which} helpId={helpId} />} />
      <p id={helpId} className="hint">
        {groups} rows of {fmtInt(meta ? Math.round(meta.totalPages / Math.max(1, groups)) : 0)} pages each, one column per epoch (the last {HEAT_COLUMNS}), filling from the left.
        Hover for a row&apos;s addresses and a cell&apos;s accesses; click a row{compare ? ' of run A' : ''}, or focus the map and use the arrow keys then Enter, to see why its pages moved.
      </p>
      <Legend mode={mode} />
    </div>
  );
}

function Segmented<T extends string>({ label, name, value, options, onChange }: { label: string; name: string; value: T; options: [T, string][]; onChange(v: T): void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map(([v, text]) => (
        <label key={v}>
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
          {text}
        </label>
      ))}
    </div>
  );
}

/** "· epochs 12–251 (t = 1.2–25.2 s)": the epochs the map's columns show. */
function HeatEpochs() {
  const newest = useLiveSelect(() => (live.colCount ? live.colEpoch[live.column(live.colCount - 1)] : -1));
  const first = useLiveSelect(() => firstColumnEpoch(live));
  if (newest < 0) return null;
  return <span className="scope-inline" data-shown-epoch={newest}>· {epochSpan(first, newest, live.meta?.epochMs ?? 0)}</span>;
}

interface Cell { x: number; y: number; group: number; slot: number }

function HeatMap({ run, which, helpId }: { run: LiveData; which: Which; helpId: string }) {
  const meta = useApp((s) => s.meta);
  const inspected = useApp((s) => s.inspected);
  const compare = useApp((s) => s.compare);
  const { mode, order, split } = useHeatView();
  // The keyboard cursor lives in a ref, so keys pressed faster than React renders (a busy
  // machine renders the live panels as transitions) each move on from the one before.
  const cursorRef = useRef<number | null>(null);
  const [, rerender] = useState(0);
  const setCursor = (g: number | null) => {
    cursorRef.current = g;
    rerender((t) => t + 1);
  };
  const cursor = cursorRef.current;
  const [hover, setHover] = useState<Cell | null>(null);
  const [splitAt, setSplitAt] = useState(-1);
  const mainRef = useRef<HTMLCanvasElement>(null);
  const stripRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<HTMLCanvasElement>(null);
  const layout = useRef<RowLayout | null>(null);
  const drawn = useRef('');
  const groups = meta?.heatGroups ?? 0;
  const interactive = which === 'a';
  // The highlighted row: the keyboard cursor, else the inspected group (run A only).
  const mark = interactive ? cursor ?? inspected?.group ?? null : null;

  // Offscreen images at data resolution; scaled up with smoothing off when drawn.
  const off = useRef<{ canvas: HTMLCanvasElement; img: ImageData; strip: HTMLCanvasElement; stripImg: ImageData } | null>(null);
  useEffect(() => {
    if (groups <= 0) { off.current = null; return; }
    const canvas = document.createElement('canvas');
    canvas.width = HEAT_COLUMNS; canvas.height = groups;
    const strip = document.createElement('canvas');
    strip.width = 1; strip.height = groups;
    off.current = { canvas, img: new ImageData(HEAT_COLUMNS, groups), strip, stripImg: new ImageData(1, groups) };
    drawn.current = '';
  }, [groups]);

  /** Rows for a map `h` px tall, in the chosen order and split (the frame and a click before it both use it). */
  const rowsAt = (h: number) => layoutRows(groups, h, order, order === 'hotness' ? windowHeat(run) : [], split, run.latest?.groupFast ?? null);

  const invalidate = useFrame(() => {
    const main = mainRef.current, stripEl = stripRef.current, axis = axisRef.current, o = off.current;
    const { w, h, visible } = mainBox.current;
    if (!main || !stripEl || !axis || !o || !visible || w === 0 || h === 0 || run.groups !== groups) return false;
    const key = `${run.version}|${compare ? liveB.version : ''}|${mode}|${order}|${split}|${themeVersion()}|${w}x${h}@${window.devicePixelRatio}|${mark}`;
    if (drawn.current === key) return false;
    drawn.current = key;
    const max = heatMax(compare ? [live, liveB] : [live]);
    const l = rowsAt(h);
    layout.current = l;
    if (l.split !== splitAt) setSplitAt(l.split);

    paint(o.img, run, mode, max, l.pos);
    o.canvas.getContext('2d')!.putImageData(o.img, 0, 0);
    const ctx = prepare(main, w, h);
    blit(ctx, o.canvas, l, w);
    drawShiftLines(ctx, run, w, h);
    if (mark !== null && mark < groups) drawCursor(ctx, w, l, mark);

    // Current placement strip.
    const sd = o.stripImg.data;
    const latest = run.latest;
    for (let g = 0; g < groups; g++) {
      if (latest) placementPixel(sd, l.pos[g] * 4, latest.groupFast[g], latest.groupUnplaced[g]);
      else sd[l.pos[g] * 4 + 3] = 0;
    }
    o.strip.getContext('2d')!.putImageData(o.stripImg, 0, 0);
    blit(prepare(stripEl, stripBox.current.w, h), o.strip, l, stripBox.current.w);

    drawAxis(prepare(axis, w, AXIS_H), run, w);
  });
  const mainBox = useBox(mainRef, invalidate);
  useExportable({
    id: which === 'a' ? 'heatmap' : 'heatmap-b', title: `${which === 'b' ? 'Run B\'s ' : ''}${mode === 'heat' ? 'Heatmap' : 'Placement map'}`, element: () => mainRef.current,
    // From the data, as the frame draws it (a map never scrolled into view has drawn nothing).
    paint: (ctx, w, h) => {
      const o = off.current;
      if (!o || run.groups !== groups) return;
      const l = rowsAt(h);
      paint(o.img, run, mode, heatMax(compare ? [live, liveB] : [live]), l.pos);
      o.canvas.getContext('2d')!.putImageData(o.img, 0, 0);
      blit(ctx, o.canvas, l, w);
      drawShiftLines(ctx, run, w, h);
      drawn.current = ''; // the screen's frame painted its own image from the same buffer: paint it again
      invalidate();
    },
  });
  const stripBox = useBox(stripRef, invalidate);

  const inspect = (g: number) => useApp.setState({ inspected: { group: g, page: null } });
  const groupAtY = (y: number, el: Element) => {
    // A map scrolled into view and clicked before its first frame has no layout yet: make it
    // now, as the frame will (an event handler may read layout).
    const l = layout.current ?? rowsAt(mainBox.current.h || el.clientHeight);
    const p = positionAt(l, y);
    return p < 0 ? -1 : l.order[p];
  };

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const g = groupAtY(e.nativeEvent.offsetY, e.currentTarget);
    if (!interactive || g < 0) return;
    setCursor(null);
    inspect(g);
  };

  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const x = e.nativeEvent.offsetX, y = e.nativeEvent.offsetY;
    const g = groupAtY(y, e.currentTarget);
    if (g < 0) return;
    setHover({ x, y, group: g, slot: Math.floor((x / Math.max(1, mainBox.current.w)) * HEAT_COLUMNS) });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    // A map focused before its first frame (scrolled into view by the focus) has no layout
    // yet: make it now, as a click does, so no key is lost.
    const l = layout.current ?? rowsAt(mainBox.current.h || e.currentTarget.clientHeight);
    if (groups <= 0) return;
    const cur = cursorRef.current ?? useApp.getState().inspected?.group ?? null;
    const at = cur === null ? -1 : l.pos[cur];
    const moves: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -8, PageDown: 8 };
    let next: number | null = null;
    if (e.key in moves) next = at < 0 ? 0 : at + moves[e.key];
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = groups - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      inspect(cur ?? l.order[0]);
      return;
    } else if (e.key === 'Escape') {
      setCursor(null);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    setCursor(l.order[Math.max(0, Math.min(groups - 1, next))]);
  };

  // Many hosts: the address-ordered rows grouped by host (a band per run of hosts), so a
  // 256-host map says whose pages a row holds.
  const allBands = useMemo(() => (meta ? hostBands(meta) : []), [meta]);
  const orderWords = order === 'hotness' ? 'hottest first' : `in address order${!split && allBands.length > 0 ? ', grouped by host' : ''}`;
  const splitWords = split ? ', the groups mostly in the fast tier above the others' : '';
  const label = mode === 'heat'
    ? `${which === 'b' ? 'Run B\'s access heatmap' : 'Access heatmap'}: ${groups} page groups ${orderWords}${splitWords} over the last ${HEAT_COLUMNS} epochs (one column per epoch, filling from the left, time runs left to right); brighter means more sampled accesses.`
    : `${which === 'b' ? 'Run B\'s placement map' : 'Placement map'}: ${groups} page groups ${orderWords}${splitWords} over the last ${HEAT_COLUMNS} epochs; teal means the group sits on its host's fast tier, purple on slower memory, red that its pages have no memory.`;
  const [first, end] = mark !== null && meta ? groupPages(mark, groups, meta.totalPages) : [0, 0];
  const top = order === 'hotness' ? 'hottest' : 'low address';
  const bottom = order === 'hotness' ? 'coldest' : 'high address';
  const splitShare = splitAt > 0 && splitAt < groups ? splitAt / groups : null;
  const bands = order === 'address' && splitShare === null ? allBands : [];

  return (
    <div className="heat-view">
      <div className="heat-body">
        <div className="axis-y" aria-hidden="true">
          {bands.length > 0 ? (
            bands.map((b, i) => <span key={i} className="part host-band" data-host-band={b.label} style={{ height: `${(b.rows / groups) * 100}%` }}>{b.label}</span>)
          ) : splitShare === null ? (
            <><span>{top}</span><span>{bottom}</span></>
          ) : (
            <>
              <span className="part" style={{ height: `${splitShare * 100}%` }}>fast tier</span>
              <span className="part slow" style={{ height: `${(1 - splitShare) * 100}%` }}>slower tier</span>
            </>
          )}
        </div>
        <div className="heat-plot">
          <canvas
            ref={mainRef}
            className="heat-canvas"
            role="img"
            tabIndex={interactive ? 0 : undefined}
            aria-label={label}
            aria-describedby={helpId}
            onClick={onClick}
            onKeyDown={interactive ? onKeyDown : undefined}
            onBlur={() => setCursor(null)}
            onPointerMove={onMove}
            onPointerLeave={() => setHover(null)}
          />
          {hover && meta && <CellReadout cell={hover} run={run} w={mainBox.current.w} h={mainBox.current.h} />}
        </div>
        <canvas
          ref={stripRef}
          className="heat-strip"
          role="img"
          aria-label="Current placement of each page group, row by row as in the map: teal on its host's fast tier, purple on slower memory, red with no memory."
        />
        <canvas ref={axisRef} className="heat-axis" aria-hidden="true" />
      </div>
      {interactive && (
        <span className="visually-hidden" aria-live="polite">
          {mark !== null && groups > 0 ? ` Page group ${mark + 1} of ${groups}: pages ${fmtInt(first)} to ${fmtInt(end - 1)}.` : ''}
        </span>
      )}
    </div>
  );
}

/** What is under the pointer: the row's pages and addresses, the cell's epoch and accesses. */
function CellReadout({ cell, run, w, h }: { cell: Cell; run: LiveData; w: number; h: number }) {
  useRunTick(run);
  const meta = run.meta;
  if (!meta) return null;
  const row = describeGroup(cell.group, meta, fmtInt);
  const G = run.groups;
  let epochLine = 'no epoch in this column yet';
  let accessLine = '';
  if (cell.slot >= 0 && cell.slot < run.colCount) {
    const col = run.column(cell.slot);
    const epoch = run.colEpoch[col];
    const heat = run.heat[col * G + cell.group];
    const o = run.rowOfEpoch(epoch);
    const real = o >= 0 ? heat * run.rows[o + REAL_PER_SAMPLE] : NaN;
    epochLine = epochLabel(epoch, meta.epochMs);
    accessLine = `${fmtInt(heat)} sampled accesses${Number.isFinite(real) && heat > 0 ? ` (≈ ${num(real, 0)} real 64 B accesses)` : ''}; ${pct(run.fast[col * G + cell.group])} of its pages in the fast tier at the epoch's end`;
  }
  return (
    <Readout at={{ x: cell.x, y: cell.y, w, h }} label={`Page group ${cell.group + 1}`}>
      <strong>Group {cell.group + 1} of {G}: {row.pages}</strong>
      {row.ranges.map((r) => <span key={r} className="readout-line">{r}</span>)}
      <span className="readout-line">{epochLine}{accessLine ? `: ${accessLine}` : ''}</span>
    </Readout>
  );
}

/** The time at the left edge of column slot i (oldest column first), and the scale across the map. */
function slotScale(r: LiveData, w: number) {
  const epochS = (r.meta?.epochMs ?? BOUNDS.epochMs.default) / 1000;
  const e0 = firstColumnEpoch(r);
  return { x: d3.scaleLinear().domain([e0 * epochS, (e0 + HEAT_COLUMNS) * epochS]).range([0, w]), epochS };
}

/** Hot-set shifts as faint lines through the map: rows change there. */
function drawShiftLines(ctx: CanvasRenderingContext2D, r: LiveData, w: number, h: number): void {
  const shifts = eventsOf(r).filter((e) => e.kind === 'shift');
  if (!shifts.length) return;
  const { x, epochS } = slotScale(r, w);
  drawMarkers(ctx, shifts, (e) => x((e + 1) * epochS), { top: 0, bottom: h, glyphY: -100, x0: 0, x1: w, colour: 'rgba(255,255,255,0.7)', run: 0 });
}

/** Seconds under the map, and every event's glyph at its epoch. */
function drawAxis(ctx: CanvasRenderingContext2D, r: LiveData, w: number): void {
  const c = themeColours();
  ctx.font = chartFont(FONT_PX);
  const { x, epochS } = slotScale(r, w);
  drawMarkers(ctx, eventsOf(r), (e) => x((e + 1) * epochS), { top: 0, bottom: 5, glyphY: 8, x0: 0, x1: w, colour: c.muted, run: 0 });
  ctx.fillStyle = c.muted;
  drawXTicks(ctx, x, secondsTick, 15, 0, w);
}

function Legend({ mode }: { mode: Mode }) {
  const compare = useApp((s) => s.compare) !== null;
  const max = useLiveSelect(() => (mode === 'heat' ? heatMax(compare ? [live, liveB] : [live]) : 1), compare);
  const width = 220;
  const scale = mode === 'heat'
    ? d3.scaleSqrt().domain([0, Math.max(1, max)]).range([0, width])
    : d3.scaleLinear().domain([0, 1]).range([0, width]);
  const ticks = mode === 'heat' ? scale.ticks(4) : [0, 0.5, 1];
  const fmt = mode === 'heat' ? tick : d3.format('.0%');
  const interp = mode === 'heat' ? heatInterpolator : placementInterpolator;
  const stops = d3.range(0, 1.0001, 0.1);
  const id = `legend-grad-${mode}`;
  return (
    <figure className="legend-scale">
      {/* 20 px either side: a label centred on the end ticks stays inside. */}
      <svg width={width + 40} height={30} aria-hidden="true">
        <defs>
          <linearGradient id={id}>
            {stops.map((t) => (
              <stop key={t} offset={`${t * 100}%`} stopColor={interp(t)} />
            ))}
          </linearGradient>
        </defs>
        <rect x={20} y={2} width={width} height={10} fill={`url(#${id})`} />
        {ticks.map((t) => (
          <g key={t} transform={`translate(${20 + scale(t)},0)`}>
            <line y1={12} y2={16} className="tick" />
            <text y={27} textAnchor="middle" className="tick-label">{fmt(t)}</text>
          </g>
        ))}
      </svg>
      <figcaption>
        {mode === 'heat' ? 'sampled accesses per page group per epoch (one scale for every map)' : "share of the group on its host's fast tier"}
        {mode === 'placement' && <span className="legend-unplaced"><span className="unplaced-swatch" aria-hidden="true" /> no memory (unplaced)</span>}
        {' · markers: ◆ hot set shifted, ▲ promotion burst, ● policy starts'}
      </figcaption>
    </figure>
  );
}
