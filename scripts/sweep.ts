// Sweeps: `npm run sweep --silent -- --help`. One scenario over the combinations of the varied
// keys' values, policies and seeds; one row per run, streamed in a stable order.
// Exit codes: 0 ok, 2 bad input (one line on stderr), 1 unexpected error (one line on stderr).
import { boundsText, sweepCandidates } from '../src/sweep/candidates';
import { csvHeader, csvRow, jsonRow } from '../src/sweep/format';
import { SweepError } from '../src/sweep/keys';
import { parseShard, planSweep, rowAt, shardRange, type SweepPlan } from '../src/sweep/plan';
import { UsageError } from './cli/args';
import { isEntry, writeAll } from './cli/io';
import { loadSource, oneLine } from './cli/load';
import { RowError, runRows } from './cli/sweep-pool';
import { SWEEP_USAGE, parseSweepArgs } from './cli/sweep-args';
import type { Io } from './sim';

/** Rows written per chunk when a worker pool returns several at once (a chunk per row otherwise). */
const CHUNK_ROWS = 64;

/** The whole command: argv in, rows out (streamed), exit code back. Never rejects. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const opts = parseSweepArgs(argv);
    if (opts.command === 'help') {
      io.out(SWEEP_USAGE + '\n');
      return 0;
    }
    const note = (line: string) => io.err(`sweep: ${line}\n`);
    const base = loadSource(opts.source, note);
    if (opts.command === 'list-keys') {
      io.out(sweepCandidates(base).map((c) => `${c.key}  ${boundsText(c.leaf)}${c.current !== undefined ? `  now ${c.current}` : ''}  ${c.group}: ${c.label}\n`).join(''));
      return 0;
    }
    let plan: SweepPlan;
    let range: { start: number; end: number };
    try {
      plan = planSweep(base, opts.spec);
      range = shardRange(plan.rows, opts.shard === undefined ? undefined : parseShard(opts.shard));
    } catch (e) {
      if (e instanceof SweepError) throw new UsageError(e.message);
      throw e;
    }
    if (opts.format === 'csv' && opts.header) io.out(csvHeader(plan) + '\n');
    const line = opts.format === 'csv' ? csvRow : jsonRow;
    let buf = '';
    let pending = 0;
    try {
      await runRows(plan, opts.spec, range, opts.jobs, (i, figures) => {
        buf += line(plan, rowAt(plan, i), figures) + '\n';
        // One job: every row as it is done. Several: rows that arrive together leave together.
        if (opts.jobs === 1 || ++pending >= CHUNK_ROWS || i === range.end - 1) { io.out(buf); buf = ''; pending = 0; }
      });
    } catch (e) {
      if (buf) io.out(buf);
      if (e instanceof RowError) {
        const row = rowAt(plan, e.index);
        throw new UsageError(`row ${e.index + 1} (${plan.axes.map((a, k) => `${a.key.text}=${row.values[k]}`).join(', ')}, policy ${row.policy}, seed ${row.seed}) cannot run: ${e.message}`);
      }
      throw e;
    }
    return 0;
  } catch (e) {
    const usage = e instanceof UsageError;
    const message = e instanceof Error ? e.message : String(e);
    io.err(`sweep: ${usage ? '' : 'internal error: '}${oneLine(message)}\n`);
    return usage ? 2 : 1;
  }
}

if (isEntry(import.meta.url)) {
  main(process.argv.slice(2), { out: (s) => writeAll(1, s), err: (s) => writeAll(2, s) }).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      try { writeAll(2, `sweep: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`); } catch { /* nothing left to tell */ }
      process.exitCode = 1;
    },
  );
}
