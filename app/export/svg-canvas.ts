// A 2D-canvas stand-in that records what a chart draws as SVG elements, so a canvas chart can
// be exported as a vector picture by running its own draw function again (no second drawing
// code to keep in step). It covers what the charts use: paths (lines, rectangles, arcs),
// fills and strokes with dashes, text with alignment and baselines, save / restore and
// translate / scale transforms. Anything else is ignored rather than failing the export.

type Matrix = [number, number, number, number, number, number];

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  globalAlpha: number;
  lineCap: CanvasLineCap;
  lineJoin: CanvasLineJoin;
  dash: number[];
  m: Matrix;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => String(Math.round(v * 100) / 100);

const ANCHOR: Record<string, string> = { left: 'start', start: 'start', center: 'middle', right: 'end', end: 'end' };
const BASELINE: Record<string, string> = { top: 'text-before-edge', hanging: 'hanging', middle: 'central', alphabetic: 'alphabetic', ideographic: 'ideographic', bottom: 'text-after-edge' };

class Recorder {
  private s: State = {
    fillStyle: '#000', strokeStyle: '#000', lineWidth: 1, font: '10px sans-serif', textAlign: 'start', textBaseline: 'alphabetic',
    globalAlpha: 1, lineCap: 'butt', lineJoin: 'miter', dash: [], m: [1, 0, 0, 1, 0, 0],
  };
  private stack: State[] = [];
  private d = '';
  private readonly parts: string[] = [];
  imageSmoothingEnabled = true;

  constructor(private readonly measurer: CanvasRenderingContext2D | null) {}

  get fillStyle() { return this.s.fillStyle; }
  set fillStyle(v: string) { this.s.fillStyle = String(v); }
  get strokeStyle() { return this.s.strokeStyle; }
  set strokeStyle(v: string) { this.s.strokeStyle = String(v); }
  get lineWidth() { return this.s.lineWidth; }
  set lineWidth(v: number) { this.s.lineWidth = v; }
  get font() { return this.s.font; }
  set font(v: string) { this.s.font = v; }
  get textAlign() { return this.s.textAlign; }
  set textAlign(v: CanvasTextAlign) { this.s.textAlign = v; }
  get textBaseline() { return this.s.textBaseline; }
  set textBaseline(v: CanvasTextBaseline) { this.s.textBaseline = v; }
  get globalAlpha() { return this.s.globalAlpha; }
  set globalAlpha(v: number) { this.s.globalAlpha = v; }
  get lineCap() { return this.s.lineCap; }
  set lineCap(v: CanvasLineCap) { this.s.lineCap = v; }
  get lineJoin() { return this.s.lineJoin; }
  set lineJoin(v: CanvasLineJoin) { this.s.lineJoin = v; }

  save(): void { this.stack.push({ ...this.s, dash: [...this.s.dash], m: [...this.s.m] as Matrix }); }
  restore(): void { const s = this.stack.pop(); if (s) this.s = s; }
  setLineDash(d: number[]): void { this.s.dash = [...d]; }
  getLineDash(): number[] { return [...this.s.dash]; }
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void { this.s.m = [a, b, c, d, e, f]; }
  resetTransform(): void { this.s.m = [1, 0, 0, 1, 0, 0]; }
  translate(x: number, y: number): void { const m = this.s.m; m[4] += m[0] * x + m[2] * y; m[5] += m[1] * x + m[3] * y; }
  scale(x: number, y: number): void { const m = this.s.m; m[0] *= x; m[1] *= x; m[2] *= y; m[3] *= y; }

