/**
 * The documented results every writer reads (workbook, UI tables, JSON): a pricing run's placements, group totals,
 * assumptions and provenance, in pence as reported, plus the optional yearly part shaped like `hntm run` (DESIGN §6).
 */
import type { Priced } from '../pricing/price';
import type { PlacementTable } from '../data/table';
import type { Rulebook } from '../rules/rulebook';
import { formatRuleIssue } from '../rules/load';
import { indexOn, valueOn } from '../rules/parameters';
import { financialYearOf } from '../projection/calendar';
import { SECTOR_CODES, sectorInfo, type SectorCode } from '../vocab/sectors';
import { SETTING_CODES, settingLabel } from '../vocab/settings';
import { laName } from '../vocab/las';
import { ENGINE_VERSION } from '../service/version';
import { Sha256, sha256 } from './hash';

/** A category column: codes into a dictionary, −1 where the value is not recorded. */
export interface CodedColumn {
  codes: Int32Array;
  dictionary: readonly string[];
}

/**
 * Every priced placement, column by column (a national table stays light and can cross to a worker).
 * Money is £ per placement per year, rounded to pence (as every export writes it); NaN where there is no value.
 */
export interface PlacementResults {
  rowCount: number;
  id: readonly string[];
  la: CodedColumn;
  setting: CodedColumn;
  sector: CodedColumn;
  need: CodedColumn;
  /** Dictionary = the rulebook's band ids; −1 = no band (not priced). */
  band: CodedColumn;
  /** Null when the data has no provider column. */
  provider: CodedColumn | null;
  providerName: CodedColumn | null;
  age: Float64Array;
  /** Placements in the row (cohort rows carry more than one). */
  count: Float64Array;
  /** Cost paid today (annual_cost). */
  current: Float64Array;
  /** The tariff formula's price before exceptions and protection; NaN where no band applies. */
  tariff: Float64Array;
  /** The final price; NaN where the placement is not priced. */
  price: Float64Array;
  /** price − current, in pence exactly; NaN where not priced. */
  difference: Float64Array;
  placeFunding: Float64Array;
  topUp: Float64Array;
  /** The S251 top-up line, e.g. "1.2.3" (or "1.2.1/1.2.2" where governance is not known). */
  s251: CodedColumn;
  /** Dictionary = the rulebook's exception ids; −1 = none applied. */
  exception: CodedColumn;
  /** 1 where the cap on rises bit, −1 where the floor on falls bit, 0 otherwise. */
  protection: Int8Array;
}

/** Totals of a set of placements; money in £ per year, exact sums of the pence-rounded placement values. */
export interface ResultTotals {
  /** Σ count. */
  plans: number;
  /** Σ current × count (all placements). */
  current: number;
  /** Σ tariff × count over placements with a band. */
  tariff: number;
  /** Σ price × count over priced placements. */
  price: number;
  /** Σ (price − current) × count over priced placements. */
  difference: number;
  /** Plans the rulebook could not price. */
  unpriced: number;
}

export interface ResultGroup extends ResultTotals {
  /** The group's code ("202", "iss", "B3"); "(none)" for placements where it is not recorded. */
  key: string;
  label: string;
}

export const RESULT_GROUP_BYS = ['la', 'setting', 'sector', 'provider', 'band'] as const;
export type ResultGroupBy = (typeof RESULT_GROUP_BYS)[number];

/** One row of the Assumptions: one dated value of a parameter, one row per key combination of a keyed table. */
export interface AssumptionRow {
  name: string;
  label: string;
  unit: string;
  /** The fields the value is keyed by, outermost first ([] for a single number). */
  keys: readonly string[];
  /** This row's key values, aligned with `keys` ("*" = any). */
  keyValues: readonly string[];
  value: number;
  /** Effective date of the value, YYYY-MM-DD. */
  from: string;
  /** Whether this is the value in force on the pricing date, an earlier one it replaced, or a later one. */
  status: 'in force' | 'earlier' | 'later';
  source: string;
  note?: string;
}

/** An index as read on the pricing date, with each year's rate. */
export interface IndexRead {
  name: string;
  label: string;
  baseYear: string;
  rate: string;
  value: number;
  steps: Array<{ year: string; rate: number; from: string; source: string }>;
}

/** Money series per sector, each aligned with `years`; total[i] = Σ bySector[*][i]. */
export interface SpendSeries {
  total: number[];
  bySector: Partial<Record<SectorCode, number[]>>;
}

