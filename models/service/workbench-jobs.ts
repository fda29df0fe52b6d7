/**
 * The workbenches' engine jobs: the commissioner's provider analysis (premiums, cap saving, uplift requests) and the
 * policy workbench's option comparison, budget neutrality, protection path and tornado, all on the loaded placements.
 */
import type { JobContext, JobHandler, TableStore } from './engine-service';
import { throwIfCancelled } from './engine-service';
import { SHIPPED_RULEBOOKS, readAssetText } from './assets';
import { loadedPlacements } from './data-jobs';
import { checkRulebookJson } from './rulebook-jobs';
import type { Rulebook } from '../rules/rulebook';
import type { PlacementTable } from '../data/table';
import { scalarOn } from '../rules/parameters';
import { price, PricingError, type Priced } from '../pricing/price';
import { categoryOf } from '../pricing/context';
import { totals } from '../pricing/aggregate';
import { analysePriced, assessUplift, capSavingByYear, type CommissionerAnalysis, type CapSavingYear, type UpliftAssessment } from '../workbench/commissioner';
import { budgetNeutral, optionResult, optionTornado, protectionPath, type GoalSeekResult, type OptionResult, type ProtectionYear, type TornadoBar } from '../workbench/policy';
import { fyLabel, fyStartYear, financialYearOf } from '../projection/calendar';

/** Placements listed in the providers answer: the largest premiums; the count of all is sent beside them. */
export const WORKBENCH_TOP_PLACEMENTS = 200;

/** A rulebook the UI names: a shipped file ("iss-price-bands.rulebook.json") or id, or the rulebook's JSON itself. */
export type RulebookRef = string | Record<string, unknown>;

export interface ProvidersAnswer extends Omit<CommissionerAnalysis, 'placements'> {
  placements: CommissionerAnalysis['placements'];
  /** How many placements are in scope (the list holds the top WORKBENCH_TOP_PLACEMENTS). */
  placementCount: number;
  /** The rulebook's tariff indexation for the date's financial year, as a fraction (uplift requests are weighed against it). */
  indexationPct: number;
}

export interface CompareAnswer {
  date: string;
  /** Today's cost of the same placements (annual_cost), £ a year: what every option is compared with. */
  today: number;
  plans: number;
  options: OptionResult[];
}

export interface BandPriceChange {
  band: string;
  label: string;
  /** The setting whose price is shown (independent special school where priced, else the most common in the band). */
  setting: string;
  before: number;
  after: number;
}

export interface BudgetNeutralAnswer extends GoalSeekResult {
  rulebook: { id: string; name: string };
  /** The option's total before scaling, £ a year. */
  total: number;
  today: number;
  bands: BandPriceChange[];
}

export interface ProtectionAnswer {
  rulebook: { id: string; name: string };
  hasProtection: boolean;
  cap: number | null;
  floor: number | null;
  years: ProtectionYear[];
}

export interface TornadoAnswer {
  rulebook: { id: string; name: string };
  base: number;
  bars: TornadoBar[];
}

// ---- Inputs ----------------------------------------------------------------------------------------------------

function placements(tables: TableStore): PlacementTable {
  const data = loadedPlacements(tables);
  if (!data) throw new Error('No placement data is loaded yet: open the Data view and load the England dataset or a council file first.');
  return data.table;
}

const rulebookCache = new Map<string, Rulebook>();

