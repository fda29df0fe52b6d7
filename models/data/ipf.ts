/** Iterative proportional fitting of a table to its margins, and controlled rounding that keeps integer margins exact. */

/** A margin to fit: the axes it sums over to (kept axes, in order) and its target values, laid out row-major over those axes. */
export interface Margin {
  /** The axes the margin keeps, ascending (e.g. [0, 2] for a 3-way table's first × third margin). */
  axes: readonly number[];
  target: ArrayLike<number>;
}

export interface IpfResult {
  /** The fitted table (the seed array, scaled in place). */
  table: Float64Array;
  iterations: number;
  /** Largest absolute difference between a fitted margin cell and its target after the last iteration. */
  maxError: number;
}

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  return strides;
}

/** For every cell of the full table, the index of its cell in the margin over `axes`. */
function marginIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const kept = axes.map((a) => shape[a]);
  const keptStrides = stridesOf(kept);
  const out = new Int32Array(size);
  const coord = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < size; i++) {
    let m = 0;
    for (let k = 0; k < axes.length; k++) m += coord[axes[k]] * keptStrides[k];
    out[i] = m;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d] < shape[d]) break;
      coord[d] = 0;
    }
  }
  return out;
}

/**
 * Iterative proportional fitting (raking): scales the seed table, one margin after another, until every margin
 * matches its target. The result keeps the seed's interactions that the margins do not fix (with a seed of ones,
 * it is the table with no interaction beyond the margins: the maximum-entropy fit). Cells whose margin target is
 * 0 become 0. Only + − × ÷ are used, so the result is bit-for-bit the same on every machine.
 * @example
 * // 2 × 2 seed of ones to rows [3, 1] and columns [2, 2]: every row split evenly
 * ipf(new Float64Array([1, 1, 1, 1]), [2, 2], [{axes: [0], target: [3, 1]}, {axes: [1], target: [2, 2]}]).table
 * // Float64Array [1.5, 1.5, 0.5, 0.5]
 */
export function ipf(seed: Float64Array, shape: readonly number[], margins: readonly Margin[], options: { tolerance?: number; maxIterations?: number } = {}): IpfResult {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 5000;
  const size = shape.reduce((a, b) => a * b, 1);
  if (seed.length !== size) throw new RangeError(`The seed has ${seed.length} cells; shape ${shape.join(' × ')} needs ${size}.`);
  const prepared = margins.map((m) => {
    const kept = m.axes.reduce((a, ax) => a * shape[ax], 1);
    if (m.target.length !== kept) throw new RangeError(`A margin over axes ${m.axes.join(', ')} needs ${kept} targets, not ${m.target.length}.`);
    return { index: marginIndex(shape, m.axes), target: m.target, sums: new Float64Array(kept) };
  });
  const table = seed;
  let maxError = Infinity;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    for (const m of prepared) {
      m.sums.fill(0);
      for (let i = 0; i < size; i++) m.sums[m.index[i]] += table[i];
      for (let i = 0; i < size; i++) {
        const s = m.sums[m.index[i]];
        table[i] = s > 0 ? (table[i] * m.target[m.index[i]]) / s : 0;
      }
    }
    // Convergence is judged on every margin after a full sweep (the last one is exact by construction).
    maxError = 0;
    for (const m of prepared) {
      m.sums.fill(0);
      for (let i = 0; i < size; i++) m.sums[m.index[i]] += table[i];
      for (let k = 0; k < m.sums.length; k++) maxError = Math.max(maxError, Math.abs(m.sums[k] - m.target[k]));
    }
    if (maxError <= tolerance) break;
  }
  return { table, iterations, maxError };
}

/**
 * Rounds values to whole numbers that add up to `total` (largest remainder; ties go to the earlier index), so the
 * result is never more than 1 from a value when the values add up to the total.
 * @example roundToTotal([1.5, 1.5, 1], 4) // [2, 1, 1]
 */
export function roundToTotal(values: ArrayLike<number>, total: number): number[] {
  const n = values.length;
  const out = Array.from(values, (v) => (v > 0 ? Math.floor(v) : 0));
  let left = total - out.reduce((a, b) => a + b, 0);
  if (left < 0) throw new RangeError(`Cannot round to ${total}: the whole parts already add up to more.`);
  if (left > 0 && n === 0) throw new RangeError(`Cannot round nothing to ${total}.`);
  const frac = (i: number) => (values[i] > 0 ? values[i] - Math.floor(values[i]) : -1);
  // Positive values by largest fractional part first; zero values only after them (so a zero stays zero if it can).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => frac(b) - frac(a) || a - b);
  for (let k = 0; left > 0; k++, left--) out[order[k % n]]++;
  return out;
}

/** Thrown when no rounding keeps the margins: the targets do not fit the table's pattern of non-zero cells. */
export class RoundingError extends Error {}

/**
 * Controlled rounding of a rows × cols table: whole numbers, each the floor or ceiling of its cell, whose row and
 * column sums equal the given integer targets exactly. The targets must add up to the same total and lie within
 * 1 of the table's own sums (as when the table was fitted to them). Which cells round up is a minimum-cost flow
 * that prefers the largest fractional parts, so the rounding stays as close to the table as the margins allow. A
 * cell that is 0 stays 0 unless no rounding exists otherwise (then, as a last resort, a positive-margin cell gets a
 * unit, and a RoundingError is thrown if even that fails). Deterministic: ties go to the earlier cell.
 * @example
 * controlledRound(new Float64Array([0.5, 0.5, 0.5, 0.5]), 2, 2, [1, 1], [1, 1]) // Int32Array [1, 0, 0, 1]
 */
