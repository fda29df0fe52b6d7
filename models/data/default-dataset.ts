/** The default England dataset (January 2025) and the example council: placements rebuilt from the committed cells with seeded costs and providers. */
import { categorical, lognormalFromMean, type Categorical } from '../uncertainty/sampling';
import { createRng, type Rng } from '../uncertainty/rng';
import type { Rulebook } from '../rules/rulebook';
import { LAS, REGIONS, type RegionName } from '../vocab/las';
import { NEED_CODES, type NeedCode } from '../vocab/needs';
import { phaseOfAge, type PhaseCode } from '../vocab/phases';
import { GOVERNANCES, SETTINGS, SETTING_CODES, settingLabel, type SettingCode } from '../vocab/settings';
import { toCsv } from '../io/csv';
import type { CaseloadRecord, NeedsRecord } from '../io/dfe';
import { NEED_COUNTS_BY_SETTING, type DfeCountedSetting } from './synthetic-figures';
import { costModelFromRulebook, type DatasetCostModel, type ProviderPoolCost } from './default-dataset-costs';
import { FIT_NEEDS, cellRowsOf, fitLaCells, marginsFromStatistics, parseCells, scaleMargins, type CellRow, type LaMargins } from './default-dataset-fit';
import type { CategoryColumn, NumberColumn, PlacementTable } from './table';

export type { CellRow } from './default-dataset-fit';

/** How the default dataset is named wherever it is shown (DESIGN §6 `hntm summary`). */
export const ENGLAND_2025_SOURCE = 'England, January 2025 (DfE, Open Government Licence v3.0)';
/** The attribution DfE's licence asks for (../shared/data/README.md). */
export const DFE_ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0 (Department for Education, Education, health and care plans 2025)';
/** The seed of the England expansion: the January 2025 census date. Changing it changes every cost and provider. */
export const DEFAULT_DATASET_SEED = 20250116;

/** The example council: a mid-sized LA's margins scaled to about 3,000 plans, fitted and expanded as England is. */
export const EXAMPLE_COUNCIL = {
  la: '999',
  name: 'Example Council',
  /**
   * Hillingdon (312): of the LAs with 2,000–5,000 plans, the one whose mix of settings is closest to England's
   * (sum of absolute share differences 0.18), so tutorials see a typical council; 3,469 plans scaled to 3,000.
   */
  basedOn: '312',
  total: 3000,
  region: 'London' as RegionName,
  seed: 999,
  source: 'Example Council (synthetic: Hillingdon\'s January 2025 margins scaled to 3,000 plans; DfE, Open Government Licence v3.0)',
} as const;

/** Options of an expansion. */
export interface ExpandOptions {
  /** Regions of LAs that are not among the 153 (the example council). */
  regions?: Readonly<Record<string, RegionName>>;
}

const NEED_INDEX = new Map<string, number>(NEED_CODES.map((n, i) => [n, i]));
const SETTING_INDEX = new Map<string, number>(SETTING_CODES.map((s, i) => [s, i]));
const REGION_OF_LA = new Map<string, RegionName>(LAS.map((la) => [la.code, la.region]));
/** National January 2025 plans per setting: sizes the LA provider pools, so a subset of LAs gets the same pools. */
const NATIONAL_PLANS = new Map<SettingCode, number>(SETTINGS.map((s) => [s.code, s.plansJan2025 ?? 0]));

/**
 * Divides each need factor by its setting's average factor over England's January 2025 need mix, so the factors
 * move cost between needs without moving a setting's mean away from its cited average.
 */