/** Reads a shipped rulebook by file name or id, or checks a rulebook's JSON; errors in plain words. */
export async function resolveRulebook(ref: unknown, context: Pick<JobContext, 'assets'>): Promise<Rulebook> {
  if (typeof ref === 'string') {
    const entry = SHIPPED_RULEBOOKS.find((r) => r.file === ref || r.file === `${ref}.rulebook.json`);
    if (!entry) throw new Error(`There is no shipped rulebook called "${ref}".`);
    const have = rulebookCache.get(entry.file);
    if (have) return have;
    const json: unknown = JSON.parse(await readAssetText(context.assets, entry.path));
    const { rulebook, check } = checkRulebookJson(json, entry.file);
    if (!rulebook) throw new Error(`The shipped rulebook ${entry.file} cannot be read: ${check.problems.find((p) => p.severity === 'error')?.message ?? 'unknown problem'}`);
    rulebookCache.set(entry.file, rulebook);
    return rulebook;
  }
  if (ref && typeof ref === 'object') {
    const { rulebook, check } = checkRulebookJson(ref);
    if (!rulebook) {
      const first = check.problems.find((p) => p.severity === 'error');
      throw new Error(`The rulebook cannot be used until its problems are fixed${first ? `: ${first.path}: ${first.message}` : '.'}`);
    }
    return rulebook;
  }
  throw new Error('Choose a rulebook: a shipped one or your own.');
}

function dateOf(raw: unknown, fallback = '2026-04-01'): string {
  const date = raw === undefined ? fallback : raw;
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('The date must be written YYYY-MM-DD.');
  return date;
}

function fraction(raw: unknown, what: string, fallback?: number): number {
  const x = raw === undefined && fallback !== undefined ? fallback : raw;
  if (typeof x !== 'number' || !Number.isFinite(x) || x < -1 || x > 10) throw new Error(`${what} must be a percentage between −100% and 1,000%.`);
  return x;
}

/** Prices with a PricingError turned into its messages. */
function priceOrExplain(table: PlacementTable, rulebook: Rulebook, date: string, previous?: Float64Array): Priced {
  try {
    return price(table, rulebook, { date, file: rulebook.id, ...(previous ? { previous } : {}) });
  } catch (e) {
    if (e instanceof PricingError) throw new Error(`${rulebook.name} cannot price these placements: ${e.issues.map((i) => i.message).join('; ')}`);
    throw e;
  }
}

/** The tariff indexation rate in force for the date's financial year (0 when the rulebook has none). */
export function indexationRate(rulebook: Rulebook, date: string): number {
  const name = rulebook.tariff.indexation;
  const ix = name ? rulebook.indexation[name] : undefined;
  if (!ix) return 0;
  try {
    return scalarOn(rulebook, ix.rate, `${fyStartYear(financialYearOf(date))}-04-01`).value;
  } catch {
    return 0;
  }
}

// ---- Commissioner ---------------------------------------------------------------------------------------------

/** The last full analysis per service, so an uplift request does not price 600k rows again. */
const lastAnalysis = new WeakMap<TableStore, { key: string; table: PlacementTable; analysis: CommissionerAnalysis }>();

async function analysisFor(raw: unknown, context: JobContext): Promise<{ analysis: CommissionerAnalysis; rulebook: Rulebook; date: string }> {
  const p = (raw ?? {}) as { rulebook?: unknown; date?: unknown; cap?: unknown };
  const table = placements(context.tables);
  const rulebook = await resolveRulebook(p.rulebook ?? 'iss-price-bands.rulebook.json', context);
  const date = dateOf(p.date);
  const cap = fraction(p.cap, 'The cap', 0.1);
  const key = `${JSON.stringify(rulebook)}|${date}|${cap}`;
  const have = lastAnalysis.get(context.tables);
  if (have && have.key === key && have.table === table) return { analysis: have.analysis, rulebook, date };
  context.progress(0, 2, `Pricing ${table.rowCount.toLocaleString('en-GB')} placements with ${rulebook.name}`);
  const priced = priceOrExplain(table, rulebook, date);
  throwIfCancelled(context.cancel);
  context.progress(1, 2, 'Comparing fees with band prices');
  const analysis = analysePriced(priced, { date, cap });
  lastAnalysis.set(context.tables, { key, table, analysis });
  context.progress(2, 2);
  return { analysis, rulebook, date };
}

/** {rulebook?, date?, cap?} → ProvidersAnswer: every provider, the distribution per band, the top 200 placements. */
const providersJob: JobHandler = async (raw, context): Promise<ProvidersAnswer> => {
  const { analysis, rulebook, date } = await analysisFor(raw, context);
  return { ...analysis, placements: analysis.placements.slice(0, WORKBENCH_TOP_PLACEMENTS), placementCount: analysis.placements.length, indexationPct: indexationRate(rulebook, date) };
};

