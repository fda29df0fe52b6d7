/**
 * The Data view's engine jobs: load the default England dataset, preview and import a council file, summarise the
 * (filtered) placements and export rejected rows. The placement table stays in the worker; the UI receives totals,
 * option lists and pages (through queryRows of the 'placements' and 'placements.view' tables), never the table.
 */
import ExcelJS from 'exceljs';
import type { JobContext, JobHandler, PagedTable, TableStore } from './engine-service';
import { throwIfCancelled } from './engine-service';
import { ASSET_PATHS, readAssetText } from './assets';
import { loadRulebook, formatRuleIssue } from '../rules/load';
import { DEFAULT_DATASET_SEED, DFE_ATTRIBUTION, ENGLAND_2025_SOURCE, expandDefaultDataset } from '../data/default-dataset';
import { summarise, type PlacementSummary, type PlansAndCost } from '../data/summary';
import { optionalCategoryColumn, type Column, type DataIssue, type PlacementTable, type RejectedRow } from '../data/table';
import { importPlacements, type ImportCounts, type ImportResult, type MappedColumn, type MappingTemplate, type PersonalDataFlag } from '../io/import';
import { writeRejectedWorkbook } from '../io/import-rejected';
import { rowCells } from '../io/import-xlsx';
import { checkXlsxContainer, sniffFile } from '../io/import-zip';
import { decodeText } from '../io/import-encoding';
import { parseCsv } from '../io/csv';
import { columnLetter, displayCell, type SheetCell } from '../io/import-values';
import { laName } from '../vocab/las';
import { SECTORS, type SectorCode } from '../vocab/sectors';
import { SETTING_CODES, sectorOfSetting, settingLabel } from '../vocab/settings';
import { NEED_CODES, needLabel } from '../vocab/needs';
import { registerPlacementTable } from '../uncertainty/jobs';

// ---- Shapes crossing the host (plain JSON) ---------------------------------------------------------------------

/** Filters of the Data view; every list is "any of these"; an empty or missing list does not filter. */
export interface PlacementFilters {
  la?: string[];
  setting?: string[];
  sector?: string[];
  need?: string[];
  band?: string[];
  /** Text the provider's id or name contains (case ignored). */
  provider?: string;
}

export interface FilterOption {
  value: string;
  label: string;
  plans: number;
}

export interface FilterOptions {
  la: FilterOption[];
  setting: FilterOption[];
  sector: FilterOption[];
  need: FilterOption[];
  band: FilterOption[];
  /** How many distinct providers the data names (the provider filter is a text search). */
  providers: number;
}

/** What the summary strip shows: of the filtered rows. */
export interface DataSummary {
  /** Where the data comes from, as shown under the title. */
  source: string;
  /** 'default' for the shipped England dataset, 'import' for a council's file. */
  origin: 'default' | 'import';
  /** A note on what the data is (the default dataset is modelled, not real placements). */
  note: string | null;
  /** Rows of the whole table and of the filtered view. */
  tableRows: number;
  viewRows: number;
  plans: number;
  cost: number;
  bySector: Record<SectorCode, PlansAndCost>;
  /** Where the band column comes from: the data, a rulebook's rules (its name), or nowhere yet. */
  bandSource: { kind: 'data' } | { kind: 'rulebook'; name: string } | { kind: 'none' };
  /** Rejected rows kept from the import (0 for the default dataset). */
  rejectedRows: number;
  /** Grows each time a table is loaded or a filter applied; pages of an older view are stale. */
  generation: number;
}

export interface DataLoaded {
  summary: DataSummary;
  options: FilterOptions;
}

/** Issues of one kind in one column: what the validation report lists as one problem. */
export interface IssueGroup {
  key: string;
  severity: 'error' | 'warning';
  rule: string;
  column: string;
  /** The problem in plain words, e.g. "Marker instead of a value" . */
  title: string;
  count: number;
  /** The first items (rows), each with its own message; at most ISSUE_ITEMS_PER_GROUP. */
  items: Array<{ row: number; column: string; message: string }>;
}

