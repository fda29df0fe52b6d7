/** The placement importer: messy council sheets (title blocks, synonyms, £ text, total rows, personal data) in, a checked placement table out — row by row, so the same core serves CSV, in-memory xlsx and the streaming reader. */
import { buildTable, type DataIssue, type PlacementField, type PlacementTable, type RejectedRow } from '../data/table';
import { labelKey } from '../vocab/aliases';
import { NCY_OFFSET } from '../vocab/phases';
import { parseCsv } from './csv';
import { decodeText, type TextEncodingName } from './import-encoding';
import { TableAccumulator } from './import-table';
import {
  cleanText,
  columnIndex,
  columnLetter,
  dfeMarker,
  EXCEL_MAX_CELL_CHARS,
  EXCEL_MAX_COLUMNS,
  isFault,
  isoDate,
  readMoney,
  readYearGroup,
  type SheetCell,
} from './import-values';
import { sniffFile } from './import-zip';
import { HEADER_MIN_FIELDS, headerScore, headerText, mapColumns, templateFromColumns, type MappedColumn, type MappingTemplate } from './mapping';
import { detectPersonalData, PERSONAL_DATA_WORDS, type PersonalDataFlag } from './personal-data';

export type { SheetCell } from './import-values';
export type { MappingTemplate, MappedColumn } from './mapping';
export type { PersonalDataFlag } from './personal-data';

export interface ImportOptions {
  /** File name used in every message. */
  file: string;
  /** Worksheet to read (workbooks); default: the mapping's sheet if the workbook has it, else the first visible sheet with a placement header. */
  sheet?: string;
  /** A saved or edited mapping: its fields win over automatic matching. */
  mapping?: MappingTemplate;
  /** What to do with columns that look like personal data: drop them (default) or keep them. */
  personalData?: 'drop' | 'keep';
  /** NCY offset (age = ncy + offset); default NCY_OFFSET.value = 4. */
  ncyOffset?: number;
  /** The date ages of birth dates are judged on (default: now). */
  today?: Date;
  /** Rows built into the table at a time; smaller uses less memory (default 16,384). */
  chunkRows?: number;
  /** Non-blank rows searched for the header (default 50). */
  headerSearchRows?: number;
  /** Data rows sampled to judge columns by content (default 500). */
  sampleRows?: number;
}

export interface ImportCounts {
  /** Rows below the header that hold something (blank and total rows excluded). */
  dataRows: number;
  accepted: number;
  rejected: number;
  /** Blank rows below the header, skipped. */
  blankRows: number;
  /** Rows read as totals or subtotals, left out (each has a warning). */
  totalRows: number;
  /** Non-blank rows above the header (a title block or notes), not read. */
  aboveHeader: number;
}

export interface ImportResult {
  file: string;
  /** The worksheet read, for workbooks. */
  sheet?: string;
  format: 'xlsx' | 'csv';
  /** The text encoding, for CSV files. */
  encoding?: TextEncodingName;
  table: PlacementTable;
  /** Per table row, its spreadsheet row. */
  sourceRows: Int32Array;
  /** Every problem, in row order, each naming file, sheet, row and column. */
  issues: DataIssue[];
  /** Rows not used: their values by column (dropped columns left out) and every reason. */
  rejected: RejectedRow[];
  /** The columns of `rejected` values, in sheet order (dropped columns left out). */
  rejectedColumns: string[];
  /** The mapping used, as a template that can be saved and reused. */
  mapping: MappingTemplate;
  header: { row: number; columns: MappedColumn[] };
  personalData: PersonalDataFlag[];
  counts: ImportCounts;
  /** A problem with the whole file that stopped the import (e.g. not a workbook), or null. */
  fatal: string | null;
}

/** How each field's cells are read. */
const FIELD_READER: Record<PlacementField, 'id' | 'text' | 'number' | 'ncy'> = {
  placement_id: 'id',
  la_code: 'text',
  setting: 'text',
  age: 'number',
  ncy: 'ncy',
  primary_need: 'text',
  annual_cost: 'number',
  provider_id: 'text',
  provider_name: 'text',
  band: 'text',
  place_funding: 'number',
  top_up: 'number',
  count: 'number',
  need_score: 'number',
  residential: 'number',
  ap_tier: 'number',
  governance: 'text',
};

const REQUIRED: ReadonlyArray<[PlacementField, string]> = [
  ['la_code', 'an LA code'],
  ['setting', 'a setting'],
  ['primary_need', 'a primary need'],
  ['annual_cost', 'a cost'],
];

/** Excel's last row: a workbook claiming rows beyond it was not written by Excel. */
const EXCEL_MAX_ROWS = 1_048_576;

/**
 * A cell that could not be read: the row object carries this in its place, so buildTable rejects the row (or blanks an
 * optional value) and the importer then puts its own, exact message on that issue.
 */
const UNREADABLE: Readonly<Record<string, never>> = Object.freeze({});

interface CellProblem {
  rule: string;
  why: string;
}

/** How a value is quoted in a message: text in double quotes, shortened. */
function quote(text: string): string {
  const s = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  return `"${s}"`;
}

