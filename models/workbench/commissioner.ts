/**
 * The commissioner's workbench (independent special schools, NMSS, SPIs and independent AP): each provider's fees
 * against the band price for the same band and setting, premiums, outliers, the saving from capping fees at band
 * price + x%, and a provider's fee-uplift request weighed against indexation and the band price.
 */
import type { PlacementTable } from '../data/table';
import type { Rulebook } from '../rules/rulebook';
import { price, type Priced } from '../pricing/price';
import { categoryOf } from '../pricing/context';
import { fyStartDate } from '../projection/calendar';
import { weightedQuantile } from './stats';

/** Settings a commissioner buys places in from independent providers. */
export const COMMISSIONED_SETTINGS = ['iss', 'nmss', 'spi', 'ap_independent'] as const;

export interface PlacementPremium {
  placementId: string;
  providerId: string | null;
  setting: string;
  band: string;
  need: string;
  plans: number;
  fee: number;
  bandPrice: number;
  /** fee − band price, £ per placement per year. */
  premium: number;
  /** premium ÷ band price. */
  premiumPct: number;
  outlier: null | 'above-cap' | 'above-p90' | 'both';
}

export interface ProviderSummary {
  providerId: string;
  providerName: string;
  settings: string[];
  plans: number;
  totalFees: number;
  meanFee: number;
  minFee: number;
  maxFee: number;
  bandMix: Array<{ band: string; plans: number }>;
  /** Mean band price of the provider's placements (each at the price of its own band and setting). */
  meanBandPrice: number;
  premium: number;
  premiumPct: number;
  outliers: number;
  /** What capping this provider's fees at band price + cap would save a year. */
  capSaving: number;
}

export interface BandDistribution {
  band: string;
  label: string;
  plans: number;
  bandPrice: { min: number; max: number };
  fees: { p10: number; p25: number; p50: number; p75: number; p90: number; mean: number };
  /** Each provider's mean fee in this band: the strip in a strip plot. */
  providers: Array<{ providerId: string; plans: number; meanFee: number }>;
}

export interface CommissionerAnalysis {
  rulebook: { id: string; name: string; illustrative: boolean };
  date: string;
  cap: number;
  settings: readonly string[];
  plans: number;
  totalFees: number;
  totalAtBandPrice: number;
  capSaving: number;
  /** Placements in scope with no band price: unbanded, or funded at cost by one of the rulebook's exceptions. */
  unpriced: number;
  providers: ProviderSummary[];
  /** Every placement in scope, largest premium first. */
  placements: PlacementPremium[];
  byBand: BandDistribution[];
}

export interface CommissionerOptions {
  date: string;
  /** Fees above band price × (1 + cap) are outliers and are what a cap would save; e.g. 0.1 for 10%. */
  cap: number;
  settings?: readonly string[];
}

/**
 * @example analyseProviders(table, issRulebook, {date: '2026-04-01', cap: 0.1}).placements.slice(0, 10) // the ten furthest above band price
 */
export function analyseProviders(table: PlacementTable, rulebook: Rulebook, options: CommissionerOptions): CommissionerAnalysis {
  return analysePriced(price(table, rulebook, { date: options.date }), options);
}

