// Runs a scenario headless and writes the result as JSON or CSV. Output depends only on the
// scenario (no wall-clock fields), so the same input gives byte-identical output.
import { Engine } from '../../src/engine/engine';
import type { Scenario } from '../../src/scenario/schema';
import { POOL_WIDTH, SUMMARY_WIDTH, type EpochSummary } from '../../src/engine/snapshot';
import { reportFrom, writeJson, csvHeader, csvLine, putPoolRow, putRow, CHUNK_LINES, type RunReport, type Write } from '../../src/engine/report';
export { round, DIGITS, writeJson, csvLine, csvHeader, CSV_HEADER } from '../../src/engine/report';
export type { RunReport, DeviceReport, RunSummary, Write } from '../../src/engine/report';
import { UsageError, type Format } from './args';

/** Creates the engine; a scenario it refuses is the user's input, so a UsageError. */
function createEngine(scenario: Scenario): Engine {
  try {
    return new Engine(scenario);
  } catch (e) {
    throw new UsageError(`cannot run the scenario: ${e instanceof Error ? e.message : String(e)}`);
  }
}


/** Runs scenario.epochs epochs and gathers everything the JSON report shows. */
export function runScenario(scenario: Scenario, onEpoch?: (s: EpochSummary) => void): RunReport {
  const engine = createEngine(scenario);
  const n = scenario.epochs;
  const rows = new Float64Array(onEpoch ? 0 : n * SUMMARY_WIDTH);
  const pool = engine.hasPool && !onEpoch ? new Float64Array(n * POOL_WIDTH) : null;
  for (let i = 0; i < n; i++) {
    const s = engine.step();
    if (onEpoch) onEpoch(s);
    else putRow(rows, i, s);
    if (pool) putPoolRow(pool, i, engine.poolRow());
  }
  return reportFrom(engine, rows, pool);
}

/** Runs the scenario and writes the report in the given format. */
export function runAndWrite(scenario: Scenario, format: Format, write: Write): void {
  if (format === 'json') {
    writeJson(runScenario(scenario), write);
    return;
  }
  // CSV streams: nothing but the epochs, so nothing to hold until the end.
  const timeline = (scenario.events?.length ?? 0) > 0;
  let buf = csvHeader(timeline) + '\n';
  let lines = 0;
  runScenario(scenario, (s) => {
    buf += csvLine(s, timeline) + '\n';
    if (++lines % CHUNK_LINES === 0) { write(buf); buf = ''; }
  });
  write(buf);
}
