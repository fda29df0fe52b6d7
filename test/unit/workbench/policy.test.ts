// The policy workbench: winners and losers by LA worked by hand on the ten placements, budget neutrality to the
// pound, protection year by year, and the tornado's order.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRulebook } from '../../../models/rules/load';
import type { Rulebook } from '../../../models/rules/rulebook';
import { readCsvRecords } from '../../../models/io/csv';
import { buildTable } from '../../../models/data/table';
import { generateSyntheticTable } from '../../../models/data/synthetic';
import { price } from '../../../models/pricing/price';
import { totals } from '../../../models/pricing/aggregate';
import { budgetNeutral, compareOptions, optionTornado, protectionPath, CHANGE_BANDS } from '../../../models/workbench/policy';

const shipped = (f: string): Rulebook => loadRulebook(JSON.parse(readFileSync(join(process.cwd(), 'scenarios', 'rulebooks', `${f}.rulebook.json`), 'utf8')), { file: f }).rulebook!;
const national = shipped('illustrative-national-bands');
const ten = buildTable(readCsvRecords(readFileSync(join(process.cwd(), 'test', 'fixtures', 'ten-placements.csv'), 'utf8')).rows.map((r) => r.values), { file: 'ten.csv' }).table;

describe('compareOptions', () => {
  const c = compareOptions(ten, [national, shipped('current-costs')], { date: '2026-04-01', allocations: { '330': 200000 } });

  it('sorts councils into change bands as worked by hand', () => {
    const byLa = Object.fromEntries(c.options[0].byLa.map((l) => [l.la, l]));
    // Camden: 3,000 + 12,000 = 15,000 → 1,878.824 + 16,439.71 = 18,318.534 (+22.1%)
    expect(byLa['202'].cost).toBeCloseTo(18318.534, 6);
    expect(byLa['202'].band).toBe('lose>5');
    // Surrey: 68,000 + 160,000 = 228,000 → 57,845.315 + 160,000 (bespoke) = 217,845.315 (−4.45%)
    expect(byLa['936'].changePct).toBeCloseTo(217845.315 / 228000 - 1, 9);
    expect(byLa['936'].band).toBe('gain0-5');
    // Birmingham: 181,500 → 205,371.85 (+13.2%); headroom against a £200,000 allocation = −5,371.85
    expect(byLa['330'].headroom).toBeCloseTo(200000 - 205371.85, 6);
    expect(c.options[0].counts).toEqual({ 'lose>5': 3, 'lose0-5': 0, 'gain0-5': 1, 'gain>5': 0 });
  });

  it('counts add up to the number of councils, for every option', () => {
    for (const o of c.options) expect(Object.values(o.counts).reduce((a, b) => a + b, 0)).toBe(o.byLa.length);
    expect(c.options[1].counts['lose0-5']).toBe(4); // current costs indexed by 2.11% in 2026-27: every council up 2.11%
  });

  it('on a national-size table, every LA is banded exactly once', () => {
    const t = generateSyntheticTable({ rows: 20000, seed: 9 });
    const o = compareOptions(t, [national], { date: '2026-04-01' }).options[0];
    expect(Object.values(o.counts).reduce((a, b) => a + b, 0)).toBe(o.byLa.length);
    expect(o.byLa.length).toBeGreaterThan(140);
    expect(CHANGE_BANDS.map((b) => b.id)).toEqual(['lose>5', 'lose0-5', 'gain0-5', 'gain>5']);
  });
});

describe('budgetNeutral', () => {
  it('finds the factor by hand: 178,000 at cost + s × 290,002.611 = 446,500', () => {
    const priced = price(ten, national, { date: '2026-04-01' });
    const r = budgetNeutral(priced);
    expect(r.ok).toBe(true);
    expect(Math.abs(r.achieved - 446500)).toBeLessThanOrEqual(1);
    expect(r.scale).toBeCloseTo(268500 / 290002.611, 6);
  });

  it('hits any target within £1 on a larger table with protection, or says why it cannot', () => {
    const t = generateSyntheticTable({ rows: 20000, seed: 4 });
    const protectedRb: Rulebook = { ...national, transitionalProtection: { basis: 'placement', cap: 0.05, floor: -0.05 } };
    const priced = price(t, protectedRb, { date: '2026-04-01' });
    const today = totals(priced).current;
    for (const target of [today, today * 0.98, today * 1.03]) {
      const r = budgetNeutral(priced, { target });
      expect(r.ok, r.message).toBe(true);
      expect(Math.abs(r.achieved - target)).toBeLessThanOrEqual(1);
    }
    const impossible = budgetNeutral(price(ten, national, { date: '2026-04-01' }), { target: 100000 });
    expect(impossible.ok).toBe(false);
    expect(impossible.message).toContain('placements funded at cost alone already cost £178,000');
  });
});

describe('protectionPath', () => {
  it('moves funding towards the tariff by at most the cap each year', () => {
    const rb: Rulebook = { ...national, exceptions: [], transitionalProtection: { basis: 'placement', cap: 0.05, floor: -0.05 } };
    const { table } = buildTable([{ placement_id: 'x', la_code: '330', setting: 'mainstream', age: 8, primary_need: 'MLD', annual_cost: 1000 }], { file: 'x.csv' });
    // Tariff B1 mainstream 1,600 (× index). Funding from 1,000: 1,050, 1,102.5, 1,157.625 — capped each year.
    const path = protectionPath(table, rb, ['2025-26', '2026-27', '2027-28']);
    expect(path.map((y) => y.funded)).toEqual([1050, expect.closeTo(1102.5, 9), expect.closeTo(1157.625, 9)]);
    expect(path.map((y) => y.capped)).toEqual([1, 1, 1]);
    expect(path[1].tariff).toBeCloseTo(1600 * 1.0211, 9);
  });
});

describe('optionTornado', () => {
  it('ranks parameters by swing: bespoke threshold, then acf and base price (equal), then uplift, then place funding', () => {
    const t = optionTornado(ten, national, { date: '2026-04-01' });
    expect(t.bars.map((b) => b.parameter)).toEqual(['bespoke_threshold', 'acf', 'base_price', 'tariff_uplift', 'place_funding']);
    // ±10% on a factor of the formula: 0.2 × 290,002.611 = 58,000.52
    expect(t.bars[1].swing).toBeCloseTo(58000.5222, 3);
    // Threshold 165,000 no longer catches P04 (160,000): it is priced at 99,914.635 instead of at cost
    expect(t.bars[0].swing).toBeCloseTo(160000 - 99914.635, 3);
    expect(t.bars[4].swing).toBe(0);
  });
});
