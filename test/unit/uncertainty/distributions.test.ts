// Distributions as quantile functions: exact p10/p90 for 80% intervals, the normal quantile against known values,
// the central value at the median, clear messages for bad parameters, and quantiles of draws.
import { describe, expect, it } from 'vitest';
import { centralOf, checkQuantity, normalQuantile, quantileOf, Z90, type Distribution } from '../../../models/uncertainty/distributions';
import { quantileSorted, summariseDraws } from '../../../models/uncertainty/quantiles';
import { drawValue } from '../../../models/uncertainty/inputs';

describe('normal quantile (AS 241)', () => {
  it.each([
    [0.5, 0],
    [0.9, 1.2815515655446004],
    [0.975, 1.959963984540054],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
  ])('Φ⁻¹(%s) = %s', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 12));
  it('is symmetric', () => expect(normalQuantile(0.1)).toBe(-normalQuantile(0.9)));
});

describe('quantiles of each distribution', () => {
  const cases: Array<[Distribution, number, number, number]> = [
    [{ dist: 'interval80', low: 0.9, high: 1.1 }, 0.9, 1, 1.1],
    [{ dist: 'interval80', low: 1, high: 4, shape: 'lognormal' }, 1, 2, 4],
    [{ dist: 'normal', mean: 10, sd: 2 }, 10 - 2 * Z90, 10, 10 + 2 * Z90],
    [{ dist: 'uniform', min: 0, max: 10 }, 1, 5, 9],
    [{ dist: 'triangular', min: 0, mode: 0.5, max: 1 }, Math.sqrt(0.05), 0.5, 1 - Math.sqrt(0.05)],
  ];
  it.each(cases)('%j has p10 %s, p50 %s, p90 %s', (d, p10, p50, p90) => {
    expect(quantileOf(d, 0.1)).toBeCloseTo(p10, 12);
    expect(quantileOf(d, 0.5)).toBeCloseTo(p50, 12);
    expect(centralOf(d)).toBeCloseTo(p50, 12);
    expect(quantileOf(d, 0.9)).toBeCloseTo(p90, 12);
  });
  it('a lognormal given by mean and cv keeps the mean', () => {
    const d: Distribution = { dist: 'lognormal', mean: 26000, cv: 0.3 };
    let s = 0;
    const n = 20000;
    for (let k = 0; k < n; k++) s += quantileOf(d, (k + 0.5) / n);
    expect(s / n).toBeCloseTo(26000, -1);
  });
  it('says what is wrong with a bad distribution', () => {
    expect(checkQuantity({ dist: 'interval80', low: 2, high: 1 })).toMatch(/low \(2\) must be below high \(1\)/);
    expect(checkQuantity({ dist: 'beta', a: 1 })).toMatch(/"dist" must be one of/);
    expect(checkQuantity({ dist: 'normal', mean: 1, sd: 1, sigma: 2 })).toMatch(/"sigma" is not a parameter of a normal/);
    expect(checkQuantity('1.2')).toMatch(/must be a number or a distribution/);
    expect(checkQuantity(1.2)).toBeNull();
  });
});

describe('draw values', () => {
  const d: Distribution = { dist: 'interval80', low: 0.9, high: 1.1 };
  it('run 0 takes the median; draws are reproducible by (seed, draw, path)', () => {
    expect(drawValue(d, 'a', 7, 0)).toBe(1);
    expect(drawValue(d, 'a', 7, 3)).toBe(drawValue(d, 'a', 7, 3));
    expect(drawValue(d, 'a', 7, 3)).not.toBe(drawValue(d, 'a', 8, 3));
    expect(drawValue(d, 'a', 7, 3)).not.toBe(drawValue(d, 'b', 7, 3));
  });
  it('about 80% of draws fall inside an 80% interval', () => {
    let inside = 0;
    for (let k = 1; k <= 4000; k++) {
      const x = drawValue(d, 'a', 11, k);
      if (x >= 0.9 && x <= 1.1) inside++;
    }
    expect(inside / 4000).toBeGreaterThan(0.78);
    expect(inside / 4000).toBeLessThan(0.82);
  });
  it('the same uniform gives the same quantile whatever the distribution (common random numbers)', () => {
    const wide: Distribution = { dist: 'interval80', low: 0.5, high: 1.5 };
    for (let k = 1; k <= 20; k++) expect((drawValue(wide, 'a', 7, k) - 1) / 0.5).toBeCloseTo((drawValue(d, 'a', 7, k) - 1) / 0.1, 9);
  });
});

describe('quantiles of draws', () => {
  it('interpolates between order statistics (type 7)', () => {
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 0.1)).toBe(2);
  });
  it('summarises per year from draw-major storage', () => {
    const s = summariseDraws(Float64Array.of(1, 10, 2, 20, 3, 30), 3, 2);
    expect(s.mean).toEqual([2, 20]);
    expect(s.p50).toEqual([2, 20]);
    expect(s.p10).toEqual([1.2, 12]);
  });
});
