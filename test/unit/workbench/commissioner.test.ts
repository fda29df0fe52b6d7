// The commissioner's workbench on a hand-worked example: two providers, five placements, every figure below worked
// out by hand from the fees and band prices (band A = £50,000 for ASD, band B = £40,000 otherwise; cap 10%).
import { describe, expect, it } from 'vitest';
import { buildTable } from '../../../models/data/table';
import type { Rulebook } from '../../../models/rules/rulebook';
import { analyseProviders, assessUplift, capSavingByYear } from '../../../models/workbench/commissioner';
import { weightedQuantile } from '../../../models/workbench/stats';

const rulebook: Rulebook = {
  schemaVersion: 1, id: 'two-bands', name: 'Two bands', description: '', illustrative: true,
  parameters: { base_price: { label: 'Band price', unit: '£', keys: ['band'], values: [{ from: '2025-04-01', value: { A: 50000, B: 40000 }, source: 'test' }] } },
  indexation: {},
  bands: { method: 'rules', list: [{ id: 'A', label: 'Band A', descriptor: '', when: 'primary_need == "ASD"' }, { id: 'B', label: 'Band B', descriptor: '', when: 'true' }] },
  tariff: { formula: 'base_price' },
  exceptions: [],
};
const row = (placement_id: string, provider_id: string, primary_need: string, annual_cost: number, setting = 'iss') =>
  ({ placement_id, la_code: '330', setting, age: 12, primary_need, annual_cost, provider_id, provider_name: `Provider ${provider_id}` });
const { table } = buildTable([
  row('a1', 'PA', 'ASD', 60000), // A: premium 10,000 (20%); cap line 55,000 → saving 5,000
  row('a2', 'PA', 'ASD', 48000), // A: premium −2,000; no saving
  row('a3', 'PA', 'MLD', 50000), // B: premium 10,000 (25%); cap line 44,000 → saving 6,000
  row('b1', 'PB', 'ASD', 70000), // A: premium 20,000 (40%); saving 15,000
  row('b2', 'PB', 'MLD', 41000), // B: premium 1,000 (2.5%); no saving
  row('m1', 'PM', 'MLD', 3000, 'mainstream'), // not commissioned from an independent provider: out of scope
], { file: 'providers.csv' });

describe('analyseProviders', () => {
  const a = analyseProviders(table, rulebook, { date: '2025-04-01', cap: 0.1 });

  it('totals the commissioned placements only', () => {
    // fees 60+48+50+70+41 = 269k; band prices 50+50+40+50+40 = 230k; savings 5+6+15 = 26k
    expect(a).toMatchObject({ plans: 5, totalFees: 269000, totalAtBandPrice: 230000, capSaving: expect.closeTo(26000, 6), unpriced: 0 });
  });

  it('summarises each provider: mean fee, band price, premium, outliers and cap saving', () => {
    const pa = a.providers.find((p) => p.providerId === 'PA')!;
    // PA: mean fee 158,000 / 3 = 52,666.67; mean band price 140,000 / 3 = 46,666.67; premium 6,000 = 12.857%
    expect(pa).toMatchObject({ providerName: 'Provider PA', plans: 3, totalFees: 158000, minFee: 48000, maxFee: 60000, outliers: 2, capSaving: expect.closeTo(11000, 6) });
    expect(pa.meanFee).toBeCloseTo(52666.6667, 3);
    expect(pa.premium).toBeCloseTo(6000, 6);
    expect(pa.premiumPct).toBeCloseTo(6000 / 46666.6667, 6);
    expect(pa.bandMix).toEqual([{ band: 'A', plans: 2 }, { band: 'B', plans: 1 }]);
    const pb = a.providers.find((p) => p.providerId === 'PB')!;
    // PB: mean 55,500 against 45,000: premium 10,500 = 23.33%
    expect(pb).toMatchObject({ totalFees: 111000, meanFee: 55500, meanBandPrice: 45000, premium: 10500, outliers: 1, capSaving: expect.closeTo(15000, 6) });
    expect(a.providers.map((p) => p.providerId)).toEqual(['PA', 'PB']); // by total fees
  });

  it('lists placements furthest above band price first, flagging both outlier rules', () => {
    // p90 of A×ASD fees [48k, 60k, 70k] = 60k + 0.8 × 10k = 68k; of B×MLD [41k, 50k] = 41k + 0.9 × 9k = 49.1k
    expect(a.placements.map((p) => [p.placementId, p.premium, p.outlier])).toEqual([
      ['b1', 20000, 'both'],
      ['a1', 10000, 'above-cap'],
      ['a3', 10000, 'both'],
      ['b2', 1000, null],
      ['a2', -2000, null],
    ]);
  });

  it('describes each band\'s fee distribution with every provider visible', () => {
    const bandA = a.byBand.find((b) => b.band === 'A')!;
    expect(bandA.plans).toBe(3);
    expect(bandA.fees.p50).toBe(60000);
    expect(bandA.fees.mean).toBeCloseTo(178000 / 3, 6);
    expect(bandA.providers).toEqual([{ providerId: 'PA', plans: 2, meanFee: 54000 }, { providerId: 'PB', plans: 1, meanFee: 70000 }]);
  });
});

describe('capSavingByYear', () => {
  it('grows fees by 5% a year against steady band prices', () => {
    // 2026-27 fees ×1.05: a1 63,000 → 8,000; a3 52,500 → 8,500; b1 73,500 → 18,500; a2 50,400 and b2 43,050 under: total 35,000
    const r = capSavingByYear(table, rulebook, { cap: 0.1, years: ['2025-26', '2026-27'], feeGrowth: 0.05 });
    expect(r.years.map((y) => y.year)).toEqual(['2025-26', '2026-27']);
    expect(r.years[0].saving).toBeCloseTo(26000, 6);
    expect(r.years[1].saving).toBeCloseTo(35000, 6);
    expect(r.total).toBeCloseTo(61000, 6);
  });
});

describe('assessUplift', () => {
  it('weighs an 8% request against 2.11% indexation and the band price', () => {
    const a = analyseProviders(table, rulebook, { date: '2025-04-01', cap: 0.1 });
    const u = assessUplift(a, 'PB', 0.08, 0.0211);
    // 55,500 × 1.08 = 59,940; (59,940 − 45,000) / 45,000 = 33.2%; cost 111,000 × 8% = 8,880
    expect(u.meanFeeAfter).toBeCloseTo(59940, 6);
    expect(u.premiumAfter).toBeCloseTo(0.332, 9);
    expect(u.annualCost).toBeCloseTo(8880, 6);
    expect(u.withinCap).toBe(false);
    expect(u.verdict).toBe('Provider PB asks for 8.0%, 5.9 points above the tariff indexation of 2.1%. Its mean fee would go from 23.3% to 33.2% above the band price, beyond the cap of band price + 10.0%.');
    expect(() => assessUplift(a, 'nobody', 0.01, 0.02)).toThrow('No provider "nobody"');
  });
});

describe('weightedQuantile', () => {
  it.each([
    [[1, 2, 3, 4], [1, 1, 1, 1], 0.5, 2.5],
    [[1, 2, 3, 4], [1, 1, 1, 1], 0.9, 3.7],
    [[10, 20], [3, 1], 0.5, 10], // expanded 10,10,10,20: median at 1.5 → 10
    [[10, 20], [1, 3], 0.1, 13], // expanded 10,20,20,20: position 0.3 → 13
  ])('%j weighted %j at q=%s is %s', (v, w, q, expected) => {
    expect(weightedQuantile(v, w, q)).toBeCloseTo(expected, 12);
  });
});
