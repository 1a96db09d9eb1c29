// The pool on the topology picture (drawn over the nodes of app/views/fabric/Topology.tsx): each pooled
// device says its kind (MHD / DCD) and heads, and shows which host holds how much of it, as
// coloured segments along its bottom edge (one colour per host, the rest of the strip free);
// each host shows how many VMs run on it; every device says how much memory VMs hold on it
// (GiB of the modelled machine; a DRAM only where the layout left room above it). The picture's text alternative is TopologyText's
// pool table (app/pool-text.ts); hovering a segment names its host and GiB.
import * as d3 from 'd3';
import { useMemo } from 'react';
import type { EngineMeta } from '../../../src/engine/meta';
import { DEVICE as DEVICE_ROW, DEVICE_WIDTH, POOL_DEVICE, POOL_DEVICE_WIDTH } from '../../../src/engine/snapshot';
import { fmt, fmtInt } from '../../format';
import type { LiveData } from '../../live';
import { hostVms, poolSnapOk } from '../../pool-text';
import { useRunTick } from '../../use-live';

/** The extent strip along a device's bottom edge: inset from its sides, up from its bottom. */
const STRIP = { inset: 8, up: 8, h: 6 };
/** A host's VMs sit on its third line (Topology's hostLines). */
const VMS_Y = 21;

/** Up to this many hosts each get a colour of their own; more hues than this cannot be told apart in a thin strip. */
export const KEYED_HOSTS = 10;

/** One colour per host: Tableau's ten for up to ten hosts, else evenly around a sinebow. */
export function hostColours(n: number): string[] {
  return n <= KEYED_HOSTS ? d3.schemeTableau10.slice(0, n) : d3.quantize((t) => d3.interpolateSinebow(t * (1 - 1 / n)), n);
}

export function PoolMarks({ run, meta, geom, names, dramVms }: { run: LiveData; meta: EngineMeta; geom: ReadonlyMap<string, { x: number; y: number; w: number; h: number }>; names: ReadonlyMap<string, string>; dramVms: boolean }) {
  useRunTick(run);
  const colours = useMemo(() => hostColours(meta.hosts.length), [meta]);
  const pool = meta.pool;
  if (!pool) return null;
  const snap = poolSnapOk(meta, run.latest) && run.epochsDone > 0 ? run.latest : null;
  const H = meta.hosts.length;
  const vmGiB = (i: number) => (snap ? snap.device[i * DEVICE_WIDTH + DEVICE_ROW.vmGiB] : 0);
  const pooled = new Set(pool.devices.map((d) => d.device));
  // Beyond KEYED_HOSTS, segments alternate two shades of one colour (which host: hover, or the
  // text alternative) instead of 16 hues nobody can match to a 6 px key.
  const keyed = H <= KEYED_HOSTS;
  let segment = 0;
  return (
    <g className="pool-marks" aria-hidden="true">
      {pool.devices.map((d, k) => {
        const dev = meta.devices[d.device], p = geom.get(dev.id);
        if (!p) return null;
        const cap = snap ? snap.poolDevice[k * POOL_DEVICE_WIDTH + POOL_DEVICE.capacityGiB] : 0;
        const span = p.w - 2 * STRIP.inset, y = p.h / 2 - STRIP.up;
        let x = -p.w / 2 + STRIP.inset;
        segment = 0;
        return (
          <g key={dev.id} transform={`translate(${p.x},${p.y})`} data-pool-device={dev.id}>
            <text className="pool-kind" y={-p.h / 2 - 5}>{d.kind.toUpperCase()} · {d.heads.length} heads{snap ? ` · VMs ${fmt(vmGiB(d.device), 0)} GiB` : ''}</text>
            <rect className="bar-bg" x={x} y={y} width={span} height={STRIP.h} rx={1.5} />
            {snap && cap > 0 && Array.from({ length: H }, (_, h) => {
              const g = snap.extents[k * H + h];
              if (!(g > 0)) return null;
              const w = (g / cap) * span, at = x;
              x += w;
              const fill = keyed ? colours[h] : undefined;
              return (
                <rect key={h} className={`pool-extent${keyed ? '' : segment++ % 2 ? ' shade-b' : ' shade-a'}`} data-host={meta.hosts[h].id} x={at} y={y} width={w} height={STRIP.h} fill={fill}>
                  <title>{`${names.get(meta.hosts[h].id) ?? meta.hosts[h].name}: ${fmt(g, 0)} GiB of ${names.get(dev.id) ?? dev.name}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      {meta.devices.map((dev, i) => {
        const p = geom.get(dev.id);
        if (!p || pooled.has(i) || !snap || dev.kind !== 'dram' || !dramVms) return null;
        return <text key={dev.id} className="pool-kind" data-vm-device={dev.id} transform={`translate(${p.x},${p.y})`} y={-p.h / 2 - 5}>VMs {fmt(vmGiB(i), 0)} GiB</text>;
      })}
      {meta.hosts.map((h, i) => {
        const p = geom.get(h.id);
        if (!p) return null;
        const n = hostVms(snap, i);
        return (
          <g key={h.id} transform={`translate(${p.x},${p.y})`} data-pool-host={h.id}>
            {keyed && <rect className="pool-host-key" x={-p.w / 2 + 5} y={VMS_Y - 8} width={7} height={7} fill={colours[i]} />}
            <text className="pool-vms" y={VMS_Y}>{snap ? `${fmtInt(n)} VM${n === 1 ? '' : 's'}` : ''}</text>
          </g>
        );
      })}
    </g>
  );
}
