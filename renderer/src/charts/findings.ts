/**
 * Chart titles and headline sentences that state what each chart shows, worked out from the same rows the chart
 * draws (STYLE: "every chart has a plain-English title that states its finding").
 */
import { count, money, moneyM, percent, signedMoney } from './format';
import type { BandRow, CompareMetric, CompareRow, DsgSeries, FanRow, Headline, SectorRow, SettingCostRow, TornadoRow, WaterfallStep } from './series';
import { COMPARE_METRIC_LABEL, SECTOR_SERIES } from './series';

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The Results view's headline: spend from the first year to the last with its range, and the DSG balance.
 * @example headlineSentence(h) // 'High-needs placement spend rises from £10,309.0m in 2025-26 to £17,221.7m in 2029-30 (80% range £16,301.2m–£18,210.4m); the cumulative DSG deficit reaches £21,004.3m by 2029-30.'
 */
export function headlineSentence(h: Headline): string {
  const verb = h.last > h.first ? 'rises' : h.last < h.first ? 'falls' : 'stays';
  const range = h.low !== null && h.high !== null ? ` (80% range ${moneyM(h.low)}–${moneyM(h.high)})` : '';
  const spend = verb === 'stays' ? `High-needs placement spend stays at ${moneyM(h.first)} from ${h.firstYear} to ${h.lastYear}` : `High-needs placement spend ${verb} from ${moneyM(h.first)} in ${h.firstYear} to ${moneyM(h.last)} in ${h.lastYear}${range}`;
  const balance = h.balance < 0 ? `the cumulative DSG deficit reaches ${moneyM(-h.balance)} by ${h.lastYear}` : `the cumulative DSG balance is a surplus of ${moneyM(h.balance)} by ${h.lastYear}`;
  return `${spend}; ${balance}.`;
}

/** @example stackedTitle(rows) // 'Spend rises in every sector; independent settings' share grows from 28.2% to 31.2% by 2029-30' */
export function stackedTitle(rows: readonly SectorRow[]): string {
  if (rows.length === 0) return 'Placement spend by sector';
  const a = rows[0], b = rows[rows.length - 1];
  const rising = SECTOR_SERIES.filter((s) => b[s.key] > a[s.key]).length;
  const spendPart = rising === SECTOR_SERIES.length ? 'Spend rises in every sector' : rising === 0 ? 'Spend falls in every sector' : `Spend rises in ${rising} of ${SECTOR_SERIES.length} sectors`;
  const shareOf = (r: SectorRow) => (r.total > 0 ? r.independent / r.total : 0);
  const s0 = shareOf(a), s1 = shareOf(b);
  const trend = Math.abs(s1 - s0) < 0.0005 ? `holds at ${percent(s1)}` : s1 > s0 ? `grows from ${percent(s0)} to ${percent(s1)}` : `falls from ${percent(s0)} to ${percent(s1)}`;
  return `${spendPart}; the independent and non-maintained share ${trend} by ${b.year}`;
}

/** @example fanTitle(rows, 500) // 'Placement spend in 2029-30 is likely between £16.3bn and £18.2bn (80% of 500 draws)' */
export function fanTitle(rows: readonly FanRow[], draws: number): string {
  if (rows.length === 0) return 'Placement spend and its range';
  const last = rows[rows.length - 1];
  if (draws === 0) return `Placement spend reaches ${money(last.central)} in ${last.year} (central run; run the draws to see the range)`;
  return `Placement spend in ${last.year} is likely between ${money(last.p10)} and ${money(last.p90)} (80% of ${count(draws)} draws)`;
}

/** @example settingTitle(rows, '2025-26') // 'At full tariff, independent special schools would cost £412.0m less than today in 2025-26' */
export function settingTitle(rows: readonly SettingCostRow[], year: string): string {
  if (rows.length === 0) return `Today’s costs against the tariff by setting, ${year}`;
  const widest = [...rows].sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference))[0];
  const total = rows.reduce((s, r) => s + r.difference, 0);
  const direction = widest.difference < 0 ? 'less' : 'more';
  const overall = total < 0 ? `${money(-total)} less overall` : `${money(total)} more overall`;
  return `At full tariff, ${lower(widest.label)} placements would cost ${money(Math.abs(widest.difference))} ${direction} than today in ${year} (${overall})`;
}

