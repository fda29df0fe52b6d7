/**
 * Demand rates for the cohort projection, estimated from DfE's published flows (DESIGN §3): joiners by census age
 * relative to the caseload, leavers by census age, joiners' settings by age, moves between settings (mostly at 11
 * and 16) from age × placement profiles, and the calibrated net other change. The estimators are pure and take plain
 * arrays, so the build script (cli/build-rates.ts) and the back-test share them; the result is a committed file.
 */
import { MAX_AGE } from '../vocab/phases';
import { SETTING_CODES, type SettingCode } from '../vocab/settings';

export const RATES_SCHEMA_VERSION = 1;
/** Ages 0–25: one slot per age at the January census. */
export const AGES = MAX_AGE + 1;

export interface SourcedNumber {
  value: number;
  source: string;
}

/**
 * Moves between settings on the way from age atAge − 1 to atAge, as net flows: a share of each sending setting's
 * stayers moves (`out`), and all movers of that age are shared among the receiving settings (`to`, shares sum to 1).
 * A placement moving from s to s' is out[s] × to[s'] of s's stayers.
 */
export interface MoverAge {
  atAge: number;
  out: Partial<Record<SettingCode, number>>;
  to: Partial<Record<SettingCode, number>>;
}

/** The rates file (scenarios/derived/flows-YYYY.json). */
export interface FlowRates {
  schemaVersion: number;
  id: string;
  description: string;
  attribution: string;
  /** Calendar year of the flows; the stock they are relative to is January of that year. */
  flowYear: number;
  /** Share of events (plan starts or ceasings) at age x counted at census age x; the rest at the neighbouring age. */
  sameAgeShare: SourcedNumber;
  joiners: {
    /** Joiners arriving at each census age (0–25) per plan in the whole caseload at the previous census. */
    rateByAge: number[];
    source: string;
  };
  leavers: {
    /** Share of the plans at each census age (0–25) that cease before the next census; 1 at age 25. */
    rateByAge: number[];
    source: string;
  };
  /** Per-LA factors on the national rates (LA rate ÷ national rate); an LA not listed uses 1. */
  laFactors: { joiners: Record<string, number>; leavers: Record<string, number>; source: string };
  /** Joiners' settings by census age: settings[k] gets share byAge[age][k]. */
  joinerSettingMix: { settings: SettingCode[]; byAge: number[][]; source: string };
  movers: { method: 'cohort' | 'pseudo-cohort'; byAge: MoverAge[]; source: string };
  /** Net change not explained by joiners and leavers, as a share of the stock after flows (DESIGN §3). */
  netOtherChange: { rate: number; byLa: Record<string, number>; source: string };
}

