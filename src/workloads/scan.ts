// A scan: pages in address order, wrapping (streaming); at a shift it continues from a seeded page.
import { definePattern } from './types';

export const scan = definePattern({
  name: 'scan',
  help: 'pages read in address order (streaming)',
  knobs: [],
  draw: 'cursor',
  flat: true,
  cacheable: false,
  // Over whole passes every page once: a scan walks every page (idleFraction does not apply).
  rankRates(_k, n, _active, out) {
    out.fill(1, 0, n);
  },
  runRate(_k, a, b) {
    return b - a;
  },
});
