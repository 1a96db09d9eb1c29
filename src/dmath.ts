// Deterministic elementary functions built from + - * / only. Node and Chromium ship
// different V8 versions whose Math.pow / Math.exp / Math.log may differ in the last bit;
// anything that feeds the simulation's state uses these instead.

const LN2 = 0.6931471805599453;

/** Natural logarithm, |relative error| < 1e-15 for x > 0. */
export function dlog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  // Scale into [sqrt(1/2), sqrt(2)) by powers of two (exact operations).
  let k = 0;
  while (x >= 1.4142135623730951) { x *= 0.5; k++; }
  while (x < 0.7071067811865476) { x *= 2; k--; }
  // log(x) = 2 atanh(s), s = (x-1)/(x+1), |s| < 0.1716
  const s = (x - 1) / (x + 1);
  const s2 = s * s;
  let term = s;
  let sum = s;
  for (let n = 3; n < 41; n += 2) {
    term *= s2;
    sum += term / n;
  }
  return 2 * sum + k * LN2;
}

/** e^x for |x| < 700. */
export function dexp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709) return Infinity;
  if (x < -745) return 0;
  // x = k ln2 + r, |r| <= ln2/2
  const k = Math.round(x / LN2);
  const r = x - k * LN2;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 24; n++) {
    term *= r / n;
    sum += term;
  }
  // multiply by 2^k exactly
  let p = 1;
  let e = k < 0 ? -k : k;
  let b = 2;
  while (e > 0) {
    if (e & 1) p *= b;
    b *= b;
    e >>= 1;
  }
  return k < 0 ? sum / p : sum * p;
}

/** x^y for x > 0. */
export function dpow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 0) return 0;
  return dexp(y * dlog(x));
}

/** Logistic sigmoid. */
export function dsigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + dexp(-z));
  const e = dexp(z);
  return e / (1 + e);
}
