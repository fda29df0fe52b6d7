/**
 * The scenario format (DESIGN §2 "Scenario"): data and rulebook references, base census, horizon, demand assumptions,
 * policy levers, funding and uncertainty, with a schemaVersion. A scenario is stored either whole or as a diff over a
 * baseline (PolicyEngine's Reform.from_dict): every override is validated before any is applied, and any saved
 * scenario can be a baseline. Validation never throws: it returns issues with their JSON paths.
 */
import { checkQuantity, type Quantity } from '../uncertainty/distributions';
import { SETTING_CODES, type SettingCode } from '../vocab/settings';
import { NEED_CODES, type NeedCode } from '../vocab/needs';
import { S251_LINES } from '../vocab/s251';
import { fyLabel, fyStartYear, isDate } from './calendar';

export const SCENARIO_SCHEMA_VERSION = 1;

/** Where placement data comes from: a named shipped dataset, a placement file, or a generated synthetic table. */
export interface DataRef {
  dataset?: string;
  file?: string;
  synthetic?: { rows: number; seed: number; las?: string[] };
}

/** A dated rate, e.g. an annual uplift in force from a financial year on. */
export interface DatedRate {
  /** The first financial year the rate applies to, e.g. "2027-28". */
  from: string;
  rate: Quantity;
  source: string;
}

export interface GrowthOverride {
  /** Which cells: a primary need, a setting, or both (at least one). */
  need?: NeedCode;
  setting?: SettingCode;
  /** Extra net change a year on top of the modelled flows (0.02 = +2% a year). */
  rate: Quantity;
  /** First financial year it applies to; default the first year of the horizon. */
  from?: string;
  source: string;
}

export interface Demand {
  /** Scales every joiner rate (1 = as estimated from DfE new plans). */
  joiners: { multiplier: Quantity; source: string };
  /** Scales every leaver rate below age 25 (everyone leaves after 25 regardless). */
  leavers: { multiplier: Quantity; source: string };
  /** Scales every move between settings. */
  movers: { multiplier: Quantity; source: string };
  /** Net other change a year as a share of the stock after flows; null = the calibrated value in the rates file. */
  netOtherChange: { rate: Quantity | null; source: string };
  growthOverrides: GrowthOverride[];
}

export interface Costs {
  /** The financial year in whose prices annual_cost is written (index 1), normally the first year of the horizon. */
  baseYear: string;
  /** Annual uplift of current costs, each rate in force from a financial year until the next. */
  uplift: DatedRate[];
  /** Uplifts for particular settings instead of the general one (e.g. ISS fees rising faster than state top-ups). */
  settingUplift: Partial<Record<SettingCode, DatedRate[]>>;
}

export type AdoptionMode = 'none' | 'all' | 'new' | 'phased';

export interface TariffLever {
  /** none: today's costs; all: every placement on tariff from the date; new: joiners and movers from the date; phased: over `years`. */
  adoption: AdoptionMode;
  /** Adoption date (YYYY-MM-DD); it takes effect from the financial year containing it. */
  from: string;
  /** Years to phase in over (phased only). */
  years?: number;
  /** Multiplies every tariff price (1 = the rulebook's prices), e.g. for budget-neutral scaling or a goal seek. */
  scale: Quantity;
  /** Transitional protection on each placement's year-on-year change: the rulebook's, none, or a cap and floor. */
  protection: 'rulebook' | 'none' | { cap: number | null; floor: number | null };
}

export interface CapacityLever {
  label?: string;
  /** The setting new places open in (e.g. special_academy for special free schools). */
  to: SettingCode;
  /** First financial year places open in. */
  from: string;
  /** New places filled each year, drawn from the source settings. */
  placesPerYear: Quantity;
  /** How many years places keep opening (default: to the end of the horizon). */
  years?: number;
  /** Source settings and the share of the places each supplies (shares sum to 1). */
  sources: Partial<Record<SettingCode, number>>;
  /** Ages that can move (inclusive), default 5–15. */
  ages?: [number, number];
  source: string;
}

export interface ApReformLever {
  /** First financial year the reform applies to. */
  from: string;
  /** Share of new AP placements served instead by targeted support in mainstream (tier 1). */
  tier1Share: Quantity;
  /** Share of new AP placements that become time-limited intensive placements (tier 2). */
  tier2Share: Quantity;
  /** Months a year a tier 2 placement spends in AP (the rest in mainstream). */
  tier2Months: number;
  source: string;
}

export interface IssFeeCapLever {
  from: string;
  /** Fees are capped at the band price × (1 + premium): 0.1 = band price + 10%. */
  premium: Quantity;
  source: string;
}

export interface Levers {
  tariff: TariffLever;
  capacity: CapacityLever[];
  apReform: ApReformLever | null;
  issFeeCap: IssFeeCapLever | null;
}

export interface SourcedAmount {
  value: number;
  source: string;
}