function normalisedNeedFactors(model: DatasetCostModel): Record<SettingCode, Float64Array> {
  const out = {} as Record<SettingCode, Float64Array>;
  for (const s of SETTING_CODES) {
    const counted: DfeCountedSetting = s === 'ap_independent' ? 'ap' : s;
    const mix = NEED_COUNTS_BY_SETTING[counted];
    const raw = Float64Array.from(NEED_CODES, (n) => model.needFactor[s][n]);
    let w = 0;
    let t = 0;
    for (let j = 0; j < raw.length; j++) {
      w += mix[j] * raw[j];
      t += mix[j];
    }
    const norm = t > 0 && w > 0 ? w / t : 1;
    out[s] = raw.map((f) => f / norm);
  }
  return out;
}

/** Per setting: the branch categorical and, per branch, the lognormal of a unit-mean multiplier. */
interface SettingDraw {
  placeFunding: number;
  choose: Categorical;
  branches: Array<{ meanByPhase: Record<PhaseCode, number>; sigma: number; mu: number; weeks: number }>;
}

function settingDraws(model: DatasetCostModel): Record<SettingCode, SettingDraw> {
  const out = {} as Record<SettingCode, SettingDraw>;
  for (const s of SETTING_CODES) {
    const bs = model.branches[s];
    out[s] = {
      placeFunding: model.placeFunding[s],
      choose: categorical(bs.map((b) => b.share)),
      branches: bs.map((b) => {
        // A multiplier with mean 1: the branch mean (by phase, times the need factor) stays the mean.
        const { mu, sigma } = b.cv > 0 ? lognormalFromMean(1, b.cv) : { mu: 0, sigma: 0 };
        return { meanByPhase: b.meanByPhase, mu, sigma, weeks: b.residentialWeeks };
      }),
    };
  }
  return out;
}

/** Zipf weights 1/(k+1)^skew. */
function zipf(n: number, skew: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, skew));
}

/** The providers of one market setting (regional), with a home region each, and how placements choose among them. */
interface MarketPool {
  firstCode: number;
  national: Categorical;
  byRegion: Map<RegionName, { choose: Categorical; codes: Int32Array }>;
}

/** Builds the provider dictionaries: market pools once for England, local pools per LA and group as they come. */
class Providers {
  readonly ids: string[] = [];
  readonly names: string[] = [];
  private readonly market = new Map<SettingCode, MarketPool>();
  private readonly local = new Map<string, { firstCode: number; choose: Categorical }>();

  constructor(
    private readonly model: DatasetCostModel,
    rng: Rng,
  ) {
    const regionWeights = REGIONS.map((r) => LAS.filter((la) => la.region === r).reduce((a, la) => a + la.plansJan2025, 0));
    const regionChoice = categorical(regionWeights);
    for (const s of SETTING_CODES) {
      const pool = model.providers[s];
      if (!pool || pool.local) continue;
      this.market.set(s, this.marketPool(s, pool, regionChoice, rng.fork(s)));
    }
  }

  private marketPool(s: SettingCode, pool: ProviderPoolCost, regionChoice: Categorical, rng: Rng): MarketPool {
    const firstCode = this.ids.length;
    const label = settingLabel(s).toLowerCase();
    const weights: number[] = [];
    const regions: RegionName[] = [];
    // Groups (chains): group g's share of placements ∝ 1/(g+1); its schools ∝ that share (at least 2 each).
    const chainWeights = zipf(pool.chains, 1);
    const chainTotal = chainWeights.reduce((a, b) => a + b, 0);
    const schoolsOf = Array.from(chainWeights, (w) => Math.max(2, Math.round((pool.chainSchools * w) / chainTotal)));
    for (let g = 0; g < pool.chains; g++) {
      const groupShare = (pool.chainShare * chainWeights[g]) / chainTotal;
      const digits = String(schoolsOf[g]).length;
      for (let k = 0; k < schoolsOf[g]; k++) {
        const region = REGIONS[regionChoice.sample(rng)];
        this.ids.push(`${pool.prefix}-g${g + 1}-${String(k + 1).padStart(digits, '0')}`);
        this.names.push(`Synthetic ${label} group ${g + 1}, school ${k + 1} (${region})`);
        weights.push(groupShare / schoolsOf[g]);
        regions.push(region);
      }
    }
    const own = zipf(pool.count, pool.skew);
    const ownTotal = own.reduce((a, b) => a + b, 0);
    const digits = String(pool.count).length;
    for (let k = 0; k < pool.count; k++) {
      const region = REGIONS[regionChoice.sample(rng)];
      this.ids.push(`${pool.prefix}-${String(k + 1).padStart(digits, '0')}`);
      this.names.push(`Synthetic ${label} ${k + 1} (${region})`);
      weights.push(((1 - pool.chainShare) * own[k]) / ownTotal);
      regions.push(region);
    }
    const byRegion = new Map<RegionName, { choose: Categorical; codes: Int32Array }>();
    for (const r of REGIONS) {
      const idx = regions.map((x, i) => (x === r ? i : -1)).filter((i) => i >= 0);
      if (idx.length > 0) byRegion.set(r, { choose: categorical(idx.map((i) => weights[i])), codes: Int32Array.from(idx, (i) => firstCode + i) });
    }
    return { firstCode, national: categorical(weights), byRegion };
  }

