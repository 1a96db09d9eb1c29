// Default Linux without NUMA-balancing tiering (the baseline TPP calls "default Linux"):
// first-touch allocation fills the nearest node (local DRAM) down to its low watermark, then the
// next nearest node; kswapd demotes least recently used pages to the next tier when a node's
// free frames fall below its low watermark, until they reach the high watermark
// (demotion_enabled = 1). Nothing is ever promoted. With a working set that is faulted in once,
// DRAM never falls below its low watermark after allocation, so kswapd only acts when
// something else takes DRAM frames.
import { ColdDemoter, DemotionTargets, LruClock, demotableDevices, demotionParam, kswapdStat, placeAboveLow, runKswapd, watermarkParam, watermarks } from './reclaim';
import type { PolicyDef } from './types';

export const linuxNoTiering: PolicyDef = {
  name: 'linux-no-tiering',
  description: 'Default Linux: fill DRAM first, kswapd demotes cold pages when DRAM runs low, never promotes',
  params: [
    watermarkParam,
    demotionParam,
  ],
  stats: [kswapdStat],
  create: ({ params, view }) => {
    const wm = watermarks(view, params.watermark_scale_factor);
    const lru = new LruClock(view.pages);
    const targets = new DemotionTargets(view);
    const demoter = new ColdDemoter();
    const canDemote = demotableDevices(view, targets);
    const demand = new Int32Array(view.nodes);
    const demotionOn = params.demotion_enabled >= 1;
    let demoted = 0;
    return {
      place: (_page, host, v) => placeAboveLow(v, host, wm),
      onTopologyChange: (v) => { watermarks(v, params.watermark_scale_factor, wm); },
      onEpoch: (v, sink) => {
        lru.touch(v);
        if (demotionOn) demoted += runKswapd(v, sink, lru, targets, demoter, wm, canDemote, wm.low, wm.high, demand);
      },
      stats: () => ({ kswapdDemotions: demoted }),
    };
  },
};
