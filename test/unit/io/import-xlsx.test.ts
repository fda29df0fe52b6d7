// The importer on workbooks: a messy council workbook (title block, merged header, formulas, Excel errors and dates, totals, personal data), the rejected-rows workbook, round trips, and hostile files that must end in a clear error in bounded time.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { importPlacements, type ImportResult } from '../../../models/io/import';
import { cellFromExcel, importXlsxBytes } from '../../../models/io/import-xlsx';
import { checkXlsxContainer, readZipDirectory } from '../../../models/io/import-zip';
import { writeRejectedWorkbook, rejectedSheet } from '../../../models/io/import-rejected';
import { placementTableCsv, placementTableJson } from '../../../models/io/import-output';
import { formatIssue } from '../../../models/data/table';
import { tableRows } from '../../../models/data/paged';
import { CHILDREN, hugeCell, messyWorkbook, millionColumns, randomBytes, truncatedWorkbook, workbookBytes, zipBomb, zipText } from '../../fixtures/import/make-fixtures';

const today = new Date(Date.UTC(2025, 0, 16));
const lines = (r: ImportResult) => r.issues.map((i) => `${i.severity}: ${formatIssue(i)}`);

describe('a messy council workbook', async () => {
  const bytes = await messyWorkbook();
  const r = await importPlacements(bytes, { file: 'council.xlsx', today });
  const l = lines(r);

  it('chooses the sheet with placements, skipping a notes sheet, and finds the header under the title block', () => {
    expect(r.sheet).toBe('Placements');
    expect(r.header.row).toBe(4);
    expect(l).toContain('warning: council.xlsx [Placements]: row 1, column (row): rows 1–2 are above the header (a title or notes), so they are not read as placements');
  });

  it('reads a merged header cell as one column and marks the rest', () => {
    const j = r.header.columns.find((c) => c.letter === 'J');
    const k = r.header.columns.find((c) => c.letter === 'K');
    expect([j?.header, j?.field]).toEqual(['Annual cost (£)', 'annual_cost']);
    expect([k?.header, k?.mergedInto, k?.field]).toEqual(['', 'J', null]);
    expect(l).toContain('warning: council.xlsx [Placements]: row 4, column (column K): is merged with column J "Annual cost (£)" in the header row, so it has no header of its own and is not read');
  });

  it('flags and drops names, UPNs, dates of birth and postcodes', () => {
    expect(r.personalData.map((f) => [f.column, f.header, f.kind, f.dropped])).toEqual([
      ['B', 'Pupil name', 'name', true],
      ['C', 'UPN', 'upn', true],
      ['D', 'Date of birth', 'date_of_birth', true],
      ['E', 'Home postcode', 'postcode', true],
    ]);
    expect(r.personalData[0].message).toBe('Column B "Pupil name" looks like names of children. The model never needs it: drop it before the data is kept.');
  });

  it('reads formulas by their saved results, numbers as numbers, money and year-group text', () => {
    expect(tableRows(r.table)).toEqual([
      { placement_id: 'C001', la_code: '202', setting: 'iss', primary_need: 'ASD', age: 11, annual_cost: 63500, count: 1, provider_id: '100001' },
      { placement_id: 'C002', la_code: '202', setting: 'iss', primary_need: 'SEMH', age: 9, annual_cost: 54250.5, count: 1, provider_id: '100002' },
      { placement_id: 'C003', la_code: '202', setting: 'special_academy', primary_need: 'SLD', age: 14, annual_cost: 25000, count: 1, provider_id: '100003' },
    ]);
    expect(Array.from(r.sourceRows)).toEqual([5, 6, 7]);
  });

  it('names every problem by file, sheet, row and column, and rejects those rows', () => {
    const where = 'council.xlsx [Placements]';
    expect(l).toContain(`error: ${where}: row 9, column Annual cost (£): the formula =J5*2 has no saved result (the workbook was saved without calculating it): open it in Excel, let it calculate and save it again, so the row is rejected`);
    expect(l).toContain(`error: ${where}: row 10, column Primary need: "x" means not available: a primary need is needed, so the row is rejected`);
    expect(l).toContain(`error: ${where}: row 11, column Annual cost (£): "(1,200)" is -1200, which is negative: a cost must be £0 or more, so the row is rejected`);
    expect(l).toContain(`error: ${where}: row 12, column Annual cost (£): the cell shows the Excel error #N/A, so the row is rejected`);
    expect(l).toContain(`error: ${where}: row 13, column Annual cost (£): 2024-09-01 is a date, not a number, so the row is rejected`);
    expect(l).toContain(`error: ${where}: row 14, column Annual cost (£): "12,34" is not a number that can be read without guessing (write it like 12345.50 or £12,345.50; thousands in groups of three, a point for pence), so the row is rejected`);
    expect(r.rejected.map((x) => x.row)).toEqual([9, 10, 11, 12, 13, 14]);
  });

  it('skips the blank row and leaves out both total rows with a warning each', () => {
    expect(r.counts).toEqual({ dataRows: 9, accepted: 3, rejected: 6, blankRows: 1, totalRows: 2, aboveHeader: 2 });
    expect(l).toContain(`warning: council.xlsx [Placements]: row 15, column Annual cost (£): the row has no id and its cost £212,550.50 is the sum of the 9 row(s) above, so it is read as a total: it is not a placement, so it is left out`);
    expect(l).toContain(`warning: council.xlsx [Placements]: row 16, column Child ref: "Grand total" marks a total row (£212,550.50, the sum of all 9 row(s) above): it is not a placement, so it is left out`);
  });

  it('never writes a dropped column anywhere: table, issues, JSON, CSV, the rejected-rows workbook', async () => {
    const rejectedBytes = await writeRejectedWorkbook(r.rejected, r.rejectedColumns, { file: 'council.xlsx' });
    const outputs = [
      JSON.stringify({ ...r, table: tableRows(r.table) }),
      l.join('\n'),
      placementTableCsv(r.table),
      placementTableJson(r.table, { file: 'council.xlsx' }),
      zipText(rejectedBytes),
    ].join('\n');
    for (const c of CHILDREN) {
      for (const secret of [c.name, c.name.split(' ')[1], c.upn, c.postcode, new Date(c.dob).toISOString().slice(0, 10)]) expect(outputs, secret).not.toContain(secret);
    }
    for (const secret of ['Harriet', 'Lindqvist', 'Achterberg', 'Marchetti', 'LS1 4AP']) expect(outputs).not.toContain(secret);
    // A date of birth as an Excel serial number would be another way to leak it.
    expect(zipText(rejectedBytes)).not.toContain(String(Math.round(CHILDREN[3].dob / 86_400_000 + 25569)));
  });

  it('writes the rejected rows as a workbook: original values, a Reason column and the source row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeRejectedWorkbook(r.rejected, r.rejectedColumns, { file: 'council.xlsx' })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Rejected rows');
    const header = (ws?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['Child ref', 'LA', 'Provision type', 'NCY', 'Primary need', 'Annual cost (£)', 'Provider URN', 'Reason', 'Row in council.xlsx']);
    const row = (n: number) => (ws?.getRow(n).values as unknown[]).slice(1);
    expect(row(2)).toEqual(['C004', 202, 'mainstream', 4, 'SLCN', '=J5*2', 100004, expect.stringMatching(/^Annual cost \(£\): the formula =J5\*2 has no saved result/), 9]);
    expect(row(3)[4]).toBe('x');
    expect(row(4)[5]).toBe('(1,200)');
    expect(row(5)[5]).toBe('#N/A');
    expect(row(6)[5]).toEqual(new Date(Date.UTC(2024, 8, 1)));
    expect(ws?.rowCount).toBe(7);
  });

  it('the rejected-rows workbook can be fixed and imported again', async () => {
    const again = await importPlacements(await writeRejectedWorkbook(r.rejected, r.rejectedColumns, { file: 'council.xlsx' }), { file: 'rejected.xlsx', today });
    expect(again.header.row).toBe(1);
    expect(again.header.columns.map((c) => c.field).slice(0, 7)).toEqual(['placement_id', 'la_code', 'setting', 'ncy', 'primary_need', 'annual_cost', 'provider_id']);
    expect(again.counts.dataRows).toBe(6);
  });

  it('round trip: import → CSV export → import gives the identical table', async () => {
    const again = await importPlacements(new TextEncoder().encode(placementTableCsv(r.table)), { file: 'export.csv' });
    expect(again.table).toEqual(r.table);
  });

  it('round trip through a workbook of the placement columns gives the identical table', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Placements');
    const rows = tableRows(r.table);
    const columns = ['placement_id', ...Object.keys(r.table.columns)];
    ws.addRow(columns);
    for (const row of rows) ws.addRow(columns.map((c) => row[c] ?? null));
    const again = await importPlacements(await workbookBytes(wb), { file: 'export.xlsx' });
    expect(again.table).toEqual(r.table);
  });
});