export interface ImportReport {
  file: string;
  sheet: string | null;
  /** Visible sheets of a workbook, in order (empty for CSV). */
  sheets: string[];
  format: 'xlsx' | 'csv';
  fatal: string | null;
  header: { row: number; columns: MappedColumn[] };
  mapping: MappingTemplate;
  personalData: PersonalDataFlag[];
  counts: ImportCounts;
  groups: IssueGroup[];
  errors: number;
  warnings: number;
}

export interface PreviewResult extends ImportReport {
  /** The raw sheet is in the table 'import.sheet' (columns 'row', then letters); its rows and columns. */
  sheetRows: number;
  sheetColumns: string[];
  /** True when the sheet is longer than the preview keeps. */
  sheetTruncated: boolean;
  /** The first accepted rows as the model will read them (mapped fields only). */
  sample: { columns: string[]; rows: Array<Array<string | number | null>> };
}

export interface ImportDone extends ImportReport {
  /** False when the file could not be read at all (fatal): the loaded data is unchanged. */
  committed: boolean;
  loaded: DataLoaded | null;
}

export interface ImportPayload {
  name: string;
  bytes: Uint8Array;
  sheet?: string;
  mapping?: MappingTemplate;
  /** Header texts of columns to drop; personal-data columns not listed here are kept (the user unticked them). */
  dropColumns?: string[];
}

// ---- Per-service state ------------------------------------------------------------------------------------------

interface DataState {
  table: PlacementTable;
  source: string;
  origin: 'default' | 'import';
  note: string | null;
  file: string;
  sheet?: string;
  rejected: RejectedRow[];
  rejectedColumns: string[];
  /** Bands assigned by the last priced rulebook, when the data has no band column. */
  bands: { ids: string[]; codes: Int32Array; rulebook: string } | null;
  generation: number;
  options: FilterOptions | null;
  full: PlacementSummary | null;
}

interface PreviewState {
  fingerprint: string;
  sheets: string[];
  sheet: string | null;
  rows: SheetCell[][];
  width: number;
  truncated: boolean;
  masked: Set<number>;
  /** The header's spreadsheet row: header cells are shown even in masked columns (a header is not personal data). */
  headerRow: number;
  lastImport: { key: string; result: ImportResult } | null;
}

const dataStates = new WeakMap<TableStore, DataState>();
const previewStates = new WeakMap<TableStore, PreviewState>();
let generations = 0;

/** The placement table loaded in this service, or null (other jobs, such as pricing, read it). */
export function loadedPlacements(tables: TableStore): { table: PlacementTable; source: string } | null {
  const s = dataStates.get(tables);
  return s ? { table: s.table, source: s.source } : null;
}

/** Records the bands a rulebook assigned, so the Data view's band column and filter can show them. */
export function assignBands(tables: TableStore, bands: { ids: string[]; codes: Int32Array; rulebook: string }): void {
  const s = dataStates.get(tables);
  if (!s || s.table.columns.band || bands.codes.length !== s.table.rowCount) return;
  s.bands = bands;
  s.options = null;
}

/** Rows kept in the import preview's raw sheet: enough to show any problem of a council's file. */
export const PREVIEW_MAX_ROWS = 100_000;
/** Items listed per problem; the count says how many there are. */
export const ISSUE_ITEMS_PER_GROUP = 500;
/** Accepted rows shown as the model will read them. */
const SAMPLE_ROWS = 8;

// ---- Paged views -------------------------------------------------------------------------------------------------

/** The columns of the 'placements' table, display columns first; any other data column follows. */
export const PLACEMENT_VIEW_COLUMNS = ['placement_id', 'la_code', 'la_name', 'setting', 'setting_label', 'sector', 'age', 'primary_need', 'annual_cost', 'count', 'band', 'provider_id', 'provider_name'] as const;

