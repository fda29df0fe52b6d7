/** Fits whole-number cohort cells (LA × setting × governance × age × need) to DfE's January 2025 tables, keeping every published margin exact. */
import { caseloadBy, needsBy, DFE_NEEDS, type CaseloadRecord, type DfeNeed, type DfeSetting, type NeedsRecord } from '../io/dfe';
import { LAS, laName } from '../vocab/las';
import type { Governance } from '../vocab/settings';
import { ipf, controlledRound, roundToTotal } from './ipf';

/*
 * How the cells are made (the method is the same for England and for the example council):
 *
 * 1. Margins, per LA, all whole numbers published by DfE for January 2025:
 *    - group × age  (caseload.csv, "Child or young persons age" rows, placement columns): for 151 LAs.
 *    - group × need (sen_needs_all_plans.csv, "Type of placement" rows, need columns): for 152 LAs.
 *    - age × need   (sen_needs_all_plans.csv, "Child or young persons age" rows): for 152 LAs.
 *    A group is a setting, split by governance where DfE splits it and the S251 line depends on it (mainstream,
 *    resourced provision and AP: LA maintained vs academy/free school). "under 3" is counted at age 2 (the age
 *    its band ends at), so ages run 2–25 and ages 0 and 1 are always empty.
 * 2. Gaps:
 *    - Cambridgeshire (873) and North East Lincolnshire (812) have `x` in every caseload placement column; their
 *      group totals come from sen_needs_all_plans.csv "Type of placement" rows and their age totals from
 *      caseload.csv. Their group × age is fitted (step 3 with the national group × age pattern as the seed and
 *      only the need margins) and rounded with controlled rounding to those group and age totals.
 *    - Surrey (936): its need breakdowns are suppressed. Its group × need and age × need are England's published
 *      tables minus the other 152 LAs (DfE's national tables include Surrey's original return). They are whole
 *      and non-negative and add up to Surrey's published placement and age totals. Surrey's own "All EHC plans"
 *      need totals were amended after the collection, so they differ from this residual by 656 plans between SLD
 *      and SpLD and 1 between SLCN and SEMH; England's tables are kept exact instead.
 * 3. Fit: per LA, a group × age × need table by iterative proportional fitting (seed of ones) to the three margins.
 * 4. Integerise: per LA and group, the age × need slice is refitted exactly to its two margins (that group's ages
 *    and needs) and rounded by controlled rounding, which keeps both margins exact. So every LA × group × age and
 *    LA × group × need count is DfE's figure, and therefore so are LA totals, LA × setting, LA × age, each setting's
 *    national count and England's setting × need table. LA × age × need is close (within a few plans) but not exact.
 */

/** A setting, split by governance where the S251 line depends on it: the rows of the fitted tables. */
export interface FitGroup {
  setting: DfeSetting;
  governance: Governance | null;
  /** caseload.csv columns of the group. */
  columns: readonly string[];
  /** sen_needs_all_plans.csv "Type of placement" labels of the group. */
  labels: readonly string[];
}

