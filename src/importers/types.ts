// The contract every importer keeps (one per file, listed in registry.ts, checked by
// contract.test.ts): it says how sure it is that a text is its format, and turns the text into
// a scenario with notes of what it read and what it assumed, or a one-line error that names
// the line or field. It never throws: anything wrong with the text is an error result.
import type { Scenario } from '../scenario/schema';

/** The largest file an importer reads (bytes; a string of at most this many characters). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

export type ImportResult =
  | {
    ok: true;
    scenario: Scenario;
    /** What was taken from the file, one note per thing ("node 2: 256 GiB, CXL (CXLDevice 0000:0d:00.0)"). */
    read: string[];
    /** What the file does not say and was filled in ("latency: the platform's CXL expander, 250 ns"). */
    assumed: string[];
  }
  | { ok: false; error: string };

export interface Importer {
  id: 'hwloc-xml' | 'numactl' | 'cxl-list';
  /** The format in words, for the summary and errors. */
  name: string;
  /** How sure it is that the text is its format: 0 = not at all, 1 = certain. Cheap, never throws. */
  detect(text: string): number;
  parse(text: string): ImportResult;
}

/** Something wrong with the input, said in one line (with its line or field). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** Runs a parser: an ImportError becomes the error result; anything else is a bug and is thrown on. */
export function guarded(parse: () => ImportResult): ImportResult {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: oneLine(e.message) };
    throw e;
  }
}

export function oneLine(s: string, max = 300): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

/** User text quoted for an error, short and on one line. */
export function shown(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ');
  return JSON.stringify(t.length > max ? `${t.slice(0, max)}...` : t);
}