/** A paged view of the placements (all rows, or the rows in `index`), with names and labels decoded for display. */
function placementsPaged(state: DataState, index: Int32Array | null): PagedTable {
  const t = state.table;
  const extra = Object.keys(t.columns).filter((c) => !(PLACEMENT_VIEW_COLUMNS as readonly string[]).includes(c));
  const columns = [...PLACEMENT_VIEW_COLUMNS, ...extra];
  const raw = (name: string, row: number): string | number | null => {
    const col: Column | undefined = Object.prototype.hasOwnProperty.call(t.columns, name) ? t.columns[name] : undefined;
    if (!col) return null;
    if (col.kind === 'number') {
      const v = col.values[row];
      return Number.isNaN(v) ? null : v;
    }
    const code = col.codes[row];
    return code < 0 ? null : (col.dictionary[code] ?? null);
  };
  return {
    rowCount: index ? index.length : t.rowCount,
    columns,
    cell(r: number, c: number): string | number | null {
      const row = index ? index[r] : r;
      if (row === undefined || row < 0 || row >= t.rowCount) return null;
      const name = columns[c];
      switch (name) {
        case 'placement_id':
          return t.ids[row] ?? null;
        case 'la_name': {
          const code = raw('la_code', row);
          return typeof code === 'string' ? laName(code) : null;
        }
        case 'setting_label': {
          const s = raw('setting', row);
          return typeof s === 'string' ? settingLabel(s) : null;
        }
        case 'sector': {
          const s = raw('setting', row);
          return typeof s === 'string' ? sectorOfSetting(s) : null;
        }
        case 'band': {
          if (t.columns.band) return raw('band', row);
          const b = state.bands;
          if (!b) return null;
          const k = b.codes[row];
          return k >= 0 ? (b.ids[k] ?? null) : null;
        }
        default:
          return raw(name, row);
      }
    },
  };
}

/** A table with no rows, so an old 'rejected' or 'placements.view' never outlives the data it belonged to. */
function emptyPaged(columns: string[]): PagedTable {
  return { rowCount: 0, columns, cell: () => null };
}

/** The rejected rows as a pageable table: spreadsheet row, the reasons, then the row's own values. */
function rejectedPaged(rejected: readonly RejectedRow[], columns: readonly string[]): PagedTable {
  const all = ['row', 'reasons', ...columns];
  return {
    rowCount: rejected.length,
    columns: all,
    cell(r, c) {
      const x = rejected[r];
      if (!x) return null;
      if (c === 0) return x.row;
      if (c === 1) return x.reasons.join('; ');
      const v = x.values[all[c]];
      if (v === null || v === undefined) return null;
      if (typeof v === 'number' || typeof v === 'string') return v;
      return displayCell(v as SheetCell);
    },
  };
}

// ---- Summaries and filters ---------------------------------------------------------------------------------------

