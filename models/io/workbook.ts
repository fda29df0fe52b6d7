/**
 * Writes the results workbook (layout in workbook-layout.ts) with exceljs: in memory (Node, Electron worker, Web
 * Worker) or, from 50,000 placements where exceljs's Node build is loaded, with its streaming WorkbookWriter.
 * Formulas carry their cached results, so Excel shows values before it recalculates.
 */
import ExcelJS from 'exceljs';
import type { Cell, Style, Worksheet } from 'exceljs';
import type { PricingResults } from './results';
import { resultsWorkbookLayout, columnLetter, type CellLayout, type CellValue, type RowLayout, type SheetLayout, type StyleName, type StyledCell } from './workbook-layout';

export { resultsWorkbookLayout, SHEETS, PLACEMENT_COLUMNS, COHORT_COLUMNS, hasCohorts } from './workbook-layout';

/** From this many placements the streaming writer is used where available (TOOLCHAIN §3(b)). */
export const STREAMING_THRESHOLD = 50_000;

export interface WorkbookOptions {
  /** When the workbook is written, stamped on Provenance (default: now). */
  written?: Date;
  /**
   * true: exceljs's streaming WorkbookWriter (Node only); false: the in-memory workbook (anywhere);
   * default: streaming from STREAMING_THRESHOLD placements when the streaming writer is available.
   */
  streaming?: boolean;
  /** Providers listed one by one on By provider (default: all below the threshold, else the 1,000 largest). */
  maxProviders?: number;
}

const MONEY = '"£"#,##0.00;[Red]-"£"#,##0.00';

