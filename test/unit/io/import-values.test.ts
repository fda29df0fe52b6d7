// The importer's value readers and text decoding: money text read without guessing, markers, year groups, dates, encodings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readMoney, readYearGroup, dfeMarker, readDateText, excelSerialToDate, columnLetter, columnIndex, cleanText } from '../../../models/io/import-values';
import { decodeText, decodeWindows1252, firstInvalidUtf8 } from '../../../models/io/import-encoding';
import { windows1252 } from '../../fixtures/import/make-fixtures';

describe('readMoney', () => {
  it.each([
    ['£12,345.00', 12345],
    ['(1,200)', -1200],
    ['12,345', 12345],
    ['£ 1,234', 1234],
    ['12345.50', 12345.5],
    ['-£5', -5],
    ['£-5', -5],
    ['\u2212£5.25', -5.25],
    ['(£1,200.50)', -1200.5],
    ['1,234 GBP', 1234],
    ['GBP 1,234', 1234],
    ['\u00a0£63,500\u00a0', 63500],
    ['0', 0],
    ['.5', 0.5],
    ['1,234,567.89', 1234567.89],
  ])('reads %j as %d', (text, value) => {
    expect(readMoney(text)).toBe(value);
  });

  it.each(['12,34', '1.234,5', '0,123', '12k', 'twelve', '£', '', '--5', '-(5)', '(-5)', '$5', '€5', '1,2345', '12 345', '5%', '1.2.3', 'x'])('refuses %j rather than guess', (text) => {
    expect(readMoney(text)).toBeNull();
  });

  it('reads every amount written with £, thousands separators and pence back to the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_99 }), fc.boolean(), (pence, bracket) => {
        const pounds = Math.floor(pence / 100);
        const text = `£${pounds.toLocaleString('en-GB')}.${String(pence % 100).padStart(2, '0')}`;
        const value = readMoney(bracket ? `(${text})` : text);
        expect(value).toBeCloseTo((bracket ? -1 : 1) * (pence / 100), 6);
      }),
    );
  });

  it('never reads text with letters (other than GBP) as a number', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /[a-fh-zA-FH-Z]/.test(s.replace(/gbp/gi, ''))), (s) => {
        expect(readMoney(s)).toBeNull();
      }),
    );
  });
});

describe('markers, year groups, dates, columns', () => {
  it.each([
    ['x', 'x'],
    ['X', 'x'],
    ['[c]', 'c'],
    ['z', 'z'],
    ['xx', null],
    ['[y]', null],
  ])('dfeMarker(%j) is %j', (text, marker) => expect(dfeMarker(text)).toBe(marker));

  it.each([
    ['Year 7', 7],
    ['Y11', 11],
    ['yr 3', 3],
    ['R', 0],
    ['Reception', 0],
    ['N1', -2],
    ['N2', -1],
    ['12', 12],
    ['-1', -1],
    ['Year seven', null],
  ])('readYearGroup(%j) is %j', (text, n) => expect(readYearGroup(text)).toBe(n));

  it('reads UK day-first and ISO dates, refuses impossible ones', () => {
    expect(readDateText('03/05/2012')?.toISOString().slice(0, 10)).toBe('2012-05-03');
    expect(readDateText('2012-05-03')?.toISOString().slice(0, 10)).toBe('2012-05-03');
    expect(readDateText('3.5.12')?.toISOString().slice(0, 10)).toBe('2012-05-03');
    expect(readDateText('31/02/2012')).toBeNull();
    expect(readDateText('12345')).toBeNull();
  });

  it('turns Excel serial numbers into dates (1900 and 1904 systems)', () => {
    expect(excelSerialToDate(45658).toISOString().slice(0, 10)).toBe('2025-01-01');
    expect(excelSerialToDate(1, true).toISOString().slice(0, 10)).toBe('1904-01-02');
  });

  it('names columns as a spreadsheet does, both ways', () => {
    for (const [i, l] of [[0, 'A'], [25, 'Z'], [26, 'AA'], [701, 'ZZ'], [16383, 'XFD']] as const) {
      expect(columnLetter(i)).toBe(l);
      expect(columnIndex(l)).toBe(i);
    }
    expect(columnIndex('1A')).toBe(-1);
  });

  it('cleans non-breaking and thin spaces', () => {
    expect(cleanText('\u00a0 ASD\u2009')).toBe('ASD');
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const plain = new TextEncoder().encode('Coût,£5\n');
    expect(decodeText(plain)).toEqual({ text: 'Coût,£5\n', encoding: 'utf-8', note: null });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeText(bom)).toEqual({ text: 'Coût,£5\n', encoding: 'utf-8 with BOM', note: null });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, and says where', () => {
    const bytes = windows1252('id,cost\r\nP1,£5 – “ok” €\r\n');
    const d = decodeText(bytes);
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('id,cost\r\nP1,£5 – “ok” €\r\n');
    expect(d.note).toMatch(/not UTF-8 \(byte 0xA3 on line 2\).*Windows-1252/);
  });

  it('decodes Windows-1252 by table, not as Latin-1 (0x80 is €)', () => {
    expect(decodeWindows1252(new Uint8Array([0x80, 0x92, 0x96, 0xa3, 0xe9]))).toBe('€’–£é');
  });

  it('reads UTF-16 with a BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x41, 0, 0xa3, 0]);
    expect(decodeText(le)).toMatchObject({ text: 'A£', encoding: 'utf-16le' });
  });

  it('finds the first byte that breaks UTF-8, agreeing with the WHATWG decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) < 0).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
