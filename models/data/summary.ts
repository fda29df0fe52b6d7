/** summarise: plans and cost in total and by setting, sector, LA, need and age, in `hntm summary`'s JSON shape (DESIGN §6). */
import { MAX_AGE, MIN_AGE } from '../vocab/phases';
import { SECTOR_CODES, type SectorCode } from '../vocab/sectors';
import { SETTING_CODES, sectorOfSetting } from '../vocab/settings';
import { NEED_CODES } from '../vocab/needs';
import { ExactSum } from './exact-sum';
import { categoryColumn, numberColumn, type PlacementTable } from './table';

/** One group's total: plans = Σ count, cost = Σ annual_cost × count, in pounds, unrounded. */
export interface PlansAndCost {
  plans: number;
  cost: number;
}

export interface PlacementSummary {
  /** Where the data comes from, when the caller says (the CLI does). */
  source?: string;
  plans: number;
  cost: number;
  /** Settings that have at least one row, in vocabulary order. */
  bySetting: Record<string, PlansAndCost>;
  /** All four sectors, always, in reporting order (zero when empty). */
  bySector: Record<SectorCode, PlansAndCost>;
  /** LAs that have at least one row, keyed by their code (3-digit DfE codes), in ascending code order. */
  byLa: Record<string, PlansAndCost>;
  /** Needs that have at least one row, in vocabulary order. */
  byNeed: Record<string, PlansAndCost>;
  /** Every age "0"…"25", always (zero when empty). */
  byAge: Record<string, PlansAndCost>;
}

class Group {
  plans = 0;
  readonly cost = new ExactSum();
  rows = 0;
  add(count: number, cost: number): void {
    this.plans += count;
    this.cost.add(cost * count);
    this.rows++;
  }
  out(): PlansAndCost {
    return { plans: this.plans, cost: this.cost.value() };
  }
}

/**
 * Totals for a placement table in DESIGN §6's `hntm summary` shape. Plans are Σ count (count defaults to 1,
 * a missing count counts 1); cost is Σ annual_cost × count in pounds, unrounded (a missing cost adds nothing).
 * Sums are exact then rounded once, so the result does not depend on row order. bySetting, byLa and byNeed list
 * only groups present in the data (a zero row would suggest the data said zero); bySector lists all four sectors
 * and byAge all ages 0–25, as the contract shows, so charts and the DSG plan's age groups always line up.
 * @example
 * const s = summarise(table, {source: 'Camden placements 2025'});
 * s.plans // 1607
 * s.bySector.independent // {plans: 210, cost: 13250000}
 * s.byAge['25'] // {plans: 3, cost: 41000}
 */
export function summarise(table: PlacementTable, options: { source?: string } = {}): PlacementSummary {
  const n = table.rowCount;
  const count = numberColumn(table, 'count');
  const cost = numberColumn(table, 'annual_cost');
  const age = numberColumn(table, 'age');
  const setting = categoryColumn(table, 'setting');
  const la = categoryColumn(table, 'la_code');
  const need = categoryColumn(table, 'primary_need');

  const total = new Group();
  const bySettingCode = setting.dictionary.map(() => new Group());
  const byLaCode = la.dictionary.map(() => new Group());
  const byNeedCode = need.dictionary.map(() => new Group());
  const byAge: Group[] = [];
  for (let a = MIN_AGE; a <= MAX_AGE; a++) byAge.push(new Group());
  const missingSetting = new Group();

  for (let i = 0; i < n; i++) {
    const c = Number.isNaN(count[i]) ? 1 : count[i];
    const v = cost[i];
    total.add(c, v);
    const s = setting.codes[i];
    (s >= 0 ? bySettingCode[s] : missingSetting).add(c, v);
    if (la.codes[i] >= 0) byLaCode[la.codes[i]].add(c, v);
    if (need.codes[i] >= 0) byNeedCode[need.codes[i]].add(c, v);
    const a = Math.floor(age[i]);
    if (a >= MIN_AGE && a <= MAX_AGE) byAge[a - MIN_AGE].add(c, v);
  }

  // Settings in vocabulary order first, then any other strings a hand-built table may hold.
  const settingOrder = orderBy(setting.dictionary, SETTING_CODES);
  const bySetting: Record<string, PlansAndCost> = {};
  const sectorGroups = new Map<SectorCode, { plans: number; cost: ExactSum }>(SECTOR_CODES.map((s) => [s, { plans: 0, cost: new ExactSum() }]));
  for (const k of settingOrder) {
    const g = bySettingCode[k];
    if (g.rows === 0) continue;
    bySetting[setting.dictionary[k]] = g.out();
  }
  // Sector totals are summed from rows, not from rounded setting totals, so they stay exact too.
  const sectorOfCode = setting.dictionary.map((s) => sectorOfSetting(s));
  for (let i = 0; i < n; i++) {
    const s = setting.codes[i];
    const sector = s >= 0 ? sectorOfCode[s] : 'other';
    const g = sectorGroups.get(sector);
    if (!g) continue;
    const c = Number.isNaN(count[i]) ? 1 : count[i];
    g.plans += c;
    g.cost.add(cost[i] * c);
  }
  const bySector = {} as Record<SectorCode, PlansAndCost>;
  for (const s of SECTOR_CODES) {
    const g = sectorGroups.get(s);
    bySector[s] = g ? { plans: g.plans, cost: g.cost.value() } : { plans: 0, cost: 0 };
  }

  const byLa: Record<string, PlansAndCost> = {};
  const laOrder = la.dictionary.map((_, k) => k).sort((a, b) => compareCodes(la.dictionary[a], la.dictionary[b]));
  for (const k of laOrder) if (byLaCode[k].rows > 0) byLa[la.dictionary[k]] = byLaCode[k].out();

  const byNeed: Record<string, PlansAndCost> = {};
  for (const k of orderBy(need.dictionary, NEED_CODES)) if (byNeedCode[k].rows > 0) byNeed[need.dictionary[k]] = byNeedCode[k].out();

  const ages: Record<string, PlansAndCost> = {};
  for (let a = MIN_AGE; a <= MAX_AGE; a++) ages[String(a)] = byAge[a - MIN_AGE].out();

  const totals = total.out();
  const out: PlacementSummary = options.source === undefined ? { plans: totals.plans, cost: totals.cost, bySetting, bySector, byLa, byNeed, byAge: ages } : { source: options.source, plans: totals.plans, cost: totals.cost, bySetting, bySector, byLa, byNeed, byAge: ages };
  return out;
}

/** Dictionary positions ordered by a vocabulary, unknown strings after, alphabetically. */
function orderBy(dictionary: readonly string[], vocabulary: readonly string[]): number[] {
  const rank = (s: string): number => {
    const r = vocabulary.indexOf(s);
    return r < 0 ? vocabulary.length : r;
  };
  return dictionary.map((_, k) => k).sort((a, b) => rank(dictionary[a]) - rank(dictionary[b]) || compareCodes(dictionary[a], dictionary[b]));
}

/** Numeric codes in numeric order ('202' < '1000'), then anything else as text. */
function compareCodes(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
