// --print-scenario, --kernel-view and --discovery: what a run prints instead of its report.
import { Engine } from '../../src/engine/engine';
import type { Scenario } from '../../src/scenario/schema';
import { kernelView } from '../../src/kernel-view/views';
import { discoverySteps, discoveryText } from '../../src/kernel-view/discovery';
import { usedFromPages } from '../../src/kernel-view/machine';
import { PAGE_BYTES } from '../../src/scenario/schema';
import { UsageError, type Output } from './args';

export function printOutput(scenario: Scenario, output: Output): string {
  if (output.kind === 'scenario') return `${JSON.stringify(scenario, null, 2)}\n`;
  if (output.kind === 'discovery') return discoveryText(discoverySteps(scenario, { per: output.per }), scenario);
  if (!output.afterRun) return kernelView(output.view, scenario);
  let engine: Engine;
  try {
    engine = new Engine(scenario);
  } catch (e) {
    throw new UsageError(`cannot run the scenario: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (let i = 0; i < scenario.epochs; i++) engine.step();
  const pages = engine.deviceStats().map((d) => d.pages);
  return kernelView(output.view, scenario, { usedMB: usedFromPages(scenario, pages, PAGE_BYTES[scenario.pageSize]) });
}
