/** Rejected rows written back out as a workbook a finance officer can fix and re-import: their original values (dropped columns never included) and a reason column. */
import ExcelJS from 'exceljs';
import type { RejectedRow } from '../data/table';
import { displayCell, EXCEL_MAX_CELL_CHARS, isFault, isoDate } from './import-values';

/** What a rejected-rows sheet holds: one header line and one line per rejected row. */
export interface RejectedSheet {
  header: string[];
  rows: Array<Array<string | number | boolean | Date | null>>;
}

/** Text that fits in one Excel cell; longer text is cut and says so (the original could not be written anyway). */
function fit(s: string): string {
  if (s.length <= EXCEL_MAX_CELL_CHARS) return s;
  const note = ` … (${s.length.toLocaleString('en-GB')} characters in all: cut to fit an Excel cell)`;
  return s.slice(0, EXCEL_MAX_CELL_CHARS - note.length) + note;
}

function cellOut(v: unknown): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return fit(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (isFault(v)) return fit(displayCell(v));
  return fit(String(v));
}

/**
 * The rejected rows as sheet lines: the given columns (the import's `rejectedColumns`, which never include dropped
 * columns — and only those columns are written, whatever a row carries), then "Reason" and the row it came from.
 * @example
 * rejectedSheet([{row: 7, values: {Ref: 'P3', Cost: 'x'}, reasons: ['Cost: "x" means not available …']}], ['Ref', 'Cost'], 'council.xlsx')
 * // {header: ['Ref', 'Cost', 'Reason', 'Row in council.xlsx'], rows: [['P3', 'x', 'Cost: "x" means not available …', 7]]}
 */
export function rejectedSheet(rejected: readonly RejectedRow[], columns: readonly string[], file: string): RejectedSheet {
  const reasonName = columns.includes('Reason') ? 'Reason (import)' : 'Reason';
  const header = [...columns, reasonName, `Row in ${file}`];
  const rows = rejected.map((r) => [...columns.map((c) => cellOut(Object.prototype.hasOwnProperty.call(r.values, c) ? r.values[c] : null)), fit(r.reasons.join('; ')), r.row]);
  return { header, rows };
}

/**
 * Writes rejected rows as an .xlsx (in memory: for up to ~50k rejected rows; the CLI streams more). Sheet
 * "Rejected rows": a bold frozen header, the original values, the reason and the source row. Dates keep a date format.
 * @example const bytes = await writeRejectedWorkbook(result.rejected, result.rejectedColumns, {file: 'council.xlsx'});
 */
export async function writeRejectedWorkbook(rejected: readonly RejectedRow[], columns: readonly string[], options: { file: string; sheet?: string }): Promise<Uint8Array> {
  const sheet = rejectedSheet(rejected, columns, options.file);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'High Needs Tariff Modeller';
  const ws = workbook.addWorksheet('Rejected rows', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(sheet.header).font = { bold: true };
  for (const r of sheet.rows) {
    const row = ws.addRow(r);
    r.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  ws.columns.forEach((c, i) => {
    c.width = i === sheet.header.length - 2 ? 80 : Math.min(40, Math.max(10, (sheet.header[i] ?? '').length + 2));
  });
  const buffer = await workbook.xlsx.writeBuffer();
  const view = buffer as unknown as Uint8Array;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** @example rejectedText({fault: 'excel-error', text: '#N/A'}) // '#N/A' */
export function rejectedText(v: unknown): string {
  const out = cellOut(v);
  return out === null ? '' : out instanceof Date ? isoDate(out) : String(out);
}