  /**
   * How the placements of one LA × setting × governance choose their provider: a function of two uniforms drawn for
   * every placement (−1 for settings without providers). Resolved once per cell row, not per placement.
   */
  picker(s: SettingCode, la: string, governance: string | null, groupPlans: number, region: RegionName | undefined): (u1: number, u2: number) => number {
    const pool = this.model.providers[s];
    if (!pool) return () => -1;
    if (pool.local) {
      const key = `${la}|${s}|${governance ?? ''}`;
      let p = this.local.get(key);
      if (!p) {
        // An LA's own schools: as many as its share of England's plans in the setting implies (at least one).
        const n = Math.max(1, Math.round((pool.count * groupPlans) / Math.max(1, NATIONAL_PLANS.get(s) ?? 1)));
        const firstCode = this.ids.length;
        const g = governance === 'academy' ? 'a' : governance === 'la_maintained' ? 'm' : '';
        const label = settingLabel(s).toLowerCase();
        for (let k = 0; k < n; k++) {
          this.ids.push(`${pool.prefix}-${la}-${g}${String(k + 1).padStart(String(n).length, '0')}`);
          this.names.push(`Synthetic ${label}${governance === 'academy' ? ' (academy)' : governance === 'la_maintained' ? ' (LA maintained)' : ''} ${la}-${k + 1}`);
        }
        p = { firstCode, choose: categorical(zipf(n, pool.skew)) };
        this.local.set(key, p);
      }
      const { firstCode, choose } = p;
      return (_u1, u2) => firstCode + choose.fromUniform(u2);
    }
    const m = this.market.get(s) as MarketPool;
    const home = region === undefined ? undefined : m.byRegion.get(region);
    const homeShare = this.model.homeRegionShare;
    return (u1, u2) => (home && u1 < homeShare ? home.codes[home.choose.fromUniform(u2)] : m.firstCode + m.national.fromUniform(u2));
  }
}

/**
 * Expands cells into one row per placement (count 1) with a cost, a provider and residential weeks, all drawn from
 * the cost model with a seeded generator. Each LA × setting × governance has its own random stream, so the same
 * seed gives the same placements on every machine and in any subset of LAs. Five draws per placement, always.
 * @example
 * const table = expandCells(cells, costModelFromRulebook(rulebook), DEFAULT_DATASET_SEED);
 * table.rowCount // Σ counts (638,745 for England)
 */
