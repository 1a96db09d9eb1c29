// Every importer, and the one entry point the app and the CLI call: the format is detected from
// the content (the importer most sure of it wins), the size is bounded, and whatever happens the
// answer is a scenario with its notes or a one-line error.
import { cxlListImporter } from './cxl-list';
import { hwlocImporter } from './hwloc';
import { numactlImporter } from './numactl';
import { MAX_IMPORT_BYTES, oneLine, type ImportResult, type Importer } from './types';

export const IMPORTERS: readonly Importer[] = [hwlocImporter, numactlImporter, cxlListImporter];

export type MachineImport = ImportResult & { format?: Importer['id']; formatName?: string };

/** The importer most sure the text is its format, or null. */
export function detectFormat(text: string): Importer | null {
  let best: Importer | null = null;
  let conf = 0;
  for (const imp of IMPORTERS) {
    const c = imp.detect(text);
    if (c > conf) { conf = c; best = imp; }
  }
  return best;
}

/** A machine description (hwloc XML, numactl --hardware, cxl list JSON) -> a scenario, or a one-line error. */
export function importMachine(text: string): MachineImport {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: `the file is larger than ${MAX_IMPORT_BYTES / 1048576} MiB` };
  if (text.trim() === '') return { ok: false, error: 'the file is empty' };
  const imp = detectFormat(text);
  if (!imp) return { ok: false, error: `not a format this app reads: expected ${IMPORTERS.map((i) => i.name).join(', ')}` };
  try {
    const r = imp.parse(text);
    return r.ok ? { ...r, format: imp.id, formatName: imp.name } : { ok: false, error: `${imp.name}: ${r.error}`, format: imp.id, formatName: imp.name };
  } catch (e) {
    // A bug, not the file: still one line, never a crash of the caller.
    return { ok: false, error: `${imp.name}: could not be read (${oneLine(e instanceof Error ? e.message : String(e))})` };
  }
}