describe('cells from exceljs', () => {
  it.each([
    [{ formula: 'A1*2', result: 4 }, 4],
    [{ sharedFormula: 'B2', result: 'ISS' }, 'ISS'],
    [{ formula: 'A1*2' }, { fault: 'no-result', text: '=A1*2' }],
    [{ formula: 'A1/0', result: { error: '#DIV/0!' } }, { fault: 'excel-error', text: '#DIV/0!' }],
    [{ richText: [{ text: 'Special ' }, { text: 'academy' }] }, 'Special academy'],
    [{ text: 'Oak School', hyperlink: 'https://example.invalid' }, 'Oak School'],
    [{ error: '#REF!' }, { fault: 'excel-error', text: '#REF!' }],
    [true, true],
    [null, null],
    ['x'.repeat(40_000), { fault: 'too-long', text: '40,000' }],
  ])('cell value %# is read as a plain cell', (value, cell) => expect(cellFromExcel(value)).toEqual(cell));

  it('keeps Date cells as dates; a date where text is expected is an error', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Ref', 'LA', 'Setting', 'Age', 'Need', 'Cost']);
    ws.addRow(['P1', new Date(Date.UTC(2020, 0, 2)), 'iss', 12, 'ASD', 100]);
    const r = await importPlacements(await workbookBytes(wb), { file: 'd.xlsx' });
    expect(lines(r)).toContain('error: d.xlsx [S]: row 2, column LA: 2020-01-02 is a date, not text, so the row is rejected');
  });

  it('takes a vertically merged header cell\'s text from the first cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Ref', 'LA', 'Setting', 'Age', 'Need', 'Annual cost']);
    ws.addRow([null, 'code', 'type', 'years', 'code', null]);
    ws.mergeCells('A1:A2');
    ws.mergeCells('F1:F2');
    ws.addRow(['P1', '202', 'iss', 12, 'ASD', 100]);
    const r = await importPlacements(await workbookBytes(wb), { file: 'v.xlsx', mapping: { name: 'two-row header', fields: {}, headerRow: 2 } });
    expect(r.header.row).toBe(2);
    expect(r.header.columns.map((c) => c.header)).toEqual(['Ref', 'code', 'type', 'years', 'code', 'Annual cost']);
  });

  it('says when data cells are merged, rather than filling them in', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Ref', 'LA', 'Setting', 'Age', 'Need', 'Cost']);
    ws.addRow(['P1', '202', 'iss', 12, 'ASD', 100]);
    ws.addRow(['P2', '202', null, 12, 'ASD', 100]);
    ws.mergeCells('C2:C3');
    const r = await importPlacements(await workbookBytes(wb), { file: 'm.xlsx' });
    expect(lines(r)).toContain('warning: m.xlsx [S]: row 2, column Setting: cells C2:C3 are merged: Excel keeps the value only in the first cell, so the other rows of a merge are blank here; unmerge and fill them');
    expect(r.rejected.map((x) => x.row)).toEqual([3]);
  });

  it('reads the sheet asked for, and names the sheets when it is missing', async () => {
    const bytes = await messyWorkbook();
    expect((await importPlacements(bytes, { file: 'c.xlsx', sheet: 'notes' })).sheet).toBe('Notes');
    const r = await importPlacements(bytes, { file: 'c.xlsx', sheet: 'Data' });
    expect(r.fatal).toBe('has no sheet "Data" (its sheets are "Notes", "Placements")');
    // A mapping's sheet is a preference: used when the workbook has it, else the sheet is chosen as usual.
    expect((await importPlacements(bytes, { file: 'c.xlsx', mapping: { name: 'm', fields: {}, sheet: 'Notes' } })).sheet).toBe('Notes');
    expect((await importPlacements(bytes, { file: 'c.xlsx', mapping: { name: 'm', fields: {}, sheet: 'Gone' } })).sheet).toBe('Placements');
  });
});