function faultProblem(v: SheetCell & object): CellProblem {
  if (isFault(v)) {
    switch (v.fault) {
      case 'excel-error':
        return { rule: 'excel-error', why: `the cell shows the Excel error ${v.text}` };
      case 'no-result':
        return { rule: 'formula-without-result', why: `the formula ${v.text} has no saved result (the workbook was saved without calculating it): open it in Excel, let it calculate and save it again` };
      case 'too-long':
        return { rule: 'cell-too-long', why: `the cell holds ${v.text} characters, more than Excel allows in a cell (${EXCEL_MAX_CELL_CHARS.toLocaleString('en-GB')})` };
      default:
        return { rule: 'unreadable', why: `the cell cannot be read (${v.text})` };
    }
  }
  if (v instanceof Date) return { rule: 'date-not-value', why: `${isoDate(v)} is a date` };
  return { rule: 'unreadable', why: 'the cell cannot be read' };
}

type ReadResult = string | number | null | CellProblem;

/** Text fields: trimmed text; numbers as written; markers in brackets unbracketed; anything else is a problem. */
function readTextCell(v: SheetCell | undefined): ReadResult {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = cleanText(v);
    if (t === '') return null;
    return dfeMarker(t) ?? t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return { rule: 'not-text', why: `${v ? 'TRUE' : 'FALSE'} is a yes/no value, not text` };
  const p = faultProblem(v);
  return p.rule === 'date-not-value' ? { rule: 'not-text', why: `${p.why}, not text` } : p;
}

/** Tallies text read as numbers per column, for one summary line each instead of a warning per cell. */
interface Conversion {
  count: number;
  example: string;
  value: number;
  firstRow: number;
}

/**
 * Reads placement rows one at a time: finds the header (skipping a title block), maps columns, judges a sample for
 * personal data and ambiguous headers, then normalises each row (money text, markers, year groups), leaves out blank
 * and total rows, and builds the table in chunks with buildTable. Pure and synchronous: readers for CSV, in-memory
 * xlsx and streaming xlsx all push rows into it.
 * @example
 * const importer = new PlacementImporter({file: 'council.csv'});
 * importer.push(1, ['Placements, January 2025']);
 * importer.push(3, ['Ref', 'LA', 'Setting', 'Age', 'Need', 'Annual cost (£)']);
 * importer.push(4, ['P1', '202', 'ISS', '12', 'ASD', '£63,500.00']);
 * const result = importer.finish();
 * result.header.row // 3
 * result.table.rowCount // 1
 */
export class PlacementImporter {
  private readonly file: string;
  private readonly sheet: string | undefined;
  private readonly format: 'xlsx' | 'csv';
  private readonly template: MappingTemplate | undefined;
  private readonly keepPersonal: boolean;
  private readonly ncyOffset: number;
  private readonly today: Date;
  private readonly chunkSize: number;
  private readonly headerSearchRows: number;
  private readonly sampleSize: number;
  private readonly merges: ReadonlyArray<{ r1: number; c1: number; r2: number; c2: number }>;

  private stage: 'header' | 'sample' | 'body' | 'done' = 'header';
  private fatal: string | null = null;
  private readonly issues: DataIssue[] = [];
  /** Rows seen before the header was found (non-blank only). */
  private above: Array<{ row: number; cells: readonly SheetCell[] }> = [];
  private sample: Array<{ row: number; cells: readonly SheetCell[] }> = [];
  private headerRow = 0;
  private headerCells: SheetCell[] = [];
  private columns: MappedColumn[] = [];
  private flags: PersonalDataFlag[] = [];
  private width = 0;
  /** Per field, the column it is read from. */
  private readonly fieldColumn = new Map<PlacementField, number>();
  private fieldsInOrder: Array<{ field: PlacementField; index: number; reader: 'id' | 'text' | 'number' | 'ncy' }> = [];
  private generatedIds = false;
  private derivedCost = false;
  private headerReasons: string[] = [];
  private readonly dropped = new Set<number>();

  private lastRow = 0;
  private readonly counts: ImportCounts = { dataRows: 0, accepted: 0, rejected: 0, blankRows: 0, totalRows: 0, aboveHeader: 0 };
  private readonly seenIds = new Map<string, number>();
  private sumSinceTotal = 0;
  private rowsSinceTotal = 0;
  private sumAll = 0;
  private rowsAll = 0;
  private readonly conversions = new Map<PlacementField, Conversion>();
  /** Columns with values but no header (beyond the header's last column, or a blank header cell): count and first row. */
  private readonly headless = new Map<number, { count: number; firstRow: number }>();
  private readonly rejectedKeys = new Map<number, string>();

  private chunkRecords: Array<Record<string, unknown>> = [];
  private chunkRows: number[] = [];
  private chunkCells: Array<readonly SheetCell[]> = [];
  private chunkProblems = new Map<number, Map<PlacementField, CellProblem>>();
  private readonly accumulator = new TableAccumulator();
  private readonly rejected: RejectedRow[] = [];
  private emptyTable: PlacementTable | null = null;

  constructor(options: ImportOptions & { format?: 'xlsx' | 'csv'; merges?: readonly string[] }) {
    this.file = options.file;
    this.sheet = options.sheet;
    this.format = options.format ?? 'csv';
    this.template = options.mapping;
    this.keepPersonal = options.personalData === 'keep';
    this.ncyOffset = options.ncyOffset ?? NCY_OFFSET.value;
    this.today = options.today ?? new Date();
    this.chunkSize = Math.max(1, options.chunkRows ?? 16_384);
    this.headerSearchRows = Math.max(1, options.headerSearchRows ?? 50);
    this.sampleSize = Math.max(1, options.sampleRows ?? 500);
    this.merges = (options.merges ?? []).map(parseRange).filter((m): m is NonNullable<typeof m> => m !== null);
    this.wantedHeaderRow = options.mapping?.headerRow;
  }

