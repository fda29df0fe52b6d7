/** Pure series, sentences and tables for the commissioner and policy workbenches: the charts stay thin over these. */
import type { BandDistribution, CapSavingYear, PlacementPremium, ProviderSummary } from '../../../models/workbench/commissioner';
import type { ChangeBand, LaChange, OptionResult, ProtectionYear, TornadoBar } from '../../../models/workbench/policy';
import type { BudgetNeutralAnswer, CompareAnswer, ProvidersAnswer } from '../../../models/service/workbench-jobs';
import { settingLabel } from '../../../models/vocab/settings';
import type { ExportTable } from './export';
import { toPenceValue } from './export';
import { count, money, percent, pounds, signedMoney } from './format';
import { PALETTE } from './palette';

// ---- Commissioner -----------------------------------------------------------------------------------------------

/**
 * The commissioner's headline in one sentence.
 * @example headline(a) // '34,028 placements with 841 independent providers cost £2.2bn a year, 2.9% above band prices; capping fees at band price + 10% would save £228.3m a year.'
 */
export function commissionerHeadline(a: Pick<ProvidersAnswer, 'plans' | 'providers' | 'totalFees' | 'totalAtBandPrice' | 'capSaving' | 'cap'>): string {
  if (a.plans === 0) return 'No placements with independent providers are in the data, so there are no fees to compare with band prices.';
  const gap = (a.totalFees - a.totalAtBandPrice) / a.totalAtBandPrice;
  const side = gap >= 0 ? 'above' : 'below';
  return (
    `${count(a.plans)} placements with ${count(a.providers.length)} independent providers cost ${money(a.totalFees)} a year, ` +
    `${percent(Math.abs(gap))} ${side} band prices; capping fees at band price + ${percent(a.cap, 0)} would save ${money(a.capSaving)} a year.`
  );
}

export const OUTLIER_LABEL: Record<NonNullable<PlacementPremium['outlier']>, string> = {
  'above-cap': 'Above cap',
  'above-p90': 'Above p90 of band and need',
  both: 'Above cap and p90',
};

export type ProviderSortKey = 'providerName' | 'plans' | 'meanFee' | 'minFee' | 'meanBandPrice' | 'premium' | 'premiumPct' | 'outliers' | 'capSaving' | 'totalFees';
export type SortDirection = 'asc' | 'desc';

/**
 * Providers sorted by a column; ties keep the provider id order so the list never jitters.
 * @example sortProviders(list, 'capSaving', 'desc')[0] // the provider a cap would save most on
 */
export function sortProviders(list: readonly ProviderSummary[], key: ProviderSortKey, direction: SortDirection): ProviderSummary[] {
  const dir = direction === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const x = a[key], y = b[key];
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : (x as number) - (y as number);
    return dir * c || (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0);
  });
}

/** "I1 2, I2 14": a provider's band mix, in band order. */
export function bandMixText(mix: ProviderSummary['bandMix']): string {
  return mix.map((m) => `${m.band} ${count(m.plans)}`).join(', ');
}

export interface BandBox {
  x: number;
  band: string;
  label: string;
  plans: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  priceMin: number;
  priceMax: number;
}

export interface ProviderDot {
  /** The band's position plus a fixed jitter, so dots of one band spread sideways without moving between renders. */
  x: number;
  y: number;
  band: string;
  providerId: string;
  plans: number;
}

/** Deterministic jitter in [−0.28, 0.28] from the provider id. */
function jitter(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (((h >>> 0) % 1000) / 999 - 0.5) * 0.56;
}

/**
 * The strip plot's boxes (p10–p90 with the median) and dots (each provider's mean fee in the band).
 * @example bandStrip(a.byBand).boxes[0] // {x: 0, band: 'I1', p10, p50, p90, …}
 */
export function bandStrip(byBand: readonly BandDistribution[]): { boxes: BandBox[]; dots: ProviderDot[] } {
  // Bands from the cheapest to the dearest, whatever order the rulebook tests them in.
  const ordered = [...byBand].sort((a, b) => a.bandPrice.min - b.bandPrice.min || a.band.localeCompare(b.band));
  const boxes = ordered.map((b, x) => ({ x, band: b.band, label: b.label, plans: b.plans, ...b.fees, priceMin: b.bandPrice.min, priceMax: b.bandPrice.max }));
  const dots = ordered.flatMap((b, x) => b.providers.map((p) => ({ x: x + jitter(p.providerId), y: p.meanFee, band: b.band, providerId: p.providerId, plans: p.plans })));
  return { boxes, dots };
}