/** {rulebook?, cap?, years? | from? & count?, feeGrowth?} → {years, total}: the cap's saving in each financial year. */
const capByYearJob: JobHandler = async (raw, context): Promise<{ years: CapSavingYear[]; total: number; feeGrowth: number }> => {
  const p = (raw ?? {}) as { rulebook?: unknown; cap?: unknown; years?: unknown; feeGrowth?: unknown; date?: unknown };
  const table = placements(context.tables);
  const rulebook = await resolveRulebook(p.rulebook ?? 'iss-price-bands.rulebook.json', context);
  const cap = fraction(p.cap, 'The cap', 0.1);
  const first = fyStartYear(financialYearOf(dateOf(p.date)));
  const years = Array.isArray(p.years) && p.years.every((y) => typeof y === 'string') ? (p.years as string[]) : Array.from({ length: 5 }, (_, k) => fyLabel(first + k));
  // Without a stated growth in fees, fees are assumed to rise with the tariff's own indexation.
  const feeGrowth = p.feeGrowth === undefined ? indexationRate(rulebook, `${first}-04-01`) : fraction(p.feeGrowth, 'Fee growth');
  context.progress(0, years.length, 'Working out the cap’s saving year by year');
  const out = capSavingByYear(table, rulebook, { cap, years, feeGrowth });
  context.progress(years.length, years.length);
  return { ...out, feeGrowth };
};

/** {providerId, requestedPct, rulebook?, date?, cap?} → UpliftAssessment with its verdict sentence. */
const upliftJob: JobHandler = async (raw, context): Promise<UpliftAssessment> => {
  const p = (raw ?? {}) as { providerId?: unknown; requestedPct?: unknown };
  if (typeof p.providerId !== 'string' || p.providerId === '') throw new Error('Choose a provider to weigh its request.');
  const requested = fraction(p.requestedPct, 'The requested uplift');
  const { analysis, rulebook, date } = await analysisFor(raw, context);
  return assessUplift(analysis, p.providerId, requested, indexationRate(rulebook, date));
};

// ---- Policy ----------------------------------------------------------------------------------------------------

/** {rulebooks: RulebookRef[], date?} → CompareAnswer: each option's national total and every council's change. */
const compareJob: JobHandler = async (raw, context): Promise<CompareAnswer> => {
  const p = (raw ?? {}) as { rulebooks?: unknown; date?: unknown };
  if (!Array.isArray(p.rulebooks) || p.rulebooks.length === 0) throw new Error('Choose at least one tariff option to compare with today.');
  const table = placements(context.tables);
  const date = dateOf(p.date);
  const options: OptionResult[] = [];
  for (const [k, ref] of p.rulebooks.entries()) {
    const rulebook = await resolveRulebook(ref, context);
    context.progress(k, p.rulebooks.length, `Pricing with ${rulebook.name}`);
    options.push(optionResult(priceOrExplain(table, rulebook, date)));
    throwIfCancelled(context.cancel);
  }
  context.progress(p.rulebooks.length, p.rulebooks.length);
  return { date, today: options[0].current, plans: options[0].plans, options };
};

/** The price per placement of each band in its most common setting, before and after scaling. */
export function bandPriceChanges(priced: Priced, scale: number): BandPriceChange[] {
  const setting = categoryOf(priced.table, 'setting');
  const labels = new Map(priced.rulebook.bands.list.map((b) => [b.id, b.label]));
  return priced.bandIds.flatMap((band, b) => {
    const plansBySetting = new Map<number, { plans: number; sum: number }>();
    for (let i = 0; i < priced.band.length; i++) {
      if (priced.band[i] !== b || Number.isNaN(priced.tariff[i])) continue;
      const e = plansBySetting.get(setting.codes[i]) ?? plansBySetting.set(setting.codes[i], { plans: 0, sum: 0 }).get(setting.codes[i])!;
      e.plans += priced.weight[i];
      e.sum += priced.tariff[i] * priced.scale * priced.weight[i];
    }
    // An independent special school's price where the band has any, as commissioners quote it; else the commonest setting's.
    const iss = setting.dictionary.indexOf('iss');
    const top = (iss >= 0 && plansBySetting.has(iss) ? [[iss, plansBySetting.get(iss)!] as const] : [...plansBySetting].sort((x, y) => y[1].plans - x[1].plans))[0];
    if (!top) return [];
    const before = top[1].sum / top[1].plans;
    return [{ band, label: labels.get(band) ?? band, setting: setting.dictionary[top[0]] ?? 'unknown', before, after: before * scale }];
  });
}

