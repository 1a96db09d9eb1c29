// The topology as text: nodes and their connections, link load, and the numactl-style
// distance matrix (the text alternative of the picture). The tables are built only while
// open, and the distance matrix (hosts x devices cells) only when the scenario changes: a
// closed panel costs nothing per frame.
import { useMemo, useState } from 'react';
import type { EngineMeta } from '../../../src/engine/meta';
import { LINK_FIELDS, LINK_WIDTH } from '../../../src/engine/snapshot';
import { live } from '../../actions';
import { fmt, gbps, kindName, pct } from '../../format';
import { topologyNodes } from '../../scenario-edit';
import { useApp } from '../../store';
import { useLiveTick } from '../../use-live';
import { hostVms, poolDeviceText } from '../../pool-text';
import { interleaveLabel } from './InterleaveSets';

const LINK_UTIL = LINK_FIELDS.indexOf('utilisation');
const LINK_BW = LINK_FIELDS.indexOf('bandwidthGBps');
const LINK_COH = LINK_FIELDS.indexOf('coherencyGBps');

export function TopologyText() {
  const [open, setOpen] = useState(false);
  const pooled = useApp((st) => !!st.meta?.pool);
  return (
    <details className="topology-text" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Topology as text: nodes, links{pooled ? ', the pool' : ''} and NUMA distances</summary>
      {open && <Tables />}
    </details>
  );
}

function Tables() {
  const scenario = useApp((s) => s.scenario)!;
  const meta = useApp((s) => s.meta);
  const shared = (meta?.sharedRegions.length ?? 0) > 0;
  useLiveTick();
  const nodes = useMemo(() => topologyNodes(scenario), [scenario]);
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name] as const)), [nodes]);
  const tier = new Map(meta?.devices.map((d) => [d.id, d.tier] as const) ?? []);
  const neighbours = (id: string) => [
    ...scenario.links.filter((l) => l.a === id || l.b === id).map((l) => names.get(l.a === id ? l.b : l.a) ?? ''),
    ...scenario.devices.filter((d) => d.kind === 'dram' && (d.id === id || d.host === id))
      .map((d) => names.get(d.id === id ? d.host! : d.id) ?? ''),
  ];
  const snap = live.latest && live.meta === meta ? live.latest : null;
  // The blast radius the topology marks, in words too (the Timeline card's event shown).
  const blast = useApp((s) => s.blastHit);

  return (
    <>
      <table>
        <caption>Nodes</caption>
        <thead><tr><th scope="col">Node</th><th scope="col">Kind</th><th scope="col">Tier</th><th scope="col">Connected to</th><th scope="col">Position</th>{blast && <th scope="col">Blast radius</th>}</tr></thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id}>
              <th scope="row">{n.name}</th>
              <td>{kindName(n.kind)}</td>
              <td>{tier.get(n.id) ?? '–'}</td>
              <td>{neighbours(n.id).join(', ') || '–'}</td>
              <td>{n.x}, {n.y}</td>
              {blast && <td data-hit={blast.ids.includes(n.id) ? 'hit' : undefined}>{blast.ids.includes(n.id) ? `hit by ${blast.what}` : '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {(scenario.interleaveSets ?? []).length > 0 && (
        <table>
          <caption>Interleave sets (one memory node each, striped over its devices)</caption>
          <thead><tr><th scope="col">Node</th><th scope="col">Striping</th><th scope="col">Member devices</th></tr></thead>
          <tbody>
            {scenario.interleaveSets!.map((set) => (
              <tr key={set.id} data-set={set.id}>
                <th scope="row">{set.id}</th>
                <td>{interleaveLabel(set)}</td>
                <td>{set.devices.map((d) => names.get(d) ?? d).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {meta && meta.links.length > 0 && (
        <table>
          <caption>Links</caption>
          <thead><tr><th scope="col">Link</th><th scope="col">Capacity</th><th scope="col">Carrying</th><th scope="col">Utilisation</th>{shared && <th scope="col">Coherency (both directions)</th>}</tr></thead>
          <tbody>
            {meta.links.map((l, i) => (
              <tr key={`${l.a}|${l.b}`}>
                <th scope="row">{names.get(l.a) ?? l.a} – {names.get(l.b) ?? l.b}</th>
                <td>{gbps(l.bandwidthGBps)}</td>
                <td>{snap ? `${fmt(snap.link[i * LINK_WIDTH + LINK_BW])} GB/s` : '–'}</td>
                <td>{snap ? pct(snap.link[i * LINK_WIDTH + LINK_UTIL]) : '–'}</td>
                {shared && <td>{snap ? `${fmt(snap.link[i * LINK_WIDTH + LINK_COH])} GB/s` : '–'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {meta?.pool && (
        <table data-testid="pool-text">
          <caption>Pool {live.epochsDone > 0 ? `in epoch ${live.shownEpoch}` : ''}: who holds how much of each pooled device (GiB of the modelled machine), and the VMs on each host</caption>
          <tbody>
            {meta.pool.devices.map((d, k) => (
              <tr key={d.device}><td>{poolDeviceText(meta, snap, k, names)}</td></tr>
            ))}
            <tr><td>VMs running: {meta.hosts.map((h, i) => `${names.get(h.id) ?? h.name} ${hostVms(snap, i)}`).join(', ')}</td></tr>
          </tbody>
        </table>
      )}
      {meta && <Distances meta={meta} names={names} />}
    </>
  );
}

function Distances({ meta, names }: { meta: EngineMeta; names: Map<string, string> }) {
  return useMemo(() => (
    <table>
      <caption>Node distances (numactl --hardware style; local DRAM = 10, 0 = unreachable) and idle latency</caption>
      <thead>
        <tr>
          <th scope="col">Host \ device</th>
          {meta.devices.map((d) => <th scope="col" key={d.id}>{names.get(d.id) ?? d.id}</th>)}
        </tr>
      </thead>
      <tbody>
        {meta.hosts.map((h, i) => (
          <tr key={h.id}>
            <th scope="row">{h.name}</th>
            {meta.devices.map((d, j) => (
              <td key={d.id}>
                {meta.distance[i]?.[j] ?? '–'}
                <span className="muted"> ({Number.isFinite(meta.idleLatencyNs[i]?.[j]) ? `${fmt(meta.idleLatencyNs[i][j], 0)} ns` : 'unreachable'})</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  ), [meta, names]);
}
