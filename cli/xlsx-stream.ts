/** Large workbooks in Node: exceljs's streaming reader feeds the same PlacementImporter as the in-memory path (bounded memory at 640k rows), and a streaming writer for large rejected-rows exports; files are written atomically. */
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { RejectedRow } from '../models/data/table';
import { PlacementImporter, importCsvBytes, type ImportOptions, type ImportResult } from '../models/io/import';
import { cellFromExcel, describeError, importXlsxBytes } from '../models/io/import-xlsx';
import { checkXlsxContainer, DEFAULT_XLSX_LIMITS, sniffFile, type InflatedSize, type XlsxLimits } from '../models/io/import-zip';
import { rejectedSheet, writeRejectedWorkbook } from '../models/io/import-rejected';
import type { SheetCell } from '../models/io/import-values';

/** Workbooks up to this size are read in memory (merged header cells are then known); larger ones are streamed. */
export const IN_MEMORY_MAX_BYTES = 4_000_000;

/** Rejected rows up to this many are written in memory; more are streamed (the in-memory writer needs ~8 KB a row). */
export const REJECTED_IN_MEMORY_MAX_ROWS = 50_000;

/**
 * The reader options of the streaming path. Styles are read so date-formatted cells arrive as dates (dates of birth
 * are recognised by content); shared strings are cached, as exceljs requires to resolve them.
 */
export const STREAM_READER_OPTIONS = { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' } as const;

/**
 * A streamed row's cells as a plain array (index 0 is column A; exceljs's `row.values` starts at 1). exceljs makes a
 * new `values` array on every read, so it is reused in place rather than copied (640k rows make a lot of garbage).
 * @example streamedCells([undefined, 'P1', {formula: 'B2*2', result: 4}]) // ['P1', 4]
 */
export function streamedCells(values: unknown): SheetCell[] {
  if (!Array.isArray(values) || values.length === 0) return [];
  values.shift();
  for (let i = 0; i < values.length; i++) values[i] = cellFromExcel(values[i]);
  return values as SheetCell[];
}

/**
 * Counts a deflated part's bytes with node:zlib (about twice as fast as DecompressionStream), stopping past `limit`.
 * @example await zlibInflatedSize(deflateRawSync(Buffer.from('abc')), 10) // 3
 */
export const zlibInflatedSize: InflatedSize = (data, limit) =>
  new Promise((resolve) => {
    let total = 0;
    let done = false;
    const z = createInflateRaw({ chunkSize: 1 << 20 });
    const finish = (v: number | string) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    z.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        finish(-1);
        z.destroy();
      }
    });
    z.on('end', () => finish(total));
    z.on('error', (e) => finish(e.message));
    z.end(data);
  });

type StreamSheet = AsyncIterable<{ number: number; values: unknown }> & { name?: string; state?: string };

/**
 * Streams an .xlsx's rows into the importer, sheet by sheet: the sheet asked for, else the first visible sheet whose
 * first rows hold a placement header (others are skipped as soon as the header search fails); when none has one, the
 * first sheet is read again and reported as it is. Check the container first (checkXlsxContainer): this does not.
 * @example const r = await streamXlsx('national.xlsx', {file: 'national.xlsx'}); r.table.rowCount // 640000
 */
export async function streamXlsx(source: Uint8Array | string, options: ImportOptions): Promise<ImportResult> {
  const wanted = options.sheet;
  const preferred = options.mapping?.sheet?.trim().toLowerCase();
  const names: string[] = [];
  let chosen: PlacementImporter | null = null;
  let failure: PlacementImporter | null = null;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(readerInput(source), STREAM_READER_OPTIONS);
  try {
    for await (const sheet of reader as unknown as AsyncIterable<StreamSheet>) {
      const name = sheet.name ?? `Sheet${names.length + 1}`;
      names.push(name);
      if (wanted !== undefined ? name.trim().toLowerCase() !== wanted.trim().toLowerCase() : sheet.state === 'hidden' || sheet.state === 'veryHidden') continue;
      // The sheet asked for, or the mapping's sheet when it comes along, is read whatever its header looks like.
      const fixed = wanted !== undefined || (preferred !== undefined && name.trim().toLowerCase() === preferred);
      const importer = new PlacementImporter({ ...options, sheet: name, format: 'xlsx' });
      let skipped = false;
      try {
        for await (const row of sheet) {
          importer.push(row.number, streamedCells(row.values));
          if (!fixed && importer.headerQuality !== 'pending' && importer.headerQuality !== 'good') {
            skipped = true;
            break;
          }
        }
      } catch (e) {
        importer.fail(`cannot be read (${describeError(e)})`);
        failure = importer;
        break;
      }
      if (!skipped && (fixed || importer.headerQuality === 'good')) {
        chosen = importer;
        break;
      }
    }
  } catch (e) {
    const importer = new PlacementImporter({ ...options, sheet: names[names.length - 1], format: 'xlsx' });
    importer.fail(`cannot be read (${describeError(e)})`);
    return importer.finish();
  }
  if (failure) return failure.finish();
  if (chosen) return chosen.finish();
  if (wanted !== undefined) {
    const importer = new PlacementImporter({ ...options, format: 'xlsx' });
    importer.fail(`has no sheet "${wanted}" (its sheets are ${names.map((n) => `"${n}"`).join(', ')})`);
    return importer.finish();
  }
  if (names.length === 0) {
    const importer = new PlacementImporter({ ...options, format: 'xlsx' });
    importer.fail('has no worksheets');
    return importer.finish();
  }
  // No sheet has a clear header: read the first one in full, so its rows are reported (and rejected) as they are.
  return streamXlsxSheet(source, names[0], options);
}

