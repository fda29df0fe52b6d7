// The seeded generator: known first values, an independent reference implementation, moments, forks.
import { describe, expect, it } from 'vitest';
import { createRng, splitmix32, streamHash } from '../../../models/uncertainty/rng';
import { categorical, lognormalFromMean } from '../../../models/uncertainty/sampling';

/** sfc32 and splitmix32 written out again from their published definitions, to check the engine's code. */
function referenceSfc32(seed: number): () => number {
  let s = seed >>> 0;
  const sm = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  const step = () => {
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) step();
  return step;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

function lowest(xs: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.min(m, xs[i]);
  return m;
}

function highest(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]);
  return m;
}

function sd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

describe('createRng', () => {
  it('gives these first values for seed 42 on every machine', () => {
    const rng = createRng(42);
    expect([rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([1028872839, 2516511472, 400437680, 853279530]);
    const again = createRng(42);
    expect(again.next()).toBe(1028872839 / 2 ** 32);
    expect(createRng(42).next()).toBe(0.23955312534235418);
  });

  it.each([0, 1, 42, 7, 123456789, 2 ** 32 - 1])('matches the reference sfc32 for seed %s over 1,000 draws', (seed) => {
    const rng = createRng(seed);
    const ref = referenceSfc32(seed);
    for (let i = 0; i < 1000; i++) expect(rng.uint32()).toBe(ref());
  });

  it('gives different streams for different seeds, including negative and large ones', () => {
    const firsts = [0, 1, 2, -1, 2 ** 32, 2 ** 40].map((s) => createRng(s).uint32());
    expect(new Set(firsts).size).toBe(firsts.length);
    expect(createRng(-1).uint32()).toBe(createRng(-1).uint32());
  });

  it.each([1.5, NaN, Infinity, 2 ** 60])('refuses seed %s', (seed) => {
    expect(() => createRng(seed)).toThrow(RangeError);
  });

  it('splitmix32 is the murmur3-finalised Weyl sequence', () => {
    const w = splitmix32(0);
    const first = w();
    let z = 0x9e3779b9 | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    expect(first).toBe((z ^ (z >>> 16)) >>> 0);
  });
});

describe('distributions', () => {
  const N = 100_000;

  it('next() is uniform on [0, 1): mean 1/2, variance 1/12, never 1', () => {
    const rng = createRng(1);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = rng.next();
    expect(lowest(xs)).toBeGreaterThanOrEqual(0);
    expect(highest(xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    expect(sd(xs) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('normal(0, 1): mean within 0.01, sd within 0.01 over 100,000 draws', () => {
    const rng = createRng(2);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = rng.normal();
    expect(Math.abs(mean(xs))).toBeLessThan(0.01);
    expect(Math.abs(sd(xs) - 1)).toBeLessThan(0.01);
    const within1 = xs.filter((x) => Math.abs(x) < 1).length / N;
    expect(within1).toBeCloseTo(0.6827, 2);
  });

  it('normal(mean, sd) scales and shifts', () => {
    const rng = createRng(3);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = rng.normal(100, 15);
    expect(Math.abs(mean(xs) - 100)).toBeLessThan(0.2);
    expect(Math.abs(sd(xs) - 15)).toBeLessThan(0.2);
  });

  it('lognormal(mu, sigma) has mean exp(mu + sigma²/2); lognormalFromMean keeps a cited average', () => {
    const rng = createRng(4);
    const { mu, sigma } = lognormalFromMean(26000, 0.3);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = rng.lognormal(mu, sigma);
    expect(Math.abs(mean(xs) / 26000 - 1)).toBeLessThan(0.005);
    expect(Math.abs(sd(xs) / mean(xs) - 0.3)).toBeLessThan(0.01);
    expect(lowest(xs)).toBeGreaterThan(0);
  });

  it('triangular(min, mode, max): mean (a+b+c)/3, within bounds', () => {
    const rng = createRng(5);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = rng.triangular(1, 2, 6);
    expect(Math.abs(mean(xs) - 3)).toBeLessThan(0.02);
    expect(lowest(xs)).toBeGreaterThanOrEqual(1);
    expect(highest(xs)).toBeLessThanOrEqual(6);
    expect(createRng(1).triangular(5, 5, 5)).toBe(5);
    expect(() => createRng(1).triangular(3, 1, 2)).toThrow(RangeError);
  });

  it('int(n) is unbiased over 0…n−1', () => {
    const rng = createRng(6);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    // chi-square with 6 degrees of freedom: 22.5 is the 0.1% critical value
    const chi = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi).toBeLessThan(22.5);
    expect(createRng(1).int(1)).toBe(0);
    const big = createRng(1).int(2 ** 32);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 32).toBe(true);
    for (const bad of [0, -1, 1.5, 2 ** 32 + 1]) expect(() => createRng(1).int(bad)).toThrow(RangeError);
  });

  it('choiceIndex follows the weights and never picks a zero weight', () => {
    const rng = createRng(7);
    const counts = [0, 0, 0, 0];
    const w = new Float64Array([1, 0, 3, 6]);
    for (let i = 0; i < N; i++) counts[rng.choiceIndex(w)]++;
    expect(counts[1]).toBe(0);
    expect(counts[0] / N).toBeCloseTo(0.1, 2);
    expect(counts[2] / N).toBeCloseTo(0.3, 2);
    expect(counts[3] / N).toBeCloseTo(0.6, 2);
    expect(() => rng.choiceIndex([0, 0])).toThrow(RangeError);
    expect(() => rng.choiceIndex([1, -1])).toThrow(RangeError);
    expect(() => rng.choiceIndex([1, NaN])).toThrow(RangeError);
  });

  it('categorical() draws like choiceIndex and uses one draw per sample', () => {
    const c = categorical([1, 0, 3, 6]);
    expect([...c.probabilities]).toEqual([0.1, 0, 0.3, 0.6]);
    expect(c.fromUniform(0)).toBe(0);
    expect(c.fromUniform(0.1)).toBe(2);
    expect(c.fromUniform(0.999999)).toBe(3);
    const a = createRng(8);
    const b = createRng(8);
    for (let i = 0; i < 1000; i++) expect(c.sample(a)).toBe(c.fromUniform(b.next()));
    expect(categorical([0, 0, 5, 0]).fromUniform(0.9999999999)).toBe(2);
    expect(() => categorical([])).toThrow(RangeError);
  });

  it('uses exactly two draws per normal and lognormal', () => {
    const a = createRng(9);
    const b = createRng(9);
    a.normal();
    a.lognormal(0, 1);
    for (let i = 0; i < 4; i++) b.uint32();
    expect(a.uint32()).toBe(b.uint32());
  });
});

describe('fork', () => {
  it('is reproducible and independent of how much the parent has drawn', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 100; i++) b.next();
    const fa = a.fork('costs');
    const fb = b.fork('costs');
    for (let i = 0; i < 100; i++) expect(fa.uint32()).toBe(fb.uint32());
    expect(a.fork('costs').stream).toEqual(['costs']);
    expect(a.fork('costs').fork(3).stream).toEqual(['costs', 3]);
  });

  it('gives streams that differ from each other and from the parent', () => {
    const root = createRng(7);
    const streams = [root, root.fork(1), root.fork(2), root.fork('1'), root.fork('costs'), root.fork('costs').fork(1), createRng(8).fork(1)];
    const firsts = streams.map((r) => [r.uint32(), r.uint32()].join(','));
    expect(new Set(firsts).size).toBe(firsts.length);
  });

  it('gives forked streams that are uncorrelated', () => {
    const x = createRng(11).fork('a');
    const y = createRng(11).fork('b');
    const n = 50_000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += (x.next() - 0.5) * (y.next() - 0.5);
    const corr = sxy / n / (1 / 12);
    expect(Math.abs(corr)).toBeLessThan(0.02);
  });

  it('hashes stream ids stably and refuses fractional ids', () => {
    expect(streamHash('costs')).toBe(streamHash('costs'));
    expect(streamHash(1)).not.toBe(streamHash('1'));
    expect(() => streamHash(1.5)).toThrow(RangeError);
  });
});