/** The yearly part: exactly the `hntm run` JSON of DESIGN §6 (money in pounds, unrounded). */
export interface YearlyResults {
  scenario: string;
  years: string[];
  plans: number[];
  spend: { current: SpendSeries; tariff: SpendSeries; scenario: SpendSeries };
  nonPlacement: number[];
  /** inYear = allocation − scenario.total − nonPlacement; cumulative carries the balance (with any write-off grant). */
  funding: { allocation: number[]; inYear: number[]; cumulative: number[]; writeOff?: number[] };
  quantiles: Record<string, { p10: number[]; p50: number[]; p90: number[] }>;
  provenance: { app: string; rulebook: string; data: string; seed: number; draws: number };
}

/** What produced the results: stamped on every output (DESIGN §2 "Run"). */
export interface Provenance {
  /** ENGINE_VERSION of the app that priced. */
  app: string;
  /** rulebookHash(): sha256 of the rulebook as canonical JSON. */
  rulebook: string;
  /** tableHash(): sha256 of the data's columns. */
  data: string;
  /** A pricing run draws nothing: null; a simulation's seed and draws are in `years.provenance`. */
  seed: number | null;
  draws: number | null;
  /** The pricing date, YYYY-MM-DD. */
  date: string;
}

export interface PricingResults {
  /** A title for the outputs, e.g. the scenario's name. */
  title: string;
  /** The rulebook that priced (with its bands, tariff formula, exceptions, protection). */
  rulebook: Rulebook;
  /** Where the data came from, in words ("example-council.csv", "synthetic table of 3,000 placements"). */
  data: string;
  /** The pricing date and its financial year. */
  date: string;
  financialYear: string;
  placements: PlacementResults;
  totals: ResultTotals;
  groups: Record<ResultGroupBy, ResultGroup[]>;
  assumptions: AssumptionRow[];
  indices: IndexRead[];
  /** Pricing warnings and errors, as messages (e.g. placements that match no band). */
  issues: string[];
  provenance: Provenance;
  /** Present when a simulation ran (`hntm run`): the yearly series, shaped as DESIGN §6. */
  years?: YearlyResults;
}

export interface ResultsOptions {
  title?: string;
  /** Description of the data source; default "N placements". */
  data?: string;
  /** Override the hashes (e.g. when the caller has already computed them). */
  rulebookHash?: string;
  dataHash?: string;
  seed?: number | null;
  draws?: number | null;
  years?: YearlyResults;
  /** Extra messages to report with the pricing issues (e.g. rejected rows on import). */
  issues?: string[];
}

/**
 * Rounds pounds to whole pence, as an integer number of pence. The product is first cut to 15 significant digits
 * so a value such as 1.005 (stored as 1.00499…) rounds as it is written, the way a spreadsheet's ROUND does.
 * @example toPence(1234.565) // 123457
 */
export function toPence(pounds: number): number {
  const y = pounds * 100;
  // Only a product within a hair of a half penny can be a decimal half stored just below or above it.
  if (Math.abs(y - Math.floor(y) - 0.5) > 1e-6) return Math.round(y);
  return Math.round(Number(y.toPrecision(15)));
}

/**
 * Builds the documented results from a priced table.
 * @example
 * const priced = price(table, rulebook, {date: '2025-04-01'});
 * const results = buildPricingResults(priced, {data: 'example-council.csv'});
 * results.totals.price // Σ price × count, pence-exact
 */