export function controlledRound(table: ArrayLike<number>, rows: number, cols: number, rowTargets: ArrayLike<number>, colTargets: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows * cols);
  const rowNeed = new Int32Array(rows);
  const colNeed = new Int32Array(cols);
  let rowTotal = 0;
  let colTotal = 0;
  for (let i = 0; i < rows; i++) rowTotal += rowTargets[i];
  for (let j = 0; j < cols; j++) colTotal += colTargets[j];
  if (rowTotal !== colTotal) throw new RoundingError(`Row targets add up to ${rowTotal} but column targets to ${colTotal}.`);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = table[i * cols + j];
      const f = x > 0 ? Math.floor(x) : 0;
      out[i * cols + j] = f;
      rowNeed[i] += f;
      colNeed[j] += f;
    }
  }
  for (let i = 0; i < rows; i++) rowNeed[i] = rowTargets[i] - rowNeed[i];
  for (let j = 0; j < cols; j++) colNeed[j] = colTargets[j] - colNeed[j];
  // Rounding down never makes a sum too big; if a floor sum already exceeds its target the targets are not a rounding of this table.
  for (let i = 0; i < rows; i++) if (rowNeed[i] < 0) throw new RoundingError(`Row ${i}: the whole parts add up to more than its target ${rowTargets[i]}.`);
  for (let j = 0; j < cols; j++) if (colNeed[j] < 0) throw new RoundingError(`Column ${j}: the whole parts add up to more than its target ${colTargets[j]}.`);
  let need = 0;
  for (let i = 0; i < rows; i++) need += rowNeed[i];
  if (need === 0) return out;

  // Candidate cells in three tiers: a fractional part (cost 1 − fraction), a positive whole cell (+1 above it),
  // then any cell whose row and column both need units. A tier is only opened when the previous ones cannot do it.
  const tiers: Array<(i: number, j: number) => number | null> = [
    (i, j) => {
      const x = table[i * cols + j];
      const frac = x - Math.floor(x);
      return x > 0 && frac > 0 ? 1 - frac : null;
    },
    (i, j) => (table[i * cols + j] > 0 ? 2 : null),
    () => 4,
  ];
  for (let t = 1; t <= tiers.length; t++) {
    const ups = minCostAssignment(rows, cols, rowNeed, colNeed, (i, j) => {
      for (let k = 0; k < t; k++) {
        const c = tiers[k](i, j);
        if (c !== null) return c;
      }
      return null;
    });
    if (ups) {
      for (const k of ups) out[k]++;
      return out;
    }
  }
  throw new RoundingError('No rounding keeps these row and column targets.');
}

/**
 * Chooses cells (each at most once) so that row i gets rowNeed[i] and column j gets colNeed[j] units, at least cost:
 * successive shortest paths on a small bipartite flow network. Null when no choice meets the needs.
 */
function minCostAssignment(rows: number, cols: number, rowNeed: Int32Array, colNeed: Int32Array, costOf: (i: number, j: number) => number | null): number[] | null {
  const source = rows + cols;
  const sink = source + 1;
  const n = sink + 1;
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const cell: number[] = [];
  const adj: number[][] = Array.from({ length: n }, () => []);
  const add = (u: number, v: number, c: number, w: number, k: number) => {
    adj[u].push(to.length);
    to.push(v), cap.push(c), cost.push(w), cell.push(k);
    adj[v].push(to.length);
    to.push(u), cap.push(0), cost.push(-w), cell.push(-1);
  };
  let need = 0;
  for (let i = 0; i < rows; i++) if (rowNeed[i] > 0) (add(source, i, rowNeed[i], 0, -1), (need += rowNeed[i]));
  for (let j = 0; j < cols; j++) if (colNeed[j] > 0) add(rows + j, sink, colNeed[j], 0, -1);
  for (let i = 0; i < rows; i++) {
    if (rowNeed[i] <= 0) continue;
    for (let j = 0; j < cols; j++) {
      if (colNeed[j] <= 0) continue;
      const c = costOf(i, j);
      if (c !== null) add(i, rows + j, 1, c, i * cols + j);
    }
  }
  const dist = new Float64Array(n);
  const prevEdge = new Int32Array(n);
  for (let flow = 0; flow < need; flow++) {
    // Bellman–Ford: residual edges carry negative costs, and the graph is tiny (tens of nodes).
    dist.fill(Infinity);
    prevEdge.fill(-1);
    dist[source] = 0;
    for (let round = 0; round < n; round++) {
      let changed = false;
      for (let u = 0; u < n; u++) {
        if (dist[u] === Infinity) continue;
        for (const e of adj[u]) {
          if (cap[e] <= 0) continue;
          const d = dist[u] + cost[e];
          if (d < dist[to[e]] - 1e-12) {
            dist[to[e]] = d;
            prevEdge[to[e]] = e;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (dist[sink] === Infinity) return null;
    for (let v = sink; v !== source; v = to[prevEdge[v] ^ 1]) {
      cap[prevEdge[v]] -= 1;
      cap[prevEdge[v] ^ 1] += 1;
    }
  }
  const chosen: number[] = [];
  for (let e = 0; e < to.length; e += 2) if (cell[e] >= 0 && cap[e] === 0) chosen.push(cell[e]);
  return chosen;
}
