/**
 * The results workbook's layout as plain data (sheets, rows, cells, live formulas with their cached results),
 * built from PricingResults with no spreadsheet library, so the in-memory and the streaming writers lay out the
 * same workbook and tests can read the formulas without opening a file.
 */
import type { PricingResults, ResultGroup, ResultTotals, YearlyResults } from './results';
import { toPence } from './results';
import { SECTOR_CODES, sectorInfo } from '../vocab/sectors';

/** A live formula (without the leading "=") and the value it computes, written as the cell's cached result. */
export interface FormulaCell {
  formula: string;
  result: number | string;
}

export type CellValue = string | number | boolean | Date | null | FormulaCell;

/** The workbook's named styles (workbook.ts maps them to fonts, fills and number formats). */
export type StyleName =
  | 'title' | 'subtitle' | 'warning' | 'note' | 'header' | 'headerNumber' | 'section'
  | 'text' | 'textBold' | 'code' | 'count' | 'countBold' | 'money' | 'moneyBold' | 'percent' | 'percentBold'
  | 'fraction' | 'multiplier' | 'number' | 'date' | 'datetime' | 'countLeft' | 'numberLeft' | 'dateLeft' | 'datetimeLeft';

export interface StyledCell {
  value: CellValue;
  style: StyleName;
}

export type CellLayout = CellValue | StyledCell;

export interface RowLayout {
  cells: CellLayout[];
  /** Style of cells that do not name their own. */
  style?: StyleName;
}

export interface TableColumn {
  header: string;
  style: StyleName;
  width: number;
}

/** A data table (an Excel table, or an autofiltered range when streamed); its header row follows the sheet's top rows. */
export interface TableLayout {
  name: string;
  columns: TableColumn[];
  rowCount: number;
  /** Fills `out` with row i's cells (the array is reused from row to row). */
  row: (i: number, out: CellLayout[]) => void;
}

export interface SheetLayout {
  name: string;
  /** Widths of columns A, B, … in characters (a table's columns give their own). */
  widths: number[];
  /** Rows from row 1: titles and notes above the table, or the whole sheet when there is none. */
  top: RowLayout[];
  table?: TableLayout;
  /** Rows after the table, from two rows below its last row. */
  bottom?: RowLayout[];
  /** Rows and columns kept in view when scrolling. */
  freeze?: { rows: number; columns: number };
  /** A column (1-based) given an empty text in every row, so long text to its left stops there instead of running on. */
  stopColumn?: number;
}

export interface LayoutOptions {
  /** When the workbook is written (Provenance). */
  written: Date;
  /** Providers listed one by one on By provider; the rest share one live row. */
  maxProviders: number;
  /** True when tables will be autofiltered ranges rather than Excel tables (noted on the sheets). */
  streamed: boolean;
}

export const SHEETS = {
  summary: 'Summary',
  byYear: 'By year',
  byLa: 'By LA',
  byProvider: 'By provider',
  placements: 'Placements',
  assumptions: 'Assumptions',
  provenance: 'Provenance',
} as const;

/** Placements sheet columns (letters are fixed so formulas can name them). */
export const PLACEMENT_COLUMNS = [
  { key: 'id', header: 'Placement id', style: 'code', width: 13 },
  { key: 'la', header: 'LA', style: 'code', width: 6 },
  { key: 'setting', header: 'Setting', style: 'code', width: 22 },
  { key: 'sector', header: 'Sector', style: 'code', width: 12 },
  { key: 'provider', header: 'Provider', style: 'code', width: 12 },
  { key: 'age', header: 'Age', style: 'number', width: 6 },
  { key: 'need', header: 'Need', style: 'code', width: 7 },
  { key: 'band', header: 'Band', style: 'code', width: 7 },
  { key: 'count', header: 'Count', style: 'count', width: 7 },
  { key: 'current', header: 'Current cost', style: 'money', width: 13 },
  { key: 'tariff', header: 'Tariff', style: 'money', width: 13 },
  { key: 'price', header: 'Price', style: 'money', width: 13 },
  { key: 'difference', header: 'Difference', style: 'money', width: 13 },
  { key: 'placeFunding', header: 'Place funding', style: 'money', width: 13 },
  { key: 'topUp', header: 'Top-up', style: 'money', width: 13 },
  { key: 's251', header: 'S251 line', style: 'code', width: 11 },
  { key: 'exception', header: 'Exception', style: 'code', width: 15 },
  { key: 'protection', header: 'Protection', style: 'code', width: 11 },
] as const satisfies ReadonlyArray<{ key: string; header: string; style: StyleName; width: number }>;

/** Extra columns for cohort rows (count > 1): each money column × count, so totals weight by count. */
export const COHORT_COLUMNS = [
  { key: 'totalCurrent', header: 'Current cost × count', style: 'money', width: 15 },
  { key: 'totalTariff', header: 'Tariff × count', style: 'money', width: 15 },
  { key: 'totalPrice', header: 'Price × count', style: 'money', width: 15 },
  { key: 'totalDifference', header: 'Difference × count', style: 'money', width: 15 },
] as const satisfies ReadonlyArray<{ key: string; header: string; style: StyleName; width: number }>;

type PlacementKey = (typeof PLACEMENT_COLUMNS)[number]['key'] | (typeof COHORT_COLUMNS)[number]['key'];

