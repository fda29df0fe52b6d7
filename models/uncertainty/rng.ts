/** The one seeded random generator (sfc32, seeded through splitmix32): same seed, same draws, on every machine. */

/** A seeded stream of random numbers. Pass it explicitly: models/ never uses the platform's unseeded generator. */
export interface Rng {
  /** The seed this generator was created from (forks report their parent's seed). */
  readonly seed: number;
  /** The path of stream ids from the root generator ([] for the root). */
  readonly stream: readonly (number | string)[];
  /** A float in [0, 1) with 32 bits of resolution. Consumes one 32-bit draw. */
  next(): number;
  /** A whole number in [0, 2^32). Consumes one draw. */
  uint32(): number;
  /** A whole number in [0, n), unbiased (rejection sampling), for whole n from 1 to 2^32. */
  int(n: number): number;
  /** A float in [min, max). Consumes one draw. */
  uniform(min: number, max: number): number;
  /** Normal(mean, sd) by Box–Muller, using exactly two draws (no cached spare, so draw counts stay predictable). */
  normal(mean?: number, sd?: number): number;
  /** exp(Normal(mu, sigma)): mu and sigma are of the log. Two draws. */
  lognormal(mu: number, sigma: number): number;
  /** Triangular(min, mode, max) by inverse CDF. One draw. */
  triangular(min: number, mode: number, max: number): number;
  /** An index chosen with probability weights[i] / Σ weights. One draw. Weights must be ≥ 0 with a positive sum. */
  choiceIndex(weights: Float64Array | readonly number[]): number;
  /**
   * An independent generator for a named stream. It depends only on this generator's seed and stream path and on
   * `streamId` — not on how many numbers were drawn — so `createRng(7).fork('costs')` is the same stream however
   * it is reached, and two stream ids give unrelated sequences.
   */
  fork(streamId: number | string): Rng;
}

const TWO_32 = 4294967296;

/**
 * splitmix32: a fast 32-bit mixer; each call of the returned function gives the next well-mixed word.
 * @example const words = splitmix32(42); words(); words() // two 32-bit seeds
 */
export function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return z >>> 0;
  };
}

/** Mixes one 32-bit word (murmur3's finaliser). */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return z >>> 0;
}

/**
 * A 32-bit hash of a stream id: numbers by value (whole numbers only), strings by FNV-1a over UTF-16 units.
 * @example streamHash('costs') === streamHash('costs') // true
 */
export function streamHash(streamId: number | string): number {
  if (typeof streamId === 'number') {
    if (!Number.isSafeInteger(streamId)) throw new RangeError(`A stream id must be a whole number or text, not ${streamId}.`);
    const lo = streamId >>> 0;
    const hi = Math.floor(streamId / TWO_32) >>> 0;
    return mix32(lo ^ mix32(hi ^ 0x5bd1e995));
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i++) {
    h ^= streamId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Keep string and number ids apart: 'n1' and 1 must not collide by construction.
  return mix32(h ^ 0x27d4eb2f);
}

type Key = [number, number, number, number];

function keyFromSeed(seed: number): Key {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  const words = splitmix32(lo);
  const key: Key = [words(), words(), words(), words()];
  if (hi !== 0) for (let j = 0; j < 4; j++) key[j] = mix32(key[j] ^ mix32(hi + j));
  return key;
}

function forkKey(parent: Key, streamId: number | string): Key {
  let h = streamHash(streamId);
  const key: Key = [0, 0, 0, 0];
  for (let j = 0; j < 4; j++) {
    key[j] = mix32(parent[j] ^ h ^ Math.imul(j + 1, 0x9e3779b9));
    h = mix32(h + key[j]);
  }
  return key;
}

function makeRng(seed: number, stream: readonly (number | string)[], key: Key): Rng {
  // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): state a, b, c and a counter.
  let a = key[0] | 0;
  let b = key[1] | 0;
  let c = key[2] | 0;
  let counter = key[3] | 0;
  const uint32 = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) uint32(); // warm-up, as sfc32's author recommends
  const next = (): number => uint32() / TWO_32;
  const normal = (mean = 0, sd = 1): number => {
    const u1 = 1 - next(); // (0, 1]: log is finite
    const u2 = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  return {
    seed,
    stream,
    next,
    uint32,
    int(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`int(n) needs a whole n from 1 to 2^32, not ${n}.`);
      const limit = TWO_32 - (TWO_32 % n);
      let x = uint32();
      while (x >= limit) x = uint32();
      return x % n;
    },
    uniform(min: number, max: number): number {
      return min + (max - min) * next();
    },
    normal,
    lognormal(mu: number, sigma: number): number {
      return Math.exp(normal(mu, sigma));
    },
    triangular(min: number, mode: number, max: number): number {
      if (!(min <= mode && mode <= max)) throw new RangeError(`triangular needs min ≤ mode ≤ max, not ${min}, ${mode}, ${max}.`);
      const u = next();
      const width = max - min;
      if (width === 0) return min;
      const f = (mode - min) / width;
      return u < f ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
    },
    choiceIndex(weights: Float64Array | readonly number[]): number {
      let total = 0;
      for (let i = 0; i < weights.length; i++) {
        const w = weights[i];
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`choiceIndex needs weights ≥ 0; weight ${i} is ${w}.`);
        total += w;
      }
      if (!(total > 0)) throw new RangeError('choiceIndex needs at least one positive weight.');
      const target = next() * total;
      let cum = 0;
      let last = -1;
      for (let i = 0; i < weights.length; i++) {
        if (weights[i] <= 0) continue;
        last = i;
        cum += weights[i];
        if (target < cum) return i;
      }
      return last; // rounding left target ≥ the running total: the last positive weight
    },
    fork(streamId: number | string): Rng {
      return makeRng(seed, [...stream, streamId], forkKey(key, streamId));
    },
  };
}

/**
 * A seeded generator. The seed is any safe whole number (a 32-bit seed is the usual); the same seed gives the same
 * sequence on every machine: the integer core uses only 32-bit integer arithmetic. Distributions that use
 * Math.log/cos/exp rely on the JavaScript engine's implementations (V8 — Node, Chromium, Electron — uses the same
 * fdlibm port everywhere).
 * @example
 * const rng = createRng(42);
 * rng.next()            // 0.23955312534235418 (always, for seed 42)
 * rng.int(6)            // a die roll 0–5
 * rng.normal(100, 15)   // one draw
 * const costs = rng.fork('costs'); // an independent stream, reproducible by name
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`A seed must be a whole number, not ${seed}.`);
  return makeRng(seed, [], keyFromSeed(seed));
}
