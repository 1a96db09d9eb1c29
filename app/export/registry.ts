// What can be exported as a picture: each view registers itself while it is on screen (the
// topology its SVG, a chart its canvas and the function that draws it, so the chart can be
// drawn again into an SVG), and the export sheet lists what is there.
import { useEffect, useRef } from 'react';

export interface Exportable {
  /** File name stem and test id: "topology", "chart", "migrations", "heatmap". */
  id: string;
  /** In the user's words: "Topology", "AMAT and throughput chart". */
  title: string;
  /** The element on screen: an <svg> or a <canvas>. */
  element(): SVGSVGElement | HTMLCanvasElement | null;
  /** For a canvas chart: draws it at w x h CSS pixels into any 2D context (an SVG recorder included). */
  draw?(ctx: CanvasRenderingContext2D, w: number, h: number): void;
  /** For a canvas that is a picture (the heatmap): draws it from the data into a real canvas's context (a PNG, no SVG). */
  paint?(ctx: CanvasRenderingContext2D, w: number, h: number): void;
}

const registry = new Map<string, Exportable>();

export function exportables(): Exportable[] {
  return [...registry.values()];
}

/** Registers `e` while the calling view is mounted; the latest `e` is used (its draw sees current props). */
export function useExportable(e: Exportable): void {
  const ref = useRef(e);
  useEffect(() => {
    ref.current = e;
  });
  useEffect(() => {
    const id = ref.current.id;
    const proxy: Exportable = {
      id,
      get title() { return ref.current.title; },
      element: () => ref.current.element(),
      draw: (ctx, w, h) => ref.current.draw?.(ctx, w, h),
      paint: (ctx, w, h) => ref.current.paint?.(ctx, w, h),
    };
    if (!ref.current.draw) delete proxy.draw;
    if (!ref.current.paint) delete proxy.paint;
    registry.set(id, proxy);
    return () => {
      if (registry.get(id) === proxy) registry.delete(id);
    };
  }, []);
}
