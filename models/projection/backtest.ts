/**
 * Back-tests against published actuals the model did not see (DESIGN §3, issue 5 §8): (a) one year in detail —
 * rates from calendar-2023 flows only, the January 2024 stock by LA × setting × age, projected to January 2025 with
 * the same cohort engine as every run; (b) three years of totals — growth rates from January 2019–2022 and new plans
 * in 2019–2021, projected by LA and for England to January 2025 (Cumbria, 909, against its successors 942 + 943).
 * It reports the errors; it asserts nothing about their size.
 */
import type { PlacementTable } from '../data/table';
import type { Rulebook } from '../rules/rulebook';
import { SETTING_CODES, type SettingCode } from '../vocab/settings';
import { NEED_CODES } from '../vocab/needs';
import { AGES, type FlowRates } from './rates';
import { validateScenario, type Scenario } from './scenario';
import { prepareProjection } from './prepare';
import { Projector, assumptionsOf } from './project';

/** scenarios/derived/backtest-2024.json. */
export interface OneYearInputs {
  rates: FlowRates;
  settings: SettingCode[];
  stock2024: { byLa: Record<string, number[][]>; imputed: string[]; source: string };
  actual2025: { byLa: Record<string, number[][]>; imputed: string[]; totals: Record<string, number>; national: { total: number; bySetting: Record<string, number> }; source: string };
}

/** scenarios/derived/backtest-totals.json. */
export interface TotalsInputs {
  caseload: { byYear: Record<string, Record<string, number>>; national: Record<string, number> };
  newPlans: { byYear: Record<string, Record<string, number>>; national: Record<string, number> };
  successors: Record<string, string[] | string>;
}

export interface ErrorLine {
  key: string;
  projected: number;
  actual: number;
  /** (projected − actual) / actual. */
  error: number;
}

export interface OneYearReport {
  national: ErrorLine;
  bySetting: ErrorLine[];
  byLa: ErrorLine[];
  /** Mean over LAs of |error|. */
  mapeLa: number;
  /** Σ |projected − actual| ÷ Σ actual over every LA × setting × age cell. */
  cellWape: number;
  notes: string[];
}

export interface TotalsReport {
  /** England from the sum of the LA projections, and from England's own series. */
  nationalFromLas: ErrorLine;
  national: ErrorLine;
  byLa: ErrorLine[];
  mapeLa: number;
  cumbria: ErrorLine | null;
  notes: string[];
}

const line = (key: string, projected: number, actual: number): ErrorLine => ({ key, projected, actual, error: (projected - actual) / actual });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A rulebook that prices nothing: the back-test counts plans, it does not cost them. */
const COUNT_ONLY: Rulebook = {
  schemaVersion: 1, id: 'count-only', name: 'Counts only', description: 'Prices every placement at £0: for projections of plan numbers.', illustrative: false,
  parameters: {}, indexation: {}, bands: { method: 'rules', list: [{ id: 'all', label: 'All', descriptor: '', when: 'true' }] }, tariff: { formula: '0' }, exceptions: [],
};

/** The one-year run's scenario: January 2024 → January 2025, no levers, rates as estimated (no net other override). */
function oneYearScenario(): Scenario {
  const src = 'back-test: calendar-2023 flows (derived/backtest-2024.json)';
  const r = validateScenario(
    {
      schemaVersion: 1, name: 'Back-test 2024 → 2025', description: '', data: { dataset: 'backtest-2024' }, rulebook: '-', rates: '-',
      base: { census: '2024-01' }, horizon: { firstYear: '2024-25', years: 1 },
      demand: { joiners: { multiplier: 1, source: src }, leavers: { multiplier: 1, source: src }, movers: { multiplier: 1, source: src }, netOtherChange: { rate: null, source: src }, growthOverrides: [] },
      costs: { baseYear: '2024-25', uplift: [{ from: '2024-25', rate: 0, source: src }], settingUplift: {} },
      levers: { tariff: { adoption: 'none', from: '2025-04-01', scale: 1, protection: 'none' }, capacity: [], apReform: null, issFeeCap: null },
      funding: { allocation: { amounts: { '2024-25': { value: 0, source: src } }, growth: 0, growthSource: src }, nonPlacement: { lines: {}, uplift: 0, upliftSource: src }, openingBalance: { amount: 0, asAt: '2024-03-31', source: src }, writeOff: { enabled: false, share: 0.9, accruedTo: '2025-26', paidIn: '2026-27', source: src }, overrideEnds: '2027-28' },
      uncertainty: { seed: 1, draws: 0 },
    },
    { file: 'backtest' },
  );
  if (!r.scenario) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.scenario;
}

