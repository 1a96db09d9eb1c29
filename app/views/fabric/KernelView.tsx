// "What Linux sees": the kernel views of the scenario's machine (numactl --hardware, cxl list,
// daxctl list, the memory tiers), the same text as the CLI's --kernel-view, live during a run:
// each node's free memory is its capacity less the pages the latest snapshot puts on it.
import { useDeferredValue, useMemo, useState } from 'react';
import { DEVICE, DEVICE_WIDTH } from '../../../src/engine/snapshot';
import { buildMachine, withUsage } from '../../../src/kernel-view/machine';
import { KERNEL_VIEWS, type KernelViewId } from '../../../src/kernel-view/views';
import { live } from '../../actions';
import { useLiveTick } from '../../use-live';
import { useApp } from '../../store';

/** How often the card follows a playing run: text a reader takes in, not a frame's worth. */
const FOLLOW_MS = 500;

export function KernelView() {
  useLiveTick(FOLLOW_MS);
  const scenarioNow = useApp((s) => s.scenario)!;
  const metaNow = useApp((s) => s.meta);
  const snapNow = metaNow && live.meta === metaNow && live.latest && live.epochsDone > 0 ? live.latest : null;
  const epochsNow = snapNow ? live.epochsDone : 0;
  // Deferred, all together: an edit's render shows the picture first; this card follows in a
  // render React can interrupt (the run's meta and snapshot read here as they were seen, not
  // live, or the machine would be built again in the edit's own render).
  const seen = useDeferredValue(useMemo(() => ({ scenario: scenarioNow, meta: metaNow, snap: snapNow, epochs: epochsNow }), [scenarioNow, metaNow, snapNow, epochsNow]));
  const { scenario, meta, snap, epochs } = seen;
  const [view, setView] = useState<KernelViewId>('numactl');
  // The machine once per scenario (on the topology the validator built: buildMachine takes it
  // from topologyOf); a snapshot only changes its nodes' free memory (withUsage).
  const machine = useMemo(() => {
    try {
      return buildMachine(scenario);
    } catch (e) {
      return `(cannot show this view: ${e instanceof Error ? e.message : String(e)})`;
    }
  }, [scenario]);
  const sized = meta !== null && snap !== null && meta.devices.length === scenario.devices.length;
  const def = KERNEL_VIEWS.find((v) => v.id === view)!;
  const text = useMemo(() => {
    if (typeof machine === 'string') return machine;
    let usedMB: Record<string, number> | undefined;
    if (meta && snap && sized) {
      usedMB = {};
      meta.devices.forEach((d, i) => { usedMB![d.id] = (snap.device[i * DEVICE_WIDTH + DEVICE.pages] * meta.pageBytes) / 1048576; });
    }
    try {
      return def.print(usedMB ? withUsage(machine, usedMB) : machine);
    } catch (e) {
      return `(cannot show this view: ${e instanceof Error ? e.message : String(e)})`;
    }
  }, [def, machine, meta, snap, sized]);
  return (
    <section className="card kernel-view" aria-labelledby="kernel-view-title">
      <div className="panel-head">
        <h2 id="kernel-view-title">What Linux sees</h2>
        <span className="muted">{sized ? `after epoch ${epochs}` : 'at boot, nothing allocated'}</span>
      </div>
      <div className="segmented" role="group" aria-label="Kernel view">
        {KERNEL_VIEWS.map((v) => (
          <button key={v.id} type="button" aria-pressed={view === v.id} onClick={() => setView(v.id)}>{v.id === 'tiers' ? 'memory tiers' : v.id.replace('-', ' ')}</button>
        ))}
      </div>
      <pre className="kernel-text" data-testid="kernel-view-text" aria-label={def.command}><span className="muted"># {def.command}</span>{'\n'}{text || '(nothing listed)\n'}</pre>
    </section>
  );
}
