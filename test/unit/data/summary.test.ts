// summarise: totals equal hand sums, the contract's shape, and independence from row order (fast-check).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTable } from '../../../models/data/table';
import { summarise } from '../../../models/data/summary';
import { ExactSum } from '../../../models/data/exact-sum';
import { NEED_CODES } from '../../../models/vocab/needs';
import { SETTING_CODES } from '../../../models/vocab/settings';

const rows = [
  { placement_id: 'A', la_code: '202', setting: 'iss', age: 12, primary_need: 'ASD', annual_cost: 60000 },
  { placement_id: 'B', la_code: '202', setting: 'iss', age: 14, primary_need: 'SEMH', annual_cost: 70000.5, count: 2 },
  { placement_id: 'C', la_code: '936', setting: 'mainstream', age: 7, primary_need: 'SLCN', annual_cost: 3100, count: 10 },
  { placement_id: 'D', la_code: '936', setting: 'special_academy', age: 12, primary_need: 'ASD', annual_cost: 26000 },
  { placement_id: 'E', la_code: '801', setting: 'ap', age: 15, primary_need: 'SEMH', annual_cost: 26700 },
  { placement_id: 'F', la_code: '801', setting: 'unknown', age: 25, primary_need: 'UNK', annual_cost: 0 },
];

describe('summarise on a small example', () => {
  const s = summarise(buildTable(rows, { file: 'f.csv' }).table, { source: 'hand example' });

  it('totals plans (Σ count) and cost (Σ cost × count) by hand', () => {
    expect(s.source).toBe('hand example');
    expect(s.plans).toBe(1 + 2 + 10 + 1 + 1 + 1);
    expect(s.cost).toBe(60000 + 2 * 70000.5 + 10 * 3100 + 26000 + 26700 + 0);
  });

  it('groups by setting (present ones, vocabulary order), sector (all four), LA, need and age (0–25)', () => {
    expect(s.bySetting).toEqual({
      mainstream: { plans: 10, cost: 31000 },
      special_academy: { plans: 1, cost: 26000 },
      iss: { plans: 3, cost: 200001 },
      ap: { plans: 1, cost: 26700 },
      unknown: { plans: 1, cost: 0 },
    });
    expect(Object.keys(s.bySetting)).toEqual(['mainstream', 'special_academy', 'iss', 'ap', 'unknown']);
    expect(s.bySector).toEqual({
      maintained: { plans: 11, cost: 57000 },
      independent: { plans: 3, cost: 200001 },
      ap: { plans: 1, cost: 26700 },
      other: { plans: 1, cost: 0 },
    });
    expect(s.byLa).toEqual({ '202': { plans: 3, cost: 200001 }, '801': { plans: 2, cost: 26700 }, '936': { plans: 11, cost: 57000 } });
    expect(s.byNeed).toEqual({ ASD: { plans: 2, cost: 86000 }, SLCN: { plans: 10, cost: 31000 }, SEMH: { plans: 3, cost: 166701 }, UNK: { plans: 1, cost: 0 } });
    expect(Object.keys(s.byAge)).toEqual(Array.from({ length: 26 }, (_, a) => String(a)));
    expect(s.byAge['12']).toEqual({ plans: 2, cost: 86000 });
    expect(s.byAge['0']).toEqual({ plans: 0, cost: 0 });
    expect(s.byAge['25']).toEqual({ plans: 1, cost: 0 });
  });

  it('has the keys of `hntm summary` JSON, in order', () => {
    expect(Object.keys(s)).toEqual(['source', 'plans', 'cost', 'bySetting', 'bySector', 'byLa', 'byNeed', 'byAge']);
    expect(Object.keys(summarise(buildTable(rows, { file: 'f.csv' }).table))).toEqual(['plans', 'cost', 'bySetting', 'bySector', 'byLa', 'byNeed', 'byAge']);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('gives zeros and all four sectors for an empty table', () => {
    const e = summarise(buildTable([], { file: 'f.csv' }).table);
    expect(e.plans).toBe(0);
    expect(e.cost).toBe(0);
    expect(e.bySetting).toEqual({});
    expect(Object.keys(e.bySector)).toEqual(['maintained', 'independent', 'ap', 'other']);
  });

  it('keeps group sums consistent with the totals', () => {
    const sum = (g: Record<string, { plans: number; cost: number }>) => Object.values(g).reduce((a, b) => a + b.plans, 0);
    for (const g of [s.bySetting, s.bySector, s.byLa, s.byNeed, s.byAge]) expect(sum(g)).toBe(s.plans);
  });
});

describe('ExactSum', () => {
  it('sums exactly, whatever the order', () => {
    const xs = [1e16, 1, -1e16, 0.1, 0.2, -0.3, 3.3333333333333335];
    const forward = new ExactSum();
    xs.forEach((x) => forward.add(x));
    const backward = new ExactSum();
    [...xs].reverse().forEach((x) => backward.add(x));
    expect(forward.value()).toBe(backward.value());
    expect(forward.value()).toBeCloseTo(1 + 3.3333333333333335, 12);
  });

  it('skips NaN', () => {
    const s = new ExactSum();
    s.add(1);
    s.add(NaN);
    expect(s.value()).toBe(1);
  });
});

describe('summarise does not depend on row order (fast-check)', () => {
  const row = fc.record({
    la_code: fc.constantFrom('202', '936', '801', '340'),
    setting: fc.constantFrom(...SETTING_CODES),
    age: fc.integer({ min: 0, max: 25 }),
    primary_need: fc.constantFrom(...NEED_CODES),
    annual_cost: fc.oneof(fc.double({ min: 0, max: 2_000_000, noNaN: true }), fc.integer({ min: 0, max: 200_000 })),
    count: fc.integer({ min: 1, max: 30 }),
  });

  it('gives the identical summary for any permutation of the rows', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.array(fc.double({ noNaN: true }), { minLength: 60, maxLength: 60 }), (rs, keys) => {
        const withIds = rs.map((r, i) => ({ placement_id: `P${i}`, ...r }));
        const shuffled = withIds.map((r, i) => ({ r, k: keys[i] })).sort((a, b) => a.k - b.k).map((x) => x.r);
        const a = summarise(buildTable(withIds, { file: 'f.csv' }).table);
        const b = summarise(buildTable(shuffled, { file: 'f.csv' }).table);
        expect(b).toEqual(a);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { numRuns: 300 },
    );
  });
});
