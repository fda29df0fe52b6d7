// The CSV reader: quotes, doubled quotes, embedded newlines, CRLF, BOM, blank lines and ragged rows.
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvRecords, toCsv } from '../../../models/io/csv';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and newlines', () => {
    const text = '\uFEFFname,note\r\n"Smith, J","said ""hi"""\r\n"a\nb",2\r\n';
    expect(parseCsv(text).cells).toEqual([['name', 'note'], ['Smith, J', 'said "hi"'], ['a\nb', '2']]);
  });
  it('reports an unclosed quote with its row', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n').unclosedQuoteAtRow).toBe(2);
  });
});

describe('readCsvRecords', () => {
  it('keys rows by header, keeps spreadsheet row numbers across blank lines, flags long rows', () => {
    const r = readCsvRecords('id,cost\nP1,100\n\nP2,200,extra\n');
    expect(r.rows).toEqual([
      { row: 2, values: { id: 'P1', cost: '100' } },
      { row: 4, values: { id: 'P2', cost: '200' } },
    ]);
    expect(r.problems).toEqual([{ row: 4, message: 'the row has 3 cells but the header has 2' }]);
  });
  it('round-trips through toCsv', () => {
    const text = toCsv(['id', 'note'], [['P1', 'a, "b"'], ['P2', 3.5]]);
    expect(readCsvRecords(text).rows.map((r) => r.values)).toEqual([{ id: 'P1', note: 'a, "b"' }, { id: 'P2', note: '3.5' }]);
  });
});
