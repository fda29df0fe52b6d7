/** Quantiles and means of Monte Carlo draws, per reported year. */

/**
 * The p-quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R and numpy), so p50 of two values is their midpoint.
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface YearlySummary {
  mean: number[];
  p10: number[];
  p50: number[];
  p90: number[];
}

/**
 * Mean, p10, p50 and p90 per year of draws stored draw-major: values[d × years + i].
 * @example summariseDraws(Float64Array.of(1, 10, 2, 20, 3, 30), 3, 2).p50 // [2, 20]
 */
export function summariseDraws(values: Float64Array, draws: number, years: number): YearlySummary {
  const out: YearlySummary = { mean: [], p10: [], p50: [], p90: [] };
  const col = new Float64Array(draws);
  for (let i = 0; i < years; i++) {
    let s = 0;
    for (let d = 0; d < draws; d++) {
      col[d] = values[d * years + i];
      s += col[d];
    }
    col.sort();
    out.mean.push(draws ? s / draws : NaN);
    out.p10.push(quantileSorted(col, 0.1));
    out.p50.push(quantileSorted(col, 0.5));
    out.p90.push(quantileSorted(col, 0.9));
  }
  return out;
}