  /**
   * How the header was found: 'pending' while searching; 'good' when a row named enough fields; 'weak' when the best
   * row named only two; 'none' when no row did. Readers choosing among sheets skip a sheet that is not 'good'.
   */
  get headerQuality(): 'pending' | 'good' | 'weak' | 'none' {
    return this.quality;
  }
  private quality: 'pending' | 'good' | 'weak' | 'none' = 'pending';
  private wantedHeaderRow: number | undefined;

  /** Stops the import with a whole-file problem (e.g. the reader failed). */
  fail(problem: string): void {
    if (this.fatal === null) this.fatal = problem;
    this.stage = 'done';
  }

  /**
   * Adds one sheet row: its spreadsheet row number and its cells (index 0 is column A). Rows must come in order.
   */
  push(row: number, cells: readonly SheetCell[]): void {
    if (this.stage === 'done') return;
    if (this.format === 'xlsx' && row > EXCEL_MAX_ROWS) {
      this.fail(`claims a row ${row.toLocaleString('en-GB')}, beyond Excel's last row (${EXCEL_MAX_ROWS.toLocaleString('en-GB')}): the file was not written by Excel or is damaged`);
      return;
    }
    if (cells.length > EXCEL_MAX_COLUMNS) {
      this.fail(`has ${cells.length.toLocaleString('en-GB')} cells on row ${row}, more than Excel's ${EXCEL_MAX_COLUMNS.toLocaleString('en-GB')} columns: it is not a placement list (is it the right file, with commas between cells?)`);
      return;
    }
    const blank = isBlankRow(cells);
    if (this.stage === 'header') {
      if (blank) return;
      this.above.push({ row, cells });
      this.tryHeader();
      return;
    }
    // Workbooks leave empty rows out altogether: a gap in the row numbers is blank rows too.
    if (row > this.lastRow + 1 && this.lastRow > 0) this.counts.blankRows += row - this.lastRow - 1;
    this.lastRow = Math.max(this.lastRow, row);
    if (blank) {
      this.counts.blankRows++;
      return;
    }
    if (this.stage === 'sample') {
      this.sample.push({ row, cells });
      if (this.sample.length >= this.sampleSize) this.decide();
      return;
    }
    this.processRow(row, cells);
  }

  /** Finishes the import and returns everything found. Call once. */
  finish(): ImportResult {
    if (this.stage === 'header' && this.fatal === null) this.chooseHeader(true);
    if (this.stage === 'sample') this.decide();
    if (this.fatal !== null) return this.fatalResult();
    this.flush();
    this.stage = 'done';
    this.summaries();
    const empty = this.emptyTable ?? buildTable([], { file: this.file }).table;
    const { table, sourceRows } = this.accumulator.build(empty);
    this.counts.accepted = table.rowCount;
    this.counts.rejected = this.rejected.length;
    const issues = stableSortByRow(this.issues);
    const rejectedColumns = this.columns.filter((c) => !c.dropped && !c.mergedInto).map((c) => c.key);
    for (const [index, key] of [...this.rejectedKeys].sort((a, b) => a[0] - b[0])) if (!rejectedColumns.includes(key) && index >= this.columns.length) rejectedColumns.push(key);
    // Neither the header row nor the sheet is saved: next month's file may have a longer title block or a new tab name.
    const mapping = templateFromColumns(this.template?.name ?? 'mapping', this.columns);
    if (this.template?.keep) mapping.keep = this.template.keep;
    return {
      file: this.file,
      ...(this.sheet !== undefined ? { sheet: this.sheet } : {}),
      format: this.format,
      table,
      sourceRows,
      issues,
      rejected: this.rejected,
      rejectedColumns,
      mapping,
      header: { row: this.headerRow, columns: this.columns },
      personalData: this.flags,
      counts: this.counts,
      fatal: null,
    };
  }

  // --- header --------------------------------------------------------------------------------------------------

  private templateFieldCount(): number {
    return this.template ? Object.values(this.template.fields).filter((v) => typeof v === 'string').length : 0;
  }

  private tryHeader(): void {
    const last = this.above[this.above.length - 1];
    const wantRow = this.wantedHeaderRow;
    if (wantRow !== undefined) {
      if (last.row === wantRow) {
        this.quality = 'good';
        return this.setHeader(this.above.length - 1);
      }
      if (last.row > wantRow) {
        this.warn(last.row, '(row)', 'header-row', `the mapping says the header is on row ${wantRow}, but that row is blank: the header is looked for instead`);
        this.wantedHeaderRow = undefined;
      } else return;
    }
    const score = headerScore(last.cells, this.template);
    const need = this.template && this.templateFieldCount() > 0 ? Math.min(HEADER_MIN_FIELDS, this.templateFieldCount()) : HEADER_MIN_FIELDS;
    if (score >= need) {
      this.quality = 'good';
      return this.setHeader(this.above.length - 1);
    }
    if (this.above.length >= this.headerSearchRows) this.chooseHeader(false);
  }