/**
 * The January 2024 stock as a placement table of cohort rows (count = plans in LA × setting × age; need not known).
 * @example stockTable({'202': [mainstreamByAge, specialByAge]}, ['mainstream', 'special_maintained']).rowCount
 */
export function stockTable(stock: Record<string, number[][]>, settings: readonly SettingCode[]): PlacementTable {
  const las = Object.keys(stock).sort();
  const la: number[] = [], set: number[] = [], age: number[] = [], count: number[] = [];
  las.forEach((code, l) =>
    settings.forEach((s, k) => {
      const row = stock[code][k];
      for (let a = 0; a < AGES; a++) {
        if (!(row[a] > 0)) continue;
        la.push(l);
        set.push(SETTING_CODES.indexOf(s));
        age.push(a);
        count.push(row[a]);
      }
    }),
  );
  const n = la.length;
  return {
    rowCount: n,
    ids: Array.from({ length: n }, (_, i) => `B${i + 1}`),
    columns: {
      la_code: { kind: 'category', codes: Int32Array.from(la), dictionary: las },
      setting: { kind: 'category', codes: Int32Array.from(set), dictionary: [...SETTING_CODES] },
      primary_need: { kind: 'category', codes: new Int32Array(n).fill(NEED_CODES.indexOf('UNK')), dictionary: [...NEED_CODES] },
      age: { kind: 'number', values: Float64Array.from(age) },
      annual_cost: { kind: 'number', values: new Float64Array(n) },
      count: { kind: 'number', values: Float64Array.from(count) },
    },
  };
}

/**
 * (a) One year in detail: January 2024 → January 2025 by LA × setting × age with calendar-2023 rates.
 * @example backtestOneYear(JSON.parse(read('scenarios/derived/backtest-2024.json'))).national.error // e.g. −0.012
 */
export function backtestOneYear(input: OneYearInputs): OneYearReport {
  const table = stockTable(input.stock2024.byLa, input.settings);
  const scenario = oneYearScenario();
  const prep = prepareProjection({ scenario, table, rulebook: COUNT_ONLY, rates: input.rates }, { minShare: 0 });
  const run = new Projector(prep).run(assumptionsOf(prep, scenario), { detail: true });
  const final = run.detail?.finalCells as Float64Array;
  // Projected plans by LA × setting × age.
  const S = SETTING_CODES.length;
  const projected = new Map<string, Float64Array>();
  for (let c = 0; c < prep.cellCount; c++) {
    const la = prep.las[prep.cellLa[c]];
    let grid = projected.get(la);
    if (!grid) projected.set(la, (grid = new Float64Array(S * AGES)));
    grid[prep.cellSetting[c] * AGES + prep.cellAge[c]] += final[c];
  }
  const notes: string[] = [`${input.stock2024.source}.`, `${input.actual2025.source}.`];
  const byLa: ErrorLine[] = [];
  let absCells = 0, sumCells = 0;
  const settingProjected = new Float64Array(S);
  for (const [la, grid] of projected) {
    let total = 0;
    for (let k = 0; k < S; k++) for (let a = 0; a < AGES; a++) {
      total += grid[k * AGES + a];
      settingProjected[k] += grid[k * AGES + a];
    }
    const actual = input.actual2025.totals[la];
    if (actual === undefined) {
      notes.push(`LA ${la} has no January 2025 total: left out of the LA errors.`);
      continue;
    }
    byLa.push(line(la, total, actual));
    const act = input.actual2025.byLa[la];
    if (!act) continue;
    input.settings.forEach((s, k) => {
      const kk = SETTING_CODES.indexOf(s);
      for (let a = 0; a < AGES; a++) {
        absCells += Math.abs(grid[kk * AGES + a] - act[k][a]);
        sumCells += act[k][a];
      }
    });
  }
  const nationalProjected = byLa.reduce((s, l) => s + l.projected, 0);
  const bySetting = input.settings.map((s) => line(s, settingProjected[SETTING_CODES.indexOf(s)], input.actual2025.national.bySetting[s] ?? NaN));
  return {
    national: line('England', nationalProjected, input.actual2025.national.total),
    bySetting,
    byLa: byLa.sort((a, b) => (a.key < b.key ? -1 : 1)),
    mapeLa: mean(byLa.map((l) => Math.abs(l.error))),
    cellWape: absCells / sumCells,
    notes,
  };
}