/** The rows matching every filter, or null when nothing filters. */
export function filterRows(state: { table: PlacementTable; bands: DataState['bands'] }, filters: PlacementFilters): Int32Array | null {
  const t = state.table;
  const tests: Array<(row: number) => boolean> = [];
  const byCategory = (name: string, wanted: string[] | undefined): void => {
    if (!wanted || wanted.length === 0) return;
    const col = optionalCategoryColumn(t, name);
    if (!col) {
      tests.push(() => false);
      return;
    }
    const ok = new Uint8Array(col.dictionary.length);
    col.dictionary.forEach((v, k) => (ok[k] = wanted.includes(v) ? 1 : 0));
    tests.push((row) => col.codes[row] >= 0 && ok[col.codes[row]] === 1);
  };
  byCategory('la_code', filters.la);
  byCategory('setting', filters.setting);
  byCategory('primary_need', filters.need);
  if (filters.sector && filters.sector.length > 0) {
    const col = optionalCategoryColumn(t, 'setting');
    const ok = col ? Uint8Array.from(col.dictionary, (s) => (filters.sector!.includes(sectorOfSetting(s)) ? 1 : 0)) : new Uint8Array(0);
    tests.push((row) => !!col && col.codes[row] >= 0 && ok[col.codes[row]] === 1);
  }
  if (filters.band && filters.band.length > 0) {
    if (t.columns.band) byCategory('band', filters.band);
    else if (state.bands) {
      const b = state.bands;
      const ok = Uint8Array.from(b.ids, (id) => (filters.band!.includes(id) ? 1 : 0));
      tests.push((row) => b.codes[row] >= 0 && ok[b.codes[row]] === 1);
    } else tests.push(() => false);
  }
  const needle = filters.provider?.trim().toLowerCase();
  if (needle) {
    const ids = optionalCategoryColumn(t, 'provider_id');
    const names = optionalCategoryColumn(t, 'provider_name');
    const hit = (col: typeof ids): Uint8Array => (col ? Uint8Array.from(col.dictionary, (v) => (v.toLowerCase().includes(needle) ? 1 : 0)) : new Uint8Array(0));
    const idHit = hit(ids);
    const nameHit = hit(names);
    tests.push((row) => (!!ids && ids.codes[row] >= 0 && idHit[ids.codes[row]] === 1) || (!!names && names.codes[row] >= 0 && nameHit[names.codes[row]] === 1));
  }
  if (tests.length === 0) return null;
  const out = new Int32Array(t.rowCount);
  let n = 0;
  for (let row = 0; row < t.rowCount; row++) {
    let keep = true;
    for (const test of tests) if (!test(row)) {
      keep = false;
      break;
    }
    if (keep) out[n++] = row;
  }
  return out.slice(0, n);
}

/** The rows in `index` as a table of their own (columns copied), so summarise gives exactly `hntm summary`'s sums. */
export function subsetTable(t: PlacementTable, index: Int32Array): PlacementTable {
  const columns: Record<string, Column> = {};
  for (const [name, col] of Object.entries(t.columns)) {
    columns[name] = col.kind === 'number' ? { kind: 'number', values: Float64Array.from(index, (r) => col.values[r]) } : { kind: 'category', dictionary: col.dictionary, codes: Int32Array.from(index, (r) => col.codes[r]) };
  }
  return { rowCount: index.length, ids: Array.from(index, (r) => t.ids[r]), columns };
}

function filterOptions(state: DataState): FilterOptions {
  const full = state.full ?? (state.full = summarise(state.table));
  const t = state.table;
  const la = Object.entries(full.byLa).map(([code, g]) => ({ value: code, label: `${code} ${laName(code) ?? 'Unknown LA'}`, plans: g.plans }));
  la.sort((a, b) => (laName(a.value) ?? a.value).localeCompare(laName(b.value) ?? b.value));
  const setting = Object.entries(full.bySetting).map(([code, g]) => ({ value: code, label: settingLabel(code), plans: g.plans }));
  const sector = SECTORS.filter((s) => full.bySector[s.code].plans > 0).map((s) => ({ value: s.code, label: s.label, plans: full.bySector[s.code].plans }));
  const need = Object.entries(full.byNeed).map(([code, g]) => ({ value: code, label: `${code} ${needLabel(code) === code ? '' : `– ${needLabel(code)}`}`.trim(), plans: g.plans }));
  const band = bandOptions(state);
  const providers = optionalCategoryColumn(t, 'provider_id')?.dictionary.length ?? optionalCategoryColumn(t, 'provider_name')?.dictionary.length ?? 0;
  return { la, setting, sector, need, band, providers };
}

function bandOptions(state: DataState): FilterOption[] {
  const t = state.table;
  const count = t.columns.count && t.columns.count.kind === 'number' ? t.columns.count.values : null;
  const weigh = (codes: Int32Array, ids: readonly string[]): FilterOption[] => {
    const plans = new Float64Array(ids.length);
    for (let r = 0; r < codes.length; r++) if (codes[r] >= 0) plans[codes[r]] += count && !Number.isNaN(count[r]) ? count[r] : 1;
    return ids.map((id, k) => ({ value: id, label: id, plans: plans[k] })).filter((o) => o.plans > 0);
  };
  const col = optionalCategoryColumn(t, 'band');
  if (col) return weigh(col.codes, col.dictionary);
  if (state.bands) return weigh(state.bands.codes, state.bands.ids);
  return [];
}

