// `numactl --hardware` for the scenario's machine, byte for byte as numactl 2.0.x prints it
// (numactl.c hardware(), print_node_cpus(), print_distances(), fmt_mem()), so that the numactl
// importer reads it back: importing this text and printing it again gives the same text.
import type { Scenario } from '../scenario/schema';
import { buildMachine, type Machine, type MachineState } from './machine';

/** "% 4d": at least 4 wide, right-aligned (the space flag only matters for signs). */
const d4 = (n: number) => String(n).padStart(4, ' ');

/** numactl's "(0-1,3)" of the node numbers, with its own range logic. */
function nodeRanges(ids: number[]): string {
  const set = new Set(ids);
  const max = ids.length ? Math.max(...ids) : 0;
  let out = '';
  let prev = -1;
  let skip = false;
  for (let i = 0; i <= max; i++) {
    if (!set.has(i)) continue;
    if (prev === -1) { out += String(i); prev = i; continue; }
    if (i > prev + 1) {
      if (skip) { out += String(prev); skip = false; }
      out += `,${i}`;
      prev = i;
      continue;
    }
    if (i === prev + 1) {
      if (!skip) { out += '-'; skip = true; }
      prev = i;
    }
    if (i === max && skip) out += String(prev);
  }
  return out;
}

/** numactl --hardware of a machine picture. */
export function numactlText(m: Machine): string {
  const ids = m.nodes.map((n) => n.id);
  let out = `available: ${ids.length} nodes (${nodeRanges(ids)})\n`;
  for (const n of m.nodes) {
    out += `node ${n.id} cpus:${n.cpus.map((c) => ` ${c}`).join('')}\n`;
    out += `node ${n.id} size: ${Math.floor(n.sizeMB)} MB\n`;
    out += `node ${n.id} free: ${Math.floor(n.freeMB)} MB\n`;
  }
  if (m.nodes.length === 0 || m.distance[m.nodes.length - 1][0] === 0) return out + 'No distance information available.\n';
  out += 'node distances:\n';
  out += `node  ${ids.map((i) => `${d4(i)} `).join('')}\n`;
  m.nodes.forEach((n, i) => { out += `${d4(n.id)}: ${m.distance[i].map((x) => `${d4(x)} `).join('')}\n`; });
  return out;
}

/** numactl --hardware for the scenario's machine (host 0's server unless the state says). */
export function numactlView(s: Scenario, state?: MachineState): string {
  return numactlText(buildMachine(s, state));
}
