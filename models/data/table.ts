/** The columnar placement table (typed columns with dictionaries) and buildTable, which checks rows and never throws. */
import { laOf, isLaCode } from '../vocab/las';
import { NEED_CODES, needOf } from '../vocab/needs';
import { MAX_AGE, MIN_AGE, NCY_OFFSET } from '../vocab/phases';
import { DFE_AGGREGATE_PLACEMENTS, SETTING_CODES, governanceOf, settingOf } from '../vocab/settings';
import { labelKey } from '../vocab/aliases';
import type { DataIssue, RejectedRow } from './issues';

export type { DataIssue, RejectedRow } from './issues';
export { formatIssue } from './issues';

export type NumberColumn = { kind: 'number'; values: Float64Array };
export type CategoryColumn = { kind: 'category'; codes: Int32Array; dictionary: string[] };
export type Column = NumberColumn | CategoryColumn;

export interface PlacementTable {
  rowCount: number;
  /** placement_id per row (unique). */
  ids: string[];
  /** Always present: la_code, setting, primary_need (category); age, annual_cost, count (number; count defaults to 1). Optional fields present only when the data has them. */
  columns: Record<string, Column>;
}

/**
 * A number column's values (NaN = missing). Throws if the table has no such column or it holds categories:
 * that is a programming error, not a data problem.
 * @example numberColumn(table, 'annual_cost')[0] // 63500
 */
export function numberColumn(t: PlacementTable, name: string): Float64Array {
  const col = Object.prototype.hasOwnProperty.call(t.columns, name) ? t.columns[name] : undefined;
  if (!col) throw new RangeError(`The placement table has no column "${name}".`);
  if (col.kind !== 'number') throw new TypeError(`Column "${name}" holds categories, not numbers.`);
  return col.values;
}

/**
 * A category column (codes into its dictionary, −1 = missing). Throws if absent or numeric.
 * @example const s = categoryColumn(table, 'setting'); s.dictionary[s.codes[0]] // 'iss'
 */
export function categoryColumn(t: PlacementTable, name: string): CategoryColumn {
  const col = Object.prototype.hasOwnProperty.call(t.columns, name) ? t.columns[name] : undefined;
  if (!col) throw new RangeError(`The placement table has no column "${name}".`);
  if (col.kind !== 'category') throw new TypeError(`Column "${name}" holds numbers, not categories.`);
  return col;
}

/**
 * An optional number column, or null when the data did not have it.
 * @example optionalNumberColumn(table, 'residential') // Float64Array or null
 */
export function optionalNumberColumn(t: PlacementTable, name: string): Float64Array | null {
  const col = Object.prototype.hasOwnProperty.call(t.columns, name) ? t.columns[name] : undefined;
  return col && col.kind === 'number' ? col.values : null;
}

/**
 * An optional category column, or null when the data did not have it.
 * @example optionalCategoryColumn(table, 'provider_id') // CategoryColumn or null
 */
export function optionalCategoryColumn(t: PlacementTable, name: string): CategoryColumn | null {
  const col = Object.prototype.hasOwnProperty.call(t.columns, name) ? t.columns[name] : undefined;
  return col && col.kind === 'category' ? col : null;
}

/**
 * The decoded value of one category cell, or null when missing.
 * @example categoryValue(categoryColumn(table, 'setting'), 0) // 'iss'
 */
export function categoryValue(col: CategoryColumn, row: number): string | null {
  const code = col.codes[row];
  return code === undefined || code < 0 ? null : (col.dictionary[code] ?? null);
}

export type PlacementField =
  | 'placement_id'
  | 'la_code'
  | 'setting'
  | 'age'
  | 'ncy'
  | 'primary_need'
  | 'annual_cost'
  | 'provider_id'
  | 'provider_name'
  | 'band'
  | 'place_funding'
  | 'top_up'
  | 'count'
  | 'need_score'
  | 'residential'
  | 'ap_tier'
  | 'governance';

export interface FieldSpec {
  name: PlacementField;
  /** 'id' is placement_id (kept in table.ids); 'number' and 'category' say how the column is stored. */
  kind: 'id' | 'number' | 'category';
  required: boolean;
  description: string;
  /** Other header texts read as this field (case, spacing and punctuation ignored). */
  aliases: readonly string[];
}

