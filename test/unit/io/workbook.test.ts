// The results type (pence-exact totals, groups, assumptions, provenance) and the results workbook: sheets, live
// formulas with cached results, Placements round trip to the penny, cohorts, years, unpriced rows, both writers.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { loadRulebook } from '../../../models/rules/load';
import type { Rulebook } from '../../../models/rules/rulebook';
import { buildTable, type PlacementTable } from '../../../models/data/table';
import { generateSyntheticTable } from '../../../models/data/synthetic';
import { readCsvRecords } from '../../../models/io/csv';
import { price } from '../../../models/pricing/price';
import { totals as engineTotals } from '../../../models/pricing/aggregate';
import { buildPricingResults, rulebookHash, tableHash, toPence, RESULT_GROUP_BYS, type YearlyResults } from '../../../models/io/results';
import { writeResultsWorkbook, resultsWorkbookLayout, SHEETS, PLACEMENT_COLUMNS } from '../../../models/io/workbook';
import { columnLetter } from '../../../models/io/workbook-layout';
import { ENGINE_VERSION } from '../../../models/service/version';
import { writeResultsWorkbookFile } from '../../../cli/workbook-stream';

const shipped = (f: string): Rulebook => loadRulebook(JSON.parse(readFileSync(join(process.cwd(), 'scenarios', 'rulebooks', f), 'utf8')), { file: f }).rulebook!;
const national = shipped('illustrative-national-bands.rulebook.json');
const issBands = shipped('iss-price-bands.rulebook.json');
const WRITTEN = new Date('2026-11-23T10:00:00Z');

function tenPlacements(): PlacementTable {
  const csv = readCsvRecords(readFileSync(join(process.cwd(), 'test', 'fixtures', 'ten-placements.csv'), 'utf8'));
  return buildTable(csv.rows.map((r) => r.values), { file: 'ten-placements.csv' }).table;
}

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A cell's value as written: a formula's cached result (0 included, which exceljs's `value` hides), else its value. */
function valueOf(cell: ExcelJS.Cell): unknown {
  if (cell.type === ExcelJS.ValueType.Formula) return cell.result ?? '';
  return cell.value;
}

const pence = (x: unknown) => (typeof x === 'number' ? toPence(x) : x);

/** Finds the row whose column A (or B) holds `key` under a block whose header names `block`. */
function rowOf(ws: ExcelJS.Worksheet, block: string, key: string): ExcelJS.Row {
  let inBlock = false;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (inBlock && (row.getCell(1).value === key || row.getCell(2).value === key)) return row;
    if (row.getCell(2).value === block) inBlock = true;
  }
  throw new Error(`no row ${key} under ${block} on ${ws.name}`);
}

