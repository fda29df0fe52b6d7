/**
 * Turns a placement table, a tariff rulebook, a scenario and demand rates into cohort cells (DESIGN §3: LA × setting
 * × band × need × age) with their prices per financial year and the maps the yearly step needs (who ages where,
 * where joiners arrive, where movers go). Done once per data/rulebook/horizon; every draw then runs on typed arrays.
 */
import type { PlacementTable } from '../data/table';
import type { Rulebook } from '../rules/rulebook';
import { indexOn, valueOn } from '../rules/parameters';
import { price } from '../pricing/price';
import { SETTING_CODES, sectorOfSetting, type SettingCode } from '../vocab/settings';
import { SECTOR_CODES } from '../vocab/sectors';
import { NEED_CODES } from '../vocab/needs';
import { PHASE_CODES, phaseIndexOfAge, DSG_AGE_GROUPS, MAX_AGE } from '../vocab/phases';
import { fyLabel, fyStartYear } from './calendar';
import type { Scenario } from './scenario';
import { AGES, type FlowRates } from './rates';

/** The band cells take when the rulebook gives none (or a setting has no placement to borrow a band mix from). */
export const NO_BAND = '(none)';
const S = SETTING_CODES.length;
const NN = NEED_CODES.length;
const AP_SETTINGS: readonly SettingCode[] = ['ap', 'ap_independent'];
const MAINSTREAM = SETTING_CODES.indexOf('mainstream');
const ISS = SETTING_CODES.indexOf('iss');

/** Largest key space held in a dense table (Int32Array: 4 bytes a key); beyond it keys go in a Map. */
const DENSE_KEYS = 1 << 24;

/** Whole-number keys → whole-number values (−1 when absent): a dense table when the key space is small, else a Map. */
class KeyIndex {
  private readonly dense: Int32Array | null;
  private readonly map: Map<number, number> | null;
  constructor(readonly space: number) {
    this.dense = space <= DENSE_KEYS ? new Int32Array(space).fill(-1) : null;
    this.map = this.dense ? null : new Map();
  }
  get(key: number): number {
    return this.dense ? this.dense[key] : (this.map as Map<number, number>).get(key) ?? -1;
  }
  set(key: number, value: number): void {
    if (this.dense) this.dense[key] = value;
    else (this.map as Map<number, number>).set(key, value);
  }
  /** Keys with a value, in increasing order. */
  keys(): Float64Array {
    if (this.dense) {
      const d = this.dense;
      let n = 0;
      for (let k = 0; k < d.length; k++) if (d[k] >= 0) n++;
      const out = new Float64Array(n);
      n = 0;
      for (let k = 0; k < d.length; k++) if (d[k] >= 0) out[n++] = k;
      return out;
    }
    return Float64Array.from((this.map as Map<number, number>).keys()).sort();
  }
}

/** A compressed list: items offsets[g] … offsets[g + 1] − 1 belong to group g. */
export interface Csr {
  offsets: Int32Array;
  cell: Int32Array;
  weight: Float64Array;
}

