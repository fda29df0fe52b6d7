// LibreOffice as an independent oracle: it recalculates the results workbook (recalculation forced on load) and
// every formula must give the engine's figure to the penny; an edited placement must move the totals by exactly
// the edit, which only live formulas can do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadRulebook } from '../../../models/rules/load';
import type { Rulebook } from '../../../models/rules/rulebook';
import { generateSyntheticTable } from '../../../models/data/synthetic';
import type { PlacementTable } from '../../../models/data/table';
import { price } from '../../../models/pricing/price';
import { buildPricingResults, toPence, type PricingResults, type ResultGroup, type YearlyResults } from '../../../models/io/results';
import { writeResultsWorkbook, SHEETS } from '../../../models/io/workbook';
import { readData } from '../../../cli/sources';
import { libreOfficeAvailable, openRecalcSession, SOFFICE, type RecalcSession } from './libreoffice';

const shipped = (f: string): Rulebook => loadRulebook(JSON.parse(readFileSync(join(process.cwd(), 'scenarios', 'rulebooks', f), 'utf8')), { file: f }).rulebook!;
const EXAMPLE = join(process.cwd(), 'scenarios', 'datasets', 'example-council.csv');
const WRITTEN = new Date('2026-11-23T10:00:00Z');
const LO_TIMEOUT = 60_000;

type Formulas = Map<string, { formula: string; result: unknown }>;

async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Every formula cell with its cached result (read through `cell.result`: exceljs's `value` hides a result of 0). */
function formulasOf(wb: ExcelJS.Workbook): Formulas {
  const out: Formulas = new Map();
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    if (c.type === ExcelJS.ValueType.Formula) out.set(`${ws.name}!${c.address}`, { formula: c.formula, result: c.result ?? '' });
  })));
  return out;
}

/** Money and counts compared in whole pence; blanks and texts exactly. */
const same = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? toPence(a) === toPence(b) : (a ?? '') === (b ?? ''));

function expectAllFormulasAgree(cached: Formulas, recalculated: Formulas): void {
  expect(recalculated.size).toBe(cached.size);
  const disagreements: string[] = [];
  for (const [at, { formula, result }] of cached) {
    const lo = recalculated.get(at);
    if (!lo || !same(result, lo.result)) disagreements.push(`${at} =${formula}: workbook ${JSON.stringify(result)}, LibreOffice ${JSON.stringify(lo?.result)}`);
  }
  expect(disagreements.slice(0, 10)).toEqual([]);
}

/** The row of a group sheet or block whose column A holds `key`, after the header row naming `block`. */
function groupRow(ws: ExcelJS.Worksheet, block: string, key: string): ExcelJS.Row {
  let inBlock = false;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (inBlock && (row.getCell(1).value === key || row.getCell(2).value === key)) return row;
    if (row.getCell(2).value === block) inBlock = true;
  }
  throw new Error(`no row "${key}" under "${block}" on ${ws.name}`);
}

/** plans, current, tariff, price, difference of a group row as LibreOffice computed them. */
const measures = (row: ExcelJS.Row) => [3, 4, 5, 6, 7].map((k) => row.getCell(k).result as number);
const expected = (g: Pick<ResultGroup, 'plans' | 'current' | 'tariff' | 'price' | 'difference'>) => [g.plans, g.current, g.tariff, g.price, g.difference];
const inPence = (xs: number[]) => xs.map((x) => toPence(x));

