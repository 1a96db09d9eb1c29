// The frame scheduler of every canvas / SVG view. It sleeps: an animation frame is requested
// only when something changed (snapshots waiting to be committed, a view marked dirty by its
// size, the theme, the pixel ratio, or a render of its component), so a paused, idle page
// schedules no frames at all. The worker's ticks and the screen's frames stay uncoupled:
// snapshots wait in each run's queue (app/live.ts) and a frame commits them, at most every
// SHOW_MS (more rarely when commits are costly), before any view draws. So the epoch on screen
// has one source: every view, canvas or React (which re-renders on the commit), shows it, the
// canvases one per frame in the frames after React's (so no frame carries all the costs).
// Views read no layout while drawing: their sizes come from a ResizeObserver (useBox), which
// the browser calls after its own layout, so a frame only writes. A view off screen does not
// draw (an IntersectionObserver says when it is back).
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { onThemeChange } from './theme';
import { FIRST_FRAME_MARK, FIRST_RUN_FRAME_MARK } from '../src/marks';

/** Shortest time between two commits: what is on screen changes at most this often. */
export const SHOW_MS = 50;
/**
 * A commit (new data, the draws, React's render of it) may take at most this share of the
 * main thread: a costly one (a large fabric, a busy machine) spaces the next ones out, up to
 * MAX_SHOW_MS, so input is still answered at once.
 */
const COMMIT_SHARE = 0.25;
const MAX_SHOW_MS = 400;

interface Source {
  commit(): boolean;
  onQueued: (() => void) | null;
}

interface View {
  /** Returns false when it found nothing to draw. */
  draw(): boolean | void;
  dirty: boolean;
}

const sources = new Set<Source>();
const views = new Set<View>();
let raf = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let pending = false;
let lastCommit = -Infinity;
let showMs = SHOW_MS;
let marks = 0;
let measuring = -1;
/**
 * React panels render a commit as a transition (app/use-live.ts), in slices between frames, so
 * no render is one long task. The next commit waits until React has rendered the previous one
 * (the probe in `useRenderedCommits` says so): panels never tear between two epochs, and a
 * large fabric gets fewer commits instead of a backlog of renders.
 */
let generation = 0;
let rendered = 0;
let probes = 0;
let holdDraws = false;
/**
 * Past this, a render that never came no longer holds commits back (the tree has no Suspense,
 * so this is a safeguard only). Long: a commit during a sliced render tears (views rendered
 * before it show the older epoch); at 1 s a busy machine (CI, or a CPU slowed 20x) tore.
 */
const RENDER_WAIT_MS = 5000;
const after = typeof MessageChannel === 'function' ? new MessageChannel() : null;
if (after) {
  // A message posted at the end of the committing frame arrives after the tasks that frame
  // queued: the time until then is what taking the data in cost. React's render of it comes in
  // slices after that and holds the next commit back by itself (renderedCommit).
  after.port1.onmessage = () => {
    if (measuring < 0) return;
    showMs = Math.min(MAX_SHOW_MS, Math.max(SHOW_MS, (performance.now() - measuring) / COMMIT_SHARE));
    measuring = -1;
  };
}

function request(): void {
  if (!raf && typeof requestAnimationFrame === 'function') raf = requestAnimationFrame(frame);
}

function frame(now: number): void {
  raf = 0;
  // React's DOM changes are laid out and painted in this frame; the canvases draw from the next.
  const hold = holdDraws;
  holdDraws = false;
  let committed = false;
  const start = performance.now();
  if (pending) {
    const wait = lastCommit + showMs - now;
    const reactBusy = probes > 0 && rendered < generation && now - lastCommit < RENDER_WAIT_MS;
    if (wait <= 0 && !reactBusy) {
      pending = false;
      lastCommit = now;
      // Numbered before the sources tell their listeners, so the probe sees the new number.
      generation++;
      for (const s of sources) committed = s.commit() || committed;
      // With React panels watching (a probe), the views draw when React has rendered this
      // commit (renderedCommit), from the frame after the one that lays out its DOM changes: a
      // frame does not carry both costs (the canvases lag the text by a frame or two).
      if (!committed) generation--;
      else if (probes === 0) for (const v of views) v.dirty = true;
    } else if (wait <= 0) {
      // React is still rendering the last commit: its probe asks for a frame when done; the
      // timer only covers a render that never comes.
      if (!timer) timer = setTimeout(() => { timer = null; request(); }, RENDER_WAIT_MS);
    } else if (!timer) {
      // Too soon after the last commit: sleep until it is due rather than spin on frames.
      timer = setTimeout(() => { timer = null; request(); }, wait);
    }
  }
  if (hold) request();
  const drew = hold ? false : drawViews();
  if (committed && after && measuring < 0) {
    measuring = start;
    after.port2.postMessage(0);
  }
  if (drew && marks === 0) { marks = 1; performance.mark(FIRST_FRAME_MARK); }
  if (committed && probes === 0 && marks === 1) { marks = 2; performance.mark(FIRST_RUN_FRAME_MARK); }
}