/** The fields of a placement, in column order. `age` or `ncy` is required (one of them); `ncy` is stored as age. */
export const PLACEMENT_FIELDS: readonly FieldSpec[] = [
  { name: 'placement_id', kind: 'id', required: true, description: 'Unique id of the placement (or cohort row).', aliases: ['id', 'placement id', 'placement ref', 'reference'] },
  { name: 'la_code', kind: 'category', required: true, description: '3-digit DfE code of the council that pays (e.g. 202).', aliases: ['la', 'la code', 'old_la_code', 'dfe la code', 'local authority'] },
  { name: 'setting', kind: 'category', required: true, description: 'Setting code or label (models/vocab/settings).', aliases: ['placement type', 'type of placement', 'setting type', 'placement setting'] },
  { name: 'age', kind: 'number', required: true, description: 'Age at the January census, 0–25 (or give ncy).', aliases: ['age at census', 'age in years'] },
  { name: 'ncy', kind: 'number', required: false, description: 'National curriculum year, −4 to 21; age = ncy + offset (4).', aliases: ['nc year', 'national curriculum year', 'year group'] },
  { name: 'primary_need', kind: 'category', required: true, description: 'SEN2 primary need code or label.', aliases: ['need', 'primary need', 'primary type of need', 'sen need'] },
  { name: 'annual_cost', kind: 'number', required: true, description: 'Cost to the high-needs block, £ per year (place funding + top-up, or the whole fee).', aliases: ['cost', 'annual cost', 'annual_cost_gbp', 'cost per year'] },
  { name: 'provider_id', kind: 'category', required: false, description: 'Provider identifier (URN, UKPRN or council reference).', aliases: ['provider', 'urn', 'ukprn', 'provider ref'] },
  { name: 'provider_name', kind: 'category', required: false, description: 'Provider name.', aliases: ['school name', 'provider name', 'school'] },
  { name: 'band', kind: 'category', required: false, description: 'Band taken from the data.', aliases: ['funding band', 'banding'] },
  { name: 'place_funding', kind: 'number', required: false, description: 'Place funding, £ per year.', aliases: ['place funding', 'element 2', 'place'] },
  { name: 'top_up', kind: 'number', required: false, description: 'Top-up, £ per year.', aliases: ['top up', 'topup', 'element 3'] },
  { name: 'count', kind: 'number', required: false, description: 'Placements in a cohort row, a whole number ≥ 1 (default 1).', aliases: ['number', 'placements', 'n', 'headcount'] },
  { name: 'need_score', kind: 'number', required: false, description: 'A level-of-need score.', aliases: ['need score', 'score'] },
  { name: 'residential', kind: 'number', required: false, description: 'Residential weeks a year: 38 or 52 (blank or 0 for a day placement).', aliases: ['residential weeks', 'weeks'] },
  { name: 'ap_tier', kind: 'number', required: false, description: 'AP tier 1–3.', aliases: ['ap tier', 'tier'] },
  { name: 'governance', kind: 'category', required: false, description: 'la_maintained or academy (decides the S251 line).', aliases: ['governance type', 'school type'] },
];

const FIELD_BY_KEY = new Map<string, PlacementField>();
for (const f of PLACEMENT_FIELDS) for (const label of [f.name, ...f.aliases]) FIELD_BY_KEY.set(labelKey(label), f.name);

/** Columns every built table has, in order; optional ones follow in PLACEMENT_FIELDS order. */
const ALWAYS: readonly PlacementField[] = ['la_code', 'setting', 'primary_need', 'age', 'annual_cost', 'count'];
const OPTIONAL_COLUMNS: readonly PlacementField[] = ['provider_id', 'provider_name', 'band', 'place_funding', 'top_up', 'need_score', 'residential', 'ap_tier', 'governance'];

/** A cost above this is kept with a warning asking for a check (bespoke packages can exceed it, rarely). */
export const HIGH_COST_WARNING = 1_000_000;

export interface BuildOptions {
  /** File name used in every message. */
  file: string;
  /** Worksheet name, for workbooks. */
  sheet?: string;
  /** Spreadsheet row number of rows[0]; default 2 (row 1 is the header). */
  firstRow?: number;
  /** NCY offset (age = ncy + offset); default NCY_OFFSET.value = 4. */
  ncyOffset?: number;
}