export interface Funding {
  /** High-needs allocation per financial year for the scenario's scope; later years grow by `growth`. */
  allocation: {
    amounts: Record<string, SourcedAmount>;
    growth: Quantity;
    growthSource: string;
    /** Per-LA allocations from a user table (LA code → FY → £); replaces `amounts` for the LAs in the data. */
    byLa?: Record<string, Record<string, number>>;
  };
  /** Non-placement spend by S251 line (1.2.4–1.2.13) in the base year's prices, uprated each year. */
  nonPlacement: {
    lines: Record<string, SourcedAmount>;
    uplift: Quantity;
    upliftSource: string;
    byLa?: Record<string, Record<string, number>>;
  };
  /** DSG balance carried in (negative = cumulative deficit) at the end of the year before the first. */
  openingBalance: { amount: number; asAt: string; source: string; byLa?: Record<string, number> };
  /** February 2026: a grant writing off a share of deficits accrued to a date, paid in a later year. */
  writeOff: { enabled: boolean; share: Quantity; accruedTo: string; paidIn: string; source: string };
  /** The last financial year of the statutory override (deficits held off councils' books). */
  overrideEnds: string;
}

export interface Uncertainty {
  seed: number;
  draws: number;
}

/** A whole scenario, every field present. */
export interface Scenario {
  schemaVersion: number;
  name: string;
  description: string;
  data: DataRef;
  /** Path of the tariff rulebook, relative to the scenario file. */
  rulebook: string;
  /** Path of the derived rates file, relative to the scenario file. */
  rates: string;
  base: { census: string };
  horizon: { firstYear: string; years: number };
  demand: Demand;
  costs: Costs;
  levers: Levers;
  funding: Funding;
  uncertainty: Uncertainty;
}

/** A scenario stored as a diff: a baseline reference and overrides by dotted path ("levers.tariff.adoption"). */
export interface ScenarioDiff {
  schemaVersion: number;
  name: string;
  description?: string;
  /** Path of the baseline scenario, relative to this file. */
  baseline: string;
  overrides: Record<string, unknown>;
}

export interface ScenarioIssue {
  severity: 'error' | 'warning';
  file: string;
  /** Where in the scenario, e.g. "levers.tariff.years" or "overrides[\"demand.joiners.multiplier\"]". */
  path: string;
  message: string;
}

/** @example formatScenarioIssue({file: 's.json', path: 'horizon.years', message: 'must be 1–10'}) // 's.json: horizon.years: must be 1–10' */
export function formatScenarioIssue(i: ScenarioIssue): string {
  return `${i.file}: ${i.path}: ${i.message}`;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: Json): v is number => typeof v === 'number' && Number.isFinite(v);
const isFy = (v: Json): v is string => {
  if (typeof v !== 'string') return false;
  try {
    fyStartYear(v);
    return true;
  } catch {
    return false;
  }
};
const NON_PLACEMENT_LINES = S251_LINES.filter((l) => l.kind === 'non_placement').map((l) => l.code as string);

/** The longest horizon a scenario may have (DESIGN §1: 5–10 financial years). */
export const MAX_HORIZON_YEARS = 10;

/**
 * Checks a whole scenario and returns it typed, or null with the errors. Unknown fields are errors (a misspelt
 * lever must not be silently ignored).
 * @example validateScenario(JSON.parse(text), {file: 'england-baseline.scenario.json'}).issues // []
 */
