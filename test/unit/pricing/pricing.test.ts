// Pricing mechanics: band edges on both sides of every threshold, the three band methods, exceptions, transitional
// protection per placement and per provider, and properties that must hold on any table.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRulebook } from '../../../models/rules/load';
import type { Rulebook } from '../../../models/rules/rulebook';
import { buildTable, type PlacementTable } from '../../../models/data/table';
import { generateSyntheticTable } from '../../../models/data/synthetic';
import { price, inInterval } from '../../../models/pricing/price';
import { totals } from '../../../models/pricing/aggregate';
import { explainRow, explainGroup } from '../../../models/pricing/explain';

const shipped = (f: string): Rulebook => loadRulebook(JSON.parse(readFileSync(join(process.cwd(), 'scenarios', 'rulebooks', f), 'utf8')), { file: f }).rulebook!;
const national = shipped('illustrative-national-bands.rulebook.json');
const current = shipped('current-costs.rulebook.json');
const iss = shipped('iss-price-bands.rulebook.json');

function one(fields: Record<string, unknown>): PlacementTable {
  const { table, issues } = buildTable([{ placement_id: 'X', la_code: '330', setting: 'mainstream', age: 10, primary_need: 'MLD', annual_cost: 1000, ...fields }], { file: 't.csv' });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return table;
}
const bandOf = (rb: Rulebook, fields: Record<string, unknown>) => {
  const p = price(one(fields), rb, { date: '2025-04-01' });
  return p.band[0] < 0 ? null : p.bandIds[p.band[0]];
};

describe('shadow band edges (current costs rulebook: [0,6000) [6000,15000) … [80000, ∞))', () => {
  it.each([
    [0, 'C1'], [5999.99, 'C1'], [6000, 'C2'], [14999.99, 'C2'], [15000, 'C3'], [29999.99, 'C3'], [30000, 'C4'],
    [49999.99, 'C4'], [50000, 'C5'], [79999.99, 'C5'], [80000, 'C6'], [1e6, 'C6'],
  ])('a current cost of £%s is in band %s', (cost, band) => {
    expect(bandOf(current, { annual_cost: cost })).toBe(band);
  });

  it.each([
    [{ min: 10, max: 20, closed: 'left' as const }, [[9.99, false], [10, true], [19.99, true], [20, false]]],
    [{ min: 10, max: 20, closed: 'right' as const }, [[10, false], [10.01, true], [20, true], [20.01, false]]],
    [{ min: 10, max: 20, closed: 'both' as const }, [[10, true], [20, true]]],
    [{ min: 10, max: 20, closed: 'neither' as const }, [[10, false], [15, true], [20, false]]],
  ])('interval %j closes as declared', (interval, cases) => {
    for (const [cost, inside] of cases as Array<[number, boolean]>) expect(inInterval(cost, interval)).toBe(inside);
  });
});

describe('rule band edges (illustrative national rulebook)', () => {
  it.each([
    [{ setting: 'iss', primary_need: 'ASD', residential: 38 }, 'B4'],
    [{ setting: 'iss', primary_need: 'ASD', residential: 51.99 }, 'B4'],
    [{ setting: 'iss', primary_need: 'ASD', residential: 52 }, 'B6'],
    [{ setting: 'mainstream', primary_need: 'PMLD' }, 'B6'],
    [{ setting: 'mainstream', primary_need: 'SLD' }, 'B5'],
    [{ setting: 'special_maintained', primary_need: 'SEMH' }, 'B4'],
    [{ setting: 'special_maintained', primary_need: 'MLD' }, 'B3'],
    [{ setting: 'mainstream', primary_need: 'SEMH' }, 'B2'],
    [{ setting: 'mainstream', primary_need: 'MLD' }, 'B1'],
    [{ setting: 'fe', primary_need: 'UNK' }, 'B1'],
  ])('%j → %s', (fields, band) => {
    expect(bandOf(national, fields)).toBe(band);
  });
});