export interface RatesIssue {
  file: string;
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a parsed rates file.
 * @example loadRates(JSON.parse(text), {file: 'flows-2024.json'}).rates?.joiners.rateByAge.length // 26
 */
export function loadRates(json: unknown, options: { file: string }): { rates: FlowRates | null; issues: RatesIssue[] } {
  const issues: RatesIssue[] = [];
  const err = (path: string, message: string) => issues.push({ file: options.file, path, message });
  if (!isObject(json)) return { rates: null, issues: [{ file: options.file, path: '(root)', message: 'a rates file must be a JSON object.' }] };
  if (json.schemaVersion !== RATES_SCHEMA_VERSION) err('schemaVersion', `must be ${RATES_SCHEMA_VERSION}.`);
  const ages = (v: unknown, path: string, max: number) => {
    if (!Array.isArray(v) || v.length !== AGES || !v.every((x) => finite(x) && x >= 0 && x <= max)) err(path, `must list ${AGES} numbers from 0 to ${max}, one per age 0–25.`);
  };
  const j = isObject(json.joiners) ? json.joiners : (err('joiners', 'missing.'), {});
  ages(j.rateByAge, 'joiners.rateByAge', 10);
  const l = isObject(json.leavers) ? json.leavers : (err('leavers', 'missing.'), {});
  ages(l.rateByAge, 'leavers.rateByAge', 1);
  if (!isObject(json.sameAgeShare) || !finite(json.sameAgeShare.value)) err('sameAgeShare', 'must be {value, source}.');
  const f = isObject(json.laFactors) ? json.laFactors : (err('laFactors', 'missing.'), {});
  for (const k of ['joiners', 'leavers']) if (!isObject(f[k]) || !Object.values(f[k] as object).every((x) => finite(x) && x >= 0)) err(`laFactors.${k}`, 'must map LA codes to factors ≥ 0.');
  const m = isObject(json.joinerSettingMix) ? json.joinerSettingMix : (err('joinerSettingMix', 'missing.'), {});
  const settings = Array.isArray(m.settings) ? (m.settings as unknown[]) : [];
  if (!settings.length || !settings.every((s) => typeof s === 'string' && (SETTING_CODES as readonly string[]).includes(s))) err('joinerSettingMix.settings', 'must list setting codes.');
  if (!Array.isArray(m.byAge) || m.byAge.length !== AGES || !m.byAge.every((row) => Array.isArray(row) && row.length === settings.length && row.every((x) => finite(x) && x >= 0))) err('joinerSettingMix.byAge', `must hold ${AGES} rows of ${settings.length} shares.`);
  const mv = isObject(json.movers) ? json.movers : (err('movers', 'missing.'), {});
  const isSetting = (k: string) => (SETTING_CODES as readonly string[]).includes(k);
  if (!Array.isArray(mv.byAge)) err('movers.byAge', 'must be a list.');
  else
    mv.byAge.forEach((r, i) => {
      const p = `movers.byAge[${i}]`;
      if (!isObject(r) || !finite(r.atAge) || r.atAge < 1 || r.atAge > MAX_AGE || !isObject(r.out) || !isObject(r.to)) return err(p, 'must be {atAge 1–25, out: {setting: share of stayers}, to: {setting: share of movers}}.');
      for (const [k, v] of Object.entries(r.out)) if (!isSetting(k) || !finite(v) || v < 0 || v > 1) err(`${p}.out.${k}`, 'must be a setting with a share from 0 to 1.');
      let sum = 0;
      for (const [k, v] of Object.entries(r.to)) {
        if (!isSetting(k) || !finite(v) || v < 0) err(`${p}.to.${k}`, 'must be a setting with a share ≥ 0.');
        else sum += v;
        if (Object.prototype.hasOwnProperty.call(r.out, k)) err(`${p}.to.${k}`, 'a setting cannot both send and receive movers at one age (net flows).');
      }
      if (Object.keys(r.to).length && Math.abs(sum - 1) > 1e-4) err(`${p}.to`, `shares must add up to 1, not ${sum}.`);
    });
  const n = isObject(json.netOtherChange) ? json.netOtherChange : (err('netOtherChange', 'missing.'), {});
  if (!finite(n.rate)) err('netOtherChange.rate', 'must be a number.');
  if (!isObject(n.byLa)) err('netOtherChange.byLa', 'must map LA codes to rates.');
  for (const k of ['id', 'description', 'attribution']) if (typeof json[k] !== 'string') err(k, 'must be text.');
  if (!finite(json.flowYear)) err('flowYear', 'must be a year.');
  return { rates: issues.length ? null : (json as unknown as FlowRates), issues };
}

/** A count for a band of ages as DfE publishes it ("age 2 and under", "age 14", "age 20 and over"). */
export interface AgeBandCount {
  min: number;
  max: number;
  count: number;
}

/**
 * Spreads counts by age band over single ages in proportion to `weights` (the stock's age profile); a band whose
 * ages all have weight 0 is spread evenly.
 * @example spreadBands([{min: 20, max: 21, count: 30}], [..., w20 = 1, w21 = 2, ...])[21] // 20
 */
export function spreadBands(bands: readonly AgeBandCount[], weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(AGES);
  for (const b of bands) {
    let w = 0;
    for (let a = b.min; a <= b.max; a++) w += weights[a] ?? 0;
    for (let a = b.min; a <= b.max; a++) out[a] += w > 0 ? (b.count * (weights[a] ?? 0)) / w : b.count / (b.max - b.min + 1);
  }
  return out;
}

/**
 * Plans started at age s during a calendar year are aged s (share `same`) or s + 1 at the next January census: a
 * birthday falls between the start and the census about half the time when birthdays are spread evenly.
 * @example startsToCensusAges(starts with 100 at age 10, 0.5) // 50 at age 10, 50 at age 11
 */
export function startsToCensusAges(startsByAge: ArrayLike<number>, same: number): Float64Array {
  const out = new Float64Array(AGES);
  for (let s = 0; s < AGES; s++) {
    const c = startsByAge[s] ?? 0;
    out[s] += c * same;
    out[Math.min(s + 1, MAX_AGE)] += c * (1 - same);
  }
  return out;
}

/**
 * Plans ceasing at age c during a calendar year were aged c (share `same`: the birthday had not yet come) or c − 1
 * at the January census before.
 * @example ceasesToCensusAges(ceases with 100 at age 19, 0.5) // 50 at age 19, 50 at age 18
 */
export function ceasesToCensusAges(ceasesByAge: ArrayLike<number>, same: number): Float64Array {
  const out = new Float64Array(AGES);
  for (let c = 0; c < AGES; c++) {
    const n = ceasesByAge[c] ?? 0;
    out[c] += n * same;
    out[Math.max(c - 1, 0)] += n * (1 - same);
  }
  return out;
}

/** What the national estimation needs: one calendar year's flows and the stock around them. */
export interface NationalFlowInput {
  /** Stock at January of the flow year by census age (0–25). */
  stockByAge: ArrayLike<number>;
  /** Stock at January of the flow year in total (may differ slightly from Σ stockByAge where DfE suppresses cells). */
  stockTotal: number;
  /** Stock at January of the next year in total. */
  nextStockTotal: number;
  /** New plans in the year by age band at start, each with its split by setting (counts per SETTINGS order entry). */
  started: Array<AgeBandCount & { bySetting: Partial<Record<SettingCode, number>> }>;
  /** Plans ceased in the year by age band at ceasing; ceasedUnknownAge are spread like the known ones. */
  ceased: AgeBandCount[];
  ceasedUnknownAge: number;
  /** Totals for the year (used for the net other change; Σ bands may fall short of them where DfE suppresses). */
  startedTotal: number;
  ceasedTotal: number;
}

export interface NationalRates {
  joinerRateByAge: Float64Array;
  leaverRateByAge: Float64Array;
  joinerSettingMix: { settings: SettingCode[]; byAge: Float64Array[] };
  /** Joiners at each census age by setting (counts), for the mover estimate. */
  joinersByAgeSetting: Float64Array[];
  netOtherRate: number;
  /** Σ leaver rate × stock: the leavers the model removes in the flow year (= ceased total unless rates were capped). */
  modelLeavers: number;
  modelJoiners: number;
}

/**
 * Estimates national joiner and leaver rates by census age, joiners' settings and the net other change from one
 * calendar year's flows (DESIGN §3). Events at age x are shared between census ages with `sameAge`; ceased plans in
 * the "20 and over" band first take every plan aged 25 (all leave after 25), the rest spread over census ages 19–24
 * by the stock (age 19 at half weight: only ceasings at 20 reach back to it).
 * @example const r = estimateNationalRates(input, {sameAge: 0.5, settings}); r.leaverRateByAge[25] // 1
 */
export function estimateNationalRates(input: NationalFlowInput, options: { sameAge: number; settings: readonly SettingCode[] }): NationalRates {
  const { sameAge, settings } = options;
  const stock = Float64Array.from({ length: AGES }, (_, a) => input.stockByAge[a] ?? 0);
  // Joiners: spread bands over single start ages by the stock profile, then shift to census ages.
  const joinersByAgeSetting = Array.from({ length: AGES }, () => new Float64Array(settings.length));
  const joinersByAge = new Float64Array(AGES);
  settings.forEach((s, k) => {
    const bands = input.started.map((b) => ({ min: b.min, max: b.max, count: b.bySetting[s] ?? 0 }));
    const census = startsToCensusAges(spreadBands(bands, stock), sameAge);
    for (let a = 0; a < AGES; a++) joinersByAgeSetting[a][k] = census[a];
  });
  // Scale so joiners sum to the published total (settings may not cover every plan where DfE suppresses a column).
  let sumJ = 0;
  for (let a = 0; a < AGES; a++) for (let k = 0; k < settings.length; k++) sumJ += joinersByAgeSetting[a][k];
  const scaleJ = sumJ > 0 ? input.startedTotal / sumJ : 0;
  const byAgeMix: Float64Array[] = [];
  for (let a = 0; a < AGES; a++) {
    let t = 0;
    for (let k = 0; k < settings.length; k++) {
      joinersByAgeSetting[a][k] *= scaleJ;
      t += joinersByAgeSetting[a][k];
    }
    joinersByAge[a] = t;
    byAgeMix.push(Float64Array.from(joinersByAgeSetting[a], (x) => (t > 0 ? x / t : 0)));
  }
  // Where no joiner arrives at an age, borrow the nearest age's mix so the table is complete.
  for (let a = 0; a < AGES; a++) {
    if (joinersByAge[a] > 0) continue;
    for (let d = 1; d < AGES; d++) {
      const near = [a - d, a + d].find((b) => b >= 0 && b < AGES && joinersByAge[b] > 0);
      if (near !== undefined) {
        byAgeMix[a] = Float64Array.from(byAgeMix[near]);
        break;
      }
    }
  }
  const joinerRateByAge = Float64Array.from(joinersByAge, (j) => (input.stockTotal > 0 ? j / input.stockTotal : 0));

  // Leavers.
  let known = 0;
  for (const b of input.ceased) known += b.count;
  const unknownScale = known > 0 ? (known + input.ceasedUnknownAge) / known : 1;
  const leavers = new Float64Array(AGES);
  const single: AgeBandCount[] = [];
  for (const b of input.ceased) {
    const count = b.count * unknownScale;
    if (b.max === AGES - 1 && b.min < b.max) {
      // "20 and over": all plans aged 25 leave; the rest are spread over ages 19–24.
      const at25 = Math.min(count, stock[AGES - 1]);
      leavers[AGES - 1] += at25;
      const rest = count - at25;
      const w = new Float64Array(AGES);
      for (let a = b.min - 1; a < AGES - 1; a++) w[a] = stock[a] * (a === b.min - 1 ? 1 - sameAge : 1);
      const spread = spreadBands([{ min: b.min - 1, max: AGES - 2, count: rest }], w);
      for (let a = 0; a < AGES; a++) leavers[a] += spread[a];
    } else single.push({ ...b, count });
  }
  const ceaseCensus = ceasesToCensusAges(spreadBands(single, stock), sameAge);
  for (let a = 0; a < AGES; a++) leavers[a] += ceaseCensus[a];
  const leaverRateByAge = new Float64Array(AGES);
  let modelLeavers = 0;
  for (let a = 0; a < AGES; a++) {
    leaverRateByAge[a] = a === AGES - 1 ? 1 : stock[a] > 0 ? Math.min(1, leavers[a] / stock[a]) : 0;
    modelLeavers += leaverRateByAge[a] * stock[a];
  }
  // Stock is by census age; DfE's age rows can fall short of the total where cells are suppressed: scale.
  let stockSum = 0;
  for (let a = 0; a < AGES; a++) stockSum += stock[a];
  modelLeavers *= stockSum > 0 ? input.stockTotal / stockSum : 1;
  let modelJoiners = 0;
  for (let a = 0; a < AGES; a++) modelJoiners += joinerRateByAge[a] * input.stockTotal;
  const netOtherRate = input.nextStockTotal / (input.stockTotal - modelLeavers + modelJoiners) - 1;
  return { joinerRateByAge, leaverRateByAge, joinerSettingMix: { settings: [...settings], byAge: byAgeMix }, joinersByAgeSetting, netOtherRate, modelLeavers, modelJoiners };
}

/**
 * An LA's factor on a national rate: (LA flow ÷ LA stock) ÷ (national flow ÷ national stock); null when either is
 * not published or the stock is zero.
 * @example laFactor(1200, 10000, 97747, 576474) // 0.7077…
 */
export function laFactor(laFlow: number | null, laStock: number | null, nationalFlow: number, nationalStock: number): number | null {
  if (laFlow === null || laStock === null || !(laStock > 0) || !(nationalFlow > 0) || !(nationalStock > 0)) return null;
  return laFlow / laStock / (nationalFlow / nationalStock);
}

/**
 * Moves between settings from age × setting profiles (DESIGN §3 "some move setting, mostly at ages 11 and 16").
 * For each age a → a + 1: the placements that stay on (1 − leaver rate) plus the joiners give the profile with no
 * moves; scaled to the observed total at a + 1, the settings that come out short sent placements to those that
 * come out long (net flows only: the fewest moves that explain the change). The senders lose out[s] of their
 * stayers; the movers are shared among the receivers in proportion to what each gained. `from` is the profile at
 * the first census; `to` is the next census (method "cohort": Jan 2024 → Jan 2025) or the same census one age up
 * (method "pseudo-cohort", when only one census may be used, as in the back-test). Settings in `exclude` (placement
 * not recorded: a recording gap, not a move) neither send nor receive.
 * @example estimateMovers({from, to, joiners, leaverRateByAge, settings, exclude: ['unknown']}).find((m) => m.atAge === 11)
 */
export function estimateMovers(input: {
  from: ArrayLike<number>[];
  to: ArrayLike<number>[];
  joiners: ArrayLike<number>[];
  leaverRateByAge: ArrayLike<number>;
  settings: readonly SettingCode[];
  exclude?: readonly SettingCode[];
}): MoverAge[] {
  const S = input.settings.length;
  const excluded = input.settings.map((s) => (input.exclude ?? []).includes(s));
  const out: MoverAge[] = [];
  for (let a = 0; a < AGES - 1; a++) {
    const stay = new Float64Array(S);
    const expected = new Float64Array(S);
    const target = new Float64Array(S);
    let eSum = 0, tSum = 0;
    for (let k = 0; k < S; k++) {
      if (excluded[k]) continue;
      stay[k] = (input.from[a][k] ?? 0) * (1 - (input.leaverRateByAge[a] ?? 0));
      expected[k] = stay[k] + (input.joiners[a + 1][k] ?? 0);
      target[k] = input.to[a + 1][k] ?? 0;
      eSum += expected[k];
      tSum += target[k];
    }
    if (!(eSum > 0) || !(tSum > 0)) continue;
    const scale = tSum / eSum;
    const d = new Float64Array(S);
    let sent = 0, received = 0;
    for (let k = 0; k < S; k++) {
      if (excluded[k]) continue;
      d[k] = target[k] - expected[k] * scale;
      if (d[k] < 0) sent -= d[k];
      else received += d[k];
    }
    const moved = Math.min(sent, received);
    if (!(moved > 0)) continue;
    const age: MoverAge = { atAge: a + 1, out: {}, to: {} };
    for (let k = 0; k < S; k++) {
      // Out of k, in the observed scale, as a share of k's stayers (also in that scale).
      if (d[k] < 0 && stay[k] > 0) age.out[input.settings[k]] = Math.min(1, (moved * (-d[k] / sent)) / (stay[k] * scale));
      else if (d[k] > 0) age.to[input.settings[k]] = d[k] / received;
    }
    out.push(age);
  }
  return out;
}

/**
 * Rounds to `digits` significant figures, so a committed file is compact and the same on every rebuild.
 * @example significant(0.0123456789, 6) // 0.0123457
 */
export function significant(x: number, digits = 6): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}