export function validateScenario(json: Json, options: { file: string }): { scenario: Scenario | null; issues: ScenarioIssue[] } {
  const issues: ScenarioIssue[] = [];
  const file = options.file;
  const err = (path: string, message: string) => issues.push({ severity: 'error', file, path, message });
  const warn = (path: string, message: string) => issues.push({ severity: 'warning', file, path, message });
  if (!isObject(json)) {
    err('(root)', 'a scenario must be a JSON object.');
    return { scenario: null, issues };
  }
  const known = (obj: Record<string, Json>, path: string, keys: string[]) => {
    for (const k of Object.keys(obj)) if (!keys.includes(k)) err(path ? `${path}.${k}` : k, `is not a field here (known fields: ${keys.join(', ')}).`);
  };
  const obj = (v: Json, path: string): Record<string, Json> => {
    if (isObject(v)) return v;
    err(path, `must be an object, not ${JSON.stringify(v)}.`);
    return {};
  };
  const text = (v: Json, path: string, optional = false): string => {
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (!(optional && v === undefined)) err(path, `must be a non-empty text, not ${JSON.stringify(v)}.`);
    return '';
  };
  const source = (v: Json, path: string): string => {
    if (typeof v === 'string' && v.trim() !== '') return v;
    err(path, 'every assumption needs a source: say where the figure comes from.');
    return '';
  };
  const quantity = (v: Json, path: string, range?: [number, number]): Quantity => {
    const why = checkQuantity(v);
    if (why) {
      err(path, `${why}.`);
      return NaN;
    }
    if (range && finite(v) && (v < range[0] || v > range[1])) err(path, `must be between ${range[0]} and ${range[1]}, not ${v}.`);
    return v as Quantity;
  };
  const fy = (v: Json, path: string): string => {
    if (isFy(v)) return v;
    err(path, `must be a financial year written like "2026-27", not ${JSON.stringify(v)}.`);
    return '';
  };
  const whole = (v: Json, path: string, min: number, max: number): number => {
    if (finite(v) && Number.isInteger(v) && v >= min && v <= max) return v;
    err(path, `must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}.`);
    return min;
  };
  const setting = (v: Json, path: string): SettingCode => {
    if (typeof v === 'string' && (SETTING_CODES as readonly string[]).includes(v)) return v as SettingCode;
    err(path, `must be a setting code (${SETTING_CODES.join(', ')}), not ${JSON.stringify(v)}.`);
    return 'unknown';
  };
  const datedRates = (v: Json, path: string): DatedRate[] => {
    if (!Array.isArray(v)) {
      err(path, 'must be a list of {from, rate, source}.');
      return [];
    }
    const out: DatedRate[] = [];
    let last = -Infinity;
    v.forEach((r, i) => {
      const p = `${path}[${i}]`;
      const o = obj(r, p);
      known(o, p, ['from', 'rate', 'source']);
      const from = fy(o.from, `${p}.from`);
      if (from && fyStartYear(from) <= last) err(`${p}.from`, 'rates must be listed in order of their first year, each year once.');
      if (from) last = fyStartYear(from);
      out.push({ from, rate: quantity(o.rate, `${p}.rate`, [-0.5, 1]), source: source(o.source, `${p}.source`) });
    });
    return out;
  };
  const laTable = (v: Json, path: string, inner: (x: Json, p: string) => void) => {
    const o = obj(v, path);
    for (const [la, x] of Object.entries(o)) {
      if (!/^\d{3}$/.test(la)) err(`${path}.${la}`, `"${la}" is not a 3-digit DfE LA code.`);
      inner(x, `${path}.${la}`);
    }
  };

  const doc = json;
  known(doc, '', ['schemaVersion', 'name', 'description', 'data', 'rulebook', 'rates', 'base', 'horizon', 'demand', 'costs', 'levers', 'funding', 'uncertainty']);
  if (doc.schemaVersion !== SCENARIO_SCHEMA_VERSION) {
    err('schemaVersion', finite(doc.schemaVersion) && doc.schemaVersion > SCENARIO_SCHEMA_VERSION ? `this scenario was written by a newer version of the app (schema ${doc.schemaVersion}; this app reads ${SCENARIO_SCHEMA_VERSION}).` : `must be ${SCENARIO_SCHEMA_VERSION}, not ${JSON.stringify(doc.schemaVersion)}.`);
  }
  const name = text(doc.name, 'name');
  const description = typeof doc.description === 'string' ? doc.description : (doc.description !== undefined && err('description', 'must be text.'), '');

  // Data.
  const d = obj(doc.data, 'data');
  known(d, 'data', ['dataset', 'file', 'synthetic']);
  const data: DataRef = {};
  const given = ['dataset', 'file', 'synthetic'].filter((k) => d[k] !== undefined);
  if (given.length !== 1) err('data', 'give exactly one of dataset (a shipped dataset such as "england-2025"), file (a placement file) or synthetic.');
  if (d.dataset !== undefined) data.dataset = text(d.dataset, 'data.dataset');
  if (d.file !== undefined) data.file = text(d.file, 'data.file');
  if (d.synthetic !== undefined) {
    const s = obj(d.synthetic, 'data.synthetic');
    known(s, 'data.synthetic', ['rows', 'seed', 'las']);
    data.synthetic = { rows: whole(s.rows, 'data.synthetic.rows', 1, 5_000_000), seed: whole(s.seed, 'data.synthetic.seed', 0, 2 ** 31) };
    if (s.las !== undefined) {
      if (!Array.isArray(s.las) || !s.las.every((x) => typeof x === 'string' && /^\d{3}$/.test(x))) err('data.synthetic.las', 'must be a list of 3-digit DfE LA codes.');
      else data.synthetic.las = s.las as string[];
    }
  }
  const rulebook = text(doc.rulebook, 'rulebook');
  const rates = text(doc.rates, 'rates');

  // Base and horizon.
  const b = obj(doc.base, 'base');
  known(b, 'base', ['census']);
  const census = typeof b.census === 'string' && /^\d{4}-01$/.test(b.census) ? b.census : (err('base.census', `must be a January census written like "2025-01", not ${JSON.stringify(b.census)}.`), '2025-01');
  const h = obj(doc.horizon, 'horizon');
  known(h, 'horizon', ['firstYear', 'years']);
  const firstYear = fy(h.firstYear, 'horizon.firstYear');
  const years = whole(h.years, 'horizon.years', 1, MAX_HORIZON_YEARS);
  const baseFy = fyLabel(Number(census.slice(0, 4)));
  if (firstYear && fyStartYear(firstYear) < fyStartYear(baseFy)) err('horizon.firstYear', `must be ${baseFy} or later: a census of January ${census.slice(0, 4)} starts the projection in ${baseFy}.`);
  if (firstYear && fyStartYear(firstYear) - fyStartYear(baseFy) + years > MAX_HORIZON_YEARS + 5) err('horizon', 'the horizon ends too far beyond the base census.');

  // Demand.
  const dm = obj(doc.demand, 'demand');
  known(dm, 'demand', ['joiners', 'leavers', 'movers', 'netOtherChange', 'growthOverrides']);
  const multiplier = (k: 'joiners' | 'leavers' | 'movers') => {
    const o = obj(dm[k], `demand.${k}`);
    known(o, `demand.${k}`, ['multiplier', 'source']);
    return { multiplier: quantity(o.multiplier, `demand.${k}.multiplier`, [0, 10]), source: source(o.source, `demand.${k}.source`) };
  };
  const noc = obj(dm.netOtherChange, 'demand.netOtherChange');
  known(noc, 'demand.netOtherChange', ['rate', 'source']);
  const growthOverrides: GrowthOverride[] = [];
  if (!Array.isArray(dm.growthOverrides)) err('demand.growthOverrides', 'must be a list (empty for none).');
  else
    dm.growthOverrides.forEach((g, i) => {
      const p = `demand.growthOverrides[${i}]`;
      const o = obj(g, p);
      known(o, p, ['need', 'setting', 'rate', 'from', 'source']);
      const out: GrowthOverride = { rate: quantity(o.rate, `${p}.rate`, [-0.9, 2]), source: source(o.source, `${p}.source`) };
      if (o.need === undefined && o.setting === undefined) err(p, 'say which cells it applies to: a need, a setting, or both.');
      if (o.need !== undefined) {
        if (typeof o.need === 'string' && (NEED_CODES as readonly string[]).includes(o.need)) out.need = o.need as NeedCode;
        else err(`${p}.need`, `must be a primary need code (${NEED_CODES.join(', ')}), not ${JSON.stringify(o.need)}.`);
      }
      if (o.setting !== undefined) out.setting = setting(o.setting, `${p}.setting`);
      if (o.from !== undefined) out.from = fy(o.from, `${p}.from`);
      growthOverrides.push(out);
    });
  const demand: Demand = {
    joiners: multiplier('joiners'),
    leavers: multiplier('leavers'),
    movers: multiplier('movers'),
    netOtherChange: { rate: noc.rate === null ? null : quantity(noc.rate, 'demand.netOtherChange.rate', [-0.5, 0.5]), source: source(noc.source, 'demand.netOtherChange.source') },
    growthOverrides,
  };

  // Costs.
  const c = obj(doc.costs, 'costs');
  known(c, 'costs', ['baseYear', 'uplift', 'settingUplift']);
  const settingUplift: Costs['settingUplift'] = {};
  for (const [k, v] of Object.entries(obj(c.settingUplift, 'costs.settingUplift'))) {
    const s = setting(k, `costs.settingUplift.${k}`);
    settingUplift[s] = datedRates(v, `costs.settingUplift.${k}`);
  }
  const costs: Costs = { baseYear: fy(c.baseYear, 'costs.baseYear'), uplift: datedRates(c.uplift, 'costs.uplift'), settingUplift };
  if (costs.uplift.length === 0 && Array.isArray(c.uplift)) err('costs.uplift', 'needs at least one rate (0 for no uplift), with its source.');

  // Levers.
  const l = obj(doc.levers, 'levers');
  known(l, 'levers', ['tariff', 'capacity', 'apReform', 'issFeeCap']);
  const t = obj(l.tariff, 'levers.tariff');
  known(t, 'levers.tariff', ['adoption', 'from', 'years', 'scale', 'protection']);
  const adoption = (['none', 'all', 'new', 'phased'] as const).find((m) => m === t.adoption) ?? (err('levers.tariff.adoption', `must be "none", "all", "new" or "phased", not ${JSON.stringify(t.adoption)}.`), 'none');
  const from = typeof t.from === 'string' && isDate(t.from) ? t.from : (err('levers.tariff.from', `must be a date written YYYY-MM-DD, not ${JSON.stringify(t.from)}.`), '');
  let protection: TariffLever['protection'] = 'rulebook';
  if (t.protection === 'rulebook' || t.protection === 'none') protection = t.protection;
  else if (isObject(t.protection)) {
    const pr = t.protection;
    known(pr, 'levers.tariff.protection', ['cap', 'floor']);
    const cap = pr.cap === null ? null : finite(pr.cap) && pr.cap >= 0 ? pr.cap : (err('levers.tariff.protection.cap', 'must be a fraction ≥ 0 (0.05 = rises capped at 5% a year), or null.'), null);
    const floor = pr.floor === null ? null : finite(pr.floor) && pr.floor <= 0 && pr.floor > -1 ? pr.floor : (err('levers.tariff.protection.floor', 'must be a fraction between -1 and 0 (-0.03 = falls limited to 3% a year), or null.'), null);
    protection = { cap, floor };
  } else err('levers.tariff.protection', 'must be "rulebook", "none" or {cap, floor}.');
  const tariff: TariffLever = { adoption, from, scale: quantity(t.scale, 'levers.tariff.scale', [0, 10]), protection };
  if (t.years !== undefined) tariff.years = whole(t.years, 'levers.tariff.years', 1, 20);
  if (adoption === 'phased' && t.years === undefined) err('levers.tariff.years', 'phased adoption needs the number of years to phase in over.');

  const capacity: CapacityLever[] = [];
  if (!Array.isArray(l.capacity)) err('levers.capacity', 'must be a list (empty for none).');
  else
    l.capacity.forEach((x, i) => {
      const p = `levers.capacity[${i}]`;
      const o = obj(x, p);
      known(o, p, ['label', 'to', 'from', 'placesPerYear', 'years', 'sources', 'ages', 'source']);
      const to = setting(o.to, `${p}.to`);
      const sources: CapacityLever['sources'] = {};
      let sum = 0;
      for (const [k, v] of Object.entries(obj(o.sources, `${p}.sources`))) {
        const s = setting(k, `${p}.sources.${k}`);
        if (s === to) err(`${p}.sources.${k}`, 'a setting cannot supply its own new places.');
        if (!finite(v) || v < 0) err(`${p}.sources.${k}`, 'must be a share ≥ 0.');
        else {
          sources[s] = v;
          sum += v;
        }
      }
      if (Math.abs(sum - 1) > 1e-9) err(`${p}.sources`, `shares must add up to 1, not ${sum}.`);
      const lever: CapacityLever = { to, from: fy(o.from, `${p}.from`), placesPerYear: quantity(o.placesPerYear, `${p}.placesPerYear`, [0, 1e7]), sources, source: source(o.source, `${p}.source`) };
      if (o.label !== undefined) lever.label = text(o.label, `${p}.label`);
      if (o.years !== undefined) lever.years = whole(o.years, `${p}.years`, 1, 20);
      if (o.ages !== undefined) {
        if (Array.isArray(o.ages) && o.ages.length === 2 && o.ages.every((a) => finite(a) && Number.isInteger(a) && a >= 0 && a <= 25) && (o.ages[0] as number) <= (o.ages[1] as number)) lever.ages = [o.ages[0] as number, o.ages[1] as number];
        else err(`${p}.ages`, 'must be [youngest, oldest], whole ages 0–25.');
      }
      capacity.push(lever);
    });

  let apReform: ApReformLever | null = null;
  if (l.apReform !== null && l.apReform !== undefined) {
    const o = obj(l.apReform, 'levers.apReform');
    known(o, 'levers.apReform', ['from', 'tier1Share', 'tier2Share', 'tier2Months', 'source']);
    apReform = {
      from: fy(o.from, 'levers.apReform.from'),
      tier1Share: quantity(o.tier1Share, 'levers.apReform.tier1Share', [0, 1]),
      tier2Share: quantity(o.tier2Share, 'levers.apReform.tier2Share', [0, 1]),
      tier2Months: finite(o.tier2Months) && o.tier2Months >= 0 && o.tier2Months <= 12 ? o.tier2Months : (err('levers.apReform.tier2Months', 'must be a number of months from 0 to 12.'), 12),
      source: source(o.source, 'levers.apReform.source'),
    };
    if (finite(apReform.tier1Share) && finite(apReform.tier2Share) && apReform.tier1Share + apReform.tier2Share > 1) err('levers.apReform', 'tier 1 and tier 2 shares add up to more than 1.');
  } else if (l.apReform === undefined) err('levers.apReform', 'must be present: null for no reform.');
  let issFeeCap: IssFeeCapLever | null = null;
  if (l.issFeeCap !== null && l.issFeeCap !== undefined) {
    const o = obj(l.issFeeCap, 'levers.issFeeCap');
    known(o, 'levers.issFeeCap', ['from', 'premium', 'source']);
    issFeeCap = { from: fy(o.from, 'levers.issFeeCap.from'), premium: quantity(o.premium, 'levers.issFeeCap.premium', [-0.5, 10]), source: source(o.source, 'levers.issFeeCap.source') };
  } else if (l.issFeeCap === undefined) err('levers.issFeeCap', 'must be present: null for no cap.');
  const levers: Levers = { tariff, capacity, apReform, issFeeCap };

  // Funding.
  const f = obj(doc.funding, 'funding');
  known(f, 'funding', ['allocation', 'nonPlacement', 'openingBalance', 'writeOff', 'overrideEnds']);
  const sourcedAmounts = (v: Json, path: string, keyCheck: (k: string) => string | null): Record<string, SourcedAmount> => {
    const out: Record<string, SourcedAmount> = {};
    for (const [k, x] of Object.entries(obj(v, path))) {
      const why = keyCheck(k);
      if (why) err(`${path}.${k}`, why);
      const o = obj(x, `${path}.${k}`);
      known(o, `${path}.${k}`, ['value', 'source']);
      out[k] = { value: finite(o.value) ? o.value : (err(`${path}.${k}.value`, 'must be an amount in pounds.'), 0), source: source(o.source, `${path}.${k}.source`) };
    }
    return out;
  };
  const fyKey = (k: string) => (isFy(k) ? null : `"${k}" is not a financial year such as 2025-26.`);
  const a = obj(f.allocation, 'funding.allocation');
  known(a, 'funding.allocation', ['amounts', 'growth', 'growthSource', 'byLa']);
  const allocation: Funding['allocation'] = { amounts: sourcedAmounts(a.amounts, 'funding.allocation.amounts', fyKey), growth: quantity(a.growth, 'funding.allocation.growth', [-0.5, 1]), growthSource: source(a.growthSource, 'funding.allocation.growthSource') };
  if (Object.keys(allocation.amounts).length === 0 && a.byLa === undefined) err('funding.allocation.amounts', 'give the allocation for at least the first year (or a per-LA table in byLa).');
  if (a.byLa !== undefined) {
    allocation.byLa = {};
    laTable(a.byLa, 'funding.allocation.byLa', (x, p) => {
      const row: Record<string, number> = {};
      for (const [k, v] of Object.entries(obj(x, p))) {
        if (fyKey(k)) err(`${p}.${k}`, fyKey(k) as string);
        if (!finite(v)) err(`${p}.${k}`, 'must be an amount in pounds.');
        else row[k] = v;
      }
      allocation.byLa![p.slice(p.lastIndexOf('.') + 1)] = row;
    });
  }
  const np = obj(f.nonPlacement, 'funding.nonPlacement');
  known(np, 'funding.nonPlacement', ['lines', 'uplift', 'upliftSource', 'byLa']);
  const lineKey = (k: string) => (NON_PLACEMENT_LINES.includes(k) ? null : `"${k}" is not a non-placement S251 line (${NON_PLACEMENT_LINES.join(', ')}).`);
  const nonPlacement: Funding['nonPlacement'] = { lines: sourcedAmounts(np.lines, 'funding.nonPlacement.lines', lineKey), uplift: quantity(np.uplift, 'funding.nonPlacement.uplift', [-0.5, 1]), upliftSource: source(np.upliftSource, 'funding.nonPlacement.upliftSource') };
  if (np.byLa !== undefined) {
    nonPlacement.byLa = {};
    laTable(np.byLa, 'funding.nonPlacement.byLa', (x, p) => {
      const row: Record<string, number> = {};
      for (const [k, v] of Object.entries(obj(x, p))) {
        if (lineKey(k)) err(`${p}.${k}`, lineKey(k) as string);
        if (!finite(v)) err(`${p}.${k}`, 'must be an amount in pounds.');
        else row[k] = v;
      }
      nonPlacement.byLa![p.slice(p.lastIndexOf('.') + 1)] = row;
    });
  }
  const ob = obj(f.openingBalance, 'funding.openingBalance');
  known(ob, 'funding.openingBalance', ['amount', 'asAt', 'source', 'byLa']);
  const openingBalance: Funding['openingBalance'] = {
    amount: finite(ob.amount) ? ob.amount : (err('funding.openingBalance.amount', 'must be an amount in pounds (negative for a deficit).'), 0),
    asAt: typeof ob.asAt === 'string' && isDate(ob.asAt) ? ob.asAt : (err('funding.openingBalance.asAt', 'must be a date written YYYY-MM-DD.'), ''),
    source: source(ob.source, 'funding.openingBalance.source'),
  };
  if (ob.byLa !== undefined) {
    openingBalance.byLa = {};
    laTable(ob.byLa, 'funding.openingBalance.byLa', (x, p) => {
      if (!finite(x)) err(p, 'must be an amount in pounds.');
      else openingBalance.byLa![p.slice(p.lastIndexOf('.') + 1)] = x;
    });
  }
  const w = obj(f.writeOff, 'funding.writeOff');
  known(w, 'funding.writeOff', ['enabled', 'share', 'accruedTo', 'paidIn', 'source']);
  const writeOff: Funding['writeOff'] = {
    enabled: typeof w.enabled === 'boolean' ? w.enabled : (err('funding.writeOff.enabled', 'must be true or false.'), false),
    share: quantity(w.share, 'funding.writeOff.share', [0, 1]),
    accruedTo: fy(w.accruedTo, 'funding.writeOff.accruedTo'),
    paidIn: fy(w.paidIn, 'funding.writeOff.paidIn'),
    source: source(w.source, 'funding.writeOff.source'),
  };
  if (writeOff.accruedTo && writeOff.paidIn && fyStartYear(writeOff.paidIn) <= fyStartYear(writeOff.accruedTo)) err('funding.writeOff.paidIn', 'the grant is paid after the year the deficit is measured to.');
  const funding: Funding = { allocation, nonPlacement, openingBalance, writeOff, overrideEnds: fy(f.overrideEnds, 'funding.overrideEnds') };

  // Uncertainty.
  const u = obj(doc.uncertainty, 'uncertainty');
  known(u, 'uncertainty', ['seed', 'draws']);
  const uncertainty: Uncertainty = { seed: whole(u.seed, 'uncertainty.seed', 0, Number.MAX_SAFE_INTEGER), draws: whole(u.draws, 'uncertainty.draws', 0, 100_000) };

  // Years named by levers should fall inside (or before) the horizon: warn, as the lever then does nothing.
  if (firstYear && years) {
    const last = fyStartYear(firstYear) + years - 1;
    const later = (v: string, p: string) => {
      if (v && fyStartYear(v) > last) warn(p, `${v} is after the horizon ends (${fyLabel(last)}): it has no effect.`);
    };
    capacity.forEach((x, i) => later(x.from, `levers.capacity[${i}].from`));
    if (apReform) later(apReform.from, 'levers.apReform.from');
    if (issFeeCap) later(issFeeCap.from, 'levers.issFeeCap.from');
  }

  const scenario: Scenario = {
    schemaVersion: SCENARIO_SCHEMA_VERSION, name, description, data, rulebook, rates, base: { census }, horizon: { firstYear, years }, demand, costs, levers, funding, uncertainty,
  };
  return { scenario: issues.some((i) => i.severity === 'error') ? null : scenario, issues };
}

