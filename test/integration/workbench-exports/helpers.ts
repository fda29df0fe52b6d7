// Reading the workbench exports back: a cell's number (a formula's cached result) and the row a label starts.
import type ExcelJS from 'exceljs';

/** A cell's number: its cached result when it holds a formula. */
export function numberIn(c: ExcelJS.Cell): number {
  const v = c.value as unknown;
  if (typeof v === 'number') return v;
  // A formula's cached result (exceljs's value getter leaves out a result of 0; `result` keeps it).
  if (v && typeof v === 'object' && 'formula' in v) return Number((c as unknown as { result: unknown }).result);
  throw new Error(`${c.address} holds no number: ${JSON.stringify(v)}`);
}

/** The first row whose column A starts with the label. */
export function rowOf(ws: ExcelJS.Worksheet, label: string): number {
  for (let r = 1; r <= ws.rowCount; r++) {
    const v = ws.getCell(r, 1).value;
    if (typeof v === 'string' && v.startsWith(label)) return r;
  }
  throw new Error(`No row "${label}"`);
}
