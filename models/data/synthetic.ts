/** A seeded synthetic placement table with England's January 2025 mix of settings, needs, ages and LAs, for tests and benchmarks. */
import { categorical, lognormalFromMean, type Categorical } from '../uncertainty/sampling';
import { createRng } from '../uncertainty/rng';
import { LAS } from '../vocab/las';
import { NEED_CODES } from '../vocab/needs';
import { MAX_AGE } from '../vocab/phases';
import { GOVERNANCES, SETTINGS, SETTING_CODES, type SettingCode } from '../vocab/settings';
import {
  ACADEMY_SHARE,
  AGE_COUNTS_BY_SETTING,
  COST_MODELS,
  NEED_COUNTS_BY_SETTING,
  PROVIDER_POOLS,
  SETTING_AGE_RANGES,
  type CostBranch,
  type DfeCountedSetting,
} from './synthetic-figures';
import type { CategoryColumn, NumberColumn, PlacementTable } from './table';

export interface SyntheticOptions {
  /** Number of placements (rows), a whole number ≥ 0. */
  rows: number;
  /** Seed: the same seed and options give the identical table. */
  seed: number;
  /** 3-digit DfE codes to draw from (weighted by their January 2025 totals); default all 153. */
  las?: readonly string[];
  /**
   * Share of rows in independent AP, which DfE does not count (default 0, so setting shares match DfE's). The
   * other settings keep their relative shares.
   */
  apIndependentShare?: number;
}

/** Where the mix comes from, for provenance notes. */
export const SYNTHETIC_SOURCE =
  'Synthetic placements: setting, need and age mix from DfE Education, health and care plans 2025 (England, January 2025, OGL v3.0); LA weights from each LA\'s January 2025 total; costs from models/data/synthetic-figures.ts (sourced figures and marked UNCONFIRMED assumptions)';

interface BranchDraw {
  mu: number;
  sigma: number;
  residential: number;
}

interface SettingPlan {
  need: Categorical;
  age: Categorical;
  /** Per age 0–25: the branches that apply and how to choose among them (null if no branch applies). */
  branchesByAge: Array<{ choose: Categorical; draws: BranchDraw[] } | null>;
  placeFunding: number;
  split: boolean;
  provider: { choose: Categorical; firstCode: number } | null;
  academyShare: number | null;
  fixedGovernance: number;
}

/**
 * A synthetic placement table built column by column (no row objects), so 1.28M rows stay fast and light.
 * Settings follow DfE's January 2025 counts; needs and ages follow DfE's figures for each setting, with ages kept
 * inside each setting's range (SETTING_AGE_RANGES); LAs are drawn by their January 2025 totals; annual costs are
 * place funding plus a lognormal top-up around cited averages (COST_MODELS), rounded to pence. Optional columns:
 * provider_id and provider_name (ISS has a few large groups and many small schools), residential (38 or 52 weeks
 * for residential ISS/NMSS placements, else blank), place_funding and top_up (blank for educated elsewhere and
 * not recorded), governance (where the S251 line depends on it). Each column draws from its own forked stream a
 * fixed number of times per row, so the first k rows of a larger table equal a k-row table with the same seed.
 * @example
 * const t = generateSyntheticTable({rows: 200_000, seed: 7});
 * t.rowCount // 200000
 * summarise(t).bySetting.iss.plans // ≈ 9,300 (4.6%)
 * generateSyntheticTable({rows: 1000, seed: 7, las: ['202', '936']}) // Camden and Surrey only
 */
