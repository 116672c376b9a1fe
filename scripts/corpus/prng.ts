/**
 * A small seeded PRNG (sfc32 seeded through splitmix32) and the draws the
 * corpus needs. No dependency: the generator must give the same corpus for the
 * same seed on every machine and Node version, which Math.random cannot.
 */

/** splitmix32: spreads a 32-bit seed (and a stream number) into well-mixed state words. */
function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` derives independent sequences from one seed (e.g. one per article). */
  constructor(seed: number, stream = 0) {
    const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uint32 (sfc32). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn from cumulative weights (see `zipfWeights`), by binary search. */
  weighted(cumulative: Float64Array): number {
    const x = this.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** `k` distinct indexes drawn by weight (k small against the population). */
  weightedDistinct(cumulative: Float64Array, k: number): number[] {
    const out = new Set<number>();
    const limit = Math.min(k, cumulative.length);
    for (let tries = 0; out.size < limit && tries < limit * 20; tries++) out.add(this.weighted(cumulative));
    return [...out];
  }
}

/**
 * Cumulative Zipf weights for n ranked items: item i has weight 1/(i+1)^s.
 * News coverage is like that: a few countries, desks and bylines carry most stories.
 */
export function zipfWeights(n: number, s = 1): Float64Array {
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / Math.pow(i + 1, s);
    out[i] = sum;
  }
  return out;
}