export interface PreparedProjection {
  /** Census year of the base (January), e.g. 2025. */
  censusYear: number;
  /** The financial years reported, e.g. ["2025-26", …]. */
  years: string[];
  /** Yearly steps from the base census to the census before the first reported year. */
  offset: number;
  /** Steps from the base census to the census inside the last reported year. */
  steps: number;
  las: string[];
  bandIds: string[];
  /** Sector index (SECTOR_CODES) of each setting (SETTING_CODES). */
  settingSector: Int32Array;
  cellCount: number;
  cellLa: Int32Array;
  cellSetting: Int32Array;
  cellBand: Int32Array;
  cellNeed: Int32Array;
  cellAge: Int32Array;
  /** The same track one year older, or −1 at 25 (everyone leaves after 25). */
  cellNext: Int32Array;
  /** Placements in each cell at the base census. */
  base: Float64Array;
  /** Today's cost per placement (annual_cost, base-year prices), averaged over the cell. */
  current: Float64Array;
  /** Per reported year: the tariff price per placement of the placements the rulebook prices (unscaled). */
  tariffPriced: Float64Array[];
  /** Per placement: the part of today's cost the rulebook funds at cost (exceptions, unpriced rows), base-year prices. */
  atCost: Float64Array;
  /** Independent special school rows, kept for the fee cap (which caps each fee, not a cell's average). */
  issRows: { cell: Int32Array; weight: Float64Array; cost: Float64Array; tariff: Float64Array[] };
  /** ISS cells with no row of their own (reached by ageing, joiners or moves), and for each the donor group of rows
   * its price was borrowed from (−1: capped on its average), with each donor's rows (indices into issRows). */
  issCellsWithoutRows: Int32Array;
  issDonor: Int32Array;
  issDonorRows: { offsets: Int32Array; rows: Int32Array };
  leaverRateByAge: Float64Array;
  laLeaverFactor: Float64Array;
  laJoinerFactor: Float64Array;
  netOtherChange: number;
  /** Joiner targets per LA: weight = joiners arriving in the cell per plan in the LA's caseload. */
  joiners: Csr;
  /** Share of the stayers of each (age before the move × setting) who move: [age × S + setting]. */
  moveOut: Float64Array;
  /** Each cell's mover group (LA × need × age; −1 if its setting sends nobody at its age) and its index into moveOut. */
  cellGroup: Int32Array;
  cellMoveKey: Int32Array;
  /** Each cell's index into a leaver-rate table by LA × age. */
  cellLeaverKey: Int32Array;
  /** Where each mover group's movers go: cells one year older in the receiving settings, by band. */
  movers: Csr;
  moverGroups: number;
  /** For AP cells: the mainstream cells a diverted placement goes to (index by apGroup[cell], −1 if not AP). */
  apGroup: Int32Array;
  apDivert: Csr;
  /** Per capacity lever: source cells and where their movers go. */
  capacity: Array<{ src: Int32Array; srcSetting: Int32Array } & Csr>;
  /** DSG management plan age group of each age. */
  ageGroup: Int32Array;
  /** Why figures are approximate, for the trace. */
  notes: string[];
  /** What the tariff rulebook's transitional protection is, for adoption with protection "rulebook". */
  rulebookProtection: { cap: number | null; floor: number | null } | null;
}

export interface ProjectionInputs {
  scenario: Scenario;
  table: PlacementTable;
  rulebook: Rulebook;
  rates: FlowRates;
}

/**
 * Joiners' and movers' settings with less than this share at an age are folded into the others (shares
 * renormalised, so no placement is lost). DfE's age × placement tables carry a long tail of one-off placements
 * (a 5-year-old starting in an FE college); carrying each into every LA, band and need multiplies the cells a
 * national run steps through for a change in totals far below the rates' own uncertainty. 0 keeps everything.
 */
export const DEFAULT_MIN_SHARE = 0.002;

/** What the rulebook says each row costs in each reported year. */
interface RowPrices {
  band: Int32Array;
  bandIds: string[];
  /** 1 where the tariff funds the placement at its current cost (an exception) or cannot price it. */
  atCost: Uint8Array;
  /** Per reported year; NaN where atCost. */
  tariff: Float64Array[];
  notes: string[];
}

/**
 * Prices every row once per distinct parameter regime. Within a run of years where only the tariff's index moves,
 * the rulebook is evaluated at the first and last year and every row checked to be either fixed or proportional to
 * the index, so the years between are exact without pricing 640k rows again; otherwise every year is priced.
 * @example priceRowsByYear(table, rulebook, ['2025-26', '2026-27']).tariff[1][0] // row 0's tariff in 2026-27
 */
