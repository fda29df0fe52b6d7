/** The DSG management plan's high-needs forecast (DOMAIN "DSG management plan"): a run by placement category × age group × FY, with the non-placement, funding and balance lines. */
import { DSG_PLAN_CATEGORIES, type DsgPlanCategoryCode } from '../vocab/dsg';
import { DSG_AGE_GROUPS, type DsgAgeGroupCode } from '../vocab/phases';
import { SETTING_CODES, settingInfo, type SettingCode } from '../vocab/settings';
import { S251_LINE_CODES, s251LineInfo, type S251LineCode } from '../vocab/s251';
import { fyStartYear } from './calendar';
import { Projector, assumptionsOf, num, type DrawDetail } from './project';
import type { PreparedProjection } from './prepare';
import type { Scenario } from './scenario';
import { overrideEndIndex } from './funding';
import { runOnce, type Provenance, type RunOutcome } from '../uncertainty/simulate';
import { scenarioOfDraw } from '../uncertainty/inputs';

/** The three spend bases of a run (DESIGN §6). */
export type DsgPlanBasis = 'scenario' | 'current' | 'tariff';

/** Plans at the January census inside each FY, and spend on each basis; series aligned with the plan's years. */
export interface DsgPlanSeries {
  plans: number[];
  scenario: number[];
  current: number[];
  tariff: number[];
}

export interface DsgPlanRow extends DsgPlanSeries {
  ageGroup: DsgAgeGroupCode;
  label: string;
}

export interface DsgPlanBlock {
  category: DsgPlanCategoryCode;
  label: string;
  /** The settings of DESIGN §2 counted in this category. */
  settings: SettingCode[];
  /** One row per DSG age group (under 5, 5–10, 11–15, 16–19, 20–25). */
  rows: DsgPlanRow[];
  total: DsgPlanSeries;
}

export interface DsgPlanLine {
  line: S251LineCode | string;
  label: string;
  values: number[];
}

export interface DsgPlan {
  scenario: string;
  years: string[];
  /** The seven categories in the template's order. */
  blocks: DsgPlanBlock[];
  /** Every category added up (equals the run's plans and spend totals). */
  placements: DsgPlanSeries;
  nonPlacement: { total: number[]; byLine: DsgPlanLine[] };
  /** Placement spend (scenario basis) + non-placement spend. */
  totalSpend: number[];
  allocation: number[];
  /** allocation − placement spend − non-placement spend. */
  inYear: number[];
  /** The deficit write-off grant by year, or null when the run has none. */
  writeOff: number[] | null;
  openingBalance: number;
  cumulative: number[];
  /** The last FY of the statutory override and its index among the years (may fall outside them). */
  overrideEnds: string;
  overrideEndsIndex: number;
  provenance: Provenance | null;
}

/** What dsgPlan needs: the central run's totals and funding, its detail (setting × age group), and labels. */
export interface DsgPlanInput {
  scenario: string;
  years: readonly string[];
  outcome: RunOutcome;
  detail: DrawDetail;
  overrideEnds: string;
  /** Non-placement spend by S251 line (each series aligned with years), where the run has it. */
  nonPlacementByLine?: Record<string, number[]>;
  provenance?: Provenance | null;
}

const empty = (H: number): DsgPlanSeries => ({ plans: new Array<number>(H).fill(0), scenario: new Array<number>(H).fill(0), current: new Array<number>(H).fill(0), tariff: new Array<number>(H).fill(0) });

function addInto(into: DsgPlanSeries, from: DsgPlanSeries): void {
  for (const k of ['plans', 'scenario', 'current', 'tariff'] as const) from[k].forEach((v, i) => (into[k][i] += v));
}

/**
 * The DSG management plan of a central run with detail: plans and costs by category × age group × FY (each
 * setting in its DESIGN §2 category), the category and grand totals, non-placement spend, allocation, in-year and
 * cumulative balance, the write-off where present and the year the statutory override ends.
 * @example
 * const plan = dsgPlan({scenario: 'Example council', years: prep.years, outcome, detail, overrideEnds: '2027-28'});
 * plan.placements.scenario[0] // = outcome.spend.scenario.total[0]
 */