describe('bands from the data', () => {
  const rb: Rulebook = { ...current, bands: { method: 'data', list: [{ id: 'A', label: 'A', descriptor: '' }, { id: 'B', label: 'B', descriptor: '' }] } };
  it('takes each row\'s band and reports values the rulebook does not know', () => {
    const { table } = buildTable([
      { placement_id: '1', la_code: '330', setting: 'iss', age: 10, primary_need: 'ASD', annual_cost: 50000, band: 'B' },
      { placement_id: '2', la_code: '330', setting: 'iss', age: 10, primary_need: 'ASD', annual_cost: 50000, band: 'B9' },
    ], { file: 'b.csv' });
    const p = price(table, rb, { date: '2025-04-01' });
    expect([p.band[0], p.band[1]]).toEqual([1, -1]);
    expect(p.issues.map((i) => i.message)).toContain('the data\'s band "B9" is not one of the rulebook\'s bands (A, B).');
    expect(Number.isNaN(p.price[1])).toBe(true);
    expect(totals(p).unpriced).toBe(1);
  });
});

describe('transitional protection', () => {
  const base = { ...national, exceptions: [] };
  it('per placement: rises capped at +5% and falls floored at −3% of the previous funding', () => {
    const rb: Rulebook = { ...base, transitionalProtection: { basis: 'placement', cap: 0.05, floor: -0.03 } };
    const { table } = buildTable([
      // mainstream MLD → B1 = 1600 × 1.0 (2025-26 index 1): from 1000 it would rise 60%: capped at 1050
      { placement_id: 'up', la_code: '330', setting: 'mainstream', age: 10, primary_need: 'MLD', annual_cost: 1000 },
      // ISS ASD → B4 = 55000: from 80000 it would fall 31%: floored at 77,600
      { placement_id: 'down', la_code: '330', setting: 'iss', age: 10, primary_need: 'ASD', annual_cost: 80000 },
      // 55000 from 56000 is −1.8%: inside the band, unchanged
      { placement_id: 'inside', la_code: '330', setting: 'iss', age: 10, primary_need: 'ASD', annual_cost: 56000 },
    ], { file: 'tp.csv' });
    const p = price(table, rb, { date: '2025-04-01' });
    expect(Array.from(p.price)).toEqual([1050, 77600, 55000]);
    expect(Array.from(p.protection)).toEqual([1, -1, 0]);
    expect(Array.from(p.tariff)).toEqual([1600, 55000, 55000]);
  });

  it('per provider: the provider total moves at most 5%, all its placements scaled by one factor', () => {
    const rb: Rulebook = { ...base, transitionalProtection: { basis: 'provider', cap: 0.05, floor: -0.05 } };
    const { table } = buildTable([
      { placement_id: 'a', la_code: '330', setting: 'iss', age: 10, primary_need: 'ASD', annual_cost: 70000, provider_id: 'PR1' },
      { placement_id: 'b', la_code: '330', setting: 'iss', age: 10, primary_need: 'ASD', annual_cost: 50000, provider_id: 'PR1' },
    ], { file: 'tp.csv' });
    // Tariff 55000 each = 110000 against 120000 before (−8.3%): floored to 114000 = 0.95 × 120000,
    // so each is scaled by 114000 / 110000: a → 57000, b → 57000.
    const p = price(table, rb, { date: '2025-04-01' });
    expect(p.price[0]).toBeCloseTo(57000, 9);
    expect(p.price[1]).toBeCloseTo(57000, 9);
    expect(p.price[0] + p.price[1]).toBeCloseTo(114000, 9);
  });
});