export function buildPricingResults(priced: Priced, options: ResultsOptions = {}): PricingResults {
  const { table, rulebook } = priced;
  const n = table.rowCount;
  const roundColumn = (src: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number.isFinite(src[i]) ? toPence(src[i]) / 100 : NaN;
    return out;
  };
  const current = roundColumn(priced.current);
  const tariff = roundColumn(priced.tariff);
  const priceCol = roundColumn(priced.price);
  const difference = new Float64Array(n);
  for (let i = 0; i < n; i++) difference[i] = Number.isNaN(priceCol[i]) ? NaN : (Math.round(priceCol[i] * 100) - Math.round(current[i] * 100)) / 100;

  const coded = (name: string): CodedColumn | null => {
    const c = table.columns[name];
    return c && c.kind === 'category' ? { codes: c.codes, dictionary: c.dictionary } : null;
  };
  const ctxCoded = (name: 'sector'): CodedColumn => {
    const f = priced.context.fields[name];
    return { codes: priced.context.columns[name] as Int32Array, dictionary: f.kind === 'category' ? f.dictionary : [] };
  };
  const required = (name: string): CodedColumn => {
    const c = coded(name);
    if (!c) throw new Error(`The priced table has no category column "${name}".`);
    return c;
  };
  const ageCol = table.columns.age;
  const placements: PlacementResults = {
    rowCount: n,
    id: table.ids,
    la: required('la_code'),
    setting: required('setting'),
    sector: ctxCoded('sector'),
    need: required('primary_need'),
    band: { codes: priced.band, dictionary: priced.bandIds },
    provider: coded('provider_id'),
    providerName: coded('provider_name'),
    age: ageCol && ageCol.kind === 'number' ? ageCol.values : new Float64Array(n).fill(NaN),
    count: priced.weight,
    current,
    tariff,
    price: priceCol,
    difference,
    placeFunding: roundColumn(priced.placePart),
    topUp: roundColumn(priced.topUpPart),
    s251: { codes: priced.s251, dictionary: priced.s251Lines },
    exception: { codes: priced.exception, dictionary: rulebook.exceptions.map((x) => x.id) },
    protection: priced.protection,
  };

  const pence = penceOf(placements);
  const groups = {} as Record<ResultGroupBy, ResultGroup[]>;
  for (const by of RESULT_GROUP_BYS) groups[by] = groupResults(placements, pence, by, rulebook);
  const plansTotal = sumOf(placements.count);
  const data = options.data ?? `${plansTotal.toLocaleString('en-GB')} placements`;

  return {
    title: options.title ?? rulebook.name,
    rulebook,
    data,
    date: priced.date,
    financialYear: financialYearOf(priced.date),
    placements,
    totals: totalsOf(placements, pence),
    groups,
    assumptions: assumptionRows(rulebook, priced.date),
    indices: indexReads(rulebook, priced.date),
    issues: [...priced.issues.map(formatRuleIssue), ...(options.issues ?? [])],
    provenance: {
      app: ENGINE_VERSION,
      rulebook: options.rulebookHash ?? rulebookHash(rulebook),
      data: options.dataHash ?? tableHash(table),
      seed: options.seed ?? null,
      draws: options.draws ?? null,
      date: priced.date,
    },
    ...(options.years ? { years: options.years } : {}),
  };
}

function sumOf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Each money column in whole pence (the written values × 100, exactly), NaN where there is no value. */
interface PenceColumns {
  current: Float64Array;
  tariff: Float64Array;
  price: Float64Array;
  difference: Float64Array;
}

function penceOf(p: PlacementResults): PenceColumns {
  // The columns are already rounded to pence, so × 100 and Math.round recovers the whole number exactly.
  const of = (a: Float64Array) => a.map((x) => (Number.isNaN(x) ? NaN : Math.round(x * 100)));
  return { current: of(p.current), tariff: of(p.tariff), price: of(p.price), difference: of(p.difference) };
}

interface Accumulator {
  plans: number;
  current: number;
  tariff: number;
  price: number;
  difference: number;
  unpriced: number;
}

const emptyAccumulator = (): Accumulator => ({ plans: 0, current: 0, tariff: 0, price: 0, difference: 0, unpriced: 0 });

/** Adds row i, summing whole pence so totals are exact. */
function accumulate(a: Accumulator, p: PlacementResults, pence: PenceColumns, i: number): void {
  const w = p.count[i];
  a.plans += w;
  a.current += pence.current[i] * w;
  if (!Number.isNaN(pence.tariff[i])) a.tariff += pence.tariff[i] * w;
  if (Number.isNaN(pence.price[i])) a.unpriced += w;
  else {
    a.price += pence.price[i] * w;
    a.difference += pence.difference[i] * w;
  }
}

const poundsOf = (a: Accumulator): ResultTotals => ({ plans: a.plans, current: a.current / 100, tariff: a.tariff / 100, price: a.price / 100, difference: a.difference / 100, unpriced: a.unpriced });

function totalsOf(p: PlacementResults, pence: PenceColumns): ResultTotals {
  const a = emptyAccumulator();
  for (let i = 0; i < p.rowCount; i++) accumulate(a, p, pence, i);
  return poundsOf(a);
}