/**
 * Column letters from a 1-based index.
 * @example columnLetter(1) // 'A'; columnLetter(28) // 'AB'
 */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const PLACEMENT_LETTER: Record<PlacementKey, string> = Object.fromEntries(
  [...PLACEMENT_COLUMNS, ...COHORT_COLUMNS].map((c, i) => [c.key, columnLetter(i + 1)]),
) as Record<PlacementKey, string>;

/**
 * Whether any row is a cohort (count ≠ 1): then totals sum the "× count" columns.
 * @example hasCohorts(buildPricingResults(price(tenPlacements, rulebook, {date}))) // true: P10 counts 3
 */
export function hasCohorts(results: PricingResults): boolean {
  const c = results.placements.count;
  for (let i = 0; i < c.length; i++) if (c[i] !== 1) return true;
  return false;
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const money = (x: number): number => toPence(x) / 100;
const styled = (value: CellValue, style: StyleName): StyledCell => ({ value, style });
const f = (formula: string, result: number | string): FormulaCell => ({ formula, result });

/**
 * A SUMIFS criterion matching `key` exactly: the key's own cell when the key is plain, otherwise a literal with
 * the wildcards (* ? ~) escaped and a leading "=" so text such as "<5" is not read as a comparison.
 */
function criterion(key: string, cellRef: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.\- /()&',]*$/.test(key)) return cellRef;
  return quote(`=${key.replace(/[~*?]/g, (c) => `~${c}`)}`);
}

/** The formulas over the Placements sheet that every total uses. */
class PlacementRefs {
  readonly last: number;
  readonly cohorts: boolean;
  constructor(readonly results: PricingResults) {
    this.last = Math.max(2, results.placements.rowCount + 1);
    this.cohorts = hasCohorts(results);
  }

  range(key: PlacementKey): string {
    const c = PLACEMENT_LETTER[key];
    return `${SHEETS.placements}!$${c}$2:$${c}$${this.last}`;
  }

  /** The column summed for a measure: the per-placement column, or its "× count" column for cohorts. */
  measure(m: 'current' | 'tariff' | 'price' | 'difference'): string {
    if (!this.cohorts) return this.range(m);
    return this.range(({ current: 'totalCurrent', tariff: 'totalTariff', price: 'totalPrice', difference: 'totalDifference' } as const)[m]);
  }

  /** Plans and the four money measures of the whole table. */
  total(): Record<'plans' | 'current' | 'tariff' | 'price' | 'difference', string> {
    return {
      plans: `SUM(${this.range('count')})`,
      current: `SUM(${this.measure('current')})`,
      tariff: `SUM(${this.measure('tariff')})`,
      price: `SUM(${this.measure('price')})`,
      difference: `SUM(${this.measure('difference')})`,
    };
  }

  /** The same measures for the rows whose `keyColumn` equals the criterion. */
  group(keyColumn: PlacementKey, crit: string): Record<'plans' | 'current' | 'tariff' | 'price' | 'difference', string> {
    const k = this.range(keyColumn);
    return {
      plans: `SUMIFS(${this.range('count')},${k},${crit})`,
      current: `SUMIFS(${this.measure('current')},${k},${crit})`,
      tariff: `SUMIFS(${this.measure('tariff')},${k},${crit})`,
      price: `SUMIFS(${this.measure('price')},${k},${crit})`,
      difference: `SUMIFS(${this.measure('difference')},${k},${crit})`,
    };
  }

  unpriced(): string {
    return `SUMPRODUCT(--NOT(ISNUMBER(${this.range('price')})),${this.range('count')})`;
  }
}

const MEASURES = ['plans', 'current', 'tariff', 'price', 'difference'] as const;
type Measure = (typeof MEASURES)[number];
const measureStyle = (m: Measure, bold = false): StyleName => (m === 'plans' ? (bold ? 'countBold' : 'count') : bold ? 'moneyBold' : 'money');
const GROUP_HEADERS = ['Plans', 'Current cost', 'Tariff', 'Price', 'Difference', 'Change'];

/** A change as a share of the current cost, or blank when there is none. */
function changeFormula(diffRef: string, currentRef: string, t: ResultTotals | { current: number; difference: number }): FormulaCell {
  return f(`IF(${currentRef}=0,"",${diffRef}/${currentRef})`, t.current === 0 ? '' : t.difference / t.current);
}

/** Values of a group's measures in the writer's pence (what the formulas compute). */
const valueOf = (t: ResultTotals, m: Measure): number => (m === 'plans' ? t.plans : money(t[m]));

/**
 * Lays out one block of groups (code, label, plans, current, tariff, price, difference, change) from `startRow`,
 * each row a SUMIFS over Placements; an optional remainder row is the whole table minus the listed groups; the
 * block ends with a total that sums the Placements columns directly (so it checks the groups, not the reverse).
 */
function groupBlock(refs: PlacementRefs, opts: {
  startRow: number; keyColumn: PlacementKey; groups: ResultGroup[]; remainder?: { label: string; totals: ResultTotals } | null; totalLabel: string; total: ResultTotals;
}): RowLayout[] {
  const rows: RowLayout[] = [];
  let r = opts.startRow;
  const first = r;
  for (const g of opts.groups) {
    const fx = refs.group(opts.keyColumn, criterion(g.key, `$A${r}`));
    rows.push({ cells: [styled(g.key, 'code'), styled(g.label, 'text'), ...MEASURES.map((m) => styled(f(fx[m], valueOf(g, m)), measureStyle(m))), styled(changeFormula(`G${r}`, `D${r}`, g), 'percent')] });
    r++;
  }
  const listedEnd = r - 1;
  const totalRow = r + (opts.remainder ? 1 : 0);
  const cols = ['C', 'D', 'E', 'F', 'G'];
  if (opts.remainder) {
    const t = opts.remainder.totals;
    rows.push({ cells: [styled('', 'code'), styled(opts.remainder.label, 'text'), ...MEASURES.map((m, k) => styled(f(listedEnd >= first ? `${cols[k]}${totalRow}-SUM(${cols[k]}${first}:${cols[k]}${listedEnd})` : `${cols[k]}${totalRow}`, valueOf(t, m)), measureStyle(m))), styled(changeFormula(`G${r}`, `D${r}`, t), 'percent')] });
    r++;
  }
  const fx = refs.total();
  rows.push({ cells: [styled(opts.totalLabel, 'textBold'), styled('', 'textBold'), ...MEASURES.map((m) => styled(f(fx[m], valueOf(opts.total, m)), measureStyle(m, true))), styled(changeFormula(`G${r}`, `D${r}`, opts.total), 'percentBold')] });
  return rows;
}

/** Totals of several groups together (for remainder rows), pence-exact. */
function sumGroups(groups: ResultGroup[]): ResultTotals {
  const s = { plans: 0, current: 0, tariff: 0, price: 0, difference: 0, unpriced: 0 };
  for (const g of groups) {
    s.plans += g.plans;
    s.current += toPence(g.current);
    s.tariff += toPence(g.tariff);
    s.price += toPence(g.price);
    s.difference += toPence(g.difference);
    s.unpriced += g.unpriced;
  }
  return { ...s, current: s.current / 100, tariff: s.tariff / 100, price: s.price / 100, difference: s.difference / 100 };
}

function emptyTotals(): ResultTotals {
  return { plans: 0, current: 0, tariff: 0, price: 0, difference: 0, unpriced: 0 };
}

/** A header row; columns from `numbersFrom` (1-based) hold numbers, so their headings align right. */
const headerRow = (cells: string[], numbersFrom = Infinity): RowLayout => ({ cells: cells.map((c, k) => styled(c, k + 1 >= numbersFrom ? 'headerNumber' : 'header')) });
const blank = (): RowLayout => ({ cells: [] });
const line = (text: string, style: StyleName = 'note'): RowLayout => ({ cells: [styled(text, style)] });

function titleRows(results: PricingResults, title: string): RowLayout[] {
  const rows = [line(title, 'title')];
  rows.push(results.rulebook.illustrative
    ? line(`ILLUSTRATIVE VALUES, NOT OFFICIAL: "${results.rulebook.name}" — every price is an assumption that says how it was derived (see Assumptions).`, 'warning')
    : line(`Rulebook: ${results.rulebook.name}.`, 'subtitle'));
  return rows;
}

/**
 * The whole results workbook as data: Summary, By year, By LA, By provider, Placements, Assumptions, Provenance.
 * @example
 * const sheets = resultsWorkbookLayout(results, {written: new Date(), maxProviders: Infinity, streamed: false});
 * sheets.map((s) => s.name) // ['Summary', 'By year', 'By LA', 'By provider', 'Placements', 'Assumptions', 'Provenance']
 */
export function resultsWorkbookLayout(results: PricingResults, options: LayoutOptions): SheetLayout[] {
  const refs = new PlacementRefs(results);
  return [
    summarySheet(results, refs),
    byYearSheet(results, refs),
    byLaSheet(results, refs),
    byProviderSheet(results, refs, options),
    placementsSheet(results, refs),
    assumptionsSheet(results),
    provenanceSheet(results, options),
  ];
}

const GROUP_WIDTHS = [24, 44, 11, 17, 17, 17, 17, 9];

function summarySheet(results: PricingResults, refs: PlacementRefs): SheetLayout {
  const p = results.placements;
  const top: RowLayout[] = [
    ...titleRows(results, `${results.title}: pricing results`),
    line(`Data: ${results.data}; ${results.totals.plans.toLocaleString('en-GB')} plans in ${p.rowCount.toLocaleString('en-GB')} rows.`, 'subtitle'),
    line(`Prices on ${results.date} (financial year ${results.financialYear}), £ per year. Each placement's money is rounded to pence on the Placements sheet.`),
    line('Every total in this workbook is a formula over the Placements sheet (SUM / SUMIFS): change a placement and recalculate (Excel: Ctrl+Alt+F9) to check it.'),
    line('Tariff is the tariff formula\'s price before exceptions and transitional protection; Price is what would be paid; Difference = Price − Current cost.'),
  ];
  if (refs.cohorts) top.push(line('Rows with a count above 1 are cohorts: totals sum the "× count" columns of Placements.'));
  top.push(blank());
  const rows = [...top];
  // Overall totals.
  let r = rows.length + 1;
  rows.push(headerRow(['', 'All placements', ...GROUP_HEADERS], 3));
  r++;
  const fx = refs.total();
  rows.push({ cells: [styled('total', 'code'), styled('All placements', 'textBold'), ...MEASURES.map((m) => styled(f(fx[m], valueOf(results.totals, m)), measureStyle(m, true))), styled(changeFormula(`G${r}`, `D${r}`, results.totals), 'percentBold')] });
  r++;
  rows.push({ cells: [styled('unpriced', 'code'), styled('Plans not priced (no band or no tariff value)', 'text'), styled(f(refs.unpriced(), results.totals.unpriced), 'count')] });
  r++;
  rows.push(blank());
  r++;
  const block = (title: string, keyColumn: PlacementKey, groups: ResultGroup[], remainderLabel: string | null, allKeys?: ReadonlyArray<{ key: string; label: string }>) => {
    rows.push(headerRow(['', title, ...GROUP_HEADERS], 3));
    r++;
    const byKey = new Map(groups.map((g) => [g.key, g]));
    const listed = allKeys ? allKeys.map((k) => byKey.get(k.key) ?? { ...emptyTotals(), ...k }) : groups.filter((g) => g.key !== '(none)');
    const none = byKey.get('(none)');
    const out = groupBlock(refs, { startRow: r, keyColumn, groups: listed, remainder: none && remainderLabel ? { label: remainderLabel, totals: none } : null, totalLabel: 'Total', total: results.totals });
    rows.push(...out);
    r += out.length;
    rows.push(blank());
    r++;
  };
  block('By sector', 'sector', results.groups.sector, 'Not recorded', SECTOR_CODES.map((k) => ({ key: k, label: sectorInfo(k).label })));
  block('By setting', 'setting', results.groups.setting, 'Not recorded');
  block('By band', 'band', results.groups.band, 'No band (not priced)', results.rulebook.bands.list.map((b) => ({ key: b.id, label: b.label })));
  if (results.issues.length) {
    rows.push(line('Pricing notes', 'section'));
    const shown = 50;
    for (const i of results.issues.slice(0, shown)) rows.push(line(i));
    if (results.issues.length > shown) rows.push(line(`… and ${(results.issues.length - shown).toLocaleString('en-GB')} more.`));
  }
  return { name: SHEETS.summary, widths: GROUP_WIDTHS, top: rows, freeze: { rows: 0, columns: 0 } };
}

function byYearSheet(results: PricingResults, refs: PlacementRefs): SheetLayout {
  const rows: RowLayout[] = [...titleRows(results, `${results.title}: spend by financial year`)];
  let widths = [24, 44, 11, 21, 21, 21];
  if (results.years) {
    const y = results.years;
    rows.push(line(`Scenario "${y.scenario}", central run; £ per financial year. Sector figures are the simulation's; totals and balances are formulas.`, 'subtitle'));
    rows.push(blank());
    rows.push(...yearlyRows(y, rows.length + 1));
    rows.push(blank());
    widths = [24, 44, 17, ...y.years.map(() => 21)];
  }
  rows.push(line(`At prices on ${results.date} (financial year ${results.financialYear}), from the Placements sheet`, 'section'));
  let r = rows.length + 1;
  const fy = results.financialYear;
  const headers = ['', '', 'Plans', `${fy} current cost`, `${fy} tariff`, `${fy} price`];
  const one = (title: string, keyColumn: PlacementKey, keys: ReadonlyArray<{ key: string; label: string }>, groups: ResultGroup[]) => {
    rows.push(headerRow(headers.map((h, k) => (k === 1 ? title : h)), 3));
    r++;
    const byKey = new Map(groups.map((g) => [g.key, g]));
    const first = r;
    for (const k of keys) {
      const g = byKey.get(k.key) ?? { ...emptyTotals(), ...k };
      const fx = refs.group(keyColumn, criterion(k.key, `$A${r}`));
      rows.push({ cells: [styled(k.key, 'code'), styled(k.label, 'text'), styled(f(fx.plans, g.plans), 'count'), ...(['current', 'tariff', 'price'] as const).map((m) => styled(f(fx[m], money(g[m])), 'money'))] });
      r++;
    }
    const last = r - 1;
    const sums = ['C', 'D', 'E', 'F'].map((c) => `SUM(${c}${first}:${c}${last})`);
    const t = sumGroups(keys.map((k) => byKey.get(k.key)).filter((g): g is ResultGroup => g !== undefined));
    rows.push({ cells: [styled('Total', 'textBold'), styled('', 'textBold'), styled(f(sums[0], t.plans), 'countBold'), styled(f(sums[1], money(t.current)), 'moneyBold'), styled(f(sums[2], money(t.tariff)), 'moneyBold'), styled(f(sums[3], money(t.price)), 'moneyBold')] });
    r++;
    rows.push(blank());
    r++;
  };
  one('By sector', 'sector', SECTOR_CODES.map((k) => ({ key: k, label: sectorInfo(k).label })), results.groups.sector);
  one('By setting', 'setting', results.groups.setting.filter((g) => g.key !== '(none)').map((g) => ({ key: g.key, label: g.label })), results.groups.setting);
  return { name: SHEETS.byYear, widths, top: rows, freeze: { rows: 0, columns: 2 } };
}

/** The simulation's years: sector rows per basis with SUM totals, funding with in-year and cumulative formulas. */
function yearlyRows(y: YearlyResults, startRow: number): RowLayout[] {
  const rows: RowLayout[] = [];
  let r = startRow;
  const n = y.years.length;
  const col = (i: number) => columnLetter(4 + i); // years from column D; C holds the opening balance
  const series = (values: number[] | undefined, i: number) => money(values?.[i] ?? 0);
  rows.push(headerRow(['', '£ per financial year', 'Opening', ...y.years], 3));
  r++;
  const totalRowOf: Record<string, number> = {};
  const totals: Record<string, number[]> = {};
  for (const basis of ['current', 'tariff', 'scenario'] as const) {
    const s = y.spend[basis];
    rows.push({ cells: [styled(basis, 'code'), styled({ current: 'Current costs (indexed)', tariff: 'Full tariff', scenario: 'Scenario (as adopted)' }[basis], 'textBold')] });
    r++;
    const first = r;
    for (const sector of SECTOR_CODES) {
      rows.push({ cells: [styled(sector, 'code'), styled(sectorInfo(sector).label, 'text'), null, ...y.years.map((_, i) => styled(series(s.bySector[sector], i), 'money'))] });
      r++;
    }
    const last = r - 1;
    totals[basis] = y.years.map((_, i) => SECTOR_CODES.reduce((a, sec) => a + toPence(series(s.bySector[sec], i)), 0) / 100);
    rows.push({ cells: [styled('total', 'code'), styled('Total', 'textBold'), null, ...y.years.map((_, i) => styled(f(`SUM(${col(i)}${first}:${col(i)}${last})`, totals[basis][i]), 'moneyBold'))] });
    totalRowOf[basis] = r;
    r++;
  }
  rows.push(blank());
  r++;
  const np = r;
  rows.push({ cells: [styled('nonPlacement', 'code'), styled('Non-placement spend', 'text'), null, ...y.years.map((_, i) => styled(series(y.nonPlacement, i), 'money'))] });
  r++;
  const alloc = r;
  rows.push({ cells: [styled('allocation', 'code'), styled('High-needs funding allocation', 'text'), null, ...y.years.map((_, i) => styled(series(y.funding.allocation, i), 'money'))] });
  r++;
  const inYear = r;
  const inYearValues = y.years.map((_, i) => (toPence(series(y.funding.allocation, i)) - toPence(totals.scenario[i]) - toPence(series(y.nonPlacement, i))) / 100);
  rows.push({ cells: [styled('inYear', 'code'), styled('In-year balance (allocation − scenario − non-placement)', 'textBold'), null, ...y.years.map((_, i) => styled(f(`${col(i)}${alloc}-${col(i)}${totalRowOf.scenario}-${col(i)}${np}`, inYearValues[i]), 'moneyBold'))] });
  r++;
  // Balances: the opening balance is what the simulation's first cumulative figure implies; a write-off grant (when
  // the run reports one) and any other movement the simulation applied are shown, so each year's balance is the
  // one before + in-year + those, as a formula.
  const writeOff = y.funding.writeOff;
  const raw = (values: number[] | undefined, i: number) => values?.[i] ?? 0;
  const movedPence = y.years.map((_, i) => {
    if (i === 0) return 0;
    const moved = raw(y.funding.cumulative, i) - raw(y.funding.cumulative, i - 1) - raw(y.funding.inYear, i) - (writeOff ? raw(writeOff, i) : 0);
    return Math.abs(moved) < 0.005 ? 0 : toPence(moved);
  });
  const opening = n > 0 ? money(raw(y.funding.cumulative, 0) - raw(y.funding.inYear, 0) - (writeOff ? raw(writeOff, 0) : 0)) : 0;
  let writeOffRow = 0, otherRow = 0;
  if (writeOff) {
    writeOffRow = r;
    rows.push({ cells: [styled('writeOff', 'code'), styled('Deficit write-off grant', 'text'), null, ...y.years.map((_, i) => styled(series(writeOff, i), 'money'))] });
    r++;
  }
  if (movedPence.some((m) => m !== 0)) {
    otherRow = r;
    rows.push({ cells: [styled('otherMovements', 'code'), styled('Other balance movements (as simulated)', 'text'), null, ...y.years.map((_, i) => styled(movedPence[i] / 100, 'money'))] });
    r++;
  }
  let running = toPence(opening);
  const cumulative = y.years.map((_, i) => (running += toPence(inYearValues[i]) + (writeOff ? toPence(series(writeOff, i)) : 0) + movedPence[i]) / 100);
  const extra = (i: number) => `${writeOffRow ? `+${col(i)}${writeOffRow}` : ''}${otherRow ? `+${col(i)}${otherRow}` : ''}`;
  rows.push({ cells: [styled('cumulative', 'code'), styled('Cumulative DSG balance', 'textBold'), styled(opening, 'money'), ...y.years.map((_, i) => styled(f(`${i === 0 ? 'C' : col(i - 1)}${r}+${col(i)}${inYear}${extra(i)}`, cumulative[i]), 'moneyBold'))] });
  r++;
  rows.push(blank());
  r++;
  rows.push({ cells: [styled('plans', 'code'), styled('Plans at the January census', 'text'), null, ...y.years.map((_, i) => styled(y.plans[i] ?? 0, 'count'))] });
  r++;
  for (const [basis, q] of Object.entries(y.quantiles)) {
    for (const p of ['p10', 'p50', 'p90'] as const) {
      rows.push({ cells: [styled(`${basis} ${p}`, 'code'), styled(`${basis[0].toUpperCase()}${basis.slice(1)} spend, ${p} of the draws`, 'text'), null, ...y.years.map((_, i) => styled(series(q[p], i), 'money'))] });
      r++;
    }
  }
  return rows;
}

function byLaSheet(results: PricingResults, refs: PlacementRefs): SheetLayout {
  const top = [
    ...titleRows(results, `${results.title}: by local authority`),
    line(`Prices on ${results.date}; each row is SUMIFS over the Placements sheet by LA code.`),
    blank(),
  ];
  const groups = results.groups.la.filter((g) => g.key !== '(none)');
  const none = results.groups.la.find((g) => g.key === '(none)');
  return groupSheet(SHEETS.byLa, 'ByLA', ['LA code', 'Local authority'], top, groups, refs, 'la', results.totals, none ? { label: 'LA not recorded', totals: none } : null);
}

function byProviderSheet(results: PricingResults, refs: PlacementRefs, options: LayoutOptions): SheetLayout {
  const all = results.groups.provider.filter((g) => g.key !== '(none)');
  const listed = all.slice(0, Math.max(0, options.maxProviders));
  const rest = all.slice(listed.length);
  const none = results.groups.provider.find((g) => g.key === '(none)');
  const note = !results.placements.provider
    ? 'The data has no provider column: every placement is in the "no provider recorded" row.'
    : rest.length
      ? `The ${listed.length.toLocaleString('en-GB')} providers with the largest current cost are listed; the other ${rest.length.toLocaleString('en-GB')} share one row (the total minus those listed).`
      : 'Providers by current cost, largest first.';
  const top = [
    ...titleRows(results, `${results.title}: by provider`),
    line(`Prices on ${results.date}; each row is SUMIFS over the Placements sheet by provider. ${note}`),
    blank(),
  ];
  const remainderGroups = [...rest, ...(none ? [none] : [])];
  const label = rest.length && none ? 'Other providers, and placements with no provider recorded' : rest.length ? 'Other providers' : 'No provider recorded';
  return groupSheet(SHEETS.byProvider, 'ByProvider', ['Provider', 'Provider name'], top, listed, refs, 'provider', results.totals, remainderGroups.length ? { label, totals: sumGroups(remainderGroups) } : null);
}

/** A group sheet: a table of groups (SUMIFS rows), then the remainder and the total below it. */
function groupSheet(name: string, tableName: string, keyHeaders: [string, string], top: RowLayout[], groups: ResultGroup[], refs: PlacementRefs, keyColumn: PlacementKey, total: ResultTotals, remainder: { label: string; totals: ResultTotals } | null): SheetLayout {
  const headerAt = top.length + 1;
  const firstData = headerAt + 1;
  const lastData = headerAt + groups.length;
  const columns: TableColumn[] = [
    { header: keyHeaders[0], style: 'code', width: 14 },
    { header: keyHeaders[1], style: 'text', width: 44 },
    ...GROUP_HEADERS.map((h, k): TableColumn => ({ header: h, style: k === 0 ? 'count' : k === 5 ? 'percent' : 'money', width: k === 0 ? 11 : k === 5 ? 9 : 17 })),
  ];
  // Remainder and total sit two rows below the table; the remainder is the total minus the listed groups.
  const bottomStart = lastData + 2;
  const totalRow = bottomStart + (remainder ? 1 : 0);
  const cols = ['C', 'D', 'E', 'F', 'G'];
  const bottom: RowLayout[] = [];
  if (remainder) {
    const r = bottomStart;
    bottom.push({ cells: [styled('', 'code'), styled(remainder.label, 'text'), ...MEASURES.map((m, k) => styled(f(groups.length ? `${cols[k]}${totalRow}-SUM(${cols[k]}${firstData}:${cols[k]}${lastData})` : `${cols[k]}${totalRow}`, valueOf(remainder.totals, m)), measureStyle(m))), styled(changeFormula(`G${r}`, `D${r}`, remainder.totals), 'percent')] });
  }
  const fx = refs.total();
  bottom.push({ cells: [styled('Total', 'textBold'), styled('All placements', 'textBold'), ...MEASURES.map((m) => styled(f(fx[m], valueOf(total, m)), measureStyle(m, true))), styled(changeFormula(`G${totalRow}`, `D${totalRow}`, total), 'percentBold')] });
  return {
    name,
    widths: columns.map((c) => c.width),
    top,
    table: {
      name: tableName,
      columns,
      rowCount: groups.length,
      row: (i, out) => {
        const g = groups[i];
        const r = firstData + i;
        const gx = refs.group(keyColumn, criterion(g.key, `$A${r}`));
        out.length = 0;
        out.push(g.key, g.label, ...MEASURES.map((m) => f(gx[m], valueOf(g, m))), changeFormula(`G${r}`, `D${r}`, g));
      },
    },
    bottom,
    freeze: { rows: headerAt, columns: 2 },
  };
}

function placementsSheet(results: PricingResults, refs: PlacementRefs): SheetLayout {
  const p = results.placements;
  const cohorts = refs.cohorts;
  const columns: TableColumn[] = [...PLACEMENT_COLUMNS, ...(cohorts ? COHORT_COLUMNS : [])].map((c) => ({ header: c.header, style: c.style, width: c.width }));
  const text = (col: { codes: Int32Array; dictionary: readonly string[] } | null, i: number): string | null => {
    if (!col) return null;
    const c = col.codes[i];
    return c < 0 ? null : col.dictionary[c];
  };
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const L = PLACEMENT_LETTER;
  return {
    name: SHEETS.placements,
    widths: columns.map((c) => c.width),
    top: [],
    table: {
      name: 'PlacementsTable',
      columns,
      rowCount: p.rowCount,
      row: (i, out) => {
        const r = i + 2;
        const priced = !Number.isNaN(p.price[i]);
        const w = p.count[i];
        out.length = 0;
        out.push(
          p.id[i], text(p.la, i), text(p.setting, i), text(p.sector, i), text(p.provider, i), num(p.age[i]), text(p.need, i), text(p.band, i), w,
          p.current[i], num(p.tariff[i]), num(p.price[i]),
          f(`IF(ISNUMBER(${L.price}${r}),${L.price}${r}-${L.current}${r},"")`, priced ? p.difference[i] : ''),
          num(p.placeFunding[i]), num(p.topUp[i]), text(p.s251, i), text(p.exception, i), p.protection[i] === 1 ? 'cap' : p.protection[i] === -1 ? 'floor' : null,
        );
        if (cohorts) {
          out.push(
            f(`${L.current}${r}*${L.count}${r}`, p.current[i] * w),
            f(`IF(ISNUMBER(${L.tariff}${r}),${L.tariff}${r}*${L.count}${r},"")`, Number.isNaN(p.tariff[i]) ? '' : p.tariff[i] * w),
            f(`IF(ISNUMBER(${L.price}${r}),${L.price}${r}*${L.count}${r},"")`, priced ? p.price[i] * w : ''),
            f(`IF(ISNUMBER(${L.price}${r}),(${L.price}${r}-${L.current}${r})*${L.count}${r},"")`, priced ? (p.price[i] - p.current[i]) * w : ''),
          );
        }
      },
    },
    freeze: { rows: 1, columns: 1 },
  };
}

/** The style a parameter's value is shown in, from its unit. */
function valueStyle(unit: string): StyleName {
  const u = unit.toLowerCase();
  if (u.startsWith('£')) return 'money';
  if (u.includes('fraction') || u.includes('rate')) return 'fraction';
  if (u.includes('multiplier') || u.includes('factor')) return 'multiplier';
  return 'number';
}

function assumptionsSheet(results: PricingResults): SheetLayout {
  const rb = results.rulebook;
  const keyFields: string[] = [];
  for (const a of results.assumptions) for (const k of a.keys) if (!keyFields.includes(k)) keyFields.push(k);
  const top = [
    ...titleRows(results, `${results.title}: assumptions`),
    line(`Every parameter of rulebook "${rb.id}" with each dated value, its unit and its source; "in force" marks the value read on ${results.date}. Keyed tables have one row per key combination ("*" = any other).`),
    line(`Illustrative rulebook: ${rb.illustrative ? 'YES — the values are not official' : 'no'}.`, rb.illustrative ? 'warning' : 'note'),
    blank(),
  ];
  const columns: TableColumn[] = [
    { header: 'Parameter', style: 'code', width: 20 },
    { header: 'Label', style: 'text', width: 46 },
    ...keyFields.map((k): TableColumn => ({ header: k, style: 'code', width: 12 })),
    { header: 'Value', style: 'number', width: 14 },
    { header: 'Unit', style: 'text', width: 26 },
    { header: 'Effective from', style: 'date', width: 13 },
    { header: `On ${results.date}`, style: 'code', width: 11 },
    { header: 'Source', style: 'text', width: 80 },
    { header: 'Note', style: 'text', width: 20 },
  ];
  const rows = results.assumptions;
  // Below the table, long texts go where they can run across empty cells or into the wide Source column.
  const valueAt = keyFields.length + 3, sourceAt = keyFields.length + 7;
  const placed = (entries: Array<[number, CellLayout]>, header = false): RowLayout => {
    const cells: CellLayout[] = [];
    const last = header ? sourceAt : Math.max(...entries.map(([c]) => c));
    for (let c = 1; c <= last; c++) cells.push(header ? styled('', 'header') : null);
    for (const [c, v] of entries) cells[c - 1] = header ? styled(v as string, c === valueAt ? 'headerNumber' : 'header') : v;
    return { cells };
  };
  const bottom: RowLayout[] = [];
  bottom.push(line(`Indices on ${results.date}`, 'section'));
  bottom.push(placed([[1, 'Index'], [2, 'Label'], [3, 'Base year · rate'], [valueAt, 'Value'], [sourceAt, 'Years applied']], true));
  for (const ix of results.indices) {
    bottom.push(placed([[1, styled(ix.name, 'code')], [2, styled(ix.label, 'text')], [3, styled(`${ix.baseYear} · ${ix.rate}`, 'code')], [valueAt, styled(ix.value, 'multiplier')],
      [sourceAt, styled(ix.steps.map((st) => `${st.year}: × (1 + ${st.rate}) from ${st.from} — ${st.source}`).join('; ') || 'the base year: 1', 'text')]]));
  }
  bottom.push(blank());
  bottom.push(line(`Bands (${rb.bands.method === 'rules' ? 'rules: the first that matches wins' : rb.bands.method === 'shadow' ? 'shadow bands by current cost' : 'taken from the data'})`, 'section'));
  bottom.push(placed([[1, 'Band'], [2, 'Label'], [3, 'Rule'], [sourceAt, 'Descriptor']], true));
  for (const b of rb.bands.list) {
    const rule = rb.bands.method === 'rules' ? b.when ?? '' : rb.bands.method === 'shadow' ? `current cost in ${b.closed === 'right' || b.closed === 'neither' ? '(' : '['}${b.min ?? '−∞'}, ${b.max ?? '∞'}${b.closed === 'right' || b.closed === 'both' ? ']' : ')'}` : 'from the data';
    bottom.push(placed([[1, styled(b.id, 'code')], [2, styled(b.label, 'text')], [3, styled(rule, 'text')], [sourceAt, styled(b.descriptor, 'text')]]));
  }
  bottom.push(blank());
  bottom.push(line('Tariff', 'section'));
  bottom.push(placed([[1, styled('formula', 'code')], [2, styled(rb.tariff.formula, 'text')]]));
  bottom.push(placed([[1, styled('placeFunding', 'code')], [2, styled(rb.tariff.placeFunding ?? '(none)', 'text')]]));
  bottom.push(placed([[1, styled('indexation', 'code')], [2, styled(rb.tariff.indexation ?? '(none)', 'text')]]));
  bottom.push(blank());
  bottom.push(line('Exceptions (the first that matches applies)', 'section'));
  if (rb.exceptions.length === 0) bottom.push(line('None.'));
  else {
    bottom.push(placed([[1, 'Exception'], [2, 'Label'], [3, 'When'], [sourceAt, 'Action']], true));
    for (const x of rb.exceptions) bottom.push(placed([[1, styled(x.id, 'code')], [2, styled(x.label, 'text')], [3, styled(x.when, 'text')], [sourceAt, styled(x.action === 'extra_top_up' ? `price + ${x.amount ?? ''}` : 'funded at current cost', 'text')]]));
  }
  bottom.push(blank());
  bottom.push(line('Transitional protection', 'section'));
  const tp = rb.transitionalProtection;
  bottom.push(line(tp ? `Per ${tp.basis}: rises capped at ${tp.cap === null ? 'no cap' : `${tp.cap * 100}%`}, falls floored at ${tp.floor === null ? 'no floor' : `${tp.floor * 100}%`} of the previous funding (today's cost).` : 'None.'));
  return {
    name: SHEETS.assumptions,
    widths: columns.map((c) => c.width),
    top,
    table: {
      name: 'AssumptionsTable',
      columns,
      rowCount: rows.length,
      row: (i, out) => {
        const a = rows[i];
        out.length = 0;
        out.push(a.name, a.label, ...keyFields.map((k) => {
          const at = a.keys.indexOf(k);
          return at < 0 ? null : a.keyValues[at];
        }), styled(a.value, valueStyle(a.unit)), a.unit, isoDate(a.from), a.status, a.source, a.note ?? null);
      },
    },
    bottom,
    freeze: { rows: top.length + 1, columns: 1 },
    stopColumn: columns.length + 1,
  };
}

/** A YYYY-MM-DD date as a Date at UTC midnight (how spreadsheets store a day). */
function isoDate(date: string): Date | string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : d;
}