  beginPath(): void { this.d = ''; }
  moveTo(x: number, y: number): void { this.d += `M${n(x)} ${n(y)}`; }
  lineTo(x: number, y: number): void { this.d += `L${n(x)} ${n(y)}`; }
  closePath(): void { this.d += 'Z'; }
  rect(x: number, y: number, w: number, h: number): void { this.d += `M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`; }
  arc(x: number, y: number, r: number, a0: number, a1: number, ccw = false): void {
    const sweep = ccw ? a0 - a1 : a1 - a0;
    if (Math.abs(sweep) >= 2 * Math.PI - 1e-9) {
      this.d += `M${n(x + r)} ${n(y)}A${n(r)} ${n(r)} 0 1 1 ${n(x - r)} ${n(y)}A${n(r)} ${n(r)} 0 1 1 ${n(x + r)} ${n(y)}`;
      return;
    }
    const p = (a: number) => `${n(x + r * Math.cos(a))} ${n(y + r * Math.sin(a))}`;
    this.d += `${this.d ? 'L' : 'M'}${p(a0)}A${n(r)} ${n(r)} 0 ${Math.abs(sweep) > Math.PI ? 1 : 0} ${ccw ? 0 : 1} ${p(a1)}`;
  }

  stroke(): void { if (this.d) this.emit(`<path d="${this.d}" fill="none"${this.strokeAttrs()}/>`); }
  fill(): void { if (this.d) this.emit(`<path d="${this.d}" fill="${esc(this.s.fillStyle)}"/>`); }
  fillRect(x: number, y: number, w: number, h: number): void { this.emit(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${esc(this.s.fillStyle)}"/>`); }
  strokeRect(x: number, y: number, w: number, h: number): void { this.emit(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none"${this.strokeAttrs()}/>`); }
  clearRect(): void { /* the export starts from a blank background */ }
  fillText(text: string, x: number, y: number): void {
    const anchor = ANCHOR[this.s.textAlign] ?? 'start';
    const base = BASELINE[this.s.textBaseline] ?? 'alphabetic';
    this.emit(`<text x="${n(x)}" y="${n(y)}" fill="${esc(this.s.fillStyle)}" style="font: ${esc(this.s.font)}" text-anchor="${anchor}" dominant-baseline="${base}">${esc(String(text))}</text>`);
  }
  measureText(text: string): TextMetrics {
    if (this.measurer) {
      this.measurer.font = this.s.font;
      return this.measurer.measureText(text);
    }
    return { width: text.length * (parseFloat(this.s.font) || 10) * 0.55 } as TextMetrics;
  }

  private strokeAttrs(): string {
    const s = this.s;
    let a = ` stroke="${esc(s.strokeStyle)}" stroke-width="${n(s.lineWidth)}"`;
    if (s.dash.length) a += ` stroke-dasharray="${s.dash.map(n).join(' ')}"`;
    if (s.lineCap !== 'butt') a += ` stroke-linecap="${s.lineCap}"`;
    if (s.lineJoin !== 'miter') a += ` stroke-linejoin="${s.lineJoin}"`;
    return a;
  }

  private emit(el: string): void {
    const m = this.s.m;
    const identity = m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && m[4] === 0 && m[5] === 0;
    const alpha = this.s.globalAlpha < 1 ? ` opacity="${n(this.s.globalAlpha)}"` : '';
    this.parts.push(identity && !alpha ? el : `<g${identity ? '' : ` transform="matrix(${m.map(n).join(' ')})"`}${alpha}>${el}</g>`);
  }

  svg(w: number, h: number, background: string, title: string): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w)}" height="${n(h)}" viewBox="0 0 ${n(w)} ${n(h)}"><title>${esc(title)}</title><rect width="100%" height="100%" fill="${esc(background)}"/>${this.parts.join('')}</svg>\n`;
  }
}

/**
 * Runs `draw` against a recording context of w x h CSS pixels and returns the SVG file text.
 * `measurer`: a real 2D context for text widths (labels are placed by their measured width).
 */
export function recordSvg(draw: (ctx: CanvasRenderingContext2D) => void, w: number, h: number, background: string, title: string, measurer: CanvasRenderingContext2D | null): string {
  const rec = new Recorder(measurer);
  // Methods a future drawing might call that the recorder does not know are no-ops, not errors.
  const ctx = new Proxy(rec, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (v !== undefined || typeof prop !== 'string') return typeof v === 'function' ? v.bind(target) : v;
      return () => undefined;
    },
  });
  draw(ctx as unknown as CanvasRenderingContext2D);
  return rec.svg(w, h, background, title);
}
