/** Readers for DfE's published EHC plan statistics (caseload, needs, new and ceased plans) into typed records, with look-ups and flow summaries. */
import { readCsvRecords } from './csv';
import { SETTINGS, settingOf, type SettingCode } from '../vocab/settings';
import { NEEDS, type NeedCode } from '../vocab/needs';
import { MAX_AGE, MIN_AGE } from '../vocab/phases';

/*
 * The files are read exactly as DfE publishes them (Education, health and care plans, reporting year 2025,
 * https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans):
 * UTF-8 with a byte-order mark, LA names with commas inside quotes, `x` (not available), `z` (not applicable) and
 * `c` (confidential) in numeric columns, rows at national, regional and LA level, and one breakdown per row
 * (breakdown_topic + breakdown). Nothing here reads a file: callers pass the text (models/ is pure).
 */

/** DfE's markers for a figure that is not given: x not available, z not applicable, c confidential. */
export type DfeMarker = 'x' | 'z' | 'c';

/** Geographic level of a row. */
export type DfeLevel = 'national' | 'regional' | 'la';

/** The settings DfE counts (all ours but independent AP, which DfE does not separate). */
export type DfeSetting = Exclude<SettingCode, 'ap_independent'>;

/** The 13 primary needs DfE publishes (Down syndrome is inside OTH, so DS never appears). */
export type DfeNeed = Exclude<NeedCode, 'DS'>;

/** Why a plan ceased: DfE's ceased_plans.csv columns, in file order. */
export type CeaseReason = 'max_age' | 'needs_met' | 'he' | 'employ' | 'transfer' | 'no_engage' | 'moved_outside_eng' | 'deceased' | 'not_rec' | 'other';

/** DfE's own description of each cease reason (data-guidance.txt, ceased_plans.csv), verbatim. */
export const CEASE_REASONS: Readonly<Record<CeaseReason, string>> = {
  max_age: 'Number where maximum age reached',
  needs_met: 'Number where educational or training needs met without a plan',
  he: 'Number moved to higher education',
  employ: 'Number moved to paid employment',
  transfer: 'Number transferred to another LA',
  no_engage: 'Number where young person no longer wishes to engage in education or training',
  moved_outside_eng: 'Number who have moved outside England',
  deceased: 'Number where child or young person deceased',
  not_rec: 'Number ceased for other reasons',
  other: 'Number where reason is not recorded',
};

/** Cease reasons in file order. */
export const CEASE_REASON_CODES = Object.keys(CEASE_REASONS) as CeaseReason[];

/** The DfE-counted settings, in vocabulary order. */
export const DFE_SETTINGS: readonly DfeSetting[] = SETTINGS.filter((s) => s.dfeColumns.length > 0).map((s) => s.code as DfeSetting);

/** The needs DfE publishes, in vocabulary order, with their column in sen_needs_all_plans.csv. */
export const DFE_NEEDS: readonly DfeNeed[] = NEEDS.filter((n) => n.dfeColumn !== null).map((n) => n.code as DfeNeed);
const NEED_COLUMN: Readonly<Record<DfeNeed, string>> = Object.fromEntries(NEEDS.filter((n) => n.dfeColumn !== null).map((n) => [n.code, n.dfeColumn as string])) as Record<DfeNeed, string>;

/** "Type of placement" labels that total several detail rows: a sum over rows must skip them or count twice. */
export const DFE_PLACEMENT_TOTAL_LABELS: ReadonlySet<string> = new Set(['Mainstream - total', 'Special - total', 'FE - total', 'AP/PRU - total', 'Educated elsewhere - total']);

/** The ages a DfE age label covers. `under 3` and `age 2 and under` cover 0–2; `age 20 and over` covers 20–25. */
export interface AgeBand {
  /** The label as DfE writes it, e.g. "under 3", "age 14", "age 20 and over". */
  label: string;
  /** Youngest and oldest age covered, inclusive (0–25). */
  min: number;
  max: number;
}

