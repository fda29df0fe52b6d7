/**
 * The policy workbench: tariff options (rulebooks) compared on the same data — national and per-LA cost against
 * today's, councils sorted into winners and losers, budget-neutral scaling by goal seek, transitional protection
 * year by year, and the tornado of an option's total.
 */
import type { PlacementTable } from '../data/table';
import type { Rulebook, ParameterValue } from '../rules/rulebook';
import { price, rescale, type Priced } from '../pricing/price';
import { aggregate, totals } from '../pricing/aggregate';
import { fyStartDate } from '../projection/calendar';
import { LAS } from '../vocab/las';

/**
 * Change bands for a council's cost under an option against today's. A council whose cost rises is said to lose
 * (it would pay more, or receive less headroom against its allocation); one whose cost falls gains.
 */
export const CHANGE_BANDS = [
  { id: 'lose>5', label: 'Lose more than 5%', test: (pct: number) => pct > 0.05 },
  { id: 'lose0-5', label: 'Lose up to 5%', test: (pct: number) => pct > 0 && pct <= 0.05 },
  { id: 'gain0-5', label: 'Gain up to 5%', test: (pct: number) => pct <= 0 && pct >= -0.05 },
  { id: 'gain>5', label: 'Gain more than 5%', test: (pct: number) => pct < -0.05 },
] as const;
export type ChangeBand = (typeof CHANGE_BANDS)[number]['id'];

export function changeBandOf(pct: number): ChangeBand {
  return CHANGE_BANDS.find((b) => b.test(pct))!.id;
}

export interface LaChange {
  la: string;
  name: string;
  plans: number;
  /** Today's cost of the LA's placements, £ a year. */
  current: number;
  /** The cost under the option, £ a year. */
  cost: number;
  change: number;
  changePct: number;
  band: ChangeBand;
  /** Against a user-supplied allocation, when given: allocation − cost. */
  headroom?: number;
}

export interface OptionResult {
  id: string;
  name: string;
  illustrative: boolean;
  plans: number;
  current: number;
  total: number;
  change: number;
  changePct: number;
  unpriced: number;
  byLa: LaChange[];
  counts: Record<ChangeBand, number>;
}

export interface OptionsComparison {
  date: string;
  options: OptionResult[];
}

/**
 * Prices the same table under each option.
 * @example compareOptions(table, [nationalBands, issBands], {date: '2026-04-01'}).options[0].counts // {'lose>5': 40, …}
 */
export function compareOptions(table: PlacementTable, rulebooks: Rulebook[], options: { date: string; allocations?: Record<string, number> }): OptionsComparison {
  return { date: options.date, options: rulebooks.map((rb) => optionResult(price(table, rb, { date: options.date }), options.allocations)) };
}

export function optionResult(priced: Priced, allocations?: Record<string, number>): OptionResult {
  const t = totals(priced);
  const names = new Map(LAS.map((l) => [l.code, l.name]));
  // Unpriced placements count at today's cost, so an option is never made to look cheaper by what it cannot price.
  const byLa: LaChange[] = aggregate(priced, 'la').map((g) => {
    const cost = g.price + (g.unpriced > 0 ? unpricedCurrent(priced, g.key) : 0);
    const change = cost - g.current;
    const changePct = g.current > 0 ? change / g.current : 0;
    return {
      la: g.key, name: names.get(g.key) ?? g.label, plans: g.plans, current: g.current, cost, change, changePct, band: changeBandOf(changePct),
      ...(allocations && allocations[g.key] !== undefined ? { headroom: allocations[g.key] - cost } : {}),
    };
  });
  const counts = Object.fromEntries(CHANGE_BANDS.map((b) => [b.id, byLa.filter((l) => l.band === b.id).length])) as Record<ChangeBand, number>;
  const total = byLa.reduce((s, l) => s + l.cost, 0);
  return {
    id: priced.rulebook.id, name: priced.rulebook.name, illustrative: priced.rulebook.illustrative, plans: t.plans, current: t.current, total,
    change: total - t.current, changePct: (total - t.current) / t.current, unpriced: t.unpriced, byLa, counts,
  };
}

function unpricedCurrent(priced: Priced, la: string): number {
  const col = priced.table.columns.la_code;
  if (!col || col.kind !== 'category') return 0;
  const code = col.dictionary.indexOf(la);
  let s = 0;
  for (let i = 0; i < priced.table.rowCount; i++) if (col.codes[i] === code && Number.isNaN(priced.price[i])) s += priced.current[i] * priced.weight[i];
  return s;
}

export interface GoalSeekResult {
  ok: boolean;
  scale: number;
  achieved: number;
  target: number;
  iterations: number;
  message: string;
}

/**
 * The factor on every tariff price that makes the option's total equal `target` (today's cost by default) within
 * £`tolerance`: bracketing, then the Illinois variant of regula falsi (secant steps that keep the root bracketed).
 * Bespoke packages funded at cost do not scale, so the total is increasing but not proportional in the factor.
 * @example budgetNeutral(priced).scale // e.g. 1.13: prices 13% higher cost the same as today
 */
