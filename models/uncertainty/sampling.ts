/** Sampling helpers on top of the seeded Rng: fast categorical draws and lognormals given by mean and spread. */
import type { Rng } from './rng';

/** A categorical distribution prepared once (cumulative weights) and drawn many times in O(log n), one draw each. */
export interface Categorical {
  /** Number of categories. */
  readonly size: number;
  /** Probability of each category (weights normalised). */
  readonly probabilities: Float64Array;
  /** An index in [0, size), with probability proportional to its weight; categories of weight 0 are never drawn. */
  sample(rng: Rng): number;
  /** The category for a uniform u in [0, 1) already drawn (inverse CDF), for callers that fix draws per row. */
  fromUniform(u: number): number;
}

/**
 * Prepares a categorical distribution. Throws on a negative or non-finite weight or an all-zero list (a
 * programming error, not data).
 * @example
 * const dice = categorical([1, 1, 1, 1, 1, 1]);
 * dice.sample(createRng(1)) // 0–5
 * dice.fromUniform(0.5)      // 3
 * categorical([3, 1]).probabilities // Float64Array [0.75, 0.25]
 */
export function categorical(weights: ArrayLike<number>): Categorical {
  const n = weights.length;
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Category weights must be ≥ 0; weight ${i} is ${w}.`);
    total += w;
    cumulative[i] = total;
  }
  if (!(total > 0)) throw new RangeError('A categorical distribution needs at least one positive weight.');
  const probabilities = new Float64Array(n);
  for (let i = 0; i < n; i++) probabilities[i] = weights[i] / total;
  let lastPositive = n - 1;
  while (lastPositive > 0 && weights[lastPositive] <= 0) lastPositive--;
  const fromUniform = (u: number): number => {
    const target = u * total;
    // First index whose cumulative weight exceeds the target: never a zero-weight category.
    let lo = 0;
    let hi = lastPositive;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return { size: n, probabilities, fromUniform, sample: (rng: Rng): number => fromUniform(rng.next()) };
}

/** The parameters of a lognormal: mu and sigma of the log. */
export interface LognormalParams {
  mu: number;
  sigma: number;
}

/**
 * The lognormal with a given mean and coefficient of variation (sd / mean), so a cited average stays the average:
 * sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2.
 * @example lognormalFromMean(26000, 0.3) // {mu: 10.122…, sigma: 0.2936…}; rng.lognormal(mu, sigma) averages £26,000
 */
export function lognormalFromMean(mean: number, cv: number): LognormalParams {
  if (!(mean > 0) || !(cv >= 0)) throw new RangeError(`A lognormal needs mean > 0 and cv ≥ 0, not mean ${mean}, cv ${cv}.`);
  const sigma2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}