describe('PricingResults', () => {
  const table = generateSyntheticTable({ rows: 2000, seed: 3 });
  const priced = price(table, national, { date: '2026-04-01' });
  const results = buildPricingResults(priced, { data: 'synthetic 2,000' });
  const p = results.placements;

  it('rounds every placement to whole pence and sums the rounded values exactly', () => {
    for (const col of [p.current, p.tariff, p.price, p.difference, p.placeFunding, p.topUp]) {
      for (let i = 0; i < p.rowCount; i++) if (!Number.isNaN(col[i])) expect(Math.abs(col[i] * 100 - Math.round(col[i] * 100))).toBeLessThan(1e-6);
    }
    let price = 0, current = 0, difference = 0;
    for (let i = 0; i < p.rowCount; i++) {
      current += toPence(p.current[i]) * p.count[i];
      if (!Number.isNaN(p.price[i])) {
        price += toPence(p.price[i]) * p.count[i];
        difference += (toPence(p.price[i]) - toPence(p.current[i])) * p.count[i];
        expect(toPence(p.difference[i])).toBe(toPence(p.price[i]) - toPence(p.current[i]));
      }
    }
    expect(results.totals.price).toBe(price / 100);
    expect(results.totals.current).toBe(current / 100);
    expect(results.totals.difference).toBe(difference / 100);
    // Rounding moves the total by less than half a penny per placement.
    const engine = engineTotals(priced);
    expect(Math.abs(results.totals.price - engine.price)).toBeLessThanOrEqual(p.rowCount * 0.005);
    expect(results.totals.plans).toBe(engine.plans);
  });

  it.each(RESULT_GROUP_BYS)('groups by %s add up to the totals to the penny', (by) => {
    const g = results.groups[by];
    const sum = (k: 'plans' | 'current' | 'tariff' | 'price' | 'difference') => g.reduce((s, x) => s + toPence(x[k]), 0);
    for (const k of ['current', 'tariff', 'price', 'difference'] as const) expect(sum(k)).toBe(toPence(results.totals[k]));
    expect(g.reduce((s, x) => s + x.plans, 0)).toBe(results.totals.plans);
    expect(new Set(g.map((x) => x.key)).size).toBe(g.length);
  });

  it('orders settings and sectors as the vocabulary does, providers by current cost', () => {
    expect(results.groups.sector.map((g) => g.key)).toEqual(['maintained', 'independent', 'ap', 'other']);
    const prov = results.groups.provider.filter((g) => g.key !== '(none)');
    for (let k = 1; k < prov.length; k++) expect(prov[k - 1].current).toBeGreaterThanOrEqual(prov[k].current);
    expect(results.groups.provider.at(-1)?.key).toBe('(none)'); // synthetic elsewhere/unknown rows have no provider
  });

  it('lists every dated value of every parameter, keyed tables one row per key combination', () => {
    const base = results.assumptions.filter((a) => a.name === 'base_price');
    expect(base).toHaveLength(6 * 13);
    expect(base.every((a) => a.status === 'in force' && a.keys.join() === 'band,setting' && a.from === '2025-04-01')).toBe(true);
    expect(base.find((a) => a.keyValues.join() === 'B3,iss')?.value).toBe(45000);
    expect(results.assumptions.filter((a) => a.name === 'tariff_uplift').map((a) => [a.from, a.status])).toEqual([
      ['2025-04-01', 'earlier'], ['2026-04-01', 'in force'], ['2027-04-01', 'later'],
    ]);
    expect(results.assumptions.find((a) => a.name === 'acf' && a.keyValues[0] === '*')?.value).toBe(1);
    expect(results.indices[0]).toMatchObject({ name: 'tariff_index', value: 1.0211 });
  });

  it('stamps provenance: app version, rulebook and data hashes, no seed for a pricing run', () => {
    expect(results.provenance).toEqual({ app: ENGINE_VERSION, rulebook: rulebookHash(national), data: tableHash(table), seed: null, draws: null, date: '2026-04-01' });
    expect(results.provenance.rulebook).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('hashes the rulebook by content (key order does not matter) and the data by value (dictionary order does not)', () => {
    const reordered = JSON.parse(JSON.stringify(national, Object.keys(national).reverse())) as Rulebook;
    expect(rulebookHash({ ...reordered, ...national })).toBe(rulebookHash(national));
    const changed = structuredClone(national);
    (changed.parameters.bespoke_threshold.values[0] as { value: number }).value = 150001;
    expect(rulebookHash(changed)).not.toBe(rulebookHash(national));

    const t = tenPlacements();
    const setting = t.columns.setting as { codes: Int32Array; dictionary: string[] };
    const reversed = [...setting.dictionary].reverse();
    const recoded: PlacementTable = { ...t, columns: { ...t.columns, setting: { kind: 'category', dictionary: reversed, codes: setting.codes.map((c) => reversed.indexOf(setting.dictionary[c])) } } };
    expect(tableHash(recoded)).toBe(tableHash(t));
    const cost = t.columns.annual_cost as { values: Float64Array };
    const dearer: PlacementTable = { ...t, columns: { ...t.columns, annual_cost: { kind: 'number', values: cost.values.map((v, i) => (i === 3 ? v + 0.01 : v)) } } };
    expect(tableHash(dearer)).not.toBe(tableHash(t));
  });
});

describe('tableHash', () => {
  it('is sha256 over the ids and every column as documented, UTF-8 text included', () => {
    const table: PlacementTable = {
      rowCount: 2,
      ids: ['P1', 'P£2😀'],
      columns: {
        setting: { kind: 'category', dictionary: ['iss', 'mainstream'], codes: Int32Array.of(1, -1) },
        annual_cost: { kind: 'number', values: Float64Array.of(63500.5, NaN) },
        provider_name: { kind: 'category', dictionary: ['École Ünïe'], codes: Int32Array.of(0, 0) },
      },
    };
    const h = createHash('sha256');
    h.update('rows\u001f2\u001e').update('placement_id\u001e').update('P1\u001fP£2😀\u001f', 'utf8');
    h.update('\u001eannual_cost\u001fnumber\u001e').update(Buffer.from(Float64Array.of(63500.5, NaN).buffer));
    h.update('\u001eprovider_name\u001fcategory\u001e').update('École Ünïe\u001fÉcole Ünïe\u001f', 'utf8');
    h.update('\u001esetting\u001fcategory\u001e').update('mainstream\u001f\u001f');
    expect(tableHash(table)).toBe(`sha256:${h.digest('hex')}`);
  });
});

describe('results workbook', () => {
  const table = generateSyntheticTable({ rows: 1500, seed: 11 });
  const results = buildPricingResults(price(table, national, { date: '2026-04-01' }), { data: 'synthetic 1,500' });

  it.each([false, true])('round trip (streaming %s): the Placements sheet reads back identical to the penny', async (streaming) => {
    const wb = await open(await writeResultsWorkbook(results, { streaming, written: WRITTEN }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'By year', 'By LA', 'By provider', 'Placements', 'Assumptions', 'Provenance']);
    const ws = wb.getWorksheet(SHEETS.placements)!;
    expect(ws.getRow(1).values).toEqual([undefined, ...PLACEMENT_COLUMNS.map((c) => c.header)]);
    const p = results.placements;
    const text = (c: { codes: Int32Array; dictionary: readonly string[] } | null, i: number) => (c && c.codes[i] >= 0 ? c.dictionary[c.codes[i]] : null);
    // Money is written as the pence-rounded values, so they read back exactly.
    const num = (x: number) => (Number.isNaN(x) ? null : x);
    for (let i = 0; i < p.rowCount; i++) {
      const got = PLACEMENT_COLUMNS.map((_, k) => {
        const v = valueOf(ws.getRow(i + 2).getCell(k + 1));
        return v === undefined || v === '' ? null : v;
      });
      const want = [p.id[i], text(p.la, i), text(p.setting, i), text(p.sector, i), text(p.provider, i), p.age[i], text(p.need, i), text(p.band, i), p.count[i],
        num(p.current[i]), num(p.tariff[i]), num(p.price[i]), num(p.difference[i]), num(p.placeFunding[i]), num(p.topUp[i]), text(p.s251, i), text(p.exception, i),
        p.protection[i] === 1 ? 'cap' : p.protection[i] === -1 ? 'floor' : null];
      expect(got).toEqual(want);
    }
    expect(ws.rowCount).toBe(p.rowCount + 1);
  });

  it('writes the same cells, formulas and cached results with the streaming and the in-memory writer', async () => {
    const dump = async (streaming: boolean) => {
      const wb = await open(await writeResultsWorkbook(results, { streaming, written: WRITTEN }));
      const out: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row, r) => row.eachCell((c, k) => {
        if (c.value === ' ') return; // the overflow stop on Assumptions
        if (ws.name === SHEETS.provenance && row.getCell(1).value === 'Tables') return; // says which kind of tables it has
        out.push(`${ws.name}!${r}:${k}=${c.formula ?? ''}|${JSON.stringify(valueOf(c))}|${c.numFmt ?? ''}`);
      })));
      return out;
    };
    const [a, b] = await Promise.all([dump(false), dump(true)]);
    expect(b.length).toBe(a.length);
    expect(b).toEqual(a);
  });

  it('has live totals: SUM and SUMIFS over the Placements columns, with cached results equal to the results', async () => {
    const wb = await open(await writeResultsWorkbook(results, { written: WRITTEN }));
    const last = results.placements.rowCount + 1;
    const summary = wb.getWorksheet(SHEETS.summary)!;
    const all = rowOf(summary, 'All placements', 'All placements');
    expect(all.getCell(3).formula).toBe(`SUM(Placements!$I$2:$I$${last})`);
    expect(all.getCell(4).formula).toBe(`SUM(Placements!$J$2:$J$${last})`);
    expect(all.getCell(6).formula).toBe(`SUM(Placements!$L$2:$L$${last})`);
    expect([valueOf(all.getCell(3)), ...[4, 5, 6, 7].map((k) => pence(valueOf(all.getCell(k))))]).toEqual([results.totals.plans, ...(['current', 'tariff', 'price', 'difference'] as const).map((k) => toPence(results.totals[k]))]);
    const iss = rowOf(summary, 'By setting', 'iss');
    expect(iss.getCell(6).formula).toBe(`SUMIFS(Placements!$L$2:$L$${last},Placements!$C$2:$C$${last},$A${iss.number})`);
    const g = results.groups.setting.find((x) => x.key === 'iss')!;
    expect(pence(valueOf(iss.getCell(6)))).toBe(toPence(g.price));

    const byLa = wb.getWorksheet(SHEETS.byLa)!;
    for (const la of results.groups.la) {
      const row = rowOf(byLa, 'Local authority', la.key);
      expect(row.getCell(4).formula).toBe(`SUMIFS(Placements!$J$2:$J$${last},Placements!$B$2:$B$${last},$A${row.number})`);
      expect([valueOf(row.getCell(3)), ...[4, 5, 6, 7].map((k) => pence(valueOf(row.getCell(k))))]).toEqual([la.plans, toPence(la.current), toPence(la.tariff), toPence(la.price), toPence(la.difference)]);
    }
    const byYear = wb.getWorksheet(SHEETS.byYear)!;
    expect(byYear.getRow(4).getCell(4).value).toBe('2026-27 current cost');
    const maintained = rowOf(byYear, 'By sector', 'maintained');
    expect(maintained.getCell(4).formula).toContain('Placements!$D$2');
    expect(pence(valueOf(maintained.getCell(6)))).toBe(toPence(results.groups.sector[0].price));

    // Every formula that reads Placements reads inside the table.
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
      for (const m of (c.formula ?? '').matchAll(/Placements!\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)/g)) expect([Number(m[1]), Number(m[2])]).toEqual([2, last]);
    })));
  });

  it('lists providers with SUMIFS rows and puts the rest in one live remainder row', async () => {
    const all = results.groups.provider.filter((g) => g.key !== '(none)');
    const wb = await open(await writeResultsWorkbook(results, { written: WRITTEN, maxProviders: 20 }));
    const ws = wb.getWorksheet(SHEETS.byProvider)!;
    const header = 5;
    expect(ws.getRow(header).getCell(1).value).toBe('Provider');
    for (let k = 0; k < 20; k++) expect(ws.getRow(header + 1 + k).getCell(1).value).toBe(all[k].key);
    const rest = ws.getRow(header + 22);
    expect(rest.getCell(2).value).toBe('Other providers, and placements with no provider recorded');
    expect(rest.getCell(6).formula).toBe(`F${header + 23}-SUM(F${header + 1}:F${header + 20})`);
    const others = [...all.slice(20), ...results.groups.provider.filter((g) => g.key === '(none)')];
    expect(pence(valueOf(rest.getCell(6)))).toBe(others.reduce((s, g) => s + toPence(g.price), 0));
    expect(pence(valueOf(ws.getRow(header + 23).getCell(6)))).toBe(toPence(results.totals.price));
  });

  it('looks like a finance workbook: £ formats, widths, frozen headers, Excel tables, the illustrative flag', async () => {
    const wb = await open(await writeResultsWorkbook(results, { written: WRITTEN }));
    const placements = wb.getWorksheet(SHEETS.placements)!;
    // exceljs's types say [Table, void][]; at run time getTables() is a list of tables.
    const names = (ws: ExcelJS.Worksheet) => (ws.getTables() as unknown as Array<{ table: { name: string } }>).map((t) => t.table.name);
    expect(names(placements)).toEqual(['PlacementsTable']);
    expect(names(wb.getWorksheet(SHEETS.assumptions)!)).toEqual(['AssumptionsTable']);
    expect(wb.getWorksheet(SHEETS.byLa)!.getTables()).toHaveLength(1);
    expect(wb.getWorksheet(SHEETS.assumptions)!.getTables()).toHaveLength(1);
    expect(placements.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 1 });
    expect(placements.getCell('J2').numFmt).toBe('"£"#,##0.00;[Red]-"£"#,##0.00');
    expect(placements.getColumn(3).width).toBe(22);
    expect(wb.getWorksheet(SHEETS.summary)!.getCell('A2').value).toMatch(/^ILLUSTRATIVE VALUES, NOT OFFICIAL/);
    const assumptions = wb.getWorksheet(SHEETS.assumptions)!;
    expect(assumptions.getCell('A4').value).toMatch(/^Illustrative rulebook: YES/);
    const provenance = wb.getWorksheet(SHEETS.provenance)!;
    const kv = new Map<string, unknown>();
    provenance.eachRow((row) => kv.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(kv.get('Rulebook hash')).toBe(results.provenance.rulebook);
    expect(kv.get('Data hash')).toBe(results.provenance.data);
    expect(kv.get('Application')).toBe(`High Needs Tariff Modeller ${ENGINE_VERSION}`);
    expect(kv.get('Seed')).toBe('none');
    expect(kv.get('Written')).toEqual(WRITTEN);

    const streamed = await open(await writeResultsWorkbook(results, { written: WRITTEN, streaming: true }));
    expect(streamed.getWorksheet(SHEETS.placements)!.autoFilter).toBe(`A1:R${results.placements.rowCount + 1}`);
  });
});

