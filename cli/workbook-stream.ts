/**
 * Node glue for the results workbook: writes it to a file atomically (a temporary file renamed into place), so a
 * failed or interrupted export never leaves a half-written workbook where the last good one was. The workbook
 * itself (streamed by exceljs's Node build from 50,000 placements) comes from models/io/workbook.ts.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PricingResults } from '../models/io/results';
import { writeResultsWorkbook, STREAMING_THRESHOLD, type WorkbookOptions } from '../models/io/workbook';

/**
 * Writes `results` as an .xlsx file at `path`.
 * @example await writeResultsWorkbookFile(results, 'results.xlsx') // {path: 'results.xlsx', bytes: 482347, streamed: false}
 */
export async function writeResultsWorkbookFile(results: PricingResults, path: string, options: WorkbookOptions = {}): Promise<{ path: string; bytes: number; streamed: boolean }> {
  const bytes = await writeResultsWorkbook(results, options);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
  return { path, bytes: bytes.byteLength, streamed: options.streaming ?? results.placements.rowCount >= STREAMING_THRESHOLD };
}
