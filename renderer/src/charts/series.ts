/**
 * Pure transforms from a run's results (the §6 shape the engine returns) to the rows each chart draws and exports.
 * Charts stay thin: every number they show comes from here, so each can be tested without React.
 */
import { SECTOR_CODES, sectorInfo, type SectorCode } from '../../../models/vocab/sectors';
import { SETTING_CODES, settingLabel, type SettingCode } from '../../../models/vocab/settings';
import type { SimulationResult } from '../../../models/uncertainty/simulate';
import type { Tornado } from '../../../models/uncertainty/sensitivity';
import type { PricingSummary } from '../../../models/service/workspace-jobs';

/** A run as the UI holds it: aggregates and quantiles only, never the per-draw totals. */
export type RunResult = Omit<SimulationResult, 'perDraw'>;

/** The three spend bases of §6: today's costs indexed, full tariff, and the scenario as adopted. */
export type Basis = 'current' | 'tariff' | 'scenario';

export const BASIS_LABEL: Readonly<Record<Basis, string>> = {
  current: 'at today’s costs',
  tariff: 'at full tariff',
  scenario: 'in the scenario',
};

export interface SectorRow {
  year: string;
  maintained: number;
  independent: number;
  ap: number;
  other: number;
  total: number;
}

/**
 * Placement spend by sector in each financial year (central run), for the stacked bar chart.
 * @example stackedSectorSeries(run)[0] // {year: '2025-26', maintained: 6.5e9, independent: 2.9e9, ap: 1.3e8, other: 7.7e8, total: 1.03e10}
 */
export function stackedSectorSeries(run: RunResult, basis: Basis = 'scenario'): SectorRow[] {
  const spend = run.central.spend[basis];
  return run.years.map((year, i) => ({
    year,
    maintained: spend.bySector.maintained[i],
    independent: spend.bySector.independent[i],
    ap: spend.bySector.ap[i],
    other: spend.bySector.other[i],
    total: spend.total[i],
  }));
}

export interface FanRow {
  year: string;
  central: number;
  p10: number;
  p50: number;
  p90: number;
  /** [p10, p90]: the band recharts draws between them. */
  range: [number, number];
}

/**
 * The fan chart: the 80% range (p10–p90) of placement spend over the draws, its median and the central run.
 * With no draws the range collapses to the central run.
 * @example fanSeries(run)[4].range // [1.63e10, 1.81e10]
 */
export function fanSeries(run: RunResult, basis: Basis = 'scenario'): FanRow[] {
  const q = run.draws > 0 ? run.quantiles[`${basis}.total`] : undefined;
  const central = run.central.spend[basis].total;
  return run.years.map((year, i) => {
    const p10 = q ? q.p10[i] : central[i];
    const p50 = q ? q.p50[i] : central[i];
    const p90 = q ? q.p90[i] : central[i];
    return { year, central: central[i], p10, p50, p90, range: [p10, p90] };
  });
}

export interface SettingCostRow {
  setting: SettingCode;
  label: string;
  plans: number;
  current: number;
  tariff: number;
  /** tariff − current: negative when the tariff would pay less than today. */
  difference: number;
}

/**
 * Today's cost against the full tariff by setting in one financial year (central run), largest current cost first;
 * settings with no plans and no cost are left out.
 * @example settingCostSeries(run, 0)[0] // {setting: 'special_maintained', current: 2.1e9, tariff: 2.0e9, …}
 */
export function settingCostSeries(run: RunResult, yearIndex: number): SettingCostRow[] {
  const rows: SettingCostRow[] = [];
  for (const s of SETTING_CODES) {
    const x = run.central.bySetting[s];
    if (!x) continue;
    const plans = x.plans[yearIndex] ?? 0;
    const current = x.current[yearIndex] ?? 0;
    const tariff = x.tariff[yearIndex] ?? 0;
    if (plans === 0 && current === 0 && tariff === 0) continue;
    rows.push({ setting: s, label: settingLabel(s), plans, current, tariff, difference: tariff - current });
  }
  return rows.sort((a, b) => b.current - a.current);
}

export interface BandRow {
  band: string;
  label: string;
  descriptor: string;
  plans: number;
  /** Share of all plans (0–1). */
  share: number;
  current: number;
  price: number;
}

