/** Distributions an uncertain assumption may take (80% interval, normal, lognormal, triangular, uniform), as quantile functions. */
import type { Rng } from './rng';
import { lognormalFromMean } from './sampling';

/**
 * How an uncertain input is written in a scenario. Every form is sampled through its quantile function, so one
 * uniform draw per input and draw decides the value: a baseline and a scenario that share a draw's uniform get
 * values at the same quantile (common random numbers), and the tornado's p10 and p90 are exact quantiles.
 */
export type Distribution =
  /** An 80% interval: p10 = low, p90 = high; normal by default, lognormal (both ends > 0) for skewed inputs. */
  | { dist: 'interval80'; low: number; high: number; shape?: 'normal' | 'lognormal'; source?: string }
  | { dist: 'normal'; mean: number; sd: number; source?: string }
  /** mu and sigma of the log, or a mean and coefficient of variation (sd / mean). */
  | { dist: 'lognormal'; mu?: number; sigma?: number; mean?: number; cv?: number; source?: string }
  | { dist: 'triangular'; min: number; mode: number; max: number; source?: string }
  | { dist: 'uniform'; min: number; max: number; source?: string };

/** A number, or a distribution for it. */
export type Quantity = number | Distribution;

export const DISTRIBUTION_KINDS = ['interval80', 'normal', 'lognormal', 'triangular', 'uniform'] as const;

/** The standard normal's 90th percentile: an 80% interval spans ±Z90 standard deviations. */
export const Z90 = 1.2815515655446004;

/**
 * The standard normal quantile (inverse CDF), Wichura's algorithm AS 241 (PPND16), accurate to about 1e-16.
 * @example normalQuantile(0.9) // 1.2815515655446004
 * @example normalQuantile(0.5) // 0
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`A probability must be in [0, 1], not ${p}.`);
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    x =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -x : x;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Why a value is not a usable Quantity, or null when it is. Messages say what to write instead.
 * @example checkQuantity({dist: 'interval80', low: 2, high: 1}) // 'low (2) must be below high (1)'
 */
export function checkQuantity(v: unknown): string | null {
  if (finite(v)) return null;
  if (!isObject(v)) return `must be a number or a distribution such as {"dist": "interval80", "low": 0.9, "high": 1.1}, not ${JSON.stringify(v)}`;
  const allowed: Record<string, string[]> = {
    interval80: ['low', 'high', 'shape'],
    normal: ['mean', 'sd'],
    lognormal: ['mu', 'sigma', 'mean', 'cv'],
    triangular: ['min', 'mode', 'max'],
    uniform: ['min', 'max'],
  };
  const kind = v.dist;
  if (typeof kind !== 'string' || !(kind in allowed)) return `"dist" must be one of ${DISTRIBUTION_KINDS.join(', ')}, not ${JSON.stringify(kind)}`;
  for (const k of Object.keys(v)) if (k !== 'dist' && k !== 'source' && !allowed[kind].includes(k)) return `"${k}" is not a parameter of a ${kind} distribution (it takes ${allowed[kind].join(', ')})`;
  if (v.source !== undefined && typeof v.source !== 'string') return '"source" must be text';
  const need = (...keys: string[]): string | null => {
    for (const k of keys) if (!finite(v[k])) return `a ${kind} distribution needs a number "${k}"`;
    return null;
  };
  switch (kind) {
    case 'interval80': {
      const e = need('low', 'high');
      if (e) return e;
      const low = v.low as number, high = v.high as number;
      if (!(low < high)) return `low (${low}) must be below high (${high})`;
      if (v.shape !== undefined && v.shape !== 'normal' && v.shape !== 'lognormal') return '"shape" must be "normal" or "lognormal"';
      if (v.shape === 'lognormal' && !(low > 0)) return `a lognormal interval needs low > 0, not ${low}`;
      return null;
    }
    case 'normal': {
      const e = need('mean', 'sd');
      if (e) return e;
      return (v.sd as number) >= 0 ? null : `sd must be ≥ 0, not ${v.sd}`;
    }
    case 'lognormal': {
      if (v.mu !== undefined || v.sigma !== undefined) {
        const e = need('mu', 'sigma');
        if (e) return e;
        if (v.mean !== undefined || v.cv !== undefined) return 'give either mu and sigma, or mean and cv, not both';
        return (v.sigma as number) >= 0 ? null : `sigma must be ≥ 0, not ${v.sigma}`;
      }
      const e = need('mean', 'cv');
      if (e) return 'a lognormal distribution needs mu and sigma (of the log), or mean and cv';
      if (!((v.mean as number) > 0) || !((v.cv as number) >= 0)) return `a lognormal needs mean > 0 and cv ≥ 0, not mean ${v.mean}, cv ${v.cv}`;
      return null;
    }
    case 'triangular': {
      const e = need('min', 'mode', 'max');
      if (e) return e;
      const a = v.min as number, m = v.mode as number, b = v.max as number;
      return a <= m && m <= b && a < b ? null : `a triangular distribution needs min ≤ mode ≤ max with min < max, not ${a}, ${m}, ${b}`;
    }
    case 'uniform': {
      const e = need('min', 'max');
      if (e) return e;
      return (v.min as number) < (v.max as number) ? null : `min (${v.min}) must be below max (${v.max})`;
    }
  }
  return null;
}

