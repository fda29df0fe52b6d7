// buildTable: every validation rule with its exact message, the columns it builds, and that it never throws or loses a row.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTable, categoryColumn, categoryValue, numberColumn, optionalCategoryColumn, optionalNumberColumn, type PlacementTable } from '../../../models/data/table';
import { formatIssue, hasErrors } from '../../../models/data/issues';
import { asPagedTable, tableRows } from '../../../models/data/paged';
import { NEED_CODES } from '../../../models/vocab/needs';
import { SETTING_CODES } from '../../../models/vocab/settings';

const good = { placement_id: 'P1', la_code: '202', setting: 'iss', age: 12, primary_need: 'ASD', annual_cost: 63500 };

/** Builds [good row, the row under test]; the row under test is spreadsheet row 3. */
function second(overrides: Record<string, unknown>, drop: string[] = []) {
  const row: Record<string, unknown> = { ...good, placement_id: 'P2', ...overrides };
  for (const k of drop) delete row[k];
  return buildTable([good, row], { file: 'placements.csv' });
}

describe('rules that reject a row (DESIGN §6)', () => {
  it.each([
    [{ annual_cost: 'x' }, [], 'placements.csv: row 3, column annual_cost: "x" means not available: a cost is needed, so the row is rejected'],
    [{ annual_cost: 'z' }, [], 'placements.csv: row 3, column annual_cost: "z" means not applicable: a cost is needed, so the row is rejected'],
    [{ annual_cost: 'c' }, [], 'placements.csv: row 3, column annual_cost: "c" means confidential: a cost is needed, so the row is rejected'],
    [{ annual_cost: ' X ' }, [], 'placements.csv: row 3, column annual_cost: "x" means not available: a cost is needed, so the row is rejected'],
    [{ annual_cost: '' }, [], 'placements.csv: row 3, column annual_cost: there is no value: a cost is needed, so the row is rejected'],
    [{}, ['annual_cost'], 'placements.csv: row 3, column annual_cost: there is no value: a cost is needed, so the row is rejected'],
    [{ annual_cost: null }, [], 'placements.csv: row 3, column annual_cost: there is no value: a cost is needed, so the row is rejected'],
    [{ annual_cost: 'abc' }, [], 'placements.csv: row 3, column annual_cost: "abc" is not a number, so the row is rejected'],
    [{ annual_cost: true }, [], 'placements.csv: row 3, column annual_cost: true is not a number, so the row is rejected'],
    [{ annual_cost: Infinity }, [], 'placements.csv: row 3, column annual_cost: Infinity is not a finite number, so the row is rejected'],
    [
      { annual_cost: '£1,234.50' },
      [],
      'placements.csv: row 3, column annual_cost: "£1,234.50" is not a plain number (currency symbols, thousands separators and brackets are not read yet: write it as 1234.50), so the row is rejected',
    ],
    [
      { annual_cost: '(500)' },
      [],
      'placements.csv: row 3, column annual_cost: "(500)" is not a plain number (currency symbols, thousands separators and brackets are not read yet: write it as -500), so the row is rejected',
    ],
    [
      { annual_cost: '1,5' },
      [],
      'placements.csv: row 3, column annual_cost: "1,5" is not a plain number (currency symbols, thousands separators and brackets are not read yet), so the row is rejected',
    ],
    [{ annual_cost: -5 }, [], 'placements.csv: row 3, column annual_cost: -5 is negative: a cost must be £0 or more, so the row is rejected'],
    [{ annual_cost: '-0.01' }, [], 'placements.csv: row 3, column annual_cost: -0.01 is negative: a cost must be £0 or more, so the row is rejected'],
    [
      { setting: 'Castle' },
      [],
      'placements.csv: row 3, column setting: "Castle" is not a setting we know (use a code such as iss or a DfE label such as "Special - independent"), so the row is rejected',
    ],
    [
      { setting: 'Mainstream - total' },
      [],
      'placements.csv: row 3, column setting: "Mainstream - total" adds up several settings (mainstream, resourced, mainstream_independent): give the placement\'s own setting, so the row is rejected',
    ],
    [{ setting: '' }, [], 'placements.csv: row 3, column setting: there is no value: a setting is needed, so the row is rejected'],
    [
      { primary_need: 'Hungry' },
      [],
      'placements.csv: row 3, column primary_need: "Hungry" is not a primary need we know (use an SEN2 code such as ASD or a label such as "Autistic spectrum disorder"), so the row is rejected',
    ],
    [{ primary_need: 'x' }, [], 'placements.csv: row 3, column primary_need: "x" means not available: a primary need is needed, so the row is rejected'],
    [{ age: 26 }, [], 'placements.csv: row 3, column age: 26 is outside 0–25, the ages EHC plans cover, so the row is rejected'],
    [{ age: -1 }, [], 'placements.csv: row 3, column age: -1 is outside 0–25, the ages EHC plans cover, so the row is rejected'],
    [{ age: '30' }, [], 'placements.csv: row 3, column age: 30 is outside 0–25, the ages EHC plans cover, so the row is rejected'],
    [{ age: 'x' }, [], 'placements.csv: row 3, column age: "x" means not available: an age is needed, so the row is rejected'],
    [{ age: '' }, [], 'placements.csv: row 3, column age: there is no value: an age is needed, so the row is rejected'],
    [{ age: 'twelve' }, [], 'placements.csv: row 3, column age: "twelve" is not a number, so the row is rejected'],
    [{ age: '', ncy: 22 }, [], 'placements.csv: row 3, column ncy: 22 is outside -4 to 21 (ages 0–25 with NCY = age − 4), so the row is rejected'],
    [{ age: '', ncy: '' }, [], 'placements.csv: row 3, column age: there is no value in age or ncy: an age is needed, so the row is rejected'],
    [{ placement_id: 'P1' }, [], 'placements.csv: row 3, column placement_id: "P1" is already used at row 2: each placement needs its own id, so the row is rejected'],
    [{ placement_id: '' }, [], 'placements.csv: row 3, column placement_id: there is no value: a placement id is needed, so the row is rejected'],
    [{ placement_id: { a: 1 } }, [], 'placements.csv: row 3, column placement_id: a value of type object is not text or a number, so the row is rejected'],
    [{ la_code: '' }, [], 'placements.csv: row 3, column la_code: there is no value: an LA code is needed, so the row is rejected'],
    [{ count: 2.5 }, [], 'placements.csv: row 3, column count: 2.5 is not a whole number: count is a number of placements (1 or more), so the row is rejected'],
    [{ count: 0 }, [], 'placements.csv: row 3, column count: 0 is less than 1: count is a number of placements (1 or more), so the row is rejected'],
    [{ count: -3 }, [], 'placements.csv: row 3, column count: -3 is less than 1: count is a number of placements (1 or more), so the row is rejected'],
    [{ count: 'x' }, [], 'placements.csv: row 3, column count: "x" means not available: the number of placements is needed, so the row is rejected'],
  ])('%j (without %j) → %s', (overrides, drop, message) => {
    const { table, issues, rejected } = second(overrides, drop);
    expect(issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([message]);
    expect(table.rowCount).toBe(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].row).toBe(3);
    expect(rejected[0].reasons).toHaveLength(1);
    expect(message.endsWith(rejected[0].reasons[0].slice(rejected[0].reasons[0].indexOf(': ') + 2))).toBe(true);
  });

  it('rejects a row that is not a record, naming column (row)', () => {
    const { issues, rejected, table } = buildTable([good, null as unknown as Record<string, unknown>], { file: 'placements.csv' });
    expect(issues.map(formatIssue)).toEqual(['placements.csv: row 3, column (row): the row is null, not a set of named values, so the row is rejected']);
    expect(rejected).toEqual([{ row: 3, values: {}, reasons: ['(row): the row is null, not a set of named values, so the row is rejected'] }]);
    expect(table.rowCount).toBe(1);
  });

  it('reports every problem of a row, in column order, and keeps its values as given', () => {
    const row = { placement_id: 'P1', la_code: '202', setting: 'Castle', age: 40, primary_need: '??', annual_cost: 'x', extra: 'kept' };
    const { rejected, issues } = buildTable([good, row], { file: 'f.csv' });
    expect(issues.filter((i) => i.row === 3).map((i) => `${i.column}/${i.rule}`)).toEqual([
      'placement_id/duplicate-id',
      'setting/unknown-setting',
      'primary_need/unknown-need',
      'age/age-range',
      'annual_cost/not-available-marker',
    ]);
    expect(rejected[0].values).toBe(row);
    expect(rejected[0].reasons).toHaveLength(5);
  });

  it('names the header text the file used, not the field name', () => {
    const { issues } = buildTable([{ 'Placement ID': 'P1', LA: '202', 'Type of placement': 'ISS', Age: 9, 'Primary need': 'ASD', 'Annual cost': 'x' }], { file: 'f.csv' });
    expect(issues.map(formatIssue)).toEqual(['f.csv: row 2, column Annual cost: "x" means not available: a cost is needed, so the row is rejected']);
  });

  it('rejects every row, with one error on the header, when a required column is missing', () => {
    const { issues, rejected, table } = buildTable(
      [
        { placement_id: 'P1', la_code: '202', setting: 'iss', age: 12, primary_need: 'ASD' },
        { placement_id: 'P2', la_code: '202', setting: 'iss', age: 12, primary_need: 'ASD' },
      ],
      { file: 'f.csv' },
    );
    expect(issues.map(formatIssue)).toEqual(['f.csv: row 1, column annual_cost: there is no such column: every placement needs a cost, so every row is rejected']);
    expect(table.rowCount).toBe(0);
    expect(rejected.map((r) => r.row)).toEqual([2, 3]);
    expect(rejected[0].reasons).toEqual(['annual_cost: there is no such column: every placement needs a cost, so every row is rejected']);
  });

  it('asks for age or ncy when neither column exists', () => {
    const { issues } = buildTable([{ placement_id: 'P1', la_code: '202', setting: 'iss', primary_need: 'ASD', annual_cost: 1 }], { file: 'f.csv' });
    expect(issues.map(formatIssue)).toEqual(['f.csv: row 1, column age: there is no age or ncy column: every placement needs an age, so every row is rejected']);
  });
});