  /** No row named enough fields: take the best row naming two or more, else the first non-blank row, and say so. */
  private chooseHeader(atEnd: boolean): void {
    if (this.above.length === 0) {
      this.headerRow = 1;
      this.stage = 'sample';
      this.quality = 'none';
      return;
    }
    let best = -1;
    let bestScore = 1;
    this.above.forEach((r, i) => {
      const s = headerScore(r.cells, this.template);
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    });
    this.quality = best < 0 ? 'none' : 'weak';
    const at = best >= 0 ? best : 0;
    const searched = atEnd ? 'the file' : `the first ${this.headerSearchRows} rows`;
    if (best < 0) {
      this.error(this.above[at].row, '(row)', 'no-header', `no row names the placement fields (such as "Setting", "Primary need", "Annual cost") in ${searched}, so row ${this.above[at].row} is taken as the header: add a header row or use a mapping`);
    } else {
      this.warn(this.above[at].row, '(row)', 'weak-header', `no row in ${searched} names three placement fields; row ${this.above[at].row} names ${bestScore}, so it is taken as the header: check the mapping`);
    }
    this.setHeader(at);
  }

  private setHeader(at: number): void {
    const header = this.above[at];
    this.headerRow = header.row;
    this.lastRow = header.row;
    this.headerCells = [...header.cells];
    const before = this.above.slice(0, at);
    const after = this.above.slice(at + 1);
    this.counts.aboveHeader = before.length;
    if (before.length > 0) {
      const first = before[0].row;
      const last = before[before.length - 1].row;
      this.warn(first, '(row)', 'above-header', `${first === last ? `row ${first} is` : `rows ${first}–${last} are`} above the header (a title or notes), so ${first === last ? 'it is' : 'they are'} not read as placements`);
    }
    this.applyVerticalMerges(before);
    this.stage = 'sample';
    this.above = [];
    for (const r of after) this.push(r.row, r.cells);
  }

  /** A blank header cell under a merge that starts above the header row takes the merge's text ("take the first"). */
  private applyVerticalMerges(before: ReadonlyArray<{ row: number; cells: readonly SheetCell[] }>): void {
    for (const m of this.merges) {
      if (m.r1 >= this.headerRow || m.r2 < this.headerRow) continue;
      const master = before.find((r) => r.row === m.r1)?.cells[m.c1];
      if (master !== undefined && headerText(this.headerCells[m.c1]) === '') this.headerCells[m.c1] = master;
    }
  }

  // --- mapping and personal data -----------------------------------------------------------------------------

  private decide(): void {
    const sampleCells = this.sample.map((r) => r.cells);
    this.width = Math.max(this.headerCells.length, ...sampleCells.map((c) => c.length), 0);
    const mergedInto = new Map<number, number>();
    for (const m of this.merges) {
      if (m.r1 > this.headerRow || m.r2 < this.headerRow) continue;
      for (let c = m.c1 + 1; c <= m.c2; c++) mergedInto.set(c, m.c1);
    }
    const { columns, findings } = mapColumns(this.headerCells, sampleCells, { template: this.template, mergedInto, width: this.width });
    this.columns = columns;
    for (const f of findings) this.add(f.severity, this.headerRow, f.column, f.rule, f.message);

    // Personal data: flagged by header or content; dropped unless asked to keep (or the mapping keeps that column).
    const keepHeaders = new Set((this.template?.keep ?? []).map(labelKey));
    this.flags = detectPersonalData(
      columns.map((c) => c.header),
      sampleCells,
      this.today,
      columnLetter,
    );
    for (const flag of this.flags) {
      const col = columns[flag.index];
      const keep = this.keepPersonal || (col !== undefined && col.header !== '' && keepHeaders.has(labelKey(col.header)));
      flag.dropped = !keep;
      const how = flag.by.length === 2 ? 'its header and its content' : flag.by[0] === 'header' ? 'its header' : 'its content';
      const key = col?.key ?? `(column ${flag.column})`;
      if (!keep) {
        const lost = col?.field ? ` It would have been read as ${col.field}; that field is now not read from this file.` : '';
        this.warn(this.headerRow, key, 'personal-data', `looks like ${PERSONAL_DATA_WORDS[flag.kind]} (by ${how}). The model never needs it, so it was dropped: it is not kept, shown or written anywhere.${lost}`);
        if (col) {
          col.dropped = true;
          col.field = null;
          col.how = null;
        }
      } else {
        this.warn(this.headerRow, key, 'personal-data', `looks like ${PERSONAL_DATA_WORDS[flag.kind]} (by ${how}). The model never needs it: it was kept only because you asked to keep personal data, so it may appear in the rejected-rows export; drop it before the data is kept.`);
      }
    }
    for (const c of columns) {
      if (!c.dropped) continue;
      this.dropped.add(c.index);
      if (!this.flags.some((f) => f.index === c.index)) this.warn(this.headerRow, c.key, 'dropped-column', `is dropped, as the mapping "${this.template?.name ?? ''}" says: it is not kept, shown or written anywhere`);
    }

    // Fields → columns.
    for (const c of columns) if (c.field) this.fieldColumn.set(c.field, c.index);
    for (const [field, needed] of REQUIRED) {
      if (this.fieldColumn.has(field)) continue;
      if (field === 'annual_cost' && this.fieldColumn.has('place_funding') && this.fieldColumn.has('top_up')) {
        this.derivedCost = true;
        this.warn(this.headerRow, 'annual_cost', 'cost-from-parts', 'there is no annual cost column, so each cost is place funding + top-up');
        continue;
      }
      const message = `there is no such column: every placement needs ${needed}, so every row is rejected`;
      this.error(this.headerRow, field, 'missing-column', message);
      this.headerReasons.push(`${field}: ${message}`);
    }
    if (!this.fieldColumn.has('age') && !this.fieldColumn.has('ncy')) {
      const message = 'there is no age or ncy column: every placement needs an age, so every row is rejected';
      this.error(this.headerRow, 'age', 'missing-column', message);
      this.headerReasons.push(`age: ${message}`);
    }
    if (!this.fieldColumn.has('placement_id')) {
      this.generatedIds = true;
      this.warn(this.headerRow, 'placement_id', 'ids-from-rows', `there is no placement id column, so each placement is named after its row: R${this.headerRow + 1} is row ${this.headerRow + 1}`);
    }
    for (const c of columns) {
      if (c.dropped || c.field) continue;
      if (c.mergedInto) {
        const master = columns[columnIndex(c.mergedInto)];
        this.warn(this.headerRow, c.key, 'merged-header', `is merged with column ${c.mergedInto}${master && master.header ? ` "${master.header}"` : ''} in the header row, so it has no header of its own and is not read`);
      } else if (c.header !== '' && !findings.some((f) => f.column === c.key)) {
        this.warn(this.headerRow, c.key, 'unknown-column', 'is not a placement field, so it is ignored');
      }
    }
    const fieldOrder: PlacementField[] = ['placement_id', 'la_code', 'setting', 'age', 'ncy', 'primary_need', 'annual_cost', 'provider_id', 'provider_name', 'band', 'place_funding', 'top_up', 'count', 'need_score', 'residential', 'ap_tier', 'governance'];
    // Columns whose values would be read nowhere: no header, not dropped, not part of a merged header.
    this.watchHeadless = columns.map((c) => c.header === '' && !c.dropped && c.mergedInto === undefined);
    this.fieldsInOrder = fieldOrder.filter((f) => this.fieldColumn.has(f)).map((f) => ({ field: f, index: this.fieldColumn.get(f) as number, reader: FIELD_READER[f] }));

    this.stage = 'body';
    const sample = this.sample;
    this.sample = [];
    for (const r of sample) this.processRow(r.row, r.cells);
  }

