/** The default dataset's unit costs and provider structure as rulebook parameters (built from the cited figures), and their reading back. */
import { COST_MODELS, PROVIDER_POOLS, type CostBranch } from './synthetic-figures';
import { RULEBOOK_SCHEMA_VERSION, type Parameter, type ParameterValue, type Rulebook } from '../rules/rulebook';
import { lookupKeyed, valueOn } from '../rules/parameters';
import { SETTING_CODES, type SettingCode } from '../vocab/settings';
import { PHASES, PHASE_CODES, type PhaseCode } from '../vocab/phases';
import { NEED_CODES, type NeedCode } from '../vocab/needs';

/*
 * Every cost figure comes from models/data/synthetic-figures.ts (COST_MODELS, PROVIDER_POOLS), which holds each
 * figure once with its source; datasetCostsRulebook() turns them into the keyed, dated parameters of
 * scenarios/rulebooks/dataset-costs.rulebook.json (cli/build-dataset.ts writes it, and a test requires the committed
 * file to be exactly what this function gives). The dataset expansion reads only the rulebook, so a user can edit
 * the costs there without touching code. The few parameters the synthetic generator has no use for (need factors,
 * chain schools, local provider pools, home-region share) are defined here, each with its source.
 */

/** Where the parameters take effect: the 2024-25 financial year, the prices the cited averages are in. */
export const DATASET_COSTS_FROM = '2024-04-01';
/** The date the expansion reads the parameters on: the January 2025 census (third Thursday of January). */
export const DATASET_COST_DATE = '2025-01-16';

const REF = 'reference-figures.csv';
const ILLUSTRATIVE = 'UNCONFIRMED illustrative assumption for the default dataset (no published figure); replace with local data';

/** A branch code from a COST_MODELS branch: 'residential_38', 'band_1', 'standard', 'no_package', … */
function branchCode(b: CostBranch): string {
  if (b.residentialWeeks) return `residential_${b.residentialWeeks}`;
  if (/^no package/i.test(b.name)) return 'no_package';
  // Age-specific branches (AP: KS1/KS2 vs KS3/KS4) become one branch priced by phase; a setting's only top-up is "standard".
  const slug = b.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  return b.ages || slug === 'top_up' ? 'standard' : slug;
}

/** A phase falls in a branch's ages when its youngest age does. */
function phasesOf(b: CostBranch): PhaseCode[] {
  if (!b.ages) return [];
  const [lo, hi] = b.ages;
  return PHASES.filter((p) => p.minAge >= lo && p.minAge <= hi).map((p) => p.code);
}

/** Joins the distinct sources of a keyed table's entries, saying which entries each covers. */
class Sources {
  private readonly byText = new Map<string, string[]>();
  add(key: string, source: string): void {
    const keys = this.byText.get(source) ?? [];
    keys.push(key);
    this.byText.set(source, keys);
  }
  text(): string {
    return [...this.byText].map(([source, keys]) => `${keys.join(', ')}: ${source}`).join(' | ');
  }
}

function keyedParameter(label: string, unit: string, keys: string[], value: ParameterValue, source: string, description?: string): Parameter {
  const p: Parameter = { label, unit, keys, values: [{ from: DATASET_COSTS_FROM, value, source }] };
  if (description) p.description = description;
  return p;
}

/** Illustrative relative cost of a need within specialist settings (mean-preserving: the expansion normalises them). */
const NEED_FACTORS: Partial<Record<NeedCode, number>> = { PMLD: 1.35, MSI: 1.25, SLD: 1.2, PD: 1.1, SEMH: 1.05, ASD: 1, HI: 1, VI: 1, OTH: 1, UNK: 1, SLCN: 0.9, MLD: 0.85, SPLD: 0.8 };
const NEED_FACTOR_SETTINGS: readonly SettingCode[] = ['resourced', 'special_maintained', 'special_academy', 'iss', 'nmss', 'spi', 'ap', 'ap_independent'];
/** Settings whose providers are the LA's own schools (placements stay in the LA); the others are regional markets. */
const LOCAL_SETTINGS: readonly SettingCode[] = ['mainstream', 'resourced', 'special_maintained', 'special_academy', 'ap', 'early_years'];
/** Schools in the ISS groups (chains), shared among them by size. */
const CHAIN_SCHOOLS: Partial<Record<SettingCode, number>> = { iss: 120 };