function summaryOf(state: DataState, table: PlacementTable, viewRows: number): DataSummary {
  const s = table === state.table ? (state.full ?? (state.full = summarise(state.table))) : summarise(table);
  return {
    source: state.source,
    origin: state.origin,
    note: state.note,
    tableRows: state.table.rowCount,
    viewRows,
    plans: s.plans,
    cost: s.cost,
    bySector: s.bySector,
    bandSource: state.table.columns.band ? { kind: 'data' } : state.bands ? { kind: 'rulebook', name: state.bands.rulebook } : { kind: 'none' },
    rejectedRows: state.rejected.length,
    generation: state.generation,
  };
}

/** Puts a newly loaded table in place: the tables the UI pages, and the simulation's registry. */
function install(tables: TableStore, state: DataState): DataLoaded {
  dataStates.set(tables, state);
  tables.set('placements', placementsPaged(state, null));
  tables.set('placements.view', placementsPaged(state, null));
  tables.set('rejected', rejectedPaged(state.rejected, state.rejectedColumns));
  registerPlacementTable('placements', state.table);
  const options = (state.options = filterOptions(state));
  return { summary: summaryOf(state, state.table, state.table.rowCount), options };
}

// ---- Jobs ---------------------------------------------------------------------------------------------------------

/** The note shown with the default dataset, so nobody mistakes it for real placements. */
export const DEFAULT_DATASET_NOTE =
  'Counts are DfE’s published January 2025 figures by LA, setting, age and need; each placement’s cost and provider are modelled (fitted to published averages), not real placements.';

const loadDefault: JobHandler = async (_payload, context) => {
  context.progress(0, 3, 'Reading the England dataset');
  const cells = await readAssetText(context.assets, ASSET_PATHS.englandCells);
  throwIfCancelled(context.cancel);
  const costsJson: unknown = JSON.parse(await readAssetText(context.assets, ASSET_PATHS.datasetCosts));
  const { rulebook, issues } = loadRulebook(costsJson, { file: 'dataset-costs.rulebook.json' });
  if (!rulebook) throw new Error(`The shipped cost rulebook cannot be read: ${issues.map(formatRuleIssue).join('; ')}`);
  context.progress(1, 3, 'Building 638,745 placements');
  const table = expandDefaultDataset(cells, rulebook, DEFAULT_DATASET_SEED);
  throwIfCancelled(context.cancel);
  context.progress(2, 3, 'Summarising');
  const loaded = install(context.tables, {
    table,
    source: ENGLAND_2025_SOURCE,
    origin: 'default',
    note: `${DEFAULT_DATASET_NOTE} ${DFE_ATTRIBUTION}.`,
    file: 'england-2025',
    rejected: [],
    rejectedColumns: [],
    bands: null,
    generation: ++generations,
    options: null,
    full: null,
  });
  context.progress(3, 3);
  return loaded;
};

const dataSummary: JobHandler = (raw, context) => {
  const state = dataStates.get(context.tables);
  if (!state) throw new Error('No placement data is loaded yet.');
  const filters = ((raw as { filters?: PlacementFilters } | null)?.filters ?? {}) as PlacementFilters;
  const index = filterRows(state, filters);
  throwIfCancelled(context.cancel);
  state.generation = ++generations;
  context.tables.set('placements.view', placementsPaged(state, index));
  const summary = summaryOf(state, index ? subsetTable(state.table, index) : state.table, index ? index.length : state.table.rowCount);
  return { summary, options: state.options ?? (state.options = filterOptions(state)) } satisfies DataLoaded;
};