/**
 * (b) Three years of totals: each LA's January 2022 caseload grown by its average 2019–2022 rates (new plans per plan
 * in 2019–2021 plus the rest of the change per plan), three times, to January 2025. An LA that split since is
 * compared with its successors together; one without a full 2019–2022 series takes England's rates.
 * @example backtestTotals(JSON.parse(read('scenarios/derived/backtest-totals.json'))).cumbria // 909 vs 942 + 943
 */
export function backtestTotals(input: TotalsInputs): TotalsReport {
  const years = ['2019', '2020', '2021'];
  const c = input.caseload.byYear, np = input.newPlans.byYear;
  const ratesOf = (stock: (y: string) => number | undefined, next: (y: string) => number | undefined, fresh: (y: string) => number | undefined) => {
    const j: number[] = [], x: number[] = [];
    for (const y of years) {
      const n0 = stock(y), n1 = next(y), nw = fresh(y);
      if (n0 === undefined || n1 === undefined || nw === undefined || !(n0 > 0)) return null;
      j.push(nw / n0);
      x.push((n1 - n0 - nw) / n0);
    }
    return { joiners: mean(j), other: mean(x) };
  };
  const nextYear = (y: string) => String(Number(y) + 1);
  const nat = ratesOf((y) => input.caseload.national[y], (y) => input.caseload.national[nextYear(y)], (y) => input.newPlans.national[y]) as { joiners: number; other: number };
  const grow = (n2022: number, r: { joiners: number; other: number }) => n2022 * Math.pow(1 + r.joiners + r.other, 3);
  const notes: string[] = [`England's rates 2019–2022: new plans ${(nat.joiners * 100).toFixed(1)}% of the caseload a year, other change ${(nat.other * 100).toFixed(1)}%.`];
  const byLa: ErrorLine[] = [];
  let fromLas = 0;
  let cumbria: ErrorLine | null = null;
  const fallback: string[] = [];
  for (const la of Object.keys(c['2022']).sort()) {
    const r = ratesOf((y) => c[y]?.[la], (y) => c[nextYear(y)]?.[la], (y) => np[y]?.[la]);
    if (!r) fallback.push(la);
    const projected = grow(c['2022'][la], r ?? nat);
    fromLas += projected;
    const succ = input.successors[la];
    const successors = Array.isArray(succ) ? succ : null;
    const actual = successors ? successors.reduce((s, k) => s + (c['2025']?.[k] ?? NaN), 0) : c['2025']?.[la];
    if (actual === undefined || Number.isNaN(actual)) continue;
    const l = line(successors ? `${la} (vs ${successors.join(' + ')})` : la, projected, actual);
    byLa.push(l);
    if (la === '909') cumbria = l;
  }
  if (fallback.length) notes.push(`LAs without a full 2019–2022 series use England's rates: ${fallback.join(', ')}.`);
  const actual2025 = input.caseload.national['2025'];
  return {
    nationalFromLas: line('England (sum of LAs)', fromLas, actual2025),
    national: line('England', grow(input.caseload.national['2022'], nat), actual2025),
    byLa,
    mapeLa: mean(byLa.map((l) => Math.abs(l.error))),
    cumbria,
    notes,
  };
}