/**
 * Residential weeks of a branch code: `residential_38` and `residential_52` are residential, every other branch is a day placement.
 * @example residentialWeeksOf('residential_52') // 52
 * @example residentialWeeksOf('day')            // 0
 */
export function residentialWeeksOf(branch: string): number {
  const m = /^residential_(\d+)$/.exec(branch);
  return m ? Number(m[1]) : 0;
}

/** Words for a branch code in labels. */
function branchWords(branch: string): string {
  return branch.replace(/_/g, ' ').replace(/^residential (\d+)$/, '$1-week residential');
}

/**
 * The dataset-costs rulebook: each setting's cost is place funding plus a top-up drawn from one of its cost
 * branches (day or residential, a mainstream band, …). Per branch B there are three parameters keyed by placement
 * fields, so the rulebook checks and exports like any other: `share_B` [setting] (the share of the setting's
 * placements in the branch; a setting's shares add up to 1), `top_up_B` [setting, phase] (the mean top-up, "*" =
 * every phase) and `cv_B` [setting] (its spread). Then need factors [setting, primary_need] and the provider
 * structure. Each value cites its source. The tariff prices a placement at its own annual cost.
 * @example datasetCostsRulebook().parameters.top_up_day.keys // ['setting', 'phase']
 */
export function datasetCostsRulebook(): Rulebook {
  const placeFunding: Record<string, number> = {};
  const placeSources = new Sources();
  // Branch code → its three tables and their sources, in the order branches first appear.
  const branches = new Map<string, { share: Record<string, number>; mean: Record<string, Record<string, number>>; cv: Record<string, number>; src: { share: Sources; mean: Sources; cv: Sources } }>();
  for (const s of SETTING_CODES) {
    const model = COST_MODELS[s];
    placeFunding[s] = model.placeFunding.value;
    placeSources.add(s, model.placeFunding.source);
    for (const b of model.branches) {
      const code = branchCode(b);
      let t = branches.get(code);
      if (!t) {
        t = { share: { '*': 0 }, mean: {}, cv: {}, src: { share: new Sources(), mean: new Sources(), cv: new Sources() } };
        branches.set(code, t);
      }
      if (!(s in t.share)) {
        t.share[s] = b.ages ? 1 : b.share.value;
        t.src.share.add(s, b.ages ? 'one branch, priced by phase (see top-up)' : b.share.source);
        t.cv[s] = b.topUpCv.value;
        t.src.cv.add(s, b.topUpCv.source);
        t.mean[s] = {};
      }
      const phases = phasesOf(b);
      if (phases.length === 0) t.mean[s]['*'] = b.topUpMean.value;
      for (const p of phases) t.mean[s][p] = b.topUpMean.value;
      t.src.mean.add(phases.length ? `${s} (${phases.join(', ')})` : s, b.topUpMean.source);
    }
  }

  const needFactor: Record<string, Record<string, number>> = { '*': { '*': 1 } };
  for (const s of NEED_FACTOR_SETTINGS) needFactor[s] = Object.fromEntries(NEED_CODES.map((n) => [n, NEED_FACTORS[n] ?? 1]));

  const providerCount: Record<string, number> = { '*': 0 };
  const providerSkew: Record<string, number> = { '*': 0 };
  const chainCount: Record<string, number> = { '*': 0 };
  const chainShare: Record<string, number> = { '*': 0 };
  const chainSchools: Record<string, number> = { '*': 0 };
  const local: Record<string, number> = { '*': 0 };
  const psrc = { count: new Sources(), skew: new Sources(), chains: new Sources(), share: new Sources() };
  for (const s of SETTING_CODES) {
    const pool = PROVIDER_POOLS[s];
    if (!pool) continue;
    providerCount[s] = pool.count.value;
    psrc.count.add(s, pool.count.source);
    providerSkew[s] = pool.skew.value;
    psrc.skew.add(s, pool.skew.source);
    if (pool.groups) {
      chainCount[s] = pool.groups.count.value;
      psrc.chains.add(s, pool.groups.count.source);
      chainShare[s] = pool.groups.share.value;
      psrc.share.add(s, pool.groups.share.source);
      chainSchools[s] = CHAIN_SCHOOLS[s] ?? pool.groups.count.value;
    }
  }
  for (const s of LOCAL_SETTINGS) local[s] = 1;
  const none = 'no providers (educated elsewhere, not recorded)';

  const parameters: Record<string, Parameter> = {
    place_funding: keyedParameter('Place funding per place', '£ per place per year', ['setting'], placeFunding, placeSources.text()),
  };
  for (const [code, t] of branches) {
    const words = branchWords(code);
    const weeks = residentialWeeksOf(code);
    parameters[`share_${code}`] = keyedParameter(
      `Share of a setting's placements in the "${words}" cost branch`,
      'share of the setting\'s placements',
      ['setting'],
      t.share,
      `${t.src.share.text()} | *: settings without this branch`,
      `A setting's shares over all branches add up to 1; a placement draws its branch first, then its top-up.${weeks ? ` Placements in this branch are ${weeks}-week residential.` : ''}`,
    );
    parameters[`top_up_${code}`] = keyedParameter(
      `Mean top-up (or whole fee) in the "${words}" cost branch`,
      '£ per placement per year (2024-25 prices)',
      ['setting', 'phase'],
      t.mean,
      t.src.mean.text(),
      'Annual cost = place funding + top-up. "*" is every phase.',
    );
    parameters[`cv_${code}`] = keyedParameter(
      `Spread of the top-up in the "${words}" cost branch`,
      'coefficient of variation (sd / mean) of a lognormal; 0 = exactly the mean (a band value)',
      ['setting'],
      t.cv,
      t.src.cv.text(),
    );
  }
  Object.assign(parameters, {
    need_factor: keyedParameter(
      'Relative top-up by primary need within a setting',
      'factor (normalised within each setting so its mean top-up is unchanged)',
      ['setting', 'primary_need'],
      needFactor,
      `${ILLUSTRATIVE}: higher for PMLD, MSI, SLD and PD, lower for SpLD, MLD and SLCN, reflecting the designation-based special school top-ups in Devon (£11,412–£17,556, ${REF}); "*" = 1 (no effect) for mainstream, post-16 colleges, early years, elsewhere and unknown`,
    ),
    provider_count: keyedParameter('Number of providers (outside groups)', 'providers in England', ['setting'], providerCount, `${psrc.count.text()} | *: ${none}`, 'Local settings share them out among LAs by plans.'),
    provider_skew: keyedParameter('Unevenness of provider sizes', 'Zipf exponent (0 = equal sizes)', ['setting'], providerSkew, `${psrc.skew.text()} | *: ${none}`),
    provider_chain_count: keyedParameter('Number of provider groups (chains)', 'groups', ['setting'], chainCount, `${psrc.chains.text()} | *: no groups`),
    provider_chain_share: keyedParameter('Share of placements in the groups together', 'share of the setting\'s placements', ['setting'], chainShare, `${psrc.share.text()} | *: no groups`),
    provider_chain_schools: keyedParameter(
      'Schools in the groups together (shared among groups by size)',
      'schools',
      ['setting'],
      chainSchools,
      `${ILLUSTRATIVE}: the large ISS groups run from a handful to several dozen schools each | *: no groups`,
    ),
    provider_local: keyedParameter(
      'Whether a setting\'s providers are the LA\'s own (1) or a regional market (0)',
      'flag',
      ['setting'],
      local,
      'Mainstream schools, resourced provision, state special schools, AP and early years settings serve their own LA; independent and post-16 providers take placements from many LAs (DOMAIN.md: top-up is paid by the resident council). Structural assumption for the synthetic provider ids.',
    ),
    provider_home_region_share: {
      label: 'Share of market placements made in the LA\'s own region',
      unit: 'share of placements',
      values: [{ from: DATASET_COSTS_FROM, value: 0.8, source: `${ILLUSTRATIVE}: most out-of-LA placements are within the region` }],
    } satisfies Parameter,
  });

  return {
    schemaVersion: RULEBOOK_SCHEMA_VERSION,
    id: 'dataset-costs',
    name: 'Default dataset unit costs (January 2025)',
    description:
      'The unit costs, spreads and provider structure used to give each placement of the default England dataset and the example council a cost and a provider. A setting\'s cost is place funding plus a top-up from one of its cost branches (share_*, top_up_*, cv_* per branch). Every value cites its source; values marked UNCONFIRMED are illustrative. The tariff prices a placement at its own annual cost.',
    illustrative: true,
    parameters,
    indexation: {},
    bands: { method: 'shadow', list: [{ id: 'ALL', label: 'All placements', descriptor: 'Every placement (this rulebook holds costs, not bands)', min: 0, closed: 'left' }] },
    tariff: { formula: 'annual_cost', placeFunding: 'place_funding' },
    exceptions: [],
  };
}

