/** Weighted quantiles and small statistics the workbenches share (cohort rows carry a count). */

/**
 * The q-quantile of values with weights (type-7-like on the expanded list for whole weights; linear in between).
 * @example weightedQuantile([10, 20, 30], [1, 1, 1], 0.5) // 20
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]) && weights[i] > 0) idx.push(i);
  if (idx.length === 0) return NaN;
  idx.sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (const i of idx) total += weights[i];
  if (total <= 1) return values[idx[0]];
  // Position on the expanded list 0 … total − 1, as numpy's default (linear) does for unit weights.
  const target = q * (total - 1);
  let cum = 0;
  for (let k = 0; k < idx.length; k++) {
    const w = weights[idx[k]];
    if (target < cum + w - 1 || k === idx.length - 1) return values[idx[k]];
    if (target < cum + w) {
      const next = values[idx[k + 1]];
      const frac = target - (cum + w - 1);
      return values[idx[k]] + frac * (next - values[idx[k]]);
    }
    cum += w;
  }
  return values[idx[idx.length - 1]];
}
