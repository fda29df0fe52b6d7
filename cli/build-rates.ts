/**
 * Builds the committed derived inputs of the projection and the back-test (scenarios/derived/*.json) from DfE's
 * published EHC plan statistics in ../shared/data: `npx tsx cli/build-rates.ts [--data DIR] [--check]`.
 * Rebuilding gives the same bytes (a test checks it): no dates, fixed key order, rounded figures.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCaseload, readNewPlans, readCeasedPlans, caseloadBy, newPlansBy, ceasedBy, DFE_SETTINGS, type CaseloadRecord, type NewPlansRecord, type CeasedRecord, type DfeSetting } from '../models/io/dfe';
import { AGES, estimateMovers, estimateNationalRates, laFactor, significant, RATES_SCHEMA_VERSION, type FlowRates, type NationalFlowInput } from '../models/projection/rates';

export const ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0 (Department for Education, Education, health and care plans 2025)';
const DFE = 'DfE, Education, health and care plans, reporting year 2025 (June 2025), OGL v3.0';
/** Share of events at age x counted at census age x (the rest at the neighbouring age): birthdays spread evenly through the year. */
const SAME_AGE = { value: 0.5, source: 'Assumption: birthdays and plan starts/ceasings spread evenly through the year, so half of the plans started (ceased) at age x in a calendar year are aged x at the next (previous) January census and half x + 1 (x − 1)' };
/** Placement not recorded is a recording gap (Cambridgeshire reports every plan so), not a setting plans move to. */
const MOVER_EXCLUDE: DfeSetting[] = ['unknown'];

export interface DfeFiles {
  caseload: CaseloadRecord[];
  newPlans: NewPlansRecord[];
  ceased: CeasedRecord[];
}

export function readDfeFiles(dataDir: string): DfeFiles {
  const dir = join(dataDir, 'dfe-ehcp-2025');
  return {
    caseload: readCaseload(readFileSync(join(dir, 'caseload.csv'), 'utf8')),
    newPlans: readNewPlans(readFileSync(join(dir, 'newplans.csv'), 'utf8')),
    ceased: readCeasedPlans(readFileSync(join(dir, 'ceased_plans.csv'), 'utf8')),
  };
}

const settings = [...DFE_SETTINGS];
const zeroAges = () => Array.from({ length: AGES }, () => new Float64Array(settings.length));

/** National stock by census age × setting ("under 3" at age 2, suppressed cells as 0). */
function nationalStock(files: DfeFiles, year: number): { byAgeSetting: Float64Array[]; byAge: Float64Array; total: number } {
  const byAgeSetting = zeroAges();
  const byAge = new Float64Array(AGES);
  for (const r of caseloadBy(files.caseload, { year, level: 'national', breakdown: 'age' })) {
    if (!r.age) continue;
    const a = r.age.max;
    byAge[a] += r.total ?? 0;
    settings.forEach((s, k) => (byAgeSetting[a][k] += r.bySetting[s] ?? 0));
  }
  const total = caseloadBy(files.caseload, { year, level: 'national', breakdown: 'total' })[0]?.total ?? NaN;
  return { byAgeSetting, byAge, total };
}

/** England's plans by setting at a January census, as published (the "All EHC plans" row). */
function nationalBySetting(files: DfeFiles, year: number): Record<string, number> {
  const row = caseloadBy(files.caseload, { year, level: 'national', breakdown: 'total' })[0];
  return Object.fromEntries(settings.map((s) => [s, row.bySetting[s] ?? 0]));
}

function laTotals(rows: Array<{ la: string | null; total: number | null }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.la && r.total !== null) out[r.la] = r.total;
  return sortKeys(out);
}

/** Shares rounded to 6 significant figures, in setting order. */
function roundShares(o: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(settings.filter((k) => o[k] !== undefined).map((k) => [k, significant(o[k] as number)]));
}