/** One cost branch of a setting, read from the rulebook. */
export interface BranchCost {
  branch: string;
  share: number;
  /** Mean top-up by phase (every phase filled). */
  meanByPhase: Record<PhaseCode, number>;
  cv: number;
  residentialWeeks: number;
}

/** A setting's provider structure, read from the rulebook (null for settings without providers). */
export interface ProviderPoolCost {
  prefix: string;
  count: number;
  skew: number;
  chains: number;
  chainShare: number;
  chainSchools: number;
  local: boolean;
}

/** Everything the expansion needs, resolved on one date. */
export interface DatasetCostModel {
  date: string;
  placeFunding: Record<SettingCode, number>;
  branches: Record<SettingCode, BranchCost[]>;
  /** Raw need factors (not yet normalised) by setting and need. */
  needFactor: Record<SettingCode, Record<NeedCode, number>>;
  providers: Record<SettingCode, ProviderPoolCost | null>;
  homeRegionShare: number;
}

/** A cost rulebook that lacks a parameter or a value the expansion needs. */
export class CostModelError extends Error {}

/**
 * Reads the dataset cost model from a rulebook (normally dataset-costs.rulebook.json) on a date. The branches are
 * the `share_B` parameters, in rulebook order; a setting has the branches whose share for it is above 0. Throws
 * CostModelError naming the parameter and key when something is missing or a setting's shares do not add up to 1.
 * @example costModelFromRulebook(datasetCostsRulebook()).branches.iss.map((b) => b.branch) // ['day', 'residential_38', 'residential_52']
 */
