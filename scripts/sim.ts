// Headless CXL Playground: `npm run sim --silent -- --help`.
// Exit codes: 0 ok, 2 bad input (one line on stderr), 1 unexpected error (one line on stderr).
import { realpathSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICIES } from '../src/policies/registry';
import { POOL_MANAGERS } from '../src/pool-managers/registry';
import { USAGE, UsageError, parseArgs } from './cli/args';
import { listPresets } from './cli/presets';
import { loadScenario, oneLine } from './cli/load';
import { runAndWrite, type Write } from './cli/report';
import { printOutput } from './cli/kernel-view';

export interface Io {
  out: Write;
  err: Write;
}

/** The whole command: argv in, text out, exit code back. Never throws. */
export function main(argv: readonly string[], io: Io): number {
  try {
    const opts = parseArgs(argv);
    switch (opts.command) {
      case 'help':
        io.out(USAGE + '\n');
        return 0;
      case 'list-presets':
        io.out(listPresets().map((p) => `${p.name.toLowerCase()}  ${p.description}\n`).join(''));
        return 0;
      case 'list-policies':
        io.out(POLICIES.map((p) => `${p.name.toLowerCase()}  ${p.description}\n`).join(''));
        return 0;
      case 'list-pool-managers':
        io.out(POOL_MANAGERS.map((m) => `${m.name}  ${m.description}\n`).join(''));
        return 0;
      case 'run': {
        const scenario = loadScenario(opts.source, opts.overrides, (line) => io.err(`sim: ${line}\n`));
        if (opts.output) io.out(printOutput(scenario, opts.output));
        else runAndWrite(scenario, opts.format, io.out);
        return 0;
      }
    }
  } catch (e) {
    const usage = e instanceof UsageError;
    const message = e instanceof Error ? e.message : String(e);
    io.err(`sim: ${usage ? '' : 'internal error: '}${oneLine(message)}\n`);
    return usage ? 2 : 1;
  }
}

/** Synchronous writes: output is complete before the process ends, even into a pipe. */
function writeAll(fd: number, text: string): void {
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

function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  try {
    process.exitCode = main(process.argv.slice(2), { out: (s) => writeAll(1, s), err: (s) => writeAll(2, s) });
  } catch (e) {
    // Only a failing write of the output itself gets here.
    try { writeAll(2, `sim: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`); } catch { /* nothing left to tell */ }
    process.exitCode = 1;
  }
}
