// Reads the DfE files in ../shared/data for tests (UTF-8 with BOM, quoted fields with commas).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SHARED_DATA = path.resolve(process.cwd(), '../shared/data');

/** Parses CSV text into a header and rows of strings (RFC 4180 quoting). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') out.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return { header: out[0] ?? [], rows: out.slice(1) };
}

/** Reads a shared data file as records keyed by header. */
export function readSharedCsv(relative: string): { header: string[]; records: Array<Record<string, string>> } {
  const file = path.join(SHARED_DATA, relative);
  if (!existsSync(file)) throw new Error(`Shared data file not found: ${file} (tests expect ../shared/data beside the repo).`);
  const { header, rows } = parseCsv(readFileSync(file, 'utf8'));
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/** Only the header line of a (possibly large) shared CSV. */
export function readSharedHeader(relative: string): string[] {
  const text = readFileSync(path.join(SHARED_DATA, relative), 'utf8');
  const firstLine = text.slice(0, text.search(/\r?\n/));
  return parseCsv(firstLine).header;
}
