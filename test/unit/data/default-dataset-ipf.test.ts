// The fitting tools behind the default dataset: IPF meets its margins, controlled rounding keeps integer margins
// exact with every cell at its floor or ceiling (property-tested), and the largest-remainder rounding.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ipf, controlledRound, roundToTotal, RoundingError } from '../../../models/data/ipf';
import { scaleMargins, fitLaCells, FIT_GROUPS, FIT_AGES, FIT_NEEDS, type LaMargins } from '../../../models/data/default-dataset-fit';

const rowSums = (t: ArrayLike<number>, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => t[i * c + j]).reduce((a, b) => a + b, 0));
const colSums = (t: ArrayLike<number>, r: number, c: number) => Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => t[i * c + j]).reduce((a, b) => a + b, 0));

describe('ipf', () => {
  it('fits a 2 × 2 seed of ones to its margins', () => {
    expect(Array.from(ipf(new Float64Array([1, 1, 1, 1]), [2, 2], [{ axes: [0], target: [3, 1] }, { axes: [1], target: [2, 2] }]).table)).toEqual([1.5, 1.5, 0.5, 0.5]);
  });

  it('fits a 3-way table to three consistent 2-way margins and keeps zeros', () => {
    // A real 2 × 3 × 2 table; its three 2-way margins are the targets.
    const truth = [3, 0, 1, 2, 4, 0, 0, 5, 2, 2, 1, 6];
    const [A, B, C] = [2, 3, 2];
    const m01 = new Float64Array(A * B), m02 = new Float64Array(A * C), m12 = new Float64Array(B * C);
    for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) {
      const v = truth[(a * B + b) * C + c];
      m01[a * B + b] += v; m02[a * C + c] += v; m12[b * C + c] += v;
    }
    const r = ipf(new Float64Array(A * B * C).fill(1), [A, B, C], [{ axes: [0, 1], target: m01 }, { axes: [0, 2], target: m02 }, { axes: [1, 2], target: m12 }], { tolerance: 1e-9 });
    expect(r.maxError).toBeLessThan(1e-6);
    const sum = r.table.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(26, 9);
  });

  it('refuses a margin of the wrong length', () => {
    expect(() => ipf(new Float64Array(4).fill(1), [2, 2], [{ axes: [0], target: [1, 2, 3] }])).toThrow(/needs 2 targets/);
  });
});