describe('properties on synthetic national-style tables', () => {
  const table = generateSyntheticTable({ rows: 3000, seed: 11 });

  it('totals do not depend on row order', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const order = permutation(table.rowCount, seed);
      const shuffled = reorder(table, order);
      const a = totals(price(table, national, { date: '2026-04-01' }));
      const b = totals(price(shuffled, national, { date: '2026-04-01' }));
      expect(b.plans).toBe(a.plans);
      expect(b.price).toBeCloseTo(a.price, 2);
      expect(b.current).toBeCloseTo(a.current, 2);
    }), { numRuns: 8 });
  });

  it('scaling every base price by k scales tariff spend by k', () => {
    const noExceptions: Rulebook = { ...national, exceptions: [] };
    fc.assert(fc.property(fc.double({ min: 0.1, max: 5, noNaN: true }), (k) => {
      const scaled = scaleBasePrice(noExceptions, k);
      const a = price(table, noExceptions, { date: '2026-04-01' });
      const b = price(table, scaled, { date: '2026-04-01' });
      let sa = 0, sb = 0;
      for (let i = 0; i < table.rowCount; i++) if (!Number.isNaN(a.price[i])) {
        sa += a.price[i] * a.weight[i];
        sb += b.price[i] * b.weight[i];
      }
      expect(sb).toBeCloseTo(k * sa, 3);
    }), { numRuns: 10 });
  });

  it('explain\'s final value equals the priced value for random placements, under each shipped rulebook', () => {
    for (const rb of [national, current, iss]) {
      const p = price(table, rb, { date: '2027-06-01' });
      fc.assert(fc.property(fc.integer({ min: 0, max: table.rowCount - 1 }), (row) => {
        const t = explainRow(p, row);
        expect(Object.is(t.price, p.price[row])).toBe(true);
        if (p.exception[row] < 0 && p.protection[row] === 0) expect(t.formula.value).toBeCloseTo(p.price[row], 6);
      }), { numRuns: 40 });
    }
  });

  it('generated code and the no-eval fallback price identically', () => {
    const a = price(table, national, { date: '2026-04-01', mode: 'codegen' });
    const b = price(table, national, { date: '2026-04-01', mode: 'closure' });
    expect(Array.from(b.price)).toEqual(Array.from(a.price));
    expect(Array.from(b.band)).toEqual(Array.from(a.band));
  });
});

function permutation(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function reorder(t: PlacementTable, order: number[]): PlacementTable {
  const columns: PlacementTable['columns'] = {};
  for (const [name, c] of Object.entries(t.columns)) {
    columns[name] = c.kind === 'number' ? { kind: 'number', values: Float64Array.from(order, (i) => c.values[i]) } : { kind: 'category', codes: Int32Array.from(order, (i) => c.codes[i]), dictionary: c.dictionary };
  }
  return { rowCount: t.rowCount, ids: order.map((i) => t.ids[i]), columns };
}

function scaleBasePrice(rb: Rulebook, k: number): Rulebook {
  const scale = (v: unknown): unknown => (typeof v === 'number' ? v * k : Object.fromEntries(Object.entries(v as object).map(([a, b]) => [a, scale(b)])));
  const bp = rb.parameters.base_price;
  return { ...rb, parameters: { ...rb.parameters, base_price: { ...bp, values: bp.values.map((v) => ({ ...v, value: scale(v.value) as number })) } } };
}

describe('keyed by phase, and explaining a group', () => {
  it('a base price keyed by band × setting × phase picks the phase from age; the group trace adds up', () => {
    const rb: Rulebook = {
      ...national,
      exceptions: [],
      parameters: {
        ...national.parameters,
        base_price: {
          label: 'Base price by band, setting and phase', unit: '£', keys: ['band', 'setting', 'phase'],
          values: [{ from: '2025-04-01', source: 'test', value: { '*': { mainstream: { primary: 1000, secondary: 2000, '*': 500 }, '*': { '*': 7000 } } } }],
        },
      },
    };
    const { table } = buildTable([
      { placement_id: 'p', la_code: '330', setting: 'mainstream', age: 10, primary_need: 'MLD', annual_cost: 900 }, // primary: 1000
      { placement_id: 's', la_code: '330', setting: 'mainstream', age: 11, primary_need: 'MLD', annual_cost: 900 }, // secondary: 2000
      { placement_id: 'y', la_code: '330', setting: 'mainstream', age: 16, primary_need: 'MLD', annual_cost: 900 }, // post-16: '*' → 500
      { placement_id: 'i', la_code: '330', setting: 'iss', age: 12, primary_need: 'ASD', annual_cost: 60000 }, // other setting: 7000
    ], { file: 'phase.csv' });
    const p = price(table, rb, { date: '2025-04-01' });
    expect(Array.from(p.price)).toEqual([1000, 2000, 500, 7000]);
    const g = explainGroup(p, 'setting', 'mainstream');
    expect(g).toMatchObject({ plans: 3, current: 2700, price: 3500, difference: 800 });
    expect(g.bandMix).toEqual([{ band: 'B1', plans: 3 }]);
    expect(g.largestDifferences.map((d) => d.placementId)).toEqual(['s', 'y', 'p']); // |1100| > |−400| > |100|
  });
});
