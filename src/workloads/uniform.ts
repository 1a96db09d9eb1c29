// Every page equally likely (over the accessed ones: idleFraction leaves regions never touched).
import { definePattern } from './types';

export const uniform = definePattern({
  name: 'uniform',
  help: 'every page equally likely',
  knobs: [],
  draw: 'ranks',
  flat: true,
  cacheable: true,
  rankRates(_k, _n, active, out) {
    out.fill(1, 0, active);
  },
  runRate(_k, a, b) {
    return b - a;
  },
});