/**
 * Draws dirty views until one has drawn something: a canvas that changed costs its drawing and,
 * at the frame's end, a copy of its pixels to the compositor (5-15 ms on a busy two-core machine,
 * where the run's worker holds one core), so each takes a frame of its own and the rest follow
 * in the next frames. Views that find nothing changed cost nothing and do not count. Returns
 * whether any view was asked to draw (the first such frame is FIRST_FRAME_MARK).
 */
function drawViews(): boolean {
  let ran = false;
  for (const v of views) {
    if (!v.dirty) continue;
    v.dirty = false;
    ran = true;
    if (v.draw() === false) continue;
    for (const w of views) if (w.dirty) { request(); break; }
    break;
  }
  return ran;
}

/** How many commits of new data the frame loop has made (React panels render each one). */
export function commitGeneration(): number {
  return generation;
}

/**
 * Called from a layout effect once React has rendered commit `gen` (app/use-live.ts): the
 * frame loop may commit newer data. Mounting a probe turns the wait on; unmounting turns it off.
 */
export function renderedCommit(gen: number): void {
  if (gen <= rendered) return;
  rendered = gen;
  for (const v of views) v.dirty = true;
  holdDraws = true;
  request();
  if (marks === 1) { marks = 2; performance.mark(FIRST_RUN_FRAME_MARK); }
}

export function probeMounted(): () => void {
  probes++;
  rendered = generation;
  return () => { probes--; };
}

/** Marks every view dirty (theme, pixel ratio) and asks for a frame. */
export function invalidateAll(): void {
  for (const v of views) v.dirty = true;
  request();
}

/** Makes `s` (a run's LiveData) commit its queued snapshots in the frame loop. */
export function frameSource(s: Source): void {
  sources.add(s);
  s.onQueued = () => {
    pending = true;
    request();
  };
}

/**
 * Draws with `draw` in the next frame after every render of the calling component, every
 * commit of new data, and every call of the returned `invalidate` (a size or a hover); never
 * otherwise. `draw` may still return early when what it would draw is unchanged: it then
 * returns false, and the next dirty view draws in the same frame.
 */
export function useFrame(draw: () => boolean | void): () => void {
  const [view] = useState<View>(() => ({ draw, dirty: true }));
  useLayoutEffect(() => {
    view.draw = draw;
    view.dirty = true;
    request();
  });
  useEffect(() => {
    views.add(view);
    view.dirty = true;
    request();
    return () => { views.delete(view); };
  }, [view]);
  return useState(() => () => { view.dirty = true; request(); })[0];
}

/**
 * A CSS box (the pixel ratio is read when drawing: it changes without a resize) and whether
 * it is on screen (or nearly): a view off screen skips drawing until it scrolls into view.
 */
export interface Box {
  w: number;
  h: number;
  visible: boolean;
}

/** A view, or a card's panels (app/sight.ts), counts as on screen within this of the viewport: one about to scroll in is already current. */
const NEAR_SCREEN = '200px';

type Watcher = { size?(w: number, h: number): void; seen(visible: boolean): void };
const watchers = new WeakMap<Element, Watcher>();
let sizes: ResizeObserver | null = null;
let sights: IntersectionObserver | null = null;

function watch(el: Element, w: Watcher): () => void {
  watchers.set(el, w);
  if (w.size && typeof ResizeObserver === 'function') {
    sizes ??= new ResizeObserver((entries) => {
      for (const e of entries) {
        const size = e.contentBoxSize?.[0];
        watchers.get(e.target)?.size?.(size ? size.inlineSize : e.contentRect.width, size ? size.blockSize : e.contentRect.height);
      }
    });
    sizes.observe(el);
  }
  if (typeof IntersectionObserver === 'function') {
    sights ??= new IntersectionObserver((entries) => {
      for (const e of entries) watchers.get(e.target)?.seen(e.isIntersecting);
    }, { rootMargin: NEAR_SCREEN });
    sights.observe(el);
  } else {
    w.seen(true);
  }
  return () => {
    watchers.delete(el);
    sizes?.unobserve(el);
    sights?.unobserve(el);
  };
}

/** Calls `seen` whenever `el` comes on screen (within NEAR_SCREEN) or leaves it; returns the unwatch. */
export function watchSeen(el: Element, seen: (visible: boolean) => void): () => void {
  return watch(el, { seen });
}

/**
 * The size of `ref`'s element as the ResizeObserver last reported it, and whether it is on
 * screen as the IntersectionObserver last reported it (both read in a frame without touching
 * layout); `invalidate` is called whenever either changes.
 */
export function useBox(ref: RefObject<Element | null>, invalidate: () => void): RefObject<Box> {
  const box = useRef<Box>({ w: 0, h: 0, visible: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    return watch(el, {
      size: (w, h) => {
        const b = box.current;
        if (b.w === w && b.h === h) return;
        box.current = { ...b, w, h };
        invalidate();
      },
      seen: (visible) => {
        if (box.current.visible === visible) return;
        box.current = { ...box.current, visible };
        invalidate();
      },
    });
  }, [ref, invalidate]);
  return box;
}

// The theme and the pixel ratio (browser zoom, a move to another screen) change every view.
onThemeChange(invalidateAll);
function watchPixelRatio(): void {
  if (typeof matchMedia !== 'function' || typeof window === 'undefined') return;
  const q = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  q.addEventListener('change', () => { invalidateAll(); watchPixelRatio(); }, { once: true });
}
watchPixelRatio();