/** What every DfE row carries: where it is in the file, the period, the geography and the breakdown. */
export interface DfeRow {
  /** Spreadsheet row number in the file (the header is row 1). */
  row: number;
  /** time_period as published: "202425" (academic year; the January 2025 census) or "2024" (calendar year). */
  period: string;
  /** The calendar year: the census January for academic periods (202425 → 2025), the year itself for calendar periods. */
  year: number;
  level: DfeLevel;
  regionCode: string | null;
  regionName: string | null;
  /** 3-digit DfE code (old_la_code); null above LA level. */
  la: string | null;
  laName: string | null;
  /** 9-character ONS code (new_la_code); null above LA level. */
  ons: string | null;
  /** breakdown_topic, e.g. "All EHC plans", "Child or young persons age", "Type of placement". */
  topic: string;
  /** breakdown, e.g. "age 14", "Special - independent". */
  breakdown: string;
  /** The ages the row covers when its topic is an age (current age, age at start or age at ceasing); else null. */
  age: AgeBand | null;
  /** Every numeric column as published: a number, or null where DfE wrote x, z, c or nothing. */
  columns: Record<string, number | null>;
  /** The markers behind the nulls in `columns`, by column. */
  markers: Record<string, DfeMarker>;
}

/** A row of caseload.csv (active plans at January) or newplans.csv (plans started in a calendar year). */
export interface PlacementRecord extends DfeRow {
  /** ehcplans (caseload) or new_ehc_plans (new plans); null when not published. */
  total: number | null;
  /**
   * Plans per setting: the sum of its DfE columns (DESIGN §2 table). Where a detail column is x, z or c, DfE's
   * published subtotal (ed_elsewhere, ap_pru_total) is used if there is one; otherwise null.
   */
  bySetting: Record<DfeSetting, number | null>;
}

/** A row of caseload.csv: active EHC plans at the January census. */
export type CaseloadRecord = PlacementRecord;
/** A row of newplans.csv: new EHC plans made in a calendar year (age = age when the plan started). */
export type NewPlansRecord = PlacementRecord;

/** A row of sen_needs_all_plans.csv: active plans at January 2025 by primary need. */
export interface NeedsRecord extends DfeRow {
  /** ehc_plans; null when not published. */
  total: number | null;
  /** Plans per primary need; null where suppressed (Surrey's breakdowns, for example). */
  byNeed: Record<DfeNeed, number | null>;
  /** For "Type of placement" rows: the setting of a detail label; null for other topics and for totals. */
  setting: DfeSetting | null;
  /** True for "Type of placement" rows that total several detail rows ("Mainstream - total", "AP/PRU - total", …). */
  placementTotal: boolean;
}

/** A row of ceased_plans.csv: plans ceased in a calendar year, by reason (age = age when the plan ceased). */
export interface CeasedRecord extends DfeRow {
  /** total_ceased; null when not published. */
  total: number | null;
  byReason: Record<CeaseReason, number | null>;
  /** For "Type of placement" rows (the last setting attended): the setting of a detail label; else null. */
  setting: DfeSetting | null;
  placementTotal: boolean;
}

/** A file that is not the DfE file the reader expects, or a value that is neither a number nor a marker. */
export class DfeFormatError extends Error {}

const GEO_COLUMNS = ['time_period', 'time_identifier', 'geographic_level', 'region_code', 'region_name', 'new_la_code', 'old_la_code', 'la_name', 'breakdown_topic', 'breakdown'];
const TEXT_COLUMNS = new Set([...GEO_COLUMNS, 'country_code', 'country_name']);
const LEVELS: Readonly<Record<string, DfeLevel>> = { National: 'national', Regional: 'regional', 'Local authority': 'la' };
const AGE_TOPICS = new Set(['Child or young persons age', 'Age when plan started', 'Age plan ceased']);
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * The ages an age label covers, or null for "unknown" and anything that is not an age.
 * @example ageBandOf('under 3')          // {label: 'under 3', min: 0, max: 2}
 * @example ageBandOf('age 14')           // {label: 'age 14', min: 14, max: 14}
 * @example ageBandOf('age 20 and over')  // {label: 'age 20 and over', min: 20, max: 25}
 * @example ageBandOf('Age unknown')      // null
 */
export function ageBandOf(label: string): AgeBand | null {
  const t = label.trim().toLowerCase();
  if (t === 'under 3') return { label, min: MIN_AGE, max: 2 };
  let m = /^age (\d+) and under$/.exec(t);
  if (m) return { label, min: MIN_AGE, max: Number(m[1]) };
  m = /^age (\d+) and over$/.exec(t);
  if (m) return { label, min: Number(m[1]), max: MAX_AGE };
  m = /^age (\d+)$/.exec(t);
  if (m) {
    const a = Number(m[1]);
    return a >= MIN_AGE && a <= MAX_AGE ? { label, min: a, max: a } : null;
  }
  return null;
}

