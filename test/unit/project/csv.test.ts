// The embedded-data CSV: writing, reading, the allocation-free shape check, and keeping only the declared columns.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvShape, parseCsvCells, selectCsvColumns, toCsv } from '../../../models/project/csv';
import { keptCsv } from '../../../models/project/validate';

describe('toCsv and parseCsvCells', () => {
  it('quotes commas, quotes and newlines, and reads them back', () => {
    const text = toCsv(['id', 'note'], [['P1', 'a, b'], ['P2', 'said "hi"'], ['P3', 'two\nlines']]);
    expect(text).toBe('id,note\nP1,"a, b"\nP2,"said ""hi"""\nP3,"two\nlines"\n');
    expect(parseCsvCells(text)).toEqual([['id', 'note'], ['P1', 'a, b'], ['P2', 'said "hi"'], ['P3', 'two\nlines']]);
  });

  it('round-trips any cells (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', 'é', '£') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 6 }), (n, rows) => {
        const header = ['a', 'b', 'c', 'd'].slice(0, n);
        const cut = rows.map((r) => r.slice(0, n)).filter((r) => !(r.length === 1 && r[0] === ''));
        const parsed = parseCsvCells(toCsv(header, cut));
        expect(parsed).toEqual([header, ...cut]);
        expect(csvShape(toCsv(header, cut))).toEqual({ header, rows: cut.length, regular: true });
      }),
    );
  });
});

describe('csvShape', () => {
  it.each([
    ['LF', 'id,cost\nP1,100\nP2,200\n', 2, true],
    ['CRLF', 'id,cost\r\nP1,100\r\nP2,200\r\n', 2, true],
    ['no final newline', 'id,cost\nP1,100', 1, true],
    ['blank lines are not rows', 'id,cost\n\nP1,100\n\n', 1, true],
    ['a BOM', '\uFEFFid,cost\nP1,100\n', 1, true],
    ['a quoted comma and newline', 'id,cost\n"P,1","1\n00"\n', 1, true],
    ['a row with an extra cell', 'id,cost\nP1,100,A123\n', 1, false],
    ['a row with a missing cell', 'id,cost\nP1\n', 1, false],
    ['an unclosed quote', 'id,cost\n"P1,100\n', 1, false],
  ])('%s', (_name, text, rows, regular) => {
    const shape = csvShape(text);
    expect(shape.header).toEqual(['id', 'cost']);
    expect(shape.rows).toBe(rows);
    expect(shape.regular).toBe(regular);
  });
});

describe('keeping only the declared columns', () => {
  it('selectCsvColumns keeps the named columns in the given order and drops everything else', () => {
    expect(selectCsvColumns('id,upn,cost\nP1,A123,100\n\nP2,B456,200\n', ['cost', 'id'])).toBe('cost,id\n100,P1\n200,P2\n');
  });

  it('keptCsv leaves regular CSV with the right header untouched (same string, no copy)', () => {
    const csv = 'id,cost\nP1,100\n';
    expect(keptCsv(csv, ['id', 'cost'], []).csv).toBe(csv);
  });

  it('keptCsv removes a dropped column even when the header still lists it', () => {
    expect(keptCsv('id,upn,cost\nP1,A123,100\n', ['id', 'upn', 'cost'], ['upn'])).toEqual({ csv: 'id,cost\nP1,100\n', columns: ['id', 'cost'] });
  });

  it('keptCsv removes a column that is in the text but not declared, and stray cells beyond the header', () => {
    expect(keptCsv('id,cost,upn\nP1,100,A123\n', ['id', 'cost'], []).csv).toBe('id,cost\nP1,100\n');
    expect(keptCsv('id,cost\nP1,100,A123\n', ['id', 'cost'], []).csv).toBe('id,cost\nP1,100\n');
  });
});
