// `hntm import` and `hntm validate` on real files: what is printed, what is written, exit codes; mapping templates saved and reused; the streaming reader on a 20k-row workbook agrees with the in-memory one.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../../cli/main';
import { importFile } from '../../../cli/xlsx-stream';
import { readData } from '../../../cli/sources';
import { tableRows } from '../../../models/data/paged';
import { CHILDREN, messyWorkbook, writeCleanWorkbook, windows1252, WINDOWS_1252_CSV, zipBomb, zipText } from '../../fixtures/import/make-fixtures';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'hntm-import-'));
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  writeFileSync(at('council.xlsx'), await messyWorkbook());
  writeFileSync(at('win.csv'), windows1252(WINDOWS_1252_CSV));
  writeFileSync(at('clean.csv'), 'Placement ID,LA,Setting,Age,Primary need,Annual cost\r\nP1,202,iss,12,ASD,"£63,500"\r\nP2,330,fe,17,SEMH,12000\r\n');
  writeFileSync(at('bomb.xlsx'), await zipBomb(1100, false));
  writeFileSync(at('borough.csv'), 'Ref,Borough,Kind,Years,Category,Fee\r\nP1,202,iss,12,ASD,63500\r\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hntm import', () => {
  it('prints the header, mapping, counts, personal data and every issue; writes the table and the rejected rows; exits 1', async () => {
    const r = await run('import', at('council.xlsx'), '--out', at('table.csv'), '--rejected', at('rejected.xlsx'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('council.xlsx [Placements]: header on row 4 (2 row(s) above it are a title or notes, not read).');
    expect(r.stdout).toMatch(/ B {3}Pupil name +dropped: looks like names of children/);
    expect(r.stdout).toMatch(/ J {3}Annual cost \(£\) +→ annual_cost/);
    expect(r.stdout).toContain('Rows: 9 read below the header: 3 accepted, 6 rejected; 1 blank row(s) skipped; 2 total row(s) left out.');
    expect(r.stdout).toContain('Column B "Pupil name" looks like names of children. The model never needs it: drop it before the data is kept.');
    expect(r.stdout).toContain('error: council.xlsx [Placements]: row 12, column Annual cost (£): the cell shows the Excel error #N/A, so the row is rejected');
    expect(r.stdout).toContain(`Wrote ${at('table.csv')} (3 placement(s)).`);
    expect(readFileSync(at('table.csv'), 'utf8').split('\r\n')[0]).toBe('placement_id,la_code,setting,primary_need,age,annual_cost,count,provider_id');
    const rejected = new Uint8Array(readFileSync(at('rejected.xlsx')));
    const text = zipText(rejected) + readFileSync(at('table.csv'), 'utf8') + r.stdout;
    for (const c of CHILDREN) for (const secret of [c.name, c.upn, c.postcode]) expect(text).not.toContain(secret);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(rejected as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Rejected rows')?.rowCount).toBe(7);
  });

  it('writes JSON, keeps personal data only when asked, and exits 0 on a clean file', async () => {
    const r = await run('import', at('clean.csv'), '--out', at('clean.json'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(at('clean.json'), 'utf8'));
    expect(j).toMatchObject({ file: 'clean.csv', rowCount: 2, rows: [{ placement_id: 'P1', annual_cost: 63500 }, { placement_id: 'P2', setting: 'fe' }] });
    const kept = await run('import', at('council.xlsx'), '--keep-personal-data', '--rejected', at('kept.xlsx'));
    expect(kept.stdout).toContain('4 column(s) flagged, 0 dropped, 4 kept as asked');
    expect(zipText(new Uint8Array(readFileSync(at('kept.xlsx'))))).toContain('Harriet Lindqvist');
  });

  it('reads Windows-1252 and says so', async () => {
    const r = await run('import', at('win.csv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('text encoding windows-1252');
    expect(r.stdout).toMatch(/the file is not UTF-8 \(byte 0xA3 on line 1\), so it was read as Windows-1252/);
  });

  it('saves the mapping used as a named template and applies it to the next file', async () => {
    const mappings = at('mappings.json');
    writeFileSync(mappings, JSON.stringify({ templates: { Borough: { fields: { la_code: 'Borough', setting: 'Kind', age: 'Years', primary_need: 'Category', annual_cost: 'Fee' } } } }));
    const first = await run('import', at('borough.csv'), '--mappings', mappings, '--mapping', 'Borough', '--save-mapping', 'Borough v2');
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toMatch(/→ annual_cost \(mapping\)/);
    const saved = JSON.parse(readFileSync(mappings, 'utf8'));
    expect(Object.keys(saved.templates)).toEqual(['Borough', 'Borough v2']);
    expect(saved.templates['Borough v2'].fields).toMatchObject({ placement_id: 'Ref', annual_cost: 'Fee' });
    const again = await run('import', at('borough.csv'), '--mappings', mappings, '--mapping', 'Borough v2');
    expect(again.code).toBe(0);
    expect((await run('import', at('borough.csv'))).code).toBe(1); // without the mapping nothing says what "Fee" is
  });

  it('refuses zip bombs with a clear error (exit 1), including one that lies about its size', async () => {
    const r = await run('import', at('bomb.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bomb\.xlsx would unpack to 1,100 MB, more than the 1,000 MB allowed/);
    writeFileSync(at('liar.xlsx'), await zipBomb(1100, true));
    const started = Date.now();
    const liar = await run('import', at('liar.xlsx'));
    expect(liar.code).toBe(1);
    expect(liar.stderr).toMatch(/liar\.xlsx is damaged or hostile: the part "xl\/worksheets\/sheet1\.xml" unpacks to more than the 100,000 bytes its directory claims \(a "zip bomb"\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it.each([
    [['import'], 'import takes exactly one FILE'],
    [['import', 'x.pdf'], 'x.pdf: placement files are .csv or .xlsx'],
    [['import', 'nope.csv'], 'cannot read nope.csv: no such file'],
    [['import', 'test/fixtures/ten-placements.csv', '--out', 'x.txt'], '--out must name a .csv or .json file'],
    [['import', 'test/fixtures/ten-placements.csv', '--rejected', 'x.csv'], '--rejected must name an .xlsx file'],
    [['import', 'test/fixtures/ten-placements.csv', '--mapping', 'M', '--mappings', 'nope.json'], 'cannot read the mapping file nope.json'],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('hntm validate on workbooks', () => {
  it('reads .xlsx through the importer and exits 1 on rejected rows, naming sheet, row and column', async () => {
    const r = await run('validate', at('council.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: council.xlsx [Placements]: row 10, column Primary need: "x" means not available: a primary need is needed, so the row is rejected');
    expect(r.stdout).toContain('council.xlsx [Placements]: 3 row(s) accepted, 6 rejected');
  }, 60_000);

  it('exits 0 on a clean workbook and 1 on a hostile one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['Placement ID', 'LA', 'Setting', 'Age', 'Primary need', 'Annual cost']);
    ws.addRow(['P1', '202', 'iss', 12, 'ASD', 63500]);
    await wb.xlsx.writeFile(at('ok.xlsx'));
    expect((await run('validate', at('ok.xlsx'))).code).toBe(0);
    const bomb = await run('validate', at('bomb.xlsx'));
    expect(bomb.code).toBe(1);
    expect(bomb.stderr).toMatch(/bomb\.xlsx would unpack to/);
  }, 60_000);

  it('readData still reads CSV and synthetic tables', () => {
    expect(readData('test/fixtures/ten-placements.csv').table.rowCount).toBe(10);
    expect(readData('synthetic:1000:3').table.rowCount).toBe(1000);
  });
});

describe('the streaming reader', () => {
  it('reads a 20k-row workbook to the same table as the in-memory reader', async () => {
    const path = at('20k.xlsx');
    await writeCleanWorkbook(path, 20_000);
    const streamed = await importFile(path, { file: '20k.xlsx', inMemoryMaxBytes: 0 });
    const inMemory = await importFile(path, { file: '20k.xlsx', inMemoryMaxBytes: Number.POSITIVE_INFINITY });
    expect(streamed.fatal).toBeNull();
    expect(streamed.table.rowCount).toBe(20_000);
    expect(streamed.header.row).toBe(2);
    expect(streamed.table).toEqual(inMemory.table);
    expect(streamed.issues).toEqual(inMemory.issues);
    expect(tableRows(streamed.table, 0, 1)[0]).toMatchObject({ placement_id: 'P0000001', la_code: '202', setting: 'iss', age: 4 });
  }, 120_000);

  it('when streaming, skips a long sheet with no header and a hidden sheet, and reads the first sheet when none has a header', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('Notes');
    for (let i = 0; i < 200; i++) notes.addRow([`note ${i}`, i]);
    const hidden = wb.addWorksheet('Old');
    hidden.state = 'hidden';
    hidden.addRow(['Placement ID', 'LA', 'Setting', 'Age', 'Primary need', 'Annual cost']);
    const ws = wb.addWorksheet('Data');
    ws.addRow(['Placement ID', 'LA', 'Setting', 'Age', 'Primary need', 'Annual cost']);
    for (let i = 0; i < 100; i++) ws.addRow([`P${i}`, '202', 'iss', 12, 'ASD', 100]);
    await wb.xlsx.writeFile(at('skip.xlsx'));
    const r = await importFile(at('skip.xlsx'), { file: 'skip.xlsx', inMemoryMaxBytes: 0 });
    expect([r.sheet, r.header.row, r.table.rowCount]).toEqual(['Data', 1, 100]);
    const none = new ExcelJS.Workbook();
    const a = none.addWorksheet('A');
    for (let i = 0; i < 80; i++) a.addRow(['x', i]);
    await none.xlsx.writeFile(at('nohead.xlsx'));
    const n = await importFile(at('nohead.xlsx'), { file: 'nohead.xlsx', inMemoryMaxBytes: 0 });
    expect([n.sheet, n.counts.rejected, n.issues[0].rule]).toEqual(['A', 79, 'no-header']);
  }, 60_000);

  it('chooses the sheet with placements when streaming, and writes a large rejected export by streaming', async () => {
    const path = at('two-sheets.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover').addRow(['Read me first']);
    const ws = wb.addWorksheet('Data');
    ws.addRow(['Placement ID', 'LA', 'Setting', 'Age', 'Primary need', 'Annual cost']);
    for (let i = 0; i < 60_000; i++) ws.addRow([`P${i}`, '202', 'iss', 12, 'ASD', 'x']);
    await wb.xlsx.writeFile(path);
    const streamed = await importFile(path, { file: 'two-sheets.xlsx', inMemoryMaxBytes: 0 });
    expect([streamed.sheet, streamed.header.row, streamed.counts.rejected]).toEqual(['Data', 1, 60_000]);
    const r = await run('import', path, '--rejected', at('many-rejected.xlsx'));
    expect(r.stdout).toContain('two-sheets.xlsx [Data]: header on row 1');
    expect(r.stdout).toContain('0 accepted, 60,000 rejected');
    expect(existsSync(at('many-rejected.xlsx'))).toBe(true);
    const back = await importFile(at('many-rejected.xlsx'), { file: 'many-rejected.xlsx' });
    expect(back.counts.dataRows).toBe(60_000);
  }, 180_000);
});
