// The only source of randomness. 32-bit integer arithmetic only (Math.imul, shifts),
// so a seed gives the same stream in Node, the worker and any browser.

/** splitmix32: turns a seed and a stream number into well-spread 32-bit states. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Independent streams derived from the one scenario seed. */
export const Stream = {
  workload: 1,
  policy: 2,
  faults: 3,
  layout: 4,
  vms: 5,
  vmAccess: 6,
  /** Each event of the timeline its own: Stream.events * 1000 + its index. */
  events: 7,
} as const;

/** xoshiro128** : fast, small state, good statistical quality. */
export class Rng {
  // State is public so hot loops can keep it in locals (see workloads/sampler.ts); treat as private.
  a: number;
  b: number;
  c: number;
  d: number;

  constructor(seed: number, stream = 0) {
    let s = mix32((seed >>> 0) ^ Math.imul(stream + 1, 0x632be5ab));
    this.a = s = mix32(s);
    this.b = s = mix32(s);
    this.c = s = mix32(s);
    this.d = mix32(s) | 1;
  }

  /** Uniform unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution (exact, no Math.random). */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n) for n <= 2^32 (multiply-shift, tiny bias is irrelevant here). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Fisher-Yates shuffle of a typed array in place. */
  shuffle(a: Int32Array | Uint32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