export function generateSyntheticTable(options: SyntheticOptions): PlacementTable {
  const n = options.rows;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`rows must be a whole number ≥ 0, not ${n}.`);
  const apIndependentShare = options.apIndependentShare ?? 0;
  if (!(apIndependentShare >= 0 && apIndependentShare < 1)) throw new RangeError(`apIndependentShare must be in [0, 1), not ${apIndependentShare}.`);

  const las = options.las ? [...options.las] : LAS.map((la) => la.code);
  const laWeights = las.map((code) => {
    const la = LAS.find((x) => x.code === code);
    if (!la) throw new RangeError(`"${code}" is not one of the 153 DfE LA codes.`);
    return la.plansJan2025;
  });
  const laChoice = categorical(laWeights);

  const counted = SETTINGS.reduce((s, x) => s + (x.plansJan2025 ?? 0), 0);
  const settingWeights = SETTINGS.map((s) => (s.code === 'ap_independent' ? (counted * apIndependentShare) / (1 - apIndependentShare) : (s.plansJan2025 ?? 0)));
  const settingChoice = categorical(settingWeights);

  // Provider dictionaries: one block of codes per setting.
  const providerIds: string[] = [];
  const providerNames: string[] = [];
  const plans = SETTING_CODES.map((code) => planFor(code, providerIds, providerNames));

  const root = createRng(options.seed);
  const streams = {
    la: root.fork('la'),
    setting: root.fork('setting'),
    need: root.fork('need'),
    age: root.fork('age'),
    cost: root.fork('cost'),
    provider: root.fork('provider'),
    governance: root.fork('governance'),
  };

  const laCodes = new Int32Array(n);
  const settingCodes = new Int32Array(n);
  const needCodes = new Int32Array(n);
  const age = new Float64Array(n);
  const annualCost = new Float64Array(n);
  const count = new Float64Array(n).fill(1);
  const providerCodes = new Int32Array(n);
  const residential = new Float64Array(n);
  const placeFunding = new Float64Array(n);
  const topUp = new Float64Array(n);
  const governance = new Int32Array(n);
  const ids: string[] = new Array<string>(n);
  const width = Math.max(7, String(n).length);

  for (let i = 0; i < n; i++) {
    ids[i] = `S${String(i + 1).padStart(width, '0')}`;
    laCodes[i] = laChoice.sample(streams.la);
    const s = settingChoice.sample(streams.setting);
    settingCodes[i] = s;
    const plan = plans[s];
    needCodes[i] = plan.need.sample(streams.need);
    const a = plan.age.sample(streams.age);
    age[i] = a;

    // Cost: one draw picks the branch, two make the normal behind the lognormal (always three per row).
    const u = streams.cost.next();
    const z = streams.cost.normal();
    const branches = plan.branchesByAge[a];
    if (branches === null) {
      annualCost[i] = plan.placeFunding;
      residential[i] = NaN;
      placeFunding[i] = plan.split ? plan.placeFunding : NaN;
      topUp[i] = plan.split ? 0 : NaN;
    } else {
      const b = branches.draws[branches.choose.fromUniform(u)];
      const top = Math.round(Math.exp(b.mu + b.sigma * z) * 100) / 100;
      annualCost[i] = plan.placeFunding + top;
      residential[i] = b.residential;
      placeFunding[i] = plan.split ? plan.placeFunding : NaN;
      topUp[i] = plan.split ? top : NaN;
    }

    const p = streams.provider.next();
    providerCodes[i] = plan.provider ? plan.provider.firstCode + plan.provider.choose.fromUniform(p) : -1;

    const g = streams.governance.next();
    governance[i] = plan.academyShare === null ? plan.fixedGovernance : g < plan.academyShare ? 1 : 0;
  }

  const category = (codes: Int32Array, dictionary: string[]): CategoryColumn => ({ kind: 'category', codes, dictionary });
  const number = (values: Float64Array): NumberColumn => ({ kind: 'number', values });
  return {
    rowCount: n,
    ids,
    columns: {
      la_code: category(laCodes, las),
      setting: category(settingCodes, [...SETTING_CODES]),
      primary_need: category(needCodes, [...NEED_CODES]),
      age: number(age),
      annual_cost: number(annualCost),
      count: number(count),
      provider_id: category(providerCodes, providerIds),
      provider_name: category(providerCodes.slice(), providerNames),
      place_funding: number(placeFunding),
      top_up: number(topUp),
      residential: number(residential),
      governance: category(governance, [...GOVERNANCES]),
    },
  };
}

function planFor(code: SettingCode, providerIds: string[], providerNames: string[]): SettingPlan {
  const counted: DfeCountedSetting = code === 'ap_independent' ? 'ap' : code;
  const [minAge, maxAge] = SETTING_AGE_RANGES[code];
  const buckets = AGE_COUNTS_BY_SETTING[counted];
  const ageWeights = new Float64Array(MAX_AGE + 1);
  ageWeights[2] += buckets[0]; // "under 3" counted at age 2
  for (let k = 1; k < buckets.length; k++) ageWeights[k + 2] += buckets[k];
  for (let a = 0; a <= MAX_AGE; a++) if (a < minAge || a > maxAge) ageWeights[a] = 0;

  const model = COST_MODELS[code];
  const branchesByAge: SettingPlan['branchesByAge'] = [];
  for (let a = 0; a <= MAX_AGE; a++) {
    const applies = model.branches.filter((b) => !b.ages || (a >= b.ages[0] && a <= b.ages[1]));
    branchesByAge.push(applies.length === 0 || applies.every((b) => b.share.value <= 0) ? null : { choose: categorical(applies.map((b) => b.share.value)), draws: applies.map(drawOf) });
  }

  const academy = ACADEMY_SHARE[code];
  const fixedGovernance = code === 'special_maintained' ? 0 : code === 'special_academy' ? 1 : -1;

  return {
    need: categorical(NEED_COUNTS_BY_SETTING[counted]),
    age: categorical(ageWeights),
    branchesByAge,
    placeFunding: model.placeFunding.value,
    split: model.split,
    provider: providersFor(code, providerIds, providerNames),
    academyShare: academy ? academy.value : null,
    fixedGovernance,
  };
}

function drawOf(b: CostBranch): BranchDraw {
  const residentialWeeks = b.residentialWeeks ?? NaN;
  if (b.topUpMean.value <= 0) return { mu: -Infinity, sigma: 0, residential: residentialWeeks };
  const { mu, sigma } = lognormalFromMean(b.topUpMean.value, b.topUpCv.value);
  return { mu, sigma, residential: residentialWeeks };
}

function providersFor(code: SettingCode, ids: string[], names: string[]): SettingPlan['provider'] {
  const pool = PROVIDER_POOLS[code];
  if (!pool) return null;
  const label = SETTINGS.find((s) => s.code === code)?.label ?? code;
  const firstCode = ids.length;
  const weights: number[] = [];
  const groups = pool.groups;
  const schools = Math.round(pool.count.value);
  const zipf = (k: number) => 1 / Math.pow(k + 1, pool.skew.value);
  let schoolTotal = 0;
  for (let k = 0; k < schools; k++) schoolTotal += zipf(k);
  const schoolShare = groups ? 1 - groups.share.value : 1;
  if (groups) {
    const g = Math.round(groups.count.value);
    for (let k = 0; k < g; k++) {
      ids.push(`${pool.prefix}-g${k + 1}`);
      names.push(`Synthetic ${label.toLowerCase()} group ${k + 1}`);
      weights.push(groups.share.value / g);
    }
  }
  const digits = String(schools).length;
  for (let k = 0; k < schools; k++) {
    ids.push(`${pool.prefix}-${String(k + 1).padStart(digits, '0')}`);
    names.push(`Synthetic ${label.toLowerCase()} ${k + 1}`);
    weights.push((schoolShare * zipf(k)) / schoolTotal);
  }
  return { choose: categorical(weights), firstCode };
}