/** The strip plot's finding: in how many bands the median fee is above band price, and the widest spread. */
export function bandStripTitle(byBand: readonly BandDistribution[]): string {
  if (byBand.length === 0) return 'No banded placements with independent providers to show';
  // Band prices vary within a band (day or residential, setting): compare the median with the band's lowest and highest price.
  const above = byBand.filter((b) => b.fees.p50 > b.bandPrice.max).length;
  const below = byBand.filter((b) => b.fees.p50 < b.bandPrice.min).length;
  const widest = [...byBand].sort((a, b) => b.fees.p90 - b.fees.p10 - (a.fees.p90 - a.fees.p10))[0];
  const n = byBand.length;
  const lead =
    above > 0 ? `Median fees are above every band price in ${above} of ${n} bands`
    : below === n ? 'Median fees are below band price in every band'
    : `Median fees sit within the band’s price range in ${n - below} of ${n} bands`;
  return `${lead}; ${widest.band} spreads widest, from ${pounds(widest.fees.p10)} to ${pounds(widest.fees.p90)}`;
}

export function bandStripTable(byBand: readonly BandDistribution[], title: string): ExportTable {
  return {
    name: 'fees-by-band', title,
    columns: ['Band', 'Placements', 'Band price (lowest)', 'Band price (highest)', 'Fee p10', 'Fee p25', 'Median fee', 'Fee p75', 'Fee p90', 'Mean fee', 'Providers'],
    kinds: ['text', 'count', 'money', 'money', 'money', 'money', 'money', 'money', 'money', 'money', 'count'],
    rows: byBand.map((b) => [b.label, b.plans, ...[b.bandPrice.min, b.bandPrice.max, b.fees.p10, b.fees.p25, b.fees.p50, b.fees.p75, b.fees.p90, b.fees.mean].map(toPenceValue), b.providers.length]),
    notes: ['Fees are each placement’s annual cost; band prices are the rulebook’s prices for the same band and setting.'],
  };
}

/** The cap's saving per financial year, and the chart's title. */
export function capYearSeries(years: readonly CapSavingYear[], cap: number): { rows: CapSavingYear[]; title: string; total: number } {
  const total = years.reduce((s, y) => s + y.saving, 0);
  const title =
    years.length === 0
      ? 'No years to show'
      : `Capping fees at band price + ${percent(cap, 0)} would save ${money(total)} over ${years.length === 1 ? 'one year' : `${years.length} years`} (${years[0].year} to ${years[years.length - 1].year})`;
  return { rows: [...years], title, total };
}

export function capYearTable(rows: readonly CapSavingYear[], title: string): ExportTable {
  return {
    name: 'cap-saving-by-year', title,
    columns: ['Financial year', 'Fees', 'Fees capped', 'Saving'],
    kinds: ['text', 'money', 'money', 'money'],
    rows: rows.map((r) => [r.year, toPenceValue(r.fees), toPenceValue(r.capped), toPenceValue(r.saving)]),
    notes: ['Today’s placements in every year; fees rise each year by the stated growth, band prices by the rulebook’s indexation.'],
  };
}

/** The provider list as a table: what "Export CSV" writes when there is no commissioning pack. */
export function providerTable(list: readonly ProviderSummary[], cap: number): ExportTable {
  return {
    name: 'providers-against-band-prices',
    title: 'Independent providers’ fees against band prices',
    columns: ['Provider id', 'Provider', 'Settings', 'Placements', 'Mean fee', 'Lowest fee', 'Highest fee', 'Band mix', 'Mean band price', 'Premium', 'Premium %', 'Placements above cap', `Saving from a cap at band price + ${percent(cap, 0)}`],
    kinds: ['text', 'text', 'text', 'count', 'money', 'money', 'money', 'text', 'money', 'money', 'share', 'count', 'money'],
    rows: list.map((p) => [
      p.providerId, p.providerName, p.settings.map(settingLabel).join('; '), p.plans, toPenceValue(p.meanFee), toPenceValue(p.minFee), toPenceValue(p.maxFee),
      bandMixText(p.bandMix), toPenceValue(p.meanBandPrice), toPenceValue(p.premium), p.premiumPct, p.outliers, toPenceValue(p.capSaving),
    ]),
    notes: [],
  };
}

/** Parses a percentage typed by a person ("8", "8%", "−2.5") into a fraction; null when it is not one. */
export function parsePercent(text: string): number | null {
  const t = text.trim().replace(/%$/, '').replace('−', '-').replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t) / 100;
}

/** Parses an amount typed by a person ("£9,700m", "9.7bn", "9700000000") into pounds; null when it is not one. */
export function parsePounds(text: string): number | null {
  const t = text.trim().replace(/^£/, '').replace(/,/g, '').toLowerCase();
  const m = /^(\d+(?:\.\d+)?)\s*(bn|m|k)?$/.exec(t);
  if (!m) return null;
  const unit = m[2] === 'bn' ? 1e9 : m[2] === 'm' ? 1e6 : m[2] === 'k' ? 1e3 : 1;
  return Number(m[1]) * unit;
}