/** Parses the shared columns of every DfE file; `numeric` names the columns to read as numbers. */
function readRows(text: string, file: string, required: readonly string[]): Array<{ base: DfeRow; raw: Record<string, string> }> {
  const csv = readCsvRecords(text);
  if (csv.problems.length > 0) throw new DfeFormatError(`${file}: row ${csv.problems[0].row}: ${csv.problems[0].message}`);
  const missing = [...GEO_COLUMNS, ...required].filter((c) => !csv.header.includes(c));
  if (missing.length > 0) throw new DfeFormatError(`${file}: not the DfE file expected: it has no column ${missing.map((c) => `"${c}"`).join(', ')}`);
  const numeric = csv.header.filter((h) => !TEXT_COLUMNS.has(h));
  return csv.rows.map(({ row, values }) => {
    const level = LEVELS[values.geographic_level];
    if (!level) throw new DfeFormatError(`${file}: row ${row}, column geographic_level: "${values.geographic_level}" is not National, Regional or Local authority`);
    const period = values.time_period.trim();
    const year = periodYear(period);
    if (year === null) throw new DfeFormatError(`${file}: row ${row}, column time_period: "${period}" is not a DfE period such as 202425 or 2024`);
    const columns: Record<string, number | null> = {};
    const markers: Record<string, DfeMarker> = {};
    for (const h of numeric) {
      const v = (values[h] ?? '').trim();
      if (v === '') columns[h] = null;
      else if (v === 'x' || v === 'z' || v === 'c') {
        columns[h] = null;
        markers[h] = v;
      } else if (NUMBER.test(v)) columns[h] = Number(v);
      else throw new DfeFormatError(`${file}: row ${row}, column ${h}: "${v}" is neither a number nor a DfE marker (x, z, c)`);
    }
    const orNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());
    const topic = values.breakdown_topic.trim();
    const breakdown = values.breakdown.trim();
    const base: DfeRow = {
      row,
      period,
      year,
      level,
      regionCode: orNull(values.region_code),
      regionName: orNull(values.region_name),
      la: level === 'la' ? orNull(values.old_la_code) : null,
      laName: level === 'la' ? orNull(values.la_name) : null,
      ons: level === 'la' ? orNull(values.new_la_code) : null,
      topic,
      breakdown,
      age: AGE_TOPICS.has(topic) ? ageBandOf(breakdown) : null,
      columns,
      markers,
    };
    return { base, raw: values };
  });
}

/** "202425" → 2025 (the January inside the academic year); "2024" → 2024. */
function periodYear(period: string): number | null {
  if (/^\d{6}$/.test(period)) {
    const start = Number(period.slice(0, 4));
    return Number(period.slice(4)) === (start + 1) % 100 ? start + 1 : null;
  }
  return /^\d{4}$/.test(period) ? Number(period) : null;
}

/** Adds up columns; null when any is missing (an x in one column makes the total unknown, not smaller). */
function sumColumns(columns: Record<string, number | null>, names: readonly string[]): number | null {
  let total = 0;
  for (const n of names) {
    const v = columns[n];
    if (v === null || v === undefined) return null;
    total += v;
  }
  return total;
}

/**
 * DfE's own subtotal columns for settings whose detail columns are sometimes not collected: in newplans.csv (and
 * caseload before 2023) online_provider, w_settings and other_schools are `x` while ed_elsewhere is published, and
 * the published subtotal is what makes the settings add up to the total.
 */
const SUBTOTAL_COLUMN: Partial<Record<DfeSetting, string>> = { elsewhere: 'ed_elsewhere', ap: 'ap_pru_total' };

function bySettingOf(columns: Record<string, number | null>): Record<DfeSetting, number | null> {
  const out = {} as Record<DfeSetting, number | null>;
  for (const s of SETTINGS) {
    if (s.dfeColumns.length === 0) continue;
    const code = s.code as DfeSetting;
    const detail = sumColumns(columns, s.dfeColumns);
    const sub = SUBTOTAL_COLUMN[code];
    const subtotal = sub === undefined ? null : (columns[sub] ?? null);
    out[code] = detail !== null ? detail : subtotal;
  }
  return out;
}

function placementSetting(topic: string, breakdown: string): { setting: DfeSetting | null; placementTotal: boolean } {
  if (topic !== 'Type of placement') return { setting: null, placementTotal: false };
  if (DFE_PLACEMENT_TOTAL_LABELS.has(breakdown)) return { setting: null, placementTotal: true };
  const s = settingOf(breakdown);
  return { setting: s === null || s === 'ap_independent' ? null : s, placementTotal: false };
}

const PLACEMENT_COLUMNS = SETTINGS.flatMap((s) => s.dfeColumns);