  // --- rows ------------------------------------------------------------------------------------------------------

  private processRow(row: number, cells: readonly SheetCell[]): void {
    // Values with no header: counted per column for one warning each.
    const watch = this.watchHeadless;
    for (let i = 0; i < cells.length; i++) {
      if (i < watch.length && !watch[i]) continue;
      if (!isBlankValue(cells[i])) {
        const h = this.headless.get(i);
        if (h) h.count++;
        else this.headless.set(i, { count: 1, firstRow: row });
      }
    }

    const record: Record<string, unknown> = {};
    // Per-row state lives in fields, not closures: this runs 640k times on a national file.
    this.rowProblems = null;
    this.rowRecord = record;
    const problem = this.problem;
    let cost: number | null = null;
    let idBlank = true;

    for (const { field, index, reader } of this.fieldsInOrder) {
      const v = cells[index];
      if (reader === 'number' || reader === 'ncy') {
        const r = this.readNumberCell(v, field, reader, row);
        if (r !== null && typeof r === 'object') problem(field, r);
        else record[field] = r;
        if (field === 'annual_cost' && typeof r === 'number') cost = r;
      } else {
        const r = readTextCell(v);
        if (r !== null && typeof r === 'object') problem(field, r);
        else record[field] = r;
        if (field === 'placement_id') idBlank = r === null;
      }
    }
    if (this.derivedCost) {
      const pf = record.place_funding;
      const tu = record.top_up;
      if (typeof pf === 'number' && typeof tu === 'number') record.annual_cost = cost = pf + tu;
      else problem('annual_cost', { rule: 'cost-from-parts', why: 'place funding and top-up are both needed to make the annual cost (there is no annual cost column)' });
    }

    // Total and subtotal rows are not placements: left out, each with a warning.
    const total = this.totalRow(cells, idBlank, cost);
    if (total !== null) {
      this.counts.totalRows++;
      this.warn(row, total.column, 'total-row', total.message);
      this.sumSinceTotal = 0;
      this.rowsSinceTotal = 0;
      return;
    }
    this.counts.dataRows++;
    if (cost !== null) {
      this.sumSinceTotal += cost;
      this.sumAll += cost;
    }
    this.rowsSinceTotal++;
    this.rowsAll++;

    if (this.generatedIds) record.placement_id = `R${row}`;
    const id = record.placement_id;
    if (typeof id === 'string') {
      const earlier = this.seenIds.get(id);
      if (earlier !== undefined) problem('placement_id', { rule: 'duplicate-id', why: `${quote(id)} is already used at row ${earlier}: each placement needs its own id` });
      else this.seenIds.set(id, row);
    }

    const pos = this.chunkRecords.length;
    this.chunkRecords.push(record);
    this.chunkRows.push(row);
    this.chunkCells.push(cells);
    if (this.rowProblems !== null) this.chunkProblems.set(pos, this.rowProblems);
    if (this.chunkRecords.length >= this.chunkSize) this.flush();
  }

  private watchHeadless: boolean[] = [];
  private rowProblems: Map<PlacementField, CellProblem> | null = null;
  private rowRecord: Record<string, unknown> = {};
  /** Records a cell problem for the current row (bound once, so no closure is made per row). */
  private readonly problem = (field: PlacementField, p: CellProblem): void => {
    if (this.rowProblems === null) this.rowProblems = new Map();
    this.rowProblems.set(field, p);
    this.rowRecord[field] = UNREADABLE;
  };

