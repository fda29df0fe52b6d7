/**
 * Funding and the DSG balance (DOMAIN "How the money flows today"): the high-needs allocation per financial year
 * (national totals or a per-LA table), the non-placement block by S251 line, the opening balance, the in-year and
 * cumulative balance, the 90% write-off of deficits accrued to 31 March 2026 as a lever, and the year the
 * statutory override ends.
 */
import { fyStartYear } from './calendar';
import type { Scenario } from './scenario';
import { num } from './project';

export interface FundingSeries {
  allocation: Float64Array;
  nonPlacement: Float64Array;
  /** allocation − scenario spend − non-placement spend (DESIGN §6). */
  inYear: Float64Array;
  /** Grant paid by the write-off lever in each year (0 when off). */
  writeOff: Float64Array;
  /** Balance at the end of each year: the one before + in-year + write-off grant. */
  cumulative: Float64Array;
}

/** A year-by-year series from explicit amounts, rolled forward by `growth` where a year has none; NaN before any. */
function rolled(amounts: Record<string, number>, years: readonly string[], growth: number): Float64Array {
  const given = Object.entries(amounts).map(([y, v]) => [fyStartYear(y), v] as const).sort((a, b) => a[0] - b[0]);
  const out = new Float64Array(years.length);
  let last: readonly [number, number] | undefined;
  years.forEach((label, i) => {
    const y = fyStartYear(label);
    const exact = given.find(([gy]) => gy === y);
    if (exact) {
      out[i] = exact[1];
      last = exact;
      return;
    }
    if (!last) last = [...given].reverse().find(([gy]) => gy < y);
    if (!last) {
      out[i] = NaN;
      return;
    }
    out[i] = last[1] * Math.pow(1 + growth, y - last[0]);
  });
  return out;
}

/**
 * Problems with a scenario's funding for the LAs in its data (per-LA tables must cover every LA; the first year must
 * have an allocation). Empty when the funding can be computed.
 * @example fundingProblems(scenario, ['999'], ['2025-26']) // []
 */
export function fundingProblems(scenario: Scenario, las: readonly string[], years: readonly string[]): string[] {
  const problems: string[] = [];
  const f = scenario.funding;
  const first = fyStartYear(years[0]);
  if (f.allocation.byLa) {
    for (const la of las) {
      const row = f.allocation.byLa[la];
      if (!row) problems.push(`funding.allocation.byLa has no allocation for LA ${la}, which the data includes.`);
      else if (!Object.keys(row).some((y) => fyStartYear(y) <= first)) problems.push(`funding.allocation.byLa.${la} has no allocation for ${years[0]} or before.`);
    }
  } else if (!Object.keys(f.allocation.amounts).some((y) => fyStartYear(y) <= first)) problems.push(`funding.allocation.amounts has no allocation for ${years[0]} or before.`);
  if (f.nonPlacement.byLa) for (const la of las) if (!f.nonPlacement.byLa[la]) problems.push(`funding.nonPlacement.byLa has no lines for LA ${la}, which the data includes.`);
  if (f.openingBalance.byLa) for (const la of las) if (f.openingBalance.byLa[la] === undefined) problems.push(`funding.openingBalance.byLa has no balance for LA ${la}, which the data includes.`);
  return problems;
}

/**
 * The funding side of one run, given its scenario-basis spend per year (a resolved scenario: no distributions).
 * @example fundingOf(scenario, ['202'], ['2025-26', '2026-27'], Float64Array.of(9e9, 9.5e9)).inYear
 */
export function fundingOf(scenario: Scenario, las: readonly string[], years: readonly string[], scenarioSpend: Float64Array): FundingSeries {
  const f = scenario.funding;
  const H = years.length;
  const growth = num(f.allocation.growth, 'the allocation growth');
  let allocation: Float64Array;
  if (f.allocation.byLa) {
    allocation = new Float64Array(H);
    for (const la of las) {
      const s = rolled(f.allocation.byLa[la] ?? {}, years, growth);
      for (let i = 0; i < H; i++) allocation[i] += s[i];
    }
  } else allocation = rolled(Object.fromEntries(Object.entries(f.allocation.amounts).map(([y, a]) => [y, a.value])), years, growth);

  const uplift = num(f.nonPlacement.uplift, 'the non-placement uplift');
  let lines = 0;
  if (f.nonPlacement.byLa) for (const la of las) for (const v of Object.values(f.nonPlacement.byLa[la] ?? {})) lines += v;
  else for (const l of Object.values(f.nonPlacement.lines)) lines += l.value;
  const baseYear = fyStartYear(scenario.costs.baseYear);
  const nonPlacement = Float64Array.from(years, (y) => lines * Math.pow(1 + uplift, fyStartYear(y) - baseYear));

  const opening = f.openingBalance.byLa ? las.reduce((s, la) => s + (f.openingBalance.byLa?.[la] ?? 0), 0) : f.openingBalance.amount;
  const inYear = new Float64Array(H), cumulative = new Float64Array(H), writeOff = new Float64Array(H);
  const first = fyStartYear(years[0]);
  const accrued = fyStartYear(f.writeOff.accruedTo) - first;
  const paid = fyStartYear(f.writeOff.paidIn) - first;
  const share = num(f.writeOff.share, 'the write-off share');
  let balance = opening;
  let atAccrual = accrued < 0 ? opening : NaN;
  for (let i = 0; i < H; i++) {
    inYear[i] = allocation[i] - scenarioSpend[i] - nonPlacement[i];
    if (f.writeOff.enabled && i === paid && Number.isFinite(atAccrual)) writeOff[i] = share * Math.max(0, -atAccrual);
    balance += inYear[i] + writeOff[i];
    cumulative[i] = balance;
    if (i === accrued) atAccrual = balance;
  }
  return { allocation, nonPlacement, inYear, writeOff, cumulative };
}

/**
 * Where the statutory override ends relative to the reported years: the index of its last year (may fall outside).
 * @example overrideEndIndex('2027-28', ['2025-26', '2026-27', '2027-28']) // 2
 */
export function overrideEndIndex(overrideEnds: string, years: readonly string[]): number {
  return fyStartYear(overrideEnds) - fyStartYear(years[0]);
}