// ---- Policy -----------------------------------------------------------------------------------------------------

/** The four change bands in reading order, with colours from the colour-blind-safe palette (labels carry the meaning too). */
export const CHANGE_BAND_SERIES: ReadonlyArray<{ key: ChangeBand; label: string; colour: string }> = [
  { key: 'lose>5', label: 'Lose more than 5%', colour: PALETTE.vermillion },
  { key: 'lose0-5', label: 'Lose up to 5%', colour: PALETTE.orange },
  { key: 'gain0-5', label: 'Gain up to 5%', colour: PALETTE.sky },
  { key: 'gain>5', label: 'Gain more than 5%', colour: PALETTE.blue },
];

export const CHANGE_BAND_LABEL: Record<ChangeBand, string> = Object.fromEntries(CHANGE_BAND_SERIES.map((s) => [s.key, s.label])) as Record<ChangeBand, string>;

export interface NationalRow {
  name: string;
  total: number;
  change: number;
  changePct: number;
}

/** Today's national total then each option's, for the totals chart. */
export function nationalSeries(c: CompareAnswer): NationalRow[] {
  return [{ name: 'Today', total: c.today, change: 0, changePct: 0 }, ...c.options.map((o) => ({ name: shortName(o.name), total: o.total, change: o.change, changePct: o.changePct }))];
}

/** A rulebook's name without its bracketed gloss, for axis labels. */
export function shortName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '');
}

export function nationalTitle(c: CompareAnswer): string {
  if (c.options.length === 0) return 'Choose an option to compare with today';
  const parts = c.options.map((o) => `${shortName(o.name)} ${o.change >= 0 ? 'costs' : 'saves'} ${money(Math.abs(o.change))} (${percent(Math.abs(o.changePct))})`);
  return `Against today’s ${money(c.today)}: ${parts.join('; ')}`;
}

export type WinnersRow = { name: string; id: string; total: number } & Record<ChangeBand, number>;

/** Per option, how many councils fall in each change band. */
export function winnersLosersSeries(options: readonly OptionResult[]): WinnersRow[] {
  return options.map((o) => ({ name: shortName(o.name), id: o.id, total: o.byLa.length, ...o.counts }));
}

export function winnersLosersTitle(options: readonly OptionResult[]): string {
  if (options.length === 0) return 'No options to compare';
  const parts = options.map((o) => `${count(o.counts['lose>5'] + o.counts['lose0-5'])} of ${count(o.byLa.length)} councils would pay more under ${shortName(o.name)}`);
  return parts.join('; ');
}

export function winnersLosersTable(rows: readonly WinnersRow[], title: string): ExportTable {
  return {
    name: 'winners-and-losers', title,
    columns: ['Option', ...CHANGE_BAND_SERIES.map((s) => s.label), 'Councils'],
    kinds: ['text', 'count', 'count', 'count', 'count', 'count'],
    rows: rows.map((r) => [r.name, ...CHANGE_BAND_SERIES.map((s) => r[s.key]), r.total]),
    notes: ['A council loses when its placements would cost more under the option than they cost today.'],
  };
}

export type LaSortKey = 'la' | 'name' | 'plans' | 'current' | 'cost' | 'change' | 'changePct';

/** All councils under one option, sorted by a column (ties by code). */
export function sortLas(list: readonly LaChange[], key: LaSortKey, direction: SortDirection): LaChange[] {
  const dir = direction === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const x = a[key], y = b[key];
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : (x as number) - (y as number);
    return dir * c || a.la.localeCompare(b.la);
  });
}

export function laTable(option: OptionResult): ExportTable {
  return {
    name: `councils-${option.id}`, title: `Each council’s cost today and under ${option.name}`,
    columns: ['LA code', 'Council', 'Plans', 'Today', 'Under the option', 'Change', 'Change %', 'Band'],
    kinds: ['text', 'text', 'count', 'money', 'money', 'money', 'share', 'text'],
    rows: option.byLa.map((l) => [l.la, l.name, l.plans, toPenceValue(l.current), toPenceValue(l.cost), toPenceValue(l.change), l.changePct, CHANGE_BAND_LABEL[l.band]]),
    notes: [],
  };
}

/**
 * What budget neutrality does to the option's prices, in one sentence.
 * @example budgetNeutralSentence(bn) // 'Budget-neutral prices would be 3.0% higher: ISS band 4 in an independent special school £91,412 (from £88,750); …'
 */