export interface BuildResult {
  table: PlacementTable;
  issues: DataIssue[];
  rejected: RejectedRow[];
  /** For each table row, the spreadsheet row it came from. */
  sourceRows: Int32Array;
}

const MARKER_MEANING: Record<string, string> = { x: 'not available', z: 'not applicable', c: 'confidential' };

/** Why a value could not be read: blank, a DfE marker (x, z, c), or something else. */
type Problem = { readonly status: 'blank' } | { readonly status: 'marker'; readonly marker: string } | { readonly status: 'bad'; readonly why: string };

const BLANK: Problem = { status: 'blank' };
const MARKERS: Readonly<Record<string, Problem>> = {
  x: { status: 'marker', marker: 'x' },
  z: { status: 'marker', marker: 'z' },
  c: { status: 'marker', marker: 'c' },
};

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MONEY_TEXT = /^[-+(]?\s*[£$€]?\s*[-+]?\s*\d[\d,\s]*(?:\.\d+)?\s*\)?\s*(?:[kKmM]|gbp|GBP)?$/;

/** How a value is quoted in a message: text in double quotes (shortened), numbers as written. */
function show(v: unknown): string {
  if (typeof v === 'string') {
    const s = v.length > 40 ? `${v.slice(0, 37)}…` : v;
    return `"${s}"`;
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return `a value of type ${typeof v}`;
}

function markerOf(t: string): Problem | undefined {
  return t.length === 1 ? MARKERS[t.toLowerCase()] : undefined;
}

/** A number, or why there is none. Numbers and plain numeric text are read; currency text is refused, with a hint. */
function readNumber(v: unknown): number | Problem {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    return Number.isNaN(v) ? BLANK : { status: 'bad', why: `${show(v)} is not a finite number` };
  }
  if (v === undefined || v === null) return BLANK;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return BLANK;
    const marker = markerOf(t);
    if (marker) return marker;
    if (PLAIN_NUMBER.test(t)) {
      const n = Number(t);
      return Number.isFinite(n) ? n : { status: 'bad', why: `${show(v)} is not a finite number` };
    }
    if (MONEY_TEXT.test(t)) {
      const hint = plainHint(t);
      return { status: 'bad', why: `${show(v)} is not a plain number (currency symbols, thousands separators and brackets are not read yet${hint ? `: write it as ${hint}` : ''})` };
    }
    return { status: 'bad', why: `${show(v)} is not a number` };
  }
  if (typeof v === 'bigint') return Number(v);
  return { status: 'bad', why: `${show(v)} is not a number` };
}

/** How money text would be written as a plain number ("£1,234.50" → 1234.50, "(500)" → -500), or null. */
function plainHint(text: string): string | null {
  if (/[kKmM]$|gbp$/i.test(text)) return null;
  const negative = /^\(.*\)$/.test(text) || /-/.test(text);
  const bare = text.replace(/[£$€()+\-\s]/g, '');
  // Only thousands separators in threes: "1,5" may be a decimal comma, so no guess is offered.
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(bare)) return null;
  const digits = bare.replace(/,/g, '');
  return negative ? `-${digits}` : digits;
}

/** Trimmed text (numbers written as text), or why there is none. */
function readText(v: unknown): string | Problem {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return BLANK;
    return markerOf(t) ?? t;
  }
  if (v === undefined || v === null) return BLANK;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return BLANK;
    return Number.isFinite(v) ? String(v) : { status: 'bad', why: `${show(v)} is not text` };
  }
  if (typeof v === 'bigint') return String(v);
  return { status: 'bad', why: `${show(v)} is not text or a number` };
}

class NumberBuilder {
  readonly values: number[] = [];
  build(): NumberColumn {
    return { kind: 'number', values: Float64Array.from(this.values) };
  }
}

class CategoryBuilder {
  readonly codes: number[] = [];
  readonly dictionary: string[];
  private readonly index = new Map<string, number>();
  constructor(fixed: readonly string[] = []) {
    this.dictionary = [...fixed];
    fixed.forEach((v, i) => this.index.set(v, i));
  }
  push(value: string | null): void {
    if (value === null) {
      this.codes.push(-1);
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.index.set(value, code);
    }
    this.codes.push(code);
  }
  build(): CategoryColumn {
    return { kind: 'category', codes: Int32Array.from(this.codes), dictionary: this.dictionary };
  }
}