/** A cheap fingerprint of a file's bytes (FNV-1a over all of them, plus the length), to reuse a parse. */
function fingerprint(name: string, bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${name}:${bytes.length}:${(h >>> 0).toString(16)}`;
}

/** Reads every row of the sheet the importer will read (for the preview grid), and the workbook's visible sheets. */
async function readRawSheet(name: string, bytes: Uint8Array, sheet: string | undefined, chosen: string | undefined): Promise<{ sheets: string[]; sheet: string | null; rows: SheetCell[][]; truncated: boolean }> {
  const kind = sniffFile(bytes);
  if (kind === 'zip' || /\.(xlsx|xlsm)$/i.test(name)) {
    if (await checkXlsxContainer(bytes)) return { sheets: [], sheet: null, rows: [], truncated: false };
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      return { sheets: [], sheet: null, rows: [], truncated: false };
    }
    const visible = wb.worksheets.filter((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
    const want = (chosen ?? sheet)?.trim().toLowerCase();
    const ws = (want ? wb.worksheets.find((s) => s.name.trim().toLowerCase() === want) : undefined) ?? visible[0] ?? wb.worksheets[0];
    const rows: SheetCell[][] = [];
    let truncated = false;
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      if (n > PREVIEW_MAX_ROWS) {
        truncated = true;
        return;
      }
      rows[n - 1] = rowCells(row);
    });
    for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
    return { sheets: visible.map((s) => s.name), sheet: ws?.name ?? null, rows, truncated };
  }
  const { cells } = parseCsv(decodeText(bytes).text);
  return { sheets: [], sheet: null, rows: cells.slice(0, PREVIEW_MAX_ROWS), truncated: cells.length > PREVIEW_MAX_ROWS };
}

/** The raw sheet as a pageable table; columns the user drops (personal data) are masked, never shown. */
function sheetPaged(p: PreviewState): PagedTable {
  const letters = Array.from({ length: p.width }, (_, i) => columnLetter(i));
  return {
    rowCount: p.rows.length,
    columns: ['row', ...letters],
    cell(r, c) {
      if (c === 0) return r + 1;
      const cells = p.rows[r];
      if (!cells) return null;
      const v = cells[c - 1];
      if (v === null || v === undefined) return null;
      if (p.masked.has(c - 1) && r + 1 > p.headerRow) return '•••';
      if (typeof v === 'number' || typeof v === 'string') return v;
      return displayCell(v);
    },
  };
}

/** The plain-words title of a problem, by the importer's rule id. */
const RULE_TITLES: Record<string, string> = {
  'not-available-marker': 'A marker (x, z or c) where a value is needed',
  required: 'A needed value is missing',
  'not-a-number': 'Not a number',
  'unknown-setting': 'A setting we do not recognise',
  'unknown-need': 'A primary need we do not recognise',
  'age-range': 'An age outside 0–25',
  'duplicate-id': 'The same placement id twice',
  'la-code-unknown': 'An LA code that is not one of the 153',
  'la-code-pattern': 'An LA code that is not 3 digits',
  'excel-error': 'An Excel error in a cell',
  'formula-without-result': 'A formula with no saved result',
  'total-row': 'A total row, left out',
  'above-header': 'Rows above the header, not read',
  'personal-data': 'Personal data',
  'merged-header': 'A merged header cell',
  'text-read-as-number': 'Money written as text, read as numbers',
  'unreadable-file': 'The file cannot be read',
  encoding: 'The file’s text encoding',
};

function ruleTitle(rule: string): string {
  return RULE_TITLES[rule] ?? rule.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Issues grouped by problem (rule and column), errors first; each lists its rows. */
export function groupIssues(issues: readonly DataIssue[]): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const i of issues) {
    const key = `${i.severity}|${i.rule}|${i.column}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, severity: i.severity, rule: i.rule, column: i.column, title: ruleTitle(i.rule), count: 0, items: [] }));
    g.count++;
    if (g.items.length < ISSUE_ITEMS_PER_GROUP) g.items.push({ row: i.row, column: i.column, message: i.message });
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.items[0].row - b.items[0].row);
}