/**
 * True when a Quantity is a distribution rather than a fixed number.
 * @example isDistribution({dist: 'uniform', min: 0, max: 1}) // true; isDistribution(3) // false
 */
export function isDistribution(q: Quantity | undefined | null): q is Distribution {
  return typeof q === 'object' && q !== null;
}

/**
 * The value at probability p (0 < p < 1) of a quantity; a fixed number is its own every quantile.
 * @example quantileOf({dist: 'interval80', low: 0.9, high: 1.1}, 0.9) // 1.1
 * @example quantileOf({dist: 'uniform', min: 0, max: 10}, 0.25)       // 2.5
 * @example quantileOf(3, 0.1)                                          // 3
 */
export function quantileOf(q: Quantity, p: number): number {
  if (typeof q === 'number') return q;
  switch (q.dist) {
    case 'interval80': {
      if (q.shape === 'lognormal') {
        const mu = (Math.log(q.low) + Math.log(q.high)) / 2;
        const sigma = (Math.log(q.high) - Math.log(q.low)) / (2 * Z90);
        return Math.exp(mu + sigma * normalQuantile(p));
      }
      const mean = (q.low + q.high) / 2;
      const sd = (q.high - q.low) / (2 * Z90);
      return mean + sd * normalQuantile(p);
    }
    case 'normal':
      return q.mean + q.sd * normalQuantile(p);
    case 'lognormal': {
      const { mu, sigma } = q.mu !== undefined && q.sigma !== undefined ? { mu: q.mu, sigma: q.sigma } : lognormalFromMean(q.mean ?? NaN, q.cv ?? NaN);
      return Math.exp(mu + sigma * normalQuantile(p));
    }
    case 'triangular': {
      const { min, mode, max } = q;
      const width = max - min;
      const f = (mode - min) / width;
      return p < f ? min + Math.sqrt(p * width * (mode - min)) : max - Math.sqrt((1 - p) * width * (max - mode));
    }
    case 'uniform':
      return q.min + (q.max - q.min) * p;
  }
}

/**
 * The value run 0 (the central run) uses: the median of the distribution, so the central run sits between every
 * input's p10 and p90 and the tornado's bars straddle it.
 * @example centralOf({dist: 'interval80', low: 0.01, high: 0.03}) // 0.02
 */
export function centralOf(q: Quantity): number {
  return quantileOf(q, 0.5);
}

/**
 * A uniform in (0, 1), never 0 or 1 (so a normal quantile is finite): the midpoint of one of 2^32 equal slices.
 * @example openUniform(createRng(1).fork(3).fork('demand.joiners.multiplier')) // 0.43…
 */
export function openUniform(rng: Rng): number {
  return (rng.uint32() + 0.5) / 4294967296;
}
