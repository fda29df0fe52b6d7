/**
 * A strict CSV reader (RFC 4180: quoted fields, doubled quotes, newlines inside quotes, CRLF or LF, a UTF-8 BOM).
 * It keeps every row with its spreadsheet row number, so messages can point at the line a user sees in Excel.
 */

export interface CsvRecords {
  header: string[];
  /** Data rows as objects keyed by header text, with their spreadsheet row number (header = row 1). */
  rows: Array<{ row: number; values: Record<string, string> }>;
  /** Problems with the file's shape, e.g. an unclosed quote or a row with more cells than the header. */
  problems: Array<{ row: number; message: string }>;
}

/**
 * Splits CSV text into rows of cells.
 * @example parseCsv('a,b\n"x, y",2\n') // [['a', 'b'], ['x, y', '2']]
 */
export function parseCsv(text: string): { cells: string[][]; unclosedQuoteAtRow: number | null } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const cells: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteStartRow = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      quoteStartRow = cells.length + 1;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      cells.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    cells.push(row);
  }
  return { cells, unclosedQuoteAtRow: inQuotes ? quoteStartRow : null };
}

/**
 * Reads CSV text whose first row is the header; blank lines are passed over (and counted in row numbers).
 * @example readCsvRecords('id,cost\nP1,100\n').rows[0] // {row: 2, values: {id: 'P1', cost: '100'}}
 */
export function readCsvRecords(text: string): CsvRecords {
  const { cells, unclosedQuoteAtRow } = parseCsv(text);
  const problems: CsvRecords['problems'] = [];
  if (unclosedQuoteAtRow !== null) problems.push({ row: unclosedQuoteAtRow, message: 'a quoted cell is never closed: the rest of the file is inside it' });
  const header = (cells[0] ?? []).map((h) => h.trim());
  const rows: CsvRecords['rows'] = [];
  for (let r = 1; r < cells.length; r++) {
    const line = cells[r];
    if (line.every((c) => c.trim() === '')) continue;
    if (line.length > header.length) problems.push({ row: r + 1, message: `the row has ${line.length} cells but the header has ${header.length}` });
    const values: Record<string, string> = {};
    header.forEach((h, k) => {
      values[h] = line[k] ?? '';
    });
    rows.push({ row: r + 1, values });
  }
  return { header, rows, problems };
}

/** Quotes a cell when it needs it. @example csvCell('a, b') // '"a, b"' */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** @example toCsv(['a', 'b'], [[1, 'x']]) // 'a,b\r\n1,x\r\n' */
export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
