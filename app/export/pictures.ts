// Pictures of the views as files: an on-screen SVG made standalone (its CSS inlined), a
// canvas chart drawn again as SVG (svg-canvas.ts), and PNGs of either (an SVG rasterised at
// twice its size, a canvas as it is on screen).
import { themeColours } from '../theme';
import type { Exportable } from './registry';
import { recordSvg } from './svg-canvas';

/** Presentation properties the topology's CSS sets, copied onto each element of the copy. */
const STYLE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'display', 'visibility',
  // A label's halo is a stroke painted under its fill: without these the stroke covers the letters.
  'paint-order', 'stroke-linejoin', 'letter-spacing',
] as const;

/** Size (CSS px) of a canvas view that is not laid out (a collapsed panel): its picture is still drawn. */
const UNLAID_W = 800;
const UNLAID_H = 300;
/** A canvas view's PNG is drawn at least this many pixels per CSS pixel (as an SVG view's). */
const PNG_SCALE = 2;

const XMLNS = 'http://www.w3.org/2000/svg';

/** An on-screen <svg> as a standalone file: computed styles inlined, its rendered size, a background. */
export function standaloneSvg(svg: SVGSVGElement, title: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const target = to[i] as SVGElement;
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
    let style = '';
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) style += `${p}:${v};`;
    }
    target.setAttribute('style', style);
  });
  const r = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', XMLNS);
  copy.setAttribute('width', String(Math.round(r.width)));
  copy.setAttribute('height', String(Math.round(r.height)));
  const bg = document.createElementNS(XMLNS, 'rect');
  const vb = svg.viewBox.baseVal;
  for (const [k, v] of [['x', vb.x], ['y', vb.y], ['width', vb.width], ['height', vb.height]] as const) bg.setAttribute(k, String(v));
  bg.setAttribute('fill', themeColours().bg);
  copy.insertBefore(bg, copy.firstChild);
  const t = document.createElementNS(XMLNS, 'title');
  t.textContent = title;
  copy.insertBefore(t, copy.firstChild);
  return `${new XMLSerializer().serializeToString(copy)}\n`;
}

/** The view as an SVG file: a standalone copy of an SVG view, or a canvas chart drawn again as vectors. */
export function svgOf(e: Exportable): string | null {
  const el = e.element();
  if (!el) return null;
  if (el instanceof SVGSVGElement) return standaloneSvg(el, e.title);
  if (!e.draw) return null;
  const w = el.clientWidth || UNLAID_W, h = el.clientHeight || UNLAID_H;
  const measurer = document.createElement('canvas').getContext('2d');
  return recordSvg((ctx) => e.draw!(ctx, w, h), w, h, themeColours().bg, e.title, measurer);
}

/** PNG bytes of an SVG file's text, drawn at `scale` times its size. */
async function rasterise(svgText: string, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await canvasPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser made no PNG'))), 'image/png'));
}

/**
 * The view as a PNG: an SVG view rasterised at twice its size; a canvas view drawn again from
 * the data (never copied from the screen, where a chart not yet scrolled into view is blank).
 */
export async function pngOf(e: Exportable): Promise<Blob | null> {
  const el = e.element();
  if (!el) return null;
  if (el instanceof SVGSVGElement) return rasterise(standaloneSvg(el, e.title), 2);
  const draw = e.draw ?? e.paint;
  if (!draw) return null;
  const w = el.clientWidth || UNLAID_W, h = el.clientHeight || UNLAID_H;
  const scale = Math.max(PNG_SCALE, window.devicePixelRatio || 1);
  const out = document.createElement('canvas');
  out.width = Math.round(w * scale);
  out.height = Math.round(h * scale);
  const ctx = out.getContext('2d')!;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  // The canvas is transparent where nothing is drawn: put it on the panel's colour.
  ctx.fillStyle = themeColours().bg;
  ctx.fillRect(0, 0, w, h);
  draw(ctx, w, h);
  return canvasPng(out);
}