/**
 * The code column and label of a grouping.
 * @example groupColumn(results.placements, 'la', rulebook).label('202') // 'Camden'
 */
export function groupColumn(p: PlacementResults, by: ResultGroupBy, rulebook: Rulebook): { column: CodedColumn; label: (key: string) => string } {
  switch (by) {
    case 'la':
      return { column: p.la, label: (k) => laName(k) ?? k };
    case 'setting':
      return { column: p.setting, label: settingLabel };
    case 'sector':
      return { column: p.sector, label: (k) => (SECTOR_CODES.includes(k as SectorCode) ? sectorInfo(k as SectorCode).label : k) };
    case 'band': {
      const labels = new Map(rulebook.bands.list.map((b) => [b.id, b.label]));
      return { column: p.band, label: (k) => labels.get(k) ?? k };
    }
    case 'provider': {
      if (!p.provider) return { column: { codes: new Int32Array(p.rowCount).fill(-1), dictionary: [] }, label: (k) => k };
      const names = new Map<string, string>();
      const ids = p.provider, nm = p.providerName;
      if (nm) for (let i = 0; i < p.rowCount; i++) if (ids.codes[i] >= 0 && nm.codes[i] >= 0 && !names.has(ids.dictionary[ids.codes[i]])) names.set(ids.dictionary[ids.codes[i]], nm.dictionary[nm.codes[i]]);
      return { column: ids, label: (k) => names.get(k) ?? '' };
    }
  }
}

/**
 * Groups in reading order: settings and sectors in vocabulary order, bands in rulebook order, LAs by code,
 * providers by current cost (largest first); a last "(none)" group holds placements where the key is not recorded.
 */
