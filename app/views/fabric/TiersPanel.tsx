// Linux memory tiers, shown as /sys/devices/virtual/memory_tiering lists them: one
// memory_tierN per 128-wide band of abstract distance, with its nodes. Each device's abstract
// distance is editable; a change restarts the run and the tiers regroup.
import { memo, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { CAL, MEMTIER_CHUNK } from '../../../src/platform/calibration';
import type { EngineMeta } from '../../../src/engine/meta';
import { BOUNDS } from '../../../src/scenario/bounds';
import type { Scenario } from '../../../src/scenario/schema';
import { applyEdit } from '../../actions';
import { nodeList } from '../../format';
import { nodeNames, withAdistance } from '../../scenario-edit';
import { distanceVsTier, fastTierText } from '../../tier-labels';
import { useApp } from '../../store';
import { NumberField } from '../run/NumberField';
import { Term } from '../teaching/Term';

/** A large fabric's lists fold (fields) or flow in lines (tier members) past these counts. */
const FOLD_FIELDS = 16;
const COMPACT_NODES = 8;

/**
 * The per-device fields, folded behind one line when there are many (a 96-device fabric), and
 * only in the page while unfolded: 96 fields (and their reset buttons) nobody sees would cost
 * every edit their render, style and layout.
 */
function Fold({ count, children }: { count: number; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  if (count <= FOLD_FIELDS) return <>{children()}</>;
  return (
    <details className="adistance-fold" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Edit the abstract distance of each of the {count} memory devices</summary>
      {open && children()}
    </details>
  );
}

export function TiersPanel() {
  // Deferred: an edit's render draws the picture first; this card follows in a render React
  // can interrupt.
  const scenario = useDeferredValue(useApp((s) => s.scenario)!);
  const meta = useDeferredValue(useApp((s) => s.meta));
  return <Tiers scenario={scenario} meta={meta} />;
}

const Tiers = memo(function Tiers({ scenario, meta }: { scenario: Scenario; meta: EngineMeta | null }) {
  const names = nodeNames(scenario);
  const texts = useMemo(() => (meta ? { fast: fastTierText(meta, names), distance: distanceVsTier(meta, names) } : null), [meta, names]);
  return (
    <section className="card tiers" aria-labelledby="tiers-title">
      <div className="panel-head">
        <h2 id="tiers-title"><Term id="memory-tier">Memory tiers</Term></h2>
        <code className="muted">/sys/devices/virtual/memory_tiering</code>
      </div>
      {meta ? <TierTable meta={meta} names={names} /> : <p className="muted">Loading…</p>}
      {texts && (
        <>
          <p className="hint" data-testid="fast-tier-def">
            <strong>Fast tier</strong> (what the fast-tier share counts): {texts.fast}.
          </p>
          <p className="hint" data-testid="distance-vs-tier">{texts.distance}</p>
        </>
      )}
      <h3>Abstract distance per memory device</h3>
      <p className="hint">
        Linux puts nodes whose abstract distance falls in the same {MEMTIER_CHUNK}-wide band into one tier (defaults: DRAM{' '}
        {CAL.adistanceDram.value}, CXL {CAL.adistanceCxl.value}). Enter a value and press Enter: the run restarts and the tiers regroup.
      </p>
      <Fold count={scenario.devices.length}>{() => (
      <div className="adistance-list">
        {scenario.devices.map((d) => {
          const dflt = d.kind === 'dram' ? CAL.adistanceDram.value : CAL.adistanceCxl.value;
          const name = names.get(d.id) ?? d.id;
          return (
            <NumberField
              key={`${d.id}:${d.adistance ?? ''}`}
              label={name}
              value={d.adistance}
              defaultValue={dflt}
              min={BOUNDS.adistance.min}
              max={BOUNDS.adistance.max}
              integer
              commit={(v) => applyEdit(withAdistance(scenario, d.id, v))}
              reset={() => void applyEdit(withAdistance(scenario, d.id, undefined))}
              resetLabel={`Reset the abstract distance of ${name} to the default (${dflt})`}
            />
          );
        })}
      </div>
      )}</Fold>
    </section>
  );
});

function TierTable({ meta, names }: { meta: EngineMeta; names: ReadonlyMap<string, string> }) {
  const node = new Map(meta.devices.map((d, i) => [d.id, i] as const));
  return (
    <table className="tier-table">
      <caption className="visually-hidden">Memory tiers, fastest first</caption>
      <thead>
        <tr>
          <th scope="col">Tier</th>
          <th scope="col"><Term id="abstract-distance">Abstract distance</Term></th>
          <th scope="col">nodelist</th>
          <th scope="col">Nodes</th>
        </tr>
      </thead>
      <tbody>
        {meta.tiers.map((t) => (
          <tr key={t.index} data-tier={t.index}>
            <th scope="row">
              <code>memory_tier{Math.floor(t.adistanceStart / MEMTIER_CHUNK)}</code>
              <span className="muted"> · tier {t.index}{t.index === 0 ? ' (fastest)' : ''}</span>
            </th>
            <td>{t.adistanceStart}–{t.adistanceEnd}</td>
            <td><code>{nodeList(t.devices.map((id) => node.get(id) ?? -1))}</code></td>
            <td className={t.devices.length > COMPACT_NODES ? 'compact' : undefined}>
              {t.devices.map((id) => {
                const d = meta.devices[node.get(id)!];
                return (
                  <span key={id} className="tier-node">
                    <span className={`kind-dot ${d.kind}`} aria-hidden="true" />
                    node {node.get(id)}: {names.get(id) ?? d.name} <span className="muted">({d.kind === 'dram' ? 'DRAM' : 'CXL'}, {d.adistance})</span>
                  </span>
                );
              })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