/** {rulebook, date?, target?} → BudgetNeutralAnswer: the scale that makes the option cost today's total (or the target). */
const budgetNeutralJob: JobHandler = async (raw, context): Promise<BudgetNeutralAnswer> => {
  const p = (raw ?? {}) as { rulebook?: unknown; date?: unknown; target?: unknown };
  const table = placements(context.tables);
  const rulebook = await resolveRulebook(p.rulebook, context);
  if (p.target !== undefined && (typeof p.target !== 'number' || !Number.isFinite(p.target) || p.target <= 0)) throw new Error('The target must be an amount in pounds above zero.');
  context.progress(0, 2, `Pricing with ${rulebook.name}`);
  const priced = priceOrExplain(table, rulebook, dateOf(p.date));
  context.progress(1, 2, 'Finding the budget-neutral scale');
  const result = budgetNeutral(priced, p.target !== undefined ? { target: p.target as number } : {});
  const t = totals(priced);
  context.progress(2, 2);
  return { ...result, rulebook: { id: rulebook.id, name: rulebook.name }, total: t.price, today: t.current, bands: bandPriceChanges(priced, result.scale) };
};

/** {rulebook, years? | date?} → ProtectionAnswer: funded against full tariff each year where the option protects. */
const protectionJob: JobHandler = async (raw, context): Promise<ProtectionAnswer> => {
  const p = (raw ?? {}) as { rulebook?: unknown; years?: unknown; date?: unknown };
  const table = placements(context.tables);
  const rulebook = await resolveRulebook(p.rulebook, context);
  const tp = rulebook.transitionalProtection;
  const first = fyStartYear(financialYearOf(dateOf(p.date)));
  const years = Array.isArray(p.years) && p.years.every((y) => typeof y === 'string') ? (p.years as string[]) : Array.from({ length: 5 }, (_, k) => fyLabel(first + k));
  if (!tp) return { rulebook: { id: rulebook.id, name: rulebook.name }, hasProtection: false, cap: null, floor: null, years: [] };
  context.progress(0, 1, `Following ${rulebook.name}’s protection year by year`);
  const path = protectionPath(table, rulebook, years);
  context.progress(1, 1);
  return { rulebook: { id: rulebook.id, name: rulebook.name }, hasProtection: true, cap: tp.cap, floor: tp.floor, years: path };
};

/** {rulebook, date?, swing?} → TornadoAnswer: how far the option's total moves with each parameter ±10%. */
const tornadoJob: JobHandler = async (raw, context): Promise<TornadoAnswer> => {
  const p = (raw ?? {}) as { rulebook?: unknown; date?: unknown; swing?: unknown };
  const table = placements(context.tables);
  const rulebook = await resolveRulebook(p.rulebook, context);
  context.progress(0, 1, `Varying each of ${rulebook.name}’s parameters`);
  const out = optionTornado(table, rulebook, { date: dateOf(p.date), swing: fraction(p.swing, 'The swing', 0.1) });
  context.progress(1, 1);
  return { rulebook: { id: rulebook.id, name: rulebook.name }, ...out };
};

export const WORKBENCH_JOBS: Record<string, JobHandler> = {
  'workbench.providers': providersJob,
  'workbench.capByYear': capByYearJob,
  'workbench.uplift': upliftJob,
  'workbench.compare': compareJob,
  'workbench.budgetNeutral': budgetNeutralJob,
  'workbench.protection': protectionJob,
  'workbench.tornado': tornadoJob,
};