/**
 * Plans in each band of the rulebook on the pricing date, in rulebook order (placements with no band last).
 * @example bandSeries(summary)[0] // {band: 'B6', plans: 21000, share: 0.033, …}
 */
export function bandSeries(summary: PricingSummary): BandRow[] {
  const all = summary.bands.reduce((s, b) => s + b.plans, 0);
  return summary.bands.map((b) => ({
    band: b.key,
    label: b.label,
    descriptor: b.descriptor,
    plans: b.plans,
    share: all > 0 ? b.plans / all : 0,
    current: b.current,
    price: b.price,
  }));
}

export interface DsgRow {
  year: string;
  inYear: number;
  cumulative: number;
  p10: number;
  p90: number;
  range: [number, number];
}

export interface DsgSeries {
  rows: DsgRow[];
  /** The last financial year of the statutory override, and whether it falls inside the horizon. */
  overrideEnds: string;
  overrideInside: boolean;
  /** The year a write-off grant is paid, when the scenario has one. */
  writeOffPaidIn: string | null;
  openingBalance: number;
}

/**
 * The DSG balance: in-year and cumulative (central run), with the cumulative balance's 80% range over the draws.
 * @example dsgSeries(run).rows[4].cumulative // −2.1e10
 */
export function dsgSeries(run: RunResult): DsgSeries {
  const f = run.central.funding;
  const q = run.draws > 0 ? run.quantiles.cumulative : undefined;
  return {
    rows: run.years.map((year, i) => {
      const p10 = q ? q.p10[i] : f.cumulative[i];
      const p90 = q ? q.p90[i] : f.cumulative[i];
      return { year, inYear: f.inYear[i], cumulative: f.cumulative[i], p10, p90, range: [Math.min(p10, p90), Math.max(p10, p90)] };
    }),
    overrideEnds: run.markers.overrideEnds,
    overrideInside: run.years.includes(run.markers.overrideEnds),
    writeOffPaidIn: run.markers.writeOffPaidIn,
    openingBalance: f.openingBalance,
  };
}

export interface WaterfallStep {
  key: 'start' | 'newMinusCeased' | 'netOther' | 'growthOverrides' | 'mix' | 'price' | 'policy' | 'end';
  label: string;
  /** A short name for the chart's axis. */
  short: string;
  /** The step's change (or the total, for start and end). */
  value: number;
  /** Where the bar starts and ends on the axis. */
  from: number;
  to: number;
  /** [min(from, to), max(from, to)]: the floating bar recharts draws. */
  bar: [number, number];
  kind: 'total' | 'rise' | 'fall';
  /** What the step measures, in plain words. */
  note: string;
}

/**
 * Explains the change in placement spend from the first financial year to the last as steps that add up exactly:
 * growth in plan numbers (new minus ceased plans, the calibrated net other change, growth overrides — each at the
 * first year's average cost), the mix of settings (more plans in dearer settings), price (indexation of each
 * setting's unit cost on today's costs) and policy (the rest: what the scenario's levers change on top of today's
 * costs). Net other change is always shown (DESIGN §3).
 * @example waterfallSteps(run).map((s) => s.key) // ['start', 'newMinusCeased', 'netOther', 'mix', 'price', 'policy', 'end']
 */
