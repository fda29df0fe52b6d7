// Ten placements priced with the shipped illustrative national rulebook on 2026-04-01, every expected price worked
// out by hand below from the rulebook's tables (base price × area cost factor × index), independent of the engine.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRulebook } from '../../../models/rules/load';
import { buildTable } from '../../../models/data/table';
import { price } from '../../../models/pricing/price';
import { aggregate, totals } from '../../../models/pricing/aggregate';
import { explain } from '../../../models/pricing/explain';

const file = 'illustrative-national-bands.rulebook.json';
const rulebook = loadRulebook(JSON.parse(readFileSync(join(process.cwd(), 'scenarios', 'rulebooks', file), 'utf8')), { file }).rulebook!;

// Index on 2026-04-01: base 2025-26 = 1, × (1 + 0.0211) for 2026-27 = 1.0211.
// Area cost factors: Camden 202 inner London 1.15; Enfield 308 outer London 1.08; Surrey 936 fringe 1.03; Birmingham 330 rest 1.00.
const rows = [
  // mainstream SPLD → B1 (no rule above matches); 1600 × 1.15 × 1.0211 = 1,878.824
  { placement_id: 'P01', la_code: '202', setting: 'mainstream', age: 8, primary_need: 'SPLD', annual_cost: 3000 },
  // special academy ASD → B4; 24000 × 1.00 × 1.0211 = 24,506.4 (place funding 10,000, top-up 14,506.4)
  { placement_id: 'P02', la_code: '330', setting: 'special_academy', age: 12, primary_need: 'ASD', annual_cost: 24500 },
  // ISS SEMH, 38-week residential → B4; 55000 × 1.03 × 1.0211 = 57,845.315
  { placement_id: 'P03', la_code: '936', setting: 'iss', age: 14, primary_need: 'SEMH', annual_cost: 68000, residential: 38 },
  // ISS ASD 52-week → B6 (tariff 95000 × 1.03 × 1.0211 = 99,914.635) but costs ≥ £150,000: bespoke, funded at cost 160,000
  { placement_id: 'P04', la_code: '936', setting: 'iss', age: 15, primary_need: 'ASD', annual_cost: 160000, residential: 52 },
  // AP SEMH → B4; 24000 × 1.08 × 1.0211 = 26,466.912
  { placement_id: 'P05', la_code: '308', setting: 'ap', age: 15, primary_need: 'SEMH', annual_cost: 22000 },
  // FE MLD → B1; 8500 × 1.0211 = 8,679.35 (of which £6,000 post-16 place funding)
  { placement_id: 'P06', la_code: '330', setting: 'fe', age: 17, primary_need: 'MLD', annual_cost: 9000 },
  // SPI SLD → B5; 46000 × 1.0211 = 46,970.6
  { placement_id: 'P07', la_code: '330', setting: 'spi', age: 19, primary_need: 'SLD', annual_cost: 40000 },
  // resourced HI → B3; 14000 × 1.15 × 1.0211 = 16,439.71 (place funding 6,000)
  { placement_id: 'P08', la_code: '202', setting: 'resourced', age: 9, primary_need: 'HI', annual_cost: 12000 },
  // educated elsewhere SEMH → B2, no base price for elsewhere, but the "elsewhere" exception funds it at cost 18,000
  { placement_id: 'P09', la_code: '330', setting: 'elsewhere', age: 16, primary_need: 'SEMH', annual_cost: 18000 },
  // a cohort of 3 in a maintained special school, PMLD → B6; 35000 × 1.0211 = 35,738.5 each
  { placement_id: 'P10', la_code: '330', setting: 'special_maintained', age: 7, primary_need: 'PMLD', annual_cost: 30000, count: 3 },
];
const expected: Record<string, { band: string; price: number }> = {
  P01: { band: 'B1', price: 1878.824 },
  P02: { band: 'B4', price: 24506.4 },
  P03: { band: 'B4', price: 57845.315 },
  P04: { band: 'B6', price: 160000 },
  P05: { band: 'B4', price: 26466.912 },
  P06: { band: 'B1', price: 8679.35 },
  P07: { band: 'B5', price: 46970.6 },
  P08: { band: 'B3', price: 16439.71 },
  P09: { band: 'B2', price: 18000 },
  P10: { band: 'B6', price: 35738.5 },
};