/**
 * Reads caseload.csv (active EHC plans at each January, 2019–2025) into one record per row.
 * @example
 * const records = readCaseload(text); // text of caseload.csv, BOM and all
 * records.find((r) => r.level === 'national' && r.period === '202425' && r.topic === 'All EHC plans')!.total // 638745
 */
export function readCaseload(text: string, options: { file?: string } = {}): CaseloadRecord[] {
  const file = options.file ?? 'caseload.csv';
  return readRows(text, file, ['ehcplans', ...PLACEMENT_COLUMNS]).map(({ base }) => ({ ...base, total: base.columns.ehcplans ?? null, bySetting: bySettingOf(base.columns) }));
}

/**
 * Reads newplans.csv (new EHC plans made in each calendar year, 2019–2024; by age when the plan started from 2022).
 * @example readNewPlans(text).find((r) => r.level === 'national' && r.year === 2024 && r.topic === 'New EHC plans')!.total // 97747
 */
export function readNewPlans(text: string, options: { file?: string } = {}): NewPlansRecord[] {
  const file = options.file ?? 'newplans.csv';
  return readRows(text, file, ['new_ehc_plans', ...PLACEMENT_COLUMNS]).map(({ base }) => ({ ...base, total: base.columns.new_ehc_plans ?? null, bySetting: bySettingOf(base.columns) }));
}

/**
 * Reads sen_needs_all_plans.csv (active plans at January 2025 by primary need; by placement, age and more).
 * @example
 * const iss = readNeeds(text).find((r) => r.level === 'national' && r.breakdown === 'Special - independent')!;
 * iss.setting // 'iss'
 * iss.byNeed.ASD // 11254
 */
export function readNeeds(text: string, options: { file?: string } = {}): NeedsRecord[] {
  const file = options.file ?? 'sen_needs_all_plans.csv';
  return readRows(text, file, ['ehc_plans', ...Object.values(NEED_COLUMN)]).map(({ base }) => {
    const byNeed = {} as Record<DfeNeed, number | null>;
    for (const n of DFE_NEEDS) byNeed[n] = base.columns[NEED_COLUMN[n]] ?? null;
    return { ...base, total: base.columns.ehc_plans ?? null, byNeed, ...placementSetting(base.topic, base.breakdown) };
  });
}

/**
 * Reads ceased_plans.csv (plans ceased in each calendar year 2022–2024, by reason; by age and last placement from 2023).
 * @example readCeasedPlans(text).find((r) => r.level === 'national' && r.year === 2024 && r.topic === 'All ceased EHC plans')!.total // 44862
 */
export function readCeasedPlans(text: string, options: { file?: string } = {}): CeasedRecord[] {
  const file = options.file ?? 'ceased_plans.csv';
  return readRows(text, file, ['total_ceased', ...CEASE_REASON_CODES]).map(({ base }) => {
    const byReason = {} as Record<CeaseReason, number | null>;
    for (const r of CEASE_REASON_CODES) byReason[r] = base.columns[r] ?? null;
    return { ...base, total: base.columns.total_ceased ?? null, byReason, ...placementSetting(base.topic, base.breakdown) };
  });
}

/** Which rows a look-up wants: the period (or year), the level, optionally one LA or region. */
export interface Selection {
  /** time_period as published ("202425", "2024"); give this or `year`. */
  period?: string;
  /** Calendar year (2025 = the January 2025 census; 2024 = calendar year 2024 for flows). */
  year?: number;
  level: DfeLevel;
  /** One LA's 3-digit code (level 'la'). */
  la?: string;
  /** One region's name or code (level 'regional'). */
  region?: string;
}

const TOPICS = {
  caseload: { total: 'All EHC plans', age: 'Child or young persons age', ageAtStart: 'Age when plan started' },
  newPlans: { total: 'New EHC plans', age: 'Age when plan started' },
  needs: { total: 'All EHC plans', age: 'Child or young persons age', placement: 'Type of placement' },
  ceased: { total: 'All ceased EHC plans', age: 'Age plan ceased', placement: 'Type of placement' },
} as const;

function select<R extends DfeRow>(records: readonly R[], sel: Selection, topic: string): R[] {
  if (sel.period === undefined && sel.year === undefined) throw new RangeError('Say which period or year to read (for example {year: 2025}).');
  return records.filter(
    (r) =>
      r.topic === topic &&
      r.level === sel.level &&
      (sel.period === undefined || r.period === sel.period) &&
      (sel.year === undefined || r.year === sel.year) &&
      (sel.la === undefined || r.la === sel.la) &&
      (sel.region === undefined || r.regionName === sel.region || r.regionCode === sel.region),
  );
}