export function waterfallSteps(run: RunResult, basis: Basis = 'scenario'): WaterfallStep[] {
  const H = run.years.length;
  const last = H - 1;
  const spend = run.central.spend[basis].total;
  const S0 = spend[0];
  const ST = spend[last];
  let P0 = 0, PT = 0, mixed = 0, priced = 0;
  for (const s of SETTING_CODES) {
    const x = run.central.bySetting[s];
    if (!x) continue;
    const p0 = x.plans[0] ?? 0, pT = x.plans[last] ?? 0;
    const c0 = x.current[0] ?? 0, cT = x.current[last] ?? 0;
    const b0 = x[basis][0] ?? 0, bT = x[basis][last] ?? 0;
    P0 += p0;
    PT += pT;
    // Growth in each setting's unit cost at today's costs (indexation): 1 where a setting has no plans or no cost.
    const factor = p0 > 0 && pT > 0 && c0 > 0 ? cT / pT / (c0 / p0) : 1;
    // A setting empty in the first year enters at its own cost, counted as mix.
    const unit0 = p0 > 0 ? b0 / p0 : pT > 0 ? bT / pT / factor : 0;
    mixed += pT * unit0;
    priced += pT * unit0 * (factor - 1);
  }
  const average0 = P0 > 0 ? S0 / P0 : 0;
  const volume = (PT - P0) * average0;
  const mix = mixed - S0 - volume;
  const price = priced;
  const policy = ST - S0 - volume - mix - price;

  // Split the growth in plans by its flows between the two January censuses.
  const census = (fy: string) => `${Number(fy.slice(0, 4)) + 1}-01`;
  const c0 = census(run.years[0]), cT = census(run.years[last]);
  let net = 0, other = 0, overrides = 0;
  for (const f of run.central.flows) {
    if (f.census <= c0 || f.census > cT) continue;
    net += f.joiners - f.leavers;
    other += f.netOther;
    overrides += f.growthOverrides;
  }
  const flowSum = net + other + overrides;
  const share = (x: number) => (flowSum !== 0 ? (volume * x) / flowSum : 0);
  const growth: Array<[WaterfallStep['key'], string, number, string]> =
    flowSum !== 0
      ? [
          ['newMinusCeased', 'New minus ceased plans', share(net), `${Math.round(net).toLocaleString('en-GB')} more plans from new plans less ceased ones, at the ${run.years[0]} average cost`],
          ['netOther', 'Net other change', share(other), `${Math.round(other).toLocaleString('en-GB')} plans from the calibrated net other change (transfers in, late recording), at the ${run.years[0]} average cost`],
        ]
      : [['newMinusCeased', 'Growth in plans', volume, `${Math.round(PT - P0).toLocaleString('en-GB')} more plans at the ${run.years[0]} average cost`], ['netOther', 'Net other change', 0, 'No flows were reported for this run']];
  // Less than half a plan is rounding in the flows, not an override.
  if (flowSum !== 0 && Math.abs(overrides) >= 0.5) growth.push(['growthOverrides', 'Growth overrides', share(overrides), `${Math.round(overrides).toLocaleString('en-GB')} plans from the scenario's growth overrides`]);

  const steps: WaterfallStep[] = [];
  let level = S0;
  const SHORT: Record<WaterfallStep['key'], string> = { start: run.years[0], newMinusCeased: 'New − ceased', netOther: 'Net other', growthOverrides: 'Overrides', mix: 'Setting mix', price: 'Price', policy: 'Policy', end: run.years[last] };
  const push = (key: WaterfallStep['key'], label: string, value: number, note: string, total = false) => {
    const from = total ? 0 : level;
    const to = total ? value : level + value;
    steps.push({ key, label, short: key === 'newMinusCeased' && label === 'Growth in plans' ? 'Growth' : SHORT[key], value, from, to, bar: [Math.min(from, to), Math.max(from, to)], kind: total ? 'total' : value >= 0 ? 'rise' : 'fall', note });
    if (!total) level = to;
  };
  push('start', `${run.years[0]} spend`, S0, `Placement spend ${BASIS_LABEL[basis]} in ${run.years[0]}`, true);
  for (const [key, label, value, note] of growth) push(key, label, value, note);
  push('mix', 'Mix of settings', mix, 'More (or fewer) plans in settings that cost more than average');
  push('price', 'Price (indexation)', price, 'Each setting’s cost per plan rising with the uplift of today’s costs');
  push('policy', 'Policy levers', policy, basis === 'scenario' ? 'What the scenario’s levers (tariff adoption, fee caps, new places) change on top of today’s costs' : 'What this basis prices differently from today’s costs');
  push('end', `${run.years[last]} spend`, ST, `Placement spend ${BASIS_LABEL[basis]} in ${run.years[last]}`, true);
  return steps;
}

export interface TornadoRow {
  path: string;
  label: string;
  /** The output with the input at its p10 and at its p90, others at their medians. */
  atP10: number;
  atP90: number;
  inputP10: number;
  inputP90: number;
  /** Change from the central output at each end (low ≤ high). */
  low: number;
  high: number;
  /** [low, high] around zero: the bar recharts draws. */
  bar: [number, number];
  swing: number;
}

/**
 * Tornado bars: each uncertain input's swing of the output around the central value, longest first.
 * @example tornadoBars(t, (p) => p)[0] // {path: 'demand.joiners.multiplier', low: −4.1e8, high: 4.0e8, …}
 */
