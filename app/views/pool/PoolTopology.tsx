// The pool on the topology picture (drawn over the nodes of app/views/fabric/Topology.tsx): each pooled
// device says its kind (MHD / DCD) and heads, and shows which host holds how much of it, as
// coloured segments along its bottom edge (one colour per host, the rest of the strip free);
// each host shows how many VMs run on it. The picture's text alternative is TopologyText's
// pool table (app/pool-text.ts); hovering a segment names its host and GiB.
import * as d3 from 'd3';
import { useMemo } from 'react';
import type { EngineMeta } from '../../../src/engine/meta';
import { POOL_DEVICE, POOL_DEVICE_WIDTH } from '../../../src/engine/snapshot';
import { fmt, fmtInt } from '../../format';
import type { LiveData } from '../../live';
import { hostVms, poolSnapOk } from '../../pool-text';
import { useRunTick } from '../../use-live';

/** The device and host boxes of Topology.tsx (SIZE there): where the marks sit. */
const DEVICE = { w: 164, h: 78 };
const HOST = { w: 130, h: 46 };
const STRIP = { inset: 8, y: 31, h: 6 };

/** Up to this many hosts each get a colour of their own; more hues than this cannot be told apart in a thin strip. */
export const KEYED_HOSTS = 10;

/** One colour per host: Tableau's ten for up to ten hosts, else evenly around a sinebow. */
export function hostColours(n: number): string[] {
  return n <= KEYED_HOSTS ? d3.schemeTableau10.slice(0, n) : d3.quantize((t) => d3.interpolateSinebow(t * (1 - 1 / n)), n);
}

export function PoolMarks({ run, meta, pos, names }: { run: LiveData; meta: EngineMeta; pos: ReadonlyMap<string, { x: number; y: number }>; names: ReadonlyMap<string, string> }) {
  useRunTick(run);
  const colours = useMemo(() => hostColours(meta.hosts.length), [meta]);
  const pool = meta.pool;
  if (!pool) return null;
  const snap = poolSnapOk(meta, run.latest) && run.epochsDone > 0 ? run.latest : null;
  const H = meta.hosts.length, span = DEVICE.w - 2 * STRIP.inset;
  // Beyond KEYED_HOSTS, segments alternate two shades of one colour (which host: hover, or the
  // text alternative) instead of 16 hues nobody can match to a 6 px key.
  const keyed = H <= KEYED_HOSTS;
  let segment = 0;
  return (
    <g className="pool-marks" aria-hidden="true">
      {pool.devices.map((d, k) => {
        const dev = meta.devices[d.device], p = pos.get(dev.id);
        if (!p) return null;
        const cap = snap ? snap.poolDevice[k * POOL_DEVICE_WIDTH + POOL_DEVICE.capacityGiB] : 0;
        let x = -DEVICE.w / 2 + STRIP.inset;
        segment = 0;
        return (
          <g key={dev.id} transform={`translate(${p.x},${p.y})`} data-pool-device={dev.id}>
            <text className="pool-kind" y={-DEVICE.h / 2 - 5}>{d.kind.toUpperCase()} · {d.heads.length} heads</text>
            <rect className="bar-bg" x={x} y={STRIP.y} width={span} height={STRIP.h} rx={1.5} />
            {snap && cap > 0 && Array.from({ length: H }, (_, h) => {
              const g = snap.extents[k * H + h];
              if (!(g > 0)) return null;
              const w = (g / cap) * span, at = x;
              x += w;
              const fill = keyed ? colours[h] : undefined;
              return (
                <rect key={h} className={`pool-extent${keyed ? '' : segment++ % 2 ? ' shade-b' : ' shade-a'}`} data-host={meta.hosts[h].id} x={at} y={STRIP.y} width={w} height={STRIP.h} fill={fill}>
                  <title>{`${names.get(meta.hosts[h].id) ?? meta.hosts[h].name}: ${fmt(g, 0)} GiB of ${names.get(dev.id) ?? dev.name}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      {meta.hosts.map((h, i) => {
        const p = pos.get(h.id);
        if (!p) return null;
        const n = hostVms(snap, i);
        return (
          <g key={h.id} transform={`translate(${p.x},${p.y})`} data-pool-host={h.id}>
            {keyed && <rect className="pool-host-key" x={-HOST.w / 2 + 4} y={-HOST.h / 2 + 4} width={6} height={6} fill={colours[i]} />}
            <text className="pool-vms" x={HOST.w / 2 - 5} y={-HOST.h / 2 + 11}>{snap ? `${fmtInt(n)} VM${n === 1 ? '' : 's'}` : ''}</text>
          </g>
        );
      })}
    </g>
  );
}