/**
 * True when parsed JSON is a diff over a baseline rather than a whole scenario.
 * @example isScenarioDiff({schemaVersion: 1, name: 'X', baseline: 'england-baseline.scenario.json', overrides: {}}) // true
 */
export function isScenarioDiff(json: Json): json is ScenarioDiff {
  return isObject(json) && typeof json.baseline === 'string';
}

/**
 * Splits a dotted override path into keys; digits index lists.
 * @example overridePath('levers.capacity.0.placesPerYear') // ['levers', 'capacity', 0, 'placesPerYear']
 */
export function overridePath(path: string): Array<string | number> {
  return path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

function deepClone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Sets one path in a plain JSON object (creating objects on the way, never lists); null deletes an optional field. */
function setPath(target: Record<string, Json>, keys: Array<string | number>, value: Json): string | null {
  let node: Json = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (Array.isArray(node)) {
      if (typeof k !== 'number' || k < 0 || k >= node.length) return `${keys.slice(0, i + 1).join('.')} is not an item of the list (it has ${node.length}).`;
      node = node[k];
    } else if (isObject(node)) {
      if (typeof k !== 'string') return `${keys.slice(0, i).join('.')} is not a list.`;
      if (!Object.prototype.hasOwnProperty.call(node, k) || node[k] === null) node[k] = {};
      node = node[k];
    } else return `${keys.slice(0, i).join('.')} is a value, not an object.`;
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(node)) {
    if (typeof last !== 'number' || last < 0 || last > node.length) return `${keys.join('.')} is not an item of the list (it has ${node.length}).`;
    node[last] = value;
  } else if (isObject(node)) {
    if (typeof last !== 'string') return `${keys.slice(0, -1).join('.')} is not a list.`;
    node[last] = value;
  } else return `${keys.slice(0, -1).join('.')} is a value, not an object.`;
  return null;
}