export function tornadoBars(t: Tornado, labelOf: (path: string) => string): TornadoRow[] {
  return [...t.bars]
    .sort((a, b) => b.swing - a.swing || (a.path < b.path ? -1 : 1))
    .map((b) => {
      const low = Math.min(b.atP10, b.atP90) - t.central;
      const high = Math.max(b.atP10, b.atP90) - t.central;
      return { path: b.path, label: labelOf(b.path), atP10: b.atP10, atP90: b.atP90, inputP10: b.inputP10, inputP90: b.inputP90, low, high, bar: [low, high], swing: b.swing };
    });
}

export interface Headline {
  firstYear: string;
  lastYear: string;
  /** Placement spend (scenario basis, central run) in the first and last year. */
  first: number;
  last: number;
  /** The last year's 80% range over the draws, or null when the run had no draws. */
  low: number | null;
  high: number | null;
  /** Non-placement spend in the last year. */
  nonPlacement: number;
  /** Cumulative DSG balance at the end of the last year (negative = deficit). */
  balance: number;
  balanceLow: number | null;
  balanceHigh: number | null;
  draws: number;
}

/**
 * The figures the Results view's headline sentence states, all from the central run and the draws' quantiles.
 * @example headlineFigures(run) // {firstYear: '2025-26', lastYear: '2029-30', first: 1.03e10, last: 1.72e10, low: 1.6e10, …}
 */
export function headlineFigures(run: RunResult): Headline {
  const last = run.years.length - 1;
  const total = run.central.spend.scenario.total;
  const q = run.draws > 0 ? run.quantiles['scenario.total'] : undefined;
  const cq = run.draws > 0 ? run.quantiles.cumulative : undefined;
  return {
    firstYear: run.years[0],
    lastYear: run.years[last],
    first: total[0],
    last: total[last],
    low: q ? q.p10[last] : null,
    high: q ? q.p90[last] : null,
    nonPlacement: run.central.nonPlacement[last],
    balance: run.central.funding.cumulative[last],
    balanceLow: cq ? Math.min(cq.p10[last], cq.p90[last]) : null,
    balanceHigh: cq ? Math.max(cq.p10[last], cq.p90[last]) : null,
    draws: run.draws,
  };
}

export interface CompareRow {
  year: string;
  /** The baseline's value, then each compared run's value and its difference from the baseline. */
  baseline: number;
  values: number[];
  deltas: number[];
}

/** The series a comparison reads: a spend basis, or the DSG balance. */
export type CompareMetric = Basis | 'cumulative' | 'inYear';

export const COMPARE_METRIC_LABEL: Readonly<Record<CompareMetric, string>> = {
  scenario: 'Placement spend in the scenario',
  tariff: 'Placement spend at full tariff',
  current: 'Placement spend at today’s costs',
  cumulative: 'Cumulative DSG balance',
  inYear: 'In-year DSG balance',
};

/** A run's central series for a comparison metric. */
export function metricSeries(run: RunResult, metric: CompareMetric): number[] {
  if (metric === 'cumulative') return run.central.funding.cumulative;
  if (metric === 'inYear') return run.central.funding.inYear;
  return run.central.spend[metric].total;
}

/**
 * Each compared run against the baseline per financial year (central runs): values and differences.
 * Years are the baseline's; a run with other years is compared on the years they share.
 * @example compareRows(base, [option], 'tariff')[0] // {year: '2025-26', baseline: 9.59e9, values: [9.6e9], deltas: [1.2e7]}
 */
export function compareRows(baseline: RunResult, runs: readonly RunResult[], metric: CompareMetric): CompareRow[] {
  const base = metricSeries(baseline, metric);
  return baseline.years.map((year, i) => {
    const values = runs.map((r) => {
      const k = r.years.indexOf(year);
      return k < 0 ? NaN : metricSeries(r, metric)[k];
    });
    return { year, baseline: base[i], values, deltas: values.map((v) => v - base[i]) };
  });
}

/** Sector labels in reporting order, for legends and exports. */
export const SECTOR_SERIES: ReadonlyArray<{ key: SectorCode; label: string }> = SECTOR_CODES.map((s) => ({ key: s, label: sectorInfo(s).label }));
