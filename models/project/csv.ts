/**
 * The CSV of a project's embedded data: a fast shape check (is the header what the project says, does every row
 * have that many cells?) and, only when it fails, a rewrite that keeps exactly the declared columns. A check that
 * allocates nothing per cell keeps autosave of a 640k-row table cheap; the rewrite is the safety net that makes a
 * stray column (say, a dropped UPN) impossible to write.
 */

/** Quotes a cell when RFC 4180 requires it. @example csvCell('a,b') // '"a,b"' */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** @example csvLine(['id', 'cost']) // 'id,cost' */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/**
 * CSV text from a header and rows (each row as many cells as the header; shorter rows are padded, longer cut).
 * @example toCsv(['id', 'cost'], [['P1', '100']]) // 'id,cost\nP1,100\n'
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const out: string[] = [csvLine(header)];
  for (const row of rows) out.push(csvLine(header.map((_, k) => row[k] ?? '')));
  return out.join('\n') + '\n';
}

/**
 * Splits CSV text into records of cells (quoted fields, doubled quotes, CRLF or LF, a leading BOM). Blank lines are
 * kept as records of one empty cell so a caller can decide about them.
 * @example parseCsvCells('a,b\n"x, y",2\n') // [['a', 'b'], ['x, y', '2']]
 */
export function parseCsvCells(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export interface CsvShape {
  header: string[];
  /** Data records (blank lines not counted). */
  rows: number;
  /** True when every data record has exactly as many cells as the header and no quote is left open. */
  regular: boolean;
}

/**
 * Reads the header and checks every record's cell count in one pass, without building the cells.
 * @example csvShape('id,cost\nP1,100\n') // {header: ['id', 'cost'], rows: 1, regular: true}
 */
export function csvShape(text: string): CsvShape {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The header is parsed properly (it may be quoted); it ends at the first newline outside quotes.
  let quoted = false;
  let end = start;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) break;
  }
  const header = parseCsvCells(text.slice(start, end))[0] ?? [];
  if (quoted) return { header, rows: 0, regular: false };
  let rows = 0;
  let regular = true;
  let cells = 1;
  let blank = true;
  quoted = false;
  // Step over the header's line ending (CRLF or LF) before counting data records.
  let i = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      quoted = !quoted;
      blank = false;
    } else if (quoted) continue;
    else if (c === 44) {
      cells++;
      blank = false;
    } else if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (!blank) {
        rows++;
        if (cells !== header.length) regular = false;
      }
      cells = 1;
      blank = true;
    } else blank = false;
  }
  if (!blank) {
    rows++;
    if (cells !== header.length) regular = false;
  }
  if (quoted) regular = false;
  return { header, rows, regular };
}

/**
 * Keeps only `keep` columns, in that order, from CSV text; blank lines are dropped and every row gets exactly
 * those cells. Columns of `keep` missing from the text come out empty.
 * @example selectCsvColumns('id,upn,cost\nP1,A123,100\n', ['id', 'cost']) // 'id,cost\nP1,100\n'
 */
export function selectCsvColumns(text: string, keep: readonly string[]): string {
  const records = parseCsvCells(text);
  const header = records[0] ?? [];
  const index = keep.map((name) => header.indexOf(name));
  const rows: string[][] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    // A blank line, as csvShape counts it: not a row.
    if (record.length === 1 && record[0] === '') continue;
    rows.push(index.map((k) => (k >= 0 ? (record[k] ?? '') : '')));
  }
  return toCsv(keep, rows);
}