describe('rules that warn and keep the row', () => {
  it.each([
    [{ annual_cost: 0 }, 'placements.csv: row 3, column annual_cost: the cost is £0: kept, but check that this placement really costs the high-needs block nothing'],
    [{ annual_cost: 1500000 }, 'placements.csv: row 3, column annual_cost: 1500000 is more than £1,000,000 a year: kept, but check it'],
    [{ residential: 40 }, 'placements.csv: row 3, column residential: 40 weeks is not 38 (term-time) or 52 (all year): kept as given'],
    [{ la_code: '2020' }, 'placements.csv: row 3, column la_code: "2020" is not a 3-digit DfE LA code (such as 202 for Camden): kept as given'],
    [{ la_code: '909' }, 'placements.csv: row 3, column la_code: "909" is not one of the 153 DfE LA codes in use in January 2025: kept as given'],
    [{ age: 10.5 }, 'placements.csv: row 3, column age: 10.5 is not a whole number of years: taken as 10 (age in completed years)'],
    [{ age: 12, ncy: 7 }, 'placements.csv: row 3, column ncy: NCY 7 means age 11 (NCY = age − 4), but the age column says 12: the age is used'],
    [{ age: '', ncy: 7.5 }, 'placements.csv: row 3, column ncy: 7.5 is not a whole year group: taken as 7 (age 11)'],
    [{ age: 12, ncy: 40 }, 'placements.csv: row 3, column ncy: 40 is outside -4 to 21: the age column is used'],
    [{ governance: 'private' }, 'placements.csv: row 3, column governance: "private" is not la_maintained or academy, so it is left blank'],
    [{ ap_tier: 4 }, 'placements.csv: row 3, column ap_tier: 4 is not an AP tier (1, 2 or 3), so it is left blank'],
    [{ top_up: 'lots' }, 'placements.csv: row 3, column top_up: "lots" is not a number, so it is left blank'],
    [{ top_up: -10 }, 'placements.csv: row 3, column top_up: -10 is negative: kept, but check it'],
    [{ place_funding: 10000, top_up: 50000 }, 'placements.csv: row 3, column annual_cost: place funding 10000 + top-up 50000 = 60000, not the annual cost 63500: the annual cost is used'],
    [{ provider_id: ['a'] }, 'placements.csv: row 3, column provider_id: a list is not text or a number, so it is left blank'],
  ])('%j → %s', (overrides, message) => {
    const { table, issues, rejected } = second(overrides);
    expect(issues.map(formatIssue)).toEqual([message]);
    expect(issues[0].severity).toBe('warning');
    expect(hasErrors(issues)).toBe(false);
    expect(rejected).toEqual([]);
    expect(table.rowCount).toBe(2);
  });

  it('warns once on the header about columns that are not placement fields', () => {
    const { issues, table } = buildTable([{ ...good, Notes: 'a' }, { ...good, placement_id: 'P2', Notes: 'b' }], { file: 'f.csv' });
    expect(issues.map(formatIssue)).toEqual(['f.csv: row 1, column Notes: is not a placement field, so it is ignored']);
    expect(table.rowCount).toBe(2);
    expect(Object.keys(table.columns)).not.toContain('Notes');
  });

  it('warns about a second column for the same field and reads the first', () => {
    const { issues, table } = buildTable([{ ...good, 'Annual cost': 1 }], { file: 'f.csv' });
    expect(issues.map(formatIssue)).toEqual(['f.csv: row 1, column Annual cost: is read as annual_cost, which column annual_cost already gives, so it is ignored']);
    expect(numberColumn(table, 'annual_cost')[0]).toBe(63500);
  });

  it('leaves x, z and c blank in optional fields without a warning', () => {
    const { issues, table } = second({ residential: 'z', top_up: 'c', provider_id: 'x' });
    expect(issues).toEqual([]);
    expect(Number.isNaN(numberColumn(table, 'residential')[1])).toBe(true);
    expect(categoryColumn(table, 'provider_id').codes[1]).toBe(-1);
  });
});

