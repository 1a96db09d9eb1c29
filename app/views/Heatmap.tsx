// DAMON-style access heatmap (damo report heatmap): x = epochs (one column each, newest on
// the right), y = page groups in address order, colour = sampled accesses. The same grid can
// show placement instead (share of each group on the fastest tier); a narrow strip beside it
// always shows the current placement. Clicking a row, or focusing the map and moving with
// the arrow keys then pressing Enter, opens that page group in the page inspector.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import * as d3 from 'd3';
import { HEAT_COLUMNS } from '../live';
import { live } from '../actions';
import { epochSpan, fmtInt, tick } from '../format';
import { colourTable, heatInterpolator, placementInterpolator, themeVersion, UNPLACED_COLOUR } from '../theme';
import { useFrame } from '../frame';
import { useExportable } from '../export/registry';
import { useApp } from '../store';
import { useLiveTick } from '../use-live';

type Mode = 'heat' | 'placement';

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

/** Fills `img` (HEAT_COLUMNS x groups) from the column ring; returns the heat maximum used. */
function paint(img: ImageData, mode: Mode): number {
  const g = live.groups;
  const data = img.data;
  data.fill(0); // transparent: the CSS background shows where there is no data yet
  const src = mode === 'heat' ? live.heat : live.fast;
  let max = 0;
  if (mode === 'heat') {
    for (let i = 0; i < live.colCount; i++) {
      const o = live.column(i) * g;
      for (let y = 0; y < g; y++) if (src[o + y] > max) max = src[o + y];
    }
  }
  // sqrt keeps the cool majority of groups visible next to a few very hot ones.
  const scale = mode === 'heat' ? (max > 0 ? 1 / Math.sqrt(max) : 0) : 1;
  const x0 = HEAT_COLUMNS - live.colCount;
  for (let i = 0; i < live.colCount; i++) {
    const o = live.column(i) * g;
    const x = x0 + i;
    for (let y = 0; y < g; y++) {
      const v = src[o + y];
      const p = (y * HEAT_COLUMNS + x) * 4;
      if (mode === 'placement') { placementPixel(data, p, v, live.unplaced[o + y]); continue; }
      const k = Math.max(0, Math.min(255, Math.round(Math.sqrt(v) * scale * 255))) * 3;
      data[p] = HEAT_LUT[k]; data[p + 1] = HEAT_LUT[k + 1]; data[p + 2] = HEAT_LUT[k + 2]; data[p + 3] = 255;
    }
  }
  return max;
}

/** Pages [first, end) of group g, as the engine splits them (src/engine.ts groupRange). */
export function groupPages(g: number, groups: number, totalPages: number): [number, number] {
  return [Math.floor((g * totalPages) / groups), Math.floor(((g + 1) * totalPages) / groups)];
}

/** Scales an offscreen image canvas onto a visible one, pixels kept sharp, and marks the cursor row. */
function blit(target: HTMLCanvasElement, source: HTMLCanvasElement, cur: number, groups: number, dpr: number): void {
  const ctx = target.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, target.width, target.height);
  ctx.drawImage(source, 0, 0, target.width, target.height);
  if (cur >= 0 && cur < groups) drawCursor(ctx, target.width, target.height, cur, groups, dpr);
}

/** Two lines around the highlighted group's row: light inside, dark outside, visible on any colour. */
function drawCursor(ctx: CanvasRenderingContext2D, w: number, h: number, g: number, groups: number, dpr: number): void {
  const y0 = (g / groups) * h, y1 = ((g + 1) / groups) * h;
  ctx.save();
  for (const [colour, width] of [['rgba(0,0,0,0.85)', 3 * dpr], ['#ffffff', 1.25 * dpr]] as const) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.strokeRect(0.5 * dpr, y0 - dpr, w - dpr, Math.max(2 * dpr, y1 - y0 + 2 * dpr));
  }
  ctx.restore();
}

