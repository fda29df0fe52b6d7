// The commissioning pack read back with exceljs on the hand-worked example of test/unit/workbench/commissioner.test.ts
// (two providers, five placements; band A = £50,000 for ASD, band B = £40,000 otherwise; cap 10%).
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTable } from '../../../models/data/table';
import type { Rulebook } from '../../../models/rules/rulebook';
import { analyseProviders, capSavingByYear } from '../../../models/workbench/commissioner';
import { PACK_LABELS, PACK_SHEETS, writeCommissioningPack } from '../../../models/io/commissioning-pack';

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
  row('m1', 'PM', 'MLD', 3000, 'mainstream'), // out of scope
], { file: 'providers.csv' });

const num = (c: ExcelJS.Cell): number => {
  const v = c.value as unknown;
  if (typeof v === 'number') return v;
  // A formula's cached result (exceljs's value getter leaves out a result of 0; `result` keeps it).
  if (v && typeof v === 'object' && 'formula' in v) return Number((c as unknown as { result: unknown }).result);
  throw new Error(`${c.address}: no number in ${JSON.stringify(v)}`);
};
const rowOf = (ws: ExcelJS.Worksheet, label: string) => {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`no row ${label}`);
};

describe('the commissioning pack', async () => {
  const a = analyseProviders(table, rulebook, { date: '2025-04-01', cap: 0.1 });
  const byYear = capSavingByYear(table, rulebook, { cap: 0.1, years: ['2025-26', '2026-27'], feeGrowth: 0.05 });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeCommissioningPack(a, { capByYear: byYear, data: 'providers.csv', written: new Date('2026-03-01') })) as unknown as ArrayBuffer);
  const sheet = (n: string) => wb.getWorksheet(n)!;

  it('has the five sheets in order', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Providers', 'Placements', 'Bands', 'Cap saving by year']);
  });

  it('Summary: totals and the cap saving (26,000) as formulas over Placements', () => {
    const s = sheet(PACK_SHEETS.summary);
    // fees 269k; band prices 230k; savings 5 + 6 + 15 = 26k; 3 placements above the cap
    const at = (label: string) => s.getCell(rowOf(s, label), 2);
    expect(num(at(PACK_LABELS.plans))).toBe(5);
    expect(num(at(PACK_LABELS.totalFees))).toBe(269000);
    expect(num(at(PACK_LABELS.atBandPrice))).toBe(230000);
    expect(num(at(PACK_LABELS.premium))).toBe(39000);
    expect(num(at(PACK_LABELS.capSaving))).toBeCloseTo(26000, 6);
    expect(num(at(PACK_LABELS.outliers))).toBe(3);
    expect(at(PACK_LABELS.cap).value).toBe(0.1);
    expect((at(PACK_LABELS.capSaving).value as { formula: string }).formula).toBe("SUM('Placements'!$L$5:$L$9)");
    expect((at(PACK_LABELS.totalFees).value as { formula: string }).formula).toBe("SUMPRODUCT('Placements'!$F$5:$F$9,'Placements'!$G$5:$G$9)");
    expect(num(at(PACK_LABELS.horizonSaving))).toBeCloseTo(61000, 6);
    // The rulebook is illustrative: the flag shows in red.
    expect(String(s.getCell('A2').value)).toContain('Illustrative band prices');
    expect(s.getCell('A2').font?.color?.argb).toBe('FFC00000');
  });

  it('Providers: one row per provider as worked by hand', () => {
    const s = sheet(PACK_SHEETS.providers);
    const values = (r: number) => Array.from({ length: 14 }, (_, k) => s.getCell(r, k + 1).value);
    // PA: 3 plans, fees 158,000, mean 52,666.67, range 48,000–60,000, A: 2, B: 1, band price 46,666.67, premium 6,000 (12.857%), 2 above cap, saving 11,000
    const pa = values(5);
    expect(pa.slice(0, 5)).toEqual(['PA', 'Provider PA', 'iss', 3, 158000]);
    expect(pa[5] as number).toBeCloseTo(52666.6667, 3);
    expect(pa.slice(6, 9)).toEqual([48000, 60000, 'A: 2, B: 1']);
    expect(pa[9] as number).toBeCloseTo(46666.6667, 3);
    expect(pa[10] as number).toBeCloseTo(6000, 6);
    expect(pa[11] as number).toBeCloseTo(6000 / 46666.6667, 6);
    expect(pa[12]).toBe(2);
    expect(pa[13] as number).toBeCloseTo(11000, 6);
    // PB: 2 plans, 111,000, mean 55,500 against 45,000: premium 10,500 (23.3%), 1 above cap, saving 15,000
    expect(values(6)).toEqual(['PB', 'Provider PB', 'iss', 2, 111000, 55500, 41000, 70000, 'A: 1, B: 1', 45000, 10500, 10500 / 45000, 1, expect.closeTo(15000, 6)]);
    expect(s.getCell('E5').numFmt).toContain('£');
    expect(s.autoFilter).toBeTruthy();
    expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
  });

  it('Placements: furthest above band price first, with outlier flags and live premium and saving formulas', () => {
    const s = sheet(PACK_SHEETS.placements);
    const rows = [5, 6, 7, 8, 9].map((r) => [s.getCell(r, 1).value, num(s.getCell(r, 9)), num(s.getCell(r, 12)), s.getCell(r, 13).value]);
    expect(rows).toEqual([
      ['b1', 20000, 15000, 'above cap and p90'],
      ['a1', 10000, 5000, 'above cap'],
      ['a3', 10000, 6000, 'above cap and p90'],
      ['b2', 1000, 0, null],
      ['a2', -2000, 0, null],
    ].map(([id, premium, saving, flag]) => [id, premium, expect.closeTo(saving as number, 6), flag]));
    expect((s.getCell('L5').value as { formula: string }).formula).toBe('MAX(0,G5-K5)*F5');
    expect((s.getCell('K5').value as { formula: string }).formula).toBe("H5*(1+'Summary'!$B$12)");
    expect(s.getCell('M5').font?.color?.argb).toBe('FFC00000');
  });

  it('Bands and Cap saving by year', () => {
    const b = sheet(PACK_SHEETS.bands);
    expect([b.getCell('A5').value, b.getCell('C5').value, b.getCell('H5').value]).toEqual(['A', 3, 60000]);
    expect(b.getCell('L5').value).toBe('PA £54,000 (2); PB £70,000 (1)');
    const y = sheet(PACK_SHEETS.capByYear);
    expect([y.getCell('A5').value, num(y.getCell('D5'))]).toEqual(['2025-26', expect.closeTo(26000, 6)]);
    expect(num(y.getCell('D6'))).toBeCloseTo(35000, 6);
    expect(y.getCell('A7').value).toBe('Total');
    expect(num(y.getCell('D7'))).toBeCloseTo(61000, 6);
  });
});