function groupResults(p: PlacementResults, pence: PenceColumns, by: ResultGroupBy, rulebook: Rulebook): ResultGroup[] {
  const { column, label } = groupColumn(p, by, rulebook);
  const k = column.dictionary.length;
  const acc = Array.from({ length: k + 1 }, emptyAccumulator);
  for (let i = 0; i < p.rowCount; i++) {
    const c = column.codes[i];
    accumulate(acc[c < 0 ? k : c], p, pence, i);
  }
  const toGroup = (key: string, lbl: string, a: Accumulator): ResultGroup => ({ key, label: lbl, ...poundsOf(a) });
  const out: ResultGroup[] = [];
  for (let c = 0; c < k; c++) if (acc[c].plans > 0) out.push(toGroup(column.dictionary[c], label(column.dictionary[c]), acc[c]));
  const order = by === 'setting' ? SETTING_CODES : by === 'sector' ? SECTOR_CODES : by === 'band' ? rulebook.bands.list.map((b) => b.id) : null;
  if (order) {
    const rank = (key: string) => {
      const r = (order as readonly string[]).indexOf(key);
      return r < 0 ? order.length : r;
    };
    out.sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } else if (by === 'provider') out.sort((a, b) => b.current - a.current || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  else out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (acc[k].plans > 0) out.push(toGroup('(none)', by === 'band' ? 'No band (not priced)' : 'Not recorded', acc[k]));
  return out;
}

/**
 * Every dated value of every parameter, keyed tables flattened to one row per key combination, each marked as
 * the value in force on `date`, an earlier one or a later one.
 * @example assumptionRows(rulebook, '2025-04-01').find((r) => r.name === 'bespoke_threshold')?.value // 150000
 */
export function assumptionRows(rulebook: Rulebook, date: string): AssumptionRow[] {
  const rows: AssumptionRow[] = [];
  for (const [name, p] of Object.entries(rulebook.parameters)) {
    const inForce = valueOn(p, date);
    const keys = p.keys ?? [];
    for (const v of p.values) {
      const status = v === inForce ? 'in force' : v.from > date ? 'later' : 'earlier';
      for (const { keyValues, value } of flattenValue(v.value, keys.length)) {
        rows.push({ name, label: p.label, unit: p.unit, keys, keyValues, value, from: v.from, status, source: v.source, ...(v.note !== undefined ? { note: v.note } : {}) });
      }
    }
  }
  return rows;
}

/**
 * A keyed value as one entry per key combination, in the table's own order.
 * @example flattenValue({B1: {iss: 1, '*': 2}}, 2) // [{keyValues: ['B1', 'iss'], value: 1}, {keyValues: ['B1', '*'], value: 2}]
 */
export function flattenValue(value: Rulebook['parameters'][string]['values'][number]['value'], depth: number, prefix: string[] = []): Array<{ keyValues: string[]; value: number }> {
  if (typeof value === 'number') return depth === 0 ? [{ keyValues: prefix, value }] : [];
  if (depth === 0) return [];
  return Object.entries(value).flatMap(([k, v]) => flattenValue(v, depth - 1, [...prefix, k]));
}

function indexReads(rulebook: Rulebook, date: string): IndexRead[] {
  const out: IndexRead[] = [];
  for (const [name, ix] of Object.entries(rulebook.indexation)) {
    try {
      const { value, steps } = indexOn(rulebook, ix, date);
      out.push({ name, label: ix.label, baseYear: ix.baseYear, rate: ix.rate, value, steps });
    } catch {
      // A rate with no value for a year leaves the index unread; pricing reports it where a formula uses it.
    }
  }
  return out;
}

/**
 * Canonical JSON: object keys sorted, no spaces, so the same rulebook always hashes the same.
 * @example canonicalJson({b: 1, a: [2, {d: 3, c: 4}]}) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The rulebook's provenance stamp: sha256 of its canonical JSON (keys sorted, no spaces), so reformatting the
 * file does not change it but any change of a value, date, source or rule does.
 * @example rulebookHash(rulebook) // 'sha256:3f1c…'
 */
export function rulebookHash(rulebook: Rulebook): string {
  return sha256(canonicalJson(rulebook));
}

/**
 * The data's provenance stamp: sha256 over the placement ids and every column (sorted by name) as values —
 * category columns by their text, number columns as little-endian float64 — so the order of a dictionary does
 * not matter but any change of a value or of row order does.
 * @example tableHash(table) // 'sha256:9b2e…'
 */
export function tableHash(table: PlacementTable): string {
  const h = new Sha256();
  const US = '\u001f', RS = '\u001e';
  h.update(`rows${US}${table.rowCount}${RS}`);
  h.update(`placement_id${RS}`);
  hashTexts(h, table.ids, (i) => table.ids[i]);
  for (const name of Object.keys(table.columns).sort()) {
    const col = table.columns[name];
    h.update(`${RS}${name}${US}${col.kind}${RS}`);
    if (col.kind === 'category') hashTexts(h, col.codes, (i) => (col.codes[i] < 0 ? '' : col.dictionary[col.codes[i]]));
    else {
      const bytes = new Uint8Array(8 * 4096);
      const view = new DataView(bytes.buffer);
      for (let start = 0; start < col.values.length; start += 4096) {
        const end = Math.min(col.values.length, start + 4096);
        for (let i = start; i < end; i++) view.setFloat64(8 * (i - start), col.values[i], true);
        h.update(bytes.subarray(0, 8 * (end - start)));
      }
    }
  }
  return `sha256:${h.hex()}`;
}

/** Feeds each row's text and a unit separator to the hash, UTF-8 encoded into one reused buffer. */
function hashTexts(h: Sha256, rows: ArrayLike<unknown>, text: (i: number) => string): void {
  const buffer = new Uint8Array(1 << 16);
  let used = 0;
  const put = (byte: number) => {
    if (used === buffer.length) {
      h.update(buffer);
      used = 0;
    }
    buffer[used++] = byte;
  };
  for (let i = 0; i < rows.length; i++) {
    const t = text(i);
    for (let k = 0; k < t.length; k++) {
      let c = t.charCodeAt(k);
      if (c >= 0xd800 && c < 0xdc00 && k + 1 < t.length) {
        const lo = t.charCodeAt(k + 1);
        if (lo >= 0xdc00 && lo < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          k++;
        }
      }
      if (c < 0x80) put(c);
      else if (c < 0x800) {
        put(0xc0 | (c >> 6));
        put(0x80 | (c & 63));
      } else if (c < 0x10000) {
        put(0xe0 | (c >> 12));
        put(0x80 | ((c >> 6) & 63));
        put(0x80 | (c & 63));
      } else {
        put(0xf0 | (c >> 18));
        put(0x80 | ((c >> 12) & 63));
        put(0x80 | ((c >> 6) & 63));
        put(0x80 | (c & 63));
      }
    }
    put(0x1f);
  }
  if (used) h.update(buffer.subarray(0, used));
}