/** Runs an import and requires a clear whole-file error within the time limit, never a throw or a hang. */
async function expectClearError(bytes: Uint8Array, file: string, pattern: RegExp, limits?: { maxUncompressedBytes: number; maxEntries: number }): Promise<void> {
  const started = Date.now();
  const r = await importXlsxBytes(bytes, { file, limits });
  expect(r.fatal, lines(r).join('\n')).toMatch(pattern);
  expect(formatIssue(r.issues[0])).toMatch(new RegExp(`^${file.replace('.', '\\.')}: row 1, column \\(file\\): `));
  expect(r.table.rowCount).toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
}

describe('hostile files end in a clear error, in bounded time', () => {
  it('random bytes', async () => {
    await expectClearError(randomBytes(5000, 7), 'random.xlsx', /is not an \.xlsx workbook/);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('f.xlsx', 'f.csv', 'f.xls', 'f'), async (bytes, file) => {
        const r = await importPlacements(bytes, { file });
        expect(r.fatal !== null || r.table.rowCount >= 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes inside a zip-looking file', async () => {
    const bytes = randomBytes(4000, 3);
    bytes.set([0x50, 0x4b, 3, 4], 0);
    await expectClearError(bytes, 'fake.xlsx', /cut short or damaged/);
  });

  it('an old .xls or a password-protected workbook', async () => {
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expectClearError(ole, 'old.xlsx', /old-style Excel file \(\.xls.*password-protected/);
  });

  it('a truncated workbook', async () => {
    await expectClearError(await truncatedWorkbook(), 'cut.xlsx', /is cut short or damaged/);
  });

  it('every truncation of a real workbook', async () => {
    const whole = await workbookBytes(await smallBook());
    for (let cut = 1; cut < whole.length; cut += Math.ceil(whole.length / 40)) {
      const r = await importXlsxBytes(whole.slice(0, cut), { file: 'cut.xlsx' });
      expect(r.fatal).not.toBeNull();
    }
  });

  it('a zip bomb that declares its size', async () => {
    const bomb = await zipBomb(1100, false);
    expect(bomb.length).toBeLessThan(4_000_000); // 4 MB that would unpack to 1.1 GB
    await expectClearError(bomb, 'bomb.xlsx', /would unpack to 1,100 MB, more than the 1,000 MB allowed/);
  });

  it('a zip bomb that lies about its size', async () => {
    const bomb = await zipBomb(1100, true);
    await expectClearError(bomb, 'liar.xlsx', /unpacks to more than the 100,000 bytes its directory claims \(a "zip bomb"\)/);
  });

  it('a workbook over a lower limit', async () => {
    await expectClearError(await zipBomb(30, false), 'big.xlsx', /more than the 10 MB allowed/, { maxUncompressedBytes: 10_000_000, maxEntries: 100 });
  });

  it('a sheet claiming a million columns', async () => {
    await expectClearError(await millionColumns(), 'wide.xlsx', /cannot be read as a workbook \(Out of bounds\. Invalid column letter: BDWGN: a cell is beyond Excel's last column, XFD\)/);
  });

  it('a 10 MB single cell is refused as a cell, and its row rejected', async () => {
    const started = Date.now();
    const r = await importXlsxBytes(await hugeCell(), { file: 'huge.xlsx' });
    expect(lines(r)).toContain('error: huge.xlsx [Placements]: row 2, column Placement ID: the cell holds 10,485,760 characters, more than Excel allows in a cell (32,767), so the row is rejected');
    const out = rejectedSheet(r.rejected, r.rejectedColumns, 'huge.xlsx');
    expect(out.rows[0][0]).toBe('(10,485,760 characters: too long for an Excel cell)');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('the container check reads real workbooks and their sizes', async () => {
    const bytes = await messyWorkbook();
    expect(await checkXlsxContainer(bytes)).toBeNull();
    const dir = readZipDirectory(bytes);
    expect('entries' in dir && dir.entries.some((e) => e.name === 'xl/workbook.xml')).toBe(true);
  });
});

async function smallBook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Placements');
  ws.addRow(['Placement ID', 'LA', 'Setting', 'Age', 'Primary need', 'Annual cost']);
  for (let i = 0; i < 50; i++) ws.addRow([`P${i}`, '202', 'iss', 12, 'ASD', 1000 + i]);
  return wb;
}