/** The 17 groups, in setting vocabulary order. */
export const FIT_GROUPS: readonly FitGroup[] = [
  { setting: 'mainstream', governance: 'la_maintained', columns: ['mainstream_la_maintained'], labels: ['Mainstream - LA maintained'] },
  { setting: 'mainstream', governance: 'academy', columns: ['mainstream_academy', 'mainstream_free_school'], labels: ['Mainstream - academy', 'Mainstream - free school'] },
  {
    setting: 'resourced',
    governance: 'la_maintained',
    columns: ['mainstream_la_maintained_resourced_provision', 'mainstream_la_maintained_senunit'],
    labels: ['Mainstream - LA maintained (resourced provision)', 'Mainstream - LA maintained (SEN unit)'],
  },
  {
    setting: 'resourced',
    governance: 'academy',
    columns: ['mainstream_academy_resourced_provision', 'mainstream_academy_senunit', 'mainstream_free_school_resourced_provision', 'mainstream_free_school_senunit'],
    labels: ['Mainstream - academy (resourced provision)', 'Mainstream - academy (SEN unit)', 'Mainstream - free school (resourced provision)', 'Mainstream - free school (SEN unit)'],
  },
  { setting: 'special_maintained', governance: 'la_maintained', columns: ['special_la_maintained'], labels: ['Special - LA maintained'] },
  { setting: 'special_academy', governance: 'academy', columns: ['special_academy_free'], labels: ['Special - Academy/free schools'] },
  { setting: 'fe', governance: null, columns: ['general_fe_tertiary_colleges'], labels: ['FE - general FE and tertiary colleges'] },
  { setting: 'training_provider', governance: null, columns: ['ukrlp_provider'], labels: ['FE - UKRLP provider'] },
  { setting: 'early_years', governance: null, columns: ['nm_early_years'], labels: ['Non-maintained early years'] },
  { setting: 'iss', governance: null, columns: ['special_independent'], labels: ['Special - independent'] },
  { setting: 'nmss', governance: null, columns: ['special_non_maintained'], labels: ['Special - non-maintained'] },
  { setting: 'spi', governance: null, columns: ['specialist_post_16_institutions'], labels: ['FE - specialist post-16 institutions'] },
  { setting: 'mainstream_independent', governance: null, columns: ['mainstream_independent'], labels: ['Mainstream - independent'] },
  { setting: 'ap', governance: 'la_maintained', columns: ['ap_pru_la_maintained'], labels: ['AP/PRU - LA maintained'] },
  { setting: 'ap', governance: 'academy', columns: ['ap_pru_academy', 'ap_pru_free_school'], labels: ['AP/PRU - academy', 'AP/PRU - free school'] },
  {
    setting: 'elsewhere',
    governance: null,
    columns: ['elective_home_education', 'other_arrangements_la', 'other_arrangements_parents', 'online_provider', 'w_settings', 'other_schools', 'other_placement_settings', 'neet', 'neet_ntci', 'neet_other', 'neet_other_csa'],
    labels: [
      'Educated elsewhere - elective home education',
      'Educated elsewhere - other arrangements by LA',
      'Educated elsewhere - other arrangements by parents',
      'Educated elsewhere - online provider',
      'Educated elsewhere - Welsh establishment',
      'Educated elsewhere - other schools and establishments',
      'Educated elsewhere - other placement settings',
      'Educated elsewhere - NEET',
      'Educated elsewhere - not in education or training (notice to cease issued)',
      'Educated elsewhere - not in education or training (other)',
      'Educated elsewhere - not in education or training (compulsory school age)',
    ],
  },
  { setting: 'unknown', governance: null, columns: ['placement_unknown'], labels: ['Placement not recorded'] },
];

/** The ages of the fitted tables: DfE's "under 3" counted at 2, then 3 … 25. */
export const FIT_AGES: readonly number[] = Array.from({ length: 24 }, (_, i) => i + 2);
/** The needs of the fitted tables: the 13 DfE publishes (Down syndrome is inside OTH). */
export const FIT_NEEDS: readonly DfeNeed[] = DFE_NEEDS;

const G = FIT_GROUPS.length;
const A = FIT_AGES.length;
const N = FIT_NEEDS.length;

const GROUP_OF_LABEL = new Map<string, number>(FIT_GROUPS.flatMap((g, k) => g.labels.map((l) => [l, k] as const)));

/** The fitted tables' age index of a DfE current-age label ("under 3" → 0, i.e. age 2; "age 25" → 23), or −1. */
function ageIndexOf(label: string): number {
  if (label === 'under 3') return 0;
  const m = /^age (\d+)$/.exec(label);
  if (!m) return -1;
  const a = Number(m[1]);
  return a >= 3 && a <= 25 ? a - 2 : -1;
}

/** One LA's published margins (whole numbers), row-major: group × age is G × A, group × need G × N, age × need A × N. */
export interface LaMargins {
  la: string;
  name: string;
  total: number;
  groupTotals: Int32Array;
  ageTotals: Int32Array;
  /** Null when DfE does not publish it (Cambridgeshire and North East Lincolnshire in 2025): fitted instead. */
  groupAge: Int32Array | null;
  groupNeed: Int32Array;
  ageNeed: Int32Array;
  /** How any margin that is not a plain published figure was obtained. */
  notes: string[];
}

