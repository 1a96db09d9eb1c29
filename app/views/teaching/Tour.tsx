// The guided tour (steps in app/tour.ts): a spotlight on the step's element and a small
// non-modal dialog beside it. Focus moves to each step; ← / → move, Escape skips; Skip and
// Finish are remembered, so a first visit's tour never comes back by itself.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useClassroom } from '../../classroom-state';
import { useApp } from '../../store';
import { TOUR_STEPS, placeStep, rememberTourSeen, tourAllowed, tourSeen } from '../../tour';

/** The address the page was opened at: the app soon rewrites it (options it ignores, its own form). */
const openedWith = typeof location === 'undefined' ? '' : location.hash;

/** Where the page was scrolled when the tour started: the steps scroll it, the end puts it back. */
let scrollBefore = 0;

export function startTour(): void {
  scrollBefore = window.scrollY;
  useClassroom.setState({ tourStep: 0 });
}

function endTour(): void {
  rememberTourSeen();
  useClassroom.setState({ tourStep: null });
  window.scrollTo({ top: scrollBefore });
}

function goTo(step: number): void {
  useClassroom.setState({ tourStep: Math.max(0, Math.min(TOUR_STEPS.length - 1, step)) });
}

/** Starts the tour on a first visit once the run is loaded; shows the current step. */
export function Tour() {
  const step = useClassroom((s) => s.tourStep);
  const ready = useApp((s) => s.meta !== null);
  const hidden = useApp((s) => s.present || s.embed);
  useEffect(() => {
    if (!ready || useClassroom.getState().tourAuto !== 'pending') return;
    // A page showing a talk or an embed is a demo whatever its link said (and however it said it).
    const { present, embed } = useApp.getState();
    const demo = present || embed || !tourAllowed(openedWith, window.self !== window.top);
    const auto = tourSeen() ? 'seen' : demo ? 'demo' : 'started';
    useClassroom.setState({ tourAuto: auto });
    if (auto === 'started') startTour();
  }, [ready]);

  useEffect(() => {
    if (step === null) return;
    // Escape skips from anywhere (but first closes the glossary, if that is what is open).
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !useClassroom.getState().glossaryOpen) endTour();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [step]);

  // Presentation and embed modes have none of the elements the steps point at.
  if (step === null || hidden) return null;
  return <StepView index={step} />;
}

interface Box { left: number; top: number; width: number; height: number }

const sameBox = (a: Box | null, b: Box | null) =>
  a === b || (a !== null && b !== null && a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height);

/** Gap between the spotlight and the step's dialog, and the margin kept from the window's edge. */
const GAP = 14;
const EDGE = 8;

function StepView({ index }: { index: number }) {
  const step = TOUR_STEPS[index];
  const last = index === TOUR_STEPS.length - 1;
  const [target, setTarget] = useState<Box | null>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const pop = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const textId = useId();

  // Where the step's element is on screen now (null if it is missing or hidden).
  const measure = () => {
    const r = step.find()?.getBoundingClientRect();
    const box = r && r.width > 0 && r.height > 0 ? { left: r.left, top: r.top, width: r.width, height: r.height } : null;
    setTarget((old) => (sameBox(old, box) ? old : box));
  };

  // A new step: bring its element into view and point at it.
  useLayoutEffect(() => {
    step.find()?.scrollIntoView({ block: 'center', inline: 'nearest' });
    measure();
    // measure reads the step it closes over: running on `index` is what is meant.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index]);

  // Focus moves to the step once it is placed (a hidden element cannot take focus).
  const focused = useRef(-1);
  useEffect(() => {
    if (!pos || focused.current === index) return;
    focused.current = index;
    heading.current?.focus({ preventScroll: true });
  }, [pos, index]);

  // Follow the element while the page scrolls or reflows (no loop: only on events).
  useEffect(() => {
    let frame = 0;
    const later = () => {
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; measure(); });
    };
    window.addEventListener('scroll', later, true);
    window.addEventListener('resize', later);
    const el = step.find();
    const ro = el && typeof ResizeObserver === 'function' ? new ResizeObserver(later) : null;
    if (el) ro?.observe(el);
    return () => {
      window.removeEventListener('scroll', later, true);
      window.removeEventListener('resize', later);
      ro?.disconnect();
      cancelAnimationFrame(frame);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index]);

  // Place the dialog beside the element (below, above, right, left), else over it, clear of the machine's nodes.
  useLayoutEffect(() => {
    const p = pop.current;
    if (!p) return;
    const w = p.offsetWidth, h = p.offsetHeight;
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    // The machine's nodes stay in sight whatever the step (the first card's dialog fell on the DRAM node).
    const avoid = [...document.querySelectorAll('.topo-card [data-node]')].map((m) => m.getBoundingClientRect());
    const next = placeStep(target, w, h, vw, vh, avoid, GAP, EDGE);
    setPos((old) => (old && old.left === next.left && old.top === next.top ? old : next));
  }, [target, index]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowRight') {
      e.preventDefault();
      if (last) endTour(); else goTo(index + 1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      goTo(index - 1);
    }
  };

  const pad = 6;
  return (
    <>
      {target && (
        <div
          className="tour-spot"
          aria-hidden="true"
          style={{ left: target.left - pad, top: target.top - pad, width: target.width + 2 * pad, height: target.height + 2 * pad }}
        />
      )}
      <div
        ref={pop}
        className="tour-step"
        role="dialog"
        aria-modal="false"
        aria-labelledby={titleId}
        aria-describedby={textId}
        data-step={index}
        data-target-found={target ? 'yes' : 'no'}
        style={pos ? { left: pos.left, top: pos.top } : { left: 0, top: 0, visibility: 'hidden' }}
        onKeyDown={onKeyDown}
      >
        <p className="tour-count">Tour · step {index + 1} of {TOUR_STEPS.length}</p>
        <h2 id={titleId} ref={heading} tabIndex={-1}>{step.title}</h2>
        <p id={textId}>{step.text}</p>
        <div className="tour-buttons">
          <button type="button" onClick={() => goTo(index - 1)} disabled={index === 0}>Back</button>
          <button type="button" className="primary" onClick={() => (last ? endTour() : goTo(index + 1))}>{last ? 'Finish' : 'Next'}</button>
          <button type="button" onClick={endTour}>Skip tour</button>
        </div>
        <p className="hint">← and → move between steps · Esc skips the tour</p>
      </div>
    </>
  );
}