export function dsgPlan(input: DsgPlanInput): DsgPlan {
  const { outcome, detail } = input;
  const years = [...input.years];
  const H = years.length;
  const G = DSG_AGE_GROUPS.length;
  if (detail.plansBySettingAge.length !== SETTING_CODES.length * G * H) throw new Error('dsgPlan: the run detail does not match the years (run the central run with detail).');
  const blocks: DsgPlanBlock[] = DSG_PLAN_CATEGORIES.map((cat) => {
    const settings = SETTING_CODES.filter((s) => settingInfo(s).dsgPlanCategory === cat.code);
    const rows: DsgPlanRow[] = DSG_AGE_GROUPS.map((g, k) => {
      const row: DsgPlanRow = { ageGroup: g.code, label: g.label, ...empty(H) };
      for (const s of settings) {
        const o = (SETTING_CODES.indexOf(s) * G + k) * H;
        for (let i = 0; i < H; i++) {
          row.plans[i] += detail.plansBySettingAge[o + i];
          row.scenario[i] += detail.scenarioBySettingAge[o + i];
          row.current[i] += detail.currentBySettingAge[o + i];
          row.tariff[i] += detail.tariffBySettingAge[o + i];
        }
      }
      return row;
    });
    const total = empty(H);
    for (const r of rows) addInto(total, r);
    return { category: cat.code, label: cat.label, settings, rows, total };
  });
  const placements = empty(H);
  for (const b of blocks) addInto(placements, b.total);
  const nonPlacementTotal = [...outcome.nonPlacement];
  const byLine: DsgPlanLine[] = Object.entries(input.nonPlacementByLine ?? {})
    .sort(([a], [b]) => lineOrder(a) - lineOrder(b))
    .map(([line, values]) => ({ line, label: (S251_LINE_CODES as readonly string[]).includes(line) ? s251LineInfo(line as S251LineCode).label : line, values: [...values] }));
  const allocation = [...outcome.funding.allocation];
  const totalSpend = placements.scenario.map((x, i) => x + nonPlacementTotal[i]);
  const inYear = allocation.map((a, i) => a - placements.scenario[i] - nonPlacementTotal[i]);
  const writeOff = outcome.funding.writeOff.some((x) => x !== 0) ? [...outcome.funding.writeOff] : null;
  const cumulative: number[] = [];
  let balance = outcome.funding.openingBalance;
  for (let i = 0; i < H; i++) {
    balance += inYear[i] + (writeOff ? writeOff[i] : 0);
    cumulative.push(balance);
  }
  return {
    scenario: input.scenario, years, blocks, placements,
    nonPlacement: { total: nonPlacementTotal, byLine },
    totalSpend, allocation, inYear, writeOff, openingBalance: outcome.funding.openingBalance, cumulative,
    overrideEnds: input.overrideEnds, overrideEndsIndex: overrideEndIndex(input.overrideEnds, years), provenance: input.provenance ?? null,
  };
}

function lineOrder(line: string): number {
  const k = (S251_LINE_CODES as readonly string[]).indexOf(line);
  return k < 0 ? 1e6 : k;
}

/**
 * Non-placement spend by S251 line for a resolved scenario (no distributions): each line's base amount (summed over
 * the LAs in the run where given per LA) × (1 + uplift) per year after the cost base year, as funding.ts totals it.
 * @example nonPlacementLines(resolved, prep.las, prep.years)['1.2.5'] // [10000, 10000, 10000]
 */
export function nonPlacementLines(resolved: Scenario, las: readonly string[], years: readonly string[]): Record<string, number[]> {
  const np = resolved.funding.nonPlacement;
  const base: Record<string, number> = {};
  if (np.byLa) {
    for (const la of las) for (const [line, v] of Object.entries(np.byLa[la] ?? {})) base[line] = (base[line] ?? 0) + v;
  } else for (const [line, l] of Object.entries(np.lines)) base[line] = (base[line] ?? 0) + l.value;
  const uplift = num(np.uplift, 'the non-placement uplift');
  const baseYear = fyStartYear(resolved.costs.baseYear);
  return Object.fromEntries(Object.entries(base).map(([line, v]) => [line, years.map((y) => v * Math.pow(1 + uplift, fyStartYear(y) - baseYear))]));
}

/**
 * The central run (run 0) of a scenario with detail, turned into its DSG management plan.
 * @example const plan = centralDsgPlan(prep, scenario, 7, provenance); plan.blocks[3].label // 'NMSS / independent'
 */
export function centralDsgPlan(prep: PreparedProjection, scenario: Scenario, seed: number, provenance: Provenance | null = null): DsgPlan {
  const resolved = scenarioOfDraw(scenario, seed, 0);
  const projector = new Projector(prep);
  const detail = projector.run(assumptionsOf(prep, resolved), { detail: true }).detail as DrawDetail;
  const outcome = runOnce(prep, projector, resolved);
  return dsgPlan({
    scenario: scenario.name, years: prep.years, outcome, detail, overrideEnds: scenario.funding.overrideEnds,
    nonPlacementByLine: nonPlacementLines(resolved, prep.las, prep.years), provenance,
  });
}