/** @example bandTitle(rows) // 'Band B2 holds the most plans: 31.4% of 638,745' */
export function bandTitle(rows: readonly BandRow[]): string {
  const banded = rows.filter((r) => r.band !== '(none)');
  if (banded.length === 0) return 'Plans by band';
  const top = [...banded].sort((a, b) => b.plans - a.plans)[0];
  const all = rows.reduce((s, r) => s + r.plans, 0);
  return `${top.label.split(' — ')[0]} holds the most plans: ${percent(top.share)} of ${count(all)}`;
}

/** @example dsgTitle(series) // 'The cumulative DSG deficit reaches £21.0bn by 2029-30; the statutory override ends after 2027-28' */
export function dsgTitle(s: DsgSeries): string {
  if (s.rows.length === 0) return 'DSG balance';
  const last = s.rows[s.rows.length - 1];
  const state = last.cumulative < 0 ? `The cumulative DSG deficit reaches ${money(-last.cumulative)} by ${last.year}` : `The cumulative DSG balance stays in surplus (${money(last.cumulative)} by ${last.year})`;
  const override = s.overrideInside ? `the statutory override ends after ${s.overrideEnds}` : `the statutory override ends after ${s.overrideEnds}, outside this horizon`;
  return `${state}; ${override}`;
}

/** @example waterfallTitle(steps) // 'Growth in plans explains most of the £6.9bn rise from 2025-26 to 2029-30' */
export function waterfallTitle(steps: readonly WaterfallStep[]): string {
  if (steps.length < 2) return 'What changes spend';
  const start = steps[0], end = steps[steps.length - 1];
  const change = end.value - start.value;
  const moves = steps.filter((s) => s.kind !== 'total');
  const growth = moves.filter((s) => s.key === 'newMinusCeased' || s.key === 'netOther' || s.key === 'growthOverrides').reduce((a, s) => a + s.value, 0);
  const parts = [
    { name: 'growth in plans', value: growth },
    ...moves.filter((s) => s.key === 'mix' || s.key === 'price' || s.key === 'policy').map((s) => ({ name: lower(s.label.replace(/ \(.*\)$/, '')), value: s.value })),
  ].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const word = change >= 0 ? 'rise' : 'fall';
  const span = `${start.label.replace(' spend', '')} to ${end.label.replace(' spend', '')}`;
  const lead = parts[0];
  const most = Math.abs(lead.value) >= Math.abs(change) / 2 ? 'most of' : 'the largest part of';
  return `${lead.name.charAt(0).toUpperCase()}${lead.name.slice(1)} explains ${most} the ${money(Math.abs(change))} ${word} from ${span}`;
}

/** @example tornadoTitle(rows, 'placement spend in 2029-30') // 'Joiners (new plans) move placement spend in 2029-30 the most: −£410.0m to +£401.2m' */
export function tornadoTitle(rows: readonly TornadoRow[], output: string): string {
  if (rows.length === 0) return `No uncertain inputs: ${output} has no range`;
  const top = rows[0];
  return `${top.label} moves ${output} the most: ${signedMoney(top.low)} to ${signedMoney(top.high)}`;
}

/** @example compareTitle(rows, ['Option A'], 'tariff') // 'Option A adds £120.0m to placement spend at full tariff in 2029-30' */
export function compareTitle(rows: readonly CompareRow[], names: readonly string[], metric: CompareMetric): string {
  if (rows.length === 0 || names.length === 0) return 'Differences from the baseline';
  const last = rows[rows.length - 1];
  const what = lower(COMPARE_METRIC_LABEL[metric]);
  const k = last.deltas.reduce((best, d, i) => (Math.abs(d) > Math.abs(last.deltas[best] ?? 0) ? i : best), 0);
  const d = last.deltas[k];
  if (!Number.isFinite(d)) return `Differences from the baseline in ${what}`;
  const balance = metric === 'cumulative' || metric === 'inYear';
  const verb = d === 0 ? 'leaves' : balance ? (d > 0 ? 'improves' : 'worsens') : d > 0 ? 'adds' : 'saves';
  const amount = d === 0 ? `${what} unchanged` : balance ? `the ${what} by ${money(Math.abs(d))}` : `${money(Math.abs(d))} ${d > 0 ? 'to' : 'on'} ${what}`;
  const who = names.length > 1 ? `${names[k]} (the largest difference)` : names[k];
  return `${who} ${verb} ${amount} in ${last.year}`;
}
