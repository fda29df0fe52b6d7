// The formula language's number helpers agree with mathjs (default config) bit for bit, including -0, NaN and ties.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { all, create } from 'mathjs';
import { ceil, clamp, equal, floor, larger, largerEq, maxStep, minStep, mod, round, smaller, smallerEq } from '../../../models/rules/formula-runtime';

const math = create(all);
const mjRound = (x: number, n?: number): number => (n === undefined ? math.round(x) : math.round(x, n)) as number;

/** Doubles that stress rounding: ties k.5 / 10ⁿ, values a few ulps either side, money-like values, specials. */
const tricky = fc.oneof(
  fc.double(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: -3, max: 3 })).map(([k, n, ulps]) => {
    let x = (k + 0.5) / 10 ** n;
    // step a few representable numbers away from the tie
    const buf = new Float64Array([x]);
    const bits = new BigInt64Array(buf.buffer);
    bits[0] = (bits[0] ?? 0n) + BigInt(ulps);
    x = buf[0] ?? x;
    return x;
  }),
  fc.constantFrom(0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 1.005, 2.675, 1.0049999999999999, 0.58 * 100, 2.4999999999999996, 1e21, 123456789.125, 5e-324, Infinity, -Infinity, NaN),
);

describe('formula runtime matches mathjs', () => {
  it.each([
    [2.5, 3],
    [-2.5, -3],
    [0.49999999999999994, 1], // mathjs first rounds to 12 decimals when that is nearly equal: 0.5, then 1
    [2.4999999999999996, 3],
    [-5e-324, 0], // snaps to -0 at 12 decimals, which mathjs prints as "0"
    [-1e-14, -0],
    [-0.3, -0],
    [-0, 0],
  ])('round(%d) is %d as in mathjs', (x, expected) => {
    expect(Object.is(round(x), expected)).toBe(true);
    expect(Object.is(mjRound(x), expected)).toBe(true);
  });

  it.each([
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [-1.005, 2, -1.01],
    [123.456, 0, 123],
    [1.23456789, 15, 1.23456789],
  ])('round(%d, %d) is %d (decimal rounding, half away from zero)', (x, n, expected) => {
    expect(round(x, n)).toBe(expected);
  });

  it('round gives NaN for decimals outside 0–15 or not whole (mathjs throws)', () => {
    expect(round(1.5, 16)).toBeNaN();
    expect(round(1.5, 2.5)).toBeNaN();
    expect(round(1.5, -1)).toBeNaN();
    expect(round(1.5, NaN)).toBeNaN();
  });

  it('round(x) and round(x, n) equal mathjs for any double', () => {
    fc.assert(
      fc.property(tricky, fc.integer({ min: 0, max: 15 }), (x, n) => {
        expect(Object.is(round(x), mjRound(x))).toBe(true);
        expect(Object.is(round(x, n), mjRound(x, n))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('floor, ceil and mod equal mathjs for any doubles', () => {
    fc.assert(
      fc.property(tricky, tricky, (x, y) => {
        expect(Object.is(floor(x), math.floor(x))).toBe(true);
        expect(Object.is(ceil(x), math.ceil(x))).toBe(true);
        expect(Object.is(mod(x, y), math.mod(x, y))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('comparisons use mathjs tolerances', () => {
    fc.assert(
      fc.property(tricky, fc.oneof(tricky, tricky.map((v) => v * (1 + 1e-13))), (x, y) => {
        expect(equal(x, y)).toBe(math.equal(x, y));
        expect(smaller(x, y)).toBe(math.smaller(x, y));
        expect(smallerEq(x, y)).toBe(math.smallerEq(x, y));
        expect(larger(x, y)).toBe(math.larger(x, y));
        expect(largerEq(x, y)).toBe(math.largerEq(x, y));
      }),
      { numRuns: 2000 },
    );
  });

  it('min and max fold like mathjs (NaN wins, the first of nearly-equal values stays)', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 4 }), (xs) => {
        const [first = 0, ...rest] = xs;
        expect(Object.is(rest.reduce(minStep, first), math.min(...xs))).toBe(true);
        expect(Object.is(rest.reduce(maxStep, first), math.max(...xs))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [12, 0, 10, 10],
    [-1, 0, 10, 0],
    [5, 0, 10, 5],
    [NaN, 0, 10, NaN],
    [5, NaN, 10, NaN],
  ])('clamp(%d, %d, %d) is %d', (x, lo, hi, expected) => {
    expect(Object.is(clamp(x, lo, hi), expected)).toBe(true);
  });
});