/** The mapping the importer is given: the user's mapping, with the personal-data choices made into drop/keep lists. */
function mappingFor(payload: ImportPayload, flagged: readonly PersonalDataFlag[] | null): MappingTemplate | undefined {
  if (!payload.mapping && payload.dropColumns === undefined) return undefined;
  const base: MappingTemplate = payload.mapping ?? { name: 'mapping', fields: {} };
  if (payload.dropColumns === undefined) return base;
  const drop = new Set(payload.dropColumns);
  // Flagged columns the user unticked are kept on purpose; everything they ticked, and any extra column, is dropped.
  const keep = (flagged ?? []).map((f) => f.header).filter((h) => h !== '' && !drop.has(h));
  const out: MappingTemplate = { ...base, drop: [...drop] };
  if (keep.length > 0) out.keep = keep;
  else delete out.keep;
  return out;
}

function reportOf(result: ImportResult, sheets: string[]): ImportReport {
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  return {
    file: result.file,
    sheet: result.sheet ?? null,
    sheets,
    format: result.format,
    fatal: result.fatal,
    header: result.header,
    mapping: result.mapping,
    personalData: result.personalData,
    counts: result.counts,
    groups: groupIssues(result.issues),
    errors,
    warnings: result.issues.length - errors,
  };
}

/** Runs the importer, reusing the last run when the file and every choice are the same (the wizard's confirm). */
async function runImport(context: JobContext, payload: ImportPayload): Promise<{ result: ImportResult; preview: PreviewState | undefined }> {
  const fp = fingerprint(payload.name, payload.bytes);
  const preview = previewStates.get(context.tables);
  const flagged = preview?.fingerprint === fp ? (preview.lastImport?.result.personalData ?? null) : null;
  const mapping = mappingFor(payload, flagged);
  const key = JSON.stringify({ fp, sheet: payload.sheet ?? null, mapping: mapping ?? null });
  if (preview && preview.fingerprint === fp && preview.lastImport?.key === key) return { result: preview.lastImport.result, preview };
  const result = await importPlacements(payload.bytes, { file: payload.name, ...(payload.sheet ? { sheet: payload.sheet } : {}), ...(mapping ? { mapping } : {}), personalData: 'drop' });
  if (preview && preview.fingerprint === fp) preview.lastImport = { key, result };
  return { result, preview: preview?.fingerprint === fp ? preview : undefined };
}

function checkImportPayload(raw: unknown): ImportPayload {
  const p = raw as Partial<ImportPayload> | null;
  if (!p || typeof p.name !== 'string' || !(p.bytes instanceof Uint8Array)) throw new Error('An import needs a file name and the file’s bytes.');
  return p as ImportPayload;
}

const dataPreview: JobHandler = async (raw, context) => {
  const payload = checkImportPayload(raw);
  const fp = fingerprint(payload.name, payload.bytes);
  let preview = previewStates.get(context.tables);
  context.progress(0, 2, 'Reading the file');
  if (!preview || preview.fingerprint !== fp || (payload.sheet && payload.sheet !== preview.sheet)) {
    const sheet = await readRawSheet(payload.name, payload.bytes, payload.mapping?.sheet, payload.sheet);
    preview = { fingerprint: fp, sheets: sheet.sheets, sheet: sheet.sheet, rows: sheet.rows, width: sheet.rows.reduce((w, r) => Math.max(w, r.length), 0), truncated: sheet.truncated, masked: new Set(), headerRow: 0, lastImport: null };
    previewStates.set(context.tables, preview);
  }
  throwIfCancelled(context.cancel);
  context.progress(1, 2, 'Checking every row');
  const { result } = await runImport(context, payload);
  // Columns the import drops are never shown, not even in the preview.
  preview.masked = new Set(result.header.columns.filter((c) => c.dropped && !c.mergedInto).map((c) => c.index));
  preview.headerRow = result.header.row;
  preview.width = Math.max(preview.width, result.header.columns.length);
  context.tables.set('import.sheet', sheetPaged(preview));
  const sample = placementsPaged({ table: result.table, source: '', origin: 'import', note: null, file: '', rejected: [], rejectedColumns: [], bands: null, generation: 0, options: null, full: null }, null);
  const sampleColumns = ['placement_id', 'la_code', 'setting_label', 'age', 'primary_need', 'annual_cost', 'provider_id', 'provider_name'].filter((c) => c === 'placement_id' || result.table.columns[c === 'setting_label' ? 'setting' : c]);
  const rows: Array<Array<string | number | null>> = [];
  for (let r = 0; r < Math.min(SAMPLE_ROWS, result.table.rowCount); r++) rows.push(sampleColumns.map((c) => sample.cell(r, sample.columns.indexOf(c))));
  context.progress(2, 2);
  return {
    ...reportOf(result, preview.sheets),
    sheetRows: preview.rows.length,
    sheetColumns: ['row', ...Array.from({ length: preview.width }, (_, i) => columnLetter(i))],
    sheetTruncated: preview.truncated,
    sample: { columns: sampleColumns, rows },
  } satisfies PreviewResult;
};