export function expandCells(cells: readonly CellRow[], model: DatasetCostModel, seed: number, options: ExpandOptions = {}): PlacementTable {
  let n = 0;
  const groupPlans = new Map<string, number>();
  for (const c of cells) {
    let s = 0;
    for (let j = 0; j < c.counts.length; j++) s += c.counts[j];
    n += s;
    const key = `${c.la}|${c.setting}|${c.governance ?? ''}`;
    groupPlans.set(key, (groupPlans.get(key) ?? 0) + s);
  }
  const root = createRng(seed);
  const providers = new Providers(model, root.fork('providers'));
  const draws = settingDraws(model);
  const needFactor = normalisedNeedFactors(model);

  const laDictionary: string[] = [];
  const laIndex = new Map<string, number>();
  const laCodes = new Int32Array(n);
  const settingCodes = new Int32Array(n);
  const needCodes = new Int32Array(n);
  const age = new Float64Array(n);
  const annualCost = new Float64Array(n);
  const count = new Float64Array(n).fill(1);
  const providerCodes = new Int32Array(n);
  const placeFunding = new Float64Array(n);
  const topUp = new Float64Array(n);
  const residential = new Float64Array(n);
  const governance = new Int32Array(n);
  const ids = new Array<string>(n);
  const seqByLa = new Map<string, number>();
  const streams = new Map<string, Rng>();

  let i = 0;
  for (const c of cells) {
    let li = laIndex.get(c.la);
    if (li === undefined) {
      li = laDictionary.length;
      laDictionary.push(c.la);
      laIndex.set(c.la, li);
    }
    const key = `${c.la}|${c.setting}|${c.governance ?? ''}`;
    let rng = streams.get(key);
    if (!rng) {
      rng = root.fork(`cells/${key}`);
      streams.set(key, rng);
    }
    const s = c.setting as SettingCode;
    const d = draws[s];
    const phase = phaseOfAge(c.age) as PhaseCode;
    const region = REGION_OF_LA.get(c.la) ?? options.regions?.[c.la];
    const gov = c.governance === null ? -1 : GOVERNANCES.indexOf(c.governance);
    const plans = groupPlans.get(key) ?? 0;
    let seq = seqByLa.get(c.la) ?? 0;
    const pick = providers.picker(s, c.la, c.governance, plans, region);
    const la5 = `${c.la}-`;
    for (let j = 0; j < FIT_NEEDS.length; j++) {
      const k = c.counts[j];
      if (k === 0) continue;
      const need = NEED_INDEX.get(FIT_NEEDS[j]) as number;
      const factor = needFactor[s][need];
      for (let r = 0; r < k; r++, i++) {
        const b = d.branches[d.choose.fromUniform(rng.next())];
        const z = rng.normal();
        const u1 = rng.next();
        const u2 = rng.next();
        const mean = b.meanByPhase[phase] * factor;
        const top = mean > 0 ? Math.round(b.sigma > 0 ? mean * Math.exp(b.mu + b.sigma * z) : mean) : 0;
        seq++;
        ids[i] = la5 + (seq < 10000 ? ('0000' + seq).slice(-5) : String(seq));
        laCodes[i] = li;
        settingCodes[i] = SETTING_INDEX.get(s) as number;
        needCodes[i] = need;
        age[i] = c.age;
        placeFunding[i] = d.placeFunding;
        topUp[i] = top;
        annualCost[i] = d.placeFunding + top;
        residential[i] = b.weeks;
        governance[i] = gov;
        providerCodes[i] = pick(u1, u2);
      }
    }
    seqByLa.set(c.la, seq);
  }

  const category = (codes: Int32Array, dictionary: string[]): CategoryColumn => ({ kind: 'category', codes, dictionary });
  const number = (values: Float64Array): NumberColumn => ({ kind: 'number', values });
  return {
    rowCount: n,
    ids,
    columns: {
      la_code: category(laCodes, laDictionary),
      setting: category(settingCodes, [...SETTING_CODES]),
      primary_need: category(needCodes, [...NEED_CODES]),
      age: number(age),
      annual_cost: number(annualCost),
      count: number(count),
      provider_id: category(providerCodes, providers.ids),
      provider_name: category(providerCodes.slice(), providers.names),
      place_funding: number(placeFunding),
      top_up: number(topUp),
      residential: number(residential),
      governance: category(governance, [...GOVERNANCES]),
    },
  };
}

