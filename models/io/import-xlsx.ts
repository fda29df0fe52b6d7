/** Reads an .xlsx from bytes with exceljs (in memory: for files up to ~50k rows, and for the browser's worker) into the PlacementImporter; turns exceljs cell values (formulas, rich text, errors, dates) into plain cells. */
import ExcelJS from 'exceljs';
import { EXCEL_MAX_CELL_CHARS, type CellFault, type SheetCell } from './import-values';
import { checkXlsxContainer, DEFAULT_XLSX_LIMITS, type XlsxLimits } from './import-zip';
import { headerScore, HEADER_MIN_FIELDS } from './mapping';
import { PlacementImporter, type ImportOptions, type ImportResult } from './import';

/**
 * Turns an exceljs cell value into a plain cell: a formula gives its saved result (or a fault when there is none),
 * rich text and hyperlinks give their text, an Excel error gives a fault, text longer than Excel allows gives a
 * fault. Dates stay dates (exceljs makes them from date-formatted numbers).
 * @example cellFromExcel({formula: 'B2*2', result: 200}) // 200
 * @example cellFromExcel({formula: 'B2*2'}) // {fault: 'no-result', text: '=B2*2'}
 * @example cellFromExcel({richText: [{text: 'P'}, {text: '6'}]}) // 'P6'
 */
export function cellFromExcel(value: unknown): SheetCell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value.length > EXCEL_MAX_CELL_CHARS ? tooLong(value.length) : value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return { fault: 'unreadable', text: `a value of type ${typeof value}` };
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { fault: 'unreadable', text: 'an invalid date' } : value;
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    if (v.result === undefined || v.result === null) {
      const f = typeof v.formula === 'string' ? v.formula : typeof v.sharedFormula === 'string' ? `(shared from ${v.sharedFormula})` : '';
      return { fault: 'no-result', text: `=${f}` };
    }
    return cellFromExcel(v.result);
  }
  if (Array.isArray(v.richText)) {
    const text = (v.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    return text.length > EXCEL_MAX_CELL_CHARS ? tooLong(text.length) : text;
  }
  if ('hyperlink' in v && 'text' in v) return cellFromExcel(v.text);
  if (typeof v.error === 'string') return { fault: 'excel-error', text: v.error };
  if ('sharedString' in v) return { fault: 'unreadable', text: 'a shared string that was not loaded' };
  return { fault: 'unreadable', text: 'a value exceljs could not describe' };
}

function tooLong(n: number): CellFault {
  return { fault: 'too-long', text: n.toLocaleString('en-GB') };
}

/**
 * The cells of an exceljs row as a plain array (index 0 is column A). Cells inside a merge other than its first are
 * blank, as Excel stores them (exceljs would repeat the first cell's value).
 * @example rowCells(worksheet.getRow(4)) // ['Child ref', 'Pupil name', …, 'Annual cost (£)', null, 'Provider URN']
 */
export function rowCells(row: ExcelJS.Row): SheetCell[] {
  const cells: SheetCell[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (cell.isMerged && cell.master && cell.master.address !== cell.address) return;
    const v = cellFromExcel(cell.value);
    if (v !== null) cells[col - 1] = v;
  });
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
  return cells;
}

/** Whether a sheet has a placement header in its first rows (to choose the sheet to read). */
function sheetHasHeader(ws: ExcelJS.Worksheet, options: ImportOptions, searchRows: number): boolean {
  let seen = 0;
  let found = false;
  const need = options.mapping ? Math.min(HEADER_MIN_FIELDS, Math.max(1, Object.values(options.mapping.fields).filter((v) => typeof v === 'string').length)) : HEADER_MIN_FIELDS;
  ws.eachRow({ includeEmpty: false }, (row) => {
    if (found || seen >= searchRows) return;
    seen++;
    if (headerScore(rowCells(row), options.mapping) >= need) found = true;
  });
  return found;
}

/**
 * Imports placements from .xlsx bytes in memory: the container is checked first (zip bombs, truncation, size
 * limits), then exceljs loads it; the sheet is the one asked for, else the mapping's, else the first visible sheet
 * with a placement header. Merged cells are passed on so a merged header is read as one column.
 * @example const r = await importXlsxBytes(bytes, {file: 'council.xlsx'}); r.sheet // 'Placements'
 */
export async function importXlsxBytes(bytes: Uint8Array, options: ImportOptions & { limits?: Partial<XlsxLimits>; containerChecked?: boolean }): Promise<ImportResult> {
  const fail = (sheet: string | undefined, problem: string): ImportResult => {
    const importer = new PlacementImporter({ ...options, sheet, format: 'xlsx' });
    importer.fail(problem);
    return importer.finish();
  };
  if (!options.containerChecked) {
    const problem = await checkXlsxContainer(bytes, { ...DEFAULT_XLSX_LIMITS, ...options.limits });
    if (problem) return fail(undefined, problem);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares Buffer; a Uint8Array is what JSZip reads, in Node and in browsers.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return fail(undefined, `cannot be read as a workbook (${describeError(e)})`);
  }
  const sheets = workbook.worksheets;
  if (sheets.length === 0) return fail(undefined, 'has no worksheets');
  const wanted = options.sheet;
  const sameName = (s: ExcelJS.Worksheet, name: string) => s.name.trim().toLowerCase() === name.trim().toLowerCase();
  const preferred = options.mapping?.sheet;
  let ws: ExcelJS.Worksheet | undefined = preferred !== undefined && wanted === undefined ? sheets.find((s) => sameName(s, preferred)) : undefined;
  if (ws) {
    // The mapping's sheet, found.
  } else if (wanted !== undefined) {
    ws = sheets.find((s) => sameName(s, wanted));
    if (!ws) return fail(undefined, `has no sheet "${wanted}" (its sheets are ${sheets.map((s) => `"${s.name}"`).join(', ')})`);
  } else {
    const visible = sheets.filter((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
    const pool = visible.length > 0 ? visible : sheets;
    ws = pool.find((s) => sheetHasHeader(s, options, options.headerSearchRows ?? 50)) ?? pool[0];
  }
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  const importer = new PlacementImporter({ ...options, sheet: ws.name, format: 'xlsx', merges });
  try {
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => importer.push(rowNumber, rowCells(row)));
  } catch (e) {
    importer.fail(`cannot be read (${describeError(e)})`);
  }
  return importer.finish();
}

/**
 * An exceljs or JSZip error in words a user can pass on.
 * @example describeError(new Error('Out of bounds. Invalid column letter: BDWGN')) // "…: a cell is beyond Excel's last column, XFD"
 */
export function describeError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/Out of bounds\. Invalid column letter/i.test(message)) return `${message}: a cell is beyond Excel's last column, XFD`;
  if (/end of central directory|Corrupted zip|FILE_ENDED|invalid signature/i.test(message)) return `${message}: the file is cut short or damaged`;
  return message;
}