/** Shared style objects: exceljs caches a style's id by object identity, which keeps a 640k-row sheet fast. */
const STYLES: Record<StyleName, Partial<Style>> = {
  title: { font: { bold: true, size: 14, color: { argb: 'FF1F3864' } } },
  subtitle: { font: { size: 11, color: { argb: 'FF404040' } } },
  warning: { font: { bold: true, color: { argb: 'FFC00000' } } },
  note: { font: { italic: true, color: { argb: 'FF595959' } } },
  header: { font: { bold: true, color: { argb: 'FFFFFFFF' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E78' } }, alignment: { vertical: 'middle' } },
  headerNumber: { font: { bold: true, color: { argb: 'FFFFFFFF' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E78' } }, alignment: { vertical: 'middle', horizontal: 'right' } },
  section: { font: { bold: true, size: 12, color: { argb: 'FF1F3864' } } },
  text: {},
  textBold: { font: { bold: true } },
  code: {},
  count: { numFmt: '#,##0' },
  countBold: { numFmt: '#,##0', font: { bold: true } },
  money: { numFmt: MONEY },
  moneyBold: { numFmt: MONEY, font: { bold: true } },
  percent: { numFmt: '0.0%' },
  percentBold: { numFmt: '0.0%', font: { bold: true } },
  fraction: { numFmt: '0.00%' },
  multiplier: { numFmt: '0.0000' },
  number: {},
  date: { numFmt: 'yyyy-mm-dd' },
  datetime: { numFmt: 'yyyy-mm-dd hh:mm:ss' },
  countLeft: { numFmt: '#,##0', alignment: { horizontal: 'left' } },
  numberLeft: { alignment: { horizontal: 'left' } },
  dateLeft: { numFmt: 'yyyy-mm-dd', alignment: { horizontal: 'left' } },
  datetimeLeft: { numFmt: 'yyyy-mm-dd hh:mm:ss', alignment: { horizontal: 'left' } },
};

const NUMERIC = new Set<StyleName>(['count', 'countBold', 'money', 'moneyBold', 'percent', 'percentBold', 'fraction', 'multiplier', 'number']);

const isStyled = (c: CellLayout): c is StyledCell => c !== null && typeof c === 'object' && !(c instanceof Date) && 'style' in c;

/**
 * Sets a cell's value and style. exceljs drops a formula's cached result when it is 0 or "" (it copies only
 * truthy results), which would leave a zero total blank until recalculation, so such results are put back.
 */
function setCell(cell: Cell, content: CellLayout, fallback: StyleName | undefined): void {
  const value: CellValue = isStyled(content) ? content.value : content;
  const style = isStyled(content) ? content.style : fallback;
  // An empty text is a styled blank (a header bar's filler): both writers then keep just the style.
  if (value !== null && value !== undefined && value !== '') {
    cell.value = value;
    if (typeof value === 'object' && !(value instanceof Date) && !value.result) {
      (cell as unknown as { _value: { model: { result?: number | string } } })._value.model.result = value.result;
    }
  }
  if (style && style !== 'text' && style !== 'code' && style !== 'number') cell.style = STYLES[style];
}

function writeRow(ws: Worksheet, rowNumber: number, row: RowLayout, stop?: number): ExcelJS.Row {
  const r = ws.getRow(rowNumber);
  row.cells.forEach((c, k) => setCell(r.getCell(k + 1), c, row.style));
  if (stop) r.getCell(stop).value = ' ';
  return r;
}

const viewsOf = (s: SheetLayout): Array<Partial<ExcelJS.WorksheetView>> =>
  s.freeze && (s.freeze.rows > 0 || s.freeze.columns > 0) ? [{ state: 'frozen', xSplit: s.freeze.columns, ySplit: s.freeze.rows, topLeftCell: `${columnLetter(s.freeze.columns + 1)}${s.freeze.rows + 1}` }] : [{}];

/** Printing: landscape, one page wide, as many pages down as needed. */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

const tableRange = (s: SheetLayout, headerAt: number): string =>
  `A${headerAt}:${columnLetter(s.table?.columns.length ?? 1)}${headerAt + Math.max(1, s.table?.rowCount ?? 0)}`;

/** The cells a sheet uses, e.g. "A1:H40". */
function usedRange(s: SheetLayout): string {
  const headerAt = s.top.length + 1;
  const bottom = s.bottom ?? [];
  const lastRow = s.table ? (bottom.length ? headerAt + s.table.rowCount + 1 + bottom.length : headerAt + s.table.rowCount) : s.top.length;
  const widest = Math.max(s.widths.length, s.table?.columns.length ?? 0, ...s.top.map((r) => r.cells.length), ...bottom.map((r) => r.cells.length));
  return `A1:${columnLetter(Math.max(1, widest))}${Math.max(1, lastRow)}`;
}

/** Present in Node, workers and browsers; declared here because the models zone has no DOM or Node types. */
declare const setTimeout: (callback: () => void, ms: number) => unknown;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const ROWS_PER_TASK = 1000;
/** Uncompressed sheet XML allowed to wait for the zip's compressor before writing pauses. */
const BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * Backpressure for a streamed sheet. exceljs pipes the sheet's XML into the zip's compressor without waiting
 * (a national table would pile up ~600 MB of XML there): every ROWS_PER_TASK rows the writer lets the event loop
 * run, and while the compressor holds more than BACKLOG_BYTES it waits for it to catch up.
 */
async function letTheZipCatchUp(ws: Worksheet): Promise<void> {
  // The sink is archiver's PassThrough (readable-stream 2/3, which has no writableLength: read its state).
  type Sink = { writableLength?: number; _writableState?: { length?: number } };
  const sink = (ws as unknown as { stream?: { pipes?: Sink[] } }).stream?.pipes?.[0];
  const backlog = () => sink?.writableLength ?? sink?._writableState?.length ?? 0;
  await wait(0);
  for (let k = 0; k < 10_000 && backlog() > BACKLOG_BYTES; k++) await wait(2);
}

/** Writes one sheet's rows in order (the streaming writer requires it), committing each when streaming. */
async function writeSheet(ws: Worksheet, s: SheetLayout, streaming: boolean): Promise<void> {
  const commit = (r: ExcelJS.Row) => {
    if (streaming) r.commit();
  };
  const stop = s.stopColumn;
  s.top.forEach((row, k) => commit(writeRow(ws, k + 1, row, stop)));
  const headerAt = s.top.length + 1;
  const t = s.table;
  if (t) {
    if (streaming || t.rowCount === 0) commit(writeRow(ws, headerAt, { cells: t.columns.map((c) => ({ value: c.header, style: NUMERIC.has(c.style) ? ('headerNumber' as const) : ('header' as const) })) }, stop));
    else {
      // The table's own store() would copy every value again: give it empty rows of the right number and write
      // the cells here, with their styles and cached results.
      const empty: never[] = [];
      ws.addTable({
        name: t.name, ref: `A${headerAt}`, headerRow: true, totalsRow: false,
        style: { theme: 'TableStyleMedium2', showRowStripes: true },
        columns: t.columns.map((c) => ({ name: c.header, filterButton: true })),
        rows: new Array<never[]>(t.rowCount).fill(empty),
      });
      // Styled as well as the table style, which LibreOffice does not draw.
      const header = ws.getRow(headerAt);
      t.columns.forEach((c, k) => setCell(header.getCell(k + 1), { value: c.header, style: NUMERIC.has(c.style) ? 'headerNumber' : 'header' }, undefined));
      if (stop) header.getCell(stop).value = ' ';
    }
    const out: CellLayout[] = [];
    for (let i = 0; i < t.rowCount; i++) {
      t.row(i, out);
      const r = ws.getRow(headerAt + 1 + i);
      for (let k = 0; k < out.length; k++) setCell(r.getCell(k + 1), out[k], t.columns[k]?.style);
      if (stop) r.getCell(stop).value = ' ';
      commit(r);
      if (streaming && i % ROWS_PER_TASK === ROWS_PER_TASK - 1) await letTheZipCatchUp(ws);
    }
  }
  const bottomAt = headerAt + (t ? t.rowCount : 0) + 2;
  (s.bottom ?? []).forEach((row, k) => commit(writeRow(ws, bottomAt + k, row, stop)));
}

interface StreamingWriter {
  addWorksheet(name: string, options: object): Worksheet;
  commit(): Promise<unknown>;
  stream: { read(): Uint8Array | null };
}
type StreamingWriterClass = new (options: object) => StreamingWriter;

/** exceljs's streaming writer when the Node build is loaded (it is absent from the browser build). */
function streamingWriterClass(): StreamingWriterClass | null {
  const s = (ExcelJS as unknown as { stream?: { xlsx?: { WorkbookWriter?: StreamingWriterClass } } }).stream;
  return s?.xlsx?.WorkbookWriter ?? null;
}

/**
 * Writes the results workbook and returns its bytes (.xlsx). Runs in Node, the Electron worker and a Web Worker.
 * @example
 * const results = buildPricingResults(price(table, rulebook, {date: '2025-04-01'}), {data: 'example-council.csv'});
 * const bytes = await writeResultsWorkbook(results); // Uint8Array, save as results.xlsx
 */
export async function writeResultsWorkbook(results: PricingResults, options: WorkbookOptions = {}): Promise<Uint8Array> {
  const n = results.placements.rowCount;
  const Writer = streamingWriterClass();
  const streaming = options.streaming ?? (n >= STREAMING_THRESHOLD && Writer !== null);
  if (streaming && !Writer) throw new Error('The streaming workbook writer needs exceljs\'s Node build; write in memory instead (streaming: false).');
  const written = options.written ?? new Date();
  const sheets = resultsWorkbookLayout(results, { written, maxProviders: options.maxProviders ?? (n >= STREAMING_THRESHOLD ? 1000 : Infinity), streamed: streaming });

  if (streaming && Writer) {
    // No stream or file given: exceljs collects the zip in memory (its StreamBuf), read back once committed.
    const wb = new Writer({ useStyles: true, useSharedStrings: false, created: written, modified: written, creator: 'High Needs Tariff Modeller' });
    for (const s of sheets) {
      const ws = wb.addWorksheet(s.name, { views: viewsOf(s), pageSetup: PAGE_SETUP, ...(s.table ? { autoFilter: tableRange(s, s.top.length + 1) } : {}) });
      ws.columns = s.widths.map((width) => ({ width }));
      await writeSheet(ws, s, true);
      ws.commit();
    }
    await wb.commit();
    const bytes = wb.stream.read();
    if (!bytes) throw new Error('The streaming workbook writer produced no bytes.');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  const wb = new ExcelJS.Workbook();
  wb.creator = 'High Needs Tariff Modeller';
  wb.created = written;
  wb.modified = written;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: viewsOf(s), pageSetup: PAGE_SETUP });
    s.widths.forEach((w, k) => {
      ws.getColumn(k + 1).width = w;
    });
    await writeSheet(ws, s, false);
    // A print area stops long overflowing text (sources, notes) from widening the printed page.
    ws.pageSetup.printArea = usedRange(s);
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