/**
 * Rebuilds the default England dataset: 638,745 placements from the committed cells, the cost rulebook and the seed.
 * @example
 * const table = expandDefaultDataset(readFileSync('scenarios/datasets/england-2025.cells.csv', 'utf8'), costsRulebook, DEFAULT_DATASET_SEED);
 * table.rowCount // 638745
 */
export function expandDefaultDataset(cellsText: string, costsRulebook: Rulebook, seed: number): PlacementTable {
  return expandCells(parseCells(cellsText, 'england-2025.cells.csv'), costModelFromRulebook(costsRulebook), seed);
}

/** The expected (mean) cost of a placement of a setting at an age with a need, and its split. */
function expectedCost(model: DatasetCostModel, factors: Record<SettingCode, Float64Array>, s: SettingCode, ageYears: number, need: NeedCode): { placeFunding: number; topUp: number } {
  const phase = phaseOfAge(ageYears) as PhaseCode;
  const factor = factors[s][NEED_INDEX.get(need) as number];
  let top = 0;
  for (const b of model.branches[s]) top += b.share * b.meanByPhase[phase] * factor;
  return { placeFunding: model.placeFunding[s], topUp: top };
}

/**
 * A cohort table: one row per LA × setting × governance × age × need cell with `count` placements, each at the
 * expected unit cost of its setting, phase and need from the cost rulebook (place funding + the branch-weighted mean
 * top-up). For projections and for councils with no placement-level file.
 * @example
 * const cohort = cohortTableFromCells(parseCells(text), costsRulebook);
 * cohort.rowCount // ≈ 150k cells; Σ count = 638,745
 */
export function cohortTableFromCells(cells: readonly CellRow[], costsRulebook: Rulebook, options: { date?: string } = {}): PlacementTable {
  const model = costModelFromRulebook(costsRulebook, options.date);
  const factors = normalisedNeedFactors(model);
  const rows: Array<{ la: string; s: number; need: number; age: number; count: number; place: number; top: number; gov: number }> = [];
  for (const c of cells) {
    for (let j = 0; j < FIT_NEEDS.length; j++) {
      if (c.counts[j] === 0) continue;
      const cost = expectedCost(model, factors, c.setting as SettingCode, c.age, FIT_NEEDS[j]);
      rows.push({
        la: c.la,
        s: SETTING_INDEX.get(c.setting) as number,
        need: NEED_INDEX.get(FIT_NEEDS[j]) as number,
        age: c.age,
        count: c.counts[j],
        place: cost.placeFunding,
        top: cost.topUp,
        gov: c.governance === null ? -1 : GOVERNANCES.indexOf(c.governance),
      });
    }
  }
  const n = rows.length;
  const laDictionary = [...new Set(rows.map((r) => r.la))];
  const laIndex = new Map(laDictionary.map((la, i) => [la, i]));
  const category = (codes: Int32Array, dictionary: string[]): CategoryColumn => ({ kind: 'category', codes, dictionary });
  const number = (values: Float64Array): NumberColumn => ({ kind: 'number', values });
  return {
    rowCount: n,
    ids: rows.map((r) => `${r.la}-${SETTING_CODES[r.s]}-${r.gov < 0 ? '' : GOVERNANCES[r.gov]}-${r.age}-${NEED_CODES[r.need]}`),
    columns: {
      la_code: category(Int32Array.from(rows, (r) => laIndex.get(r.la) as number), laDictionary),
      setting: category(Int32Array.from(rows, (r) => r.s), [...SETTING_CODES]),
      primary_need: category(Int32Array.from(rows, (r) => r.need), [...NEED_CODES]),
      age: number(Float64Array.from(rows, (r) => r.age)),
      annual_cost: number(Float64Array.from(rows, (r) => r.place + r.top)),
      count: number(Float64Array.from(rows, (r) => r.count)),
      place_funding: number(Float64Array.from(rows, (r) => r.place)),
      top_up: number(Float64Array.from(rows, (r) => r.top)),
      governance: category(Int32Array.from(rows, (r) => r.gov), [...GOVERNANCES]),
    },
  };
}