describe('ten hand-worked placements', () => {
  const { table, issues } = buildTable(rows, { file: 'ten.csv' });
  const priced = price(table, rulebook, { date: '2026-04-01' });

  it('import accepts every row', () => {
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(table.rowCount).toBe(10);
  });

  it.each(Object.entries(expected))('%s is in band %s at the hand-worked price', (id, e) => {
    const row = table.ids.indexOf(id);
    expect(priced.bandIds[priced.band[row]]).toBe(e.band);
    expect(priced.price[row]).toBeCloseTo(e.price, 6);
  });

  it('splits place funding from top-up and marks the exceptions', () => {
    const row = (id: string) => table.ids.indexOf(id);
    expect([priced.placePart[row('P02')], priced.topUpPart[row('P02')]]).toEqual([10000, expect.closeTo(14506.4, 6)]);
    expect(priced.placePart[row('P08')]).toBe(6000);
    expect(priced.placePart[row('P06')]).toBe(6000);
    expect(priced.placePart[row('P03')]).toBe(0);
    expect(rulebook.exceptions[priced.exception[row('P04')]].id).toBe('bespoke');
    expect(rulebook.exceptions[priced.exception[row('P09')]].id).toBe('elsewhere');
    expect(priced.exception[row('P03')]).toBe(-1);
    expect(priced.s251Lines[priced.s251[row('P03')]]).toBe('1.2.3');
    expect(priced.issues).toEqual([]);
  });

  it('totals weight the cohort row by its count', () => {
    // current: 3000+24500+68000+160000+22000+9000+40000+12000+18000+3×30000 = 446,500 over 12 plans
    // price: 1878.824+24506.4+57845.315+160000+26466.912+8679.35+46970.6+16439.71+18000+3×35738.5 = 468,002.611
    const t = totals(priced);
    expect(t.plans).toBe(12);
    expect(t.current).toBe(446500);
    expect(t.price).toBeCloseTo(468002.611, 6);
    expect(t.difference).toBeCloseTo(468002.611 - 446500, 6);
    const bySetting = Object.fromEntries(aggregate(priced, 'setting').map((g) => [g.key, g]));
    expect(bySetting.iss.price).toBeCloseTo(57845.315 + 160000, 6);
    expect(bySetting.special_maintained.plans).toBe(3);
    const byBand = aggregate(priced, 'band').map((g) => g.key);
    expect(byBand).toEqual(['B6', 'B5', 'B4', 'B3', 'B2', 'B1']); // rulebook order
  });

  it('explain traces P03: the rules tested, the parameters read with dates and sources, and the same final price', () => {
    const t = explain(priced, 'P03');
    expect(t.band.tested.map((x) => `${x.id}:${x.matched}`)).toEqual(['B6:false', 'B5:false', 'B4:true']);
    const byName = Object.fromEntries(t.parameters.map((p) => [p.name, p]));
    expect(byName.base_price).toMatchObject({ value: 55000, keys: { band: 'B4', setting: 'iss' }, from: '2025-04-01' });
    expect(byName.acf).toMatchObject({ value: 1.03, keys: { la_code: '936' } });
    expect(byName.index.value).toBeCloseTo(1.0211, 12);
    expect(byName.index.steps).toEqual([{ year: '2026-27', rate: 0.0211, from: '2026-04-01', source: expect.stringContaining('2.11%') }]);
    expect(byName.base_price.source).toContain('illustrative');
    expect(t.formula.value).toBeCloseTo(57845.315, 6);
    expect(t.price).toBe(priced.price[table.ids.indexOf('P03')]);
    expect(t.s251.topUp).toBe('1.2.3');
  });
});
