// Headless CXL Playground: `npm run sim --silent -- --help`.
// Exit codes: 0 ok, 2 bad input (one line on stderr), 1 unexpected error (one line on stderr).
import { POLICIES } from '../src/policies/registry';
import { POOL_MANAGERS } from '../src/pool-managers/registry';
import { USAGE, UsageError, parseArgs } from './cli/args';
import { listPresets } from './cli/presets';
import { loadScenario, oneLine } from './cli/load';
import { runAndWrite, type Write } from './cli/report';
import { printOutput } from './cli/kernel-view';
import { isEntry, writeAll } from './cli/io';

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

if (isEntry(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2), { out: (s) => writeAll(1, s), err: (s) => writeAll(2, s) });
  } catch (e) {
    // Only a failing write of the output itself gets here.
    try { writeAll(2, `sim: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`); } catch { /* nothing left to tell */ }
    process.exitCode = 1;
  }
}