/**
 * A cohort table straight from DfE's caseload.csv and sen_needs_all_plans.csv records (January 2025), for England
 * or some LAs: the cells are fitted as the default dataset's are (every published margin exact), and each cell is
 * priced at its expected unit cost from the cost rulebook.
 * @example
 * const camden = cohortTableFromStatistics({caseload: readCaseload(a), needs: readNeeds(b)}, costsRulebook, {las: ['202']});
 * // Σ count = 1,607; one row per setting × governance × age × need cell
 */
export function cohortTableFromStatistics(
  statistics: { caseload: readonly CaseloadRecord[]; needs: readonly NeedsRecord[] },
  costsRulebook: Rulebook,
  options: { las?: readonly string[]; date?: string } = {},
): PlacementTable {
  const margins = marginsFromStatistics(statistics);
  const wanted = options.las ? new Set(options.las) : null;
  if (wanted) for (const la of wanted) if (!margins.las.some((m) => m.la === la)) throw new RangeError(`"${la}" is not an LA in the January 2025 statistics.`);
  const cells: CellRow[] = [];
  for (const m of margins.las) if (!wanted || wanted.has(m.la)) cells.push(...cellRowsOf(m.la, fitLaCells(m, margins.national.groupAge as Int32Array)));
  return cohortTableFromCells(cells, costsRulebook, options.date === undefined ? {} : { date: options.date });
}

/**
 * The example council's cells: Hillingdon's margins scaled to 3,000 plans and fitted as every LA is.
 * @example exampleCouncilCells(marginsFromStatistics({caseload, needs})).every((c) => c.la === '999') // true
 */
export function exampleCouncilCells(margins: { las: readonly LaMargins[]; national: LaMargins }): { cells: CellRow[]; notes: string[] } {
  const base = margins.las.find((m) => m.la === EXAMPLE_COUNCIL.basedOn);
  if (!base) throw new RangeError(`The statistics have no LA ${EXAMPLE_COUNCIL.basedOn} to base the example council on.`);
  const national = margins.national.groupAge as Int32Array;
  const scaled = scaleMargins(base, EXAMPLE_COUNCIL.total, { la: EXAMPLE_COUNCIL.la, name: EXAMPLE_COUNCIL.name }, national);
  return { cells: cellRowsOf(EXAMPLE_COUNCIL.la, fitLaCells(scaled, national)), notes: scaled.notes };
}

/** The columns of a placement CSV written from a table, in PLACEMENT_FIELDS order. */
const CSV_COLUMNS = ['placement_id', 'la_code', 'setting', 'age', 'primary_need', 'annual_cost', 'provider_id', 'provider_name', 'place_funding', 'top_up', 'residential', 'governance'] as const;

/**
 * Writes a placement table as a placement CSV the importer reads back (codes, not labels; blank where missing).
 * @example placementsCsv(table).split('\r\n')[0] // 'placement_id,la_code,setting,age,primary_need,annual_cost,…'
 */
export function placementsCsv(table: PlacementTable): string {
  const rows: Array<Array<string | number | null>> = [];
  const get = (name: string, i: number): string | number | null => {
    if (name === 'placement_id') return table.ids[i];
    const col = table.columns[name];
    if (!col) return null;
    if (col.kind === 'number') return Number.isNaN(col.values[i]) ? null : col.values[i];
    const code = col.codes[i];
    return code < 0 ? null : col.dictionary[code];
  };
  for (let i = 0; i < table.rowCount; i++) rows.push(CSV_COLUMNS.map((c) => get(c, i)));
  return toCsv([...CSV_COLUMNS], rows);
}
