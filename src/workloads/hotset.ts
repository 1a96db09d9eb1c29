// A hot set: hotFraction of the pages (of the whole working set, never idle) get hotShare of the
// accesses, evenly; the other accessed pages share the rest evenly.
import { definePattern, type KnobValues } from './types';

type Knobs = KnobValues<'hotFraction' | 'hotShare'>;

/** Hot ranks among `total`, and the rate of a hot and of a cold accessed rank. */
function split(k: Knobs, total: number, active: number): { hot: number; rateHot: number; rateCold: number } {
  const hot = Math.max(1, Math.min(active, Math.round(k.hotFraction * total)));
  return {
    hot,
    rateHot: hot === active ? 1 / active : k.hotShare / hot,
    rateCold: hot === active ? 0 : (1 - k.hotShare) / (active - hot),
  };
}

export const hotset = definePattern({
  name: 'hotset',
  help: 'a hot share of pages gets most accesses',
  knobs: [
    { key: 'hotFraction', label: 'Hot pages', default: 0.2, min: 0, minExclusive: true, max: 1, unit: 'share', help: 'Share of the working set that is hot' },
    { key: 'hotShare', label: 'Accesses to hot pages', default: 0.9, min: 0, max: 1, unit: 'share', help: 'Share of the accesses the hot pages get, evenly; the other pages share the rest' },
  ],
  draw: 'ranks',
  flat: false,
  cacheable: true,
  rankRates(k, n, active, out) {
    const { hot, rateHot, rateCold } = split(k, n, active);
    for (let r = 0; r < active; r++) out[r] = r < hot ? rateHot : rateCold;
  },
  runRate(k, a, b, total, active) {
    const { hot, rateHot, rateCold } = split(k, total, active);
    return Math.max(0, Math.min(b, hot) - a) * rateHot + Math.max(0, b - Math.max(a, hot)) * rateCold;
  },
});