export function analysePriced(priced: Priced, options: CommissionerOptions): CommissionerAnalysis {
  const { table } = priced;
  const settings = options.settings ?? COMMISSIONED_SETTINGS;
  const setting = categoryOf(table, 'setting');
  const need = categoryOf(table, 'primary_need');
  const provider = table.columns.provider_id?.kind === 'category' ? table.columns.provider_id : null;
  const providerName = table.columns.provider_name?.kind === 'category' ? table.columns.provider_name : null;
  const inScope = setting.dictionary.map((s) => settings.includes(s));
  const rows: number[] = [];
  let unpriced = 0;
  for (let i = 0; i < table.rowCount; i++) {
    if (!inScope[setting.codes[i]]) continue;
    // A placement the rulebook funds at cost (an exception) has no band price to compare its fee with.
    const atCost = priced.exception[i] >= 0 && priced.rulebook.exceptions[priced.exception[i]].action === 'current_cost';
    if (Number.isNaN(priced.tariff[i]) || priced.band[i] < 0 || atCost) unpriced += priced.weight[i];
    else rows.push(i);
  }
  const fee = (i: number) => priced.current[i];
  const bandPrice = (i: number) => priced.tariff[i] * priced.scale;
  const capLine = (i: number) => bandPrice(i) * (1 + options.cap);
  const bandOf = (i: number) => priced.bandIds[priced.band[i]];
  const needOf = (i: number) => (need.codes[i] < 0 ? 'UNK' : need.dictionary[need.codes[i]]);

  // p90 of fees within each band × need, for the second outlier rule.
  const groups = new Map<string, number[]>();
  for (const i of rows) {
    const k = `${bandOf(i)}|${needOf(i)}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  }
  const p90 = new Map<string, number>();
  for (const [k, idx] of groups) p90.set(k, weightedQuantile(idx.map(fee), idx.map((i) => priced.weight[i]), 0.9));

  const placements: PlacementPremium[] = rows.map((i) => {
    const aboveCap = fee(i) > capLine(i);
    const aboveP90 = fee(i) > p90.get(`${bandOf(i)}|${needOf(i)}`)!;
    return {
      placementId: table.ids[i],
      providerId: provider && provider.codes[i] >= 0 ? provider.dictionary[provider.codes[i]] : null,
      setting: setting.dictionary[setting.codes[i]],
      band: bandOf(i),
      need: needOf(i),
      plans: priced.weight[i],
      fee: fee(i),
      bandPrice: bandPrice(i),
      premium: fee(i) - bandPrice(i),
      premiumPct: (fee(i) - bandPrice(i)) / bandPrice(i),
      outlier: aboveCap && aboveP90 ? 'both' : aboveCap ? 'above-cap' : aboveP90 ? 'above-p90' : null,
    };
  });
  placements.sort((a, b) => b.premium - a.premium || (a.placementId < b.placementId ? -1 : 1));

  // Providers.
  const byProvider = new Map<string, number[]>();
  for (const i of rows) {
    const id = provider && provider.codes[i] >= 0 ? provider.dictionary[provider.codes[i]] : '(no provider)';
    (byProvider.get(id) ?? byProvider.set(id, []).get(id)!).push(i);
  }
  const saving = (i: number) => Math.max(0, fee(i) - capLine(i)) * priced.weight[i];
  const providers: ProviderSummary[] = [...byProvider].map(([id, idx]) => {
    let plans = 0, totalFees = 0, totalBand = 0, min = Infinity, max = -Infinity, outliers = 0, capSaving = 0;
    const mix = new Map<string, number>();
    const settingSet = new Set<string>();
    let name = id;
    for (const i of idx) {
      const w = priced.weight[i];
      plans += w;
      totalFees += fee(i) * w;
      totalBand += bandPrice(i) * w;
      min = Math.min(min, fee(i));
      max = Math.max(max, fee(i));
      if (fee(i) > capLine(i)) outliers += w;
      capSaving += saving(i);
      mix.set(bandOf(i), (mix.get(bandOf(i)) ?? 0) + w);
      settingSet.add(setting.dictionary[setting.codes[i]]);
      if (providerName && providerName.codes[i] >= 0) name = providerName.dictionary[providerName.codes[i]];
    }
    const meanFee = totalFees / plans, meanBandPrice = totalBand / plans;
    return {
      providerId: id, providerName: name, settings: [...settingSet].sort(), plans, totalFees, meanFee, minFee: min, maxFee: max,
      bandMix: priced.bandIds.filter((b) => mix.has(b)).map((band) => ({ band, plans: mix.get(band)! })),
      meanBandPrice, premium: meanFee - meanBandPrice, premiumPct: (meanFee - meanBandPrice) / meanBandPrice, outliers, capSaving,
    };
  });
  providers.sort((a, b) => b.totalFees - a.totalFees || (a.providerId < b.providerId ? -1 : 1));

  // Distribution per band.
  const labels = new Map(priced.rulebook.bands.list.map((b) => [b.id, b.label]));
  const byBand: BandDistribution[] = priced.bandIds.flatMap((band) => {
    const idx = rows.filter((i) => bandOf(i) === band);
    if (idx.length === 0) return [];
    const f = idx.map(fee), w = idx.map((i) => priced.weight[i]);
    const plans = w.reduce((a, b) => a + b, 0);
    const perProvider = new Map<string, { plans: number; fees: number }>();
    for (const i of idx) {
      const id = provider && provider.codes[i] >= 0 ? provider.dictionary[provider.codes[i]] : '(no provider)';
      const e = perProvider.get(id) ?? perProvider.set(id, { plans: 0, fees: 0 }).get(id)!;
      e.plans += priced.weight[i];
      e.fees += fee(i) * priced.weight[i];
    }
    const prices = idx.map(bandPrice);
    return [{
      band, label: labels.get(band) ?? band, plans,
      bandPrice: { min: Math.min(...prices), max: Math.max(...prices) },
      fees: {
        p10: weightedQuantile(f, w, 0.1), p25: weightedQuantile(f, w, 0.25), p50: weightedQuantile(f, w, 0.5),
        p75: weightedQuantile(f, w, 0.75), p90: weightedQuantile(f, w, 0.9), mean: f.reduce((s, x, k) => s + x * w[k], 0) / plans,
      },
      providers: [...perProvider].map(([providerId, e]) => ({ providerId, plans: e.plans, meanFee: e.fees / e.plans })).sort((a, b) => a.meanFee - b.meanFee),
    }];
  });

  let plans = 0, totalFees = 0, totalAtBandPrice = 0, capSaving = 0;
  for (const i of rows) {
    plans += priced.weight[i];
    totalFees += fee(i) * priced.weight[i];
    totalAtBandPrice += bandPrice(i) * priced.weight[i];
    capSaving += saving(i);
  }
  return {
    rulebook: { id: priced.rulebook.id, name: priced.rulebook.name, illustrative: priced.rulebook.illustrative },
    date: priced.date, cap: options.cap, settings, plans, totalFees, totalAtBandPrice, capSaving, unpriced, providers, placements, byBand,
  };
}

export interface CapSavingYear {
  year: string;
  fees: number;
  capped: number;
  saving: number;
}

/**
 * The saving from capping fees at band price + cap in each financial year: fees grow by `feeGrowth` a year from
 * the first year, band prices follow the rulebook on each year's 1 April (its own indexation). The population is
 * today's; the simulation carries growth in numbers.
 * @example capSavingByYear(table, rb, {cap: 0.1, years: ['2026-27', '2027-28'], feeGrowth: 0.05})
 */
export function capSavingByYear(table: PlacementTable, rulebook: Rulebook, options: { cap: number; years: string[]; feeGrowth: number; settings?: readonly string[] }): { years: CapSavingYear[]; total: number } {
  const years = options.years.map((year, k) => {
    const priced = price(table, rulebook, { date: fyStartDate(year) });
    const grown = { ...priced, current: priced.current.map((c) => c * (1 + options.feeGrowth) ** k) };
    const a = analysePriced(grown, { date: priced.date, cap: options.cap, settings: options.settings });
    return { year, fees: a.totalFees, capped: a.totalFees - a.capSaving, saving: a.capSaving };
  });
  return { years, total: years.reduce((s, y) => s + y.saving, 0) };
}

export interface UpliftAssessment {
  providerId: string;
  requestedPct: number;
  indexationPct: number;
  /** Requested uplift minus indexation, in percentage points (as a fraction). */
  aboveIndexation: number;
  meanFeeBefore: number;
  meanFeeAfter: number;
  meanBandPrice: number;
  premiumBefore: number;
  premiumAfter: number;
  /** Extra cost a year of granting the request, over all the provider's placements. */
  annualCost: number;
  withinCap: boolean;
  verdict: string;
}

/**
 * Weighs a provider's requested fee uplift against the tariff's indexation and the band price.
 * @example assessUplift(analysis, 'ISS-0042', 0.08, 0.0211).verdict
 */
export function assessUplift(analysis: CommissionerAnalysis, providerId: string, requestedPct: number, indexationPct: number): UpliftAssessment {
  const p = analysis.providers.find((x) => x.providerId === providerId);
  if (!p) throw new Error(`No provider "${providerId}" among the ${analysis.providers.length} in scope.`);
  const after = p.meanFee * (1 + requestedPct);
  const premiumAfter = (after - p.meanBandPrice) / p.meanBandPrice;
  const withinCap = premiumAfter <= analysis.cap;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const pts = (x: number) => `${Math.abs(x * 100).toFixed(1)} points ${x >= 0 ? 'above' : 'below'}`;
  const verdict =
    `${p.providerName} asks for ${pct(requestedPct)}, ${pts(requestedPct - indexationPct)} the tariff indexation of ${pct(indexationPct)}. ` +
    `Its mean fee would go from ${pct(p.premiumPct)} to ${pct(premiumAfter)} ${premiumAfter >= 0 ? 'above' : 'below'} the band price` +
    (withinCap ? `, within the cap of band price + ${pct(analysis.cap)}.` : `, beyond the cap of band price + ${pct(analysis.cap)}.`);
  return {
    providerId, requestedPct, indexationPct, aboveIndexation: requestedPct - indexationPct, meanFeeBefore: p.meanFee, meanFeeAfter: after,
    meanBandPrice: p.meanBandPrice, premiumBefore: p.premiumPct, premiumAfter, annualCost: p.totalFees * requestedPct, withinCap, verdict,
  };
}