export function priceRowsByYear(table: PlacementTable, rulebook: Rulebook, years: readonly string[]): RowPrices {
  const { transitionalProtection: _omit, ...full } = rulebook;
  const rb: Rulebook = full;
  const notes: string[] = [];
  const n = table.rowCount;
  const dates = years.map((y) => `${fyStartYear(y)}-04-01`);
  const first = price(table, rb, { date: dates[0] });
  const atCost = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = first.exception[i];
    if (Number.isNaN(first.price[i]) || (x >= 0 && rb.exceptions[x].action === 'current_cost')) atCost[i] = 1;
  }
  let unpriced = 0;
  for (let i = 0; i < n; i++) if (Number.isNaN(first.price[i])) unpriced += first.weight[i];
  if (unpriced > 0) notes.push(`${unpriced.toLocaleString('en-GB')} placement(s) the rulebook cannot price are costed at their current cost on the tariff basis.`);
  const rateParams = new Set(Object.values(rb.indexation).map((ix) => ix.rate));
  const signature = (date: string) =>
    Object.entries(rb.parameters)
      .filter(([name]) => !rateParams.has(name))
      .map(([name, p]) => `${name}@${valueOn(p, date)?.from ?? '-'}`)
      .join('|');
  const ix = rb.tariff.indexation ? rb.indexation[rb.tariff.indexation] : undefined;
  const indexAt = (date: string) => (ix ? indexOn(rb, ix, date).value : 1);
  const tariff: Float64Array[] = new Array(years.length);
  const rowPrice = (p: Float64Array) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = atCost[i] ? NaN : p[i];
    return out;
  };
  let y = 0;
  while (y < years.length) {
    let end = y;
    while (end + 1 < years.length && signature(dates[end + 1]) === signature(dates[y])) end++;
    const p0 = y === 0 ? first.price : price(table, rb, { date: dates[y] }).price;
    tariff[y] = rowPrice(p0);
    if (end > y) {
      const p1 = price(table, rb, { date: dates[end] }).price;
      tariff[end] = rowPrice(p1);
      const i0 = indexAt(dates[y]);
      const ratio = indexAt(dates[end]) / i0;
      const scaled = new Uint8Array(n);
      let exact = true;
      for (let i = 0; i < n && exact; i++) {
        if (atCost[i]) continue;
        const a = p0[i], b = p1[i];
        if (Number.isNaN(a) !== Number.isNaN(b)) exact = false;
        else if (a === b) scaled[i] = 0;
        else if (Math.abs(b - a * ratio) <= 1e-9 * Math.max(1, Math.abs(b))) scaled[i] = 1;
        else exact = false;
      }
      for (let k = y + 1; k < end; k++) {
        if (exact) {
          const r = indexAt(dates[k]) / i0;
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = atCost[i] ? NaN : scaled[i] ? p0[i] * r : p0[i];
          tariff[k] = out;
        } else tariff[k] = rowPrice(price(table, rb, { date: dates[k] }).price);
      }
    }
    y = end + 1;
  }
  return { band: first.band, bandIds: [...first.bandIds, NO_BAND], atCost, tariff, notes: [...notes, ...first.issues.filter((i) => i.severity === 'warning').map((i) => i.message)] };
}

/**
 * Builds the cohort cells and everything a draw needs.
 * @example const prep = prepareProjection({scenario, table, rulebook, rates}); prep.cellCount // ≈ 150,000 for England
 */