/**
 * Caseload rows for one period and level: `breakdown` 'total' (one row per geography), 'age' (current age: "under 3",
 * "age 3" … "age 25") or 'ageAtStart'. Each row has `total` and `bySetting`.
 * @example caseloadBy(records, {year: 2025, level: 'national', breakdown: 'total'})[0].bySetting.iss // 29647
 * @example caseloadBy(records, {year: 2025, level: 'la', la: '202', breakdown: 'age'}).length // ages with plans in Camden
 */
export function caseloadBy(records: readonly CaseloadRecord[], sel: Selection & { breakdown: keyof typeof TOPICS.caseload }): CaseloadRecord[] {
  return select(records, sel, TOPICS.caseload[sel.breakdown]);
}

/**
 * New-plan rows for one calendar year and level: 'total' or 'age' (age when the plan started: "age 2 and under" …
 * "age 20 and over", from 2022).
 * @example newPlansBy(records, {year: 2024, level: 'national', breakdown: 'total'})[0].total // 97747
 */
export function newPlansBy(records: readonly NewPlansRecord[], sel: Selection & { breakdown: keyof typeof TOPICS.newPlans }): NewPlansRecord[] {
  return select(records, sel, TOPICS.newPlans[sel.breakdown]);
}

/**
 * Needs rows (January 2025 only): 'total', 'age' or 'placement' (detail rows only: totals such as "Mainstream - total"
 * are left out, so the rows add up).
 * @example needsBy(records, {year: 2025, level: 'national', breakdown: 'placement'}).find((r) => r.setting === 'iss')!.byNeed.SEMH // 10927
 */
export function needsBy(records: readonly NeedsRecord[], sel: Selection & { breakdown: keyof typeof TOPICS.needs }): NeedsRecord[] {
  const rows = select(records, sel, TOPICS.needs[sel.breakdown]);
  return sel.breakdown === 'placement' ? rows.filter((r) => !r.placementTotal) : rows;
}

/**
 * Ceased-plan rows for one calendar year and level: 'total', 'age' (age when ceased) or 'placement' (last setting;
 * detail rows only).
 * @example ceasedBy(records, {year: 2024, level: 'national', breakdown: 'total'})[0].byReason.max_age // 1990
 */
export function ceasedBy(records: readonly CeasedRecord[], sel: Selection & { breakdown: keyof typeof TOPICS.ceased }): CeasedRecord[] {
  const rows = select(records, sel, TOPICS.ceased[sel.breakdown]);
  return sel.breakdown === 'placement' ? rows.filter((r) => !r.placementTotal) : rows;
}

/** One age band of a year's flows: plans started and ceased, against the stock at the January before. */
export interface FlowBand {
  band: AgeBand;
  /** Plans started in the year with this age at start. */
  started: number;
  /** Plans ceased in the year with this age at ceasing, in total and by reason. */
  ceased: number;
  ceasedByReason: Record<CeaseReason, number>;
  /** Active plans at the January the year starts in, at the band's ages (current age at that census). */
  stockAtStart: number;
  /** ceased / stockAtStart (NaN when there is no stock): a leaver rate per year for the band. */
  ceaseRate: number;
}

/** A calendar year's flows for England or one LA: what the projection's joiners, leavers and net other change start from. */
export interface YearFlows {
  year: number;
  /** Active plans at January of `year` and of `year + 1`. */
  stockAtStart: number;
  stockAtEnd: number;
  started: number;
  ceased: number;
  /**
   * stockAtEnd − stockAtStart − started + ceased: growth that new and ceased plans do not explain (transfers in,
   * late recording; DESIGN §3 "net other change"). As a share of stockAtStart in `netOtherRate`.
   */
  netOther: number;
  netOtherRate: number;
  /** By the age bands of the new and ceased plan files ("age 2 and under", "age 3" … "age 19", "age 20 and over"). */
  byAge: FlowBand[];
  /** Ceased plans with no recorded age (DfE's "Age unknown"). */
  ceasedAgeUnknown: number;
  /** New plans by setting attended, and ceased plans by last setting (null where DfE does not publish it). */
  startedBySetting: Record<DfeSetting, number | null>;
  ceasedBySetting: Record<DfeSetting, number> | null;
}

