// Rulebook ⇄ Excel template: every shipped rulebook survives the round trip unchanged, an edited cell comes back
// changed, and every problem in an edited workbook is named by sheet, row and column (DESIGN §6).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadRulebook } from '../../../models/rules/load';
import { checkRulebookFormulas } from '../../../models/rules/check';
import type { Rulebook } from '../../../models/rules/rulebook';
import { formatIssue } from '../../../models/data/issues';
import { rulebookFromTemplate, rulebookToTemplate, TEMPLATE_SHEETS } from '../../../models/io/rulebook-template';

const dir = join(process.cwd(), 'scenarios', 'rulebooks');
const files = readdirSync(dir).filter((f) => f.endsWith('.rulebook.json')).sort();
const json = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
const loaded = (f: string): Rulebook => loadRulebook(json(f), { file: f }).rulebook!;
const national = loaded('illustrative-national-bands.rulebook.json');

/** Opens template bytes, lets `edit` change cells, and returns the edited workbook's bytes. */
async function edited(bytes: Uint8Array, edit: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The row of a sheet whose cells under the named headers hold the given values. */
function findRow(ws: ExcelJS.Worksheet, match: Record<string, unknown>): ExcelJS.Row {
  const col = new Map<string, number>();
  ws.getRow(1).eachCell((c, k) => col.set(String(c.value), k));
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (Object.entries(match).every(([h, v]) => row.getCell(col.get(h)!).value === v)) return row;
  }
  throw new Error(`no row ${JSON.stringify(match)} on ${ws.name}`);
}
const columnOf = (ws: ExcelJS.Worksheet, header: string) => {
  let at = 0;
  ws.getRow(1).eachCell((c, k) => {
    if (c.value === header) at = k;
  });
  return at;
};

describe('rulebook → template → rulebook', () => {
  it.each(files)('%s comes back identical', async (f) => {
    const original = json(f);
    const { rulebook } = loadRulebook(original, { file: f });
    expect(rulebook).not.toBeNull();
    const back = await rulebookFromTemplate(await rulebookToTemplate(rulebook!), { file: 'template.xlsx' });
    // The JSON the template gives back is the shipped file, value for value.
    expect(back.document).toEqual(original);
    const formulaIssues = checkRulebookFormulas(rulebook!, f);
    if (formulaIssues.some((i) => i.severity === 'error')) {
      // A rulebook the formula checker rejects is rejected from its template too, once per problem.
      expect(back.rulebook).toBeNull();
      expect(back.issues).toHaveLength(formulaIssues.length);
    } else {
      expect(back.issues).toEqual([]);
      expect(back.rulebook).toStrictEqual(rulebook);
    }
  });

  it('writes the seven sheets, one Parameters row per dated value and key combination', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rulebookToTemplate(national)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...TEMPLATE_SHEETS]);
    const params = wb.getWorksheet('Parameters')!;
    // (then a single space: the stop that keeps long sources from running across a printed page)
    expect((params.getRow(1).values as unknown[]).slice(1)).toEqual(['name', 'label', 'unit', 'keys', 'description', 'from', 'band', 'setting', 'la_code', 'value', 'source', 'note', ' ']);
    const rows = params.rowCount - 1;
    expect(rows).toBe(78 + 47 + 3 + 8 + 1); // base_price 6×13, acf 47 LAs incl. "*", 3 uplifts, place funding 8, threshold
    const b3iss = findRow(params, { name: 'base_price', band: 'B3', setting: 'iss' });
    expect(b3iss.getCell(columnOf(params, 'value')).value).toBe(45000);
    expect(b3iss.getCell(columnOf(params, 'from')).value).toEqual(new Date('2025-04-01T00:00:00Z'));
    expect((wb.getWorksheet('Bands')!.getRow(1).values as unknown[]).slice(1)).toEqual(['id', 'label', 'descriptor', 'when', 'min', 'max', 'closed']);
  });
});