/** The scenario fields an override may not change: they say what the diff is, not what it assumes. */
const FIXED_FIELDS = new Set(['schemaVersion']);

/**
 * Applies overrides to a baseline scenario, all or nothing. Each override is first checked on its own against the
 * baseline (its path must exist in the format and its value must be valid there); only when every override passes
 * are they applied together, to a copy, and the result checked whole (for rules between fields). The baseline object
 * is never changed, and a scenario is returned only when everything is valid.
 * @example
 * const r = applyOverrides(baseline, {'levers.tariff.adoption': 'all', 'demand.joiners.multiplier': 1.1}, {file: 'reform.scenario.json'});
 * r.scenario?.levers.tariff.adoption // 'all'
 * applyOverrides(baseline, {'levers.tariff.adoption': 'sometimes'}, {file: 'x'}).scenario // null: nothing applied
 */
export function applyOverrides(baseline: Scenario, overrides: Record<string, unknown>, options: { file: string; name?: string; description?: string }): { scenario: Scenario | null; issues: ScenarioIssue[] } {
  const issues: ScenarioIssue[] = [];
  const file = options.file;
  const where = (path: string) => `overrides["${path}"]`;
  for (const [path, value] of Object.entries(overrides)) {
    const keys = overridePath(path);
    if (path === '' || keys.some((k) => k === '')) {
      issues.push({ severity: 'error', file, path: where(path), message: 'is not a field path (write it like "levers.tariff.adoption").' });
      continue;
    }
    if (FIXED_FIELDS.has(String(keys[0]))) {
      issues.push({ severity: 'error', file, path: where(path), message: `${keys[0]} cannot be overridden.` });
      continue;
    }
    const trial = deepClone(baseline) as unknown as Record<string, Json>;
    const why = setPath(trial, keys, value === undefined ? null : deepClone(value));
    if (why) {
      issues.push({ severity: 'error', file, path: where(path), message: why });
      continue;
    }
    const checked = validateScenario(trial, { file });
    // This override's own problems are those where it points or inside it. Problems elsewhere (a phased adoption
    // still lacking its years) may be settled by another override, so the merged scenario is checked whole below.
    const own = checked.issues.filter((i) => {
      if (i.severity !== 'error') return false;
      const at = normalisePath(i.path);
      // A path the format lacks shows as an unknown field at the first step it invents.
      return at === path || at.startsWith(`${path}.`) || (path.startsWith(`${at}.`) && i.message.startsWith('is not a field'));
    });
    for (const i of own) issues.push({ ...i, path: where(path), message: `${i.path}: ${i.message}` });
  }
  if (issues.length) return { scenario: null, issues };
  const merged = deepClone(baseline) as unknown as Record<string, Json>;
  for (const [path, value] of Object.entries(overrides)) setPath(merged, overridePath(path), value === undefined ? null : deepClone(value));
  if (options.name !== undefined) merged.name = options.name;
  if (options.description !== undefined) merged.description = options.description;
  const whole = validateScenario(merged, { file });
  return whole;
}

