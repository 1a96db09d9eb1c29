// Interleave sets in the topology: each set drawn as what NUMA sees, one node around its member
// devices (a dashed outline over their boxes, labelled "4-way interleave, 4 KiB"), behind the
// devices so their bars and load stay readable. The text view names the same sets.
import type { Scenario } from '../../../src/scenario/schema';

/** "4-way interleave, 4 KiB": ways and granularity of a set. */
export function interleaveLabel(set: { devices: readonly string[]; granularityB: number }): string {
  const g = set.granularityB;
  return `${set.devices.length}-way interleave, ${g >= 1024 && g % 1024 === 0 ? `${g / 1024} KiB` : `${g} B`}`;
}

import { SET_LABEL_H as LABEL_H, SET_PAD as PAD } from './layout';

/** The outlines of a scenario's interleave sets, around their members' boxes (`geom`: each drawn node's centre and size). */
export function InterleaveOutlines({ scenario, geom }: { scenario: Scenario; geom: ReadonlyMap<string, { x: number; y: number; w: number; h: number }> }) {
  const sets = scenario.interleaveSets ?? [];
  if (sets.length === 0) return null;
  return (
    <g className="interleave-sets">
      {sets.map((set) => {
        const ps = set.devices.map((d) => geom.get(d)).filter((p) => p !== undefined);
        if (ps.length === 0) return null;
        const x0 = Math.min(...ps.map((p) => p.x - p.w / 2)) - PAD, x1 = Math.max(...ps.map((p) => p.x + p.w / 2)) + PAD;
        const y0 = Math.min(...ps.map((p) => p.y - p.h / 2)) - PAD - LABEL_H, y1 = Math.max(...ps.map((p) => p.y + p.h / 2)) + PAD;
        const label = interleaveLabel(set);
        return (
          <g key={set.id} className="interleave-set" data-set={set.id} role="img" aria-label={`Interleave set ${set.id}: ${label} over ${set.devices.join(', ')}, one memory node`}>
            <rect x={x0} y={y0} width={x1 - x0} height={y1 - y0} rx={12} />
            <text x={(x0 + x1) / 2} y={y0 + LABEL_H - 4}>{`${set.id}: ${label}`}</text>
          </g>
        );
      })}
    </g>
  );
}