const dataImport: JobHandler = async (raw, context) => {
  const payload = checkImportPayload(raw);
  context.progress(0, 2, 'Importing');
  const { result, preview } = await runImport(context, payload);
  throwIfCancelled(context.cancel);
  const report = reportOf(result, preview?.sheets ?? []);
  if (result.fatal) return { ...report, committed: false, loaded: null } satisfies ImportDone;
  context.progress(1, 2, 'Summarising');
  const loaded = install(context.tables, {
    table: result.table,
    source: result.sheet ? `${result.file} [${result.sheet}]` : result.file,
    origin: 'import',
    note: null,
    file: result.file,
    ...(result.sheet ? { sheet: result.sheet } : {}),
    rejected: result.rejected,
    rejectedColumns: result.rejectedColumns,
    bands: null,
    generation: ++generations,
    options: null,
    full: null,
  });
  // The preview's copy of the file is not needed once the data is in.
  previewStates.delete(context.tables);
  context.tables.set('import.sheet', emptyPaged(['row']));
  context.progress(2, 2);
  return { ...report, committed: true, loaded } satisfies ImportDone;
};

const exportRejected: JobHandler = async (_raw, context) => {
  const state = dataStates.get(context.tables);
  if (!state) throw new Error('No placement data is loaded yet.');
  if (state.rejected.length === 0) throw new Error('No rows were rejected, so there is nothing to export.');
  const bytes = await writeRejectedWorkbook(state.rejected, state.rejectedColumns, { file: state.file, ...(state.sheet ? { sheet: state.sheet } : {}) });
  const stem = state.file.replace(/\.[^.]+$/, '');
  return { bytes, name: `${stem}-rejected-rows.xlsx`, rows: state.rejected.length };
};

/** The Data view's jobs, spread into ENGINE_JOBS (models/service/jobs.ts). */
export const DATA_JOBS: Record<string, JobHandler> = {
  /** {} → DataLoaded: the default England dataset as 'placements', with its summary and filter options. */
  'data.loadDefault': loadDefault,
  /** {filters?} → DataLoaded: the filtered rows as 'placements.view', their summary, and the option lists. */
  'data.summary': dataSummary,
  /** ImportPayload → PreviewResult: sheets, header, mapping, personal data, the validation report, 'import.sheet'. */
  'data.preview': dataPreview,
  /** ImportPayload → ImportDone: the accepted rows as 'placements', rejected rows as 'rejected'. */
  'data.import': dataImport,
  /** {} → {bytes, name, rows}: the rejected rows as a workbook with a reason column. */
  'data.exportRejected': exportRejected,
};

/** The order settings and needs are listed in (vocabulary order), for callers that sort option lists. */
export const VOCABULARY_ORDER = { setting: SETTING_CODES, need: NEED_CODES };