/** "levers.capacity[0].to" → "levers.capacity.0.to", so issue paths compare with override paths. */
function normalisePath(p: string): string {
  return p.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * The overrides that turn `baseline` into `target`: only what differs is stored (objects are compared field by
 * field; lists and values whole; a field the target lacks is written as null).
 * @example diffScenario(baseline, {...baseline, horizon: {firstYear: '2025-26', years: 10}}) // {'horizon.years': 10}
 */
export function diffScenario(baseline: Scenario, target: Scenario): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (a: Json, b: Json, path: string[]) => {
    if (isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (path.length === 0 && (k === 'name' || k === 'description' || k === 'schemaVersion')) continue;
        walk(a[k], b[k], [...path, k]);
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out[path.join('.')] = b === undefined ? null : deepClone(b);
  };
  walk(baseline as unknown as Json, target as unknown as Json, []);
  return out;
}

/**
 * Resolves a scenario file's JSON to a whole scenario, following baselines (each read through `readBaseline`,
 * which returns the baseline's parsed JSON and its file name); a loop of baselines is an error.
 * @example resolveScenario(json, 'reform.scenario.json', (ref, from) => ({json: JSON.parse(read(ref)), file: ref}))
 */
export function resolveScenario(
  json: Json,
  file: string,
  readBaseline: (ref: string, fromFile: string) => { json: Json; file: string } | { error: string },
  seen: string[] = [],
): { scenario: Scenario | null; issues: ScenarioIssue[]; chain: string[] } {
  if (!isScenarioDiff(json)) {
    const r = validateScenario(json, { file });
    return { ...r, chain: [...seen, file] };
  }
  const issues: ScenarioIssue[] = [];
  const doc = json as unknown as Record<string, Json>;
  for (const k of Object.keys(doc)) if (!['schemaVersion', 'name', 'description', 'baseline', 'overrides'].includes(k)) issues.push({ severity: 'error', file, path: k, message: 'is not a field of a scenario diff (schemaVersion, name, description, baseline, overrides).' });
  if (doc.schemaVersion !== SCENARIO_SCHEMA_VERSION) issues.push({ severity: 'error', file, path: 'schemaVersion', message: `must be ${SCENARIO_SCHEMA_VERSION}.` });
  if (typeof doc.name !== 'string' || !doc.name.trim()) issues.push({ severity: 'error', file, path: 'name', message: 'must be a non-empty text.' });
  if (!isObject(doc.overrides)) issues.push({ severity: 'error', file, path: 'overrides', message: 'must be an object of "dotted.path": value.' });
  if (seen.includes(file)) return { scenario: null, issues: [{ severity: 'error', file, path: 'baseline', message: `baselines form a loop: ${[...seen, file].join(' → ')}.` }], chain: seen };
  if (issues.length) return { scenario: null, issues, chain: [...seen, file] };
  const read = readBaseline(json.baseline, file);
  if ('error' in read) return { scenario: null, issues: [{ severity: 'error', file, path: 'baseline', message: read.error }], chain: [...seen, file] };
  const base = resolveScenario(read.json, read.file, readBaseline, [...seen, file]);
  if (!base.scenario) return { scenario: null, issues: [...base.issues, { severity: 'error', file, path: 'baseline', message: `the baseline ${read.file} cannot be used.` }], chain: base.chain };
  const applied = applyOverrides(base.scenario, json.overrides, { file, name: json.name, description: typeof json.description === 'string' ? json.description : base.scenario.description });
  return { scenario: applied.scenario, issues: [...base.issues.filter((i) => i.severity === 'warning'), ...applied.issues], chain: base.chain };
}