/** Whole-number cells for one LA, group and age: counts by need in FIT_NEEDS order. */
export interface CellRow {
  la: string;
  setting: DfeSetting;
  governance: Governance | null;
  age: number;
  counts: Int32Array;
}

/** Problems in the published tables that stop the method (never expected for the 2025 files). */
export class MarginError extends Error {}

/**
 * Reads each LA's January margins from caseload.csv and sen_needs_all_plans.csv records, filling the gaps as the
 * method above says (Cambridgeshire and North East Lincolnshire placements from the needs file; Surrey's need
 * tables as England minus the other LAs). Throws MarginError if the tables do not agree with each other.
 * @example
 * const {las} = marginsFromStatistics({caseload: readCaseload(a), needs: readNeeds(b)});
 * las.find((m) => m.la === '202')!.total // Camden's 1,607
 */
export function marginsFromStatistics(files: { caseload: readonly CaseloadRecord[]; needs: readonly NeedsRecord[] }, options: { year?: number } = {}): { las: LaMargins[]; national: LaMargins } {
  const year = options.year ?? 2025;
  const totals = caseloadBy(files.caseload, { year, level: 'la', breakdown: 'total' });
  const ages = caseloadBy(files.caseload, { year, level: 'la', breakdown: 'age' });
  const needPlacements = needsBy(files.needs, { year, level: 'la', breakdown: 'placement' });
  const needAges = needsBy(files.needs, { year, level: 'la', breakdown: 'age' });
  const needTotals = needsBy(files.needs, { year, level: 'la', breakdown: 'total' });
  const natPlacements = needsBy(files.needs, { year, level: 'national', breakdown: 'placement' });
  const natAges = needsBy(files.needs, { year, level: 'national', breakdown: 'age' });
  const natTotal = caseloadBy(files.caseload, { year, level: 'national', breakdown: 'total' })[0]?.total;
  if (typeof natTotal !== 'number') throw new MarginError(`caseload.csv has no national total for January ${year}.`);

  const byLa = <R extends { la: string | null }>(rows: readonly R[]) => {
    const m = new Map<string, R[]>();
    for (const r of rows) if (r.la !== null) (m.get(r.la) ?? m.set(r.la, []).get(r.la)!).push(r);
    return m;
  };
  const agesBy = byLa(ages);
  const placementsBy = byLa(needPlacements);
  const needAgesBy = byLa(needAges);
  const needTotalsBy = byLa(needTotals);

  const las: LaMargins[] = [];
  const suppressed: LaMargins[] = [];
  for (const t of [...totals].sort((a, b) => (a.la as string).localeCompare(b.la as string))) {
    const la = t.la as string;
    const name = laName(la) ?? t.laName ?? la;
    if (t.total === null) throw new MarginError(`caseload.csv: ${name} (${la}) has no total for January ${year}.`);
    const m: LaMargins = {
      la,
      name,
      total: t.total,
      groupTotals: new Int32Array(G),
      ageTotals: new Int32Array(A),
      groupAge: new Int32Array(G * A),
      groupNeed: new Int32Array(G * N),
      ageNeed: new Int32Array(A * N),
      notes: [],
    };
    // Ages: totals always; the group split where the placement columns are published.
    let placementsPublished = true;
    for (const r of agesBy.get(la) ?? []) {
      const a = ageIndexOf(r.breakdown);
      if (a < 0 || r.total === null) throw new MarginError(`caseload.csv row ${r.row}: ${name} has an age row "${r.breakdown}" that cannot be read.`);
      m.ageTotals[a] += r.total;
      FIT_GROUPS.forEach((g, k) => {
        let s = 0;
        for (const c of g.columns) {
          const v = r.columns[c];
          if (v === null || v === undefined) placementsPublished = false;
          else s += v;
        }
        (m.groupAge as Int32Array)[k * A + a] += s;
      });
    }
    if (sum(m.ageTotals) !== m.total) throw new MarginError(`caseload.csv: ${name}'s ages add up to ${sum(m.ageTotals)}, not its total ${m.total}.`);
    // Group totals and group × need from the needs file's placement rows (the only source for 873 and 812).
    let needsPublished = true;
    for (const r of placementsBy.get(la) ?? []) {
      const k = GROUP_OF_LABEL.get(r.breakdown);
      if (k === undefined) throw new MarginError(`sen_needs_all_plans.csv row ${r.row}: placement "${r.breakdown}" is not one we know.`);
      if (r.total === null) throw new MarginError(`sen_needs_all_plans.csv row ${r.row}: ${name} has no count for "${r.breakdown}".`);
      m.groupTotals[k] += r.total;
      FIT_NEEDS.forEach((n, j) => {
        const v = r.byNeed[n];
        if (v === null) needsPublished = false;
        else m.groupNeed[k * N + j] += v;
      });
    }
    for (const r of needAgesBy.get(la) ?? []) {
      const a = ageIndexOf(r.breakdown);
      if (a < 0) throw new MarginError(`sen_needs_all_plans.csv row ${r.row}: age "${r.breakdown}" cannot be read.`);
      FIT_NEEDS.forEach((n, j) => {
        const v = r.byNeed[n];
        if (v === null) needsPublished = false;
        else m.ageNeed[a * N + j] += v;
      });
    }
    if (sum(m.groupTotals) !== m.total) throw new MarginError(`sen_needs_all_plans.csv: ${name}'s placements add up to ${sum(m.groupTotals)}, not its total ${m.total}.`);
    if (!placementsPublished) {
      m.groupAge = null;
      m.notes.push(
        `${name} (${la}): caseload.csv gives no placement split (x); its placement totals are from sen_needs_all_plans.csv "Type of placement" rows and its placement × age split is fitted to them and to its published ages.`,
      );
    } else {
      for (let k = 0; k < G; k++) {
        let s = 0;
        for (let a = 0; a < A; a++) s += (m.groupAge as Int32Array)[k * A + a];
        if (s !== m.groupTotals[k]) throw new MarginError(`${name}: caseload.csv has ${s} plans in ${describeGroup(k)} but sen_needs_all_plans.csv has ${m.groupTotals[k]}.`);
      }
    }
    if (!needsPublished) suppressed.push(m);
    else {
      checkNeedMargins(m);
      const published = needTotalsBy.get(la)?.[0];
      if (published && published.total !== m.total) throw new MarginError(`sen_needs_all_plans.csv: ${name}'s total ${published.total} is not caseload.csv's ${m.total}.`);
    }
    las.push(m);
  }
  if (sum(las.map((m) => m.total)) !== natTotal) throw new MarginError(`The LA totals add up to ${sum(las.map((m) => m.total))}, not England's ${natTotal}.`);

  // England's need tables.
  const national: LaMargins = {
    la: 'E92000001',
    name: 'England',
    total: natTotal,
    groupTotals: new Int32Array(G),
    ageTotals: new Int32Array(A),
    groupAge: new Int32Array(G * A),
    groupNeed: new Int32Array(G * N),
    ageNeed: new Int32Array(A * N),
    notes: [],
  };
  for (const r of natPlacements) {
    const k = GROUP_OF_LABEL.get(r.breakdown);
    if (k === undefined) throw new MarginError(`sen_needs_all_plans.csv row ${r.row}: placement "${r.breakdown}" is not one we know.`);
    national.groupTotals[k] += r.total ?? 0;
    FIT_NEEDS.forEach((n, j) => (national.groupNeed[k * N + j] += r.byNeed[n] ?? 0));
  }
  for (const r of natAges) {
    const a = ageIndexOf(r.breakdown);
    if (a < 0) continue;
    national.ageTotals[a] += r.total ?? 0;
    FIT_NEEDS.forEach((n, j) => (national.ageNeed[a * N + j] += r.byNeed[n] ?? 0));
  }
  for (const m of las) if (m.groupAge) for (let i = 0; i < G * A; i++) (national.groupAge as Int32Array)[i] += m.groupAge[i];

  // Surrey (or any LA with suppressed needs): England minus the others.
  if (suppressed.length > 1) throw new MarginError(`${suppressed.map((m) => m.name).join(', ')} all have suppressed need tables: England minus the others cannot separate them.`);
  for (const m of suppressed) {
    const others = las.filter((x) => x !== m);
    for (let i = 0; i < G * N; i++) m.groupNeed[i] = national.groupNeed[i] - sum(others.map((x) => x.groupNeed[i]));
    for (let i = 0; i < A * N; i++) m.ageNeed[i] = national.ageNeed[i] - sum(others.map((x) => x.ageNeed[i]));
    if (m.groupNeed.some((v) => v < 0) || m.ageNeed.some((v) => v < 0)) throw new MarginError(`${m.name}'s need tables, as England minus the other LAs, would be negative.`);
    checkNeedMargins(m);
    // Compare with the LA's own published need totals (Surrey's were amended after the collection).
    const published = needTotalsBy.get(m.la)?.[0];
    const differences: string[] = [];
    FIT_NEEDS.forEach((n, j) => {
      let mine = 0;
      for (let k = 0; k < G; k++) mine += m.groupNeed[k * N + j];
      const theirs = published?.byNeed[n];
      if (typeof theirs === 'number' && theirs !== mine) differences.push(`${n} ${mine - theirs > 0 ? '+' : '−'}${Math.abs(mine - theirs)}`);
    });
    m.notes.push(
      `${m.name} (${m.la}): DfE suppresses its need breakdowns (x). Its placement × need and age × need tables are England's published tables minus the other ${others.length} LAs: whole, non-negative and adding up to its published placement and age totals, so England's tables stay exact.` +
        (differences.length
          ? ` Its own "All EHC plans" need totals (amended after the collection; England's tables hold its original return) differ from these by ${differences.join(', ')} (this dataset minus published).`
          : ''),
    );
  }
  return { las, national };
}