/**
 * The flows of one calendar year (2022–2024) nationally or for one LA: plans started and ceased by age band, leaver
 * rates against the January stock, and the net other change. New plans are by age at start and ceased plans by
 * age at ceasing; stock is by age at the census, so the rates are approximations the projection can calibrate.
 * @example
 * const f = yearFlows({caseload, newPlans, ceased}, {year: 2024});
 * f.started // 97747
 * f.ceased // 44862
 * f.netOther // 638745 − 576474 − 97747 + 44862 = 9386 (1.6% of the January 2024 stock)
 */
export function yearFlows(
  files: { caseload: readonly CaseloadRecord[]; newPlans: readonly NewPlansRecord[]; ceased: readonly CeasedRecord[] },
  options: { year: number; la?: string },
): YearFlows {
  const level: DfeLevel = options.la === undefined ? 'national' : 'la';
  const sel = (year: number): Selection => (options.la === undefined ? { year, level } : { year, level, la: options.la });
  const one = <R extends { total: number | null }>(rows: R[], what: string): R => {
    if (rows.length !== 1 || rows[0].total === null) throw new RangeError(`${what} for ${options.la ?? 'England'} in ${options.year} is not published.`);
    return rows[0];
  };
  const start = one(caseloadBy(files.caseload, { ...sel(options.year), breakdown: 'total' }), 'The January caseload');
  const end = one(caseloadBy(files.caseload, { ...sel(options.year + 1), breakdown: 'total' }), 'The next January caseload');
  const started = one(newPlansBy(files.newPlans, { ...sel(options.year), breakdown: 'total' }), 'New plans');
  const ceased = one(ceasedBy(files.ceased, { ...sel(options.year), breakdown: 'total' }), 'Ceased plans');

  const stockAges = new Float64Array(MAX_AGE + 1);
  for (const r of caseloadBy(files.caseload, { ...sel(options.year), breakdown: 'age' })) {
    if (!r.age || r.total === null) continue;
    // "under 3" is counted at age 2 for the stock, the age DfE's band ends at.
    stockAges[r.age.max] += r.total;
  }
  const bands = new Map<string, FlowBand>();
  const bandOf = (band: AgeBand): FlowBand => {
    let b = bands.get(band.label);
    if (!b) {
      let stock = 0;
      for (let a = band.min; a <= band.max; a++) stock += stockAges[a];
      b = { band, started: 0, ceased: 0, ceasedByReason: zeroReasons(), stockAtStart: stock, ceaseRate: NaN };
      bands.set(band.label, b);
    }
    return b;
  };
  for (const r of newPlansBy(files.newPlans, { ...sel(options.year), breakdown: 'age' })) if (r.age && r.total !== null) bandOf(r.age).started += r.total;
  let ceasedAgeUnknown = 0;
  for (const r of ceasedBy(files.ceased, { ...sel(options.year), breakdown: 'age' })) {
    if (r.total === null) continue;
    if (!r.age) {
      ceasedAgeUnknown += r.total;
      continue;
    }
    const b = bandOf(r.age);
    b.ceased += r.total;
    for (const k of CEASE_REASON_CODES) b.ceasedByReason[k] += r.byReason[k] ?? 0;
  }
  const byAge = [...bands.values()].sort((a, b) => a.band.min - b.band.min);
  for (const b of byAge) b.ceaseRate = b.stockAtStart > 0 ? b.ceased / b.stockAtStart : NaN;

  const placementRows = ceasedBy(files.ceased, { ...sel(options.year), breakdown: 'placement' });
  let ceasedBySetting: Record<DfeSetting, number> | null = null;
  if (placementRows.length > 0) {
    ceasedBySetting = Object.fromEntries(DFE_SETTINGS.map((s) => [s, 0])) as Record<DfeSetting, number>;
    for (const r of placementRows) if (r.setting && r.total !== null) ceasedBySetting[r.setting] += r.total;
  }
  const stockAtStart = start.total as number;
  const stockAtEnd = end.total as number;
  const netOther = stockAtEnd - stockAtStart - (started.total as number) + (ceased.total as number);
  return {
    year: options.year,
    stockAtStart,
    stockAtEnd,
    started: started.total as number,
    ceased: ceased.total as number,
    netOther,
    netOtherRate: netOther / stockAtStart,
    byAge,
    ceasedAgeUnknown,
    startedBySetting: started.bySetting,
    ceasedBySetting,
  };
}

function zeroReasons(): Record<CeaseReason, number> {
  return Object.fromEntries(CEASE_REASON_CODES.map((k) => [k, 0])) as Record<CeaseReason, number>;
}