/** What a required field is called in "a … is needed". */
const NEEDED: Partial<Record<PlacementField, string>> = {
  placement_id: 'a placement id',
  la_code: 'an LA code',
  setting: 'a setting',
  primary_need: 'a primary need',
  age: 'an age',
  ncy: 'an age',
  annual_cost: 'a cost',
  count: 'the number of placements',
};

const REJECTED = ', so the row is rejected';

interface Finding {
  severity: DataIssue['severity'];
  column: string;
  rule: string;
  message: string;
}

/**
 * Builds the columnar placement table from rows of values keyed by header text, checking every rule of DESIGN §6.
 * It never throws on data: a row that breaks a rule is rejected (kept, with its reasons) and each problem is an
 * issue naming file, row and column. Headers are matched to fields ignoring case and punctuation ("Annual cost" is
 * annual_cost); settings and needs accept codes and DfE/council labels; `ncy` is turned into age with the NCY
 * offset. Columns that are not placement fields are ignored with a warning on row 1.
 * @example
 * const {table, issues, rejected} = buildTable(
 *   [{placement_id: 'P1', la_code: '202', setting: 'Special - independent', age: 12, primary_need: 'Autism', annual_cost: '63500'},
 *    {placement_id: 'P2', la_code: '202', setting: 'iss', age: 9, primary_need: 'SEMH', annual_cost: 'x'}],
 *   {file: 'placements.csv'});
 * table.rowCount // 1
 * issues.map(formatIssue) // ['placements.csv: row 3, column annual_cost: "x" means not available: a cost is needed, so the row is rejected']
 */