export function budgetNeutral(priced: Priced, options: { target?: number; tolerance?: number; maxIterations?: number } = {}): GoalSeekResult {
  const target = options.target ?? totals(priced).current;
  const tolerance = options.tolerance ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const total = (s: number) => {
    const p = rescale(priced, s);
    let sum = 0;
    for (let i = 0; i < p.price.length; i++) if (!Number.isNaN(p.price[i])) sum += p.price[i] * p.weight[i];
    return sum;
  };
  let iterations = 0;
  const f = (s: number) => {
    iterations++;
    return total(s) - target;
  };
  let lo = 0, flo = f(lo);
  if (flo > tolerance) return { ok: false, scale: 0, achieved: flo + target, target, iterations, message: `No scale reaches £${round(target)}: placements funded at cost alone already cost £${round(flo + target)}.` };
  let hi = 1, fhi = f(hi);
  while (fhi < 0 && hi < 1e6) {
    lo = hi;
    flo = fhi;
    hi *= 2;
    fhi = f(hi);
  }
  if (fhi < 0) return { ok: false, scale: hi, achieved: fhi + target, target, iterations, message: 'No scale up to a million reaches the target: the option prices nothing that scales.' };
  if (Math.abs(flo) <= tolerance) return { ok: true, scale: lo, achieved: flo + target, target, iterations, message: 'Found.' };
  let side = 0;
  while (iterations < maxIterations) {
    const s = (lo * fhi - hi * flo) / (fhi - flo);
    const fs = f(s);
    if (Math.abs(fs) <= tolerance) return { ok: true, scale: s, achieved: fs + target, target, iterations, message: 'Found.' };
    if (fs > 0) {
      hi = s;
      fhi = fs;
      if (side === 1) flo /= 2;
      side = 1;
    } else {
      lo = s;
      flo = fs;
      if (side === -1) fhi /= 2;
      side = -1;
    }
    if (hi - lo < 1e-15 * Math.max(1, hi)) break;
  }
  const s = (lo + hi) / 2;
  const fs = f(s);
  return { ok: Math.abs(fs) <= tolerance, scale: s, achieved: fs + target, target, iterations, message: Math.abs(fs) <= tolerance ? 'Found.' : `Stopped after ${iterations} steps within £${round(Math.abs(fs))} of the target: the total jumps at this scale (protection or a threshold).` };
}

const round = (x: number) => Math.round(x).toLocaleString('en-GB');

export interface ProtectionYear {
  year: string;
  /** What the option's full tariff would cost this year. */
  tariff: number;
  /** What is paid with transitional protection. */
  funded: number;
  capped: number;
  floored: number;
}

/**
 * Transitional protection year by year: each year's funding moves from last year's towards the full tariff by at most
 * the rulebook's cap and floor (the first year starts from today's cost). Today's placements throughout.
 * @example protectionPath(table, issBands, ['2026-27', '2027-28', '2028-29'])
 */
export function protectionPath(table: PlacementTable, rulebook: Rulebook, years: string[]): ProtectionYear[] {
  let previous: Float64Array | undefined;
  return years.map((year) => {
    const p = price(table, rulebook, { date: fyStartDate(year), ...(previous ? { previous } : {}) });
    const full = rulebook.transitionalProtection ? price(table, { ...rulebook, transitionalProtection: undefined }, { date: fyStartDate(year) }) : p;
    previous = p.price;
    let capped = 0, floored = 0;
    for (let i = 0; i < p.protection.length; i++) {
      if (p.protection[i] > 0) capped += p.weight[i];
      if (p.protection[i] < 0) floored += p.weight[i];
    }
    return { year, tariff: totals(full).price, funded: totals(p).price, capped, floored };
  });
}

export interface TornadoBar {
  parameter: string;
  label: string;
  low: number;
  high: number;
  swing: number;
}

/**
 * How much the option's total moves when each parameter's values are scaled down and up by `swing` (10% by default)
 * with the others as they are; bars ranked by swing in £.
 * @example optionTornado(table, nationalBands, {date: '2026-04-01'})[0].parameter // 'base_price'
 */
export function optionTornado(table: PlacementTable, rulebook: Rulebook, options: { date: string; swing?: number }): { base: number; bars: TornadoBar[] } {
  const swing = options.swing ?? 0.1;
  const totalOf = (rb: Rulebook) => totals(price(table, rb, { date: options.date })).price;
  const base = totalOf(rulebook);
  const bars: TornadoBar[] = Object.entries(rulebook.parameters).map(([name, p]) => {
    const scaled = (k: number): Rulebook => ({
      ...rulebook,
      parameters: { ...rulebook.parameters, [name]: { ...p, values: p.values.map((v) => ({ ...v, value: scaleValue(v.value, k) })) } },
    });
    const low = totalOf(scaled(1 - swing));
    const high = totalOf(scaled(1 + swing));
    return { parameter: name, label: p.label, low, high, swing: Math.abs(high - low) };
  });
  bars.sort((a, b) => b.swing - a.swing || (a.parameter < b.parameter ? -1 : 1));
  return { base, bars };
}

function scaleValue(v: ParameterValue, k: number): ParameterValue {
  return typeof v === 'number' ? v * k : Object.fromEntries(Object.entries(v).map(([key, x]) => [key, scaleValue(x, k)]));
}
