import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { loadPreset } from '../../scripts/cli/presets';
import { withPolicy } from '../scenario/fixtures';

import { NO_NODE } from './types';

const preset = (name: string, policy: string, epochs?: number) => withPolicy(loadPreset(name), policy, {}, epochs);

// tpp-1to4's DRAM by hand, as Linux sets a zone's watermarks (mm/page_alloc.c,
// __setup_per_zone_wmarks): 256 MiB of 4 KiB pages = 65536 frames; the gap between watermarks
// is managed x vm.watermark_scale_factor / 10000 = 65536 x 10 / 10000 = 65.5, 65 pages in
// integer arithmetic; min is one gap here, low = min + gap = 130, high = low + gap = 195.
const DRAM_FRAMES = 65536;
const LOW = 130;
const HIGH = 195;

describe('linux-no-tiering', () => {
  it('never promotes, on a skewed and on a shifting workload', () => {
    for (const name of ['tpp-1to4', 'hot-set-shift']) {
      const engine = new Engine(preset(name, 'linux-no-tiering'));
      for (let i = 0; i < 60; i++) expect(engine.step().promotions).toBe(0);
      expect(engine.runTotals().promotions).toBe(0);
      expect(engine.mem.check()).toBeNull();
    }
  }, 60_000);

  it('fills DRAM first, down to its low watermark, in address order', () => {
    const engine = new Engine(preset('tpp-1to4', 'linux-no-tiering'));
    expect(engine.mem.capacity[0]).toBe(DRAM_FRAMES);
    expect(engine.mem.free[0]).toBe(LOW);
    const onDram = DRAM_FRAMES - LOW;
    for (const p of [0, onDram - 1]) expect(engine.mem.pageNode[p]).toBe(0);
    for (const p of [onDram, engine.pages - 1]) expect(engine.mem.pageNode[p]).toBe(1);
    // Nothing moves afterwards: its DRAM share is first-touch's, less the watermark.
    const ft = new Engine(preset('tpp-1to4', 'first-touch'));
    for (let i = 0; i < 30; i++) { engine.step(); ft.step(); }
    expect(engine.runTotals().migrations).toBe(0);
    expect(Math.abs(engine.runTotals().fastTierAccessShare - ft.runTotals().fastTierAccessShare)).toBeLessThan(0.01);
  }, 60_000);

  it('kswapd demotes least recently used pages until DRAM is back at its high watermark', () => {
    const engine = new Engine(preset('tpp-1to4', 'linux-no-tiering'));
    const mem = engine.mem;
    expect(mem.capacity[0]).toBe(DRAM_FRAMES);
    for (let i = 0; i < 10; i++) engine.step();
    let cxlPage = engine.pages - 1;
    for (let round = 0; round < 5; round++) {
      // Pressure: something takes every free DRAM frame (here: CXL pages moved in behind the
      // policy's back), leaving DRAM below its low watermark.
      while (mem.free[0] > 0) {
        while (mem.pageNode[cxlPage] !== 1) cxlPage--;
        expect(mem.move(cxlPage, 0)).toBe(true);
      }
      const before = Uint8Array.from(mem.pageNode);
      engine.step(); // kswapd wakes (free 0 < low) and queues demotions
      expect(mem.free[0]).toBe(0);
      const s = engine.step(); // they run at the start of this epoch
      expect(s.demotions).toBe(HIGH);
      expect(mem.free[0]).toBe(HIGH);
      // The demoted pages were the coldest: none of them was touched in the last 4 epochs
      // (before this one), while DRAM holds plenty of pages that were.
      let demoted = 0, recent = 0;
      for (let p = 0; p < engine.pages; p++) {
        if (before[p] !== 0) continue;
        const touched = (engine.pageState(p).history & 0b11110) !== 0;
        if (mem.pageNode[p] === 1) {
          demoted++;
          expect(touched).toBe(false);
        } else if (touched) {
          recent++;
        }
      }
      expect(demoted).toBe(HIGH);
      expect(recent).toBeGreaterThan(1000);
      engine.step();
      expect(mem.free[0]).toBe(HIGH); // and it stays there: no promotions
    }
    expect(mem.check()).toBeNull();
    let placed = 0;
    for (let p = 0; p < engine.pages; p++) if (mem.pageNode[p] !== NO_NODE) placed++;
    expect(placed).toBe(engine.pages);
  }, 60_000);
});