export function buildTable(rows: Array<Record<string, unknown>>, options: BuildOptions): BuildResult {
  const file = options.file;
  const sheet = options.sheet;
  const firstRow = options.firstRow ?? 2;
  const issues: DataIssue[] = [];
  const rejected: RejectedRow[] = [];
  const issue = (severity: DataIssue['severity'], row: number, column: string, rule: string, message: string): void => {
    issues.push(sheet === undefined ? { severity, file, row, column, rule, message } : { severity, file, sheet, row, column, rule, message });
  };
  const input: readonly unknown[] = Array.isArray(rows) ? rows : [];

  // The header: every key any row has, first seen first, mapped to a field.
  const headerKeys: string[] = [];
  const seenKeys = new Set<string>();
  for (const row of input) {
    for (const key of safeKeys(row)) {
      if (!seenKeys.has(key)) {
        seenKeys.add(key);
        headerKeys.push(key);
      }
    }
  }
  const keyOf = new Map<PlacementField, string>();
  for (const key of headerKeys) {
    const field = FIELD_BY_KEY.get(labelKey(key));
    if (field === undefined) {
      issue('warning', 1, key === '' ? '(blank header)' : key, 'unknown-column', 'is not a placement field, so it is ignored');
    } else if (keyOf.has(field)) {
      issue('warning', 1, key, 'duplicate-column', `is read as ${field}, which column ${keyOf.get(field)} already gives, so it is ignored`);
    } else {
      keyOf.set(field, key);
    }
  }
  const headerReasons: string[] = [];
  if (input.length > 0) {
    for (const f of ['placement_id', 'la_code', 'setting', 'primary_need', 'annual_cost'] as const) {
      if (!keyOf.has(f)) {
        const message = `there is no such column: every placement needs ${NEEDED[f]}, so every row is rejected`;
        issue('error', 1, f, 'missing-column', message);
        headerReasons.push(`${f}: ${message}`);
      }
    }
    if (!keyOf.has('age') && !keyOf.has('ncy')) {
      const message = 'there is no age or ncy column: every placement needs an age, so every row is rejected';
      issue('error', 1, 'age', 'missing-column', message);
      headerReasons.push(`age: ${message}`);
    }
  }

  const ids: string[] = [];
  const sourceRows: number[] = [];
  const laCol = new CategoryBuilder();
  const settingCol = new CategoryBuilder(SETTING_CODES);
  const needCol = new CategoryBuilder(NEED_CODES);
  const ageCol = new NumberBuilder();
  const costCol = new NumberBuilder();
  const countCol = new NumberBuilder();
  const checker = new RowChecker(keyOf, options.ncyOffset ?? NCY_OFFSET.value);
  const optionalBuilders = checker.optional.map((o) => (o.kind === 'number' ? new NumberBuilder() : new CategoryBuilder()));

  for (let i = 0; i < input.length; i++) {
    const rowNumber = firstRow + i;
    const raw = input[i];
    const values: Record<string, unknown> = isRecord(raw) ? raw : {};
    checker.reset();
    let ok = false;
    try {
      if (!isRecord(raw)) checker.rowError('(row)', 'not-a-record', `the row is ${show(raw)}, not a set of named values${REJECTED}`);
      else ok = checker.check(raw, rowNumber);
    } catch (e) {
      checker.rowError('(row)', 'unreadable', `the row could not be read (${e instanceof Error ? e.message : 'unknown problem'})${REJECTED}`);
      ok = false;
    }
    for (const f of checker.found) issue(f.severity, rowNumber, f.column, f.rule, f.message);
    if (!ok || checker.errors > 0 || headerReasons.length > 0) {
      const reasons = [...headerReasons];
      for (const f of checker.found) if (f.severity === 'error') reasons.push(`${f.column}: ${f.message}`);
      rejected.push({ row: rowNumber, values, reasons });
      continue;
    }
    ids.push(checker.id);
    sourceRows.push(rowNumber);
    laCol.push(checker.la);
    settingCol.push(checker.setting);
    needCol.push(checker.need);
    ageCol.values.push(checker.age);
    costCol.values.push(checker.cost);
    countCol.values.push(checker.count);
    for (let k = 0; k < optionalBuilders.length; k++) {
      const builder = optionalBuilders[k];
      const v = checker.optionalValues[k];
      if (builder instanceof NumberBuilder) builder.values.push(typeof v === 'number' ? v : NaN);
      else builder.push(typeof v === 'string' ? v : null);
    }
  }

  const columns: Record<string, Column> = {};
  const always: Record<string, Column> = {
    la_code: laCol.build(),
    setting: settingCol.build(),
    primary_need: needCol.build(),
    age: ageCol.build(),
    annual_cost: costCol.build(),
    count: countCol.build(),
  };
  for (const f of ALWAYS) columns[f] = always[f];
  checker.optional.forEach((o, k) => {
    columns[o.field] = optionalBuilders[k].build();
  });
  return { table: { rowCount: ids.length, ids, columns }, issues, rejected, sourceRows: Int32Array.from(sourceRows) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function safeKeys(row: unknown): string[] {
  if (!isRecord(row)) return [];
  try {
    return Object.keys(row);
  } catch {
    return [];
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The message for a required value that is blank, a DfE marker or unreadable. */
function requiredProblem(p: Problem, field: PlacementField): { rule: string; message: string } {
  const needed = NEEDED[field] ?? `a value for ${field}`;
  switch (p.status) {
    case 'blank':
      return { rule: 'required', message: `there is no value: ${needed} is needed${REJECTED}` };
    case 'marker':
      return { rule: 'not-available-marker', message: `"${p.marker}" means ${MARKER_MEANING[p.marker]}: ${needed} is needed${REJECTED}` };
    case 'bad':
      return { rule: 'not-a-number', message: `${p.why}${REJECTED}` };
  }
}

function aggregateOf(label: string): readonly string[] | null {
  const key = labelKey(label);
  for (const [name, settings] of Object.entries(DFE_AGGREGATE_PLACEMENTS)) if (labelKey(name) === key) return settings;
  return null;
}

/**
 * Checks one row at a time against every rule; one instance serves the whole file, so the happy path allocates
 * almost nothing per row. After `check`, the read values sit in its fields.
 */
class RowChecker {
  readonly found: Finding[] = [];
  errors = 0;
  id = '';
  la = '';
  setting = '';
  need = '';
  age = 0;
  cost = 0;
  count = 1;
  /** Optional fields the data has, in column order, and their values for the current row. */
  readonly optional: Array<{ field: PlacementField; key: string; kind: 'number' | 'category' }>;
  readonly optionalValues: Array<number | string | null>;

  private readonly firstRowOfId = new Map<string, number>();
  private readonly settingCache = new Map<string, ReturnType<typeof settingOf>>();
  private readonly needCache = new Map<string, ReturnType<typeof needOf>>();
  private readonly laCache = new Map<string, { code: string; warning: Finding | null }>();
  private row: Record<string, unknown> = {};
  private readonly k: Record<PlacementField, string | undefined>;

  constructor(
    private readonly keyOf: Map<PlacementField, string>,
    private readonly ncyOffset: number,
  ) {
    const k = {} as Record<PlacementField, string | undefined>;
    for (const f of PLACEMENT_FIELDS) k[f.name] = keyOf.get(f.name);
    this.k = k;
    this.optional = [];
    for (const f of OPTIONAL_COLUMNS) {
      const key = keyOf.get(f);
      if (key === undefined) continue;
      const spec = PLACEMENT_FIELDS.find((s) => s.name === f);
      this.optional.push({ field: f, key, kind: spec?.kind === 'number' ? 'number' : 'category' });
    }
    this.optionalValues = this.optional.map(() => null);
  }

  reset(): void {
    this.found.length = 0;
    this.errors = 0;
  }

  rowError(column: string, rule: string, message: string): void {
    this.found.push({ severity: 'error', column, rule, message });
    this.errors++;
  }

  private col(f: PlacementField): string {
    return this.k[f] ?? f;
  }

  private error(f: PlacementField, rule: string, message: string): void {
    this.rowError(this.col(f), rule, message);
  }

  private warn(f: PlacementField, rule: string, message: string): void {
    this.found.push({ severity: 'warning', column: this.col(f), rule, message });
  }

  private get(f: PlacementField): unknown {
    const key = this.k[f];
    return key !== undefined && hasOwn.call(this.row, key) ? this.row[key] : undefined;
  }

  /** Reads and checks a row; true when every required value was read (errors may still reject it). */
  check(row: Record<string, unknown>, rowNumber: number): boolean {
    this.row = row;
    const k = this.k;
    let ok = true;

    // placement_id: required and unique. An id is remembered even when its row is rejected, so a repeat is caught.
    if (k.placement_id !== undefined) {
      const r = readText(this.get('placement_id'));
      const id = typeof r === 'string' ? r : r.status === 'marker' ? r.marker : null;
      if (id !== null) {
        this.id = id;
        const earlier = this.firstRowOfId.get(id);
        if (earlier !== undefined) this.error('placement_id', 'duplicate-id', `${show(id)} is already used at row ${earlier}: each placement needs its own id${REJECTED}`);
        else this.firstRowOfId.set(id, rowNumber);
      } else {
        ok = false;
        this.requiredError('placement_id', r as Problem, 'not-text');
      }
    } else ok = false;

    // la_code: 3-digit DfE code; ONS codes and LA names are read as the DfE code; anything else is kept with a warning.
    if (k.la_code !== undefined) {
      const r = readText(this.get('la_code'));
      if (typeof r === 'string') {
        let cached = this.laCache.get(r);
        if (cached === undefined) {
          cached = this.readLa(r);
          this.laCache.set(r, cached);
        }
        this.la = cached.code;
        if (cached.warning) this.found.push(cached.warning);
      } else {
        ok = false;
        this.requiredError('la_code', r, 'not-text');
      }
    } else ok = false;

    // setting: a code or a label.
    if (k.setting !== undefined) {
      const r = readText(this.get('setting'));
      if (typeof r === 'string') {
        let code = this.settingCache.get(r);
        if (code === undefined) {
          code = settingOf(r);
          this.settingCache.set(r, code);
        }
        if (code !== null) this.setting = code;
        else {
          ok = false;
          const spans = aggregateOf(r);
          if (spans) this.error('setting', 'aggregate-setting', `${show(r)} adds up several settings (${spans.join(', ')}): give the placement's own setting${REJECTED}`);
          else this.error('setting', 'unknown-setting', `${show(r)} is not a setting we know (use a code such as iss or a DfE label such as "Special - independent")${REJECTED}`);
        }
      } else {
        ok = false;
        this.requiredError('setting', r, 'not-text');
      }
    } else ok = false;

    // primary_need: an SEN2 code or a label.
    if (k.primary_need !== undefined) {
      const r = readText(this.get('primary_need'));
      if (typeof r === 'string') {
        let code = this.needCache.get(r);
        if (code === undefined) {
          code = needOf(r);
          this.needCache.set(r, code);
        }
        if (code !== null) this.need = code;
        else {
          ok = false;
          this.error('primary_need', 'unknown-need', `${show(r)} is not a primary need we know (use an SEN2 code such as ASD or a label such as "Autistic spectrum disorder")${REJECTED}`);
        }
      } else {
        ok = false;
        this.requiredError('primary_need', r, 'not-text');
      }
    } else ok = false;

    if (!this.checkAge()) ok = false;

    // annual_cost: a plain number, £0 or more.
    if (k.annual_cost !== undefined) {
      const r = readNumber(this.get('annual_cost'));
      if (typeof r === 'number') {
        if (r < 0) {
          ok = false;
          this.error('annual_cost', 'negative-cost', `${r} is negative: a cost must be £0 or more${REJECTED}`);
        } else {
          this.cost = r;
          if (r === 0) this.warn('annual_cost', 'zero-cost', 'the cost is £0: kept, but check that this placement really costs the high-needs block nothing');
          else if (r > HIGH_COST_WARNING) this.warn('annual_cost', 'high-cost', `${r} is more than £${HIGH_COST_WARNING.toLocaleString('en-GB')} a year: kept, but check it`);
        }
      } else {
        ok = false;
        this.requiredError('annual_cost', r, 'not-a-number');
      }
    } else ok = false;

    // count: blank means 1; otherwise a whole number of placements, 1 or more.
    this.count = 1;
    if (k.count !== undefined) {
      const r = readNumber(this.get('count'));
      if (typeof r === 'number') {
        if (!Number.isInteger(r)) this.error('count', 'count-not-whole', `${r} is not a whole number: count is a number of placements (1 or more)${REJECTED}`);
        else if (r < 1) this.error('count', 'count-below-one', `${r} is less than 1: count is a number of placements (1 or more)${REJECTED}`);
        else this.count = r;
      } else if (r.status !== 'blank') this.requiredError('count', r, 'not-a-number');
    }

    this.checkOptional();
    return ok;
  }

  private requiredError(f: PlacementField, p: Problem, badRule: string): void {
    const { rule, message } = requiredProblem(p, f);
    this.error(f, rule === 'not-a-number' ? badRule : rule, message);
  }

  private readLa(text: string): { code: string; warning: Finding | null } {
    const column = this.col('la_code');
    if (/^\d{3}$/.test(text)) {
      return {
        code: text,
        warning: isLaCode(text) ? null : { severity: 'warning', column, rule: 'la-code-unknown', message: `${show(text)} is not one of the 153 DfE LA codes in use in January 2025: kept as given` },
      };
    }
    const found = laOf(text);
    if (found) return { code: found.code, warning: null };
    return { code: text, warning: { severity: 'warning', column, rule: 'la-code-pattern', message: `${show(text)} is not a 3-digit DfE LA code (such as 202 for Camden): kept as given` } };
  }

  /** Age from `age`, or from `ncy` when age is blank; whole years 0–25. False when there is no usable age. */
  private checkAge(): boolean {
    const k = this.k;
    if (k.age === undefined && k.ncy === undefined) return false; // reported once, on the header
    const ageRead = k.age !== undefined ? readNumber(this.get('age')) : BLANK;
    const ncyRead = k.ncy !== undefined ? readNumber(this.get('ncy')) : BLANK;
    const offset = this.ncyOffset;
    const minNcy = MIN_AGE - offset;
    const maxNcy = MAX_AGE - offset;
    const ageBlank = typeof ageRead !== 'number' && ageRead.status === 'blank';

    let ncyAge: number | null = null;
    if (typeof ncyRead === 'number') {
      const outside = ncyRead < minNcy || ncyRead >= maxNcy + 1;
      if (outside && ageBlank) {
        this.error('ncy', 'ncy-range', `${ncyRead} is outside ${minNcy} to ${maxNcy} (ages ${MIN_AGE}–${MAX_AGE} with NCY = age − ${offset})${REJECTED}`);
        return false;
      }
      if (outside) this.warn('ncy', 'ncy-range', `${ncyRead} is outside ${minNcy} to ${maxNcy}: the age column is used`);
      else {
        ncyAge = Math.floor(ncyRead) + offset;
        if (!Number.isInteger(ncyRead) && ageBlank) this.warn('ncy', 'ncy-not-whole', `${ncyRead} is not a whole year group: taken as ${Math.floor(ncyRead)} (age ${ncyAge})`);
      }
    }

    if (typeof ageRead === 'number') {
      if (ageRead < MIN_AGE || ageRead >= MAX_AGE + 1) {
        this.error('age', 'age-range', `${ageRead} is outside ${MIN_AGE}–${MAX_AGE}, the ages EHC plans cover${REJECTED}`);
        return false;
      }
      const whole = Math.floor(ageRead);
      if (whole !== ageRead) this.warn('age', 'age-not-whole', `${ageRead} is not a whole number of years: taken as ${whole} (age in completed years)`);
      if (ncyAge !== null && ncyAge !== whole) {
        this.warn('ncy', 'age-ncy-disagree', `NCY ${ncyRead} means age ${ncyAge} (NCY = age − ${offset}), but the age column says ${whole}: the age is used`);
      }
      this.age = whole;
      return true;
    }
    if (ageBlank) {
      if (ncyAge !== null) {
        this.age = ncyAge;
        return true;
      }
      if (typeof ncyRead !== 'number' && ncyRead.status === 'blank') {
        const both = k.age !== undefined && k.ncy !== undefined;
        this.error(k.age !== undefined ? 'age' : 'ncy', 'required', `there is no value${both ? ' in age or ncy' : ''}: an age is needed${REJECTED}`);
        return false;
      }
      if (typeof ncyRead !== 'number') this.requiredError('ncy', ncyRead, 'not-a-number');
      return false;
    }
    this.requiredError('age', ageRead, 'not-a-number');
    return false;
  }

  /** Optional fields: an unreadable value is left blank with a warning (the row's cost is still usable). */
  private checkOptional(): void {
    const values = this.optionalValues;
    let placeFunding = NaN;
    let topUp = NaN;
    for (let i = 0; i < this.optional.length; i++) {
      const { field: f, kind } = this.optional[i];
      values[i] = null;
      const value = this.get(f);
      if (kind === 'number') {
        const r = readNumber(value);
        if (typeof r !== 'number') {
          if (r.status === 'bad') this.warn(f, 'not-a-number', `${r.why}, so it is left blank`);
          continue; // blank, or x/z/c: simply not known
        }
        if (f === 'residential' && r !== 0 && r !== 38 && r !== 52) this.warn(f, 'residential-weeks', `${r} weeks is not 38 (term-time) or 52 (all year): kept as given`);
        if (f === 'ap_tier' && !(r === 1 || r === 2 || r === 3)) {
          this.warn(f, 'ap-tier', `${r} is not an AP tier (1, 2 or 3), so it is left blank`);
          continue;
        }
        if ((f === 'place_funding' || f === 'top_up') && r < 0) this.warn(f, 'negative-amount', `${r} is negative: kept, but check it`);
        if (f === 'place_funding') placeFunding = r;
        if (f === 'top_up') topUp = r;
        values[i] = r;
      } else {
        const r = readText(value);
        if (typeof r !== 'string') {
          if (r.status === 'bad') this.warn(f, 'not-text', `${r.why}, so it is left blank`);
          continue;
        }
        if (f === 'governance') {
          const g = governanceOf(r);
          if (g === null) {
            this.warn(f, 'unknown-governance', `${show(r)} is not la_maintained or academy, so it is left blank`);
            continue;
          }
          values[i] = g;
        } else values[i] = r;
      }
    }
    // place_funding + top_up should make the annual cost.
    if (this.errors === 0 && !Number.isNaN(placeFunding) && !Number.isNaN(topUp) && Math.abs(placeFunding + topUp - this.cost) > 0.5) {
      this.warn('annual_cost', 'cost-split', `place funding ${placeFunding} + top-up ${topUp} = ${placeFunding + topUp}, not the annual cost ${this.cost}: the annual cost is used`);
    }
  }
}