function provenanceSheet(results: PricingResults, options: LayoutOptions): SheetLayout {
  const pv = results.provenance;
  const kv = (item: string, value: CellValue, meaning: string, style: StyleName = 'text'): RowLayout => ({ cells: [styled(item, 'textBold'), styled(value, style), styled(meaning, 'note')] });
  const rows: RowLayout[] = [
    line(`${results.title}: provenance`, 'title'),
    line('What produced this workbook, so anyone can reproduce it.', 'subtitle'),
    blank(),
    headerRow(['Item', 'Value', 'Meaning']),
    kv('Application', `High Needs Tariff Modeller ${pv.app}`, 'The engine version that priced the placements.'),
    kv('Rulebook', `${results.rulebook.name} (${results.rulebook.id})`, 'The rulebook of bands, tariffs and parameters.'),
    kv('Illustrative', results.rulebook.illustrative ? 'yes — values are not official' : 'no', 'Whether the rulebook\'s values are illustrative.', results.rulebook.illustrative ? 'warning' : 'text'),
    kv('Rulebook hash', pv.rulebook, 'sha256 of the rulebook as canonical JSON (keys sorted, no spaces).', 'code'),
    kv('Data', results.data, 'Where the placements came from.'),
    kv('Data hash', pv.data, 'sha256 of the placement ids and every column of the data.', 'code'),
    kv('Placements', results.placements.rowCount, 'Rows on the Placements sheet.', 'countLeft'),
    kv('Plans', results.totals.plans, 'Σ count.', 'countLeft'),
    kv('Pricing date', isoDate(pv.date), `Parameters are read as in force on this date (financial year ${results.financialYear}).`, 'dateLeft'),
    kv('Seed', pv.seed ?? (results.years ? results.years.provenance.seed : 'none'), pv.seed === null && !results.years ? 'A pricing run draws no random numbers.' : 'The random seed of the simulation.', 'numberLeft'),
    kv('Draws', pv.draws ?? (results.years ? results.years.provenance.draws : 'none'), pv.draws === null && !results.years ? 'A pricing run has no Monte Carlo draws.' : 'Monte Carlo draws of the simulation.', 'numberLeft'),
    kv('Written', options.written, 'When this workbook was written (UTC).', 'datetimeLeft'),
    kv('Rounding', 'pence', 'Each placement\'s money is rounded to pence when written; totals are sums of the rounded values.'),
    kv('Formulas', 'live', 'Totals are SUM/SUMIFS formulas over Placements, written with their cached results.'),
    kv('Tables', options.streamed ? 'autofilter ranges' : 'Excel tables', options.streamed ? 'A large workbook is streamed: data sheets carry autofilters rather than Excel table objects.' : 'Data sheets are Excel tables with filters.'),
  ];
  if (results.years) {
    const yp = results.years.provenance;
    rows.push(blank(), line('Simulation', 'section'), headerRow(['Item', 'Value', 'Meaning']),
      kv('Scenario', results.years.scenario, 'The scenario simulated.'),
      kv('Years', `${results.years.years[0] ?? ''} to ${results.years.years[results.years.years.length - 1] ?? ''}`, 'Financial years projected.'),
      kv('Application', yp.app, 'Engine version of the simulation.'),
      kv('Rulebook hash', yp.rulebook, 'As stamped by the simulation.', 'code'),
      kv('Data hash', yp.data, 'As stamped by the simulation.', 'code'),
      kv('Seed', yp.seed, 'Master seed of the random draws.', 'numberLeft'),
      kv('Draws', yp.draws, 'Monte Carlo draws (run 0 is the central run).', 'numberLeft'));
  }
  return { name: SHEETS.provenance, widths: [18, 72, 90], top: rows };
}