describe('LibreOffice recalculates the results workbook', () => {
  let lo: RecalcSession;
  let results: PricingResults;
  let original: string;
  let cached: Formulas;
  let recalculated: ExcelJS.Workbook;

  beforeAll(async () => {
    if (!libreOfficeAvailable()) throw new Error(`LibreOffice is not installed at ${SOFFICE}: .ci/run installs libreoffice-calc-nogui.`);
    lo = openRecalcSession();
    // The example council (about 3,000 placements) when it is there; otherwise a synthetic table of the same size.
    const table: PlacementTable = existsSync(EXAMPLE) ? readData(EXAMPLE).table : generateSyntheticTable({ rows: 3000, seed: 5 });
    results = buildPricingResults(price(table, shipped('illustrative-national-bands.rulebook.json'), { date: '2026-04-01' }), { data: existsSync(EXAMPLE) ? 'example-council.csv' : 'synthetic 3,000 (seed 5)' });
    original = join(lo.dir, 'results.xlsx');
    writeFileSync(original, await writeResultsWorkbook(results, { written: WRITTEN }));
    cached = formulasOf(await readWorkbook(original));
    recalculated = await readWorkbook(await lo.recalculate(original, LO_TIMEOUT));
  }, 4 * LO_TIMEOUT);

  afterAll(() => lo?.remove());

  it('gives every formula the value written as its cached result, to the penny', () => {
    expect(results.placements.rowCount).toBeGreaterThanOrEqual(2500);
    expect(cached.size).toBeGreaterThan(results.placements.rowCount);
    expectAllFormulasAgree(cached, formulasOf(recalculated));
  });

  it('recalculates the Summary, By LA, By provider and By year totals to the engine\'s figures', () => {
    const summary = recalculated.getWorksheet(SHEETS.summary)!;
    expect(inPence(measures(groupRow(summary, 'All placements', 'All placements')))).toEqual(inPence(expected(results.totals)));
    for (const [block, by] of [['By sector', 'sector'], ['By setting', 'setting'], ['By band', 'band']] as const) {
      for (const g of results.groups[by].filter((x) => x.key !== '(none)')) expect(inPence(measures(groupRow(summary, block, g.key)))).toEqual(inPence(expected(g)));
    }
    const byLa = recalculated.getWorksheet(SHEETS.byLa)!;
    for (const g of results.groups.la) expect(inPence(measures(groupRow(byLa, 'Local authority', g.key)))).toEqual(inPence(expected(g)));
    const byProvider = recalculated.getWorksheet(SHEETS.byProvider)!;
    for (const g of results.groups.provider.filter((x) => x.key !== '(none)')) expect(inPence(measures(groupRow(byProvider, 'Provider name', g.key)))).toEqual(inPence(expected(g)));
    const byYear = recalculated.getWorksheet(SHEETS.byYear)!;
    for (const g of results.groups.setting) {
      const row = groupRow(byYear, 'By setting', g.key);
      expect(inPence([3, 4, 5, 6].map((k) => row.getCell(k).result as number))).toEqual(inPence([g.plans, g.current, g.tariff, g.price]));
    }
  });

  it('moves the totals by exactly an edited placement\'s change: the totals are formulas, not pasted numbers', async () => {
    const wb = await readWorkbook(original);
    const ws = wb.getWorksheet(SHEETS.placements)!;
    // A priced placement whose LA, setting and provider all have other placements too.
    const p = results.placements;
    const k = p.id.findIndex((_, i) => !Number.isNaN(p.price[i]) && p.provider !== null && p.provider.codes[i] >= 0);
    // Another priced placement, in another LA when the data has more than one (the example council has one).
    const others = p.id.map((_, i) => i).filter((i) => i !== k && !Number.isNaN(p.price[i]));
    const j = others.find((i) => p.la.codes[i] !== p.la.codes[k]) ?? others[0];
    const rowK = ws.getRow(k + 2), rowJ = ws.getRow(j + 2);
    expect([rowK.getCell(1).value, rowJ.getCell(1).value]).toEqual([p.id[k], p.id[j]]);
    const priceRaise = 1234.56, costCut = 100.01;
    rowK.getCell(12).value = p.price[k] + priceRaise;
    rowJ.getCell(10).value = p.current[j] - costCut;
    const edited = join(lo.dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const after = await readWorkbook(await lo.recalculate(edited, LO_TIMEOUT));

    const moved = (before: number[], now: number[]) => now.map((x, m) => toPence(x) - toPence(before[m]));
    const all = measures(groupRow(after.getWorksheet(SHEETS.summary)!, 'All placements', 'All placements'));
    // plans, current, tariff, price, difference (in pence)
    expect(moved(expected(results.totals), all)).toEqual([0, -10001, 0, 123456, 123456 + 10001]);

    const text = (c: { codes: Int32Array; dictionary: readonly string[] }, i: number) => c.dictionary[c.codes[i]];
    const laK = text(p.la, k), laJ = text(p.la, j);
    const byLa = after.getWorksheet(SHEETS.byLa)!;
    for (const g of results.groups.la) {
      const raise = g.key === laK ? 123456 : 0, cut = g.key === laJ ? 10001 : 0;
      expect(moved(expected(g), measures(groupRow(byLa, 'Local authority', g.key)))).toEqual([0, -cut, 0, raise, raise + cut]);
    }
    const settingK = text(p.setting, k);
    const setting = results.groups.setting.find((g) => g.key === settingK)!;
    const settingRow = measures(groupRow(after.getWorksheet(SHEETS.summary)!, 'By setting', settingK));
    expect(moved(expected(setting), settingRow)[3]).toBe(123456);
    const providerK = text(p.provider!, k);
    const provider = results.groups.provider.find((g) => g.key === providerK)!;
    expect(moved(expected(provider), measures(groupRow(after.getWorksheet(SHEETS.byProvider)!, 'Provider name', providerK)))[3]).toBe(123456);
    // The placement's own difference is a formula too.
    expect(toPence(after.getWorksheet(SHEETS.placements)!.getRow(k + 2).getCell(13).result as number)).toBe(toPence(p.difference[k]) + 123456);
  }, 2 * LO_TIMEOUT);

  it('agrees with every formula of a cohort table (count > 1) with transitional protection and a run\'s years', async () => {
    const base = generateSyntheticTable({ rows: 1200, seed: 9 });
    const count = Float64Array.from({ length: base.rowCount }, (_, i) => 1 + ((i * 7) % 4));
    const table: PlacementTable = { ...base, columns: { ...base.columns, count: { kind: 'number', values: count } } };
    const years: YearlyResults = {
      scenario: 'Cohort check', years: ['2025-26', '2026-27'], plans: [3000, 3100],
      spend: {
        current: { total: [5e7, 5.2e7], bySector: { maintained: [3e7, 3.1e7], independent: [1.5e7, 1.6e7], ap: [1e6, 1e6], other: [4e6, 4e6] } },
        tariff: { total: [4.9e7, 5.1e7], bySector: { maintained: [3e7, 3.1e7], independent: [1.4e7, 1.5e7], ap: [1e6, 1e6], other: [4e6, 4e6] } },
        scenario: { total: [4.95e7, 5.15e7], bySector: { maintained: [3e7, 3.1e7], independent: [1.45e7, 1.55e7], ap: [1e6, 1e6], other: [4e6, 4e6] } },
      },
      nonPlacement: [2.333333e6, 2.4e6],
      funding: { allocation: [5.1e7, 5.3e7], inYear: [-833333, -900000], cumulative: [-1833333, -2733333] },
      quantiles: { scenario: { p10: [4.8e7, 5e7], p50: [4.95e7, 5.15e7], p90: [5.1e7, 5.3e7] } },
      provenance: { app: '0.1.0', rulebook: 'sha256:x', data: 'sha256:y', seed: 7, draws: 200 },
    };
    const cohort = buildPricingResults(price(table, shipped('iss-price-bands.rulebook.json'), { date: '2025-04-01' }), { years });
    expect(cohort.placements.protection.some((x) => x !== 0)).toBe(true);
    const path = join(lo.dir, 'cohort.xlsx');
    writeFileSync(path, await writeResultsWorkbook(cohort, { written: WRITTEN }));
    const before = formulasOf(await readWorkbook(path));
    const after = await readWorkbook(await lo.recalculate(path, LO_TIMEOUT));
    expectAllFormulasAgree(before, formulasOf(after));
    expect(inPence(measures(groupRow(after.getWorksheet(SHEETS.summary)!, 'All placements', 'All placements')))).toEqual(inPence(expected(cohort.totals)));
    expect(cohort.totals.plans).toBe(count.reduce((s, c) => s + c, 0));
  }, 2 * LO_TIMEOUT);
});
