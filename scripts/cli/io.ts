// What every command of scripts/ needs from the process: synchronous writes that finish before
// it exits (also into a pipe), and whether a module is the script Node was asked to run.
import { realpathSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Synchronous writes: output is complete before the process ends, even into a pipe. */
export function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'EAGAIN') continue; // non-blocking pipe momentarily full
      if (code === 'EPIPE') process.exit(0); // the reader went away (`| head`)
      throw e;
    }
  }
}

/** Whether the module at `moduleUrl` (its import.meta.url) is the script being run. */
export function isEntry(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