  private readNumberCell(v: SheetCell | undefined, field: PlacementField, reader: 'number' | 'ncy', row: number): ReadResult {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'string') {
      const t = cleanText(v);
      if (t === '') return null;
      const marker = dfeMarker(t);
      if (marker) return marker;
      const n = reader === 'ncy' ? readYearGroup(t) : readMoney(t);
      if (n !== null) {
        if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) this.noteConversion(field, t, n, row);
        return n;
      }
      if (field === 'residential') {
        const weeks = /^(\d{1,2})\s*-?\s*weeks?$/i.exec(t);
        if (weeks) {
          this.noteConversion(field, t, Number(weeks[1]), row);
          return Number(weeks[1]);
        }
      }
      return /\d/.test(t)
        ? { rule: 'not-a-number', why: `${quote(t)} is not a number that can be read without guessing (write it like 12345.50 or £12,345.50; thousands in groups of three, a point for pence)` }
        : { rule: 'not-a-number', why: `${quote(t)} is not a number` };
    }
    if (typeof v === 'boolean') return { rule: 'not-a-number', why: `${v ? 'TRUE' : 'FALSE'} is a yes/no value, not a number` };
    const p = faultProblem(v);
    return p.rule === 'date-not-value' ? { rule: 'date-not-number', why: `${p.why}, not a number` } : p;
  }

  private noteConversion(field: PlacementField, text: string, value: number, row: number): void {
    const c = this.conversions.get(field);
    if (c) c.count++;
    else this.conversions.set(field, { count: 1, example: text, value, firstRow: row });
  }

  /** A total row: its first filled cell says "Total" (and it has no id of its own), or it has no id and its cost is the sum of the rows above. */
  private totalRow(cells: readonly SheetCell[], idBlank: boolean, cost: number | null): { column: string; message: string } | null {
    let first = -1;
    for (let i = 0; i < cells.length; i++) {
      if (!isBlankValue(cells[i])) {
        first = i;
        break;
      }
    }
    const idIndex = this.fieldColumn.get('placement_id');
    const label = first >= 0 ? cells[first] : null;
    if (typeof label === 'string' && isTotalLabel(label) && (idIndex === undefined || idBlank || idIndex === first)) {
      const key = this.columns[first]?.dropped ? '(row)' : (this.columns[first]?.key ?? `(column ${columnLetter(first)})`);
      return { column: key, message: `${quote(cleanText(label))} marks a total row${this.sumNote(cost)}: it is not a placement, so it is left out` };
    }
    if (cost !== null && idBlank && idIndex !== undefined) {
      const section = this.rowsSinceTotal >= 2 && nearlyEqual(cost, this.sumSinceTotal);
      const all = this.rowsAll >= 2 && nearlyEqual(cost, this.sumAll);
      if (section || all) {
        const n = section ? this.rowsSinceTotal : this.rowsAll;
        return { column: this.fieldKey('annual_cost'), message: `the row has no id and its cost ${money(cost)} is the sum of the ${n} row(s) above, so it is read as a total: it is not a placement, so it is left out` };
      }
    }
    return null;
  }

  /** How a total row's amount compares with the rows above it. */
  private sumNote(x: number | null): string {
    if (x === null) return '';
    if (this.rowsSinceTotal >= 1 && nearlyEqual(x, this.sumSinceTotal)) return ` (${money(x)}, the sum of the ${this.rowsSinceTotal} row(s) above)`;
    if (this.rowsAll >= 1 && nearlyEqual(x, this.sumAll)) return ` (${money(x)}, the sum of all ${this.rowsAll} row(s) above)`;
    return ` (${money(x)}; note the rows above add up to ${money(this.sumSinceTotal)})`;
  }

  /** The column a field is read from, as messages name it. */
  private fieldKey(field: PlacementField): string {
    const index = this.fieldColumn.get(field);
    if (index !== undefined) return this.columns[index]?.key ?? field;
    if (field === 'annual_cost' && this.derivedCost) return 'annual_cost (place funding + top-up)';
    if (field === 'placement_id' && this.generatedIds) return 'placement_id (from row numbers)';
    return field;
  }

  /** Builds the rows collected so far and keeps the accepted ones; rejected rows keep their original values. */
  private flush(): void {
    this.ensureEmptyTable();
    const records = this.chunkRecords;
    if (records.length === 0) return;
    const rows = this.chunkRows;
    const cells = this.chunkCells;
    const problems = this.chunkProblems;
    this.chunkRecords = [];
    this.chunkRows = [];
    this.chunkCells = [];
    this.chunkProblems = new Map();


    const built = buildTable(records, { file: this.file, firstRow: 2, ncyOffset: this.ncyOffset });
    const rowErrors = new Map<number, string[]>();
    for (const issue of built.issues) {
      if (issue.row < 2) continue; // header-level: the importer reports those itself, on the real header row
      const pos = issue.row - 2;
      const row = rows[pos];
      const field = issue.column as PlacementField;
      const own = problems.get(pos)?.get(field);
      let rule = issue.rule;
      let message = issue.message;
      if (own) {
        rule = own.rule;
        message = `${own.why}${issue.severity === 'error' ? ', so the row is rejected' : ', so it is left blank'}`;
        problems.get(pos)?.delete(field);
      }
      if (!own && issue.rule === 'negative-cost') {
        // "(1,200)" was read as −1,200: say what was written, not only what it was read as.
        const index = this.fieldColumn.get(field);
        const written = index === undefined ? undefined : cells[pos][index];
        if (typeof written === 'string') message = message.replace(/^(\S+) is negative/, (_m, n: string) => `${quote(cleanText(written))} is ${n}, which is negative`);
      }
      const column = issue.column === '(row)' ? '(row)' : this.fieldKey(field);
      this.add(issue.severity, row, column, rule, message);
      if (issue.severity === 'error') {
        let list = rowErrors.get(pos);
        if (!list) rowErrors.set(pos, (list = []));
        list.push(`${column}: ${message}`);
      }
    }
    // A problem buildTable did not report (e.g. an unreadable NCY beside a good age) is still said.
    for (const [pos, map] of problems) for (const [field, p] of map) this.warn(rows[pos], this.fieldKey(field), p.rule, `${p.why}, so it is not used`);

    for (const r of built.rejected) {
      const pos = r.row - 2;
      this.rejected.push({ row: rows[pos], values: this.originalValues(cells[pos]), reasons: [...this.headerReasons, ...(rowErrors.get(pos) ?? [])] });
    }
    const sourceRows = new Int32Array(built.sourceRows.length);
    for (let k = 0; k < sourceRows.length; k++) sourceRows[k] = rows[built.sourceRows[k] - 2];
    this.accumulator.append(built.table, sourceRows);
  }

  /**
   * The table to return when no row was accepted: built from one all-blank row with every mapped field, so it has
   * the same columns as a table with rows. Every record carries every mapped field, so every chunk builds those
   * columns too.
   */
  private ensureEmptyTable(): void {
    if (this.emptyTable !== null) return;
    const keys: Record<string, unknown> = {};
    for (const f of this.fieldsInOrder) keys[f.field] = null;
    if (this.generatedIds) keys.placement_id = null;
    if (this.derivedCost) keys.annual_cost = null;
    this.emptyTable = buildTable([keys], { file: this.file }).table;
  }

  /** A row's values by column key, as read (dropped columns left out; merged-away header columns too). */
  private originalValues(cells: readonly SheetCell[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const n = Math.max(cells.length, this.columns.length);
    for (let i = 0; i < n; i++) {
      if (this.dropped.has(i)) continue;
      const col = this.columns[i];
      if (col?.mergedInto && isBlankValue(cells[i])) continue;
      if (col) values[col.key] = cells[i] ?? null;
      else if (!isBlankValue(cells[i])) {
        const key = `(column ${columnLetter(i)})`;
        this.rejectedKeys.set(i, key);
        values[key] = cells[i];
      }
    }
    return values;
  }

  /** One warning per column for values read from money text, and for values with no header. */
  private summaries(): void {
    for (const [field, c] of this.conversions) {
      const what = field === 'ncy' ? 'year-group' : field === 'residential' ? 'weeks' : 'money';
      this.warn(
        this.headerRow,
        this.fieldKey(field),
        'text-read-as-number',
        `${c.count.toLocaleString('en-GB')} value(s) were written as ${what} text and read as numbers (row ${c.firstRow}: ${quote(c.example)} is ${c.value}): check a few`,
      );
    }
    for (const [index, h] of [...this.headless].sort((a, b) => a[0] - b[0])) {
      this.warn(this.headerRow, `(column ${columnLetter(index)})`, 'values-without-header', `has no header but holds values in ${h.count.toLocaleString('en-GB')} row(s) (first at row ${h.firstRow}), so they are not read: give the column a header`);
    }
    const mergedData = this.merges.filter((m) => m.r1 > this.headerRow);
    if (mergedData.length > 0) {
      const m = mergedData[0];
      const range = `${columnLetter(m.c1)}${m.r1}:${columnLetter(m.c2)}${m.r2}`;
      this.warn(m.r1, this.columns[m.c1]?.key ?? `(column ${columnLetter(m.c1)})`, 'merged-cells', `cells ${range}${mergedData.length > 1 ? ` and ${mergedData.length - 1} other merged range(s)` : ''} are merged: Excel keeps the value only in the first cell, so the other rows of a merge are blank here; unmerge and fill them`);
    }
  }

  // --- issues --------------------------------------------------------------------------------------------------

  private add(severity: DataIssue['severity'], row: number, column: string, rule: string, message: string): void {
    this.issues.push(this.sheet === undefined ? { severity, file: this.file, row, column, rule, message } : { severity, file: this.file, sheet: this.sheet, row, column, rule, message });
  }
  private warn(row: number, column: string, rule: string, message: string): void {
    this.add('warning', row, column, rule, message);
  }
  private error(row: number, column: string, rule: string, message: string): void {
    this.add('error', row, column, rule, message);
  }

  private fatalResult(): ImportResult {
    const table = buildTable([], { file: this.file }).table;
    const issue: DataIssue = { severity: 'error', file: this.file, row: 1, column: '(file)', rule: 'unreadable-file', message: this.fatal ?? 'cannot be read' };
    if (this.sheet !== undefined) issue.sheet = this.sheet;
    return {
      file: this.file,
      ...(this.sheet !== undefined ? { sheet: this.sheet } : {}),
      format: this.format,
      table,
      sourceRows: new Int32Array(0),
      issues: [issue],
      rejected: [],
      rejectedColumns: [],
      mapping: { name: this.template?.name ?? 'mapping', fields: {} },
      header: { row: 0, columns: [] },
      personalData: [],
      counts: { dataRows: 0, accepted: 0, rejected: 0, blankRows: 0, totalRows: 0, aboveHeader: 0 },
      fatal: this.fatal,
    };
  }
}