export function Heatmap() {
  const meta = useApp((s) => s.meta);
  const inspected = useApp((s) => s.inspected);
  const [mode, setMode] = useState<Mode>('heat');
  const [legendMax, setLegendMax] = useState(0);
  const [cursor, setCursor] = useState<number | null>(null);
  const mainRef = useRef<HTMLCanvasElement>(null);
  const stripRef = useRef<HTMLCanvasElement>(null);
  const drawn = useRef({ version: -1, mode: '' as string, theme: -1, w: 0, h: 0, cursor: -2 });
  const legendAt = useRef(0);
  const groups = meta?.heatGroups ?? 0;
  const helpId = useId();
  // The highlighted row: the keyboard cursor, else the inspected group.
  const mark = cursor ?? inspected?.group ?? null;

  // Offscreen images at data resolution; scaled up with smoothing off when drawn.
  const off = useRef<{ canvas: HTMLCanvasElement; img: ImageData; strip: HTMLCanvasElement; stripImg: ImageData } | null>(null);
  useEffect(() => {
    if (groups <= 0) { off.current = null; return; }
    const canvas = document.createElement('canvas');
    canvas.width = HEAT_COLUMNS; canvas.height = groups;
    const strip = document.createElement('canvas');
    strip.width = 1; strip.height = groups;
    off.current = { canvas, img: new ImageData(HEAT_COLUMNS, groups), strip, stripImg: new ImageData(1, groups) };
    drawn.current.version = -1;
  }, [groups]);

  useFrame(() => {
    const main = mainRef.current, stripEl = stripRef.current, o = off.current;
    if (!main || !stripEl || !o) return;
    const w = main.clientWidth, h = main.clientHeight;
    const d = drawn.current;
    const cur = mark ?? -1;
    if (d.version === live.version && d.mode === mode && d.theme === themeVersion() && d.w === w && d.h === h && d.cursor === cur) return;
    Object.assign(d, { version: live.version, mode, theme: themeVersion(), w, h, cursor: cur });
    const dpr = window.devicePixelRatio || 1;
    for (const c of [main, stripEl]) {
      const cw = Math.max(1, Math.round(c.clientWidth * dpr)), ch = Math.max(1, Math.round(c.clientHeight * dpr));
      if (c.width !== cw || c.height !== ch) { c.width = cw; c.height = ch; }
    }
    if (live.groups !== groups) return;
    const max = paint(o.img, mode);
    o.canvas.getContext('2d')!.putImageData(o.img, 0, 0);
    blit(main, o.canvas, cur, groups, dpr);

    // Current placement strip.
    const sd = o.stripImg.data;
    const latest = live.latest;
    for (let y = 0; y < groups; y++) {
      if (latest) placementPixel(sd, y * 4, latest.groupFast[y], latest.groupUnplaced[y]);
      else sd[y * 4 + 3] = 0;
    }
    o.strip.getContext('2d')!.putImageData(o.stripImg, 0, 0);
    blit(stripEl, o.strip, cur, groups, dpr);

    // The legend is React: refresh it a few times a second at most.
    const now = performance.now();
    if (mode === 'heat' && now - legendAt.current > 500 && max !== legendMax) {
      legendAt.current = now;
      setLegendMax(max);
    }
  });

  useExportable({ id: 'heatmap', title: mode === 'heat' ? 'Heatmap' : 'Placement map', element: () => mainRef.current });

  const inspect = (g: number) => useApp.setState({ inspected: { group: g, page: null } });

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    if (groups <= 0) return;
    const r = e.currentTarget.getBoundingClientRect();
    const g = Math.max(0, Math.min(groups - 1, Math.floor(((e.clientY - r.top) / r.height) * groups)));
    setCursor(null);
    inspect(g);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (groups <= 0) return;
    const at = mark ?? 0;
    const moves: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -8, PageDown: 8 };
    let next: number | null = null;
    if (e.key in moves) next = mark === null ? 0 : at + moves[e.key];
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = groups - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      inspect(at);
      return;
    } else if (e.key === 'Escape') {
      setCursor(null);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    setCursor(Math.max(0, Math.min(groups - 1, next)));
  };

  const span = HEAT_COLUMNS;
  const label = mode === 'heat'
    ? `Access heatmap: ${groups} page groups in address order (top to bottom) over the last ${span} epochs (one column per epoch, time runs left to right); brighter means more sampled accesses.`
    : `Placement map: ${groups} page groups in address order over the last ${span} epochs; teal means the group sits on its host's fast tier, purple on slower memory, red that its pages have no memory.`;
  const [first, end] = mark !== null && meta ? groupPages(mark, groups, meta.totalPages) : [0, 0];

  return (
    <div className="heatmap">
      <div className="panel-head">
        <h2>Which pages are hot</h2>
        <div className="segmented" role="radiogroup" aria-label="Colour the map by">
          {(['heat', 'placement'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="heat-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {m === 'heat' ? 'access heat' : 'placement'}
            </label>
          ))}
        </div>
      </div>
      <div className="heat-body">
        {/* Rotated 180°: the last label ends up on top. */}
        <div className="axis-y" aria-hidden="true"><span>high</span><span>address</span><span>low</span></div>
        <canvas
          ref={mainRef}
          className="heat-canvas"
          role="img"
          tabIndex={0}
          aria-label={label}
          aria-describedby={helpId}
          onClick={onClick}
          onKeyDown={onKeyDown}
          onBlur={() => setCursor(null)}
        />
        <canvas
          ref={stripRef}
          className="heat-strip"
          role="img"
          aria-label="Current placement of each page group: teal on its host's fast tier, purple on slower memory, red with no memory."
        />
      </div>
      <EpochAxis />
      <p id={helpId} className="hint">
        Click a row, or focus the map and use the arrow keys then Enter, to see why its pages moved.
        <span className="visually-hidden" aria-live="polite">
          {mark !== null && groups > 0 ? ` Page group ${mark + 1} of ${groups}: pages ${fmtInt(first)} to ${fmtInt(end - 1)}.` : ''}
        </span>
      </p>
      <Legend mode={mode} max={legendMax} />
    </div>
  );
}