describe('message form', () => {
  it('writes FILE [Sheet]: row N, column C for workbooks, counting rows from firstRow', () => {
    const { issues } = buildTable([{ ...good, annual_cost: 'x' }], { file: 'council.xlsx', sheet: 'Placements', firstRow: 5 });
    expect(issues.map(formatIssue)).toEqual(['council.xlsx [Placements]: row 5, column annual_cost: "x" means not available: a cost is needed, so the row is rejected']);
    expect(issues[0]).toMatchObject({ severity: 'error', file: 'council.xlsx', sheet: 'Placements', row: 5, column: 'annual_cost', rule: 'not-available-marker' });
  });
});

describe('the table it builds', () => {
  const rows = [
    { placement_id: 'A', la_code: '202', setting: 'Special - independent', age: '12', primary_need: 'Autistic Spectrum Disorder', annual_cost: '63500.5', residential: 52, provider_id: 1234 },
    { placement_id: 'B', la_code: 'E09000007', setting: 'PRU', ncy: 7, primary_need: 'semh', annual_cost: 26000, count: '3', governance: 'Academy converter' },
    { placement_id: 7, la_code: 936, setting: 'mainstream', age: 0, primary_need: 'NEED_UNKNOWN', annual_cost: 0 },
  ];
  const { table, sourceRows } = buildTable(rows, { file: 'f.csv' });

  it('reads labels, ONS codes, numeric strings and ncy', () => {
    expect(table.rowCount).toBe(3);
    expect(table.ids).toEqual(['A', 'B', '7']);
    const setting = categoryColumn(table, 'setting');
    expect([0, 1, 2].map((r) => categoryValue(setting, r))).toEqual(['iss', 'ap', 'mainstream']);
    expect(setting.dictionary).toEqual([...SETTING_CODES]);
    const need = categoryColumn(table, 'primary_need');
    expect(need.dictionary).toEqual([...NEED_CODES]);
    expect([0, 1, 2].map((r) => categoryValue(need, r))).toEqual(['ASD', 'SEMH', 'UNK']);
    const la = categoryColumn(table, 'la_code');
    expect([0, 1, 2].map((r) => categoryValue(la, r))).toEqual(['202', '202', '936']);
    expect([...numberColumn(table, 'age')]).toEqual([12, 11, 0]);
    expect([...numberColumn(table, 'annual_cost')]).toEqual([63500.5, 26000, 0]);
    expect([...numberColumn(table, 'count')]).toEqual([1, 3, 1]);
    expect([...sourceRows]).toEqual([2, 3, 4]);
  });

  it('has the six columns always, and optional ones only when the data has them', () => {
    expect(Object.keys(table.columns)).toEqual(['la_code', 'setting', 'primary_need', 'age', 'annual_cost', 'count', 'provider_id', 'residential', 'governance']);
    expect(categoryValue(categoryColumn(table, 'provider_id'), 0)).toBe('1234');
    expect(categoryColumn(table, 'governance').dictionary).toEqual(['academy']);
    const residential = optionalNumberColumn(table, 'residential') as Float64Array;
    expect(residential[0]).toBe(52);
    expect(Number.isNaN(residential[1])).toBe(true);
    expect(optionalNumberColumn(table, 'top_up')).toBeNull();
    expect(optionalCategoryColumn(table, 'band')).toBeNull();
    const minimal = buildTable([good], { file: 'f.csv' }).table;
    expect(Object.keys(minimal.columns)).toEqual(['la_code', 'setting', 'primary_need', 'age', 'annual_cost', 'count']);
  });

  it('throws only on programming errors in column access', () => {
    expect(() => numberColumn(table, 'nope')).toThrow(/no column "nope"/);
    expect(() => numberColumn(table, 'setting')).toThrow(/categories/);
    expect(() => categoryColumn(table, 'age')).toThrow(/numbers/);
    expect(() => numberColumn(table, 'constructor')).toThrow(/no column/);
  });

  it('pages through every column decoded, with placement_id first', () => {
    const paged = asPagedTable(table);
    expect(paged.rowCount).toBe(3);
    expect(paged.columns).toEqual(['placement_id', 'la_code', 'setting', 'primary_need', 'age', 'annual_cost', 'count', 'provider_id', 'residential', 'governance']);
    expect(paged.columns.map((_, c) => paged.cell(1, c))).toEqual(['B', '202', 'ap', 'SEMH', 11, 26000, 3, null, null, 'academy']);
    expect(paged.cell(3, 0)).toBeNull();
    expect(paged.cell(0, 99)).toBeNull();
    expect(tableRows(table, 0, 1)).toEqual([{ placement_id: 'A', la_code: '202', setting: 'iss', primary_need: 'ASD', age: 12, annual_cost: 63500.5, count: 1, provider_id: '1234', residential: 52 }]);
  });

  it('round-trips: the rows of a table build the same table', () => {
    const again = buildTable(tableRows(table), { file: 'f.csv' });
    expect(again.table).toEqual(table);
  });

  it('builds an empty table from no rows, without issues', () => {
    const empty = buildTable([], { file: 'f.csv' });
    expect(empty.table.rowCount).toBe(0);
    expect(empty.issues).toEqual([]);
    expect(Object.keys(empty.table.columns)).toEqual(['la_code', 'setting', 'primary_need', 'age', 'annual_cost', 'count']);
  });
});

