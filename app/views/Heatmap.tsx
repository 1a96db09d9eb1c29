// DAMON-style access heatmap (damo report heatmap): x = time (newest on the right),
// y = page groups in address order, colour = sampled accesses. The same grid can show
// placement instead (share of each group on the fastest tier); a narrow strip beside it
// always shows the current placement.
import { useEffect, useRef, useState } from 'react';
import * as d3 from 'd3';
import { HEAT_COLUMNS } from '../live';
import { live } from '../actions';
import { colourTable, heatInterpolator, placementInterpolator, themeVersion } from '../theme';
import { useFrame } from '../frame';
import { useApp } from '../store';

type Mode = 'heat' | 'placement';

const HEAT_LUT = colourTable(heatInterpolator);
const PLACE_LUT = colourTable(placementInterpolator);

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
  const lut = mode === 'heat' ? HEAT_LUT : PLACE_LUT;
  // sqrt keeps the cool majority of groups visible next to a few very hot ones.
  const scale = mode === 'heat' ? (max > 0 ? 1 / Math.sqrt(max) : 0) : 1;
  const x0 = HEAT_COLUMNS - live.colCount;
  for (let i = 0; i < live.colCount; i++) {
    const o = live.column(i) * g;
    const x = x0 + i;
    for (let y = 0; y < g; y++) {
      const v = src[o + y];
      const t = mode === 'heat' ? Math.sqrt(v) * scale : v;
      const k = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
      const p = (y * HEAT_COLUMNS + x) * 4;
      data[p] = lut[k]; data[p + 1] = lut[k + 1]; data[p + 2] = lut[k + 2]; data[p + 3] = 255;
    }
  }
  return max;
}

export function Heatmap() {
  const meta = useApp((s) => s.meta);
  const [mode, setMode] = useState<Mode>('heat');
  const [legendMax, setLegendMax] = useState(0);
  const mainRef = useRef<HTMLCanvasElement>(null);
  const stripRef = useRef<HTMLCanvasElement>(null);
  const drawn = useRef({ version: -1, mode: '' as string, theme: -1, w: 0, h: 0 });
  const legendAt = useRef(0);
  const groups = meta?.heatGroups ?? 0;

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
    if (d.version === live.version && d.mode === mode && d.theme === themeVersion() && d.w === w && d.h === h) return;
    Object.assign(d, { version: live.version, mode, theme: themeVersion(), w, h });
    const dpr = window.devicePixelRatio || 1;
    for (const c of [main, stripEl]) {
      const cw = Math.max(1, Math.round(c.clientWidth * dpr)), ch = Math.max(1, Math.round(c.clientHeight * dpr));
      if (c.width !== cw || c.height !== ch) { c.width = cw; c.height = ch; }
    }
    if (live.groups !== groups) return;
    const max = paint(o.img, mode);
    o.canvas.getContext('2d')!.putImageData(o.img, 0, 0);
    const ctx = main.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, main.width, main.height);
    ctx.drawImage(o.canvas, 0, 0, main.width, main.height);

    // Current placement strip.
    const sd = o.stripImg.data;
    const latest = live.latest;
    for (let y = 0; y < groups; y++) {
      const v = latest ? latest.groupFast[y] : 0;
      const k = Math.max(0, Math.min(255, Math.round(v * 255))) * 3;
      sd[y * 4] = PLACE_LUT[k]; sd[y * 4 + 1] = PLACE_LUT[k + 1]; sd[y * 4 + 2] = PLACE_LUT[k + 2]; sd[y * 4 + 3] = latest ? 255 : 0;
    }
    o.strip.getContext('2d')!.putImageData(o.stripImg, 0, 0);
    const sctx = stripEl.getContext('2d')!;
    sctx.imageSmoothingEnabled = false;
    sctx.clearRect(0, 0, stripEl.width, stripEl.height);
    sctx.drawImage(o.strip, 0, 0, stripEl.width, stripEl.height);

    // The legend is React: refresh it a few times a second at most.
    const now = performance.now();
    if (mode === 'heat' && now - legendAt.current > 500 && max !== legendMax) {
      legendAt.current = now;
      setLegendMax(max);
    }
  });

  const label = mode === 'heat'
    ? `Access heatmap: ${groups} page groups in address order (top to bottom) over the last ${HEAT_COLUMNS} snapshots (time runs left to right); brighter means more sampled accesses.`
    : `Placement map: ${groups} page groups in address order over the last ${HEAT_COLUMNS} snapshots; teal means the group sits on the fastest tier (DRAM), purple on slower memory (CXL).`;

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
        <canvas ref={mainRef} className="heat-canvas" role="img" aria-label={label} />
        <canvas
          ref={stripRef}
          className="heat-strip"
          role="img"
          aria-label="Current placement of each page group: teal on the fastest tier (DRAM), purple on slower memory (CXL)."
        />
      </div>
      <div className="axis-x" aria-hidden="true"><span>← older</span><span>time (one column per snapshot)</span><span>now →</span><span className="strip-label">now: tier</span></div>
      <Legend mode={mode} max={legendMax} />
    </div>
  );
}

function Legend({ mode, max }: { mode: Mode; max: number }) {
  const width = 220;
  const scale = mode === 'heat'
    ? d3.scaleSqrt().domain([0, Math.max(1, max)]).range([0, width])
    : d3.scaleLinear().domain([0, 1]).range([0, width]);
  const ticks = mode === 'heat' ? scale.ticks(4) : [0, 0.5, 1];
  const fmt = mode === 'heat' ? d3.format('~s') : d3.format('.0%');
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
        {mode === 'heat' ? 'sampled accesses per page group per epoch' : 'share of the group on the fastest tier'}
      </figcaption>
    </figure>
  );
}
