// Real files from the tools' own test suites and documentation (hwloc's tests/hwloc/xml, the
// kernel's and ndctl's cxl list listings, numactl outputs from real machines), kept outside the
// repository: every file in CXL_IMPORT_SAMPLES (or ../shared/import-samples beside the
// repository) is imported and checked against its own content: its NUMA nodes with memory
// become nodes of the numactl view with their sizes (MB, rounded down), a numactl file's
// distances come back exactly, a cxl list's memdevs all become CXL devices.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMachine } from './registry';
import { kernelView } from '../kernel-view/views';

const dir = process.env.CXL_IMPORT_SAMPLES ?? fileURLToPath(new URL('../../../shared/import-samples/', import.meta.url));
const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(xml|txt|json)$/.test(f)) : [];

/** hwloc: os_index -> MiB of each NUMA node with memory (the file's own numbers). */
function hwlocNodes(xml: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of xml.matchAll(/<object type="NUMANode"[^>]*>/g)) {
    const os = /os_index="(\d+)"/.exec(m[0]), mem = /local_memory="(\d+)"/.exec(m[0]);
    if (os && mem && Number(mem[1]) > 0) out.set(Number(os[1]), Number(mem[1]) / 1048576);
  }
  return out;
}

describe.skipIf(files.length === 0)(`real samples in ${dir}`, () => {
  it.each(files)('%s imports with its nodes and sizes, and prints them back', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const r = importMachine(text);
    if (!r.ok) {
      // Files that describe no memory at all (synthetic topologies) may be refused, in one line.
      expect(r.error).toMatch(/no memory|no NUMA node|no PU|no memdev/);
      return;
    }
    const view = kernelView('numactl', r.scenario);
    if (r.format === 'hwloc-xml') {
      for (const [os, mb] of hwlocNodes(text)) expect(view).toContain(`node ${os} size: ${Math.floor(mb)} MB\n`);
    } else if (r.format === 'numactl') {
      const sizes = [...text.matchAll(/^node (\d+) size: (\d+) MB$/gm)].filter((m) => m[2] !== '0');
      for (const m of sizes) expect(view).toContain(`node ${m[1]} size: ${m[2]} MB\n`);
      const dist = text.slice(text.indexOf('node distances:')).trim().split('\n').map((l) => l.trim().split(/\s+/).join(' '));
      expect(view.slice(view.indexOf('node distances:')).trim().split('\n').map((l) => l.trim().split(/\s+/).join(' '))).toEqual(dist);
    } else {
      const memdevs = new Set([...text.matchAll(/"memdev":"(mem\d+)"/g)].map((m) => m[1]));
      for (const m of memdevs) expect(r.scenario.devices.some((d) => d.id === m && d.kind === 'cxl')).toBe(true);
    }
  });
});