export function budgetNeutralSentence(bn: BudgetNeutralAnswer, targetLabel = 'today'): string {
  if (!bn.ok) return `No budget-neutral scale was found: ${bn.message}`;
  const pct = bn.scale - 1;
  const direction = Math.abs(pct) < 0.0005 ? 'unchanged' : `${percent(Math.abs(pct))} ${pct > 0 ? 'higher' : 'lower'}`;
  const lead = `To cost the same as ${targetLabel} (${money(bn.target)}), prices under ${shortName(bn.rulebook.name)} would be ${direction}`;
  const top = [...bn.bands].sort((a, b) => b.before - a.before).slice(0, 2);
  if (top.length === 0) return `${lead}.`;
  return `${lead}: ${top.map((b) => `${b.label.split(' — ')[0]} in ${article(settingLabel(b.setting))} ${pounds(b.after)} (from ${pounds(b.before)})`).join('; ')}.`;
}

function article(label: string): string {
  const l = label.charAt(0).toLowerCase() + label.slice(1);
  return /^[aeiou]/i.test(l) ? `an ${l}` : `a ${l}`;
}

export function bandPriceTable(bn: BudgetNeutralAnswer): ExportTable {
  return {
    name: `budget-neutral-${bn.rulebook.id}`, title: `Band prices before and after budget-neutral scaling (× ${bn.scale.toFixed(4)})`,
    columns: ['Band', 'Setting', 'Price now', 'Budget-neutral price', 'Change'],
    kinds: ['text', 'text', 'money', 'money', 'money'],
    rows: bn.bands.map((b) => [b.label, settingLabel(b.setting), toPenceValue(b.before), toPenceValue(b.after), toPenceValue(b.after - b.before)]),
    notes: ['Mean price per placement of the band in its most common setting, before area cost and exceptions.'],
  };
}

/** The protection chart's rows and title: funded against the full tariff each year. */
export function protectionSeries(years: readonly ProtectionYear[], name: string): { rows: Array<ProtectionYear & { gap: number }>; title: string } {
  const rows = years.map((y) => ({ ...y, gap: y.funded - y.tariff }));
  if (rows.length === 0) return { rows, title: `${shortName(name)} has no transitional protection: councils move to the full tariff at once` };
  const last = rows[rows.length - 1];
  const first = rows[0];
  const converged = Math.abs(last.gap) < Math.max(1, Math.abs(first.gap) * 0.01);
  return {
    rows,
    title: converged
      ? `Protection closes the gap to the full tariff by ${last.year}: ${signedMoney(first.gap)} in ${first.year}`
      : `Protection keeps funding ${signedMoney(first.gap)} from the full tariff in ${first.year} and ${signedMoney(last.gap)} in ${last.year}`,
  };
}

export function protectionTable(rows: ReadonlyArray<ProtectionYear & { gap: number }>, title: string): ExportTable {
  return {
    name: 'transitional-protection', title,
    columns: ['Financial year', 'Full tariff', 'Funded with protection', 'Difference', 'Placements capped', 'Placements floored'],
    kinds: ['text', 'money', 'money', 'money', 'count', 'count'],
    rows: rows.map((r) => [r.year, toPenceValue(r.tariff), toPenceValue(r.funded), toPenceValue(r.gap), r.capped, r.floored]),
    notes: ['Today’s placements throughout.'],
  };
}

export interface TornadoRow {
  label: string;
  parameter: string;
  /** [low − base, high − base], for a floating bar either side of the option's total. */
  bar: [number, number];
  low: number;
  high: number;
}

export function tornadoRows(bars: readonly TornadoBar[], base: number): TornadoRow[] {
  return bars.filter((b) => b.swing > 0).map((b) => {
    const lo = Math.min(b.low, b.high) - base, hi = Math.max(b.low, b.high) - base;
    return { label: b.label, parameter: b.parameter, bar: [lo, hi], low: lo, high: hi };
  });
}

export function tornadoTitle(rows: readonly TornadoRow[], name: string): string {
  if (rows.length === 0) return `No parameter moves ${shortName(name)}’s total`;
  return `${rows[0].label} moves ${shortName(name)}’s total most: ${signedMoney(rows[0].low)} to ${signedMoney(rows[0].high)} with it 10% lower or higher`;
}

export function tornadoTable(rows: readonly TornadoRow[], title: string, base: number): ExportTable {
  return {
    name: 'option-tornado', title,
    columns: ['Parameter', 'Lower end against base', 'Upper end against base', 'Base total'],
    kinds: ['text', 'money', 'money', 'money'],
    rows: rows.map((r) => [r.label, toPenceValue(r.low), toPenceValue(r.high), toPenceValue(base)]),
    notes: [],
  };
}
