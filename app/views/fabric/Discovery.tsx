// Discovery: how the scenario's CXL memory comes up, from power-on to a NUMA node in a memory
// tier, one step at a time (src/kernel-view/discovery.ts declares the steps; the CLI's
// --discovery prints the same). Back / Next / Autoplay are buttons (and the arrow keys inside the
// panel); the step's devices light on the topology (data-discovery) and are named in words here.
import { lazy, Suspense, useId } from 'react';
import type { DiscoveryPer } from '../../../src/kernel-view/discovery';
import { useApp } from '../../store';

// The steps and the kernel-view code behind them load when the panel first opens (a chunk of
// their own): the first screen does not carry them.
const DiscoverySteps = lazy(() => import('./DiscoverySteps'));

/** Opens the step-through at its first step (the lesson card's button, the panel's own). */
export function openDiscovery(per: DiscoveryPer = 'all'): void {
  useApp.setState({ discovery: { step: 0, per } });
  focusTitle(180);
}

/** The steps mount on a later frame (the first time, once their chunk has loaded): bring the step's title into view and focus it there. */
function focusTitle(frames: number): void {
  requestAnimationFrame(() => {
    const head = document.getElementById('discovery-step-title');
    if (!head) { if (frames > 0) focusTitle(frames - 1); return; }
    head.scrollIntoView({ block: 'nearest' });
    head.focus();
  });
}

export function DiscoveryPanel() {
  const open = useApp((s) => s.discovery !== null);
  const titleId = useId();
  if (!open) {
    return (
      <section className="card discovery" aria-labelledby={titleId}>
        <div className="panel-head">
          <h2 id={titleId}>Discovery</h2>
          <span className="muted">how Linux brings up CXL memory</span>
        </div>
        <p className="hint">From power-on to a NUMA node in a memory tier: CXL.io enumeration, the platform&apos;s windows, the drivers, the region, DAX, System RAM, the tier. Each step shows what the kernel prints and lights its devices on the topology.</p>
        <button type="button" onClick={() => openDiscovery('all')}>Step through discovery</button>
      </section>
    );
  }

  return (
    <Suspense fallback={<section className="card discovery open" aria-labelledby={titleId}><div className="panel-head"><h2 id={titleId}>Discovery</h2></div><p className="hint">Loading the steps…</p></section>}>
      <DiscoverySteps />
    </Suspense>
  );
}