describe('results workbook: cohorts, unpriced placements, special keys, years', () => {
  it('weights cohort rows by count through "× count" columns', async () => {
    const results = buildPricingResults(price(tenPlacements(), national, { date: '2025-04-01' }));
    expect(results.totals.plans).toBe(12);
    const wb = await open(await writeResultsWorkbook(results, { written: WRITTEN }));
    const ws = wb.getWorksheet(SHEETS.placements)!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(-4)).toEqual(['Current cost × count', 'Tariff × count', 'Price × count', 'Difference × count']);
    const p10 = ws.getRow(11);
    expect(p10.getCell(1).value).toBe('P10');
    expect(p10.getCell(9).value).toBe(3);
    expect(p10.getCell(21).formula).toBe('IF(ISNUMBER(L11),L11*I11,"")');
    expect(valueOf(p10.getCell(21))).toBe((p10.getCell(12).value as number) * 3);
    const all = rowOf(wb.getWorksheet(SHEETS.summary)!, 'All placements', 'All placements');
    expect(all.getCell(6).formula).toBe('SUM(Placements!$U$2:$U$11)');
    expect(pence(valueOf(all.getCell(6)))).toBe(toPence(results.totals.price));
    expect(valueOf(all.getCell(3))).toBe(12);
  });

  it('leaves unpriced placements blank, counts them and keeps them out of the priced totals', async () => {
    const narrow = structuredClone(national);
    narrow.bands.list = narrow.bands.list.slice(0, 5); // no catch-all band 1: mainstream MLD and others match nothing
    const priced = price(tenPlacements(), narrow, { date: '2025-04-01' });
    const results = buildPricingResults(priced);
    expect(results.totals.unpriced).toBeGreaterThan(0);
    const wb = await open(await writeResultsWorkbook(results, { written: WRITTEN }));
    const ws = wb.getWorksheet(SHEETS.placements)!;
    const row = ws.getRow(2); // P01: mainstream SPLD
    expect(row.getCell(8).value).toBeNull();
    expect(row.getCell(12).value).toBeNull();
    expect(row.getCell(13).formula).toBe('IF(ISNUMBER(L2),L2-J2,"")');
    expect(valueOf(row.getCell(13))).toBe('');
    const summary = wb.getWorksheet(SHEETS.summary)!;
    const unpriced = rowOf(summary, 'All placements', 'unpriced');
    expect(unpriced.getCell(3).formula).toBe('SUMPRODUCT(--NOT(ISNUMBER(Placements!$L$2:$L$11)),Placements!$I$2:$I$11)');
    expect(valueOf(unpriced.getCell(3))).toBe(results.totals.unpriced);
    const none = rowOf(summary, 'By band', 'No band (not priced)');
    expect(none.getCell(3).formula).toMatch(/^C\d+-SUM\(C\d+:C\d+\)$/);
    expect(valueOf(none.getCell(3))).toBe(results.groups.band.find((g) => g.key === '(none)')!.plans);
  });

  it('escapes keys that SUMIFS would read as wildcards or comparisons', () => {
    const t = tenPlacements();
    const ids = ['A*1', '<5', 'plain-1', 'x?y', '~t', 'ok', 'ok', 'ok', 'ok', 'ok'];
    const provider = { kind: 'category' as const, dictionary: [...new Set(ids)], codes: Int32Array.from(ids, (id) => [...new Set(ids)].indexOf(id)) };
    const results = buildPricingResults(price({ ...t, columns: { ...t.columns, provider_id: provider } }, national, { date: '2025-04-01' }));
    const sheet = resultsWorkbookLayout(results, { written: WRITTEN, maxProviders: Infinity, streamed: false }).find((s) => s.name === SHEETS.byProvider)!;
    const criteria = new Map<string, string>();
    const out: unknown[] = [];
    for (let i = 0; i < sheet.table!.rowCount; i++) {
      sheet.table!.row(i, out as never[]);
      criteria.set(out[0] as string, /,([^,]+)\)$/.exec((out[2] as { formula: string }).formula)![1]);
    }
    expect(criteria.get('A*1')).toBe('"=A~*1"');
    expect(criteria.get('<5')).toBe('"=<5"');
    expect(criteria.get('x?y')).toBe('"=x~?y"');
    expect(criteria.get('~t')).toBe('"=~~t"');
    expect(criteria.get('plain-1')).toMatch(/^\$A\d+$/);
  });

  const years: YearlyResults = {
    scenario: 'Test baseline',
    years: ['2025-26', '2026-27', '2027-28'],
    plans: [654000, 718000, 784000],
    spend: {
      current: { total: [100.005, 210, 330], bySector: { maintained: [60, 120, 190], independent: [25.005, 55, 80], ap: [5, 15, 20], other: [10, 20, 40] } },
      tariff: { total: [95, 200, 310], bySector: { maintained: [55, 115, 180], independent: [25, 50, 75], ap: [5, 15, 20], other: [10, 20, 35] } },
      scenario: { total: [100, 205, 320.5], bySector: { maintained: [60, 118, 186.25], independent: [25, 52, 79.25], ap: [5, 15, 20], other: [10, 20, 35] } },
    },
    nonPlacement: [12.5, 13, 13.5],
    funding: { allocation: [110, 215, 330], inYear: [-2.5, -3, -4], cumulative: [-52.5, -55.5, -59.5] },
    quantiles: { scenario: { p10: [96, 198, 305], p50: [100, 205, 320], p90: [104, 212, 336] } },
    provenance: { app: '0.1.0', rulebook: 'sha256:aa', data: 'sha256:bb', seed: 7, draws: 200 },
  };

  /** Rows of the By year sheet by their code in column A (first match). */
  const byCode = (ws: ExcelJS.Worksheet) => {
    const rows = new Map<string, ExcelJS.Row[]>();
    ws.eachRow((row) => {
      const code = row.getCell(1).value;
      if (typeof code === 'string') rows.set(code, [...(rows.get(code) ?? []), row]);
    });
    return rows;
  };

  it('lays out the years of a run (DESIGN §6) with SUM totals, in-year and cumulative balances as formulas', async () => {
    const results = buildPricingResults(price(tenPlacements(), national, { date: '2025-04-01' }), { years, title: 'Test baseline' });
    const wb = await open(await writeResultsWorkbook(results, { written: WRITTEN }));
    const ws = wb.getWorksheet(SHEETS.byYear)!;
    expect((ws.getRow(5).values as unknown[]).slice(2)).toEqual(['£ per financial year', 'Opening', '2025-26', '2026-27', '2027-28']);
    const rows = byCode(ws);
    const [current, tariff, scenario] = rows.get('total')!;
    expect(current.getCell(4).formula).toBe(`SUM(D${current.number - 4}:D${current.number - 1})`);
    for (const [row, basis] of [[current, 'current'], [tariff, 'tariff'], [scenario, 'scenario']] as const) {
      years.years.forEach((_, i) => expect(Math.abs((valueOf(row.getCell(4 + i)) as number) - years.spend[basis].total[i])).toBeLessThanOrEqual(0.01));
    }
    expect(valueOf(current.getCell(4))).toBe(100.01); // 60 + 25.01 (25.005 rounded to pence) + 5 + 10
    const inYear = rows.get('inYear')![0], alloc = rows.get('allocation')![0], np = rows.get('nonPlacement')![0];
    expect(inYear.getCell(5).formula).toBe(`E${alloc.number}-E${scenario.number}-E${np.number}`);
    expect(years.years.map((_, i) => valueOf(inYear.getCell(4 + i)))).toEqual(years.funding.inYear);
    const cumulative = rows.get('cumulative')![0];
    expect(cumulative.getCell(3).value).toBe(-50); // opening balance implied by the first year
    expect(cumulative.getCell(4).formula).toBe(`C${cumulative.number}+D${inYear.number}`);
    expect(cumulative.getCell(6).formula).toBe(`E${cumulative.number}+F${inYear.number}`);
    expect(years.years.map((_, i) => valueOf(cumulative.getCell(4 + i)))).toEqual(years.funding.cumulative);
    expect(rows.has('writeOff') || rows.has('otherMovements')).toBe(false);
    expect(years.years.map((_, i) => rows.get('plans')![0].getCell(4 + i).value)).toEqual(years.plans);
    expect(years.years.map((_, i) => rows.get('scenario p90')![0].getCell(4 + i).value)).toEqual(years.quantiles.scenario.p90);
    // The pricing-date block by setting is still there, below the years.
    expect(rowOf(ws, 'By setting', 'iss').getCell(6).formula).toMatch(/^SUMIFS\(Placements!\$U\$2/);
    const provenance = new Map<string, unknown[]>();
    wb.getWorksheet(SHEETS.provenance)!.eachRow((row) => provenance.set(String(row.getCell(1).value), [...(provenance.get(String(row.getCell(1).value)) ?? []), row.getCell(2).value]));
    expect(provenance.get('Seed')).toEqual([7, 7]);
    expect(provenance.get('Draws')).toEqual([200, 200]);
    expect(provenance.get('Scenario')).toEqual(['Test baseline']);
  });

  it('carries a write-off grant and any other simulated movement into the cumulative balance', async () => {
    const withGrants: YearlyResults = { ...years, funding: { ...years.funding, writeOff: [0, 10, 0], cumulative: [-52.5, -45.5, -30] } };
    const results = buildPricingResults(price(tenPlacements(), national, { date: '2025-04-01' }), { years: withGrants });
    const ws = (await open(await writeResultsWorkbook(results, { written: WRITTEN }))).getWorksheet(SHEETS.byYear)!;
    const rows = byCode(ws);
    const inYear = rows.get('inYear')![0], writeOff = rows.get('writeOff')![0], other = rows.get('otherMovements')![0], cumulative = rows.get('cumulative')![0];
    expect(cumulative.getCell(5).formula).toBe(`D${cumulative.number}+E${inYear.number}+E${writeOff.number}+E${other.number}`);
    expect([4, 5, 6].map((k) => other.getCell(k).value)).toEqual([0, 0, 19.5]);
    expect([4, 5, 6].map((k) => valueOf(cumulative.getCell(k)))).toEqual(withGrants.funding.cumulative);
  });
});

describe('writeResultsWorkbookFile (CLI)', () => {
  it('writes the workbook atomically: the file appears whole and no temporary file is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hntm-wb-'));
    const results = buildPricingResults(price(tenPlacements(), issBands, { date: '2025-04-01' }));
    const written = await writeResultsWorkbookFile(results, join(dir, 'results.xlsx'), { written: WRITTEN });
    expect(readdirSync(dir)).toEqual(['results.xlsx']);
    expect(written.bytes).toBe(readFileSync(join(dir, 'results.xlsx')).byteLength);
    const wb = await open(readFileSync(join(dir, 'results.xlsx')));
    expect(wb.getWorksheet(SHEETS.assumptions)!.getTables()).toHaveLength(1);
    expect(columnLetter(21)).toBe('U');
    rmSync(dir, { recursive: true, force: true });
  });
});