function checkNeedMargins(m: LaMargins): void {
  for (let k = 0; k < G; k++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += m.groupNeed[k * N + j];
    if (s !== m.groupTotals[k]) throw new MarginError(`${m.name}: the needs in ${describeGroup(k)} add up to ${s}, not ${m.groupTotals[k]}.`);
  }
  for (let a = 0; a < A; a++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += m.ageNeed[a * N + j];
    if (s !== m.ageTotals[a]) throw new MarginError(`${m.name}: the needs at age ${FIT_AGES[a]} add up to ${s}, not ${m.ageTotals[a]}.`);
  }
}

function describeGroup(k: number): string {
  const g = FIT_GROUPS[k];
  return g.governance ? `${g.setting} (${g.governance})` : g.setting;
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

/**
 * Fits one LA's group × age table where DfE does not publish it: IPF of a group × age × need table seeded with
 * England's group × age pattern to the LA's group × need and age × need tables, then controlled rounding of its
 * group × age sums to the LA's group and age totals.
 */
function fitGroupAge(m: LaMargins, pattern: Int32Array): Int32Array {
  const seed = new Float64Array(G * A * N);
  for (let k = 0; k < G; k++) for (let a = 0; a < A; a++) for (let j = 0; j < N; j++) seed[(k * A + a) * N + j] = pattern[k * A + a] + 1e-3; // + a little: an LA may use an age England rarely does
  const { table } = ipf(seed, [G, A, N], [
    { axes: [0, 2], target: m.groupNeed },
    { axes: [1, 2], target: m.ageNeed },
  ]);
  const ga = new Float64Array(G * A);
  for (let k = 0; k < G; k++) for (let a = 0; a < A; a++) for (let j = 0; j < N; j++) ga[k * A + a] += table[(k * A + a) * N + j];
  return controlledRound(ga, G, A, m.groupTotals, m.ageTotals);
}

/**
 * The 3-way fit stops once every margin is within this many plans of its target, or after FIT_MAX_ITERATIONS
 * sweeps. Sparse tables (an LA with a handful of plans in a setting) converge only slowly towards their zeros, and
 * nothing needs more: each slice is then refitted exactly to the two margins that must be exact.
 */
export const FIT_TOLERANCE = 1e-3;
export const FIT_MAX_ITERATIONS = 300;

/**
 * The whole-number cells of one LA: group × age × need (row-major, G × A × N) whose group × age and group × need
 * sums are exactly the LA's margins.
 * @example fitLaCells(margins, england.groupAge).reduce((a, b) => a + b, 0) === margins.total // true
 */
export function fitLaCells(m: LaMargins, nationalGroupAge: Int32Array): Int32Array {
  const groupAge = m.groupAge ?? fitGroupAge(m, nationalGroupAge);
  const seed = new Float64Array(G * A * N).fill(1);
  const { table } = ipf(seed, [G, A, N], [
    { axes: [1, 2], target: m.ageNeed },
    { axes: [0, 2], target: m.groupNeed },
    { axes: [0, 1], target: groupAge },
  ], { tolerance: FIT_TOLERANCE, maxIterations: FIT_MAX_ITERATIONS });
  const out = new Int32Array(G * A * N);
  const slice = new Float64Array(A * N);
  for (let k = 0; k < G; k++) {
    const rows = groupAge.subarray(k * A, (k + 1) * A);
    const cols = m.groupNeed.subarray(k * N, (k + 1) * N);
    if (sum(rows) === 0) continue;
    for (let i = 0; i < A * N; i++) slice[i] = table[k * A * N + i];
    // The 3-way fit meets every margin only to within its tolerance; refit this slice exactly to its two margins.
    let fitted = ipf(slice.slice(), [A, N], [{ axes: [0], target: rows }, { axes: [1], target: cols }], { tolerance: 1e-9, maxIterations: 200 });
    if (fitted.maxError > 1e-6) {
      // The slice's non-zero pattern cannot carry the margins (only possible where group × age was fitted): widen it.
      const widened = slice.slice();
      for (let a = 0; a < A; a++) for (let j = 0; j < N; j++) if (rows[a] > 0 && cols[j] > 0) widened[a * N + j] += 1e-6;
      fitted = ipf(widened, [A, N], [{ axes: [0], target: rows }, { axes: [1], target: cols }], { tolerance: 1e-9, maxIterations: 5000 });
    }
    const rounded = controlledRound(fitted.table, A, N, rows, cols);
    out.set(rounded, k * A * N);
  }
  return out;
}

/**
 * Fits every LA: the cell rows of the default England dataset, LAs in DfE code order, then groups, then ages;
 * only rows with at least one plan.
 * @example
 * const {cells} = buildDatasetCells(marginsFromStatistics({caseload, needs}));
 * cells.reduce((s, c) => s + c.counts.reduce((a, b) => a + b, 0), 0) // 638745
 */
export function buildDatasetCells(margins: { las: readonly LaMargins[]; national: LaMargins }): { cells: CellRow[]; notes: string[] } {
  const order = new Map(LAS.map((la, i) => [la.code, i]));
  const las = [...margins.las].sort((a, b) => (order.get(a.la) ?? 1e9) - (order.get(b.la) ?? 1e9) || a.la.localeCompare(b.la));
  const cells: CellRow[] = [];
  for (const m of las) cells.push(...cellRowsOf(m.la, fitLaCells(m, margins.national.groupAge as Int32Array)));
  return { cells, notes: las.flatMap((m) => m.notes) };
}

/**
 * Turns an LA's G × A × N counts into cell rows (non-empty group-age rows only).
 * @example cellRowsOf('202', fitLaCells(camden, england.groupAge))[0] // {la: '202', setting: 'mainstream', governance: 'la_maintained', age: 3, counts}
 */
export function cellRowsOf(la: string, table: Int32Array): CellRow[] {
  const rows: CellRow[] = [];
  for (let k = 0; k < G; k++) {
    for (let a = 0; a < A; a++) {
      const counts = table.slice((k * A + a) * N, (k * A + a + 1) * N);
      if (sum(counts) === 0) continue;
      rows.push({ la, setting: FIT_GROUPS[k].setting, governance: FIT_GROUPS[k].governance, age: FIT_AGES[a], counts });
    }
  }
  return rows;
}

/**
 * Scales an LA's margins to a new total, rounding each margin consistently (totals by largest remainder, two-way
 * tables by controlled rounding to those totals), so the result is a set of margins the same fit can use.
 * @example scaleMargins(telford, 3000, {la: '999', name: 'Example Council'}).total // 3000
 */
export function scaleMargins(m: LaMargins, total: number, as: { la: string; name: string }, nationalGroupAge: Int32Array): LaMargins {
  const f = total / m.total;
  const scaled = (xs: ArrayLike<number>) => Float64Array.from(xs as ArrayLike<number>, (x) => x * f);
  const groupTotals = Int32Array.from(roundToTotal(scaled(m.groupTotals), total));
  const ageTotals = Int32Array.from(roundToTotal(scaled(m.ageTotals), total));
  const needTotals = new Float64Array(N);
  for (let k = 0; k < G; k++) for (let j = 0; j < N; j++) needTotals[j] += m.groupNeed[k * N + j] * f;
  const needs = roundToTotal(needTotals, total);
  const groupAge = m.groupAge ?? fitGroupAge(m, nationalGroupAge);
  return {
    la: as.la,
    name: as.name,
    total,
    groupTotals,
    ageTotals,
    groupAge: controlledRound(scaled(groupAge), G, A, groupTotals, ageTotals),
    groupNeed: controlledRound(scaled(m.groupNeed), G, N, groupTotals, needs),
    ageNeed: controlledRound(scaled(m.ageNeed), A, N, ageTotals, needs),
    notes: [`${as.name} (${as.la}): ${m.name}'s (${m.la}) January 2025 margins scaled from ${m.total.toLocaleString('en-GB')} to ${total.toLocaleString('en-GB')} plans (controlled rounding), then fitted as every LA is.`],
  };
}

const CELL_HEADER = ['la_code', 'setting', 'governance', 'age', ...FIT_NEEDS];

/**
 * Writes cell rows as the compact CSV committed in scenarios/datasets: `#` note lines, a header, then one line per
 * LA × setting × governance × age with its counts by need (wide, so ~30k lines instead of ~150k).
 * @example formatCells([{la: '202', setting: 'iss', governance: null, age: 12, counts}], ['note']).split('\n')[2] // '202,iss,,12,3,0,…'
 */
export function formatCells(cells: readonly CellRow[], notes: readonly string[]): string {
  const lines = notes.map((n) => `# ${n.replace(/\r?\n/g, ' ')}`);
  lines.push(CELL_HEADER.join(','));
  for (const c of cells) lines.push(`${c.la},${c.setting},${c.governance ?? ''},${c.age},${Array.from(c.counts).join(',')}`);
  return lines.join('\n') + '\n';
}

/** A cells file that cannot be read. */
export class CellsFormatError extends Error {}

/**
 * Reads the compact cells CSV back (notes are skipped; the header must be the one formatCells writes).
 * @example parseCells(formatCells(cells, notes)) // the same cells
 */
export function parseCells(text: string, file = 'cells'): CellRow[] {
  const lines = text.split(/\r?\n/);
  let k = 0;
  while (k < lines.length && lines[k].startsWith('#')) k++;
  if (lines[k] !== CELL_HEADER.join(',')) throw new CellsFormatError(`${file}: row ${k + 1}: the header should be ${CELL_HEADER.join(',')}`);
  const settings = new Set<string>(FIT_GROUPS.map((g) => g.setting));
  const out: CellRow[] = [];
  for (let i = k + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const parts = line.split(',');
    if (parts.length !== CELL_HEADER.length) throw new CellsFormatError(`${file}: row ${i + 1}: ${parts.length} cells, the header has ${CELL_HEADER.length}`);
    const [la, setting, governance, age] = parts;
    if (!settings.has(setting)) throw new CellsFormatError(`${file}: row ${i + 1}, column setting: "${setting}" is not a setting`);
    if (governance !== '' && governance !== 'la_maintained' && governance !== 'academy') throw new CellsFormatError(`${file}: row ${i + 1}, column governance: "${governance}" is not la_maintained or academy`);
    const counts = new Int32Array(N);
    for (let j = 0; j < N; j++) {
      const v = Number(parts[4 + j]);
      if (!Number.isInteger(v) || v < 0) throw new CellsFormatError(`${file}: row ${i + 1}, column ${FIT_NEEDS[j]}: "${parts[4 + j]}" is not a whole number of plans`);
      counts[j] = v;
    }
    const a = Number(age);
    if (!Number.isInteger(a) || a < 0 || a > 25) throw new CellsFormatError(`${file}: row ${i + 1}, column age: "${age}" is not an age 0–25`);
    out.push({ la, setting: setting as DfeSetting, governance: governance === '' ? null : (governance as Governance), age: a, counts });
  }
  return out;
}