describe('importing an edited template', () => {
  it('brings back an edited base price, and nothing else changed', async () => {
    const bytes = await edited(await rulebookToTemplate(national), (wb) => {
      const ws = wb.getWorksheet('Parameters')!;
      findRow(ws, { name: 'base_price', band: 'B3', setting: 'iss' }).getCell(columnOf(ws, 'value')).value = 47250.5;
    });
    const back = await rulebookFromTemplate(bytes, { file: 'national.xlsx' });
    expect(back.issues).toEqual([]);
    const expected = structuredClone(national);
    ((expected.parameters.base_price.values[0].value as Record<string, Record<string, number>>).B3).iss = 47250.5;
    expect(back.rulebook).toStrictEqual(expected);
  });

  it('names the sheet, row and column of a broken band formula', async () => {
    const bytes = await edited(await rulebookToTemplate(national), (wb) => {
      const ws = wb.getWorksheet('Bands')!;
      ws.getRow(4).getCell(columnOf(ws, 'when')).value = 'oneof(setting, "resourced", "iss") and oneof(primary_need, "ASD"'; // band B4, missing ")"
    });
    const back = await rulebookFromTemplate(bytes, { file: 'bands.xlsx' });
    expect(back.rulebook).toBeNull();
    const messages = back.issues.map(formatIssue);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^bands\.xlsx \[Bands\]: row 4, column when: Rule "band B4": /);
  });

  it('names an unknown name in a band rule by its cell', async () => {
    const bytes = await edited(await rulebookToTemplate(national), (wb) => {
      wb.getWorksheet('Bands')!.getRow(6).getCell(4).value = 'primary_need == "ASD" or resdential >= 52';
    });
    const messages = (await rulebookFromTemplate(bytes, { file: 'bands.xlsx' })).issues.map(formatIssue);
    expect(messages).toEqual([expect.stringMatching(/^bands\.xlsx \[Bands\]: row 6, column when: .*resdential/)]);
  });

  it.each([
    ['a date that is not a date', 'Parameters', { name: 'bespoke_threshold' }, 'from', 'April 2025', /\[Parameters\]: row \d+, column from: must be a date written YYYY-MM-DD/],
    ['a value that is not a number', 'Parameters', { name: 'bespoke_threshold' }, 'value', 'lots', /\[Parameters\]: row \d+, column value: "lots" is not a number/],
    ['a missing key value', 'Parameters', { name: 'base_price', band: 'B1', setting: 'iss' }, 'band', null, /\[Parameters\]: row \d+, column band: parameter "base_price" is keyed by band, setting: give a band here/],
    ['a missing source', 'Parameters', { name: 'bespoke_threshold' }, 'source', null, /\[Parameters\]: row \d+, column source: every value needs a source/],
    ['an unknown exception action', 'Exceptions', { id: 'bespoke' }, 'action', 'refund', /\[Exceptions\]: row 2, column action: must be "current_cost" or "extra_top_up"/],
    ['an index naming a missing rate', 'Indexation', { name: 'tariff_index' }, 'rate', 'uplift', /\[Indexation\]: row 2, column rate: names parameter "uplift", which is not in parameters/],
    ['a tariff formula with a typo', 'Tariff', { field: 'formula' }, 'value', 'base_price * acff * index', /\[Tariff\]: row 2, column value: .*acff/],
  ])('names the cell of %s', async (_what, sheet, match, column, value, expected) => {
    const bytes = await edited(await rulebookToTemplate(national), (wb) => {
      const ws = wb.getWorksheet(sheet)!;
      findRow(ws, match).getCell(columnOf(ws, column)).value = value;
    });
    const back = await rulebookFromTemplate(bytes, { file: 'edited.xlsx' });
    expect(back.rulebook).toBeNull();
    expect(back.issues.map(formatIssue)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    for (const i of back.issues) expect(i.sheet).toBe(sheet);
  });

  it('rejects a key combination given twice, naming the second row', async () => {
    let second = 0;
    const bytes = await edited(await rulebookToTemplate(national), (wb) => {
      const ws = wb.getWorksheet('Parameters')!;
      const row = findRow(ws, { name: 'base_price', band: 'B2', setting: 'iss' });
      row.getCell(columnOf(ws, 'band')).value = 'B1';
      second = row.number;
    });
    const messages = (await rulebookFromTemplate(bytes, { file: 'edited.xlsx' })).issues.map(formatIssue);
    expect(messages).toEqual([`edited.xlsx [Parameters]: row ${second}, column value: parameter "base_price" from 2025-04-01 already has a value for band B1, setting iss (row ${second - 13}).`]);
  });

  it('takes a new row added to a keyed table, and a label that disagrees is named', async () => {
    const bytes = await edited(await rulebookToTemplate(national), (wb) => {
      const ws = wb.getWorksheet('Parameters')!;
      const from = findRow(ws, { name: 'acf', la_code: '202' });
      const values = (from.values as unknown[]).slice(1);
      values[columnOf(ws, 'la_code') - 1] = 999;
      values[columnOf(ws, 'value') - 1] = 1.2;
      ws.addRow(values);
    });
    const back = await rulebookFromTemplate(bytes, { file: 'edited.xlsx' });
    expect(back.issues).toEqual([]);
    expect((back.rulebook!.parameters.acf.values[0].value as Record<string, number>)['999']).toBe(1.2);

    const relabelled = await edited(await rulebookToTemplate(national), (wb) => {
      const ws = wb.getWorksheet('Parameters')!;
      findRow(ws, { name: 'acf', la_code: '202' }).getCell(columnOf(ws, 'label')).value = 'Area factor';
    });
    const messages = (await rulebookFromTemplate(relabelled, { file: 'edited.xlsx' })).issues.map(formatIssue);
    expect(messages).toEqual([expect.stringMatching(/^edited\.xlsx \[Parameters\]: row \d+, column label: label of parameter "acf" is "Area factor" here but "Area cost factor" in row \d+/)]);
  });

  it('turns protection off when basis, cap and floor are blank, and on when they are given', async () => {
    const iss = loaded('iss-price-bands.rulebook.json');
    const off = await edited(await rulebookToTemplate(iss), (wb) => {
      const ws = wb.getWorksheet('Protection')!;
      for (const r of [2, 3, 4]) ws.getRow(r).getCell(2).value = null;
    });
    const back = await rulebookFromTemplate(off, { file: 'iss.xlsx' });
    expect(back.issues).toEqual([]);
    expect(back.rulebook!.transitionalProtection).toBeUndefined();
    const on = await edited(await rulebookToTemplate(national), (wb) => {
      const ws = wb.getWorksheet('Protection')!;
      ws.getRow(2).getCell(2).value = 'placement';
      ws.getRow(3).getCell(2).value = 0.1;
      ws.getRow(4).getCell(2).value = 'none';
    });
    expect((await rulebookFromTemplate(on, { file: 'n.xlsx' })).rulebook!.transitionalProtection).toEqual({ basis: 'placement', cap: 0.1, floor: null });
  });

  it('says clearly when the file is not a workbook, or a required sheet is missing', async () => {
    const junk = await rulebookFromTemplate(Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256), { file: 'junk.xlsx' });
    expect(junk.rulebook).toBeNull();
    expect(junk.issues.map(formatIssue)).toEqual([expect.stringMatching(/^junk\.xlsx: row 1, column \(file\): is not a workbook this app can read/)]);
    const noBands = await edited(await rulebookToTemplate(national), (wb) => wb.removeWorksheet(wb.getWorksheet('Bands')!.id));
    expect((await rulebookFromTemplate(noBands, { file: 'n.xlsx' })).issues.map(formatIssue)).toEqual(['n.xlsx [Bands]: row 1, column (sheet): the workbook has no sheet "Bands" (a rulebook template has About, Parameters, Bands, Tariff, Indexation, Exceptions, Protection).']);
  });
});