/** Shares rounded and then made to add up to 1 exactly as printed (the largest absorbs the rounding). */
function normalised(o: Record<string, number>): Record<string, number> {
  const keys = Object.keys(o);
  if (!keys.length) return o;
  const big = keys.reduce((a, b) => (o[b] > o[a] ? b : a));
  const rest = keys.filter((k) => k !== big).reduce((s, k) => s + o[k], 0);
  return { ...o, [big]: significant(1 - rest, 12) };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

function flowInput(files: DfeFiles, flowYear: number, stockByAge: Float64Array, stockTotal: number, nextTotal: number): NationalFlowInput {
  const started = newPlansBy(files.newPlans, { year: flowYear, level: 'national', breakdown: 'age' })
    .filter((r) => r.age)
    .map((r) => ({ min: r.age!.min, max: r.age!.max, count: r.total ?? 0, bySetting: Object.fromEntries(settings.map((s) => [s, r.bySetting[s] ?? 0])) }));
  const ceasedRows = ceasedBy(files.ceased, { year: flowYear, level: 'national', breakdown: 'age' });
  return {
    stockByAge,
    stockTotal,
    nextStockTotal: nextTotal,
    started,
    ceased: ceasedRows.filter((r) => r.age).map((r) => ({ min: r.age!.min, max: r.age!.max, count: r.total ?? 0 })),
    ceasedUnknownAge: ceasedRows.filter((r) => !r.age).reduce((s, r) => s + (r.total ?? 0), 0),
    startedTotal: newPlansBy(files.newPlans, { year: flowYear, level: 'national', breakdown: 'total' })[0].total ?? NaN,
    ceasedTotal: ceasedBy(files.ceased, { year: flowYear, level: 'national', breakdown: 'total' })[0].total ?? NaN,
  };
}

/**
 * Rates from one calendar year's flows. `moverFrom`/`moverTo` are the age × setting profiles the moves are read
 * from (two censuses, or one census one age up when only one is allowed).
 */
function ratesFrom(files: DfeFiles, opts: { id: string; flowYear: number; stockByAge: Float64Array; stockTotal: number; nextTotal: number; moverFrom: Float64Array[]; moverTo: Float64Array[]; method: 'cohort' | 'pseudo-cohort'; stockNote: string; moverNote: string }): FlowRates {
  const input = flowInput(files, opts.flowYear, opts.stockByAge, opts.stockTotal, opts.nextTotal);
  const r = estimateNationalRates(input, { sameAge: SAME_AGE.value, settings });
  const movers = estimateMovers({ from: opts.moverFrom, to: opts.moverTo, joiners: r.joinersByAgeSetting, leaverRateByAge: r.leaverRateByAge, settings, exclude: MOVER_EXCLUDE });
  const y = opts.flowYear;
  const stockLa = laTotals(caseloadBy(files.caseload, { year: y, level: 'la', breakdown: 'total' }));
  const nextLa = laTotals(caseloadBy(files.caseload, { year: y + 1, level: 'la', breakdown: 'total' }));
  const newLa = laTotals(newPlansBy(files.newPlans, { year: y, level: 'la', breakdown: 'total' }));
  const ceasedLa = laTotals(ceasedBy(files.ceased, { year: y, level: 'la', breakdown: 'total' }));
  const joiners: Record<string, number> = {}, leavers: Record<string, number> = {}, other: Record<string, number> = {};
  for (const la of Object.keys(stockLa)) {
    const j = laFactor(newLa[la] ?? null, stockLa[la], input.startedTotal, input.stockTotal);
    const l = laFactor(ceasedLa[la] ?? null, stockLa[la], input.ceasedTotal, input.stockTotal);
    if (j !== null) joiners[la] = significant(j);
    if (l !== null) leavers[la] = significant(l);
    if (nextLa[la] !== undefined && newLa[la] !== undefined && ceasedLa[la] !== undefined) other[la] = significant(nextLa[la] / (stockLa[la] + newLa[la] - ceasedLa[la]) - 1);
  }
  return {
    schemaVersion: RATES_SCHEMA_VERSION,
    id: opts.id,
    description: `Demand rates for the cohort projection from calendar-${y} flows: joiners and leavers by census age relative to the January ${y} caseload, joiners' settings by age, moves between settings, and the net other change to January ${y + 1}.`,
    attribution: ATTRIBUTION,
    flowYear: y,
    sameAgeShare: SAME_AGE,
    joiners: { rateByAge: Array.from(r.joinerRateByAge, (x) => significant(x)), source: `${DFE}: newplans.csv, England, calendar ${y}, "Age when plan started" (age 2 and under … 20 and over), spread over single ages by the stock's age profile, moved to census ages (sameAgeShare) and divided by the January ${y} caseload (${opts.stockTotal.toLocaleString('en-GB')}). ${opts.stockNote}` },
    leavers: { rateByAge: Array.from(r.leaverRateByAge, (x) => significant(x)), source: `${DFE}: ceased_plans.csv, England, calendar ${y}, "Age plan ceased" (age unknown spread like the rest); every plan aged 25 leaves (plans end after 25), the rest of "20 and over" spread over ages 19–24 by the stock; divided by the January ${y} caseload at each age. ${opts.stockNote}` },
    laFactors: { joiners: sortKeys(joiners), leavers: sortKeys(leavers), source: `${DFE}: each LA's new (ceased) plans in ${y} ÷ its January ${y} caseload, relative to England's; LAs not listed (and councils outside DfE's list) use 1` },
    joinerSettingMix: { settings: [...settings], byAge: r.joinerSettingMix.byAge.map((row) => Array.from(row, (x) => significant(x))), source: `${DFE}: newplans.csv, England, calendar ${y}, age when plan started × type of placement (DESIGN §2 mapping), moved to census ages; ages with no joiners borrow the nearest age's mix` },
    movers: { method: opts.method, byAge: movers.map((m) => ({ atAge: m.atAge, out: roundShares(m.out), to: normalised(roundShares(m.to)) })), source: opts.moverNote },
    netOtherChange: { rate: significant(r.netOtherRate), byLa: sortKeys(other), source: `${DFE}: January ${y + 1} caseload ÷ (January ${y} caseload − modelled leavers + joiners of ${y}) − 1, England (${(r.netOtherRate * 100).toFixed(2)}%): transfers in, late recording and other change new and ceased plans do not explain (DESIGN §3); byLa: the same per LA from published totals, for information` },
  };
}

/** LA × setting × age at a January census; rows whose settings fall short of their total (x, z, c) are made up by England's setting mix at that age, and LAs with no age rows are spread by England's age × setting profile. */
function laStock(files: DfeFiles, year: number): { byLa: Record<string, number[][]>; imputed: string[] } {
  const nat = nationalStock(files, year);
  const mixAt = (a: number) => {
    const t = nat.byAgeSetting[a].reduce((s, x) => s + x, 0);
    return Array.from(nat.byAgeSetting[a], (x) => (t > 0 ? x / t : 0));
  };
  const totals = laTotals(caseloadBy(files.caseload, { year, level: 'la', breakdown: 'total' }));
  const out: Record<string, number[][]> = {};
  const imputed: string[] = [];
  const rows = caseloadBy(files.caseload, { year, level: 'la', breakdown: 'age' });
  const byLa = new Map<string, typeof rows>();
  for (const r of rows) if (r.la) (byLa.get(r.la) ?? byLa.set(r.la, []).get(r.la)!).push(r);
  for (const la of Object.keys(totals)) {
    const grid = settings.map(() => new Array<number>(AGES).fill(0));
    const ageRows = byLa.get(la) ?? [];
    let ageSum = 0;
    for (const r of ageRows) {
      if (!r.age || r.total === null) continue;
      const a = r.age.max;
      let known = 0;
      settings.forEach((s, k) => {
        const v = r.bySetting[s] ?? 0;
        grid[k][a] += v;
        known += v;
      });
      const missing = r.total - known;
      if (missing > 0) mixAt(a).forEach((m, k) => (grid[k][a] += missing * m));
      ageSum += r.total;
    }
    if (ageSum < totals[la] * 0.5) {
      // No usable age breakdown (DfE: Hackney and Peterborough returned totals only in January 2024).
      imputed.push(la);
      const natTotal = nat.byAge.reduce((s, x) => s + x, 0);
      for (let a = 0; a < AGES; a++) mixAt(a).forEach((m, k) => (grid[k][a] = (totals[la] * nat.byAge[a] * m) / natTotal));
    }
    out[la] = grid.map((row) => row.map((x) => significant(x, 8)));
  }
  return { byLa: out, imputed };
}

/** Builds every derived file: name → text. */
export function buildDerived(dataDir: string): Record<string, string> {
  const files = readDfeFiles(dataDir);
  const s2024 = nationalStock(files, 2024);
  const s2025 = nationalStock(files, 2025);
  const flows2024 = ratesFrom(files, {
    id: 'flows-2024', flowYear: 2024, stockByAge: s2024.byAge, stockTotal: s2024.total, nextTotal: s2025.total,
    moverFrom: s2024.byAgeSetting, moverTo: s2025.byAgeSetting, method: 'cohort',
    stockNote: 'Stock by age: caseload.csv, England, January 2024 ("under 3" at age 2).',
    moverNote: `${DFE}: caseload.csv, England, age × type of placement, January 2024 → January 2025 (cohort method: each age a in 2024 against a + 1 in 2025, net of leavers and joiners; placement not recorded excluded as a recording gap). Net flows only: the fewest moves that explain the change in each age's setting mix.`,
  });

  // One-year back-test: nothing from calendar 2024 or January 2025. Stock by age at January 2023 is not published:
  // January 2024's age profile scaled to January 2023's total stands in for it. Moves from January 2024 alone.
  const total2023 = caseloadBy(files.caseload, { year: 2023, level: 'national', breakdown: 'total' })[0].total as number;
  const scaled2023 = Float64Array.from(s2024.byAge, (x) => (x * total2023) / s2024.byAge.reduce((s, y) => s + y, 0));
  const flows2023 = ratesFrom(files, {
    id: 'flows-2023', flowYear: 2023, stockByAge: scaled2023, stockTotal: total2023, nextTotal: s2024.total,
    moverFrom: s2024.byAgeSetting, moverTo: s2024.byAgeSetting, method: 'pseudo-cohort',
    stockNote: 'Stock by age: January 2023 has no age breakdown, so January 2024\'s age profile scaled to the January 2023 total.',
    moverNote: `${DFE}: caseload.csv, England, age × type of placement, January 2024 only (pseudo-cohort method: each age a against a + 1 in the same census, net of leavers and joiners; placement not recorded excluded). Used for the back-test, which may not see January 2025.`,
  });
  const stock2024 = laStock(files, 2024);
  const actual2025 = laStock(files, 2025);
  const backtest = {
    schemaVersion: 1,
    id: 'backtest-2024',
    description: 'Inputs of the one-year detailed back-test: rates from calendar-2023 flows, the January 2024 stock by LA × setting × age, and the January 2025 actuals the projection is compared with (never used to project).',
    attribution: ATTRIBUTION,
    rates: flows2023,
    settings: [...settings],
    stock2024: { byLa: sortKeys(stock2024.byLa), imputed: stock2024.imputed, source: `${DFE}: caseload.csv, LA × "Child or young persons age" × type of placement, January 2024; cells DfE suppresses are made up by England's setting mix at that age; LAs with totals only (${stock2024.imputed.join(', ')}) are spread by England's age × setting profile` },
    actual2025: {
      byLa: sortKeys(actual2025.byLa),
      imputed: actual2025.imputed,
      totals: laTotals(caseloadBy(files.caseload, { year: 2025, level: 'la', breakdown: 'total' })),
      national: { total: s2025.total, bySetting: nationalBySetting(files, 2025) },
      source: `${DFE}: caseload.csv, LA × age × type of placement, January 2025 (suppressed cells by England's mix); England's totals by setting as published`,
    },
  };

  // Three-year totals back-test: January 2019–2022 totals and calendar 2019–2021 new plans, by LA and England.
  const totals: Record<string, Record<string, number>> = {};
  const national: Record<string, number> = {};
  for (let y = 2019; y <= 2025; y++) {
    totals[String(y)] = laTotals(caseloadBy(files.caseload, { year: y, level: 'la', breakdown: 'total' }));
    national[String(y)] = caseloadBy(files.caseload, { year: y, level: 'national', breakdown: 'total' })[0].total as number;
  }
  const newPlans: Record<string, Record<string, number>> = {};
  const newNational: Record<string, number> = {};
  for (let y = 2019; y <= 2021; y++) {
    newPlans[String(y)] = laTotals(newPlansBy(files.newPlans, { year: y, level: 'la', breakdown: 'total' }));
    newNational[String(y)] = newPlansBy(files.newPlans, { year: y, level: 'national', breakdown: 'total' })[0].total as number;
  }
  const totalsFile = {
    schemaVersion: 1,
    id: 'backtest-totals',
    description: 'Inputs of the three-year totals back-test: active plans at January 2019–2022 and new plans in calendar 2019–2021 (what the projection may use), and January 2023–2025 totals (what it is compared with), by LA and for England.',
    attribution: ATTRIBUTION,
    caseload: { byYear: totals, national, source: `${DFE}: caseload.csv, "All EHC plans", LA and England, January 2019–2025` },
    newPlans: { byYear: newPlans, national: newNational, source: `${DFE}: newplans.csv, "New EHC plans", LA and England, calendar 2019–2021` },
    successors: { '909': ['942', '943'], source: 'Cumbria (909) split into Cumberland (942) and Westmorland & Furness (943) in April 2023' },
  };
  return {
    'flows-2024.json': stableJson(flows2024),
    'backtest-2024.json': stableJson(backtest),
    'backtest-totals.json': stableJson(totalsFile),
  };
}

/** JSON with objects indented and arrays of numbers on one line: compact, readable, the same bytes every time. */
export function stableJson(value: unknown): string {
  const go = (v: unknown, indent: string): string => {
    if (Array.isArray(v)) {
      if (v.every((x) => typeof x === 'number' || typeof x === 'string')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      const inner = indent + '  ';
      return `[\n${v.map((x) => inner + go(x, inner)).join(',\n')}\n${indent}]`;
    }
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return '{}';
      const inner = indent + '  ';
      return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${go(x, inner)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return go(value, '') + '\n';
}

export const DERIVED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'derived');

function main(argv: string[]): number {
  const at = argv.indexOf('--data');
  const dataDir = at >= 0 ? argv[at + 1] : resolve(process.cwd(), '..', 'shared', 'data');
  const built = buildDerived(dataDir);
  if (argv.includes('--check')) {
    let same = true;
    for (const [name, text] of Object.entries(built)) {
      let old = '';
      try {
        old = readFileSync(join(DERIVED_DIR, name), 'utf8');
      } catch {
        old = '';
      }
      if (old !== text) {
        same = false;
        console.log(`${name}: differs from the committed file`);
      }
    }
    console.log(same ? 'derived files are up to date' : 'run `npx tsx cli/build-rates.ts` to rebuild them');
    return same ? 0 : 1;
  }
  mkdirSync(DERIVED_DIR, { recursive: true });
  for (const [name, text] of Object.entries(built)) {
    writeFileSync(join(DERIVED_DIR, name), text);
    console.log(`wrote scenarios/derived/${name} (${(text.length / 1024).toFixed(0)} KB)`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