export function prepareProjection(inputs: ProjectionInputs, options: { rowPrices?: RowPrices; minShare?: number } = {}): PreparedProjection {
  const rowPrices = options.rowPrices;
  const minShare = options.minShare ?? DEFAULT_MIN_SHARE;
  const { scenario, table, rates } = inputs;
  const censusYear = Number(scenario.base.census.slice(0, 4));
  const firstStart = fyStartYear(scenario.horizon.firstYear);
  const years = Array.from({ length: scenario.horizon.years }, (_, i) => fyLabel(firstStart + i));
  const offset = firstStart - censusYear;
  const steps = offset + years.length;
  const notes: string[] = [];
  const prices = rowPrices ?? priceRowsByYear(table, inputs.rulebook, years);
  notes.push(...prices.notes);
  const B = prices.bandIds.length;
  const NONE = B - 1;

  // Rows → codes.
  const n = table.rowCount;
  const laCol = table.columns.la_code, setCol = table.columns.setting, needCol = table.columns.primary_need;
  if (laCol?.kind !== 'category' || setCol?.kind !== 'category' || needCol?.kind !== 'category') throw new Error('The placement table lacks la_code, setting or primary_need.');
  const ageCol = table.columns.age, costCol = table.columns.annual_cost, countCol = table.columns.count;
  if (ageCol?.kind !== 'number' || costCol?.kind !== 'number') throw new Error('The placement table lacks age or annual_cost.');
  const las = [...new Set(Array.from(new Set(laCol.codes), (c) => laCol.dictionary[c]).filter((x): x is string => x !== undefined))].sort();
  const laIndex = new Map(las.map((l, i) => [l, i]));
  const laOfCode = laCol.dictionary.map((d) => laIndex.get(d) ?? -1);
  const settingOfCode = setCol.dictionary.map((d) => SETTING_CODES.indexOf(d as SettingCode));
  const needOfCode = needCol.dictionary.map((d) => NEED_CODES.indexOf(d as (typeof NEED_CODES)[number]));
  const L = las.length;
  const weight = countCol?.kind === 'number' ? countCol.values : new Float64Array(n).fill(1);
  const rowLa = new Int32Array(n), rowS = new Int32Array(n), rowB = new Int32Array(n), rowN = new Int32Array(n), rowA = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rowLa[i] = laOfCode[laCol.codes[i]];
    rowS[i] = settingOfCode[setCol.codes[i]];
    rowN[i] = needOfCode[needCol.codes[i]];
    rowB[i] = prices.band[i] >= 0 ? prices.band[i] : NONE;
    rowA[i] = Math.min(MAX_AGE, Math.max(0, Math.floor(ageCol.values[i])));
    if (rowLa[i] < 0 || rowS[i] < 0 || rowN[i] < 0) throw new Error(`Row ${i + 1} has an LA, setting or need outside the vocabularies.`);
  }

  const keyOf = (la: number, s: number, b: number, nd: number, a: number) => (((la * S + s) * B + b) * NN + nd) * AGES + a;
  const space = L * S * B * NN * AGES;
  // Today's placements by cell (many rows share a cell): the mixes below read cells, not rows.
  const baseIndex = new KeyIndex(space);
  const rowKey = new Float64Array(n);
  const baseKeys: number[] = [], baseW: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = keyOf(rowLa[i], rowS[i], rowB[i], rowN[i], rowA[i]);
    rowKey[i] = k;
    let b = baseIndex.get(k);
    if (b < 0) {
      b = baseKeys.length;
      baseIndex.set(k, b);
      baseKeys.push(k);
      baseW.push(0);
    }
    baseW[b] += weight[i];
  }
  const decode = (key: number): [number, number, number, number, number] => {
    const a = key % AGES;
    let rest = (key - a) / AGES;
    const nd = rest % NN;
    rest = (rest - nd) / NN;
    const b = rest % B;
    rest = (rest - b) / B;
    const s = rest % S;
    return [(rest - s) / S, s, b, nd, a];
  };

  // Mixes from today's placements, for cells that join or move where nobody is today.
  const bandMixCache = new Map<number, Array<[number, number]>>();
  const lsn = new Map<number, Float64Array>(); // (la, s, need) → by band
  const sn = new Map<number, Float64Array>(); // (s, need) → by band
  const lsBand = new Map<number, Float64Array>(); // (la, s) → by band
  const sBand = new Map<number, Float64Array>(); // s → by band
  const nBand = new Map<number, Float64Array>(); // need → by band
  const lsp = new Map<number, Map<number, number>>(); // (la, s, phase) → (band, need) weights
  const ls = new Map<number, Map<number, number>>();
  const sp = new Map<number, Map<number, number>>();
  const sOnly = new Map<number, Map<number, number>>();
  const laOnly = new Map<number, Map<number, number>>();
  const all = new Map<number, number>();
  const addVec = (m: Map<number, Float64Array>, k: number, b: number, w: number) => {
    let v = m.get(k);
    if (!v) m.set(k, (v = new Float64Array(B)));
    v[b] += w;
  };
  const addMap = (m: Map<number, Map<number, number>>, k: number, bn: number, w: number) => {
    let v = m.get(k);
    if (!v) m.set(k, (v = new Map()));
    v.set(bn, (v.get(bn) ?? 0) + w);
  };
  const phaseOf = Int32Array.from({ length: AGES }, (_, a) => phaseIndexOfAge(a));
  const P = PHASE_CODES.length;
  for (let k = 0; k < baseKeys.length; k++) {
    const [la, s, b, nd, age] = decode(baseKeys[k]);
    const w = baseW[k], ph = phaseOf[age];
    addVec(lsn, (la * S + s) * NN + nd, b, w);
    addVec(sn, s * NN + nd, b, w);
    addVec(lsBand, la * S + s, b, w);
    addVec(sBand, s, b, w);
    addVec(nBand, nd, b, w);
    const bn = b * NN + nd;
    addMap(lsp, (la * S + s) * P + ph, bn, w);
    addMap(ls, la * S + s, bn, w);
    addMap(sp, s * P + ph, bn, w);
    addMap(sOnly, s, bn, w);
    addMap(laOnly, la, bn, w);
    all.set(bn, (all.get(bn) ?? 0) + w);
  }
  const normVec = (v: Float64Array | undefined): Array<[number, number]> | null => {
    if (!v) return null;
    let t = 0;
    for (const x of v) t += x;
    if (!(t > 0)) return null;
    const out: Array<[number, number]> = [];
    v.forEach((x, b) => {
      if (x > 0) out.push([b, x / t]);
    });
    return out;
  };
  /** The bands a placement of this need takes in this setting and LA (borrowing from wider groups when empty). */
  const bandMix = (la: number, s: number, nd: number): Array<[number, number]> => {
    const k = (la * S + s) * NN + nd;
    let m = bandMixCache.get(k);
    if (!m) {
      m = normVec(lsn.get(k)) ?? normVec(sn.get(s * NN + nd)) ?? normVec(lsBand.get(la * S + s)) ?? normVec(sBand.get(s)) ?? normVec(nBand.get(nd)) ?? [[NONE, 1]];
      bandMixCache.set(k, m);
    }
    return m;
  };
  const normMap = (m: Map<number, number> | undefined): Array<[number, number]> | null => {
    if (!m) return null;
    let t = 0;
    for (const x of m.values()) t += x;
    if (!(t > 0)) return null;
    return [...m.entries()].filter(([, x]) => x > 0).sort((x, y) => x[0] - y[0]).map(([bn, x]) => [bn, x / t]);
  };
  const joinMixCache = new Map<number, Array<[number, number]>>();
  /** (band × need) of joiners to a setting in an LA at a phase: today's placements there, else wider groups. */
  const joinMix = (la: number, s: number, ph: number): Array<[number, number]> => {
    const k = (la * S + s) * P + ph;
    let m = joinMixCache.get(k);
    if (!m) {
      m = normMap(lsp.get(k)) ?? normMap(ls.get(la * S + s)) ?? normMap(sp.get(s * P + ph)) ?? normMap(sOnly.get(s)) ?? normMap(laOnly.get(la)) ?? normMap(all) ?? [[NONE * NN + NEED_CODES.indexOf('UNK'), 1]];
      joinMixCache.set(k, m);
    }
    return m;
  };

  // Shares below minShare folded into the rest (see DEFAULT_MIN_SHARE).
  const pruned = (pairs: Array<[number, number]>): Array<[number, number]> => {
    const kept = pairs.filter(([, x]) => x > 0 && x >= minShare);
    const t = kept.reduce((a, [, x]) => a + x, 0);
    return t > 0 ? kept.map(([k, x]) => [k, x / t]) : [];
  };
  // Movers by age before the move: who sends (share of stayers) and where movers go.
  const moveOut = new Float64Array(AGES * S);
  const moveTo: Array<Array<[number, number]>> = Array.from({ length: AGES }, () => []);
  for (const m of rates.movers.byAge) {
    const a = m.atAge - 1;
    for (const [k, v] of Object.entries(m.out)) moveOut[a * S + SETTING_CODES.indexOf(k as SettingCode)] = v ?? 0;
    moveTo[a] = pruned(Object.entries(m.to).map(([k, v]) => [SETTING_CODES.indexOf(k as SettingCode), v ?? 0]));
    if (!moveTo[a].length) for (let k = 0; k < S; k++) moveOut[a * S + k] = 0;
  }
  if (minShare > 0) notes.push(`Joiners' and movers' settings with under ${(minShare * 100).toFixed(1)}% of an age's flow are folded into the others (shares renormalised, so no placement is lost).`);
  const mixSettings = rates.joinerSettingMix.settings.map((s) => SETTING_CODES.indexOf(s));
  const joinerMix = rates.joinerSettingMix.byAge.map((row) => pruned(row.map((x, k) => [mixSettings[k], x] as [number, number]).filter(([s]) => s >= 0)));
  const apSet = new Set(AP_SETTINGS.map((s) => SETTING_CODES.indexOf(s)));
  const capLevers = scenario.levers.capacity.map((c) => ({ to: SETTING_CODES.indexOf(c.to), sources: new Set(Object.keys(c.sources).map((s) => SETTING_CODES.indexOf(s as SettingCode))), ages: c.ages ?? ([5, 15] as [number, number]) }));

  // Cells: everything mass can reach within the horizon (base cells, joiners' cells, and where ageing, moves and
  // levers take them), found breadth-first by the step mass first arrives.
  const depth = new KeyIndex(space);
  const queue: number[] = [];
  const reach = (key: number, d: number) => {
    const old = depth.get(key);
    if (old < 0 || d < old) {
      depth.set(key, d);
      queue.push(key);
    }
  };
  for (const k of baseKeys) reach(k, 0);
  const divertTargets = (la: number, b: number, nd: number, a: number, d: number) => {
    void b;
    for (const [b2] of bandMix(la, MAINSTREAM, nd)) reach(keyOf(la, MAINSTREAM, b2, nd, a), d);
  };
  const jr = rates.joiners.rateByAge;
  for (let la = 0; la < L && steps > 0; la++)
    for (let a = 0; a < AGES; a++) {
      if (!(jr[a] > 0)) continue;
      for (const [s] of joinerMix[a])
        for (const [bn] of joinMix(la, s, phaseOf[a])) {
          reach(keyOf(la, s, Math.floor(bn / NN), bn % NN, a), 1);
          if (apSet.has(s) && scenario.levers.apReform) divertTargets(la, Math.floor(bn / NN), bn % NN, a, 1);
        }
    }
  for (let q = 0; q < queue.length; q++) {
    const key = queue[q];
    const d = depth.get(key);
    const [la, s, , nd, a] = decode(key);
    // New places are filled from the census a step ends at, so even cells first reached at the last step feed them.
    for (const lever of capLevers) if (lever.sources.has(s) && a >= lever.ages[0] && a <= lever.ages[1]) for (const [b2] of bandMix(la, lever.to, nd)) reach(keyOf(la, lever.to, b2, nd, a), Math.max(d, 1));
    if (d >= steps) continue;
    if (a < MAX_AGE) {
      reach(key + 1, d + 1);
      if (moveOut[a * S + s] > 0) for (const [to] of moveTo[a]) for (const [b2] of bandMix(la, to, nd)) {
        reach(keyOf(la, to, b2, nd, a + 1), d + 1);
        if (apSet.has(to) && scenario.levers.apReform) divertTargets(la, b2, nd, a + 1, d + 1);
      }
    }
  }
  // Order cells by track, then age, so a cell's next age is usually the next slot in memory.
  const keys = depth.keys();
  const C = keys.length;
  const index = new KeyIndex(space);
  keys.forEach((k, c) => index.set(k, c));
  const cellLa = new Int32Array(C), cellSetting = new Int32Array(C), cellBand = new Int32Array(C), cellNeed = new Int32Array(C), cellAge = new Int32Array(C), cellNext = new Int32Array(C), cellDepth = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    const key = keys[c];
    const [la, s, b, nd, a] = decode(key);
    cellAge[c] = a;
    cellNeed[c] = nd;
    cellBand[c] = b;
    cellSetting[c] = s;
    cellLa[c] = la;
    cellNext[c] = a < MAX_AGE ? index.get(key + 1) : -1;
    cellDepth[c] = depth.get(key);
  }
  const cellOf = (la: number, s: number, b: number, nd: number, a: number) => {
    const c = index.get(keyOf(la, s, b, nd, a));
    if (c < 0) throw new Error('internal: a reachable cell is missing');
    return c;
  };

  // Base stock and prices per cell.
  const H = years.length;
  const base = new Float64Array(C), sumCur = new Float64Array(C), sumAtCost = new Float64Array(C);
  const sumTar = Array.from({ length: H }, () => new Float64Array(C));
  const rowCell = new Int32Array(n);
  const costs = costCol.values;
  for (let i = 0; i < n; i++) {
    const c = index.get(rowKey[i]);
    rowCell[i] = c;
    const w = weight[i];
    base[c] += w;
    sumCur[c] += w * costs[i];
    if (prices.atCost[i]) sumAtCost[c] += w * costs[i];
    else for (let y = 0; y < H; y++) sumTar[y][c] += w * prices.tariff[y][i];
  }
  // Fallback groups for cells with no placement today: LA × setting × band, setting × band, LA × setting, setting, all.
  type Group = { w: number; cur: number; atCost: number; tar: Float64Array };
  const groups = [new Map<number, Group>(), new Map<number, Group>(), new Map<number, Group>(), new Map<number, Group>(), new Map<number, Group>()];
  const groupKeys = (c: number) => [(cellLa[c] * S + cellSetting[c]) * B + cellBand[c], cellSetting[c] * B + cellBand[c], cellLa[c] * S + cellSetting[c], cellSetting[c], 0];
  for (let c = 0; c < C; c++) {
    if (!(base[c] > 0)) continue;
    groupKeys(c).forEach((k, g) => {
      let e = groups[g].get(k);
      if (!e) groups[g].set(k, (e = { w: 0, cur: 0, atCost: 0, tar: new Float64Array(H) }));
      e.w += base[c];
      e.cur += sumCur[c];
      e.atCost += sumAtCost[c];
      for (let y = 0; y < H; y++) e.tar[y] += sumTar[y][c];
    });
  }
  const current = new Float64Array(C), atCost = new Float64Array(C);
  const tariffPriced = Array.from({ length: H }, () => new Float64Array(C));
  let borrowed = 0;
  // Which group each cell with no placement borrowed its price from (level × key), for the ISS fee cap.
  const donorOf = new Map<number, string>();
  for (let c = 0; c < C; c++) {
    const w = base[c];
    if (w > 0) {
      current[c] = sumCur[c] / w;
      atCost[c] = sumAtCost[c] / w;
      for (let y = 0; y < H; y++) tariffPriced[y][c] = sumTar[y][c] / w;
      continue;
    }
    borrowed++;
    const la = cellLa[c], st = cellSetting[c], b = cellBand[c];
    let src: Group | undefined;
    let g = 0, k = 0;
    for (; g < groups.length && !src; g++) {
      k = g === 0 ? (la * S + st) * B + b : g === 1 ? st * B + b : g === 2 ? la * S + st : g === 3 ? st : 0;
      src = groups[g].get(k);
    }
    if (!src || !(src.w > 0)) continue;
    if (st === ISS) donorOf.set(c, `${g - 1}:${k}`);
    current[c] = src.cur / src.w;
    atCost[c] = src.atCost / src.w;
    for (let y = 0; y < H; y++) tariffPriced[y][c] = src.tar[y] / src.w;
  }
  if (borrowed > 0) notes.push(`${borrowed.toLocaleString('en-GB')} cells with no placement today (where joiners arrive, movers go or cohorts age into) take the average price of the LA's setting and band, else England's.`);

  // ISS rows for the fee cap.
  const issIdx: number[] = [];
  for (let i = 0; i < n; i++) if (rowS[i] === ISS) issIdx.push(i);
  const issRows = {
    cell: Int32Array.from(issIdx, (i) => rowCell[i]),
    weight: Float64Array.from(issIdx, (i) => weight[i]),
    cost: Float64Array.from(issIdx, (i) => costs[i]),
    tariff: Array.from({ length: H }, (_, y) => Float64Array.from(issIdx, (i) => prices.tariff[y][i])),
  };
  // ISS cells nobody is in today are capped fee by fee on the rows their price was borrowed from.
  const issCellsWithoutRows: number[] = [];
  const donors = new Map<string, number>();
  const issDonor: number[] = [];
  for (let c = 0; c < C; c++) {
    if (cellSetting[c] !== ISS || base[c] > 0) continue;
    issCellsWithoutRows.push(c);
    const d = donorOf.get(c);
    if (d === undefined || d.startsWith('4:')) issDonor.push(-1);
    else {
      if (!donors.has(d)) donors.set(d, donors.size);
      issDonor.push(donors.get(d) as number);
    }
  }
  const donorRows: number[][] = Array.from({ length: donors.size }, () => []);
  issIdx.forEach((i, t) => {
    const c = rowCell[i];
    groupKeys(c).forEach((k, g) => {
      const d = donors.get(`${g}:${k}`);
      if (d !== undefined) donorRows[d].push(t);
    });
  });
  const issDonorRows = { offsets: new Int32Array(donors.size + 1), rows: Int32Array.from(donorRows.flat()) };
  donorRows.reduce((o, r, d) => ((issDonorRows.offsets[d + 1] = o + r.length), o + r.length), 0);

  // Demand rates.
  const laJoinerFactor = Float64Array.from(las, (l) => rates.laFactors.joiners[l] ?? 1);
  const laLeaverFactor = Float64Array.from(las, (l) => rates.laFactors.leavers[l] ?? 1);

  // Joiners per LA.
  const jOff = new Int32Array(L + 1);
  const jCell: number[] = [], jW: number[] = [];
  for (let la = 0; la < L; la++) {
    jOff[la] = jCell.length;
    const acc = new Map<number, number>();
    for (let a = 0; a < AGES; a++) {
      if (!(jr[a] > 0)) continue;
      for (const [s, share] of joinerMix[a])
        for (const [bn, x] of joinMix(la, s, phaseOf[a])) {
          const c = cellOf(la, s, Math.floor(bn / NN), bn % NN, a);
          acc.set(c, (acc.get(c) ?? 0) + jr[a] * share * x);
        }
    }
    for (const [c, w] of [...acc.entries()].sort((x, y) => x[0] - y[0])) {
      jCell.push(c);
      jW.push(w);
    }
  }
  jOff[L] = jCell.length;

  // Movers: each (LA × need × age) pools the movers of its sending settings and shares them among the receivers.
  const cellGroup = new Int32Array(C).fill(-1);
  const cellMoveKey = Int32Array.from({ length: C }, (_, c) => cellAge[c] * S + cellSetting[c]);
  const cellLeaverKey = Int32Array.from({ length: C }, (_, c) => cellLa[c] * AGES + cellAge[c]);
  const groupIndex = new Map<number, number>();
  const mOff: number[] = [], mDst: number[] = [], mW: number[] = [];
  for (let c = 0; c < C; c++) {
    const a = cellAge[c];
    if (a >= MAX_AGE || !(moveOut[cellMoveKey[c]] > 0)) continue;
    // A cell first reached at the last step never moves within the horizon, so its destinations were not built.
    if (cellDepth[c] >= steps) continue;
    const gk = (cellLa[c] * NN + cellNeed[c]) * AGES + a;
    let g = groupIndex.get(gk);
    if (g === undefined) {
      g = groupIndex.size;
      groupIndex.set(gk, g);
      mOff.push(mDst.length);
      for (const [to, share] of moveTo[a])
        for (const [b2, bs] of bandMix(cellLa[c], to, cellNeed[c])) {
          mDst.push(cellOf(cellLa[c], to, b2, cellNeed[c], a + 1));
          mW.push(share * bs);
        }
    }
    cellGroup[c] = g;
  }
  mOff.push(mDst.length);

  // AP diversion targets.
  const apGroup = new Int32Array(C).fill(-1);
  const apOff: number[] = [], apCell: number[] = [], apW: number[] = [];
  if (scenario.levers.apReform) {
    for (let c = 0; c < C; c++) {
      if (!apSet.has(cellSetting[c])) continue;
      const list: Array<[number, number]> = [];
      for (const [b2, share] of bandMix(cellLa[c], MAINSTREAM, cellNeed[c])) {
        const d = index.get(keyOf(cellLa[c], MAINSTREAM, b2, cellNeed[c], cellAge[c]));
        if (d >= 0) list.push([d, share]);
      }
      if (!list.length) continue;
      const t = list.reduce((x, [, w]) => x + w, 0);
      apGroup[c] = apOff.length;
      apOff.push(apCell.length);
      for (const [d, w] of list) {
        apCell.push(d);
        apW.push(w / t);
      }
    }
  }
  apOff.push(apCell.length);

  // Capacity levers.
  const capacity = capLevers.map((lever) => {
    const src: number[] = [], srcSetting: number[] = [], off: number[] = [], cell: number[] = [], w: number[] = [];
    for (let c = 0; c < C; c++) {
      const a = cellAge[c];
      if (!lever.sources.has(cellSetting[c]) || a < lever.ages[0] || a > lever.ages[1]) continue;
      src.push(c);
      srcSetting.push(cellSetting[c]);
      off.push(cell.length);
      for (const [b2, share] of bandMix(cellLa[c], lever.to, cellNeed[c])) {
        cell.push(cellOf(cellLa[c], lever.to, b2, cellNeed[c], a));
        w.push(share);
      }
    }
    off.push(cell.length);
    return { src: Int32Array.from(src), srcSetting: Int32Array.from(srcSetting), offsets: Int32Array.from(off), cell: Int32Array.from(cell), weight: Float64Array.from(w) };
  });

  const ageGroup = Int32Array.from({ length: AGES }, (_, a) => DSG_AGE_GROUPS.findIndex((g) => a >= g.minAge && a <= g.maxAge));
  const tp = inputs.rulebook.transitionalProtection;
  return {
    censusYear, years, offset, steps, las, bandIds: prices.bandIds,
    settingSector: Int32Array.from(SETTING_CODES, (s) => SECTOR_CODES.indexOf(sectorOfSetting(s))),
    cellCount: C, cellLa, cellSetting, cellBand, cellNeed, cellAge, cellNext, base, current, tariffPriced, atCost,
    issRows, issCellsWithoutRows: Int32Array.from(issCellsWithoutRows), issDonor: Int32Array.from(issDonor), issDonorRows,
    leaverRateByAge: Float64Array.from(rates.leavers.rateByAge), laLeaverFactor, laJoinerFactor,
    netOtherChange: rates.netOtherChange.rate,
    joiners: { offsets: jOff, cell: Int32Array.from(jCell), weight: Float64Array.from(jW) },
    moveOut, cellGroup, cellMoveKey, cellLeaverKey,
    movers: { offsets: Int32Array.from(mOff), cell: Int32Array.from(mDst), weight: Float64Array.from(mW) },
    moverGroups: groupIndex.size,
    apGroup, apDivert: { offsets: Int32Array.from(apOff), cell: Int32Array.from(apCell), weight: Float64Array.from(apW) },
    capacity, ageGroup, notes,
    rulebookProtection: tp ? { cap: tp.cap, floor: tp.floor } : null,
  };
}