describe('controlledRound', () => {
  it('rounds a table of halves keeping rows and columns', () => {
    expect(Array.from(controlledRound(new Float64Array([0.5, 0.5, 0.5, 0.5]), 2, 2, [1, 1], [1, 1]))).toEqual([1, 0, 0, 1]);
  });

  it('prefers the largest fractions', () => {
    expect(Array.from(controlledRound([0.9, 0.1, 0.1, 0.9], 2, 2, [1, 1], [1, 1]))).toEqual([1, 0, 0, 1]);
    expect(Array.from(controlledRound([0.1, 0.9, 0.9, 0.1], 2, 2, [1, 1], [1, 1]))).toEqual([0, 1, 1, 0]);
  });

  it('keeps integer margins exact, each cell at its floor or ceiling, zeros at zero (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 64, maxLength: 64 }), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), (r, c, ints, zero) => {
        // An integer table defines integer margins; a fractional table with those margins comes from IPF of a noisy seed.
        const truth = Array.from({ length: r * c }, (_, k) => (zero[k] ? 0 : ints[k]));
        const rows = rowSums(truth, r, c);
        const cols = colSums(truth, r, c);
        const seed = Float64Array.from(truth, (v, k) => (v > 0 ? 1 + (ints[(k * 7) % 64] % 5) : 0));
        const fitted = ipf(seed, [r, c], [{ axes: [0], target: rows }, { axes: [1], target: cols }], { tolerance: 1e-11, maxIterations: 10000 }).table;
        const rounded = controlledRound(fitted, r, c, rows, cols);
        expect(rowSums(rounded, r, c)).toEqual(rows);
        expect(colSums(rounded, r, c)).toEqual(cols);
        for (let k = 0; k < r * c; k++) {
          expect(rounded[k] - Math.floor(fitted[k])).toBeGreaterThanOrEqual(0);
          expect(rounded[k] - Math.floor(fitted[k])).toBeLessThanOrEqual(1);
          if (truth[k] === 0) expect(rounded[k]).toBe(0);
        }
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('says so when the targets cannot be met', () => {
    expect(() => controlledRound([1, 0, 0, 1], 2, 2, [1, 1], [2, 1])).toThrow(RoundingError);
    expect(() => controlledRound([3, 0, 0, 1], 2, 2, [2, 2], [2, 2])).toThrow(/whole parts add up to more/);
  });
});

describe('roundToTotal', () => {
  it('largest remainder, ties to the earlier index, zeros last', () => {
    expect(roundToTotal([1.5, 1.5, 1], 4)).toEqual([2, 1, 1]);
    expect(roundToTotal([0, 0.4, 0.6], 1)).toEqual([0, 0, 1]);
    expect(roundToTotal([0, 0.4, 0.6], 2)).toEqual([0, 1, 1]);
  });
});

describe('scaleMargins and fitLaCells', () => {
  const G = FIT_GROUPS.length, A = FIT_AGES.length, N = FIT_NEEDS.length;
  // A small synthetic LA: 40 plans in mainstream (LA maintained) and ISS at two ages and three needs.
  const m: LaMargins = {
    la: '900', name: 'Test LA', total: 40,
    groupTotals: new Int32Array(G), ageTotals: new Int32Array(A), groupAge: new Int32Array(G * A), groupNeed: new Int32Array(G * N), ageNeed: new Int32Array(A * N), notes: [],
  };
  const ms = 0, iss = FIT_GROUPS.findIndex((g) => g.setting === 'iss');
  const a5 = FIT_AGES.indexOf(5), a12 = FIT_AGES.indexOf(12);
  const [asd, semh, slcn] = ['ASD', 'SEMH', 'SLCN'].map((n) => FIT_NEEDS.indexOf(n as (typeof FIT_NEEDS)[number]));
  const set = (arr: Int32Array, i: number, v: number) => (arr[i] = v);
  set(m.groupAge!, ms * A + a5, 15); set(m.groupAge!, ms * A + a12, 10); set(m.groupAge!, iss * A + a12, 15);
  set(m.groupNeed, ms * N + asd, 8); set(m.groupNeed, ms * N + slcn, 12); set(m.groupNeed, ms * N + semh, 5); set(m.groupNeed, iss * N + asd, 7); set(m.groupNeed, iss * N + semh, 8);
  set(m.ageNeed, a5 * N + asd, 5); set(m.ageNeed, a5 * N + slcn, 10); set(m.ageNeed, a12 * N + asd, 10); set(m.ageNeed, a12 * N + slcn, 2); set(m.ageNeed, a12 * N + semh, 13);
  m.groupTotals[ms] = 25; m.groupTotals[iss] = 15; m.ageTotals[a5] = 15; m.ageTotals[a12] = 25;

  it('fitLaCells keeps group × age and group × need exact', () => {
    const cells = fitLaCells(m, new Int32Array(G * A).fill(1));
    for (let k = 0; k < G; k++) {
      for (let a = 0; a < A; a++) expect(Array.from(cells.subarray((k * A + a) * N, (k * A + a + 1) * N)).reduce((x, y) => x + y, 0)).toBe(m.groupAge![k * A + a]);
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let a = 0; a < A; a++) s += cells[(k * A + a) * N + j];
        expect(s).toBe(m.groupNeed[k * N + j]);
      }
    }
    expect(cells[(iss * A + a5) * N + asd]).toBe(0); // no ISS at age 5 in the margins, none in the cells
  });

  it('fitLaCells fits group × age when it is not published (as for Cambridgeshire and North East Lincolnshire)', () => {
    const cells = fitLaCells({ ...m, groupAge: null }, new Int32Array(G * A).fill(1));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(40);
    for (let a = 0; a < A; a++) {
      let s = 0;
      for (let k = 0; k < G; k++) for (let j = 0; j < N; j++) s += cells[(k * A + a) * N + j];
      expect(s).toBe(m.ageTotals[a]);
    }
  });

  it('scaleMargins gives consistent whole margins at the new total', () => {
    const s = scaleMargins(m, 100, { la: '999', name: 'Example' }, new Int32Array(G * A).fill(1));
    expect(s.total).toBe(100);
    expect(rowSums(s.groupAge!, G, A)).toEqual(Array.from(s.groupTotals));
    expect(colSums(s.groupAge!, G, A)).toEqual(Array.from(s.ageTotals));
    expect(rowSums(s.groupNeed, G, N)).toEqual(Array.from(s.groupTotals));
    expect(rowSums(s.ageNeed, A, N)).toEqual(Array.from(s.ageTotals));
    expect(colSums(s.ageNeed, A, N)).toEqual(colSums(s.groupNeed, G, N));
    expect(fitLaCells(s, new Int32Array(G * A).fill(1)).reduce((a, b) => a + b, 0)).toBe(100);
  });
});