export function costModelFromRulebook(rulebook: Rulebook, date: string = DATASET_COST_DATE): DatasetCostModel {
  const tableOf = (name: string): ParameterValue => {
    const p = rulebook.parameters[name];
    if (!p) throw new CostModelError(`The cost rulebook has no parameter "${name}".`);
    const v = valueOn(p, date);
    if (!v) throw new CostModelError(`Parameter "${name}" has no value on or before ${date}.`);
    return v.value;
  };
  const num = (name: string, keys: string[], fallback?: number): number => {
    const v = lookupKeyed(tableOf(name), keys);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw new CostModelError(`Parameter "${name}" has no value for ${keys.join(' / ')}.`);
    }
    return v;
  };
  const branchCodes = Object.keys(rulebook.parameters).filter((n) => n.startsWith('share_')).map((n) => n.slice('share_'.length));
  if (branchCodes.length === 0) throw new CostModelError('The cost rulebook has no cost branches (parameters named share_…).');
  const placeFunding = {} as Record<SettingCode, number>;
  const branches = {} as Record<SettingCode, BranchCost[]>;
  const needFactor = {} as Record<SettingCode, Record<NeedCode, number>>;
  const providers = {} as Record<SettingCode, ProviderPoolCost | null>;
  for (const s of SETTING_CODES) {
    placeFunding[s] = num('place_funding', [s]);
    branches[s] = [];
    for (const code of branchCodes) {
      const share = num(`share_${code}`, [s], 0);
      if (share <= 0) continue;
      branches[s].push({
        branch: code,
        share,
        meanByPhase: Object.fromEntries(PHASE_CODES.map((p) => [p, num(`top_up_${code}`, [s, p])])) as Record<PhaseCode, number>,
        cv: num(`cv_${code}`, [s]),
        residentialWeeks: residentialWeeksOf(code),
      });
    }
    const total = branches[s].reduce((a, b) => a + b.share, 0);
    if (Math.abs(total - 1) > 1e-9) throw new CostModelError(`The cost branches of ${s} (share_… parameters) add up to ${Number(total.toFixed(6))}, not 1.`);
    needFactor[s] = Object.fromEntries(NEED_CODES.map((n) => [n, num('need_factor', [s, n], 1)])) as Record<NeedCode, number>;
    const count = num('provider_count', [s], 0);
    providers[s] =
      count <= 0
        ? null
        : {
            prefix: PROVIDER_POOLS[s]?.prefix ?? s,
            count: Math.round(count),
            skew: num('provider_skew', [s]),
            chains: Math.round(num('provider_chain_count', [s], 0)),
            chainShare: num('provider_chain_share', [s], 0),
            chainSchools: Math.round(num('provider_chain_schools', [s], 0)),
            local: num('provider_local', [s], 0) === 1,
          };
  }
  return { date, placeFunding, branches, needFactor, providers, homeRegionShare: num('provider_home_region_share', []) };
}