/** A file path is streamed from disk (so the file's bytes need not stay in memory); bytes are streamed as they are. */
function readerInput(source: Uint8Array | string): string | Readable {
  return typeof source === 'string' ? source : Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)]);
}

async function streamXlsxSheet(source: Uint8Array | string, name: string, options: ImportOptions): Promise<ImportResult> {
  const importer = new PlacementImporter({ ...options, sheet: name, format: 'xlsx' });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(readerInput(source), STREAM_READER_OPTIONS);
  try {
    for await (const sheet of reader as unknown as AsyncIterable<StreamSheet>) {
      if ((sheet.name ?? '') !== name) continue;
      for await (const row of sheet) importer.push(row.number, streamedCells(row.values));
      break;
    }
  } catch (e) {
    importer.fail(`cannot be read (${describeError(e)})`);
  }
  return importer.finish();
}

/**
 * Imports a placement file from disk: .xlsx (checked for zip bombs and truncation first; in memory when small, else
 * streamed) or .csv (any encoding the importer knows).
 * @example const r = await importFile('council.xlsx', {file: 'council.xlsx'}); r.table.rowCount
 */
export async function importFile(path: string, options: ImportOptions & { limits?: Partial<XlsxLimits>; inMemoryMaxBytes?: number }): Promise<ImportResult> {
  // A Buffer is a Uint8Array: no copy. It is let go before streaming, which reads the file again from disk.
  let bytes: Uint8Array | null = await readFile(path);
  if (!/\.(xlsx|xlsm)$/i.test(path) && sniffFile(bytes) === 'other') return importCsvBytes(bytes, options);
  const problem = await checkXlsxContainer(bytes, { ...DEFAULT_XLSX_LIMITS, ...options.limits }, zlibInflatedSize);
  if (problem) {
    const importer = new PlacementImporter({ ...options, format: 'xlsx' });
    importer.fail(problem);
    return importer.finish();
  }
  if (bytes.length <= (options.inMemoryMaxBytes ?? IN_MEMORY_MAX_BYTES)) return importXlsxBytes(bytes, { ...options, containerChecked: true });
  bytes = null;
  return streamXlsx(path, options);
}

/**
 * Writes a file so that it is either wholly there or not at all: beside it first, then renamed over it.
 * @example await writeFileAtomic('table.csv', csvText)
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Writes the rejected rows as .xlsx (atomically): in memory when there are few, streamed when there are many.
 * @example await writeRejectedFile('rejected.xlsx', result.rejected, result.rejectedColumns, 'council.xlsx')
 */
export async function writeRejectedFile(path: string, rejected: readonly RejectedRow[], columns: readonly string[], file: string): Promise<void> {
  if (rejected.length <= REJECTED_IN_MEMORY_MAX_ROWS) {
    await writeFileAtomic(path, await writeRejectedWorkbook(rejected, columns, { file }));
    return;
  }
  const sheet = rejectedSheet(rejected, columns, file);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: false, useStyles: true });
    const ws = workbook.addWorksheet('Rejected rows', { views: [{ state: 'frozen', ySplit: 1 }] });
    const head = ws.addRow(sheet.header);
    head.font = { bold: true };
    head.commit();
    for (const r of sheet.rows) ws.addRow(r).commit();
    ws.commit();
    await workbook.commit();
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