/**
 * The time axis under the map: the columns fill from the right, newest last, so the right end
 * says which epochs are drawn ("epochs 12–251 (t = 1.2–25.2 s)"), as the charts do.
 */
function EpochAxis() {
  useLiveTick();
  const n = live.colCount;
  const epochMs = live.meta?.epochMs ?? 0;
  const oldest = n ? live.colEpoch[live.column(0)] : null;
  const newest = n ? live.colEpoch[live.column(n - 1)] : null;
  return (
    <div className="axis-x" aria-hidden="true">
      <span>← older</span>
      <span>simulated time, one column per epoch (the last {HEAT_COLUMNS})</span>
      <span data-shown-epoch={newest ?? -1}>{oldest === null || newest === null ? 'now →' : `${epochSpan(oldest, newest, epochMs)} →`}</span>
    </div>
  );
}

function Legend({ mode, max }: { mode: Mode; max: number }) {
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
      <svg width={width + 20} height={30} aria-hidden="true">
        <defs>
          <linearGradient id={id}>
            {stops.map((t) => (
              <stop key={t} offset={`${t * 100}%`} stopColor={interp(t)} />
            ))}
          </linearGradient>
        </defs>
        <rect x={10} y={2} width={width} height={10} fill={`url(#${id})`} />
        {ticks.map((t) => (
          <g key={t} transform={`translate(${10 + scale(t)},0)`}>
            <line y1={12} y2={16} className="tick" />
            <text y={27} textAnchor="middle" className="tick-label">{fmt(t)}</text>
          </g>
        ))}
      </svg>
      <figcaption>
        {mode === 'heat' ? 'sampled accesses per page group per epoch' : "share of the group on its host's fast tier"}
        {mode === 'placement' && <span className="legend-unplaced"><span className="unplaced-swatch" aria-hidden="true" /> no memory (unplaced)</span>}
      </figcaption>
    </figure>
  );
}