const FIELD_NAMES = ['placement_id', 'la_code', 'setting', 'age', 'ncy', 'primary_need', 'annual_cost', 'count', 'residential', 'ap_tier', 'governance', 'top_up', 'provider_id', 'Annual Cost', '__proto__', 'constructor', ''];

/** Every input row ends up exactly once: in the table (by source row) or among the rejected. */
function accountsForEveryRow(n: number, result: { table: PlacementTable; rejected: Array<{ row: number }>; sourceRows: Int32Array }): void {
  expect(result.table.rowCount + result.rejected.length).toBe(n);
  expect(result.sourceRows.length).toBe(result.table.rowCount);
  const seen = new Set<number>();
  for (const r of result.sourceRows) seen.add(r);
  for (const r of result.rejected) {
    expect(seen.has(r.row)).toBe(false);
    seen.add(r.row);
  }
  expect(seen.size).toBe(n);
  for (let i = 0; i < n; i++) expect(seen.has(i + 2)).toBe(true);
  for (const col of Object.values(result.table.columns)) expect(col.kind === 'number' ? col.values.length : col.codes.length).toBe(result.table.rowCount);
}

describe('buildTable never throws and never loses a row (fast-check)', () => {
  it('on arbitrary junk rows', () => {
    const junkRow = fc.oneof(
      { weight: 5, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string()), fc.anything({ withBigInt: true, withDate: true, withMap: true, withTypedArray: true, withNullPrototype: true })) },
      { weight: 1, arbitrary: fc.anything() },
    );
    fc.assert(
      fc.property(fc.array(junkRow, { maxLength: 30 }), (rows) => {
        const result = buildTable(rows as Array<Record<string, unknown>>, { file: 'junk.csv' });
        accountsForEveryRow(rows.length, result);
        for (const i of result.issues) expect(formatIssue(i)).toMatch(/^junk\.csv: row \d+, column .*: .+/);
      }),
      { numRuns: 300 },
    );
  });

  it('on plausible rows with junk mixed into the values', () => {
    const value = fc.oneof(fc.constantFrom('x', 'z', 'c', '', ' ', '£1,000', '-5', '12', '0', 'ISS', 'Autism', '202', 'E09000007', 'NaN', '1e400'), fc.double(), fc.integer(), fc.constant(null), fc.string());
    const row = fc.record({ placement_id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 20 })), la_code: value, setting: value, age: value, ncy: value, primary_need: value, annual_cost: value, count: value }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const result = buildTable(rows, { file: 'f.csv' });
        accountsForEveryRow(rows.length, result);
        // Every rejected row has at least one reason, and every error names a row that was rejected.
        const rejectedRows = new Set(result.rejected.map((r) => r.row));
        for (const r of result.rejected) expect(r.reasons.length).toBeGreaterThan(0);
        for (const i of result.issues) if (i.severity === 'error' && i.row > 1) expect(rejectedRows.has(i.row)).toBe(true);
        // Ids in the table are unique.
        expect(new Set(result.table.ids).size).toBe(result.table.rowCount);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every valid row', () => {
    const validRow = fc.record({
      la_code: fc.constantFrom('202', '936', '801'),
      setting: fc.constantFrom(...SETTING_CODES, 'Special - independent', 'PRU'),
      age: fc.integer({ min: 0, max: 25 }),
      primary_need: fc.constantFrom(...NEED_CODES, 'Autism'),
      annual_cost: fc.double({ min: 0.01, max: 999_999, noNaN: true }),
      count: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(validRow, { maxLength: 40 }), (rows) => {
        const withIds = rows.map((r, i) => ({ placement_id: `P${i}`, ...r }));
        const result = buildTable(withIds, { file: 'f.csv' });
        expect(result.rejected).toEqual([]);
        expect(hasErrors(result.issues)).toBe(false);
        expect(result.table.rowCount).toBe(rows.length);
      }),
      { numRuns: 200 },
    );
  });
});