function isBlankValue(v: SheetCell | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  if (v.length === 0) return true;
  const c = v.charCodeAt(0);
  // Text starting with a visible character is not blank: decided without trimming (this runs on every cell).
  if (c > 32 && c < 0xa0) return false;
  return cleanText(v) === '';
}

function isBlankRow(cells: readonly SheetCell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankValue(cells[i])) return false;
  return true;
}

const TOTAL_START = /^(?:(?:grand|sub|overall|net|gross)[\s-]?)?totals?(?:\s*:)?(?:\s+.*)?$/i;
const TOTAL_END = /^.*\s(?:sub[\s-]?)?totals?:?$/i;

/**
 * Whether a cell's text marks a total row: "Total", "Grand total", "Sub-total", "Total ISS", "ISS Total".
 * @example isTotalLabel('Grand total') // true
 * @example isTotalLabel('Total-Care-1') // false
 */
export function isTotalLabel(text: string): boolean {
  if (!/total/i.test(text)) return false; // the cheap test first: this runs on every row
  const t = cleanText(text);
  return t.length <= 80 && (TOTAL_START.test(t) || TOTAL_END.test(t));
}

function money(x: number): string {
  return `£${x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.005, 1e-9 * Math.abs(b));
}

function stableSortByRow(issues: DataIssue[]): DataIssue[] {
  return issues.map((issue, i) => ({ issue, i })).sort((a, b) => a.issue.row - b.issue.row || a.i - b.i).map((x) => x.issue);
}

/** "B3:D3" → 0-based columns, 1-based rows. */
function parseRange(range: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(range.trim());
  if (!m) return null;
  const c1 = columnIndex(m[1]);
  const r1 = Number(m[2]);
  const c2 = m[3] ? columnIndex(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  if (c1 < 0 || c2 < 0) return null;
  return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

// --- text files ------------------------------------------------------------------------------------------------

/** Bytes that never appear in a text file: a NUL, or many control characters. */
function binaryProblem(text: string): string | null {
  const n = Math.min(text.length, 65_536);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return `is not a text file (it holds binary data, such as a NUL byte near character ${i + 1}): if it is a workbook, give it its .xlsx name`;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) controls++;
  }
  return n > 0 && controls > n * 0.01 ? 'is not a text file (it holds binary data): if it is a workbook, give it its .xlsx name' : null;
}

/**
 * Imports a CSV file's bytes: the encoding is detected (UTF-8 with or without a BOM, UTF-16, else Windows-1252, which
 * is then said in a warning), then rows go through the PlacementImporter.
 * @example
 * const r = importCsvBytes(new TextEncoder().encode('Ref,LA,Setting,Age,Need,Cost\nP1,202,ISS,12,ASD,"£63,500"\n'), {file: 'council.csv'});
 * r.table.rowCount // 1
 */
export function importCsvBytes(bytes: Uint8Array, options: ImportOptions): ImportResult {
  const decoded = decodeText(bytes);
  const importer = new PlacementImporter({ ...options, format: 'csv', sheet: undefined });
  const binary = binaryProblem(decoded.text);
  if (binary) {
    importer.fail(binary);
    return { ...importer.finish(), encoding: decoded.encoding };
  }
  const { cells, unclosedQuoteAtRow } = parseCsv(decoded.text);
  for (let r = 0; r < cells.length; r++) {
    const line: SheetCell[] = cells[r];
    // Excel never writes a cell longer than it can hold; such a cell is a fault, as in a workbook.
    for (let c = 0; c < line.length; c++) {
      const v = line[c];
      if (typeof v === 'string' && v.length > EXCEL_MAX_CELL_CHARS) line[c] = { fault: 'too-long', text: v.length.toLocaleString('en-GB') };
    }
    importer.push(r + 1, line);
  }
  const result = importer.finish();
  const extra: DataIssue[] = [];
  if (decoded.note) extra.push({ severity: 'warning', file: options.file, row: 1, column: '(file)', rule: 'encoding', message: decoded.note });
  if (unclosedQuoteAtRow !== null) extra.push({ severity: 'error', file: options.file, row: unclosedQuoteAtRow, column: '(row)', rule: 'csv', message: 'a quoted cell is never closed: the rest of the file is inside it' });
  return { ...result, encoding: decoded.encoding, issues: extra.length ? stableSortByRow([...extra, ...result.issues]) : result.issues };
}

/**
 * Imports placements from a file's bytes — .xlsx or .csv, told apart by their first bytes (and the name for the
 * error when they disagree). Workbooks are read in memory with exceljs (fine up to ~50k rows; the CLI streams larger
 * ones). Never throws on bad data: whole-file problems come back as `fatal` with one error issue.
 * @example
 * const r = await importPlacements(bytes, {file: 'council.xlsx'});
 * r.issues.map(formatIssue) // ['council.xlsx [Placements]: row 7, column Annual cost (£): "12,34" is not a number …']
 */
export async function importPlacements(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const kind = sniffFile(bytes);
  const xlsxName = /\.(xlsx|xlsm)$/i.test(options.file);
  if (kind === 'zip' || kind === 'ole' || xlsxName) {
    const { importXlsxBytes } = await import('./import-xlsx');
    return importXlsxBytes(bytes, options);
  }
  if (/\.xls$/i.test(options.file)) {
    const importer = new PlacementImporter({ ...options, format: 'xlsx' });
    importer.fail('is an old-style Excel file (.xls): open it in Excel and save it as .xlsx');
    return importer.finish();
  }
  return importCsvBytes(bytes, options);
}

