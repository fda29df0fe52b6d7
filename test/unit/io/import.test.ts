// The placement importer on text files: header detection under a title block, council synonyms, encodings, markers, money text, blank and total rows, mappings, chunking, and the rule that nothing is silently dropped or coerced.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importCsvBytes, importPlacements, isTotalLabel, PlacementImporter, type ImportResult } from '../../../models/io/import';
import { matchHeader, mapColumns, parseMappingFile, parseMappingTemplate, templateFromColumns, withTemplate, HEADER_SYNONYMS } from '../../../models/io/mapping';
import { placementTableCsv, placementTableJson } from '../../../models/io/import-output';
import { buildTable, formatIssue } from '../../../models/data/table';
import { tableRows } from '../../../models/data/paged';
import { BOM_CSV, WINDOWS_1252_CSV, windows1252 } from '../../fixtures/import/make-fixtures';

const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (text: string, file = 'council.csv', options = {}) => importCsvBytes(utf8(text), { file, today: new Date(Date.UTC(2025, 0, 16)), ...options });
const lines = (r: ImportResult) => r.issues.map((i) => `${i.severity}: ${formatIssue(i)}`);

describe('header detection and mapping', () => {
  it('finds the header under a title block and maps council headers by synonym', () => {
    const r = csv('Example Council placements,,,,,\r\nFigures in £,,,,,\r\n,,,,,\r\nChild ref,LA,Provision type,Age at 31 August,Primary need,Annual cost (£)\r\nP1,202,Special - independent,12,ASD,63500\r\n');
    expect(r.header.row).toBe(4);
    expect(r.header.columns.map((c) => c.field)).toEqual(['placement_id', 'la_code', 'setting', 'age', 'primary_need', 'annual_cost']);
    expect(r.counts).toMatchObject({ aboveHeader: 2, accepted: 1, rejected: 0 });
    expect(lines(r)).toContain('warning: council.csv: row 1, column (row): rows 1–2 are above the header (a title or notes), so they are not read as placements');
    expect(tableRows(r.table)).toEqual([{ placement_id: 'P1', la_code: '202', setting: 'iss', primary_need: 'ASD', age: 12, annual_cost: 63500, count: 1 }]);
    expect(r.sourceRows[0]).toBe(5);
  });

  it.each([
    ['Annual cost (£)', 'annual_cost'],
    ['Total cost', 'annual_cost'],
    ['Total cost 2024-25', 'annual_cost'],
    ['Cost p.a.', 'annual_cost'],
    ['Provision type', 'setting'],
    ['NCY', 'ncy'],
    ['Year group', 'ncy'],
    ['Age at 31 August', 'age'],
    ['LA', 'la_code'],
    ['Local authority', 'la_code'],
    ['Primary SEN need', 'primary_need'],
    ['Provider URN', 'provider_id'],
    ['School name', 'provider_name'],
    ['Top-up', 'top_up'],
    ['Element 2', 'place_funding'],
  ])('%j is read as %s', (header, field) => {
    const m = matchHeader(header);
    expect(m !== null && m !== 'ambiguous' ? m.field : m).toBe(field);
  });

  it.each(['Weekly cost', 'Monthly fee', 'UPN', 'Pupil name', 'Notes'])('%j is not read as a field', (header) => {
    expect(matchHeader(header)).toBeNull();
  });

  it('the synonym table has no header meaning two fields', () => {
    const seen = new Map<string, string>();
    for (const [field, labels] of Object.entries(HEADER_SYNONYMS)) for (const l of labels ?? []) {
      const m = matchHeader(l);
      expect(m === null || m === 'ambiguous' ? m : m.field, l).toBe(field);
      seen.set(l, field);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('decides an ambiguous "School type" by its values', () => {
    const asSetting = mapColumns(['School type'], [['ISS'], ['Special academy'], ['mainstream']]).columns[0];
    expect([asSetting.field, asSetting.how]).toEqual(['setting', 'content']);
    const asGovernance = mapColumns(['School type'], [['Academy'], ['LA maintained'], ['academy']]).columns[0];
    expect(asGovernance.field).toBe('governance');
    const unclear = mapColumns(['School type'], [['Blue'], ['Green']]);
    expect(unclear.columns[0].field).toBeNull();
    expect(unclear.findings[0].message).toMatch(/could mean setting or governance/);
  });

  it('keeps the closer name when two columns name one field, and says so', () => {
    const r = csv('Ref,LA,Setting,Age,Need,Cost,Annual cost\r\nP1,202,iss,12,ASD,1,63500\r\n');
    expect(r.header.columns.find((c) => c.field === 'annual_cost')?.header).toBe('Annual cost');
    expect(lines(r)).toContain('warning: council.csv: row 1, column Cost: is read as annual_cost, which column G "Annual cost" gives by a closer name, so it is ignored');
    expect(tableRows(r.table)[0].annual_cost).toBe(63500);
  });

  it('reports a file with no header row and rejects its rows with the reason', () => {
    const r = csv('a,b,c\r\n1,2,3\r\n');
    expect(lines(r)[0]).toMatch(/row 1, column \(row\): no row names the placement fields/);
    expect(r.table.rowCount).toBe(0);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].reasons.join(' ')).toMatch(/every placement needs a setting/);
  });

  it('names rows after their row number when there is no id column, and says so', () => {
    const r = csv('LA,Setting,Age,Need,Cost\r\n202,iss,12,ASD,100\r\n\r\n202,iss,13,ASD,200\r\n');
    expect(r.table.ids).toEqual(['R2', 'R4']);
    expect(lines(r)).toContain('warning: council.csv: row 1, column placement_id: there is no placement id column, so each placement is named after its row: R2 is row 2');
  });

  it('makes the annual cost from place funding + top-up when there is no cost column', () => {
    const r = csv('Ref,LA,Setting,Age,Need,Place funding,Top up\r\nP1,202,special_maintained,12,ASD,10000,"£15,500"\r\nP2,202,special_maintained,12,ASD,10000,\r\n');
    expect(tableRows(r.table)).toEqual([expect.objectContaining({ placement_id: 'P1', annual_cost: 25500, place_funding: 10000, top_up: 15500 })]);
    expect(lines(r)).toContain('error: council.csv: row 3, column annual_cost (place funding + top-up): place funding and top-up are both needed to make the annual cost (there is no annual cost column), so the row is rejected');
  });

  it('ignores columns that are not fields, and says which; values under no header are reported once per column', () => {
    const r = csv('Ref,LA,Setting,Age,Need,Cost,Comments,\r\nP1,202,iss,12,ASD,100,ok,stray\r\nP2,202,iss,12,ASD,100,,stray 2\r\n');
    expect(lines(r)).toContain('warning: council.csv: row 1, column Comments: is not a placement field, so it is ignored');
    expect(lines(r)).toContain('warning: council.csv: row 1, column (column H): has no header but holds values in 2 row(s) (first at row 2), so they are not read: give the column a header');
  });
});

describe('encodings', () => {
  it('reads a UTF-8 BOM file', () => {
    const r = csv(BOM_CSV);
    expect(r.encoding).toBe('utf-8 with BOM');
    expect(r.header.columns[0].field).toBe('placement_id');
  });

  it('reads Windows-1252 (£, accents, curly quotes, €) and says it did', () => {
    const r = importCsvBytes(windows1252(WINDOWS_1252_CSV), { file: 'win.csv' });
    expect(r.encoding).toBe('windows-1252');
    expect(lines(r)[0]).toMatch(/^warning: win\.csv: row 1, column \(file\): the file is not UTF-8 \(byte 0xA3 on line 1\), so it was read as Windows-1252/);
    const rows = tableRows(r.table);
    expect(rows.map((x) => x.annual_cost)).toEqual([63500, 12345.5, 1234]);
    expect(rows.map((x) => x.provider_name)).toEqual(['École Sainte-Thérèse', 'Ysgol Glan Môr', 'Saint-Saëns Primary']);
    expect(r.header.columns[5].header).toBe('Annual cost (£)');
  });

  it('refuses a line claiming more columns than Excel has, and a 10 MB cell, with clear errors', () => {
    const wide = csv('Ref,LA,Setting,Age,Need,Cost\r\n' + 'P1' + ','.repeat(20_000) + '\r\n', 'wide.csv');
    expect(wide.fatal).toBe('has 20,001 cells on row 2, more than Excel\'s 16,384 columns: it is not a placement list (is it the right file, with commas between cells?)');
    const huge = csv(`Ref,LA,Setting,Age,Need,Cost\r\n${'a'.repeat(10 * 1024 * 1024)},202,iss,12,ASD,1\r\n`, 'huge.csv');
    expect(lines(huge)).toContain('error: huge.csv: row 2, column Ref: the cell holds 10,485,760 characters, more than Excel allows in a cell (32,767), so the row is rejected');
  }, 30_000);

  it('refuses binary data in a .csv with a clear error', async () => {
    const r = await importPlacements(new Uint8Array([0x50, 0x31, 0, 0, 7, 8]), { file: 'odd.csv' });
    expect(r.fatal).toMatch(/is not a text file/);
    expect(formatIssue(r.issues[0])).toMatch(/^odd\.csv: row 1, column \(file\): is not a text file/);
  });
});

describe('values: markers, money text, nothing coerced silently', () => {
  const r = csv(BOM_CSV, 'bom.csv');
  it('reads money text as numbers, with one note per column', () => {
    const costs = Object.fromEntries(tableRows(r.table).map((x) => [x.placement_id, x.annual_cost]));
    expect(costs).toEqual({ B1: 12345, B6: 12345, B7: 12345.5, B8: 1234 });
    expect(lines(r)).toContain('warning: bom.csv: row 1, column Annual cost: 4 value(s) were written as money text and read as numbers (row 2: "£12,345.00" is 12345): check a few');
  });

  it('rejects markers, negatives and unreadable numbers, naming row and column', () => {
    const l = lines(r);
    expect(l).toContain('error: bom.csv: row 3, column Primary need: "c" means confidential: a primary need is needed, so the row is rejected');
    expect(l).toContain('error: bom.csv: row 4, column Annual cost: "z" means not applicable: a cost is needed, so the row is rejected');
    expect(l).toContain('error: bom.csv: row 5, column Annual cost: "x" means not available: a cost is needed, so the row is rejected');
    expect(l).toContain('error: bom.csv: row 6, column Annual cost: "(1,200)" is -1200, which is negative: a cost must be £0 or more, so the row is rejected');
    expect(l).toContain('error: bom.csv: row 10, column Annual cost: "12,34" is not a number that can be read without guessing (write it like 12345.50 or £12,345.50; thousands in groups of three, a point for pence), so the row is rejected');
    expect(l).toContain('error: bom.csv: row 11, column Annual cost: "twelve" is not a number, so the row is rejected');
    expect(r.rejected.map((x) => x.row)).toEqual([3, 4, 5, 6, 10, 11]);
  });

  it('keeps each rejected row with its original values and reasons', () => {
    const b9 = r.rejected.find((x) => x.row === 10);
    expect(b9?.values).toEqual({ 'Placement ID': 'B9', 'LA code': '202', Setting: 'iss', Age: '18', 'Primary need': 'ASD', 'Annual cost': '12,34' });
    expect(b9?.reasons).toEqual(['Annual cost: "12,34" is not a number that can be read without guessing (write it like 12345.50 or £12,345.50; thousands in groups of three, a point for pence), so the row is rejected']);
  });

  it('accounts for every row: accepted + rejected + blank + total = rows below the header', () => {
    expect(r.counts.accepted + r.counts.rejected).toBe(r.counts.dataRows);
    expect(r.counts.dataRows).toBe(10);
  });

  it('reads year groups as NCY and says so; a bad optional value is left blank with a warning', () => {
    const t = csv('Ref,LA,Setting,Year group,Need,Cost,Weeks\r\nP1,202,iss,Year 7,ASD,100,52 weeks\r\nP2,202,iss,R,ASD,100,lots\r\n');
    expect(tableRows(t.table).map((x) => [x.age, x.residential])).toEqual([[11, 52], [4, undefined]]);
    expect(lines(t)).toContain('warning: council.csv: row 3, column Weeks: "lots" is not a number, so it is left blank');
  });

  it('rejects a repeated id with the row it first appeared on', () => {
    const t = csv('Ref,LA,Setting,Age,Need,Cost\r\nP1,202,iss,12,ASD,100\r\nP1,202,iss,12,ASD,100\r\n');
    expect(lines(t)).toContain('error: council.csv: row 3, column Ref: "P1" is already used at row 2: each placement needs its own id, so the row is rejected');
  });
});

describe('blank and total rows', () => {
  const text =
    'Ref,LA,Setting,Age,Need,Cost\r\n' +
    'P1,202,iss,12,ASD,100\r\n' +
    ',,,,,\r\n' +
    'P2,202,iss,12,ASD,200.5\r\n' +
    'ISS Total,,,,,300.5\r\n' +
    'P3,202,fe,17,ASD,50\r\n' +
    'P4,202,fe,18,ASD,25\r\n' +
    ',,,,,75\r\n' +
    'Grand total,,,,,375.5\r\n' +
    'Total-Care-1,202,iss,12,ASD,10\r\n';
  const r = csv(text);
  it('skips blank rows and leaves out total rows, each with a warning naming the row', () => {
    expect(r.table.ids).toEqual(['P1', 'P2', 'P3', 'P4', 'Total-Care-1']);
    expect(r.counts).toMatchObject({ blankRows: 1, totalRows: 3, dataRows: 5, accepted: 5 });
    const l = lines(r);
    expect(l).toContain('warning: council.csv: row 5, column Ref: "ISS Total" marks a total row (£300.50, the sum of the 2 row(s) above): it is not a placement, so it is left out');
    expect(l).toContain('warning: council.csv: row 8, column Cost: the row has no id and its cost £75.00 is the sum of the 2 row(s) above, so it is read as a total: it is not a placement, so it is left out');
    expect(l).toContain('warning: council.csv: row 9, column Ref: "Grand total" marks a total row (£375.50, the sum of all 4 row(s) above): it is not a placement, so it is left out');
  });

  it.each([
    ['Total', true],
    ['TOTAL', true],
    ['Grand total', true],
    ['Sub-total', true],
    ['Subtotal', true],
    ['Total ISS', true],
    ['ISS Total', true],
    ['Totals:', true],
    ['Total-Care-1', false],
    ['Totally Kids Ltd', false],
    ['P0001', false],
  ])('isTotalLabel(%j) is %s', (text, yes) => expect(isTotalLabel(text)).toBe(yes));

  it('a blank-id row whose cost is not a sum is rejected, not dropped', () => {
    const t = csv('Ref,LA,Setting,Age,Need,Cost\r\nP1,202,iss,12,ASD,100\r\nP2,202,iss,12,ASD,200\r\n,202,iss,12,ASD,999\r\n');
    expect(t.rejected.map((x) => x.row)).toEqual([4]);
    expect(t.counts.totalRows).toBe(0);
  });
});

describe('mapping templates', () => {
  const file = 'Ref,Borough,Kind,Years,Category,Fee\r\nP1,202,iss,12,ASD,63500\r\n';
  it('an edited mapping reads headers nothing would match, and the result is a template to save', () => {
    const mapping = { name: 'Borough export', fields: { la_code: 'Borough', setting: 'Kind', age: 'Years', primary_need: 'Category', annual_cost: 'Fee' } };
    const r = csv(file, 'borough.csv', { mapping });
    expect(r.table.rowCount).toBe(1);
    expect(r.header.columns.map((c) => c.how)).toEqual(['synonym', 'mapping', 'mapping', 'mapping', 'mapping', 'mapping']);
    expect(r.mapping).toEqual({ name: 'Borough export', fields: { placement_id: 'Ref', la_code: 'Borough', setting: 'Kind', age: 'Years', primary_need: 'Category', annual_cost: 'Fee' } });
    // The saved template reads the next file by itself.
    expect(csv(file, 'next.csv', { mapping: r.mapping }).table.rowCount).toBe(1);
  });

  it('a mapping naming a missing column is an error on the header row; null stops a field being read', () => {
    const r = csv('Ref,LA,Setting,Age,Need,Cost,Band\r\nP1,202,iss,12,ASD,1,B2\r\n', 'c.csv', { mapping: { name: 'm', fields: { annual_cost: 'Fee', band: null } } });
    expect(lines(r)).toContain('error: c.csv: row 1, column annual_cost: the mapping "m" reads annual_cost from a column "Fee", but the header row has no such column');
    expect(r.header.columns.find((c) => c.header === 'Band')?.field).toBeNull();
  });

  it('mapping files are checked and round-trip through JSON', () => {
    const { templates, problems } = parseMappingFile({ templates: { Monthly: { fields: { annual_cost: 'Fee' }, drop: ['Notes'] } } });
    expect(problems).toEqual([]);
    expect(templates.Monthly).toEqual({ name: 'Monthly', fields: { annual_cost: 'Fee' }, drop: ['Notes'] });
    const file2 = withTemplate({ templates }, { name: 'Other', fields: {} });
    expect(parseMappingFile(JSON.parse(JSON.stringify(file2))).templates).toEqual(file2.templates);
    expect(parseMappingTemplate({ fields: { colour: 'x' } }).problems[0]).toMatch(/"colour" is not a placement field/);
    expect(parseMappingFile([]).problems[0]).toMatch(/must be/);
    expect(templateFromColumns('t', mapColumns(['Ref', 'Fee'], []).columns)).toEqual({ name: 't', fields: { placement_id: 'Ref' } });
  });

  it('a mapping can drop a column the guard did not spot; it then appears nowhere', () => {
    const r = csv('Ref,LA,Setting,Age,Need,Cost,Keyworker\r\nP1,202,iss,12,ASD,x,Mrs Marigold\r\n', 'c.csv', { mapping: { name: 'm', fields: {}, drop: ['Keyworker'] } });
    expect(r.rejected[0].values).not.toHaveProperty('Keyworker');
    expect(JSON.stringify(r)).not.toContain('Marigold');
    expect(lines(r)).toContain('warning: c.csv: row 1, column Keyworker: is dropped, as the mapping "m" says: it is not kept, shown or written anywhere');
  });
});

describe('personal data in text files', () => {
  const text = 'Ref,Pupil name,UPN,DOB,Postcode,LA,Setting,Age,Need,Cost\r\n' +
    'P1,Amelia Quist,B801200005001,03/05/2012,SW1A 1AA,202,iss,12,ASD,x\r\n' +
    'P2,Oliver Tranter,B801200005001,21/09/2014,M1 1AE,202,iss,10,ASD,100\r\n' +
    'P3,Isla Brennan,B801200005001,09/01/2010,B33 8TH,202,iss,15,ASD,100\r\n';
  it('drops flagged columns by default: not in the table, the rejected rows, the issues or the JSON', () => {
    const r = csv(text);
    expect(r.personalData.map((f) => [f.column, f.kind, f.dropped])).toEqual([
      ['B', 'name', true],
      ['C', 'upn', true],
      ['D', 'date_of_birth', true],
      ['E', 'postcode', true],
    ]);
    const everything = JSON.stringify({ ...r, table: tableRows(r.table) }) + placementTableCsv(r.table) + placementTableJson(r.table, { file: 'x' }) + lines(r).join('\n');
    for (const secret of ['Amelia', 'Quist', 'B801200005001', '03/05/2012', 'SW1A 1AA', 'Tranter']) expect(everything).not.toContain(secret);
    expect(r.rejected[0].values).toEqual({ Ref: 'P1', LA: '202', Setting: 'iss', Age: '12', Need: 'ASD', Cost: 'x' });
  });

  it('keeps them only when asked, and still warns', () => {
    const r = csv(text, 'c.csv', { personalData: 'keep' });
    expect(r.personalData.every((f) => !f.dropped)).toBe(true);
    expect(r.rejected[0].values['Pupil name']).toBe('Amelia Quist');
    expect(lines(r).some((l) => /Pupil name: looks like names of children \(by its header and its content\)\. The model never needs it: it was kept only because/.test(l))).toBe(true);
  });

  it('a UPN used as the id is dropped too, and ids then come from row numbers', () => {
    const r = csv('UPN,LA,Setting,Age,Need,Cost\r\nB801200005001,202,iss,12,ASD,100\r\n');
    expect(r.table.ids).toEqual(['R2']);
    expect(JSON.stringify(r.issues)).not.toContain('B801200005001');
  });
});

describe('chunks and row order', () => {
  const rowArb = fc.record({
    id: fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', ''),
    la: fc.constantFrom('202', '330', 'Camden', 'x', ''),
    setting: fc.constantFrom('iss', 'ISS', 'Special - independent', 'spaceship', 'mainstream'),
    age: fc.constantFrom('4', '12', '25', '31', 'Year 7', ''),
    need: fc.constantFrom('ASD', 'SEMH', 'c', 'XYZ'),
    cost: fc.constantFrom('100', '£1,000.50', '(5)', '12,34', 'x', '0', '63500'),
    provider: fc.constantFrom('U1', 'U2', '', 'U3'),
  });
  it('building in chunks of any size gives the same table, issues and rejected rows as one chunk', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (rows, chunk) => {
        const text = 'Ref,LA,Setting,Age,Need,Cost,Provider URN\r\n' + rows.map((r) => [r.id, r.la, r.setting, r.age, r.need, r.cost, r.provider].map((v) => `"${v}"`).join(',')).join('\r\n');
        const whole = csv(text, 'p.csv');
        const chunked = csv(text, 'p.csv', { chunkRows: chunk, sampleRows: 3 });
        expect(chunked.table).toEqual(whole.table);
        expect(chunked.issues).toEqual(whole.issues);
        expect(chunked.rejected).toEqual(whole.rejected);
        expect(chunked.counts).toEqual(whole.counts);
      }),
      { numRuns: 150 },
    );
  });

  it('the importer builds the same table as buildTable on clean rows', () => {
    const importer = new PlacementImporter({ file: 'x.csv' });
    importer.push(1, ['placement_id', 'la_code', 'setting', 'age', 'primary_need', 'annual_cost', 'provider_id']);
    const rows = [['A', '202', 'iss', '12', 'ASD', '100', 'U1'], ['B', '330', 'fe', '17', 'SEMH', '200', '']];
    rows.forEach((r, i) => importer.push(i + 2, r));
    const direct = buildTable(rows.map((r) => ({ placement_id: r[0], la_code: r[1], setting: r[2], age: r[3], primary_need: r[4], annual_cost: r[5], provider_id: r[6] })), { file: 'x.csv' });
    expect(importer.finish().table).toEqual(direct.table);
  });
});

describe('round trip', () => {
  it('import → CSV export → import gives the identical table', () => {
    const first = csv(BOM_CSV.replace('B5,202,iss,14,ASD,"(1,200)"', 'B5,Camden,Special - independent,14,Autism,"1,200"') + 'B11,330,fe,20,SEMH,"£7,000.25"\r\n');
    const again = csv(placementTableCsv(first.table), 'export.csv');
    expect(again.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(again.table).toEqual(first.table);
  });
});
